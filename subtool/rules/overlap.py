"""overlap: a cue is still showing when the next one starts.

Overlapping cues render inconsistently across players (some stack them, some drop one);
for YouTube upload they are errors (subtitle-standards.md, "YouTube"). Cues are compared
in file order with the previous cue.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Compare each cue's start with the previous cue's end."""
    cues = ctx.cues
    for i in range(1, len(cues)):
        prev, cue = cues[i - 1], cues[i]
        if cue.start < prev.end and cue.start >= prev.start:
            yield ctx.problem("overlap", Severity.ERROR, i,
                              f"starts {prev.end - cue.start} ms before cue {i} ends: "
                              "end the previous cue earlier")


RULE = Rule("overlap", Severity.ERROR, "a cue still showing when the next starts", check,
            __doc__ or "")
