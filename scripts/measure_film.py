#!/usr/bin/env python3
"""Measure what checking against the film costs, as people run it: whole processes of a
non-editable install, figures as ratios against a baseline measured in the same run.

Figures (README, "The film itself"):

- analysis: ``subtool media FILM`` of the full 720p stand-in film (the master spoken, 7.4
  minutes) with an empty cache, against the film's running time (target: less);
- cached: ``subtool check`` of the film project with its film (analysis cached) against
  ``subtool check`` of the same project without a film (target: at most 1.3×);
- start-up: ``subtool check`` of a 100-cue file, and of the film project without its film,
  against the same commands of the main branch (target: the same, within noise).

Usage::

    python scripts/measure_film.py --workdir /tmp/subtool-film-bench [--repeat 15]

It installs this working tree and the ``main`` branch (``git archive``) into two virtual
environments with ``pip install .`` (not editable), builds the stand-in film with
``scripts/standin_film.py`` unless it is there, and prints one line per figure. Each ratio
is the median of alternating runs (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _venv(folder: Path, source: Path) -> Path:
    """A virtual environment with ``source`` installed (not editable); its python."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(source)], check=True)
    return python


def _main_tree(workdir: Path) -> Path:
    tree = workdir / "main-src"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "main"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def _project(folder: Path, film: Path | None) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "subtitles", folder / "subtitles")
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if film is None:
        config = "\n".join(line for line in config.splitlines()
                           if not line.startswith("film = ")) + "\n"
    else:
        (folder / "film").mkdir()
        os.link(film, folder / "film" / "dortmund-seniorenbueros.mp4")
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    return folder


def _run(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(list(cmd), cwd=cwd, capture_output=True, check=False,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def _paired(a: tuple[Sequence[str], Path], b: tuple[Sequence[str], Path],
            repeat: int) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run alternately, each first in every other pair (on this
    machine the first of a pair was measurably slower)."""
    first: list[float] = []
    second: list[float] = []
    for n in range(repeat):
        if n % 2:
            second.append(_run(*b))
            first.append(_run(*a))
        else:
            first.append(_run(*a))
            second.append(_run(*b))
    return statistics.median(first), statistics.median(second)


def _line(name: str, subject: float, baseline: float, target: str, what: str) -> None:
    print(f"{name:<9} {subject * 1000:9.0f} ms vs {baseline * 1000:9.0f} ms  ratio "
          f"{subject / baseline:5.2f}× (target {target})  {what}", flush=True)


def analysis(python: Path, film: Path, truth: dict[str, object], workdir: Path,
             runs: int) -> None:
    """Cold ``subtool media`` runs (empty cache each time): wall and CPU time."""
    walls, cpus = [], []
    for n in range(runs):
        cache = workdir / f"cache-cold-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(_run([str(python), "-m", "subtool", "media", str(film), "--format",
                           "json"], workdir, {"XDG_CACHE_HOME": str(cache)}))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    duration = int(str(truth["duration"])) / 1000
    wall = statistics.median(walls)
    print(f"analysis  {wall:9.1f} s  vs film {duration:.1f} s  ratio {wall / duration:5.3f}× "
          f"(target < 1×)  CPU {statistics.median(cpus):.1f} s (all processes); runs "
          + ", ".join(f"{w:.1f}" for w in walls) + " s", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build what is missing and print the figures."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path, default=Path("/tmp/subtool-film-bench"))
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--analyses", type=int, default=3, help="cold analyses to time")
    p.add_argument("--grain", type=int, default=0, help="film grain of the stand-in film")
    args = p.parse_args(argv)
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    branch = _venv(work / "venv-branch", ROOT)
    main_python = _venv(work / "venv-main", _main_tree(work))
    film = work / f"standin-720p-grain{args.grain}.mp4"
    truth_file = film.with_suffix(".json")
    if not film.exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "standin_film.py"),
                        "--grain", str(args.grain), "--output", str(film),
                        "--truth", str(truth_file)], check=True)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    print(f"{film.name}: {film.stat().st_size / 1e6:.0f} MB, {os.cpu_count()} cores, load "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)
    analysis(branch, film, truth, work, args.analyses)

    with_film = _project(work / "project-film", film)
    without = _project(work / "project-plain", None)
    subtool = [str(branch), "-m", "subtool"]
    _run([*subtool, "check"], with_film)  # analyse once; every later run reads the cache
    a, b = _paired(([*subtool, "check"], with_film), ([*subtool, "check"], without),
                   args.repeat)
    _line("cached", a, b, "≤ 1.3×", "check of the film project with its film (cached) "
          "vs without a film")

    loose = work / "loose"
    loose.mkdir(exist_ok=True)
    shutil.copy(ROOT / "subtitles" / "de.srt", loose / "de.srt")
    old = [str(main_python), "-m", "subtool"]
    a, b = _paired(([*subtool, "check", "de.srt"], loose), ([*old, "check", "de.srt"], loose),
                   args.repeat)
    _line("startup", a, b, "≈ 1×", "check of one file outside a project, this branch vs main")
    absent = _project(work / "project-absent", None)
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (absent / "pyproject.toml").write_text(config, encoding="utf-8")  # names a missing film
    main_project = _project(work / "project-main", None)
    a, b = _paired(([*subtool, "check"], absent), ([*old, "check"], main_project), args.repeat)
    _line("no film", a, b, "≈ 1×", "check of the film project whose film is not there, "
          "this branch vs main")
    return 0


if __name__ == "__main__":
    sys.exit(main())
