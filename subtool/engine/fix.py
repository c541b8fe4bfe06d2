"""Apply rule fixes until a track is stable, and say what changed.

Every fix belongs to its rule (``Rule.fix``) and is safe by construction: it never moves a
start time, never drops, adds or reorders a word (only the named character replacements),
never creates an overlap or a gap under the minimum. Fixes run by phase (``Rule.phase``: text first,
then layout, then timing), pass after pass, until a pass changes nothing; a track that has
not settled after ``MAX_PASSES`` is reported instead of being fixed forever (sqlfluff's
runaway limit).

A fix decides about a cue from that cue and its neighbours only (a timing fix looks at the
next cue's start, a text fix at the cue alone); only the ``structure`` phase (numbering)
looks at the whole track. So after its first run a fix is shown only the cues next to what
changed since it last ran (with their neighbours as read-only context), and not at all when
nothing did, or when only what it does not read did (a text or layout fix reads no times, so
a retiming gives it nothing new): the result is the same as running every fix over the whole
track until nothing changes (``tests/test_fix.py`` compares the two), at the cost of the
changes instead of the file (a 100,000-cue file where every cue has a problem settles in
three passes; the third shows two timing fixes the 14,694 cues around those the second
changed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subtool.core.model import Track
from subtool.rules import RULES, Context, Rule, applies
from subtool.rules.base import PHASES, FixFunction

MAX_PASSES = 6


@dataclass(frozen=True)
class FixResult:
    """The fixed track, the cues each rule changed (1-based), and how it settled."""

    track: Track
    changes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    passes: int = 0
    settled: bool = True

    @property
    def changed(self) -> bool:
        """Whether any fix changed the track."""
        return bool(self.changes)

    def summary(self) -> str:
        """``whitespace: cues 3, 7; reading-speed: cue 12`` (empty when nothing changed)."""
        parts = []
        for rule, cues in self.changes.items():
            label = "cue" if len(cues) == 1 else "cues"
            parts.append(f"{rule}: {label} {cue_list(cues)}")
        return "; ".join(parts)


# Runs of cues named before the rest is counted: a line a person reads, not 3,000 numbers.
_RUNS_SHOWN = 12


def cue_list(cues: Sequence[int]) -> str:
    """``3, 7, 10-14`` for sorted cue numbers: runs of three or more as ranges, and after
    twelve runs how many there are in all (``… 23 and more (1,500 in all)``)."""
    runs: list[list[int]] = []
    for n in cues:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown: list[str] = []
    for first, last in runs[:_RUNS_SHOWN]:
        if last - first >= 2:
            shown.append(f"{first}-{last}")
        else:
            shown.extend(str(n) for n in range(first, last + 1))
    text = ", ".join(shown)
    return text if len(runs) <= _RUNS_SHOWN else f"{text} and more ({len(cues):,} in all)"


def fixable_rules(selected: Iterable[str] | None = None) -> list[Rule]:
    """The fixable rules in fix order, limited to ``selected`` ids if given."""
    wanted = set(selected) if selected is not None else None
    chosen = [r for r in RULES if r.fix is not None and (wanted is None or r.id in wanted)]
    return sorted(chosen, key=lambda r: PHASES.index(r.phase))  # stable: registry order within


def export_rules() -> list[Rule]:
    """The fixes ``subtool build`` applies to what it exports (rules marked export-safe)."""
    return [r for r in fixable_rules() if r.export_safe]


# Above this share of the track a fix runs over the whole of it: a sub-track of most cues
# costs more to build than it saves.
_WINDOW_SHARE = 0.5
# The phase whose fixes look at the whole track (numbering: a cue's number is its position).
_WHOLE_TRACK = "structure"

# What a change changed, and what a fix reads: a cue's text, its times, the rest of it
# (identifier, settings).
TEXT, TIMES, OTHER = 1, 2, 4
EVERYTHING = TEXT | TIMES | OTHER
# The phases whose fixes never read or change the times of cues (``tests/test_fix.py``
# holds every such fix to it): times that changed give them nothing new to do.
_TEXT_PHASES = frozenset({"characters", "text", "layout"})


def reads(rule: Rule) -> int:
    """What of a cue ``rule``'s fix reads (``TEXT``, ``TIMES``, ``OTHER``)."""
    return EVERYTHING & ~TIMES if rule.phase in _TEXT_PHASES else EVERYTHING


class _Log:
    """Which cues changed when, and how: ``seq`` counts the fixes that changed something."""

    def __init__(self) -> None:
        self.seq = 0
        self.events: list[tuple[int, list[int], int]] = []

    def record(self, touched: list[int], what: int) -> None:
        self.seq += 1
        self.events.append((self.seq, touched, what))

    def since(self, seq: int, wanted: int) -> list[list[int]]:
        """The cues of each change after ``seq`` that changed something in ``wanted``."""
        found = []
        for at, touched, what in reversed(self.events):
            if at <= seq:
                break
            if what & wanted:
                found.append(touched)
        return found

    def around(self, recent: list[list[int]], size: int) -> list[int] | None:
        """The cues next to those of ``recent`` (sorted), or None when they are too many
        to be worth a sub-track."""
        if sum(map(len, recent)) * 3 > size * _WINDOW_SHARE:
            return None
        near: set[int] = set()
        for touched in recent:
            for i in touched:
                near.update((i - 1, i, i + 1))
        near.discard(-1)
        near.discard(size)
        return sorted(near)


class _Contexts:
    """The rules' context of the current track, made once per track (not once per rule):
    what it derives (visible lines, lengths) is then computed once."""

    def __init__(self, make_context: Callable[[Track], Context]) -> None:
        self.make = make_context
        self.track: Track | None = None
        self.ctx: Context | None = None

    def of(self, track: Track) -> Context:
        if self.ctx is None or self.track is not track:
            self.track, self.ctx = track, self.make(track)
        return self.ctx


def _what_changed(old: Track, new: Track, touched: list[int]) -> int:
    """``TEXT``, ``TIMES`` and ``OTHER``: what the changes to the cues ``touched`` changed
    (every field ``Cue`` compares)."""
    what = 0
    for i in touched:
        a, b = old.cues[i], new.cues[i]
        if a.text != b.text:
            what |= TEXT
        if a.start != b.start or a.end != b.end:
            what |= TIMES
        if a.identifier != b.identifier or a.settings != b.settings:
            what |= OTHER
        if what == EVERYTHING:
            break
    return what


def _run_whole(fix: FixFunction, current: Track, contexts: _Contexts) -> tuple[Track, list[int]]:
    new = fix(contexts.of(current))
    # Fixes return the same track, and the same cue objects, for what they leave alone:
    # identity tells what changed without comparing every cue.
    if new is current:
        return current, []
    touched = [i for i, (a, b) in enumerate(zip(current.cues, new.cues, strict=True))
               if a is not b and a != b]
    return (new, touched) if touched else (current, [])


def _run_near(fix: FixFunction, current: Track, contexts: _Contexts,
              near: list[int]) -> tuple[Track, list[int]]:
    """Run ``fix`` on the cues ``near`` only, each with its neighbours beside it.

    The sub-track holds those cues and their neighbours in file order, so every cue of
    ``near`` sees its real neighbours; what the fix does to the neighbours themselves is
    dropped (they are seen without theirs).
    """
    cues = current.cues
    size = len(cues)
    shown = sorted({j for i in near for j in (i - 1, i, i + 1) if 0 <= j < size})
    sub = current._replace(cues=tuple(cues[j] for j in shown), blocks=())
    new = fix(contexts.make(sub))
    if new is sub:
        return current, []
    wanted = set(near)
    changed = {j: b for j, a, b in zip(shown, sub.cues, new.cues, strict=True)
               if j in wanted and a is not b and a != b}
    if not changed:
        return current, []
    updated = list(cues)
    for j, cue in changed.items():
        updated[j] = cue
    return current._replace(cues=tuple(updated)), sorted(changed)


def fix_track(track: Track, make_context: Callable[[Track], Context],
              rules: Sequence[Rule]) -> FixResult:
    """Run ``rules``' fixes over ``track`` until nothing changes (those of its kind: an
    audio description track is never reflowed or retimed like subtitles)."""
    kind = make_context(track).kind
    rules = [rule for rule in rules if applies(rule, kind)]
    current = track
    changed: dict[str, set[int]] = {}
    log = _Log()
    # ``log.seq`` after each fix's last run, by the fix itself: two rules that share a fix
    # (line-length and max-lines) need it run once for both.
    seen: dict[FixFunction, int] = {}
    contexts = _Contexts(make_context)
    for passes in range(1, MAX_PASSES + 1):
        start_of_pass = current
        for rule in rules:
            fix = rule.fix
            assert fix is not None
            near = None
            if fix in seen:
                # Only what changed since it last ran, in what it reads, can give it more
                # to do; nothing such: it would change nothing.
                recent = log.since(seen[fix], reads(rule))
                if not recent:
                    continue
                if rule.phase != _WHOLE_TRACK and rule.local:
                    near = log.around(recent, len(current.cues))
            before = current
            if near is None:
                current, touched = _run_whole(fix, current, contexts)
            else:
                current, touched = _run_near(fix, current, contexts, near)
            seq = log.seq
            if touched:
                changed.setdefault(rule.id, set()).update(i + 1 for i in touched)
                log.record(touched, _what_changed(before, current, touched))
            # What a fix changed may let it change more (shot-change: an out-time moved onto
            # a cut leaves room to move the in-time too), so it sees its own changes again
            # in the next pass; one that changed nothing waits for another rule's change.
            seen[fix] = seq if touched else log.seq
        if current is start_of_pass:
            return FixResult(current, _ordered(changed), passes, True)
    return FixResult(current, _ordered(changed), MAX_PASSES, False)


def _ordered(changed: dict[str, set[int]]) -> dict[str, tuple[int, ...]]:
    return {rule: tuple(sorted(cues)) for rule, cues in changed.items() if cues}


@dataclass(frozen=True)
class FileFix:
    """What fixing one file would change. ``after`` is None when the file is refused."""

    path: Path
    shown: str
    before: str
    after: str | None
    result: FixResult | None
    refused: str = ""
    reencoded: str = ""
    # The file's line ends when not LF ("CRLF", "CR"): written as LF, said when the file is
    # written for another reason (line ends alone are not a change).
    line_ends: str = ""

    @property
    def changed(self) -> bool:
        """Whether writing would change the file."""
        return self.after is not None and (self.after != self.before or bool(self.reencoded))
