"""Apply rule fixes until a track is stable, and say what changed.

Every fix belongs to its rule (``Rule.fix``) and is safe by construction: it never moves a
start time, never drops, adds or reorders a word (only the named character replacements),
never creates an overlap or a gap under the minimum. Fixes run by phase (``Rule.phase``: text first,
then layout, then timing), pass after pass, until a pass changes nothing; a track that has
not settled after ``MAX_PASSES`` is reported instead of being fixed forever (sqlfluff's
runaway limit).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subtool.config import Settings
from subtool.core.model import Track
from subtool.engine.check import Options, _display, language_of, make_context
from subtool.formats import NATIVE, compose, parse_bytes
from subtool.formats.encoding import decode
from subtool.project.files import read_bytes
from subtool.rules import RULES, Context, Rule
from subtool.rules.base import PHASES
from subtool.terms.glossary import Glossary

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
    """Run ``rules``' fixes over ``track`` until nothing changes."""
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


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff between two versions of a subtitle file's text.

    Fixes never add or remove a cue, so the two texts have the same blocks (cues separated
    by blank lines): each changed block is diffed on its own, which keeps a 100,000-cue file
    linear instead of handing half a million lines to difflib. Anything else falls back to
    difflib over the whole text.
    """
    old_blocks, new_blocks = before.split("\n\n"), after.split("\n\n")
    prefix = "" if name.startswith("/") else "a/", "" if name.startswith("/") else "b/"
    if len(old_blocks) != len(new_blocks):
        return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                            after.splitlines(keepends=True),
                                            f"{prefix[0]}{name}", f"{prefix[1]}{name}"))
    out = [f"--- {prefix[0]}{name}\n", f"+++ {prefix[1]}{name}\n"]
    old_line = new_line = 1
    for old, new in zip(old_blocks, new_blocks, strict=True):
        old_lines, new_lines = old.split("\n"), new.split("\n")
        if old != new:
            matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
            for group in matcher.get_grouped_opcodes(1):
                a0, a1, b0, b1 = group[0][1], group[-1][2], group[0][3], group[-1][4]
                out.append(f"@@ -{old_line + a0},{a1 - a0} +{new_line + b0},{b1 - b0} @@\n")
                for tag, i1, i2, j1, j2 in group:
                    if tag == "equal":
                        out.extend(f" {line}\n" for line in old_lines[i1:i2])
                        continue
                    out.extend(f"-{line}\n" for line in old_lines[i1:i2])
                    out.extend(f"+{line}\n" for line in new_lines[j1:j2])
        # A block and the blank line after it.
        old_line += len(old_lines) + 1
        new_line += len(new_lines) + 1
    return "".join(out) if len(out) > 2 else ""


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


def fix_file(path: Path, settings: Settings, options: Options, rules: Sequence[Rule],
             glossary: Glossary | None = None) -> FileFix:
    """Fix one file in memory. A file with parse errors is refused: writing it back would
    lose the cue that could not be read."""
    data = read_bytes(path)
    shown = _display(path, None)
    decoded = decode(data)
    track = parse_bytes(data, name=path.name, frame_rate=settings.frame_rate)
    before = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    broken = [d for d in track.diagnostics if d.rule == "parse-error"]
    if broken:
        where = f" (line {broken[0].line})" if broken[0].line else ""
        return FileFix(path, shown, before, None, None,
                       f"not written: it has {len(broken)} parse error(s){where}, and writing it "
                       "back would lose the cues that could not be read; fix those first")
    if track.format not in NATIVE:
        return FileFix(path, shown, before, None, None,
                       f"not written: subtool fix writes SRT, WebVTT and SBV, not {track.format} "
                       "(convert it first with subtool convert)")
    lang = language_of(path, settings, options)

    def context(current: Track) -> Context:
        return make_context(shown, current, lang=lang, settings=settings, options=options,
                            glossary=glossary)

    result = fix_track(track, context, rules)
    after = compose(result.track, track.format)
    note = decoded.encoding if decoded.encoding != "utf-8" else ""
    return FileFix(path, shown, before, after, result, reencoded=note)
