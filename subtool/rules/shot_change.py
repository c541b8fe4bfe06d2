"""shot-change: a cue starts or ends just off a cut in the film, or flashes across one.

Needs the film (``film`` in ``[tool.subtool]`` or ``--film``): subtool finds its shot
changes (cuts) with ffmpeg's scene detection. A subtitle that appears or disappears a few
frames before or after a cut makes the picture flicker twice; the Netflix timing guidelines
therefore put in- and out-times near a cut onto it. Reported, counted in frames of the
film (thresholds per profile, all three profiles use Netflix's figures):

- a cue that starts within ``shot_window_frames`` (12) frames of a cut but not on it;
- a cue that ends within ``shot_window_frames`` of a cut but not ``shot_gap_frames`` (2)
  frames before it (or, when the next cue starts on the cut, not the minimum gap before
  it, as chaining leaves it);
- (info) a cue that runs across a cut with less than ``shot_min_side_ms`` (1 s) on one side
  of it: viewers take a cue that survives a cut for a new one. Cuts within the window of
  the cue's start or end are reported by the two cases above instead.

Change the figures in ``[tool.subtool.limits]`` (``shot_window_frames = 0`` turns the first
two off). Translations share the master's timing, so they are checked too.

Fix: in- and out-times move onto the cut (the out-time ``shot_gap_frames`` before it) when
that stays within the rules: the text never moves, and no change makes a cue overlap
another, leave a gap under the minimum, get shorter than the minimum duration or longer
than the maximum, read faster than the reading-speed limit (in a project: in any
translation either), end after the film, or start more than 0.5 s off its speech
(``speech-sync``). A change that would is left for a person.
In a project, ``subtool fix`` retimes the master and moves every translation's cues (and
their translation state) with it, so the tracks stay aligned; the fix moves start times,
which no other fix does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from subtool.core.model import Cue, Problem, Severity, Track
from subtool.core.timecode import format_short
from subtool.languages.i18n import _, ngettext
from subtool.rules.base import Context, Rule
from subtool.rules.speech_sync import dialogue_cues, judge, seconds, track_shift

if TYPE_CHECKING:
    # Imported when there is a film (a check without one does not pay for it).
    from subtool.core.film import FilmFacts


class Near(NamedTuple):
    """A cue's start or end ``frames`` off the cut at ``cut`` (negative: before it);
    ``target`` is where it belongs (ms)."""

    cut: int
    frames: int
    target: int


class _Frames:
    """Frame arithmetic at the film's frame rate and the limits in frames."""

    def __init__(self, ctx: Context, film: FilmFacts) -> None:
        # The film's module, imported here once: a check without a film never makes frames.
        from subtool.core import film as film_math  # noqa: PLC0415

        self.math = film_math
        self.rate = film.frame_rate
        self.cuts = film.shot_changes
        self.window = ctx.limits.shot_window_frames
        self.gap = ctx.limits.shot_gap_frames
        self.min_gap = ctx.limits.min_gap_frames
        # The widest a window can be in ms (half a frame of rounding either way).
        self.reach = self.math.frames_to_ms(self.window + 1, self.rate)

    def of(self, ms: int) -> int:
        return self.math.ms_to_frames(ms, self.rate)

    def ms(self, frames: int) -> int:
        return self.math.frames_to_ms(frames, self.rate)

    def start(self, cue: Cue) -> Near | None:
        """The start's problem: within the window of a cut, but not on it."""
        cut = self.math.nearest_shot_change(self.cuts, cue.start, within=self.reach)
        if cut is None:
            return None
        off = self.of(cue.start) - self.of(cut)
        if off == 0 or abs(off) > self.window:
            return None
        return Near(cut, off, cut)

    def end(self, cue: Cue, following: Cue | None) -> Near | None:
        """The end's problem: within the window of a cut, but not ``gap`` frames before
        it (nor the minimum gap before a next cue that starts on the cut)."""
        cut = self.math.nearest_shot_change(self.cuts, cue.end, within=self.reach)
        if cut is None:
            return None
        cut_frame = self.of(cut)
        off = self.of(cue.end) - cut_frame
        if abs(off) > self.window or off == -self.gap:
            return None
        if following is not None and self.of(following.start) == cut_frame \
                and off == -self.min_gap:
            return None  # chained to a cue on the cut (min-gap's chaining)
        return Near(cut, off, self.ms(cut_frame - self.gap))

    def across(self, cue: Cue, side: int) -> Iterator[tuple[int, int]]:
        """Cuts inside the cue, away from its start and end, with less than ``side`` ms on
        one side: (cut, the shorter side in ms)."""
        for cut in self.math.shot_changes_between(self.cuts, cue.start, cue.end):
            if min(abs(self.of(cut) - self.of(t)) for t in (cue.start, cue.end)) \
                    <= self.window:
                continue
            shorter = min(cut - cue.start, cue.end - cut)
            if shorter < side:
                yield cut, shorter


def _start_message(near: Near) -> str:
    count = abs(near.frames)
    text = ngettext("starts {count} frame before the shot change at {time}",
                    "starts {count} frames before the shot change at {time}", count) \
        if near.frames < 0 else \
        ngettext("starts {count} frame after the shot change at {time}",
                 "starts {count} frames after the shot change at {time}", count)
    return text.format(count=count, time=format_short(near.cut)) + "; " + _(
        "start it on the cut")


def _end_message(near: Near, gap: int) -> str:
    count = abs(near.frames)
    text = ngettext("ends {count} frame before the shot change at {time}",
                    "ends {count} frames before the shot change at {time}", count) \
        if near.frames < 0 else \
        ngettext("ends {count} frame after the shot change at {time}",
                 "ends {count} frames after the shot change at {time}", count) \
        if near.frames > 0 else _("ends on the shot change at {time}")
    return text.format(count=count, time=format_short(near.cut)) + "; " + ngettext(
        "end it {gap} frame before the cut, at {target}",
        "end it {gap} frames before the cut, at {target}", gap).format(
        gap=gap, target=format_short(near.target))


def check(ctx: Context) -> Iterator[Problem]:
    """Starts and ends near a cut; cues across a cut with a short side (info)."""
    film = ctx.film
    if film is None or not film.shot_changes:
        return
    frames = _Frames(ctx, film)
    cues = ctx.cues
    side = ctx.limits.shot_min_side_ms
    for i, cue in enumerate(cues):
        if cue.duration <= 0:
            continue
        near = frames.start(cue) if frames.window else None
        if near is not None:
            yield ctx.problem(i, _start_message(near))
        near = frames.end(cue, cues[i + 1] if i + 1 < len(cues) else None) \
            if frames.window else None
        if near is not None:
            yield ctx.problem(i, _end_message(near, frames.gap))
        for cut, shorter in frames.across(cue, side):
            yield ctx.problem(i, _(
                "runs across the shot change at {time} with only {shorter} on one side: "
                "end it before the cut or start it after, or keep at least {side} on each "
                "side").format(time=format_short(cut), shorter=seconds(shorter),
                               side=seconds(side)), severity=Severity.INFO)


# --- the fix ------------------------------------------------------------------------------

class _Retime:
    """The fix's working copy of the times, and what a change may not break."""

    def __init__(self, ctx: Context, film: FilmFacts) -> None:
        self.ctx, self.film = ctx, film
        self.old: Sequence[Cue] = ctx.cues
        self.starts = [c.start for c in ctx.cues]
        self.ends = [c.end for c in ctx.cues]
        self.dialogue = dialogue_cues(ctx.cues)
        self.shift = track_shift(film, ctx.cues, self.dialogue) if film.speech else 0

    def cue(self, i: int) -> Cue:
        return self.old[i]._replace(start=self.starts[i], end=self.ends[i])

    def _gap_ok(self, a: int, b: int) -> bool:
        """Whether the gap between cues ``a`` and ``b = a + 1`` is no worse than allowed."""
        old_gap = self.old[b].start - self.old[a].end
        return self.starts[b] - self.ends[a] >= min(self.ctx.min_gap, old_gap)

    def _length_ok(self, i: int) -> bool:
        limits, old = self.ctx.limits, self.old[i].duration
        new = self.ends[i] - self.starts[i]
        if new <= 0:
            return False
        chars = sum(self.ctx.line_lengths[i])
        others = self.ctx.reading_time[i] if self.ctx.reading_time is not None else 0
        too_short = new < max(limits.min_duration, others) \
            or chars * 1000 > limits.cps_warn * new
        return (new >= old or not too_short) and (new <= old or new <= limits.max_duration)

    def _in_sync(self, i: int) -> bool:
        """A dialogue cue may not start more than 0.5 s off its speech after the move
        unless it did before (speech-sync)."""
        if not self.dialogue[i] or self.starts[i] == self.old[i].start:
            return True
        was = judge(self.film, self.old, self.dialogue, i, shift=self.shift)
        return was is not None or judge(self.film, self.old, self.dialogue, i,
                                        shift=self.shift, moved=self.cue(i)) is None

    def valid(self, i: int) -> bool:
        """Whether cue ``i`` at its new times keeps to every rule the fix promises."""
        n = len(self.old)
        end_of_film = self.ctx.film_duration
        return (self.starts[i] >= 0 and self._length_ok(i)
                and (i == 0 or self._gap_ok(i - 1, i))
                and (i + 1 >= n or self._gap_ok(i, i + 1))
                and (i + 1 < n or end_of_film is None or self.ends[i] <= end_of_film
                     or self.ends[i] <= self.old[i].end)
                and self._in_sync(i))

    def attempt(self, times: list[int], i: int, target: int) -> bool:
        """Set ``times[i]`` to ``target`` if the cue stays valid; whether it did."""
        before = times[i]
        times[i] = target
        if self.valid(i):
            return True
        times[i] = before
        return False


def _sweep(ctx: Context, film: FilmFacts, *, starts: bool) -> _Retime:
    """One pass over the boundaries between cues: the earlier cue's end and the later cue's
    start are tried in the order that lets both move (``starts``: starts may move)."""
    frames = _Frames(ctx, film)
    work = _Retime(ctx, film)
    n = len(ctx.cues)
    for k in range(n + 1):
        end_near = frames.end(work.cue(k - 1), work.cue(k) if k < n else None) \
            if k > 0 and ctx.cues[k - 1].duration > 0 else None
        moved = end_near is not None and work.attempt(work.ends, k - 1, end_near.target)
        if starts and k < n and ctx.cues[k].duration > 0:
            start_near = frames.start(work.cue(k))
            if start_near is not None:
                work.attempt(work.starts, k, start_near.target)
        if end_near is not None and not moved:
            again = frames.end(work.cue(k - 1), work.cue(k) if k < n else None)
            if again is not None:
                work.attempt(work.ends, k - 1, again.target)
    return work


def fix(ctx: Context) -> Track:
    """Move in- and out-times near a cut onto it (see the manual)."""
    film = ctx.film
    if film is None or not film.shot_changes or not ctx.limits.shot_window_frames:
        return ctx.track
    work = _sweep(ctx, film, starts=True)
    if work.starts != [c.start for c in ctx.cues] and film.speech and work.shift != \
            track_shift(film, [work.cue(i) for i in range(len(ctx.cues))], work.dialogue):
        # The moved starts would make the track look shifted against the speech (or no
        # longer so): speech-sync would judge every cue anew. Only the ends move then.
        work = _sweep(ctx, film, starts=False)
    changed = [i for i, cue in enumerate(ctx.cues)
               if (work.starts[i], work.ends[i]) != (cue.start, cue.end)]
    if not changed:
        return ctx.track
    cues = list(ctx.cues)
    for i in changed:
        cues[i] = work.cue(i)
    return ctx.track._replace(cues=tuple(cues))


RULE = Rule("shot-change", Severity.WARNING, "with the film: a cue starting or ending a few "
            "frames off a cut, or running across one with under 1 s on a side", check,
            __doc__ or "", fix=fix, phase="timing", local=False)
