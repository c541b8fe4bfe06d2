"""min-gap: the gap between two cues is shorter than the profile's minimum.

Without a short pause the eye does not notice that a new subtitle appeared. The minimum is
given in frames and converted at the project frame rate (2 frames = 80 ms at 25 fps):
``senior`` and ``netflix`` 2 frames, ``broadcast-de`` 1 frame. Cues that touch or overlap
are reported by ``overlap`` instead when they overlap.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report gaps from 0 up to (not including) the minimum."""
    minimum = ctx.min_gap
    cues = ctx.cues
    for i in range(1, len(cues)):
        gap = cues[i].start - cues[i - 1].end
        if 0 <= gap < minimum:
            yield ctx.problem("min-gap", Severity.WARNING, i,
                              f"only {gap} ms after the previous cue; at least {minimum} ms "
                              f"({ctx.limits.min_gap_frames} frames at {ctx.frame_rate:g} fps)")


RULE = Rule("min-gap", Severity.WARNING, "gap between cues under the profile's minimum", check,
            __doc__ or "")
