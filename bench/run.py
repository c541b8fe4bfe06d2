"""subtool's benchmark: timings as ratios against a baseline measured in the same run.

Run: ``.venv/bin/python bench/run.py`` (add ``--quick`` for fewer repetitions). The machines
are shared and noisy, so each figure is the median of alternating runs of the subject and
its baseline, and only the ratio is compared with the target.

Figures:
  startup   ``subtool check`` of a 100-cue file (whole process) vs ``python -c pass``  (≤ 10×)
  large     checking a generated 100,000-cue SRT vs ``srt.parse`` of the same file      (≤ 2×)
  build     ``subtool build`` of the shipped film vs ``subtool check`` of its tracks     (≤ 1.5×)
  language  ``subtool check`` of the film with its glossary and spelling vs without both
            (word caches warm; the cold first run is reported too)                   (≤ 1.5×)
  glossary  ``subtool check`` of the film with a 500-term glossary and spelling vs without
            both                                                                     (≤ 2×)
  fix       ``subtool fix`` (dry run, diff) of the 100,000-cue SRT vs ``subtool check`` of it (≤ 3×)
  translate the film's ten languages drafted through the LibreTranslate stand-in (50 ms per
            request) vs requests × latency ÷ concurrency                               (≤ 1.5×)
  tm        a second drafting run with the translation memory: requests sent           (0)
  rebuild   ``subtool build --translate`` run again (nothing left to draft) vs ``subtool build``
                                                                                         (≤ 1.2×)
"""

from __future__ import annotations

import argparse
import os
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


def make_glossary(size: int, folder: Path) -> Path:
    """The film's glossary grown to ``size`` concepts, like a city's terminology database.

    Besides the film's real concepts, one in ten extra concepts pairs phrases that occur in
    the film (so they are found, and often "missing" in translations: the rules have real
    work); the others are made-up words of the right length and script in every language,
    as most entries of a city-wide glossary never occur in one seven-minute film.
    """
    import csv  # noqa: PLC0415
    import random  # noqa: PLC0415
    import re  # noqa: PLC0415

    from subtool.project.config import find as find_project  # noqa: PLC0415
    from subtool.project.config import read as load  # noqa: PLC0415

    settings = load(find_project(ROOT) or ROOT / "pyproject.toml")
    langs = [settings.master_language, *settings.languages]
    words = {}
    for lang in langs:
        path = settings.master_path if lang == settings.master_language \
            else settings.track_path(lang)
        assert path is not None
        words[lang] = re.findall(r"[^\W\d_]{4,}", path.read_text(encoding="utf-8"))
    rows = list(csv.reader((ROOT / "glossary" / "terms.csv").open(encoding="utf-8")))
    header = rows[0]
    rng = random.Random(7)
    while len(rows) - 1 < size:
        row = dict.fromkeys(header, "")
        row["id"], row["status"] = f"extra-{len(rows)}", "approved"
        from_film = rng.random() < 0.1
        for lang in langs:
            if from_film:
                start = rng.randrange(len(words[lang]) - 3)
                row[lang] = " ".join(words[lang][start:start + rng.randint(1, 3)])
            else:
                letters = sorted(set("".join(words[lang])))
                row[lang] = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(5, 12)))
                                     for _ in range(rng.randint(1, 3)))
        rows.append([row[h] for h in header])
    target = folder / "terms-500.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return target


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
    parser.add_argument("--only", default="", help="comma-separated figures (default: all)")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))

    def want(name: str) -> bool:
        return not only or name in only

    repeat = 5 if args.quick else 15
    python = sys.executable
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = folder / "film.de.srt"
        small.write_text(make_srt(100), encoding="utf-8")
        big = folder / "big.de.srt"
        if want("large") or want("fix"):
            big.write_text(make_srt(100_000), encoding="utf-8")

        if want("startup"):
            subject, base = paired(
                run_process([python, "-m", "subtool", "check", str(small)], folder),
                run_process([python, "-c", "pass"], folder), repeat)
            results.append(report("startup", subject, base, 10,
                                  "subtool check (100 cues) vs python -c pass"))

        import srt  # noqa: PLC0415

        from subtool.config import Options, Settings  # noqa: PLC0415
        from subtool.pipeline.check import check_files  # noqa: PLC0415

        settings = Settings(root=folder)

        def check_big() -> object:
            return check_files([big], settings, Options())

        def parse_big() -> object:
            return list(srt.parse(big.read_text(encoding="utf-8")))

        if want("large"):
            subject, base = paired(check_big, parse_big, max(3, repeat // 3))
            results.append(report("large", subject, base, 2,
                                  "check 100,000 cues vs srt.parse of the same file"))
        if want("fix"):
            subject, base = paired(
                run_process([python, "-m", "subtool", "fix", str(big)], folder),
                run_process([python, "-m", "subtool", "check", str(big)], folder),
                max(2, repeat // 5))
            results.append(report("fix", subject, base, 3,
                                  "subtool fix (diff) of 100,000 cues vs subtool check of them"))
        results += film_figures(python, folder, repeat, want)
    if want("translate") or want("tm") or want("rebuild"):
        results += translation_figures(repeat, folder_root=ROOT)
    return 0 if all(results) else 1


def film_figures(python: str, folder: Path, repeat: int,
                 want: Callable[[str], bool]) -> list[bool]:
    """The figures on the shipped film: language, glossary (500 terms), build."""
    from subtool.config import Options  # noqa: PLC0415
    from subtool.pipeline.check import check_files  # noqa: PLC0415

    results: list[bool] = []
    from dataclasses import replace  # noqa: PLC0415

    from subtool.project.config import find as find_project  # noqa: PLC0415
    from subtool.project.config import read as load  # noqa: PLC0415
    from subtool.project.tracks import project_paths  # noqa: PLC0415

    film = load(find_project(ROOT) or ROOT / "pyproject.toml")
    big_glossary = make_glossary(500, folder)
    # Word lists beside the big glossary, as beside the film's.
    for words in (ROOT / "glossary").glob("words-*.txt"):
        (folder / words.name).write_bytes(words.read_bytes())
    configs = {}
    for name, glossary in (("big", big_glossary), ("film", ROOT / "glossary" / "terms.csv"),
                           ("without", None)):
        lines = [f'master = "{film.master_path}"',
                 f"languages = {list(film.languages)!r}".replace("'", '"'),
                 f'tracks = "{film.root / film.tracks}"', 'profile = "senior"']
        if glossary is not None:
            lines.append(f'glossary = "{glossary}"')
        else:
            lines += ["[rules]", 'spelling = "off"']
        configs[name] = folder / f"{name}.toml"
        configs[name].write_text("\n".join(lines) + "\n", encoding="utf-8")

    def check(name: str) -> Callable[[], object]:
        return run_process([python, "-m", "subtool", "check", "--config",
                            str(configs[name])], folder)

    # The word caches: empty for the cold first run, then warm for the paired runs.
    os.environ["SUBTOOL_CACHE_DIR"] = str(folder / "cache")
    cold = timed(check("film"))
    timed(check("big"))
    if want("language"):
        subject, base = paired(check("film"), check("without"), repeat)
        results.append(report("language", subject, base, 1.5,
                              "subtool check of the film with glossary and spelling vs "
                              "without both"))
        print(f"{'':10} cold first run (empty word caches, every library loads): "
              f"{cold:.1f} s")
    if want("glossary"):
        subject, base = paired(check("big"), check("without"), repeat)
        results.append(report("glossary", subject, base, 2,
                              "subtool check of the film with a 500-term glossary and "
                              "spelling vs without both"))
    tracks = project_paths(film)
    with_terms = replace(film, glossary=str(big_glossary))
    without = replace(film, glossary=None, rules={**film.rules, "spelling": "off"})
    if want("glossary"):
        subject, base = paired(lambda: check_files(tracks, with_terms, Options()),
                               lambda: check_files(tracks, without, Options()), repeat)
        print(f"{'':10} in-process: {subject * 1000:.1f} ms vs {base * 1000:.1f} ms "
              f"(+{(subject - base) * 1000:.1f} ms for 500 terms and spelling)")

    out = folder / "dist"
    if want("build"):
        subject, base = paired(
            run_process([python, "-m", "subtool", "build", "--output", str(out)], ROOT),
            run_process([python, "-m", "subtool", "check"], ROOT), repeat)
        results.append(report("build", subject, base, 1.5,
                              "subtool build of the film vs subtool check of its 11 tracks"))
    return results


def translation_figures(repeat: int, *, folder_root: Path) -> list[bool]:
    """The machine-translation figures (bench/translate_bench.py, and a rebuild)."""
    import shutil  # noqa: PLC0415

    sys.path.insert(0, str(folder_root / "bench"))
    sys.path.insert(0, str(folder_root / "tests"))
    import translate_bench  # noqa: PLC0415
    from translate_standins import LibreStandIn  # noqa: PLC0415

    out = []
    rows = {name: (subject, base, target)
            for name, subject, base, target in translate_bench.run(repeat)}
    subject, base, target = rows["translate"]
    out.append(report("translate", subject, base, target,
                      "10 languages via the LibreTranslate stand-in vs requests x latency / limit"))
    sent, cold_sent, _ = rows["tm-requests"]
    ok = sent == 0
    print(f"{'tm':<10} {int(sent)} requests on the second run (first run: {int(cold_sent)}) "
          f"{'ok' if ok else 'MISSED'}")
    out.append(ok)
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp, LibreStandIn(latency=0.05) as server:
        film = Path(tmp)
        shutil.copy(folder_root / "pyproject.toml", film / "pyproject.toml")
        shutil.copytree(folder_root / "subtitles", film / "subtitles")
        shutil.copytree(folder_root / "glossary", film / "glossary")
        with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[tool.subtool.translate]\nprovider = "libre"\nurl = "{server.url}"\n')
        for track in (film / "subtitles").glob("*.srt"):
            if track.name != "de.srt":  # every translation to be drafted
                blocks = track.read_text(encoding="utf-8").split("\n\n")
                track.write_text("\n\n".join("\n".join(b.split("\n")[:2]) for b in blocks),
                                 encoding="utf-8")
        first = subprocess.run([python, "-m", "subtool", "build", "--translate"], cwd=film,
                               capture_output=True, text=True, check=False)
        before = server.requests
        subject, base = paired(
            run_process([python, "-m", "subtool", "build", "--translate"], film),
            run_process([python, "-m", "subtool", "build"], film), max(3, repeat // 2))
        again = server.requests - before
        out.append(report("rebuild", subject, base, 1.2,
                          f"build --translate again ({again} requests; first run drafted "
                          f"{first.stderr.count('drafted')} languages) vs build"))
        out[-1] = out[-1] and again == 0
    return out


if __name__ == "__main__":
    sys.exit(main())
