"""File reading and atomic writing: the only places that touch the disk for subtool's data.

Every write goes to a temporary file in the same folder, is flushed to disk and then
renamed over the target, so a crash or Ctrl-C never leaves a half-written subtitle file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from subtool.core.errors import ReadError, WriteError


def read_bytes(path: Path) -> bytes:
    """Read a whole file; a missing or unreadable path becomes a ReadError (exit 2)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReadError("file not found", path=str(path),
                        hint="check the path, or run the command from the project folder") from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file", path=str(path)) from None
    except PermissionError:
        raise ReadError("no permission to read this file", path=str(path)) from None
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from None


def write_atomic(path: Path, data: bytes, *, only_if_changed: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically; return whether the file was (re)written.

    With ``only_if_changed``, a file that already holds exactly ``data`` is left alone, so
    its modification time does not change (builds stay quiet for unchanged outputs).
    """
    if only_if_changed:
        try:
            if path.read_bytes() == data:
                return False
        except OSError:
            pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write here: {exc.strerror or exc}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"cannot be written: {exc.strerror or exc}", path=str(path)) from None
    return True
