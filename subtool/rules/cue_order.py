"""cue-order: a cue ends before it starts, or starts before the previous cue.

A cue whose end is not after its start is never shown. WebVTT requires start times that
never decrease, and YouTube sorts cues by start, so a cue out of order usually means a
typing error in a timecode.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import le, lt

from subtool.core.model import Problem, Severity
from subtool.core.timecode import format_short
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Check each cue's own times and its start against the previous start."""
    starts, ends = ctx.starts, ctx.ends
    if not any(map(le, ends, starts)) and not any(map(lt, starts[1:], starts)):
        return  # every cue ends after its start and starts no earlier than the one before
    prev_start = None
    for i, cue in enumerate(ctx.cues):
        if cue.end <= cue.start:
            yield ctx.problem(i, _("ends at {end}, not after its start {start}: fix the end "
                                   "time").format(end=format_short(cue.end),
                                                  start=format_short(cue.start)))
        if prev_start is not None and cue.start < prev_start:
            yield ctx.problem(i, _("starts at {start}, before the previous cue ({previous}): "
                                   "check the time code").format(
                start=format_short(cue.start), previous=format_short(prev_start)))
        prev_start = cue.start


RULE = Rule("cue-order", Severity.ERROR, "end not after start, or a start earlier than the "
            "previous start", check, __doc__ or "")
