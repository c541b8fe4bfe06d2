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
from typing import Any, TypeVar

from subtool.core.errors import (
    MediaError,
    NoAudioError,
    NotAVideoError,
    ReadError,
    ToolMissingError,
)

T = TypeVar("T")

# Above this a "frame rate" is a container's time base, not a picture rate (Matroska files
# report 1000/1 as r_frame_rate); no film is shot faster than 240 frames per second.
_MAX_FPS = 240
# A day: no film is longer; a larger "duration" is a broken file's guess, not a length.
_MAX_DURATION_S = 86_400.0
# ffprobe reads only the container's headers (under a second for the film on a local disk);
# two minutes mean a tool that hangs or a network file system that stopped answering.
PROBE_TIMEOUT_S = 120


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


def require_file(path: Path) -> None:
    """ReadError unless ``path`` is a regular file (a pipe would keep ffprobe waiting)."""
    if not path.is_file():
        what = "is not a regular file (a pipe, a device or a folder)" if path.exists() \
            else "does not exist"
        raise ReadError(f"the film file {what}", path=str(path),
                        hint="check the path to the film (the film setting of the project)")


def _run_ffprobe(path: Path) -> dict[str, Any]:
    cmd = [require("ffprobe"), "-v", "error", "-of", "json", "-show_entries",
           "format=duration:stream=codec_type,r_frame_rate,avg_frame_rate,width,height,duration"
           ":stream_disposition=attached_pic", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, check=False,
                              timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise MediaError(f"ffprobe did not finish reading the film within {PROBE_TIMEOUT_S} "
                         "seconds", path=str(path),
                         hint="check that the file can be read quickly (a network drive that "
                              "stopped answering, a file still being copied), then run the "
                              "same command again") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NotAVideoError(str(path), reason[-1] if reason else "ffprobe cannot read it")
    try:
        data = json.loads(done.stdout.decode("utf-8") or "{}")
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, nested too deeply
        raise _unreadable(path, f"it is not JSON ({type(exc).__name__})") from None
    return _field(data, dict, "the answer", path)


def _unreadable(path: Path, why: str) -> MediaError:
    return MediaError(f"ffprobe's answer could not be read: {why}", path=str(path),
                      hint="check the ffprobe this command finds first on PATH (it should be "
                           "the one of the ffmpeg package: sudo apt-get install ffmpeg)")


def _field(value: object, kind: type[T], where: str, path: Path) -> T:
    """``value`` when it is a ``kind``, else the MediaError naming the field ``where``."""
    if not isinstance(value, kind):
        got = "null" if value is None else type(value).__name__
        raise _unreadable(path, f"{where} is {got}, where ffprobe writes {kind.__name__}")
    return value


def _picture(path: Path, streams: list[dict[str, Any]]) -> dict[str, Any]:
    for stream in streams:
        # A cover image in a music file is a "video" stream of one frame: not a film.
        disposition = _field(stream.get("disposition", {}), dict, "a stream's disposition",
                             path)
        still = disposition.get("attached_pic", 0)
        if stream.get("codec_type") == "video" and not still:
            return stream
    raise NotAVideoError(str(path), "it has no picture (no video stream)")


def _duration(path: Path, data: dict[str, Any], video: dict[str, Any]) -> int:
    source: dict[str, Any]
    for source in (_field(data.get("format", {}), dict, "format", path), video):
        try:
            seconds = float(source.get("duration", "nan"))
        except (ValueError, TypeError):
            continue
        # Finite and below a day: ffprobe's guess for a broken file can be 1e400 (inf).
        if 0 < seconds < _MAX_DURATION_S:
            return round(seconds * 1000)
    raise NotAVideoError(str(path), "it has no duration (a still image, or a broken file)")


def _size(value: object) -> int:
    try:
        return max(int(str(value)), 0)
    except ValueError:
        return 0


def probe(path: Path) -> Probe:
    """Probe the film at ``path``.

    Raises ReadError (no such file, or not a regular file), ToolMissingError (no ffprobe),
    NotAVideoError (not a readable video, no picture, no duration), MediaError (ffprobe hung
    or answered something that is not its JSON). A missing sound track is reported by
    ``has_audio``; :func:`require_audio` turns it into an error.
    """
    require_file(path)
    data = _run_ffprobe(path)
    streams = [_field(s, dict, "a stream", path)
               for s in _field(data.get("streams", []), list, "streams", path)]
    video = _picture(path, streams)
    rate = _rate(video.get("r_frame_rate")) or _rate(video.get("avg_frame_rate"))
    if rate is None:
        raise NotAVideoError(str(path), "ffprobe reports no frame rate for its picture")
    return Probe(duration=_duration(path, data, video), frame_rate=rate,
                 has_audio=any(s.get("codec_type") == "audio" for s in streams),
                 width=_size(video.get("width", 0)), height=_size(video.get("height", 0)))


def require_audio(path: Path, info: Probe) -> None:
    """NoAudioError unless the probed film has a sound track."""
    if not info.has_audio:
        raise NoAudioError(str(path))
