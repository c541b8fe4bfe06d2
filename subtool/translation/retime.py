"""A retiming of the master, carried over to a translation and its state (pure).

The master owns the timing: when its in- or out-times move (``subtool fix`` snapping them to
the film's cuts, chaining gaps), every translation moves with it so the tracks stay aligned
cue for cue. Only times move, never text, so the translation state is carried over too:
each entry is keyed by its cue's times and gets the new ones, and no translation becomes
stale through a pure retiming. ``reading_times`` tells the master's timing fixes how long
each cue must stay for its translations to be read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from subtool.core.align import align
from subtool.core.model import Track
from subtool.core.text import visible_lines
from subtool.translation.state import Entry, State


def retime(track: Track, old_master: Track, new_master: Track) -> Track:
    """``track`` with the master's time changes applied to the cues aligned with it.

    ``new_master`` is ``old_master`` with only times changed (the same cues, in the same
    order). A translated cue's start moves when it equals the old start of the first master
    cue it is aligned with, its end when it equals the old end of the last one; the inner
    boundaries of a master cue split into several translated cues stay where they are. A
    change that would leave a cue without duration is not made.
    """
    if len(old_master.cues) != len(new_master.cues) or old_master.cues == new_master.cues:
        return track
    alignment = align(old_master.cues, track.cues)
    cues = list(track.cues)
    changed = False
    for i, masters in enumerate(alignment.master_for):
        if not masters:
            continue
        cue = cues[i]
        first, last = min(masters), max(masters)
        start, end = cue.start, cue.end
        if start == old_master.cues[first].start:
            start = new_master.cues[first].start
        if end == old_master.cues[last].end:
            end = new_master.cues[last].end
        if (start, end) != (cue.start, cue.end) and end > start:
            cues[i] = cue._replace(start=start, end=end)
            changed = True
    return track._replace(cues=tuple(cues)) if changed else track


def rekey(state: State, old: Track, new: Track) -> State:
    """The state with each entry of a cue of ``old`` keyed by that cue's times in ``new``
    (the same cues, retimed); entries of no cue stay as they are.

    An entry belongs to the cue with its exact times, else (recorded before an earlier
    retiming) to the cue it overlaps most, unless another cue has its exact times.
    """
    if len(old.cues) != len(new.cues) or old.cues == new.cues:
        return state
    taken = {(c.start, c.end) for c in old.cues}
    moved: dict[int, Entry] = {}
    for before, after in zip(old.cues, new.cues, strict=True):
        if (before.start, before.end) == (after.start, after.end):
            continue
        entry = state.entry_for(before)
        if entry is None or id(entry) in moved or (
                (entry.start, entry.end) != (before.start, before.end)
                and (entry.start, entry.end) in taken):
            continue
        moved[id(entry)] = replace(entry, start=after.start, end=after.end)
    if not moved:
        return state
    entries = [moved.get(id(e), e) for e in state.entries]
    return State(tuple(sorted(entries, key=lambda e: (e.start, e.end))))


def reading_times(master: Track, translations: Sequence[tuple[Track, float]]) -> list[int]:
    """Per master cue, the shortest display time (ms) its translations need to stay within
    their reading-speed limits; ``translations`` pairs each track with its ``cps_warn``.

    Only translated cues that match one master cue one to one count (their times are the
    master cue's, so a retiming of the master changes them alike).
    """
    needed = [0] * len(master.cues)
    for track, cps in translations:
        alignment = align(master.cues, track.cues)
        for m, translated in enumerate(alignment.translation_for):
            if len(translated) != 1 or alignment.master_for[translated[0]] != (m,):
                continue
            chars = sum(visible_lines(track.cues[translated[0]].text)[1])
            needed[m] = max(needed[m], math.ceil(chars * 1000 / cps))
    return needed
