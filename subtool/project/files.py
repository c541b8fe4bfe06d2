"""Reading and writing files: the one place where subtool touches the disk for its data.

Every write goes to a temporary file in the target's folder, is flushed to disk and then
renamed over the target, so a crash or Ctrl-C never leaves a half-written file. A write keeps
the file's permissions (a track that only its owner may read stays so) and goes through a
symbolic link to the file it points to (the link stays a link). The temporary file is
removed on every way out, including Ctrl-C.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path

from subtool.core.errors import ContentError, ReadError, UsageError, WriteError

# Files subtool creates get the mode a new file would get from the user's umask.
_DEFAULT_MODE = 0o666


def read_bytes(path: Path) -> bytes:
    """Read a whole file; a missing or unreadable path becomes a ReadError (exit 2)."""
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            raise ReadError("is not a regular file (a device, a socket or a pipe)",
                            path=str(path), hint="give the subtitle file itself")
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


def read_utf8(path: Path, *, what: str = "file") -> str:
    """A text file that must be UTF-8 (a BOM is allowed); otherwise a ContentError naming
    the line of the first byte that is not UTF-8."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(f"is not UTF-8 text (the {what} must be saved as UTF-8)",
                           path=str(path), line=data.count(b"\n", 0, exc.start) + 1,
                           hint="save it as UTF-8 in your editor; nothing was changed") from None


def _target(path: Path) -> Path:
    """The file a write should replace: the end of a chain of symbolic links."""
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop of links
        raise WriteError("is a symbolic link that leads nowhere (a loop)", path=str(path),
                         hint="remove the link or point it at a file") from None


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return _DEFAULT_MODE & ~umask


def write_atomic(path: Path, data: bytes, *, only_if_changed: bool = False,
                 mode: int | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; return whether the file was (re)written.

    With ``only_if_changed``, a file that already holds exactly ``data`` is left alone, so
    its modification time does not change (builds stay quiet for unchanged outputs).
    ``mode`` gives the new file these permissions (default: those of the file it replaces).
    """
    target = _target(path)
    if only_if_changed:
        with contextlib.suppress(OSError):
            if target.is_file() and target.read_bytes() == data:
                return False
    mode = _mode_of(target) if mode is None else mode
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(f"cannot write here: {reason}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(f"cannot be written: {exc.strerror or exc}", path=str(path)) from None
    finally:
        # Gone after a successful replace; removed after an error or an interrupt.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return True


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``<name>.bak`` beside it."""
    return path.with_name(path.name + ".bak")


def _keep_backup(path: Path, old: bytes) -> None:
    """Keep ``old`` as ``<name>.bak`` beside ``path`` (beside the link, for a link), with the
    permissions of the file it copies: a track only its owner may read has a backup only
    its owner may read, from the moment it exists."""
    write_atomic(backup_path(path), old, mode=_mode_of(_target(path)))


def write_with_backup(path: Path, data: bytes) -> bool:
    """Replace a person's file, keeping its previous content as ``<name>.bak``.

    Nothing is written when the content is unchanged; a file that does not exist yet gets no
    backup. Returns whether the file changed.
    """
    target = _target(path)
    try:
        old = target.read_bytes() if target.is_file() else None
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from None
    if old == data:
        return False
    if old is not None:
        _keep_backup(path, old)
    return write_atomic(path, data)


def refuse_overwrite(path: Path, *, force: bool) -> None:
    """Stop before replacing an existing file that the command did not create."""
    if not force and (path.exists() or path.is_symlink()):
        raise UsageError("already exists; add --force to overwrite it", path=str(path))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (links and ``..`` resolved)."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


# A write of several files that belong together (a track and its translation state) is a
# small transaction: every new content is first written to a temporary file beside its
# target and flushed; then a journal naming each (temporary, target) pair is written
# atomically; then the targets are replaced; then the journal is removed. A run killed
# before the journal exists leaves the old files; one killed after it is rolled forward by
# ``recover`` at the next start. Either way the files are all old or all new.
JOURNAL = ".subtool-commit.json"


def write_together(items: Sequence[tuple[Path, bytes]], *, journal_dir: Path,
                   backup: Collection[Path] = ()) -> list[Path]:
    """Replace several files as one; keep ``<name>.bak`` of those in ``backup`` that change.

    Returns the paths whose content changed (unchanged files are not touched).
    """
    pending: list[tuple[str, Path, Path]] = []  # (temporary, target, path as given)
    try:
        for path, data in items:
            target = _target(path)
            with contextlib.suppress(OSError):
                if target.is_file() and target.read_bytes() == data:
                    continue
            pending.append((_temporary(target, data), target, path))
        if not pending:
            return []
        journal = json.dumps({"replace": [[tmp, str(target)] for tmp, target, _ in pending]})
        write_atomic(journal_dir / JOURNAL, journal.encode("utf-8"))
    except BaseException:
        for tmp, _target_path, _path in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    wanted = {_target(p) for p in backup}
    for _tmp, target, path in pending:
        if target in wanted and target.is_file():
            _keep_backup(path, target.read_bytes())
    _roll_forward(journal_dir)
    return [target for _tmp, target, _path in pending]


def _temporary(target: Path, data: bytes) -> str:
    mode = _mode_of(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"cannot write here: {exc.strerror or exc}", path=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _roll_forward(journal_dir: Path) -> None:
    journal = journal_dir / JOURNAL
    try:
        pairs = json.loads(journal.read_text("utf-8"))["replace"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        raise WriteError("an interrupted write left a journal that cannot be read",
                         path=str(journal),
                         hint="check the track and its state file by hand (git diff), then "
                              "delete the journal") from None
    for tmp, target in pairs:
        if os.path.exists(tmp):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise WriteError(f"cannot be written: {exc.strerror or exc}", path=target,
                                 hint=f"the interrupted write is recorded in {journal}; "
                                      "run the command again") from None
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal)


def recover(journal_dir: Path) -> bool:
    """Finish a write that a killed run left half done (see ``write_together``); whether
    there was one."""
    if not (journal_dir / JOURNAL).is_file():
        return False
    _roll_forward(journal_dir)
    return True
