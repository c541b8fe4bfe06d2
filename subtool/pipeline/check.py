"""``subtool check``: read the files, compare translations with the master, run the rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from subtool.config import Options, Settings
from subtool.core.description import DESCRIPTIONS
from subtool.core.errors import ReadError, UsageError
from subtool.core.model import Track
from subtool.engine.check import FileResult, check_track
from subtool.languages import infer_from_filename, primary
from subtool.pipeline import descriptions as describing
from subtool.pipeline import film as film_module
from subtool.project.files import same_file
from subtool.project.store import project_glossary, project_state, project_tools
from subtool.project.tracks import collect_paths, display, language_of, project_paths, read_track


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


def _masters(settings: Settings, options: Options) -> Callable[[Settings], Master]:
    """The master of a kind of track (its path, track and language), read once: the subtitle
    master (or ``--master``) for subtitles, the description script for descriptions."""
    if options.master is not None and not options.master.is_file():
        raise ReadError("master file not found", path=str(options.master))
    read: dict[str, Master] = {}

    def master_of(view: Settings) -> Master:
        if view.kind not in read:
            path = options.master or view.master_path
            lang = (infer_from_filename(options.master.name) or settings.master_language) \
                if options.master else settings.master_language
            track = read_track(path, lang=lang, frame_rate=settings.frame_rate) \
                if path is not None and path.is_file() else None
            read[view.kind] = (path, track, lang)
        return read[view.kind]
    return master_of


def check_files(paths: Sequence[Path], settings: Settings, options: Options,
                *, display_root: Path | None = None) -> list[FileResult]:
    """Check files; translations are compared with the master where there is one (the
    description script's translations with the script)."""
    master_of = _masters(settings, options)
    glossary = project_glossary(settings, options)
    lexicon = project_tools(settings, glossary)
    film = film_module.facts(settings, options.film)
    results = []
    for path in paths:
        view = describing.view(path, settings) if options.master is None else settings
        master_path, master, master_lang = master_of(view)
        lang = language_of(path, view, options)
        track = read_track(path, lang=lang, frame_rate=settings.frame_rate)
        is_master = master_path is not None and same_file(path, master_path)
        compare = master if master is not None and not is_master and (
            options.master is not None or lang is None
            or primary(lang) != primary(master_lang)) else None
        shown = display(path, display_root)
        recorded = project_state(view, lang) if compare is not None else None
        description = describing.setup(settings, lang, master_of(settings)[1]) \
            if view.kind == DESCRIPTIONS else None
        problems = check_track(shown, track, lang=lang, settings=settings, options=options,
                               master=compare, master_lang=master_lang, glossary=glossary,
                               state=recorded, lexicon=lexicon, film=film,
                               description=description)
        results.append(FileResult(shown, lang, track.format, len(track.cues), problems,
                                  texts=tuple(cue.text for cue in track.cues)))
    return results
