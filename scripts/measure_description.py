#!/usr/bin/env python3
"""Measurements behind the audio description figures in subtool/media/README.md.

``--tts``: how fast espeak-ng really speaks each language at a nominal rate: every cue of
``subtitles/<code>.srt`` (sound and speaker labels removed) is synthesised and trimmed;
characters per second = visible characters (grapheme clusters, spaces and punctuation
included) / seconds of trimmed speech, over all cues, plus the spread per cue. Languages
the film has no track in are measured on ``scripts/speech_samples/<code>.txt`` (the
description script and the film's opening lines, translated by the subtool team: 17
sentences). ``--lang`` picks languages (default: all the script knows).

``--mix FILM``: builds the described version of FILM from ``subtitles/descriptions.de.vtt``
(synthesis, one ffmpeg run), times it, and measures the level of the result against the
film's inside and outside the description windows, once with the descriptions and once with
silent descriptions (the ducking alone), plus integrated loudness (ffmpeg ``ebur128``).

``--build FILM``: the film project as it is, with FILM as its film (a 14 kHz tone mixed
under its sound first, which neither speech nor the description voice reaches, so the
film's own sound can be measured under the voice): ``subtool check --film`` of the
description script, then ``subtool build`` (the analysis cached first), again (nothing to
do), and ``--check-only``, each a whole process, timed (wall and CPU of all processes);
then the tone's level inside and outside the descriptions and the integrated loudness.

Usage::

    python scripts/measure_description.py --tts [--rate 160 --rate 175] [--lang es ...]
    python scripts/standin_film.py -o /tmp/film.mp4 --truth /tmp/film.json
    python scripts/measure_description.py --mix /tmp/film.mp4
    python scripts/standin_film.py --resolution 1280x720 -o /tmp/film720.mp4
    python scripts/measure_description.py --build /tmp/film720.mp4
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from subtool.core.text import visible_length
from subtool.languages import DescriptionVoice, description_voice
from subtool.media import mix, tts
from subtool.project.tracks import read_track

ROOT = Path(__file__).resolve().parent.parent
# Every language file's espeak-ng voice (English: the British voice, as the film's track is
# in British English; French: France's). The film's languages first.
VOICES = {"de": "de", "en": "en-gb", "tr": "tr", "ar": "ar", "pl": "pl", "ro": "ro",
          "bg": "bg", "uk": "uk", "ru": "ru", "it": "it", "el": "el",
          "es": "es", "fa": "fa", "fi": "fi", "fr": "fr-fr", "he": "he", "hr": "hr",
          "ku": "ku", "nl": "nl", "sq": "sq", "sr": "sr"}
SAMPLES = ROOT / "scripts" / "speech_samples"
_LABEL = re.compile(r"\[[^\]]*\]|\([^)]*\)")


def cue_texts(code: str) -> list[str]:
    """Spoken text of every cue of the language's track (labels removed, lines joined), or
    the lines of its sample text when the film has no track in it."""
    track = ROOT / "subtitles" / f"{code}.srt"
    if not track.is_file():
        lines = (SAMPLES / f"{code}.txt").read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip()]
    texts = []
    for cue in read_track(track).cues:
        text = _LABEL.sub(" ", cue.text)
        lines = [line.strip().lstrip("-–— ") for line in text.split("\n")]
        joined = " ".join(" ".join(line for line in lines if line).split())
        if joined:
            texts.append(joined)
    return texts


def measure_language(code: str, rate: int, work: Path) -> dict[str, float]:
    """Characters per second of espeak-ng for one language at one rate."""
    voice = DescriptionVoice(VOICES[code], rate, 0.0)
    texts = cue_texts(code)
    folder = work / f"{code}-{rate}"
    folder.mkdir()
    started = time.perf_counter()
    spoken = tts.synthesise_all(texts, voice, folder, language=code, jobs=2)
    wall = time.perf_counter() - started
    chars = [visible_length(s.text) for s in spoken]
    per_cue = sorted(c / (s.duration / 1000) for c, s in zip(chars, spoken, strict=True))
    total_s = sum(s.duration for s in spoken) / 1000
    deciles = statistics.quantiles(per_cue, n=10)
    return {"cues": len(spoken), "chars": sum(chars), "seconds": round(total_s, 1),
            "cps": round(sum(chars) / total_s, 2), "p10": round(deciles[0], 1),
            "median": round(statistics.median(per_cue), 1), "p90": round(deciles[-1], 1),
            "ms_per_cue": round(wall * 1000 / len(spoken), 1)}


def run_tts(rates: Sequence[int], langs: Sequence[str]) -> None:
    """Print a Markdown table of characters per second per language and rate."""
    print("| language | voice | rate (wpm) | cues | characters | seconds | chars/s | "
          "per cue p10 / median / p90 | synthesis ms per cue (2 jobs) |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="measure-tts-") as tmp:
        for code in langs:
            voice = VOICES[code]
            for rate in rates:
                m = measure_language(code, rate, Path(tmp))
                print(f"| {code} | {voice} | {rate} | {m['cues']:.0f} | "
                      f"{m['chars']:.0f} | {m['seconds']} | **{m['cps']}** | "
                      f"{m['p10']} / {m['median']} / {m['p90']} | {m['ms_per_cue']} |",
                      flush=True)


def pcm(path: Path, stream: str = "a:0", rate: int = 16_000) -> array:
    """The stream decoded to mono 16-bit samples at ``rate`` (ffmpeg on a pipe)."""
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", f"0:{stream}",
                           "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
                          capture_output=True, check=True)
    samples = array("h")
    samples.frombytes(done.stdout)
    return samples


def level(samples: array, start: int, end: int, rate: int = 16_000) -> float:
    """RMS level in dBFS of ``[start, end)`` ms (-120 for digital silence)."""
    part = samples[start * rate // 1000:end * rate // 1000]
    if not part:
        return -120.0
    rms = math.sqrt(sum(x * x for x in part) / len(part))
    return 20 * math.log10(rms / 32768) if rms > 0 else -120.0


def integrated(path: Path, stream: str = "a:0") -> float:
    """Integrated loudness (LUFS, EBU R 128) of one sound stream."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-v", "info", "-i", str(path), "-map",
                           f"0:{stream}", "-af", "ebur128", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    found = re.findall(r"I:\s+(-?[\d.]+) LUFS", done.stderr)
    return float(found[-1])


def ducking(original: array, described: array, windows: Sequence[tuple[int, int]],
            fade: int) -> dict[str, float]:
    """Median level difference (described - original) inside the windows and outside them."""
    inside = [level(described, s + 50, e - 50) - level(original, s + 50, e - 50)
              for s, e in windows if e - s > 200]
    outside = []
    edges = [0] + [x for s, e in windows for x in (s - fade - 100, e + fade + 100)] + [
        len(original) * 1000 // 16_000]
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        for t in range(a, b - 1000, 1000):
            if level(original, t, t + 1000) > -60:
                outside.append(level(described, t, t + 1000) - level(original, t, t + 1000))
    return {"inside_median_db": round(statistics.median(inside), 2),
            "inside_min_db": round(min(inside), 2), "inside_max_db": round(max(inside), 2),
            "outside_median_db": round(statistics.median(outside), 3),
            "outside_max_abs_db": round(max(abs(x) for x in outside), 3),
            "outside_seconds": len(outside)}


def run_mix(film: Path, keep: Path | None) -> None:
    """Build the described version of ``film``; print times, levels and loudness."""
    descriptions = read_track(ROOT / "subtitles" / "descriptions.de.vtt").cues
    voice = description_voice("de")
    assert voice is not None
    with tempfile.TemporaryDirectory(prefix="measure-mix-") as tmp:
        out = keep or Path(tmp)
        started = time.perf_counter()
        placements = mix.place(descriptions, voice, out, language="de")
        synthesis = time.perf_counter() - started
        result = mix.mix(film, placements, out / "described.m4a", out / "described.mp4",
                         mix.MixSettings(keep_original=True, language=voice.iso639_2))
        wall = time.perf_counter() - started
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        film_s = result.duration / 1000
        print(json.dumps({"descriptions": len(placements), "synthesis_s": round(synthesis, 2),
                          "total_s": round(wall, 2),
                          "tools_cpu_s": round(used.ru_utime + used.ru_stime, 2),
                          "film_s": film_s, "ratio_to_film": round(wall / film_s, 4)}))
        # The same graph with silent descriptions: what the ducking alone does to the film.
        silent = [mix.Placement(p.start, tts.Spoken(p.spoken.path, "", p.spoken.duration,
                                                    p.spoken.samples)) for p in placements]
        for place in silent:
            tts.write_wav(place.spoken.path, array("h", bytes(2 * place.spoken.samples)))
        ducked = mix.mix(film, silent, out / "ducked.m4a")
        windows = [(p.start, p.end) for p in placements]
        original = pcm(film)
        print(json.dumps({
            "described_vs_original": ducking(original, pcm(result.audio), windows,
                                             mix.FADE_MS),
            "ducked_only_vs_original": ducking(original, pcm(ducked.audio), windows,
                                               mix.FADE_MS),
            "integrated_lufs": {"original": integrated(film),
                                "described": integrated(result.audio),
                                "second_track_original": integrated(result.video or film,
                                                                    "a:1")},
        }, indent=1))


def _timed(args: Sequence[str], cwd: Path) -> dict[str, Any]:
    """Run ``subtool ARGS`` as a whole process; wall and CPU seconds, exit code, output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "subtool", *args], cwd=cwd,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "exit": done.returncode,
            "stdout": done.stdout, "stderr": done.stderr}


def _with_tone(film: Path, out: Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(film), "-f", "lavfi", "-i",
                    "sine=frequency=14000:sample_rate=48000", "-filter_complex",
                    "[1:a]volume=-12dB[t];[0:a][t]amix=inputs=2:duration=first:normalize=0"
                    "[a]", "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac",
                    "-b:a", "192k", str(out)], check=True, capture_output=True)


HIGH = "highpass=f=12000:poles=2,highpass=f=12000:poles=2"


def _band(path: Path) -> array[int]:
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-af",
                           HIGH, "-ac", "1", "-ar", "48000", "-f", "s16le", "-"],
                          capture_output=True, check=True)
    samples = array("h")
    samples.frombytes(done.stdout)
    return samples


def _tone_levels(film: Path, described: Path, windows: Sequence[tuple[int, int]],
                 ) -> dict[str, float]:
    original, after = _band(film), _band(described)

    def db(samples: array[int], start: int, end: int) -> float:
        return level(samples, start, end, rate=48_000)

    inside = [db(after, s + 100, e - 100) - db(original, s + 100, e - 100)
              for s, e in windows]
    total = len(original) * 1000 // 48_000
    busy = [(s - mix.FADE_MS - 100, e + mix.FADE_MS + 100) for s, e in windows]
    outside = [db(after, t, t + 1000) - db(original, t, t + 1000)
               for t in range(0, total - 1000, 1000)
               if not any(t < b and t + 1000 > a for a, b in busy)]
    return {"inside_median_db": round(statistics.median(inside), 2),
            "inside_min_db": round(min(inside), 2), "inside_max_db": round(max(inside), 2),
            "outside_median_db": round(statistics.median(outside), 3),
            "outside_max_abs_db": round(max(abs(x) for x in outside), 3),
            "outside_seconds": len(outside)}


def run_build(film: Path) -> None:
    """``subtool build`` of the film project with ``film``: times, rebuild, levels."""
    voice = description_voice("de")
    assert voice is not None
    with tempfile.TemporaryDirectory(prefix="measure-build-") as tmp:
        project = Path(tmp) / "film"
        project.mkdir()
        shutil.copy(ROOT / "pyproject.toml", project)
        for folder in ("subtitles", "glossary"):
            shutil.copytree(ROOT / folder, project / folder)
        target = project / "film" / "dortmund-seniorenbueros.mp4"
        target.parent.mkdir()
        _with_tone(film, target)
        seconds = float(json.loads(subprocess.run(
            ["ffprobe", "-v", "error", "-of", "json", "-show_entries", "format=duration",
             str(target)], capture_output=True, check=True).stdout)["format"]["duration"])
        out: dict[str, Any] = {"film_s": seconds,
                               "analysis": _timed(["media", str(target)], project)}
        fit = _timed(["check", "--film", str(target), "subtitles/descriptions.de.vtt",
                      "--format", "json"], project)
        out["fit"] = {"wall_s": fit["wall_s"], "exit": fit["exit"],
                      "problems": json.loads(fit["stdout"])["problems"]}
        # --check-only twice first: the first run loads the language libraries into the word
        # caches, so the build after the second differs from it by the described version.
        for name, args in (("warm_up", ["build", "--check-only"]),
                           ("check_only", ["build", "--check-only"]), ("build", ["build"]),
                           ("rebuild", ["build"])):
            out[name] = _timed(args, project)
        for name in ("build", "rebuild", "check_only", "warm_up", "analysis"):
            out[name].pop("stderr")
            text = out[name].pop("stdout")
            out[name]["said"] = [line for line in text.splitlines()
                                 if "described version" in line or line.startswith("Wrote")]
        described = project / "dist" / "dortmund-seniorenbueros.described.de.m4a"
        cues = read_track(project / "subtitles" / "descriptions.de.vtt").cues
        spoken = tts.synthesise_all([c.text for c in cues], voice, Path(tmp), language="de")
        windows = [(c.start, c.start + s.duration) for c, s in zip(cues, spoken, strict=True)]
        out["tone_under_descriptions"] = _tone_levels(target, described, windows)
        out["integrated_lufs"] = {"film": integrated(target), "described": integrated(described)}
        out["build_ratio_to_film"] = round(out["build"]["wall_s"] / seconds, 4)
        out["described_s"] = round(out["build"]["wall_s"] - out["check_only"]["wall_s"], 2)
        out["rebuild_ratio_to_build"] = round(out["rebuild"]["wall_s"] / out["build"]["wall_s"],
                                              3)
        print(json.dumps(out, indent=1, ensure_ascii=False))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurements the arguments ask for."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tts", action="store_true", help="characters per second per language")
    p.add_argument("--rate", type=int, action="append", help="espeak-ng rate(s), wpm")
    p.add_argument("--lang", action="append", choices=sorted(VOICES),
                   help="only these languages (repeatable)")
    p.add_argument("--mix", type=Path, help="build the described version of this film")
    p.add_argument("--keep", type=Path, help="keep the described version in this folder")
    p.add_argument("--build", type=Path, help="subtool build of the film project with this "
                   "film: times, rebuild, levels")
    args = p.parse_args(argv)
    if args.tts:
        run_tts(args.rate or [150], args.lang or list(VOICES))
    if args.mix:
        run_mix(args.mix, args.keep)
    if args.build:
        run_build(args.build)
    return 0


if __name__ == "__main__":
    sys.exit(main())
