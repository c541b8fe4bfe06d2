"""Where the commands' text goes: the terminal, a file, or standard error."""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.project.files import write_atomic

if TYPE_CHECKING:
    from subtool.config import Settings


def colour(stream: object) -> bool:
    """Whether to colour output on ``stream`` (a terminal, unless NO_COLOR is set)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def data_output() -> None:
    """Standard output as UTF-8, whatever the terminal's encoding, for what is data rather
    than prose: JSON, SARIF, JUnit XML, GitHub annotations, Markdown, a diff of UTF-8 files.
    Those are UTF-8 by definition (RFC 8259, SARIF 2.1.0, the files they quote), and a
    legacy code page (a Windows console redirected to a file: cp1252) cannot hold the
    film's Arabic, Cyrillic and Greek text. Prose for people keeps the terminal's encoding,
    with escapes for what it cannot show (``cli.app.main``)."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name != "utf-8":
        stream.flush()
        stream.reconfigure(encoding="utf-8", errors="strict")


def emit(text: str, output: Path | None, *, inputs: tuple[Path, ...] = (),
         force: bool = True, project: Settings | None = None,
         folder: Path | None = None) -> None:
    """Write a result to standard output, or to ``output``: never over one of the
    project's own files or the command's input files, never into a folder that does not
    exist (``folder``: a per-language output folder that may be made), over another
    existing file only with ``force`` (``pipeline.project.refuse_output``). UTF-8 either
    way, the same bytes (an export, a diff, a subtitle file is data, see ``data_output``).
    ``project``: the settings the command works with (default: the nearest project's)."""
    if output is None:
        data_output()
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from subtool.pipeline.project import refuse_output, settings  # noqa: PLC0415

    refuse_output(output, project if project is not None else settings(None), force=force,
                  inputs=inputs, folder=folder)
    write_atomic(output, text.encode("utf-8"))


def note(text: str) -> None:
    """A message for the person at the terminal (standard error, so pipes stay clean); the
    control characters of file names and quoted text are shown as escapes."""
    from subtool.render.escape import terminal  # noqa: PLC0415

    sys.stderr.write(terminal(text) + "\n")
    sys.stderr.flush()
