"""Translation state: which master text each translated cue was made from, and by whom.

One file per language next to the tracks (``subtitles/state/<lang>.tsv`` by default, the
``state`` setting), a tab-separated text file that diffs and merges well in git: one line per
translated cue, sorted by time::

    # subtool translation state
    start	end	origin	status	master
    00:00:04.880	00:00:11.000	human	accepted	Seit über 16 Jahren gibt es die …

- ``start``/``end``: the translated cue's times. Cues are identified by time, never by SRT
  number (numbers shift when a cue is inserted); a cue whose times moved is matched to the
  entry it overlaps most (at least half, as in alignment).
- ``origin``: ``human``, or ``machine:<provider>`` for a machine draft.
- ``status``: ``accepted`` (a person confirmed it against ``master``) or ``draft``.
- ``master``: the master text the translation was accepted against, words separated by single
  spaces (line breaks and markup do not count, so reflowing the master never makes a
  translation stale); ``\\t`` and ``\\\\`` are escaped.

A translation is *stale* when the master text aligned with it now differs from ``master``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from subtool.core.align import Alignment, aligned
from subtool.core.errors import StateError
from subtool.core.model import Cue, Track
from subtool.core.text import strip_markup
from subtool.core.timecode import format_vtt, parse_clock

HEADER = "start\tend\torigin\tstatus\tmaster"
ORIGINS = re.compile(r"human|machine:[a-z0-9-]+")
STATUSES = ("accepted", "draft")


@dataclass(frozen=True)
class Entry:
    """The state of one translated cue."""

    start: int
    end: int
    origin: str
    status: str
    master: str

    @property
    def machine(self) -> bool:
        """Whether the translation is a machine draft."""
        return self.origin.startswith("machine")

    @property
    def provider(self) -> str:
        """The machine-translation provider ("" for people)."""
        return self.origin.partition(":")[2]


@dataclass(frozen=True)
class State:
    """The translation state of one language."""

    entries: tuple[Entry, ...] = ()

    @cached_property
    def _by_times(self) -> dict[tuple[int, int], Entry]:
        return {(e.start, e.end): e for e in self.entries}

    @cached_property
    def _by_start(self) -> tuple[list[int], list[int], int]:
        """Entry positions sorted by start, their starts, and the longest entry's length:
        an entry overlapping a cue starts within that length before the cue."""
        order = sorted(range(len(self.entries)), key=lambda i: self.entries[i].start)
        longest = max((max(e.end - e.start, 0) for e in self.entries), default=0)
        return order, [self.entries[i].start for i in order], longest

    def entry_for(self, cue: Cue) -> Entry | None:
        """The entry recorded for ``cue``: the same times, else the one it overlaps most."""
        exact = self._by_times.get((cue.start, cue.end))
        if exact is not None:
            return exact
        # Only entries that can overlap the cue are compared (a state of 200,000 entries
        # against a track of 200,000 cues would otherwise take hours).
        order, starts, longest = self._by_start
        window = order[bisect_left(starts, cue.start - longest):bisect_right(starts, cue.end)]
        best, best_overlap = None, -1
        for entry in (self.entries[i] for i in sorted(window)):
            probe = Cue(entry.start, entry.end, "")
            if aligned(probe, cue):
                overlap = min(entry.end, cue.end) - max(entry.start, cue.start)
                if overlap > best_overlap:
                    best, best_overlap = entry, overlap
        return best


def normal_text(text: str) -> str:
    """Master text as recorded: no markup, words separated by single spaces."""
    return " ".join(strip_markup(text).split())


def master_text(master: Track, alignment: Alignment, index: int) -> str:
    """The current master text aligned with translated cue ``index``."""
    return " ".join(normal_text(master.cues[m].text) for m in alignment.master_for[index])


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n"}.get(m.group(1), m.group(1)), text)


def _ms(text: str, path: str, line: int) -> int:
    ms = parse_clock(text)
    if ms is None:
        raise StateError(f"{text[:40]!r} is not a time like 00:01:02.500", path=path,
                         line=line,
                         hint="the state file is written by subtool; restore it from git")
    return ms


def parse(text: str, *, path: str = "") -> State:
    """Read a state file; a malformed line raises StateError with its number."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line == HEADER:
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            fields = HEADER.replace("\t", ", ")
            raise StateError(f"has {len(cells)} fields, expected 5 ({fields})",
                             path=path, line=number,
                             hint="the state file is written by subtool; after a merge conflict, "
                                  "keep one of the two lines")
        start, end, origin, status, master = cells
        if not ORIGINS.fullmatch(origin):
            raise StateError(f"origin {origin!r} is not 'human' or 'machine:<provider>'",
                             path=path, line=number)
        if status not in STATUSES:
            raise StateError(f"status {status!r} is not one of {', '.join(STATUSES)}",
                             path=path, line=number)
        entries.append(Entry(_ms(start, path, number), _ms(end, path, number), origin, status,
                             _unescape(master)))
    return State(tuple(sorted(entries, key=lambda e: (e.start, e.end))))


def compose(state: State, lang: str = "") -> str:
    """Write a state file (sorted by time, one line per cue)."""
    title = f": {lang}" if lang else ""
    head = f"# subtool translation state{title} (written by subtool accept, import, translate)\n"
    lines = [f"{format_vtt(e.start)}\t{format_vtt(e.end)}\t{e.origin}\t{e.status}\t"
             f"{_escape(e.master)}" for e in sorted(state.entries, key=lambda e: (e.start, e.end))]
    return head + HEADER + "\n" + "".join(line + "\n" for line in lines)


def parse_bytes(data: bytes, *, path: str = "") -> State:
    """A state file's content; not UTF-8 is a StateError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StateError("is not UTF-8", path=path,
                         line=data.count(b"\n", 0, exc.start) + 1) from None
    return parse(text, path=path)


def record(state: State | None, track: Track, master: Track, alignment: Alignment, *,
           cues: Iterable[int] | None = None, origin: str | None = None,
           status: str = "accepted") -> State:
    """A new state in which the given cues (0-based; all when None) are recorded against the
    current master text, with ``origin`` (kept from the old entry, or ``human``) and
    ``status``. Entries of other cues stay as they were; entries of cues that no longer
    exist are dropped when all cues are recorded."""
    old = state or State()
    chosen = set(range(len(track.cues)) if cues is None else cues)
    kept: list[Entry] = []
    for i, cue in enumerate(track.cues):
        previous = old.entry_for(cue)
        if i in chosen:
            kept.append(Entry(cue.start, cue.end,
                              origin or (previous.origin if previous else "human"), status,
                              master_text(master, alignment, i)))
        elif previous is not None:
            kept.append(replace(previous, start=cue.start, end=cue.end))
    return State(tuple(sorted(kept, key=lambda e: (e.start, e.end))))


@dataclass(frozen=True)
class CueState:
    """What the state says about one translated cue now."""

    index: int
    entry: Entry | None
    current: str

    @property
    def stale(self) -> bool:
        """The master text changed since the translation was recorded."""
        return self.entry is not None and self.entry.master != self.current

    @property
    def unreviewed_machine(self) -> bool:
        """A machine draft no person has accepted."""
        return self.entry is not None and self.entry.machine and self.entry.status != "accepted"


def cue_states(state: State, track: Track, master: Track,
               alignment: Alignment) -> list[CueState]:
    """The state of every translated cue that has an aligned master cue."""
    out = []
    for i, cue in enumerate(track.cues):
        if alignment.master_for[i]:
            out.append(CueState(i, state.entry_for(cue), master_text(master, alignment, i)))
    return out


def drafts_needed(state: State | None, track: Track, master: Track,
                  alignment: Alignment) -> Sequence[int]:
    """Cues a machine may (re)draft: empty ones, and machine drafts that went stale.

    A cue with a person's text is never in this list (an empty cue has none, whatever its
    state says).
    """
    states = {s.index: s for s in cue_states(state or State(), track, master, alignment)}
    out = []
    for i, cue in enumerate(track.cues):
        s = states.get(i)
        if s is None:
            continue
        if not cue.text.strip():
            out.append(i)  # nothing of a person's to lose
        elif s.entry is not None and s.entry.machine and s.entry.status == "draft" and s.stale:
            out.append(i)
    return out
