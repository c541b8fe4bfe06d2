"""The film's analysis, kept between runs: facts stored as JSON under the film's content hash.

The film is analysed by ``subtool.media`` (ffmpeg and voice activity detection: seconds for
a seven-minute film); this module keeps the result so that a second run costs almost
nothing. The cache lives outside git: in a project ``.subtool-cache/media/`` beside its
configuration (``.subtool-cache/`` is in ``.gitignore``), outside one the user's cache
folder (``~/.cache/subtool/media`` on Linux, from platformdirs).

The key is the file's size and SHA-256 (the whole file, read in 1 MiB blocks: about 0.1 s
for a 145 MB film whose bytes are in the page cache, see ``subtool/media/README.md``) plus
the analyser's version, so a changed film or a changed analyser never reads an old answer.
Renaming or moving the film keeps its cache entry.

Like git's index, the key is remembered under the file's status (device, inode, size,
modification and change times in nanoseconds), so a rerun on an untouched film costs one
``stat`` instead of reading 100 MB: that keeps ``check --film`` with a cached analysis close
to ``check`` alone. Any write to the file changes its change time and so forces a new hash.

Writes are atomic (``files.write_atomic``), so an interrupted run never leaves half an entry;
a cache that cannot be written is skipped (it only saves time), and a damaged entry is
treated as missing (the film is analysed again and the entry rewritten).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.core.errors import ReadError, SubtoolError
from subtool.core.film import FilmFacts
from subtool.project.files import write_atomic

if TYPE_CHECKING:
    from subtool.config import Settings

BLOCK = 1 << 20
CACHE_FOLDER = ".subtool-cache/media"

_KEY = re.compile(r"\d+-[0-9a-f]{64}")


def cache_dir(settings: Settings) -> Path:
    """Where film analyses are kept: the project's ``.subtool-cache/media``, else the
    user's cache folder."""
    if settings.source is not None:
        return settings.root / CACHE_FOLDER
    import platformdirs  # noqa: PLC0415 (only a film outside a project needs it)

    return platformdirs.user_cache_path("subtool", appauthor=False) / "media"


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


def film_key(path: Path, folder: Path) -> str:
    """The film's content hash, remembered in ``folder`` under the file's status.

    The memo is written only when the status did not change while hashing, so a film that
    is still being copied is hashed again next time.
    """
    before = _status(path)
    memo = folder / f"stat-{before}.key"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        known = memo.read_text(encoding="ascii").strip()
        if _KEY.fullmatch(known):
            return known
    key = content_hash(path)
    if _status(path) == before:
        _write(memo, key + "\n")
    return key


def entry_path(folder: Path, key: str, version: str) -> Path:
    """Where the facts for ``key`` analysed by analyser ``version`` are stored."""
    return folder / f"film-{key}-v{version}.json"


def load(folder: Path, key: str, version: str) -> FilmFacts | None:
    """The cached facts, or None when there are none or the entry is unreadable."""
    try:
        text = entry_path(folder, key, version).read_text(encoding="utf-8")
        return FilmFacts.from_json(json.loads(text))
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def store(folder: Path, key: str, version: str, facts: FilmFacts) -> None:
    """Write the facts atomically; a cache that cannot be written is skipped silently."""
    text = json.dumps(facts.to_json(provenance=True), separators=(",", ":")) + "\n"
    _write(entry_path(folder, key, version), text)


def _write(target: Path, text: str) -> None:
    # The cache only saves time: failing to write it must not fail the command.
    with contextlib.suppress(SubtoolError, OSError):
        write_atomic(target, text.encode("utf-8"))


def analyse_cached(path: Path, folder: Path) -> FilmFacts:
    """The film's facts from the cache in ``folder``, else analysed now and stored there.

    ``subtool.media`` is imported only when the cache has no answer. Raises ReadError for a
    film that is not there, and the media errors of ``subtool.media.analysis.analyse``.
    """
    if not path.is_file():
        raise ReadError("the film file does not exist or is not a file", path=str(path),
                        hint="check the path to the film (the film setting of the project, "
                             "or the film given on the command line)")
    # Only the version on a cached run: the analysis (threads, ffmpeg, the detector) is
    # imported when there is no answer yet.
    from subtool.media.version import analyser_version  # noqa: PLC0415

    key = film_key(path, folder)
    version = analyser_version()
    cached = load(folder, key, version)
    if cached is not None:
        return cached
    from subtool.media.analysis import analyse  # noqa: PLC0415

    facts = analyse(path)
    store(folder, key, version, facts)
    return facts
