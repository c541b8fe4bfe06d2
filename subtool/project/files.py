"""Reading and writing files: the one place where subtool touches the disk for its data.

Every write goes to a temporary file in the target's folder, is flushed to disk and then
renamed over the target, so a crash or Ctrl-C never leaves a half-written file. A write keeps
the file's permissions (a track that only its owner may read stays so) and goes through a
symbolic link to the file it points to (the link stays a link). The temporary file is
removed on every way out, including Ctrl-C; one that a killed run (SIGKILL, power loss)
left behind is removed by the next run (``remove_stale_temporaries``), never one that a
run still going could be writing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from pathlib import Path

from subtool.core.errors import ContentError, ReadError, UsageError, WriteError
from subtool.core.patterns import lazy

# Files subtool creates get the mode a new file would get from the user's umask.
_DEFAULT_MODE = 0o666
# The temporary files of a write: ``.<name>.<8 characters of mkstemp>.tmp`` beside ``name``.
_TEMPORARY = lazy(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
# When this run started: a temporary file last written before it belongs to an earlier
# run. (Two subtool commands writing one project at the same moment are not supported.)
_STARTED = time.time()


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
    """The file a write should replace: the end of a chain of symbolic links, which must be
    a regular file or nothing yet (a rename over a device, a pipe or a folder would replace
    it: ``--output /dev/null`` would leave a regular file where the device was)."""
    target = path
    if path.is_symlink():
        try:
            target = path.resolve(strict=False)
        except (OSError, RuntimeError):  # a loop of links
            raise WriteError("is a symbolic link that leads nowhere (a loop)", path=str(path),
                             hint="remove the link or point it at a file") from None
    try:
        mode = target.stat().st_mode
    except OSError:
        return target  # nothing there yet (or a dangling link): a new file
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "a device, a pipe or a socket"
        raise WriteError(f"is {what}, not a file: subtool writes only regular files",
                         path=str(path), hint="give the name of a file to write")
    return target


def _owner_of(path: Path) -> tuple[int, int] | None:
    """The owner and group of an existing file (None for a new one: the writer's)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_uid, info.st_gid


def _give(tmp: str, owner: tuple[int, int] | None) -> None:
    """Give the new version of a file the owner and group of the old one: a rename
    replaces the file, and a new file belongs to whoever writes it (root's ``fix --write``
    of a track that belongs to the office's user would take it from them). Only root may
    give a file away; anyone may give it a group they belong to, so the group is kept
    where the owner cannot be; where neither is allowed the writer's stay."""
    if owner is None or not hasattr(os, "chown"):
        return
    try:
        info = os.stat(tmp)
        if (info.st_uid, info.st_gid) == owner:
            return
        os.chown(tmp, *owner)
    except PermissionError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, owner[1])
    except OSError:
        pass


def refuse_read_only(path: Path) -> None:
    """Stop before replacing a file its owner made read-only (``chmod 444``): a rename in
    a writable folder would replace it anyway. Root may write any file, so for root a
    file that nobody may write (no write bit at all) counts as read-only too."""
    target = _target(path)
    try:
        info = target.stat()
    except OSError:
        return  # a new file
    if info.st_mode & 0o222 and os.access(target, os.W_OK):
        return
    raise WriteError("is read-only: subtool does not replace a file that is not writable "
                     "(not even when told to overwrite)", path=str(path),
                     hint=f"if it should change, make it writable first (chmod u+w "
                          f"{path}) and run the command again; nothing was written")


def _umask() -> int:
    umask = os.umask(0)  # the only way to read it is to set it: set it back at once
    os.umask(umask)
    return umask


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return _DEFAULT_MODE & ~_umask()


def write_atomic(path: Path, data: bytes, *, only_if_changed: bool = False,
                 mode: int | None = None, like: Path | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; return whether the file was (re)written.

    With ``only_if_changed``, a file that already holds exactly ``data`` is left alone, so
    its modification time does not change (builds stay quiet for unchanged outputs).
    ``mode`` gives the new file these permissions (default: those of the file it replaces).
    The new file keeps the owner and group of the one it replaces, or takes those of
    ``like`` (a backup: those of the file it copies), where the system allows. A file that
    is read-only is not replaced (``refuse_read_only``), but for one of subtool's own
    (``like`` given: a backup).
    """
    target = _target(path)
    if only_if_changed:
        with contextlib.suppress(OSError):
            if target.is_file() and target.read_bytes() == data:
                return False
    if like is None:
        refuse_read_only(path)
    owner = _owner_of(target if like is None else like)
    remove_stale_temporaries([target.parent], only=target.name)
    mode = _mode_of(target) if mode is None else mode
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # noqa: PLC0415 - a check writes nothing: no start-up cost
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(f"cannot write here: {reason}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _give(tmp, owner)
        os.chmod(tmp, mode)  # after chown, which may clear the set-id bits
        os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(f"cannot be written: {exc.strerror or exc}", path=str(path)) from None
    finally:
        # Gone after a successful replace; removed after an error or an interrupt.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return True


def copy_file(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` atomically (a big file in chunks, never whole in
    memory), with the source's permissions less the umask (as ``cp``); whether it was
    copied (an identical file of the same size and modification time is left alone, so a
    second preview does not copy a film again)."""
    if same_file(source, target):
        return False
    try:
        info = source.stat()
        if target.is_file():
            existing = target.stat()
            if (existing.st_size, existing.st_mtime_ns) == (info.st_size, info.st_mtime_ns):
                return False
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # noqa: PLC0415 - a check writes nothing: no start-up cost
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"cannot copy {source} here: {exc.strerror or exc}",
                         path=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out, 1 << 20)
        # mkstemp makes the copy 0600: a web server serving the preview could not read the
        # film. The copy gets the source's mode less the umask, as cp gives it.
        os.chmod(tmp, stat.S_IMODE(info.st_mode) & 0o777 & ~_umask())
        os.utime(tmp, ns=(info.st_atime_ns, info.st_mtime_ns))
        os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(f"cannot be written: {exc.strerror or exc}", path=str(target)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return True


def modified_on(path: Path) -> date | None:
    """The day ``path`` was last modified (local time), or None when it cannot be read."""
    try:
        return date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``<name>.bak`` beside it."""
    return path.with_name(path.name + ".bak")


def numbered_backup_path(path: Path) -> Path:
    """``<name>.bak``, or when that exists the first free ``<name>.<n>.bak`` (n = 2, 3 …): a
    backup that must never replace an earlier one (the first holds a person's original)."""
    first = backup_path(path)
    if not (first.exists() or first.is_symlink()):
        return first
    n = 2
    while True:
        candidate = path.with_name(f"{path.name}.{n}.bak")
        if not (candidate.exists() or candidate.is_symlink()):
            return candidate
        n += 1


def _keep_backup(path: Path, old: bytes, *, numbered: bool = False) -> None:
    """Keep ``old`` as ``<name>.bak`` beside ``path`` (beside the link, for a link), with the
    permissions of the file it copies: a track only its owner may read has a backup only
    its owner may read, from the moment it exists. ``numbered``: never over an earlier
    backup (:func:`numbered_backup_path`)."""
    target = _target(path)
    where = numbered_backup_path(path) if numbered else backup_path(path)
    write_atomic(where, old, mode=_mode_of(target), like=target)


def write_with_backup(path: Path, data: bytes) -> bool:
    """Replace a person's file, keeping its previous content as ``<name>.bak``.

    Nothing is written when the content is unchanged; a file that does not exist yet gets no
    backup. Returns whether the file changed.
    """
    target = _target(path)
    refuse_read_only(path)
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
    """Whether two paths name the same file: links and ``..`` resolved, and two names of
    one file (a hard link, a bind mount) when both exist."""
    one, other = resolved(a), resolved(b)
    if one is not None and one == other:
        return True
    first = identity(a)
    return first is not None and first == identity(b)


def identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file ``path`` leads to, or None when there is none: two
    hard links of one file have different names and the same identity."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def resolved(path: Path) -> Path | None:
    """``path`` with links and ``..`` resolved, or None where that fails (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


# A write of several files that belong together (a track and its translation state) is a
# small transaction: every new content is first written to a temporary file beside its
# target and flushed; then a journal naming each (temporary, target) pair is written
# atomically; then the targets are replaced; then the journal is removed. A run killed
# before the journal exists leaves the old files; one killed after it is rolled forward by
# ``recover`` at the next start. Either way the files are all old or all new.
JOURNAL = ".subtool-commit.json"


def write_together(items: Sequence[tuple[Path, bytes]], *, journal_dir: Path,
                   backup: Collection[Path] = (), numbered: bool = False) -> list[Path]:
    """Replace several files as one; keep ``<name>.bak`` of those in ``backup`` that change
    (``numbered``: beside earlier backups, never over them).

    Returns the paths whose content changed (unchanged files are not touched).
    """
    pending: list[tuple[str, Path, Path]] = []  # (temporary, target, path as given)
    for path, _data in items:
        refuse_read_only(path)  # every one before the first is written
    try:
        for path, data in items:
            target = _target(path)
            with contextlib.suppress(OSError):
                if target.is_file() and target.read_bytes() == data:
                    continue
            pending.append((_temporary(target, data), target, path))
        if not pending:
            return []
        import json  # noqa: PLC0415 - only a write of several files needs it
        # Absolute paths (not resolved: links stay links): the journal is read again from
        # any folder, and a temporary is only ever accepted beside its target.
        journal = json.dumps({"replace": [[os.path.abspath(tmp), str(target.absolute())]
                                          for tmp, target, _ in pending]})
        write_atomic(journal_dir / JOURNAL, journal.encode("utf-8"))
    except BaseException:
        for tmp, _target_path, _path in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    wanted = {_target(p) for p in backup}
    for _tmp, target, path in pending:
        if target in wanted and target.is_file():
            _keep_backup(path, target.read_bytes(), numbered=numbered)
    _roll_forward(journal_dir)
    return [target for _tmp, target, _path in pending]


def _temporary(target: Path, data: bytes) -> str:
    mode, owner = _mode_of(target), _owner_of(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # noqa: PLC0415 - a check writes nothing: no start-up cost
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"cannot write here: {exc.strerror or exc}", path=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _give(tmp, owner)
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _roll_forward(journal_dir: Path) -> None:
    journal = journal_dir / JOURNAL
    try:
        import json  # noqa: PLC0415 - only a write of several files needs it
        pairs = json.loads(journal.read_text("utf-8"))["replace"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        raise WriteError("an interrupted write left a journal that cannot be read",
                         path=str(journal),
                         hint="check the track and its state file by hand (git diff), then "
                              "delete the journal") from None
    if not isinstance(pairs, list) or not all(
            isinstance(pair, list) and len(pair) == 2
            and all(isinstance(p, str) for p in pair) and _is_temporary_of(*pair)
            for pair in pairs):
        # Only ever a file subtool wrote beside its target: a journal that names anything
        # else (copied in, committed to git, edited) must not move files around.
        raise WriteError("the journal of an interrupted write names files that subtool did "
                         "not write; nothing was changed", path=str(journal),
                         hint="check the track and its state file by hand (git diff), then "
                              "delete the journal")
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


def _is_temporary_of(tmp: str, target: str) -> bool:
    """Whether ``tmp`` is a temporary file that a write of ``target`` creates."""
    tmp_path, target_path = Path(tmp), Path(target)
    m = _TEMPORARY.fullmatch(tmp_path.name)
    return (m is not None and m["name"] == target_path.name and tmp_path.is_absolute()
            and tmp_path.parent == target_path.parent)


def remove_stale_temporaries(folders: Iterable[Path], *, only: str | None = None) -> list[Path]:
    """Remove the temporary files that killed runs left in ``folders`` (those of files named
    ``only``, when given); return what was removed.

    Only regular files named as subtool names its temporaries and last written before this
    run started are removed (call ``recover`` first: it still needs those it names).
    """
    removed = []
    for folder in dict.fromkeys(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            m = _TEMPORARY.fullmatch(entry.name)
            if m is None or (only is not None and m["name"] != only):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < _STARTED:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


def recover(journal_dir: Path) -> bool:
    """Finish a write that a killed run left half done (see ``write_together``); whether
    there was one."""
    if not (journal_dir / JOURNAL).is_file():
        return False
    _roll_forward(journal_dir)
    return True
