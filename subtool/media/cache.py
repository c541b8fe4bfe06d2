"""The analysis cache: film facts stored as JSON under the film's content hash.

Kept apart from the analysis so that the project I/O layer can take it over: it is the only
module of ``subtool.media`` that writes files. Writes are atomic (a temporary file in the
same folder, then ``os.replace``), so an interrupted run never leaves half a cache entry, and
two runs writing the same entry at once both leave a whole one.

The key is the file's size and SHA-256 (the whole file, read in 1 MiB blocks: measured at
well under a second for a 140 MB film, see the README) plus the analyser's version, so a
changed film or a changed analyser never reads an old answer. Renaming or moving the film
keeps its cache entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from subtool.core.errors import ReadError
from subtool.media.model import FilmFacts

BLOCK = 1 << 20


def content_hash(path: Path) -> str:
    """``<size>-<sha256 hex>`` of the file's bytes; ReadError when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            for block in iter(lambda: f.read(BLOCK), b""):
                digest.update(block)
    except OSError as exc:
        raise ReadError(f"the film cannot be read: {exc.strerror or exc}",
                        path=str(path)) from exc
    return f"{size}-{digest.hexdigest()}"


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
    target = entry_path(cache_dir, key, version)
    tmp = ""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".film-", suffix=".tmp", dir=cache_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(facts.to_json(), f, separators=(",", ":"))
            f.write("\n")
        os.replace(tmp, target)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
