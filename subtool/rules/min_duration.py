"""min-duration: a cue is shown for less time than the profile allows.

Too short a cue flashes by before it can be read. Minimums: ``senior`` 1500 ms (DCMP: no
caption under 2 s for special-interest material, older viewers), ``broadcast-de`` 1000 ms
(ARD), ``netflix`` 833 ms (5/6 s). Fix: the cue runs longer into the free time after it (never
past the next cue less the minimum gap, nor the film's end); its start never moves.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, extend_to, with_ends


def check(ctx: Context) -> Iterator[Problem]:
    """Report cues shorter than the minimum (cues ending before they start: see cue-order)."""
    minimum = ctx.limits.min_duration
    message = _("shown for {duration} ms; at least {limit} ms")
    for i, duration in [(i, d) for i, d in enumerate(ctx.durations) if 0 < d < minimum]:
        yield ctx.problem(i, message.format(duration=duration, limit=minimum))


def fix(ctx: Context) -> Track:
    """Lengthen short cues into the free time after them (up to the next cue less the
    minimum gap, and the film's end); start times never move."""
    return with_ends(ctx, {i: end for i, cue in enumerate(ctx.cues)
                           if 0 < cue.duration < ctx.limits.min_duration
                           and (end := extend_to(ctx, i, cue.start + ctx.limits.min_duration))
                           > cue.end})


RULE = Rule("min-duration", Severity.WARNING, "cue shorter than the profile allows", check,
            __doc__ or "", fix=fix, phase="timing")
