"""min-gap: the gap between two cues is shorter than the profile's minimum.

Without a short pause the eye does not notice that a new subtitle appeared. The minimum is
given in frames and converted at the project frame rate (2 frames = 80 ms at 25 fps):
``senior`` and ``netflix`` 2 frames, ``broadcast-de`` 1 frame. Cues that touch or overlap
are reported by ``overlap`` instead when they overlap.

Gaps of 0.5 s or less but above the minimum are reported too, as ``info``: closing them to
the minimum ("chaining", Netflix timing guidelines) keeps a subtitle from flickering off and
on between two lines of one speaker, but a pause the subtitle editor chose at a change of
speaker may stay. A gap is only chained while the earlier cue stays within the maximum
duration and, with a film, when no cut lies in the gap (the cut already separates the two
cues: ``shot-change``).

Fix: the earlier cue's end moves so the gap is exactly the minimum, for every gap this rule
reports (too short, or one to chain): the check and the fix share one computation, so the
fix never changes a gap the check accepts. Start times never move.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import sub

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, with_ends

# Netflix timing guidelines: a gap of half a second or less is closed to the minimum gap
# ("chaining"), so subtitles do not flicker off and on between two lines of one speaker.
CHAIN_GAP = 500


def _cut_between(cuts: Sequence[int], start: int, end: int) -> bool:
    """Whether a cut of the film lies between ``start`` and ``end`` (never without one)."""
    if not cuts:
        return False
    from subtool.core.film import shot_changes_between  # noqa: PLC0415 - with a film only

    return bool(shot_changes_between(cuts, start, end))


def _gaps(ctx: Context) -> Iterator[tuple[int, int, int | None, bool]]:
    """Every gap the rule is about: (index of the later cue, the gap in ms, the earlier
    cue's end that gives the minimum gap or None when that end would not be after its
    start, whether it is a gap to chain rather than one too short)."""
    minimum = ctx.min_gap
    cuts = ctx.film.shot_changes if ctx.film is not None else ()
    cues = ctx.cues
    # The gaps the rule may be about, picked from all gaps at C speed.
    near = [i for i, gap in enumerate(map(sub, ctx.starts[1:], ctx.ends), 1)
            if 0 <= gap <= CHAIN_GAP and gap != minimum]
    for i in near:
        prev, cue = cues[i - 1], cues[i]
        gap = cue.start - prev.end
        target = cue.start - minimum
        if 0 <= gap < minimum:
            yield i, gap, target if target > prev.start else None, False
        elif minimum < gap <= CHAIN_GAP and target - prev.start <= ctx.limits.max_duration \
                and not _cut_between(cuts, prev.end, cue.start):
            yield i, gap, target, True


def check(ctx: Context) -> Iterator[Problem]:
    """Report gaps from 0 up to (not including) the minimum, and gaps to chain as info."""
    minimum = ctx.min_gap
    frames, rate = ctx.limits.min_gap_frames, f"{ctx.frame_rate:g}"
    for i, gap, _target, chain in _gaps(ctx):
        if chain:
            yield ctx.problem(i, _(
                "{gap} ms after the previous cue: a gap of 0.5 s or less can be closed to "
                "{limit} ms ({frames} frames at {rate} fps) so that the subtitle does not "
                "flicker off and on (chaining; subtool fix does it)").format(
                gap=gap, limit=minimum, frames=frames, rate=rate), severity=Severity.INFO)
        else:
            yield ctx.problem(i, _("only {gap} ms after the previous cue; at least {limit} ms "
                                   "({frames} frames at {rate} fps)").format(
                gap=gap, limit=minimum, frames=frames, rate=rate))


def fix(ctx: Context) -> Track:
    """Move the earlier cue's end so the gap is exactly the minimum, for every gap ``check``
    reports. Start times never move."""
    return with_ends(ctx, {i - 1: target for i, _gap, target, _chain in _gaps(ctx)
                           if target is not None})


RULE = Rule("min-gap", Severity.WARNING, "gap between cues under the profile's minimum "
            "(info: a gap of 0.5 s or less to chain)", check, __doc__ or "", fix=fix,
            phase="timing")
