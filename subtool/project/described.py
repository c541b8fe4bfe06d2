"""The described versions of the film a build made, and the inputs each was made from.

A described version (``<slug>.described.<lang>.m4a`` and ``.mp4`` in the output folder) is
hundreds of megabytes and takes seconds of ffmpeg to make, so it is kept with a record of
what it was made from: ``.subtool-cache/described/<name>.json`` holds the key of its inputs
(the film's content, the descriptions' times and words, the voice, the mixer and the tools'
versions; ``subtool.pipeline.described``) and each file's size and modification time. A
build whose key equals the record's, with both files as the record left them, touches
nothing: like the text outputs, a rebuild with unchanged inputs writes nothing.

ffmpeg writes into hidden partial files beside the targets, which replace them only when
both are complete, so an interrupted build never leaves half a film under the real name.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import SubtoolError, WriteError
from subtool.project.files import write_atomic

RECORD_FOLDER = ".subtool-cache/described"


def record_path(settings: Settings, name: str) -> Path:
    """Where the record of the described version ``name`` is kept."""
    return settings.root / RECORD_FOLDER / f"{name}.json"


def _status(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def is_current(record: Path, key: str, files: Sequence[Path]) -> bool:
    """Whether ``files`` are what the record says was made from ``key`` (each there, with
    the size and modification time it had when it was written)."""
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(kept, dict) or kept.get("key") != key:
        return False
    statuses = kept.get("files", {})
    return isinstance(statuses, dict) and all(
        _status(path) is not None and statuses.get(path.name) == _status(path)
        for path in files)


def remember(record: Path, key: str, files: Sequence[Path]) -> None:
    """Record that ``files`` were made from ``key`` (a record that cannot be written only
    costs a new mix next time)."""
    doc = {"key": key, "files": {path.name: _status(path) for path in files}}
    with contextlib.suppress(SubtoolError, OSError):
        write_atomic(record, (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode())


def partial(target: Path) -> Path:
    """The hidden file beside ``target`` that ffmpeg writes first (same extension, so the
    container is the target's)."""
    return target.with_name(f".{target.stem}.partial{target.suffix}")


def prepare(folder: Path) -> None:
    """Make the output folder (ffmpeg writes into it)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"the output folder cannot be made: {exc.strerror or exc}",
                         path=str(folder)) from exc


def put_in_place(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Move each finished partial file onto its target (an atomic rename each)."""
    for done, target in pairs:
        try:
            os.replace(done, target)
        except OSError as exc:
            raise WriteError(f"cannot be written: {exc.strerror or exc}",
                             path=str(target)) from exc


def discard(paths: Sequence[Path]) -> None:
    """Remove partial files a failed mix left."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A temporary folder for the synthesised descriptions, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="subtool-described-") as folder:
        yield Path(folder)
