"""``subtool convert``: one subtitle file into another format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from subtool import formats
from subtool.config import Options, Settings
from subtool.core.errors import ContentError, UsageError
from subtool.core.model import Severity
from subtool.engine.check import check_track
from subtool.languages import infer_from_filename
from subtool.pipeline.project import refuse_output
from subtool.project.files import same_file, write_atomic
from subtool.project.tracks import display, read_file
from subtool.render.readout import readout_json


@dataclass(frozen=True)
class Converted:
    """What was written (``blocking``: the read-out of a file with error-level problems)."""

    target: Path
    cues: int
    format: str
    converted_from: str = ""
    blocking: bool = False


def read_out(source: Path, target: Path, settings: Settings, *, force: bool,
             frame_rate: float, lang: str | None = None) -> Converted:
    """Write what subtool read from ``source`` as JSON: its cues and its problems (every
    rule, as ``check`` runs them), also when the file has problems."""
    if same_file(source, target):
        raise ContentError("is the file being read: give another output file",
                           path=str(target), hint="nothing was written")
    refuse_output(target, settings, force=force)
    read = read_file(source, lang=lang, frame_rate=frame_rate)
    chosen = lang or infer_from_filename(source.name)
    problems = check_track(display(source), read.track, lang=chosen, settings=settings,
                           options=Options(lang=lang))
    write_atomic(target, readout_json(read.track, problems).encode("utf-8"))
    return Converted(target, len(read.track.cues), "json", read.converted_from,
                     any(p.severity is Severity.ERROR for p in problems))


def convert(source: Path, target: Path, settings: Settings, *, force: bool,
            frame_rate: float, lang: str | None = None) -> Converted:
    """Read ``source`` and write it to ``target`` in the format of ``target``'s extension.

    A file with parse errors is not converted (the cues that could not be read would be
    lost), nor one with damaged (not UTF-8) lines or an existing ``target`` without
    ``force``, nor over one of the project's own files (``import`` brings a delivery
    into the project, with a ``.bak``). A legacy code page (decided by ``lang``, else the
    file name's language) is converted to UTF-8 on purpose, and ``converted_from`` says so.
    """
    fmt = formats.format_of(target)
    formats.check_writable(fmt)
    if same_file(source, target):
        raise UsageError("is the file being converted: give another output file",
                           path=str(target), hint="nothing was written")
    refuse_output(target, settings, force=force)
    read = read_file(source, lang=lang, frame_rate=frame_rate)
    if read.damaged and not force:
        raise ContentError("has lines that are not valid UTF-8 (subtool check names them)",
                           path=str(source), hint="fix them, or add --force to convert the "
                                                  "file as it was read; nothing was written")
    track = read.track
    blocking = [d for d in track.diagnostics if d.rule == "parse-error"]
    if blocking:
        first = blocking[0]
        raise ContentError(
            f"cannot be converted: {first.message}"
            + (f" (and {len(blocking) - 1} more problems)" if len(blocking) > 1 else ""),
            path=str(source), line=first.line,
            hint="run 'subtool check' on it and fix the parse errors first; nothing was written")
    try:
        out = formats.compose(formats.retarget(track, fmt), fmt, frame_rate=frame_rate)
    except ContentError as exc:
        # The cue the writer names is the source file's: say which file that is.
        exc.path = exc.path or str(source)
        raise
    write_atomic(target, out.encode("utf-8"))
    return Converted(target, len(track.cues), fmt, read.converted_from)
