#!/usr/bin/env python3
"""Build a stand-in film for tests and the demo, with its ground truth.

The real Dortmund film is not in the repository (rights, size). This script makes a video
whose facts are known exactly, so that subtool's film analysis can be measured against them:

- the picture is a sequence of scenes (clearly different colours with a large scene label
  and a moving marker, so a shot also changes a little from frame to frame) joined by HARD
  CUTS on frame boundaries at known times;
- the sound is the dialogue of an SRT file (by default the German master) spoken by
  espeak-ng's German voice, each utterance's first audible sample placed at its cue's start.
  Sound labels (``[Musik]``) and speaker labels (``(Sprecherin)``) are not spoken.

Utterances never overlap: one that would run closer than ``--min-pause`` to the next one is
spoken faster (espeak-ng ``-s``), and cut short with a fade as a last resort; the ground
truth records what was actually placed. ``--truth FILE.json`` writes it::

    {"duration": ms, "frame_rate": 25, "speech": [[start_ms, end_ms], ...],
     "shot_changes": [ms, ...]}

Usage::

    python scripts/standin_film.py --output film.mp4 --truth film.json
    python scripts/standin_film.py --until 60 --output short.mp4 --truth short.json
    python scripts/standin_film.py --background music --background-db -20 --output noisy.mp4

Needs ffmpeg and espeak-ng (Debian: ``sudo apt-get install ffmpeg espeak-ng``). Only the
standard library and subtool's SRT reader are used, so it runs wherever subtool is installed.
"""

from __future__ import annotations

import argparse
import array
import itertools
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from subtool.project.tracks import read_track

ROOT = Path(__file__).resolve().parent.parent
ESPEAK_RATE = 22050  # espeak-ng always writes 22.05 kHz mono 16-bit WAV
# espeak-ng's default is 175 words per minute; a narrator of an information film speaks
# about that fast. Faster rates are tried in turn for an utterance that does not fit.
SPEEDS = (175, 205, 240, 280, 330)
# Samples quieter than this (about -40 dBFS) before the first and after the last loud sample
# are espeak-ng's lead-in/out silence, trimmed so the onset lands exactly on the cue start.
SILENCE_LEVEL = 330
FADE_MS = 15
# Scene colours: consecutive entries differ strongly in brightness and hue, so every cut is a
# clear one (a stand-in for a hard cut between shots, not for a dissolve).
PALETTE = ("0x1f3a93", "0xf5d76e", "0x8e1e1e", "0x9be7c4", "0x2c2c2c", "0xf0a0d0",
           "0x146b3a", "0xe8e8e8", "0x5b2c6f", "0xffa040", "0x103050", "0xc0ff80")

_SOUND_LABEL = re.compile(r"\[[^\]]*\]")
_SPEAKER_LABEL = re.compile(r"\([^)]*\)")
_TAG = re.compile(r"<[^>]+>|\{\\[^}]*\}")


@dataclass(frozen=True)
class Utterance:
    """Dialogue to speak at ``start`` ms; ``limit`` is the latest end that keeps the pause."""

    start: int
    limit: int
    text: str


@dataclass(frozen=True)
class Placed:
    """A synthesised, trimmed utterance (22.05 kHz samples) placed at ``start`` ms."""

    start: int
    samples: array.array[int]
    speed: int = SPEEDS[0]
    cut_short: bool = False

    @property
    def end(self) -> int:
        """End in ms of the last placed sample (rounded up)."""
        return self.start + math.ceil(len(self.samples) * 1000 / ESPEAK_RATE)


def spoken_text(text: str) -> str:
    """The words a voice would say for a cue: no sound or speaker labels, markup or dashes."""
    text = _TAG.sub("", text)
    text = _SOUND_LABEL.sub(" ", text)
    text = _SPEAKER_LABEL.sub(" ", text)
    lines = [line.strip().lstrip("-–—♪ ").rstrip("♪ ") for line in text.split("\n")]
    return " ".join(" ".join(line for line in lines if line).split())


def load_utterances(srt: Path, *, first: int | None, until_ms: int | None,
                    min_pause: int) -> tuple[list[Utterance], int]:
    """Dialogue utterances of the SRT and the film duration (last kept cue end + 1 s)."""
    cues = list(read_track(srt).cues)
    if first is not None:
        cues = cues[:first]
    if until_ms is not None:
        cues = [c for c in cues if c.end <= until_ms]
    if not cues:
        raise SystemExit(f"{srt}: no cues left to build a film from")
    duration = max(c.end for c in cues) + 1000
    spoken = [(c.start, spoken_text(c.text)) for c in sorted(cues, key=lambda c: c.start)]
    spoken = [(start, text) for start, text in spoken if text]
    starts = [start for start, _ in spoken] + [duration + min_pause]
    return [Utterance(start, starts[i + 1] - min_pause, text)
            for i, (start, text) in enumerate(spoken)], duration


def _read_wav(path: Path) -> array.array[int]:
    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != ESPEAK_RATE or wav.getsampwidth() != 2:
            raise SystemExit(f"espeak-ng wrote an unexpected WAV format ({path})")
        samples = array.array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _trim(samples: array.array[int]) -> array.array[int]:
    first = next((i for i, s in enumerate(samples) if abs(s) > SILENCE_LEVEL), None)
    if first is None:
        return array.array("h")
    last = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > SILENCE_LEVEL)
    return samples[first:last + 1]


def synthesise(text: str, speed: int, workdir: Path, voice: str) -> array.array[int]:
    """Speak ``text`` with espeak-ng at ``speed`` words per minute; trimmed 22.05 kHz samples."""
    out = Path(tempfile.mkstemp(suffix=".wav", dir=workdir)[1])
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(out), "--", text],
                   check=True, capture_output=True)
    return _trim(_read_wav(out))


def _fit(utt: Utterance, samples: array.array[int], workdir: Path, voice: str) -> Placed:
    room = math.floor((utt.limit - utt.start) * ESPEAK_RATE / 1000)
    speed = SPEEDS[0]
    for faster in SPEEDS[1:]:
        if len(samples) <= room:
            break
        speed = faster
        samples = synthesise(utt.text, speed, workdir, voice)
    cut_short = len(samples) > room
    if cut_short:
        samples = samples[:max(room, 0)]
        fade = min(len(samples), FADE_MS * ESPEAK_RATE // 1000)
        for k in range(fade):
            i = len(samples) - fade + k
            samples[i] = int(samples[i] * (fade - k) / fade)
    return Placed(utt.start, samples, speed, cut_short)


def place_speech(utterances: Sequence[Utterance], workdir: Path, voice: str,
                 jobs: int) -> list[Placed]:
    """Synthesise every utterance (``jobs`` espeak-ng processes at a time), fitted to its room."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        first = list(pool.map(lambda u: synthesise(u.text, SPEEDS[0], workdir, voice),
                              utterances))
        placed = list(pool.map(lambda p: _fit(p[0], p[1], workdir, voice),
                               zip(utterances, first, strict=True)))
    return [p for p in placed if len(p.samples)]


def write_soundtrack(placed: Sequence[Placed], duration: int, path: Path) -> None:
    """One mono WAV of the whole film: silence with each utterance at its exact sample."""
    total = math.ceil(duration * ESPEAK_RATE / 1000)
    track = array.array("h", bytes(2 * total))
    for p in placed:
        offset = round(p.start * ESPEAK_RATE / 1000)
        track[offset:offset + len(p.samples)] = p.samples
    del track[total:]
    if sys.byteorder == "big":
        track.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(ESPEAK_RATE)
        wav.writeframes(track.tobytes())


def default_cuts(duration: int, cue_starts: Sequence[int], fps: int, seed: int) -> list[int]:
    """Cut frames: one every 7-15 s, plus some a few frames off a cue start.

    The near-cue cuts (3 to 10 frames before or after every fifth cue start) are the cases the
    shot-change rule is about (Netflix: in-times within 12 frames of a cut go onto the cut).
    """
    rng = random.Random(seed)
    frames = duration * fps // 1000
    cuts: set[int] = set()
    t = rng.uniform(7, 15)
    while t * fps < frames - fps:
        cuts.add(round(t * fps))
        t += rng.uniform(7, 15)
    for start in cue_starts[2::5]:
        cuts.add(round(start * fps / 1000) + rng.choice((-1, 1)) * rng.randint(3, 10))
    # A shot shorter than a second is not something the detector needs to see here.
    kept: list[int] = []
    for cut in sorted(c for c in cuts if fps <= c <= frames - fps):
        if not kept or cut - kept[-1] >= fps:
            kept.append(cut)
    return kept


def _font() -> str | None:
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans:bold"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return found if found and Path(found).is_file() else None


def video_graph(cuts: Sequence[int], frames: int, fps: int, size: str, grain: int) -> str:
    """An ffmpeg filter graph: one source per scene, concatenated, with a moving marker.

    Every third scene is ffmpeg's moving ``testsrc2`` pattern, the others plain colours, so
    some shots hold motion of their own; ``grain`` adds temporal noise (film grain, camera
    noise) so that the file's size and decoding cost resemble real footage.
    """
    font = _font()
    bounds = [0, *cuts, frames]
    parts = []
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):
        colour = PALETTE[i % len(PALETTE)]
        kind = "testsrc2=" if i % 3 == 2 else f"color=c={colour}:"
        kind += f"s={size}:r={fps}"
        src = f"{kind}:d={(b - a) / fps:.6f}"
        if font:
            text = "fontcolor=white:borderw=6:bordercolor=black:x=(w-tw)/2:y=(h-th)/2"
            src += (f",drawtext=fontfile='{font}':text='Szene {i + 1}':fontsize=h/5:{text}")
        parts.append(f"{src}[s{i}]")
    joined = "".join(f"[s{i}]" for i in range(len(bounds) - 1))
    noise = f",noise=alls={grain}:allf=t" if grain else ""
    parts.append(f"{joined}concat=n={len(bounds) - 1}:v=1:a=0,format=yuv420p{noise}[bg]")
    # A small box moving across every shot: in-shot change that must not count as a cut.
    parts.append(f"color=c=white:s=80x80:r={fps}[box]")
    parts.append("[bg][box]overlay=x='mod(t*240,W-w)':y='H-h-40':shortest=1[v]")
    return ";".join(parts)


def audio_inputs(background: str, level_db: float, duration: int) -> tuple[list[str], str]:
    """Extra ffmpeg inputs and the audio graph that mixes a background under the speech."""
    if background == "none":
        return [], "[0:a]aresample=48000[a]"
    amp = 10 ** (level_db / 20)
    secs = duration / 1000
    if background == "noise":
        src = f"anoisesrc=c=pink:a={amp:.5f}:r=48000:d={secs}"
    else:
        # A slowly pulsing A-major chord: tonal and sustained like a music bed.
        chord = "+".join(f"sin(2*PI*{f}*t)" for f in (220, 277.18, 329.63, 440))
        src = (f"aevalsrc='{amp / 4:.5f}*({chord})*(0.75+0.25*sin(2*PI*0.5*t))'"
               f":s=48000:d={secs}")
    return (["-f", "lavfi", "-i", src],
            "[0:a]aresample=48000[sp];[sp][1:a]amix=inputs=2:duration=first:normalize=0[a]")


def encode(args: argparse.Namespace, soundtrack: Path, cuts: Sequence[int], frames: int,
           duration: int) -> None:
    """One ffmpeg call: the scene graph and the soundtrack into an H.264/AAC MP4."""
    graph = video_graph(cuts, frames, args.fps, args.resolution, args.grain)
    extra, agraph = audio_inputs(args.background, args.background_db, duration)
    cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(soundtrack), *extra,
           "-filter_complex", f"{graph};{agraph}", "-map", "[v]", "-map", "[a]",
           "-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage",
           # Capped like a web upload of 720p footage (2-3 Mbit/s), so a grainy stand-in is
           # as large and as costly to decode as the real film, not ten times larger.
           "-crf", "23", "-maxrate", "2500k", "-bufsize", "5000k", "-g", str(args.fps * 10),
           "-c:a", "aac", "-b:a", "96k",
           "-t", f"{duration / 1000:.3f}", "-movflags", "+faststart", str(args.output)]
    subprocess.run(cmd, check=True)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("srt", nargs="?", type=Path, default=ROOT / "subtitles" / "de.srt",
                   help="subtitle file whose dialogue is spoken (default: the German master)")
    p.add_argument("--output", "-o", type=Path, default=Path("standin.mp4"))
    p.add_argument("--truth", type=Path, help="write the ground truth as JSON here")
    p.add_argument("--resolution", default="1280x720")
    p.add_argument("--fps", type=int, default=25)
    p.add_argument("--duration", type=float, help="seconds (default: last cue end + 1 s)")
    p.add_argument("--first", type=int, help="use only the first N cues")
    p.add_argument("--until", type=float, help="use only cues that end by this many seconds")
    p.add_argument("--cuts", help="comma-separated cut times in seconds (default: a mix of "
                   "cuts every 7-15 s and cuts a few frames off cue starts)")
    p.add_argument("--seed", type=int, default=7, help="seed for the default cut times")
    p.add_argument("--min-pause", type=int, default=400,
                   help="ms of silence kept before the next utterance (default 400)")
    p.add_argument("--voice", default="de", help="espeak-ng voice (default: de)")
    p.add_argument("--background", choices=("none", "noise", "music"), default="none")
    p.add_argument("--background-db", type=float, default=-20.0,
                   help="peak level of the background in dBFS (default -20)")
    p.add_argument("--grain", type=int, default=0,
                   help="strength of moving noise in the picture, 0-100 (default 0; 8 makes a "
                   "file about as large as real 720p footage)")
    p.add_argument("--jobs", type=int, default=2, help="espeak-ng processes at once")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the film (and its truth file) as the arguments say."""
    args = _parse_args(argv)
    for tool in ("ffmpeg", "espeak-ng"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: sudo apt-get install {tool}", file=sys.stderr)
            return 2
    until = round(args.until * 1000) if args.until is not None else None
    utterances, duration = load_utterances(args.srt, first=args.first, until_ms=until,
                                           min_pause=args.min_pause)
    if args.duration is not None:
        duration = round(args.duration * 1000)
        utterances = [u for u in utterances if u.start < duration - args.min_pause]
        if utterances:
            last = utterances[-1]
            utterances[-1] = Utterance(last.start, min(last.limit, duration - args.min_pause),
                                       last.text)
    frames = math.ceil(duration * args.fps / 1000)
    duration = round(frames * 1000 / args.fps)
    if args.cuts:
        cuts = sorted({round(float(s) * args.fps) for s in args.cuts.split(",") if s.strip()})
    else:
        cuts = default_cuts(duration, [u.start for u in utterances], args.fps, args.seed)
    with tempfile.TemporaryDirectory(prefix="standin-") as tmp:
        work = Path(tmp)
        placed = place_speech(utterances, work, args.voice, max(args.jobs, 1))
        write_soundtrack(placed, duration, work / "speech.wav")
        encode(args, work / "speech.wav", cuts, frames, duration)
    faster = sum(1 for p in placed if p.speed != SPEEDS[0])
    short = sum(1 for p in placed if p.cut_short)
    print(f"{args.output}: {duration / 1000:.1f} s, {len(cuts)} cuts, {len(placed)} utterances "
          f"({faster} spoken faster to fit, {short} cut short)", file=sys.stderr)
    if args.truth:
        truth = {"duration": duration, "frame_rate": args.fps,
                 "speech": [[p.start, p.end] for p in placed],
                 "shot_changes": [round(c * 1000 / args.fps) for c in cuts]}
        args.truth.write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
