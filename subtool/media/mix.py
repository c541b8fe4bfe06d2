"""The described version of a film: descriptions mixed over its sound, the film's sound lowered
while a description speaks (ducking), in one ffmpeg run.

How, and why this way (measured in ``subtool/media/README.md``):

1. The synthesised descriptions are laid into ONE mono WAV as long as the film, each at its
   exact sample (Python, :func:`write_voice_track`). ffmpeg then reads two inputs, however
   many descriptions there are, and the placement is exact to the sample (an ``adelay`` per
   description would open one input per description).
2. The film's sound is lowered by ``volume`` with a gain expression of time that is
   :data:`DUCK_DB` inside each description and ramps linearly over :data:`FADE_MS` before it
   and after it (:func:`duck_expression`). The gain is evaluated per audio frame, so the
   sound is first cut into frames of 256 samples (5.3 ms at 48 kHz): a 200 ms ramp then
   moves in 0.3 dB steps, which nobody hears. A sidechain compressor would duck by the
   voice's level instead, with attack and release smearing the times; the descriptions'
   times are known, so the gain follows them exactly.
3. The voice and the lowered sound are added (``amix`` with ``normalize=0``: no level
   change outside descriptions) and encoded once to AAC. The same encoded sound goes to
   the audio file and, next to the film's picture copied without re-encoding, to the
   described video (ffmpeg's ``tee`` muxer), optionally with the original sound as a second
   track.

The ducking figures: -12 dB (the range 10-20 dB is common broadcast practice for a voice
over music; a listening test by Torcoli et al., JAES 67(12), 2019, found a loudness
difference of at least 10 LU between commentary and music preferred; Audacity's Auto Duck
uses -12 dB by default). The description is placed in a pause of the speech, so what is
lowered is music and ambience. 200 ms fades: the attack times of ducking practice (50-200
ms) at their gentle end; the release is kept as short, since in this film the next speaker
often follows within half a second and a longer release would lower their first syllable.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subtool.core.errors import MediaError, MixError, NoAudioError
from subtool.core.model import Cue
from subtool.languages import DescriptionVoice
from subtool.media import tts
from subtool.media.probe import probe, require

# Part of the key under which a build keeps a described version: raise it whenever what
# this module makes of the same inputs changes (the graph, the encoder, the defaults).
VERSION = "1"
# The film's sound during a description, relative to its level elsewhere (see above).
DUCK_DB = -12.0
# Length of the fade down before and up after each description.
FADE_MS = 200
# YouTube's recommended upload encoding for stereo sound is AAC-LC at 384 kbit/s (its help
# page "Recommended upload encoding settings"); the described video is uploaded there. Half
# of it per channel, so a mono film gets 192 kbit/s and stereo or more 384.
BITRATE_PER_CHANNEL = 192
# Samples per frame for the ducking gain (evaluated once per frame): 5.3 ms at 48 kHz.
GAIN_FRAME = 256


@dataclass(frozen=True, slots=True)
class Placement:
    """One synthesised description placed at ``start`` ms (its voice begins there)."""

    start: int
    spoken: tts.Spoken

    @property
    def end(self) -> int:
        """When the voice stops (ms)."""
        return self.start + self.spoken.duration


@dataclass(frozen=True, slots=True)
class MixSettings:
    """How the descriptions are mixed; defaults explained in the module docstring.

    ``voice_db`` raises or lowers the voice (0: as espeak-ng speaks it, about as loud as
    dialogue in a film mastered near -16 LUFS). ``keep_original`` adds the film's own sound
    as a second track of the described video. ``described_title``/``original_title`` and
    ``language`` (ISO 639-2, as MP4 and Matroska want it, e.g. ``ger``) label the tracks.
    """

    duck_db: float = DUCK_DB
    fade: int = FADE_MS
    voice_db: float = 0.0
    bitrate: str = ""  # ffmpeg's -b:a; empty: BITRATE_PER_CHANNEL per channel, at most two
    keep_original: bool = False
    described_title: str = ""
    original_title: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class Described:
    """What :func:`mix` wrote: the described sound, the described video (if asked)."""

    audio: Path
    video: Path | None
    duration: int
    placements: tuple[Placement, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class SoundFormat:
    """Sample rate and channel layout of the film's first sound track."""

    sample_rate: int
    layout: str
    channels: int


def sound_format(path: Path) -> SoundFormat:
    """The film's first audio stream's sample rate and channel layout (ffprobe)."""
    cmd = [require("ffprobe"), "-v", "error", "-select_streams", "a:0", "-of", "json",
           "-show_entries", "stream=sample_rate,channels,channel_layout", str(path)]
    done = _run(cmd, 120, path, "ffprobe")
    try:
        streams = json.loads(done.stdout or b"{}").get("streams", [])
        if done.returncode != 0 or not streams:
            raise NoAudioError(str(path))
        stream = streams[0]
        channels = int(stream.get("channels", 2))
        layout = stream.get("channel_layout") or {1: "mono", 2: "stereo"}.get(channels,
                                                                              "stereo")
        return SoundFormat(int(stream.get("sample_rate", 48_000)), str(layout), channels)
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise MediaError(f"ffprobe's answer about the film's sound could not be read "
                         f"({type(exc).__name__})", path=str(path),
                         hint="check the ffprobe this command finds first on PATH (it should "
                              "be the one of the ffmpeg package)") from None


def _run(cmd: list[str], seconds: int, film: Path | None,
         tool: str) -> subprocess.CompletedProcess[bytes]:
    """Run a media tool with a time limit: one that hangs (a network drive that stopped
    answering) is a MediaError naming the tool, not an internal error."""
    try:
        return subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, check=False,
                              timeout=seconds)
    except subprocess.TimeoutExpired:
        raise MediaError(f"{tool} did not finish within {seconds} seconds",
                         path=str(film) if film else None,
                         hint="check that the film can be read quickly and that the tool "
                              "works on its own, then run the same command again") from None


def write_voice_track(placements: Sequence[Placement], duration: int, out: Path) -> None:
    """One mono WAV of ``duration`` ms: silence, with each description at its exact sample.

    A description that would run past the film's end is cut there (the fit check reports
    it before a build gets here).
    """
    rate = tts.SAMPLE_RATE
    total = round(duration * rate / 1000)
    track = array("h", bytes(2 * total))
    for place in placements:
        samples = tts.read_wav(place.spoken.path)
        offset = round(place.start * rate / 1000)
        room = max(0, total - offset)
        track[offset:offset + min(len(samples), room)] = samples[:room]
    tts.write_wav(out, track, rate)


def tool_versions() -> str:
    """The first lines of ``ffmpeg -version`` and ``espeak-ng --version``: a new version of
    either may change the described sound, so a build makes it again. Raises
    ToolMissingError or SpeechEngineMissingError when one is not installed."""
    lines = []
    for cmd in ([require("ffmpeg"), "-version"], [tts.require_engine(), "--version"]):
        done = _run(cmd, 60, None, Path(cmd[0]).name)
        lines.append(done.stdout.decode("utf-8", "replace").strip().split("\n")[0])
    return " | ".join(lines)


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def duck_expression(windows: Sequence[tuple[int, int]], duck_db: float = DUCK_DB,
                    fade: int = FADE_MS) -> str:
    """An ffmpeg ``volume`` expression of ``t``: ``duck_db`` inside ``windows`` (ms), 0 dB
    elsewhere, linear ramps (in dB) of ``fade`` ms before each start and after each end.

    Windows less than two fades apart are joined: the sound stays down between them rather
    than rising half-way for a moment (pumping).
    """
    if not windows or duck_db == 0:
        return "1"
    f = max(fade, 1)
    joined: list[list[int]] = []
    for s, e in sorted(windows):
        if joined and s - joined[-1][1] < 2 * f:
            joined[-1][1] = max(joined[-1][1], e)
        else:
            joined.append([s, e])
    ramps = [f"clip(min((t-{_seconds(s - f)})/{_seconds(f)},({_seconds(e + f)}-t)/"
             f"{_seconds(f)}),0,1)" for s, e in joined]
    return f"pow(10,{duck_db / 20:.6f}*min(1,{'+'.join(ramps)}))"


def _escape(expr: str) -> str:
    # Inside a filter graph, commas separate filters: the expression is quoted, and the
    # quote protects commas; backslashes and quotes inside do not occur in it.
    return f"'{expr}'"


def filter_graph(windows: Sequence[tuple[int, int]], sound: SoundFormat,
                 settings: MixSettings) -> str:
    """The ``-filter_complex`` graph: input 0 the film, input 1 the voice track; ``[mix]``."""
    fmt = (f"aformat=sample_fmts=fltp:sample_rates={sound.sample_rate}"
           f":channel_layouts={sound.layout}")
    expr = duck_expression(windows, settings.duck_db, settings.fade)
    bed = (f"[0:a:0]{fmt},asetnsamples=n={GAIN_FRAME}:p=0,"
           f"volume=volume={_escape(expr)}:eval=frame[bed]")
    voice = f"[1:a]aresample={sound.sample_rate},{fmt},volume={settings.voice_db:g}dB[voice]"
    return f"{bed};{voice};[bed][voice]amix=inputs=2:duration=first:normalize=0[mix]"


def _metadata(settings: MixSettings) -> list[str]:
    args = _labels(0, settings.language, settings.described_title)
    if settings.keep_original:
        args += [*_labels(1, settings.language, settings.original_title),
                 "-disposition:a:1", "0"]
    # The described sound is the default track and marked as made for blind viewers.
    return [*args, "-disposition:a:0", "default+visual_impaired+descriptions"]


def _labels(index: int, language: str, title: str) -> list[str]:
    spec = f"-metadata:s:a:{index}"
    args = [spec, f"language={language}"] if language else []
    # Matroska shows "title"; MP4 players show the track's handler name.
    return args + ([spec, f"title={title}", spec, f"handler_name={title}"] if title else [])


def command(film: Path, voice_track: Path, audio_out: Path, video_out: Path | None,
            windows: Sequence[tuple[int, int]], sound: SoundFormat,
            settings: MixSettings) -> list[str]:
    """The one ffmpeg command that writes the described sound (and video)."""
    graph = filter_graph(windows, sound, settings)
    head = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(film), "-i", str(voice_track),
            "-filter_complex", graph]
    bitrate = settings.bitrate or f"{BITRATE_PER_CHANNEL * min(sound.channels, 2)}k"
    audio = ["-c:a:0", "aac", "-b:a:0", bitrate]
    if video_out is None:
        return [*head, "-map", "[mix]", *audio, *_metadata(settings), "-movflags",
                "+faststart", str(audio_out)]
    maps = ["-map", "0:v:0", "-map", "[mix]"]
    if settings.keep_original:
        maps += ["-map", "0:a:0", "-c:a:1", "copy"]
    # One encode, two files: the tee muxer writes the picture (copied) and the encoded
    # sound into the video, and only the sound (output stream 1) into the audio file.
    tee = (f"[f=mp4:movflags=+faststart:select=\\'a:0\\']{_tee_path(audio_out)}|"
           f"[f={_muxer(video_out)}:movflags=+faststart]{_tee_path(video_out)}")
    return [*head, *maps, "-c:v", "copy", *audio, *_metadata(settings),
            "-f", "tee", tee]


def _muxer(path: Path) -> str:
    return {".mkv": "matroska", ".webm": "webm", ".mov": "mov"}.get(path.suffix.lower(), "mp4")


def _tee_path(path: Path) -> str:
    # The tee muxer's own syntax uses | [ ] : and \ ; escape them in a file name.
    text = str(path)
    for char in "\\|[]:":
        text = text.replace(char, "\\" + char)
    return text


def mix(film: Path, placements: Sequence[Placement], audio_out: Path,
        video_out: Path | None = None, settings: MixSettings | None = None) -> Described:
    """Write the film's sound with the descriptions mixed in (and the described video).

    ``audio_out`` gets AAC in an MP4 audio container (``.m4a``); ``video_out`` the film's
    picture, copied, with the described sound (and with ``settings.keep_original`` the
    original sound as a second track). Both have the film's duration. Raises
    ToolMissingError, NotAVideoError, NoAudioError or MixError.
    """
    settings = settings or MixSettings()
    require("ffmpeg")
    info = probe(film)
    if not info.has_audio:
        raise NoAudioError(str(film))
    sound = sound_format(film)
    ordered = tuple(sorted(placements, key=lambda p: p.start))
    windows = [(p.start, p.end) for p in ordered]
    with tempfile.TemporaryDirectory(prefix="subtool-mix-") as tmp:
        voice = Path(tmp) / "voice.wav"
        write_voice_track(ordered, info.duration, voice)
        cmd = command(film, voice, audio_out, video_out, windows, sound, settings)
        done = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MixError(str(video_out or audio_out),
                       reason[-1] if reason else f"ffmpeg exited with code {done.returncode}")
    return Described(audio=audio_out, video=video_out, duration=info.duration,
                     placements=ordered)


def place(descriptions: Sequence[Cue], voice: DescriptionVoice, folder: Path, *,
          language: str = "", jobs: int = 2) -> tuple[Placement, ...]:
    """Synthesise every description cue into ``folder``; each placed at its cue's start.

    A cue without words (an empty payload) is skipped: there is nothing to say.
    """
    cues = [c for c in descriptions if tts.spoken_text(c.text)]
    spoken = tts.synthesise_all([c.text for c in cues], voice, folder, language=language,
                                jobs=jobs)
    return tuple(Placement(c.start, s) for c, s in zip(cues, spoken, strict=True))
