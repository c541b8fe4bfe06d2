"""Speak audio descriptions with espeak-ng: one description, one trimmed WAV, its duration.

Why espeak-ng: it is in Debian's main archive with a voice for every language of the film
(and about a hundred more) inside the package, speaks offline, and starts in milliseconds.
The better-sounding local engines either need their voices downloaded from a model hub at
run time (Piper; Kokoro, which moreover speaks only English and Italian of the film's
languages), or are not in Debian's main archive (MBROLA's German voices and SVOX Pico are
non-free). Details: ``subtool/media/README.md``.

espeak-ng writes 22.05 kHz mono 16-bit WAV with a little silence before and after the speech.
That silence is trimmed, so the first audible sample lands exactly on the description's start
time and the measured duration is the time the voice really speaks (what the fit check
compares with the pause).
"""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from subtool.core.errors import SpeechEngineMissingError, SynthesisError, VoiceMissingError
from subtool.core.text import visible
from subtool.languages import DescriptionVoice

ENGINE = "espeak-ng"
SAMPLE_RATE = 22_050  # espeak-ng always writes 22.05 kHz mono 16-bit
# Samples quieter than this (about -40 dBFS) before the first and after the last louder
# sample are espeak-ng's lead-in and lead-out silence (the stand-in film trims the same way).
SILENCE_LEVEL = 330
# espeak-ng needs about 20 ms per short sentence; a minute means it hangs.
TIMEOUT_S = 60


@dataclass(frozen=True, slots=True)
class Spoken:
    """One synthesised description: a trimmed WAV at ``path``; ``duration`` in ms."""

    path: Path
    text: str
    duration: int
    samples: int
    sample_rate: int = SAMPLE_RATE


def require_engine() -> str:
    """The path of espeak-ng; SpeechEngineMissingError when it is not installed."""
    found = shutil.which(ENGINE)
    if found is None:
        raise SpeechEngineMissingError(ENGINE)
    return found


@cache
def has_voice(voice: str) -> bool:
    """Whether espeak-ng has ``voice`` (asked by saying one letter quietly, ``-q``)."""
    done = subprocess.run([require_engine(), "-q", "-v", voice, "a"], capture_output=True,
                          stdin=subprocess.DEVNULL, check=False, timeout=TIMEOUT_S)
    return done.returncode == 0


def require_voice(voice: DescriptionVoice, language: str) -> None:
    """VoiceMissingError unless espeak-ng has ``voice``."""
    if not has_voice(voice.voice):
        raise VoiceMissingError(voice.voice, language)


def spoken_text(text: str) -> str:
    """The words to say for a description cue: markup removed, lines joined by spaces."""
    return " ".join(visible(text).split())


def trim(samples: array.array[int], level: int = SILENCE_LEVEL) -> array.array[int]:
    """``samples`` without the quiet lead-in and lead-out (empty when all is quiet)."""
    first = next((i for i, s in enumerate(samples) if abs(s) > level), None)
    if first is None:
        return array.array("h")
    last = next(i for i in range(len(samples) - 1, first - 1, -1) if abs(samples[i]) > level)
    return samples[first:last + 1]


def read_wav(path: Path) -> array.array[int]:
    """The 16-bit mono samples of a WAV file espeak-ng (or :func:`write_wav`) wrote."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise ValueError(f"{path} is not 16-bit mono WAV")
        samples = array.array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def write_wav(path: Path, samples: array.array[int], rate: int = SAMPLE_RATE) -> None:
    """Write 16-bit mono samples as a WAV file."""
    data = samples
    if sys.byteorder == "big":
        data = array.array("h", samples)
        data.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())


def duration_ms(samples: int, rate: int = SAMPLE_RATE) -> int:
    """Milliseconds that ``samples`` samples last, rounded up (a whole last sample counts)."""
    return math.ceil(samples * 1000 / rate)


def _espeak(text: str, voice: DescriptionVoice, raw: Path, language: str) -> None:
    cmd = [require_engine(), "-v", voice.voice, "-s", str(voice.rate_wpm), "-w", str(raw),
           "--", text]
    try:
        done = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, check=False,
                              timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise SynthesisError(text, f"{ENGINE} did not finish within {TIMEOUT_S} s") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip()
        if "voice does not exist" in reason:
            raise VoiceMissingError(voice.voice, language or voice.voice)
        raise SynthesisError(text, reason or f"{ENGINE} exited with code {done.returncode}")


def synthesise(text: str, voice: DescriptionVoice, out: Path, *, language: str = "") -> Spoken:
    """Speak ``text`` with ``voice`` into the WAV file ``out`` (trimmed); its duration.

    The duration is measured from the written file. Raises SpeechEngineMissingError,
    VoiceMissingError, or SynthesisError (the engine failed, or the text made no sound).
    """
    words = spoken_text(text)
    if not words:
        raise SynthesisError(text, "it has no words to say")
    with tempfile.TemporaryDirectory(prefix="subtool-tts-") as tmp:
        raw = Path(tmp) / "raw.wav"
        _espeak(words, voice, raw, language)
        try:
            samples = trim(read_wav(raw))
        except (ValueError, EOFError, wave.Error) as exc:
            raise SynthesisError(text, f"{ENGINE} wrote no usable sound ({exc})") from exc
    if not samples:
        raise SynthesisError(text, f"{ENGINE} produced only silence")
    write_wav(out, samples)
    with wave.open(str(out), "rb") as wav:
        frames, rate = wav.getnframes(), wav.getframerate()
    return Spoken(path=out, text=words, duration=duration_ms(frames, rate), samples=frames,
                  sample_rate=rate)


def synthesise_all(texts: Sequence[str], voice: DescriptionVoice, folder: Path, *,
                   language: str = "", jobs: int = 2) -> list[Spoken]:
    """Speak every text into ``folder`` (``0001.wav``, ``0002.wav`` …), ``jobs`` at a time.

    Results are in the order of ``texts``. espeak-ng is single-threaded, so two processes use
    both cores of a small machine.
    """
    require_engine()

    def one(item: tuple[int, str]) -> Spoken:
        return synthesise(item[1], voice, folder / f"{item[0]:04d}.wav", language=language)

    with ThreadPoolExecutor(max_workers=max(jobs, 1), thread_name_prefix="subtool-tts") as pool:
        return list(pool.map(one, enumerate(texts, 1)))
