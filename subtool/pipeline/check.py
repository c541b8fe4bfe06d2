"""``subtool check``: read the files, compare translations with the master, run the rules.

Many files are checked in several processes (``jobs``): each worker loads the master and the
glossary once and checks a run of consecutive files, and the results come back in the order
of the files, so the report is the same byte for byte whatever the number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Options, Settings
from subtool.core.errors import ReadError, UsageError
from subtool.core.model import (
    DESCRIPTIONS,
    ProblemColumns,
    Track,
    problem_columns,
    problems_from_columns,
)
from subtool.engine.check import CueTexts, FileResult, check_track
from subtool.languages import infer_from_filename, primary
from subtool.pipeline import descriptions as describing
from subtool.pipeline import film as film_module
from subtool.project.files import same_file
from subtool.project.store import project_glossary, project_state, project_tools
from subtool.project.tracks import collect_paths, display, language_of, project_paths, read_track

if TYPE_CHECKING:
    from subtool.terms.glossary import Glossary

# A worker process costs about as much to start (fork, then reading the master and the
# glossary again) as checking this many bytes of subtitles: below it per job, fewer jobs
# finish sooner. Measured on the film (11 tracks, 111 kB, with its glossary): one process
# 676 ms, two 834 ms (medians of 11, wall clock).
BYTES_PER_JOB = 512 * 1024
# A track of this many cues is checked in two processes when jobs allow (``rule_split``).
SPLIT_FROM = 20_000
# Runs of files per worker: enough to even out files of different sizes and a worker slowed
# by other work on the machine (the last run of one worker is the other's idle time), few
# enough that sending the results back stays cheap. The library of bench/ (5,500 files,
# two jobs, medians of 5): 4 runs per job 7.10 s, 16 runs 6.76 s.
RUNS_PER_JOB = 16


def usable_cpus() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def files_to_check(paths: Sequence[Path], settings: Settings, command: str = "check") -> list[Path]:
    """The files named on the command line (folders expanded), else the project's tracks
    and its audio description tracks."""
    if paths:
        return collect_paths(paths)
    if settings.source is not None:
        return project_paths(settings) + describing.track_paths(settings)
    raise UsageError("no files given and no [tool.subtool] project found here",
                     hint=f"give files or folders: subtool {command} subtitles/")


Master = tuple[Path | None, Track | None, str]


class _Checker:
    """What checking a file needs besides the file: the masters (the subtitle master, or
    ``--master``, for subtitles; the description script for descriptions) and the glossary,
    each loaded once (per process)."""

    def __init__(self, settings: Settings, options: Options, display_root: Path | None,
                 *, split: bool = False) -> None:
        """``split``: share a large track's rules with a second process (``rule_split``)."""
        self.split = split
        self.settings = settings
        self.options = options
        self.display_root = display_root
        self.masters: dict[str, Master] = {}
        self.glossary: Glossary | None = project_glossary(settings, options)
        self.lexicon = project_tools(settings, self.glossary)
        self.film = film_module.facts(settings, options.film)

    def master_of(self, view: Settings) -> Master:
        """The master of ``view``'s kind of track: its path, track and language."""
        if view.kind not in self.masters:
            options, settings = self.options, self.settings
            path = options.master or view.master_path
            lang = (infer_from_filename(options.master.name) or settings.master_language) \
                if options.master else settings.master_language
            track = read_track(path, lang=lang, frame_rate=settings.frame_rate) \
                if path is not None and path.is_file() else None
            self.masters[view.kind] = (path, track, lang)
        return self.masters[view.kind]

    def check(self, path: Path) -> FileResult:
        """Check one file against the master of its kind."""
        settings, options = self.settings, self.options
        view = describing.view(path, settings) if options.master is None else settings
        master_path, master, master_lang = self.master_of(view)
        lang = language_of(path, view, options)
        track = read_track(path, lang=lang, frame_rate=settings.frame_rate)
        is_master = master_path is not None and same_file(path, master_path)
        compare = master if master is not None and not is_master and (
            options.master is not None or lang is None
            or primary(lang) != primary(master_lang)) else None
        shown = display(path, self.display_root)
        recorded = project_state(view, lang) if compare is not None else None
        description = describing.setup(settings, lang, self.master_of(settings)[1]) \
            if view.kind == DESCRIPTIONS else None
        runner = None
        if self.split and len(track.cues) >= SPLIT_FROM:
            from subtool.pipeline.rule_split import in_two_processes  # noqa: PLC0415

            runner = in_two_processes
        problems = check_track(shown, track, lang=lang, settings=settings, options=options,
                               master=compare, master_lang=master_lang,
                               glossary=self.glossary, state=recorded, lexicon=self.lexicon,
                               film=self.film, description=description, runner=runner)
        return FileResult(shown, lang, track.format, len(track.cues), problems,
                          texts=CueTexts(track.cues))


def check_files(paths: Sequence[Path], settings: Settings, options: Options,
                *, display_root: Path | None = None, jobs: int = 1) -> list[FileResult]:
    """Check files, in up to ``jobs`` processes; translations are compared with the master
    where there is one. The results are in the order of ``paths``."""
    if options.master is not None and not options.master.is_file():
        raise ReadError("master file not found", path=str(options.master))
    workers = _workers(paths, jobs)
    if workers <= 1:
        # One process for the files, and a second one for a large track's rules when the
        # jobs allow it.
        checker = _Checker(settings, options, display_root, split=jobs > 1)
        return [checker.check(path) for path in paths]
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only for many files

    runs = _runs(paths, workers * RUNS_PER_JOB)
    with ProcessPoolExecutor(workers, initializer=_start_worker,
                             initargs=(settings, options, display_root)) as pool:
        return [result._replace(problems=problems_from_columns(columns))
                for run in pool.map(_check_run, runs) for result, columns in run]


def _workers(paths: Sequence[Path], jobs: int) -> int:
    """How many processes are worth starting for ``paths``: at most ``jobs``, one per file
    at most, and one per ``BYTES_PER_JOB`` of input."""
    if jobs <= 1 or len(paths) < 2:
        return 1
    size = 0
    for path in paths:
        with suppress(OSError):  # reading it reports the problem, in order
            size += path.stat().st_size
        if size >= jobs * BYTES_PER_JOB:
            break
    return max(1, min(jobs, len(paths), size // BYTES_PER_JOB))


def _runs(paths: Sequence[Path], count: int) -> list[list[Path]]:
    """``paths`` cut into up to ``count`` runs of consecutive files of about equal length."""
    size, extra = divmod(len(paths), count)
    runs, start = [], 0
    for n in range(count):
        end = start + size + (n < extra)
        if end > start:
            runs.append(list(paths[start:end]))
        start = end
    return runs


_WORKER: _Checker | None = None


def _start_worker(settings: Settings, options: Options, display_root: Path | None) -> None:
    global _WORKER  # noqa: PLW0603 - one checker per worker process, made by its initializer
    _WORKER = _Checker(settings, options, display_root)


def _check_run(paths: list[Path]) -> list[tuple[FileResult, ProblemColumns]]:
    """Check a run of files in a worker; each result goes back without its problems, which
    follow as columns (``problem_columns``), and with the texts of only the cues that have
    problems (a library's every text took a tenth of the time two jobs save)."""
    assert _WORKER is not None
    done = [(result._replace(problems=(), texts={
        p.cue: result.texts[p.cue] for p in result.problems
        if p.cue is not None and p.cue in result.texts}), problem_columns(result.problems))
        for result in map(_WORKER.check, paths)]
    # What the worker looked up (spelling suggestions take up to 0.7 s a word) goes to the
    # word caches now: a worker process ends without the exit handlers that save them.
    _WORKER.lexicon.save()
    return done
