"""overlap: a cue is still showing when the next one starts.

Overlapping cues render inconsistently across players (some stack them, some drop one);
for YouTube upload they are errors (subtitle-standards.md, "YouTube"). Cues are compared
in file order with the previous cue. Fix: the earlier cue ends the minimum gap before the
next one starts (start times never move).
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import lt

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, with_ends


def check(ctx: Context) -> Iterator[Problem]:
    """Compare each cue's start with the previous cue's end."""
    cues = ctx.cues
    # Cues starting before the previous one ends, picked at C speed.
    for i in [i for i, early in enumerate(map(lt, ctx.starts[1:], ctx.ends), 1) if early]:
        prev, cue = cues[i - 1], cues[i]
        if cue.start < prev.end and cue.start >= prev.start:
            yield ctx.problem(i, _("starts {overlap} ms before cue {cue} ends: end the "
                                   "previous cue earlier").format(overlap=prev.end - cue.start,
                                                                  cue=i))


def fix(ctx: Context) -> Track:
    """End the earlier cue the minimum gap before the next one starts (or when it starts,
    if the gap does not fit); never move a start."""
    ends = {}
    cues = ctx.cues
    for i in range(1, len(cues)):
        prev, cue = cues[i - 1], cues[i]
        if prev.start <= cue.start < prev.end:
            end = cue.start - ctx.min_gap
            if end <= prev.start:
                end = cue.start
            if prev.start < end < prev.end:
                ends[i - 1] = end
    return with_ends(ctx, ends)


RULE = Rule("overlap", Severity.ERROR, "a cue still showing when the next starts", check,
            __doc__ or "", fix=fix, phase="timing")
