"""min-gap: the gap between two cues is shorter than the profile's minimum.

Without a short pause the eye does not notice that a new subtitle appeared. The minimum is
given in frames and converted at the project frame rate (2 frames = 80 ms at 25 fps):
``senior`` and ``netflix`` 2 frames, ``broadcast-de`` 1 frame. Cues that touch or overlap
are reported by ``overlap`` instead when they overlap. Fix: the earlier cue's end moves so the
gap is exactly the minimum; gaps of 0.5 s or less are closed to it too (chaining, Netflix
timing guidelines), as long as the cue stays within the maximum duration and, with a film,
no cut lies in the gap (the cut already separates the two cues: ``shot-change``).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.film import shot_changes_between
from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, with_ends


def check(ctx: Context) -> Iterator[Problem]:
    """Report gaps from 0 up to (not including) the minimum."""
    minimum = ctx.min_gap
    cues = ctx.cues
    for i in range(1, len(cues)):
        gap = cues[i].start - cues[i - 1].end
        if 0 <= gap < minimum:
            yield ctx.problem(i, _("only {gap} ms after the previous cue; at least {limit} ms "
                                   "({frames} frames at {rate} fps)").format(
                gap=gap, limit=minimum, frames=ctx.limits.min_gap_frames,
                rate=f"{ctx.frame_rate:g}"))


# Netflix timing guidelines: a gap of half a second or less is closed to the minimum gap
# ("chaining"), so subtitles do not flicker off and on between two lines of one speaker.
CHAIN_GAP = 500


def fix(ctx: Context) -> Track:
    """Move the earlier cue's end so the gap is exactly the minimum: back when the gap is
    too short, forward when it is at most 0.5 s (chaining) and the cue stays within the
    maximum duration, and no cut of the film lies in the gap. Start times never move."""
    minimum = ctx.min_gap
    cuts = ctx.film.shot_changes if ctx.film is not None else ()
    ends = {}
    cues = ctx.cues
    for i in range(1, len(cues)):
        prev, cue = cues[i - 1], cues[i]
        gap = cue.start - prev.end
        target = cue.start - minimum
        too_short = 0 <= gap < minimum and target > prev.start
        chain = minimum < gap <= CHAIN_GAP and target - prev.start <= ctx.limits.max_duration \
            and not shot_changes_between(cuts, prev.end, cue.start)
        if too_short or chain:
            ends[i - 1] = target
    return with_ends(ctx, ends)


RULE = Rule("min-gap", Severity.WARNING, "gap between cues under the profile's minimum", check,
            __doc__ or "", fix=fix, phase="timing")
