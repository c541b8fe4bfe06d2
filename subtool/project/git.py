"""A file as it was at a git revision (``subtool diff --rev``), and the day it last changed,
through git itself."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

from subtool.core.errors import UsageError

# What git accepts as a revision here: names, hashes, ``HEAD~1``, ``main^2``, ``v1.0``,
# ``@{1}``. Never an option: a revision starting with "-" would reach git as one
# (``--output=FILE`` writes a file).
_REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./~^@{}:+-]*")


def show(rev: str, path: Path) -> bytes:
    """The bytes of ``path`` at git revision ``rev``."""
    if not _REVISION.fullmatch(rev) or ".." in rev:
        raise UsageError(f"--rev: {rev!r} is not a git revision",
                         hint="give a commit, a branch or a tag, for example HEAD~1 or main")
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent or ".",
                             capture_output=True, text=True, check=True).stdout.strip()
        relative = path.resolve().relative_to(Path(top).resolve())
        return subprocess.run(["git", "show", "--end-of-options", f"{rev}:{relative.as_posix()}"],
                              cwd=top, capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise UsageError("--rev needs git, which is not installed") from None
    except ValueError:
        raise UsageError("is not inside the git repository", path=str(path)) from None
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        raise UsageError("cannot be followed (a loop of symbolic links?)",
                         path=str(path)) from None
    except subprocess.CalledProcessError as exc:
        message = (exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes)
                   else exc.stderr or "")
        raise UsageError(f"git cannot show {rev}:{path}: {message.strip() or 'unknown error'}",
                         hint="check the revision (git log) and the path") from None


def last_change(path: Path) -> date | None:
    """The day of the last commit that changed ``path``, when the file is as committed;
    None when it has uncommitted changes, is not in git, or git is not installed."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=path.parent, capture_output=True,
                              text=True, check=True).stdout.strip()

    try:
        if git("status", "--porcelain", "--", path.name):
            return None  # changed since the last commit
        day = git("log", "-1", "--format=%cs", "--", path.name)
    except (FileNotFoundError, NotADirectoryError, subprocess.CalledProcessError):
        return None
    try:
        return date.fromisoformat(day) if day else None
    except ValueError:
        return None
