"""subtool's benchmark: what users see, as ratios against baselines measured in the same run.

Run: ``.venv/bin/python bench/run.py`` (``--quick`` for fewer runs and no million-cue files;
``--only startup,library`` for some cases; ``--markdown FILE`` to write the table there too).

- subtool is installed as users install it: ``pip install .`` (not editable: an editable
  install's start-up hook alone doubles ``python -c pass``) into a virtual environment in the
  temporary folder, made again only when the source changed (its hash names the folder);
- every figure times whole processes (``subtool …`` as typed at a prompt) against a baseline
  process, the two run alternately, and the ratio of the medians is compared with the target;
- the machine is shared and noisy, so the table shows the spread (the lowest and highest
  ratio of a subject run to the baseline run next to it), CPU time beside wall-clock time, and
  the load average before and after.

The cases, their inputs (profile, cues, problems) and their targets are in bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inputs

ROOT = Path(__file__).resolve().parent.parent
# What the installed package is made of: its hash names the benchmark's environment.
SOURCES = ("pyproject.toml", "README.md", "subtool")
SRT_PARSE = ("import srt, sys; "
             "list(srt.parse(open(sys.argv[1], encoding='utf-8').read()))")
# The smallest Typer application with one command: what any Typer tool pays to start.
MINIMAL_TYPER = '''import typer

app = typer.Typer(add_completion=False)


@app.command()
def check(path: str) -> None:
    """Read a file."""
    with open(path, encoding="utf-8") as handle:
        handle.read()


if __name__ == "__main__":
    app()
'''


# --------------------------------------------------------------------------------------
# The installation
# --------------------------------------------------------------------------------------


def source_hash() -> str:
    """A hash of every file that goes into the package."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def install(base: Path) -> Path:
    """A virtual environment with subtool installed from a copy of the source (``pip
    install``, not editable) and ``srt`` for the baseline; reused while the source is the
    same. Returns its ``bin`` folder."""
    key = source_hash()
    venv = base / key
    marker = venv / "installed"
    if marker.exists():
        return venv / "bin"
    for old in base.glob("*"):  # environments of earlier sources
        shutil.rmtree(old, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "subtool"
        copy.mkdir()
        for name in SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, copy / name,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(ROOT / name, copy / name)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check",
                        str(copy), "srt>=3.5"], check=True)
    marker.write_text(key + "\n", encoding="utf-8")
    return venv / "bin"


# --------------------------------------------------------------------------------------
# Timing whole processes
# --------------------------------------------------------------------------------------


@dataclass
class Runs:
    """Wall-clock and CPU seconds and peak memory (kB) of the runs of one command."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    def add(self, args: Sequence[str], cwd: Path, stdout: Path | None = None) -> None:
        with open(stdout or os.devnull, "wb") as sink:
            start = time.perf_counter()
            process = subprocess.Popen(args, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL)
            # wait4: the child's own CPU time and peak memory, not the benchmark's.
            _, status, usage = os.wait4(process.pid, 0)
            self.wall.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        self.cpu.append(usage.ru_utime + usage.ru_stime)
        self.rss.append(usage.ru_maxrss)  # kB on Linux
        self.codes.append(process.returncode)


def paired(subject: Sequence[str], baseline: Sequence[str], runs: int, cwd: Path,
           *, warm: bool = True) -> tuple[Runs, Runs]:
    """Run subject and baseline alternately ``runs`` times each (after one unmeasured run
    of each, so that both start from a warm file cache)."""
    a, b = Runs(), Runs()
    if warm:
        Runs().add(subject, cwd)
        Runs().add(baseline, cwd)
    for n in range(runs):
        # Alternate which goes first, so neither always follows the other.
        first, second = ((subject, a), (baseline, b)) if n % 2 == 0 else \
            ((baseline, b), (subject, a))
        first[1].add(first[0], cwd)
        second[1].add(second[0], cwd)
    return a, b


@dataclass
class Figure:
    """One row of the table."""

    name: str
    what: str
    value: float
    target: float
    higher_is_better: bool = False
    unit: str = "×"
    detail: str = ""
    spread: str = ""
    cpu: str = ""
    reference: bool = False  # what the machine allows, not a target of subtool's

    @property
    def ok(self) -> bool:
        if self.reference:
            return True
        return self.value >= self.target if self.higher_is_better else \
            self.value <= self.target

    def row(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        target = "(reference)" if self.reference else f"{sign} {self.target:g}{self.unit}"
        met = "—" if self.reference else ("yes" if self.ok else "**no**")
        return (f"| {self.name} | {self.what} | {self.detail} | **{self.value:.2f}{self.unit}** "
                f"| {self.spread} | {self.cpu} | {target} | {met} |")


def ratio_figure(name: str, what: str, subject: Runs, baseline: Runs, target: float,
                 *, speedup: bool = False) -> Figure:
    """The ratio of the median wall-clock times (``speedup``: baseline ÷ subject), with the
    spread of the paired ratios and the ratio of the CPU times."""
    med_s, med_b = statistics.median(subject.wall), statistics.median(baseline.wall)
    pairs = [s / b for s, b in zip(subject.wall, baseline.wall, strict=True)]
    if speedup:
        pairs = [1 / p for p in pairs]
    value = med_b / med_s if speedup else med_s / med_b
    cpu = statistics.median(subject.cpu) / statistics.median(baseline.cpu)
    return Figure(name, what, value, target, higher_is_better=speedup,
                  detail=f"{_ms(med_s)} vs {_ms(med_b)}, {len(pairs)} runs",
                  spread=f"{min(pairs):.2f}–{max(pairs):.2f}",
                  cpu="" if speedup else f"{cpu:.2f}×")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


# --------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------


@dataclass
class Bench:
    """The installed commands, the folder of the inputs, and how many runs."""

    bin: Path
    work: Path
    runs: int
    quick: bool
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def python(self) -> str:
        return str(self.bin / "python")

    def subtool(self, *args: str) -> list[str]:
        return [str(self.bin / "subtool"), *args]

    def srt_file(self, count: int, *, problems: bool, final_blank: bool = False) -> Path:
        name = f"{'problems' if problems else 'clean'}-{count}{'-blank' if final_blank else ''}"
        path = self.work / f"{name}.de.srt"
        if not path.exists():
            inputs.write_srt(path, count, problems=problems, final_blank=final_blank)
        return path

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(figure.row(), flush=True)


def case_startup(b: Bench) -> None:
    """``subtool check`` of a 100-cue file against ``python -c pass`` and a minimal Typer
    application of the same Typer version."""
    film = b.srt_file(100, problems=False)
    mini = b.work / "minimal_typer.py"
    mini.write_text(MINIMAL_TYPER, encoding="utf-8")
    runs = b.runs * 2
    subject, typer_app = paired(b.subtool("check", film.name), [b.python, str(mini), film.name],
                                runs, b.work)
    b.add(ratio_figure("startup", "`subtool check` of a 100-cue file vs a minimal Typer app",
                       subject, typer_app, 1.3))
    subject, python = paired(b.subtool("check", film.name), [b.python, "-c", "pass"], runs,
                             b.work)
    b.add(ratio_figure("startup-python", "`subtool check` of a 100-cue file vs "
                       "`python -c pass` (for reference)", subject, python, 7.5))


def case_large(b: Bench) -> None:
    """``check --format json`` of 100,000 cues against ``srt.parse`` of the same file."""
    for problems, target in ((False, 1.0), (True, 2.0)):
        path = b.srt_file(100_000, problems=problems)
        subject, baseline = paired(b.subtool("check", "--format", "json", path.name),
                                   [b.python, "-c", SRT_PARSE, path.name], b.runs, b.work)
        kind = "every cue with a problem" if problems else "clean, distinct texts"
        # Default --jobs (the usable CPUs): a track this large shares its rules with a
        # second process; the CPU ratio is the cost on one core.
        b.add(ratio_figure(f"json-{'problems' if problems else 'clean'}",
                           f"`check --format json`, 100,000 cues ({kind}) vs `srt.parse`",
                           subject, baseline, target))


def case_fix(b: Bench) -> None:
    """``subtool fix`` (the diff) against ``subtool check --jobs 1`` of the same 100,000
    cues, on the clean and the problem file, with and without a final blank line. Both in
    one process: fix runs its passes in one, while check by default shares a track this
    large with a second process (``json-*`` figures)."""
    for problems in (False, True):
        for blank in (False, True):
            path = b.srt_file(100_000, problems=problems, final_blank=blank)
            subject, baseline = paired(b.subtool("fix", path.name),
                                       b.subtool("check", "--jobs", "1", path.name),
                                       max(3, b.runs // 2), b.work)
            kind = ("problems" if problems else "clean") + (", final blank line" if blank
                                                            else "")
            b.add(ratio_figure(f"fix-{'problems' if problems else 'clean'}"
                               f"{'-blank' if blank else ''}",
                               f"`subtool fix` (diff) vs `subtool check --jobs 1`, 100,000 cues "
                               f"({kind})",
                               subject, baseline, 2.0))


def case_scaling(b: Bench) -> None:
    """Exponent of ``check --format json`` time over 10k, 100k and 1M cues (least squares of
    log time on log cues); peak memory at the largest size against ``srt.parse``'s. In one
    process (``--jobs 1``): the exponent is the algorithm's, and the peak memory the whole
    check's (with two jobs a track this large is shared with a second process, and the
    operating system reports the larger of the two peaks, not their sum)."""
    sizes = (10_000, 100_000) if b.quick else (10_000, 100_000, 1_000_000)
    times, memory = [], None
    for size in sizes:
        path = b.srt_file(size, problems=True)
        runs = b.runs if size < 1_000_000 else max(2, b.runs // 3)
        subject, baseline = paired(b.subtool("check", "--format", "json", "--jobs", "1",
                                             path.name),
                                   [b.python, "-c", SRT_PARSE, path.name], runs, b.work,
                                   warm=size < 1_000_000)
        times.append(statistics.median(subject.wall))
        memory = (size, subject, baseline)
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mx) ** 2 for x in xs)
    b.add(Figure("scaling", "time exponent of `check --format json --jobs 1` (every cue with "
                 "a problem) from " + " → ".join(f"{s:,}" for s in sizes) + " cues", slope, 1.1,
                 unit="", detail=" / ".join(_ms(t) for t in times)))
    assert memory is not None
    size, subject, baseline = memory
    peak, base = max(subject.rss), max(baseline.rss)
    b.add(Figure("memory", f"peak memory of `check --format json --jobs 1` at {size:,} cues vs "
                 "`srt.parse` of the file", peak / base, 2.0,
                 detail=f"{peak / 1024:.0f} MB vs {base / 1024:.0f} MB"))


def case_film(b: Bench) -> None:
    """The film project: ``build`` against ``check`` of its 11 tracks; ``check`` with the
    film's glossary and spelling against ``check`` with neither (word caches warm, the cold
    first run noted); and with a 500-term glossary and spelling against neither."""
    out = b.work / "dist"
    subject, baseline = paired(b.subtool("build", "--output", str(out)), b.subtool("check"),
                               b.runs, ROOT)
    b.add(ratio_figure("build", "`subtool build` of the film vs `subtool check` of its 11 "
                       "tracks", subject, baseline, 1.5))
    configs = film_configs(b.work)
    # The word caches: empty for the cold first run, then warm for the paired runs.
    os.environ["SUBTOOL_CACHE_DIR"] = str(b.work / "word-cache")
    started = time.perf_counter()
    subprocess.run(b.subtool("check", "--config", str(configs["film"])), cwd=b.work,
                   capture_output=True, check=False)
    b.notes.append(f"language: the first run with empty word caches took "
                   f"{_ms(time.perf_counter() - started)}")
    subject, baseline = paired(b.subtool("check", "--config", str(configs["film"])),
                               b.subtool("check", "--config", str(configs["without"])), b.runs,
                               b.work)
    b.add(ratio_figure("language", "`subtool check` of the film with its glossary and "
                       "spelling vs with neither (word caches warm)", subject, baseline, 1.5))
    subject, baseline = paired(b.subtool("check", "--config", str(configs["big"])),
                               b.subtool("check", "--config", str(configs["without"])), b.runs,
                               b.work)
    b.add(ratio_figure("glossary", "`subtool check` of the film with a 500-term glossary and "
                       "spelling vs with neither", subject, baseline, 2.0))


def case_library(b: Bench) -> None:
    """A city's library (500 films × 11 tracks): ``check --jobs 2`` against ``--jobs 1``,
    and the two reports compared byte for byte."""
    library = b.work / "library"
    if not library.exists():
        tracks = {p.name.split(".")[0]: p.read_text(encoding="utf-8")
                  for p in sorted((ROOT / "subtitles").glob("*.srt"))}
        inputs.write_library(library, tracks, films=500)
    # Word caches of the library's own, warm: without a glossary the films' names are
    # unknown words, and each run computes the spelling suggestions of at most 25 new ones
    # per language (up to 0.7 s each), so the caches fill over a few runs.
    os.environ["SUBTOOL_CACHE_DIR"] = str(b.work / "library-word-cache")
    warm = b.work / "report-warm.json"
    for _ in range(12):
        before = warm.read_bytes() if warm.exists() else b""
        with warm.open("wb") as out:
            subprocess.run(b.subtool("check", "--format", "json", "--jobs", "1", "library"),
                           cwd=b.work, stdout=out, check=False)
        if warm.read_bytes() == before:
            break
    one, two = Runs(), Runs()
    reports = b.work / "report-1.json", b.work / "report-2.json"
    runs = max(3, b.runs // 2)
    for n in range(runs):
        order = [(1, one, reports[0]), (2, two, reports[1])]
        for jobs, runs_of, report in order if n % 2 == 0 else order[::-1]:
            runs_of.add(b.subtool("check", "--format", "json", "--jobs", str(jobs),
                                  "library"), b.work, stdout=report)
    same = reports[0].read_bytes() == reports[1].read_bytes()
    figure = ratio_figure("library", "`check --jobs 2` vs `--jobs 1`, 500 films × 11 tracks "
                          f"(5,500 files); reports {'identical' if same else '**DIFFER**'}",
                          two, one, 1.7, speedup=True)
    if not same:
        figure.value = 0.0
    b.add(figure)
    # What two processes can gain at all on the machine right now (other people's work
    # shares its cores): the same arithmetic in one process and split over two.
    loop = b.work / "ceiling.py"
    loop.write_text(CEILING, encoding="utf-8")
    two, one = paired([b.python, str(loop), "2"], [b.python, str(loop), "1"], runs, b.work)
    ceiling = ratio_figure("library-ceiling", "the same: a CPU-bound Python loop in 2 processes "
                           "vs 1 (what the shared machine allowed)", two, one, 1.7,
                           speedup=True)
    ceiling.reference = True
    b.add(ceiling)


CEILING = """import sys
from concurrent.futures import ProcessPoolExecutor


def work(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


if __name__ == "__main__":
    parts = [15_000_000, 15_000_000]
    if sys.argv[1] == "1":
        [work(n) for n in parts]
    else:
        with ProcessPoolExecutor(2) as pool:
            list(pool.map(work, parts))
"""


def case_translate(b: Bench) -> None:
    """The machine-translation figures (bench/translate_bench.py) and a rebuild."""
    for figure in translation_figures(b):
        b.add(figure)


CASES: dict[str, Callable[[Bench], None]] = {
    "startup": case_startup, "large": case_large, "fix": case_fix, "scaling": case_scaling,
    "film": case_film, "library": case_library, "translate": case_translate,
}


# --------------------------------------------------------------------------------------
# The film's inputs and the translation figures
# --------------------------------------------------------------------------------------


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


def film_configs(folder: Path) -> dict[str, Path]:
    """Configurations of the film's tracks: ``film`` (its glossary, spelling on), ``big``
    (the 500-term glossary, spelling on) and ``without`` (no glossary, spelling off)."""
    from subtool.project.config import find as find_project  # noqa: PLC0415
    from subtool.project.config import read as load  # noqa: PLC0415

    film = load(find_project(ROOT) or ROOT / "pyproject.toml")
    # A project folder of its own: a configuration's paths stay inside its project.
    project = folder / "project"
    for part in ("subtitles", "glossary"):
        shutil.rmtree(project / part, ignore_errors=True)
        shutil.copytree(ROOT / part, project / part)
    (project / "big").mkdir(exist_ok=True)
    make_glossary(500, project / "big")
    # Word lists beside the big glossary, as beside the film's.
    for words in (ROOT / "glossary").glob("words-*.txt"):
        (project / "big" / words.name).write_bytes(words.read_bytes())
    configs = {}
    for name, glossary in (("big", "big/terms-500.csv"), ("film", "glossary/terms.csv"),
                           ("without", None)):
        lines = [f'master = "{film.master}"',
                 f"languages = {list(film.languages)!r}".replace("'", '"'),
                 f'tracks = "{film.tracks}"', 'profile = "senior"']
        if glossary is not None:
            lines.append(f'glossary = "{glossary}"')
        else:
            lines += ["[rules]", 'spelling = "off"']
        configs[name] = project / f"{name}.toml"
        configs[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return configs


def translation_figures(b: Bench) -> list[Figure]:
    """The machine-translation figures (bench/translate_bench.py, in-process against the
    LibreTranslate stand-in), and ``build --translate`` again against ``build``."""
    sys.path.insert(0, str(ROOT / "tests"))
    import translate_bench  # noqa: PLC0415
    from translate_standins import LibreStandIn  # noqa: PLC0415

    out = []
    rows = {name: (subject, base, target)
            for name, subject, base, target in translate_bench.run(b.runs)}
    subject, base, target = rows["translate"]
    out.append(Figure("translate", "10 languages drafted via the LibreTranslate stand-in (50 "
                      "ms a request) vs requests × latency ÷ concurrency", subject / base,
                      target, detail=f"{_ms(subject)} vs {_ms(base)}"))
    sent, cold_sent, _ = rows["tm-requests"]
    out.append(Figure("tm", f"requests sent by a second drafting run (first: {int(cold_sent)})",
                      sent, 0, unit=""))
    with tempfile.TemporaryDirectory() as tmp, LibreStandIn(latency=0.05) as server:
        film = Path(tmp)
        shutil.copy(ROOT / "pyproject.toml", film / "pyproject.toml")
        shutil.copytree(ROOT / "subtitles", film / "subtitles")
        shutil.copytree(ROOT / "glossary", film / "glossary")
        with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[tool.subtool.translate]\nprovider = "libre"\nurl = "{server.url}"\n')
        for track in (film / "subtitles").glob("*.srt"):
            if track.name != "de.srt":  # every translation to be drafted
                blocks = track.read_text(encoding="utf-8").split("\n\n")
                track.write_text("\n\n".join("\n".join(x.split("\n")[:2]) for x in blocks),
                                 encoding="utf-8")
        subprocess.run(b.subtool("build", "--translate"), cwd=film, capture_output=True,
                       check=False)
        before = server.requests
        subject_runs, base_runs = paired(b.subtool("build", "--translate"), b.subtool("build"),
                                         max(3, b.runs // 2), film)
        again = server.requests - before
        figure = ratio_figure("rebuild", f"`build --translate` again ({again} requests) vs "
                              "`build`", subject_runs, base_runs, 1.2)
        if again:
            figure.value = math.inf
        out.append(figure)
    return out


# --------------------------------------------------------------------------------------


HEADER = ("| figure | what | medians (wall) | ratio | spread | CPU ratio | target | met |\n"
          "|---|---|---|---|---|---|---|---|")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, no million-cue files")
    parser.add_argument("--runs", type=int, help="paired runs per figure (default 9, quick 3)")
    parser.add_argument("--only", help="comma-separated cases: " + ", ".join(CASES))
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--venvs", type=Path,
                        default=Path(tempfile.gettempdir()) / "subtool-bench",
                        help="where the installed environments are kept")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(CASES)
    unknown = sorted(set(chosen) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    runs = args.runs or (3 if args.quick else 9)
    started = time.time()
    load_before = os.getloadavg()
    bin_ = install(args.venvs)
    version = subprocess.run([str(bin_ / "python"), "-c", "import typer, sys; "
                              "print(sys.version.split()[0], typer.__version__)"],
                             capture_output=True, text=True, check=True).stdout.split()
    print(f"subtool installed (not editable) in {bin_.parent}; Python {version[0]}, "
          f"Typer {version[1]}; {os.cpu_count()} CPUs; load average {load_before[0]:.1f}")
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(bin_, Path(tmp), runs, args.quick)
        for name in chosen:
            CASES[name](bench)
    load_after = os.getloadavg()
    footer = (f"\n{runs} paired runs per figure (fewer for the slowest); load average "
              f"{load_before[0]:.1f} before, {load_after[0]:.1f} after, on {os.cpu_count()} "
              f"CPUs; {time.time() - started:.0f} s in all.")
    footer += "".join(f"\n{note}" for note in bench.notes)
    print(footer)
    if args.markdown:
        args.markdown.write_text("\n".join([HEADER, *(f.row() for f in bench.figures)])
                                 + "\n" + footer + "\n", encoding="utf-8")
    return 0 if all(f.ok for f in bench.figures) else 1


if __name__ == "__main__":
    sys.exit(main())
