"""The translation memory: every machine translation received, on disk, reused on later runs.

A JSON-lines file, one translation per line::

    {"key": "<sha256>", "provider": "libre", "pair": "de>uk", "text": "…"}

``key`` is the sha256 of ``provider|source|target|glossary version|source text``, so a
changed master text, another provider or language pair, or any change to the glossary
(whose terms shape the result) misses, and everything else hits: a second run with the
same input sends no request at all.

Each result is appended the moment it arrives, in one ``write`` on a file opened for
appending, so nothing buffers it in the process: a run stopped by Ctrl-C, a crash or an
exhausted quota loses nothing already received, and the next run resumes from there. A
line cut short by a crash (the only damage appending can leave) is skipped on reading and
the next append starts on a fresh line. The newest line for a key wins; :meth:`compact`
rewrites the file atomically without the superseded and damaged lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from types import TracebackType

from subtool.core.errors import WriteError
from subtool.project.files import read_bytes, write_atomic


class Memory:
    """A translation memory in ``path`` (or only in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._entries: dict[str, str] = {}
        self._lines: dict[str, str] = {}
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._needs_newline = False
        self.damaged = 0
        if path is not None and path.is_file():
            self._load(read_bytes(path))

    def _load(self, data: bytes) -> None:
        self._needs_newline = bool(data) and not data.endswith(b"\n")
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            try:
                item = json.loads(raw.decode("utf-8"))
            except ValueError:  # a line cut short by a crash, or edited by hand
                self.damaged += 1
                continue
            if isinstance(item, dict) and isinstance(item.get("key"), str) \
                    and isinstance(item.get("text"), str):
                self._entries[item["key"]] = item["text"]
                self._lines[item["key"]] = raw.decode("utf-8")
            else:
                self.damaged += 1

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> str | None:
        """The stored translation for ``key``, or None."""
        with self._lock:
            return self._entries.get(key)

    def put(self, key: str, text: str, *, provider: str = "", pair: str = "") -> None:
        """Store a translation and append it to the file at once (thread-safe)."""
        line = json.dumps({"key": key, "provider": provider, "pair": pair, "text": text},
                          ensure_ascii=False)
        with self._lock:
            self._entries[key] = text
            self._lines[key] = line
            if self.path is None:
                return
            data = ("\n" if self._needs_newline else "") + line + "\n"
            try:
                if self._fd is None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                # One write of the whole line: O_APPEND puts it at the end even when two
                # runs share the file, and nothing is left in a buffer of this process.
                os.write(self._fd, data.encode("utf-8"))
            except OSError as exc:
                raise WriteError(f"cannot be written: {exc.strerror or exc}",
                                 path=str(self.path)) from None
            self._needs_newline = False

    def compact(self) -> bool:
        """Rewrite the file with one line per key (atomically); whether it changed."""
        if self.path is None:
            return False
        with self._lock:
            data = "".join(line + "\n" for line in self._lines.values()).encode("utf-8")
            self.close_file()
            changed = write_atomic(self.path, data, only_if_changed=True)
            self.damaged = 0
            self._needs_newline = False
            return changed

    def close_file(self) -> None:
        """Close the file (it is reopened by the next :meth:`put`)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self.close_file()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
