"""A retiming of the master, carried over to a translation and its state (pure).

The master owns the timing: when its in- or out-times move (``subtool fix`` snapping them to
the film's cuts, chaining gaps), every translation moves with it so the tracks stay aligned
cue for cue. Only times move, never text, so the translation state is carried over too:
each entry is keyed by its cue's times and gets the new ones, and no translation becomes
stale through a pure retiming.
"""

from __future__ import annotations

from dataclasses import replace

from subtool.core.align import align
from subtool.core.model import Track
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
            cues[i] = replace(cue, start=start, end=end)
            changed = True
    return replace(track, cues=tuple(cues)) if changed else track


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
