"""What a film file is: duration, frame rate, whether it has sound (ffprobe).

Every check a person can get wrong is made here, before any long decoding starts: ffmpeg
installed, the file there, a video ffmpeg can read, a sound track present.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from subtool.core.errors import NoAudioError, NotAVideoError, ReadError, ToolMissingError

# Above this a "frame rate" is a container's time base, not a picture rate (Matroska files
# report 1000/1 as r_frame_rate); no film is shot faster than 240 frames per second.
_MAX_FPS = 240


@dataclass(frozen=True, slots=True)
class Probe:
    """The facts ffprobe reports without decoding the film."""

    duration: int
    frame_rate: Fraction
    has_audio: bool
    width: int
    height: int


def require(tool: str) -> str:
    """The path of ``tool`` (ffmpeg or ffprobe); ToolMissingError when it is not installed."""
    found = shutil.which(tool)
    if found is None:
        raise ToolMissingError(tool)
    return found


def _rate(text: object) -> Fraction | None:
    try:
        rate = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return None
    return rate if 0 < rate <= _MAX_FPS else None


def _run_ffprobe(path: Path) -> dict[str, Any]:
    cmd = [require("ffprobe"), "-v", "error", "-of", "json", "-show_entries",
           "format=duration:stream=codec_type,r_frame_rate,avg_frame_rate,width,height,duration"
           ":stream_disposition=attached_pic", str(path)]
    done = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, check=False,
                          timeout=120)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NotAVideoError(str(path), reason[-1] if reason else "ffprobe cannot read it")
    data: dict[str, Any] = json.loads(done.stdout or b"{}")
    return data


def _picture(path: Path, streams: list[dict[str, Any]]) -> dict[str, Any]:
    for stream in streams:
        # A cover image in a music file is a "video" stream of one frame: not a film.
        still = stream.get("disposition", {}).get("attached_pic", 0)
        if stream.get("codec_type") == "video" and not still:
            return stream
    raise NotAVideoError(str(path), "it has no picture (no video stream)")


def _duration(path: Path, data: dict[str, Any], video: dict[str, Any]) -> int:
    for source in (data.get("format", {}), video):
        try:
            seconds = float(source.get("duration", "nan"))
        except ValueError:
            continue
        if seconds > 0:
            return round(seconds * 1000)
    raise NotAVideoError(str(path), "it has no duration (a still image, or a broken file)")


def probe(path: Path) -> Probe:
    """Probe the film at ``path``.

    Raises ReadError (no such file), ToolMissingError (no ffprobe), NotAVideoError (not a
    readable video, no picture, no duration). A missing sound track is reported by
    ``has_audio``; :func:`require_audio` turns it into an error.
    """
    if not path.is_file():
        raise ReadError("the film file does not exist or is not a file", path=str(path),
                        hint="check the path to the film (the film setting of the project)")
    data = _run_ffprobe(path)
    streams: list[dict[str, Any]] = data.get("streams", [])
    video = _picture(path, streams)
    rate = _rate(video.get("r_frame_rate")) or _rate(video.get("avg_frame_rate"))
    if rate is None:
        raise NotAVideoError(str(path), "ffprobe reports no frame rate for its picture")
    return Probe(duration=_duration(path, data, video), frame_rate=rate,
                 has_audio=any(s.get("codec_type") == "audio" for s in streams),
                 width=int(video.get("width", 0)), height=int(video.get("height", 0)))


def require_audio(path: Path, info: Probe) -> None:
    """NoAudioError unless the probed film has a sound track."""
    if not info.has_audio:
        raise NoAudioError(str(path))
