"""``subtool glossary``: the term matrix, the house style on the master, TBX/CSV exchange."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Options, Settings
from subtool.core.errors import ContentError, UsageError
from subtool.core.model import Track
from subtool.pipeline.project import refuse_output
from subtool.project.files import read_bytes, write_with_backup
from subtool.project.store import project_glossary, read_glossary
from subtool.project.tracks import read_file, read_master, read_translation

if TYPE_CHECKING:
    from subtool.engine.terminology import Row
    from subtool.terms.glossary import Glossary


def glossary_of(settings: Settings, override: Path | None) -> Glossary:
    """The glossary of ``--glossary`` or of the project; an error when there is none."""
    loaded = project_glossary(settings, Options(glossary=override))
    if loaded is None:
        raise UsageError("no glossary: the project has no 'glossary' setting",
                         hint="give one with --glossary FILE")
    return loaded


def matrix(settings: Settings, override: Path | None) -> tuple[list[Row], list[str]]:
    """The term × language matrix of the project, and its languages in order."""
    from subtool.engine import terminology  # noqa: PLC0415

    loaded = glossary_of(settings, override)
    if settings.master_path is None:
        raise UsageError("the project has no master", path=settings.source)
    master = read_master(settings)
    tracks: list[tuple[str, Track]] = []
    for lang in settings.languages:
        track = read_translation(settings, lang)
        if track is not None:
            tracks.append((lang, track))
    return terminology.matrix(loaded, master, tracks), [lang for lang, _ in tracks]


@dataclass(frozen=True)
class Restyle:
    """The house style applied to one file (``after`` equals ``before``: nothing to do)."""

    path: Path
    before: str
    after: str
    changed_cues: tuple[int, ...]
    written: bool


def apply_style(settings: Settings, override: Path | None, paths: Sequence[Path],
                *, write: bool) -> list[Restyle]:
    """Rewrite files in the master's language to the house style (or only compute it)."""
    from subtool.engine import terminology  # noqa: PLC0415

    loaded = glossary_of(settings, override)
    targets = list(paths) or ([settings.master_path] if settings.master_path else [])
    if not targets:
        raise UsageError("no file given and the project has no master")
    done = []
    for path in targets:
        # Read as check reads it (the master's language, line ends of any kind), so that
        # apply finds exactly what the house-style rule reports.
        read = read_file(path, lang=settings.master_language, frame_rate=settings.frame_rate)
        track = read.track
        broken = [d for d in track.diagnostics if d.rule in ("parse-error", "encoding")]
        if broken:
            raise ContentError(f"not changed: {broken[0].message}", path=str(path),
                               line=broken[0].line,
                               hint="fix it first (subtool check shows every problem)")
        before = read.text
        result = terminology.restyle_source(before, track, loaded)
        written = write and result.text != before and write_with_backup(
            path, result.text.encode("utf-8"))
        done.append(Restyle(path, before, result.text, result.changed_cues, written))
    return done


def export(settings: Settings, override: Path | None, fmt: str) -> str:
    """The glossary as TBX (for CAT tools) or CSV."""
    from subtool.terms.csvfile import to_csv  # noqa: PLC0415

    if fmt not in ("tbx", "csv"):
        raise UsageError(f"--format: unknown format {fmt!r}", hint="use tbx or csv")
    loaded = glossary_of(settings, override)
    if fmt == "tbx":
        from subtool.terms.tbx import to_tbx  # noqa: PLC0415

        return to_tbx(loaded)
    return to_csv(loaded)


@dataclass(frozen=True)
class GlossaryImport:
    """What ``glossary import`` did."""

    target: Path
    concepts: int
    languages: int
    changed: bool


def import_tbx(settings: Settings, source: Path, output: Path | None,
               *, force: bool) -> GlossaryImport:
    """A TBX (or CSV) glossary into the project's CSV; an existing different one only with
    ``force`` (a ``.bak`` copy is kept)."""
    from subtool.terms.csvfile import to_csv  # noqa: PLC0415

    loaded = read_glossary(source, source=settings.master_language,
                           languages=(settings.master_language, *settings.languages))
    target = output or (settings.path(settings.glossary) if settings.glossary else None)
    if target is None:
        raise UsageError("where to? the project has no 'glossary' setting; give --output FILE")
    if output is not None:
        # Its job is the glossary: no other file of the project, no folder made on the way.
        refuse_output(output, settings, force=True, allowed=[settings.path(settings.glossary)]
                      if settings.glossary else [])
    data = to_csv(loaded).encode("utf-8")
    if target.exists() and not force and read_bytes(target) != data:
        raise UsageError("exists and differs; nothing was changed", path=str(target),
                         hint="add --force to replace it (a .bak copy is kept)")
    changed = write_with_backup(target, data)
    return GlossaryImport(target, len(loaded.entries), len(loaded.languages), changed)
