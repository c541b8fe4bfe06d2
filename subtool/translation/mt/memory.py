"""The translation memory as the drafting engine sees it: keys, and a store to ask.

The store itself (an append-only file in the project's cache, written as results arrive) is
``subtool.project.memory.Memory``; the engine takes any object with ``get`` and ``put``.
"""

from __future__ import annotations

import hashlib
from typing import Protocol


def memory_key(provider: str, source: str, target: str, glossary_version: str,
               text: str) -> str:
    """The memory key of one source text (hex sha256)."""
    material = "|".join((provider, source, target, glossary_version, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def draft_record_key(track: str, start: int, end: int) -> str:
    """The memory key under which the text a machine draft wrote into the cue of ``track``
    (the track's path in the project) at ``start``-``end`` ms is kept: a later run tells a
    person's edit of the draft from the draft itself by it."""
    material = "|".join(("draft-record", track, str(start), str(end)))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class TranslationMemory(Protocol):
    """What the drafting engine needs of a translation memory."""

    def get(self, key: str) -> str | None:
        """The stored translation for ``key``, if any."""

    def put(self, key: str, text: str, *, provider: str = "", pair: str = "") -> None:
        """Store a translation (at once: a run cut short keeps it)."""
