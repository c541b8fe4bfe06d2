"""The analysis cache: film facts stored as JSON under the film's content hash.

Kept apart from the analysis so that the project I/O layer can take it over: it is the only
module of ``subtool.media`` that writes files. Writes are atomic (a temporary file in the
same folder, then ``os.replace``), so an interrupted run never leaves half a cache entry, and
two runs writing the same entry at once both leave a whole one.

The key is the file's size and SHA-256 (the whole file, read in 1 MiB blocks: about 0.1 s
for a 145 MB film whose bytes are in the page cache, see the README) plus the analyser's
version, so a changed film or a changed analyser never reads an old answer. Renaming the
film keeps its cache entry.

Like git's index, the key is remembered under the file's status (device, inode, size,
modification and change times in nanoseconds), so a rerun on an untouched film costs one
``stat`` instead of reading 100 MB: that keeps ``check --film`` with a cached analysis close
to ``check`` alone. Any write to the file changes its change time and so forces a new hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from subtool.core.errors import ReadError
from subtool.media.model import FilmFacts

BLOCK = 1 << 20


_KEY = re.compile(r"\d+-[0-9a-f]{64}")


def _unreadable(path: Path, exc: OSError) -> ReadError:
    return ReadError(f"the film cannot be read: {exc.strerror or exc}", path=str(path))


def content_hash(path: Path) -> str:
    """``<size>-<sha256 hex>`` of the file's bytes; ReadError when it cannot be read."""
    digest = hashlib.sha256()
    buffer = bytearray(BLOCK)
    view = memoryview(buffer)
    size = 0
    try:
        with path.open("rb", buffering=0) as f:
            while n := f.readinto(buffer):
                digest.update(view[:n])
                size += n
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return f"{size}-{digest.hexdigest()}"


def _status(path: Path) -> str:
    try:
        st = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return f"{st.st_dev}-{st.st_ino}-{st.st_size}-{st.st_mtime_ns}-{st.st_ctime_ns}"


def film_key(path: Path, cache_dir: Path) -> str:
    """The film's content hash, remembered in ``cache_dir`` under the file's status.

    The memo is written only when the status did not change while hashing, so a film that
    is still being copied is hashed again next time.
    """
    before = _status(path)
    memo = cache_dir / f"stat-{before}.key"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        known = memo.read_text(encoding="ascii").strip()
        if _KEY.fullmatch(known):
            return known
    key = content_hash(path)
    if _status(path) == before:
        _write_atomic(memo, key + "\n")
    return key


def entry_path(cache_dir: Path, key: str, version: str) -> Path:
    """Where the facts for ``key`` analysed by analyser ``version`` are stored."""
    return cache_dir / f"film-{key}-v{version}.json"


def load(cache_dir: Path, key: str, version: str) -> FilmFacts | None:
    """The cached facts, or None when there are none or the entry is unreadable.

    A damaged entry is treated as missing (the analysis simply runs again and rewrites it).
    """
    try:
        text = entry_path(cache_dir, key, version).read_text(encoding="utf-8")
        return FilmFacts.from_json(json.loads(text))
    except (OSError, ValueError, AttributeError):
        return None


def store(cache_dir: Path, key: str, version: str, facts: FilmFacts) -> None:
    """Write the facts atomically; a cache that cannot be written is skipped silently.

    The cache only saves time: failing to write it must not fail the check.
    """
    text = json.dumps(facts.to_json(), separators=(",", ":")) + "\n"
    _write_atomic(entry_path(cache_dir, key, version), text)


def _write_atomic(target: Path, text: str) -> None:
    tmp = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".film-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
