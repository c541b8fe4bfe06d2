"""min-duration: a cue is shown for less time than the profile allows.

Too short a cue flashes by before it can be read. Minimums: ``senior`` 1500 ms (DCMP: no
caption under 2 s for special-interest material, older viewers), ``broadcast-de`` 1000 ms
(ARD), ``netflix`` 833 ms (5/6 s).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report cues shorter than the minimum (cues ending before they start: see cue-order)."""
    minimum = ctx.limits.min_duration
    for i, cue in enumerate(ctx.cues):
        if 0 < cue.duration < minimum:
            yield ctx.problem("min-duration", Severity.WARNING, i,
                              f"shown for {cue.duration} ms; at least {minimum} ms")


RULE = Rule("min-duration", Severity.WARNING, "cue shorter than the profile allows", check,
            __doc__ or "")
