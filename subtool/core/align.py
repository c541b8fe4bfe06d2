"""Alignment of a translated track to its master by time, never by cue number.

Two cues are aligned when they overlap for at least half of the shorter one: a translation
retimed by a frame or two still aligns, a cue that merely touches its neighbour does not.
One master cue may align with several translated cues (a split) and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from subtool.core.model import Cue


@dataclass(frozen=True, slots=True)
class Alignment:
    """For each translated cue the aligned master cue indices, and the reverse (0-based)."""

    master_for: tuple[tuple[int, ...], ...]
    translation_for: tuple[tuple[int, ...], ...]


def aligned(a: Cue, b: Cue) -> bool:
    """Whether two cues show at the same time (overlap ≥ half of the shorter cue)."""
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.duration, b.duration)
    if shorter <= 0:
        return a.start == b.start or (overlap >= 0 and a.start < b.end and b.start < a.end)
    return overlap * 2 >= shorter


def align(master: tuple[Cue, ...], translation: tuple[Cue, ...]) -> Alignment:
    """Align ``translation`` to ``master`` in O(n log n + pairs)."""
    m_order = sorted(range(len(master)), key=lambda i: (master[i].start, master[i].end))
    t_order = sorted(range(len(translation)), key=lambda i: (translation[i].start,
                                                             translation[i].end))
    master_for: list[list[int]] = [[] for _ in translation]
    translation_for: list[list[int]] = [[] for _ in master]
    # A master cue that starts more than the longest master duration before a translated cue
    # ends before it, so the sweep can forget it.
    span = max((c.duration for c in master), default=0)
    lo = 0
    for ti in t_order:
        t = translation[ti]
        while lo < len(m_order) and master[m_order[lo]].start + span < t.start:
            lo += 1
        k = lo
        while k < len(m_order) and master[m_order[k]].start <= t.end:
            mi = m_order[k]
            if aligned(master[mi], t):
                master_for[ti].append(mi)
                translation_for[mi].append(ti)
            k += 1
    return Alignment(tuple(tuple(sorted(x)) for x in master_for),
                     tuple(tuple(sorted(x)) for x in translation_for))

