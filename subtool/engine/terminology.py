"""Terminology across the film: the term × language matrix, and house style on the master.

``matrix`` answers, for every approved or do-not-translate concept found in the master, in
which master cues it occurs and whether each translated track carries it there (the same
test as the ``glossary-term`` and ``do-not-translate`` rules). ``restyle_source`` rewrites
only the cue-text lines of a subtitle file, so everything else stays byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from subtool.core.model import Track
from subtool.profiles import limits_for
from subtool.rules.base import Context, missing_terms
from subtool.terms.glossary import Glossary
from subtool.terms.style import apply_house_style, house_style


@dataclass(frozen=True)
class Row:
    """One concept: where the master uses it, and per language the cues that miss it."""

    entry: str
    term: str
    status: str
    master_cues: tuple[int, ...]
    missing: dict[str, tuple[int, ...]]
    no_term: frozenset[str]


def matrix(glossary: Glossary, master: Track, tracks: Sequence[tuple[str, Track]]) -> list[Row]:
    """The matrix for ``tracks`` (translations) against ``master``."""
    statuses = ("approved", "do-not-translate")
    found = [glossary.with_status(set(f), statuses) for f in glossary.find_in_source(master.cues)]
    missing: dict[str, dict[str, list[int]]] = {}
    for lang, track in tracks:
        ctx = Context("", track, lang=lang, limits=limits_for("senior", lang), master=master,
                      master_lang=glossary.source, glossary=glossary)
        for status in statuses:
            for i, entry in missing_terms(ctx, (status,)):
                missing.setdefault(entry.id, {}).setdefault(lang, []).append(i + 1)
    rows = []
    for index, entry in enumerate(glossary.entries):
        if entry.status not in statuses:
            continue
        cues = tuple(m + 1 for m, hits in enumerate(found) if index in hits)
        if not cues:
            continue
        no_term = frozenset(lang for lang, _ in tracks
                            if entry.status == "approved" and not entry.forms(lang))
        rows.append(Row(entry.id, entry.forms(glossary.source)[0], entry.status, cues,
                        {lang: tuple(c) for lang, c in missing.get(entry.id, {}).items()},
                        no_term))
    return rows


@dataclass(frozen=True)
class Restyled:
    """The result of applying the house style to a subtitle file's text."""

    text: str
    changed_cues: tuple[int, ...]



def restyle_source(text: str, track: Track, glossary: Glossary) -> Restyled:
    """Apply the house style to the cue-text lines of ``text`` (the file ``track`` came from)."""
    variants = house_style(glossary)
    lines = text.split("\n")
    changed = []
    for number, cue in enumerate(track.cues, 1):
        if not cue.line:
            continue
        count = len(cue.text.split("\n")) if cue.text else 0
        touched = False
        for k in range(cue.line, cue.line + count):  # cue.line is 1-based: text starts after
            if k < len(lines):
                new = apply_house_style(lines[k], variants)
                touched |= new != lines[k]
                lines[k] = new
        if touched:
            changed.append(number)
    return Restyled("\n".join(lines), tuple(changed))
