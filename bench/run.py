"""subtool's benchmark: timings as ratios against a baseline measured in the same run.

Run: ``.venv/bin/python bench/run.py`` (add ``--quick`` for fewer repetitions). The machines
are shared and noisy, so each figure is the median of alternating runs of the subject and
its baseline, and only the ratio is compared with the target.

Figures:
  startup   ``subtool check`` of a 100-cue file (whole process) vs ``python -c pass``  (≤ 10×)
  large     checking a generated 100,000-cue SRT vs ``srt.parse`` of the same file      (≤ 2×)
  build     ``subtool build`` of the shipped film vs ``subtool check`` of its tracks     (≤ 1.5×)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("Das", "Seniorenbüro", "in", "Ihrem", "Stadtbezirk", "berät", "Sie", "kostenlos",
         "und", "unabhängig", "zu", "Pflege", "Wohnen", "Alltag", "Nachbarschaft", "und",
         "Hilfen", "für", "Angehörige")


def make_srt(cues: int) -> str:
    """A realistic German SRT: 1–2 lines of about 30–40 characters, 3.5 s cues, 80 ms gaps.

    Like a real file it is mostly clean; every 25th cue has a defect (a long line, a double
    space, a fast cue) so that problems are found and reported too.
    """
    out = []
    for i in range(cues):
        start = i * 3580
        end = start + 3500
        words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(5)]
        text = " ".join(words[:3]) + "\n" + " ".join(words[3:])
        if i % 25 == 0:
            text = text.replace(" ", "  ", 1) if i % 75 else text.replace("\n", " ") + " usw."
        out.append(f"{i + 1}\n{_tc(start)} --> {_tc(end)}\n{text}\n")
    return "\n".join(out)


def _tc(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(subject: Callable[[], object], baseline: Callable[[], object],
           repeat: int) -> tuple[float, float]:
    """Median times of subject and baseline, run alternately."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(subject))
        b.append(timed(baseline))
    return statistics.median(a), statistics.median(b)


def run_process(args: list[str], cwd: Path) -> Callable[[], object]:
    def go() -> object:
        return subprocess.run(args, cwd=cwd, capture_output=True, check=False)
    return go


def report(name: str, subject: float, baseline: float, target: float, what: str) -> bool:
    ratio = subject / baseline
    ok = ratio <= target
    print(f"{name:<10} {subject * 1000:9.1f} ms vs {baseline * 1000:8.1f} ms  "
          f"ratio {ratio:5.2f}× (target ≤ {target:g}×) {'ok' if ok else 'MISSED'}  {what}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 5 if args.quick else 15
    python = sys.executable
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = folder / "film.de.srt"
        small.write_text(make_srt(100), encoding="utf-8")
        big = folder / "big.de.srt"
        big.write_text(make_srt(100_000), encoding="utf-8")

        subject, base = paired(run_process([python, "-m", "subtool", "check", str(small)], folder),
                               run_process([python, "-c", "pass"], folder), repeat)
        results.append(report("startup", subject, base, 10,
                              "subtool check (100 cues) vs python -c pass"))

        import srt  # noqa: PLC0415

        from subtool.checker import Options, check_files  # noqa: PLC0415
        from subtool.config import Settings  # noqa: PLC0415

        settings = Settings(root=folder)

        def check_big() -> object:
            return check_files([big], settings, Options())

        def parse_big() -> object:
            return list(srt.parse(big.read_text(encoding="utf-8")))

        subject, base = paired(check_big, parse_big, max(3, repeat // 3))
        results.append(report("large", subject, base, 2,
                              "check 100,000 cues vs srt.parse of the same file"))
        out = folder / "dist"
        subject, base = paired(
            run_process([python, "-m", "subtool", "build", "--output", str(out)], ROOT),
            run_process([python, "-m", "subtool", "check"], ROOT), repeat)
        results.append(report("build", subject, base, 1.5,
                              "subtool build of the film vs subtool check of its 11 tracks"))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
