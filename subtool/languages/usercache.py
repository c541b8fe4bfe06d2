"""What subtool keeps between runs only to save time: the user's cache folder.

The folder is ``$SUBTOOL_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/subtool`` or
``~/.cache/subtool`` (``subtool.project.lexicon`` puts a project's word caches in the project
instead). Everything in it may be deleted at any time; a file that cannot be read or written
is ignored, and the work is done again.

``remembered`` keeps the result of reading a text (a language file's TOML) under a
fingerprint of the text itself, so a changed text can never get an old result: the reading
of the language files (the TOML reader's import and its parse: 20 million instructions, a
twentieth of ``subtool check`` of 100 cues) is then one small JSON file read by the C
decoder.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_ENV = "SUBTOOL_CACHE_DIR"


def user_cache_folder() -> Path | None:
    """The user's cache folder (see above); None for a user without a home folder and no
    ``$HOME`` (a container run under an arbitrary user id): nothing is kept then."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # "Could not determine home directory."
            return None
    return Path(base) / "subtool"


def fingerprint(text: str) -> str:
    """A name for ``text``'s content: two checksums (zlib, C speed; hashlib's OpenSSL costs
    milliseconds to import) and the length."""
    data = text.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def remembered(kind: str, text: str, read: Callable[[str], Any]) -> Any:
    """``read(text)``, kept as ``<cache>/<kind>-<fingerprint>.json`` for the next run.

    ``read`` must return what JSON holds (tables, lists, text, numbers, true/false); a result
    JSON cannot hold is not kept. Errors of ``read`` are raised as they are and nothing is
    kept. A kept file starts with a line naming what it holds (the kind, the text's
    fingerprint and a checksum of the JSON after it): a file that does not match, whether
    damaged, emptied or another file copied over it, is read around and written again, never
    taken for the text's reading.
    """
    folder = user_cache_folder()
    mark = f"{kind}-{fingerprint(text)}"
    path = folder / f"{mark}.json" if folder is not None else None
    if path is not None:
        try:
            stored = path.read_bytes()
        except OSError:
            pass
        else:
            header, _, body = stored.partition(b"\n")
            if header == _header(mark, body):
                import json  # noqa: PLC0415 - only with a cache file

                try:
                    return json.loads(body)
                except ValueError:
                    pass  # cannot be (the checksum matched); read the text again anyway
    value = read(text)
    if path is not None:
        _keep(path, mark, value)
    return value


def _header(mark: str, body: bytes) -> bytes:
    return f"subtool {mark} {zlib.crc32(body):08x}".encode("ascii")


def _keep(path: Path, mark: str, value: Any) -> None:
    import json  # noqa: PLC0415 - as above

    try:
        body = json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return  # a value JSON cannot hold (a TOML date): read again next time
    # Atomic: a second run reading at the same moment sees the whole file or none.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_header(mark, body) + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
