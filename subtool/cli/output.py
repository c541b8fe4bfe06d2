"""Where the commands' text goes: the terminal, a file, or standard error."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from subtool.project.files import refuse_overwrite, same_file, write_atomic


def colour(stream: object) -> bool:
    """Whether to colour output on ``stream`` (a terminal, unless NO_COLOR is set)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit(text: str, output: Path | None, *, inputs: tuple[Path, ...] = (),
         force: bool = True) -> None:
    """Write a result to standard output, or to ``output`` (never over one of the command's
    own input files; over another existing file only with ``force``)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from subtool.core.errors import UsageError  # noqa: PLC0415

    if any(same_file(output, given) for given in inputs):
        raise UsageError("is one of the files being read: give another --output file",
                         path=str(output), hint="nothing was written")
    refuse_overwrite(output, force=force)
    write_atomic(output, text.encode("utf-8"))


def note(text: str) -> None:
    """A message for the person at the terminal (standard error, so pipes stay clean); the
    control characters of file names and quoted text are shown as escapes."""
    from subtool.render.escape import terminal  # noqa: PLC0415

    sys.stderr.write(terminal(text) + "\n")
    sys.stderr.flush()
