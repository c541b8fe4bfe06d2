"""Apply rule fixes until a track is stable, and say what changed.

Every fix belongs to its rule (``Rule.fix``) and is safe by construction: it never moves a
start time, never drops, adds or reorders a word (only the named character replacements),
never creates an overlap or a gap under the minimum. Fixes run by phase (``Rule.phase``: text first,
then layout, then timing), pass after pass, until a pass changes nothing; a track that has
not settled after ``MAX_PASSES`` is reported instead of being fixed forever (sqlfluff's
runaway limit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subtool.core.model import Track
from subtool.rules import RULES, Context, Rule, applies
from subtool.rules.base import PHASES

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
            parts.append(f"{rule}: {label} {', '.join(map(str, cues))}")
        return "; ".join(parts)


def fixable_rules(selected: Iterable[str] | None = None) -> list[Rule]:
    """The fixable rules in fix order, limited to ``selected`` ids if given."""
    wanted = set(selected) if selected is not None else None
    chosen = [r for r in RULES if r.fix is not None and (wanted is None or r.id in wanted)]
    return sorted(chosen, key=lambda r: PHASES.index(r.phase))  # stable: registry order within


def export_rules() -> list[Rule]:
    """The fixes ``subtool build`` applies to what it exports (rules marked export-safe)."""
    return [r for r in fixable_rules() if r.export_safe]


def fix_track(track: Track, make_context: Callable[[Track], Context],
              rules: Sequence[Rule]) -> FixResult:
    """Run ``rules``' fixes over ``track`` until nothing changes (those of its kind: an
    audio description track is never reflowed or retimed like subtitles)."""
    kind = make_context(track).kind
    rules = [rule for rule in rules if applies(rule, kind)]
    current = track
    changed: dict[str, set[int]] = {}
    for passes in range(1, MAX_PASSES + 1):
        start_of_pass = current
        for rule in rules:
            assert rule.fix is not None
            new = rule.fix(make_context(current))
            # Fixes return the same track, and the same cue objects, for what they leave
            # alone: identity tells what changed without comparing every cue.
            if new is current:
                continue
            touched = {i + 1 for i, (a, b) in enumerate(zip(current.cues, new.cues, strict=True))
                       if a is not b and a != b}
            if not touched:
                continue
            changed.setdefault(rule.id, set()).update(touched)
            current = new
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

    @property
    def changed(self) -> bool:
        """Whether writing would change the file."""
        return self.after is not None and (self.after != self.before or bool(self.reencoded))
