"""Questions the timing rules ask of a film's facts (pure: no I/O, integer milliseconds).

Speech segments and shot changes are sorted as :class:`~subtool.media.model.FilmFacts`
holds them (ascending starts; speech segments do not overlap), so every look-up is a
binary search.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Segment = tuple[int, int]


def ms_to_frames(ms: int, frame_rate: float) -> int:
    """The frame number showing at ``ms`` when frames are rounded to the nearest one."""
    return round(Fraction(ms) * Fraction(frame_rate).limit_denominator(100_000) / 1000)


def frames_to_ms(frames: int, frame_rate: float) -> int:
    """Milliseconds at the start of frame ``frames`` (rounded to the nearest millisecond)."""
    return round(Fraction(frames * 1000) / Fraction(frame_rate).limit_denominator(100_000))


def snap_to_frame(ms: int, frame_rate: float) -> int:
    """``ms`` moved onto the nearest frame boundary."""
    return frames_to_ms(ms_to_frames(ms, frame_rate), frame_rate)


def nearest(times: Sequence[int], t: int) -> int | None:
    """The element of sorted ``times`` closest to ``t`` (the earlier one on a tie)."""
    if not times:
        return None
    i = bisect_left(times, t)
    candidates = [times[j] for j in (i - 1, i) if 0 <= j < len(times)]
    return min(candidates, key=lambda x: (abs(x - t), x))


def nearest_shot_change(shot_changes: Sequence[int], t: int,
                        within: int | None = None) -> int | None:
    """The shot change nearest ``t``; None when there is none (within ``within`` ms)."""
    found = nearest(shot_changes, t)
    if found is None or (within is not None and abs(found - t) > within):
        return None
    return found


def shot_changes_between(shot_changes: Sequence[int], start: int, end: int) -> tuple[int, ...]:
    """Shot changes strictly inside ``(start, end)``: cuts a cue shown then runs across."""
    return tuple(shot_changes[bisect_right(shot_changes, start):bisect_left(shot_changes, end)])


def speech_overlapping(speech: Sequence[Segment], start: int, end: int) -> tuple[Segment, ...]:
    """Speech segments that share some time with ``[start, end)``."""
    # Segments are sorted and disjoint, so their ends ascend too: skip those ending by start.
    ends = [e for _, e in speech]
    i = bisect_right(ends, start)
    found: list[Segment] = []
    for seg in speech[i:]:
        if seg[0] >= end:
            break
        found.append(seg)
    return tuple(found)


def speech_overlap(speech: Sequence[Segment], start: int, end: int) -> int:
    """Milliseconds of ``[start, end)`` during which someone speaks."""
    return sum(min(e, end) - max(s, start) for s, e in speech_overlapping(speech, start, end))


def nearest_onset(speech: Sequence[Segment], t: int, within: int | None = None) -> int | None:
    """The speech onset (segment start) nearest ``t``; None if none is within ``within`` ms."""
    found = nearest([s for s, _ in speech], t)
    if found is None or (within is not None and abs(found - t) > within):
        return None
    return found


@dataclass(frozen=True, slots=True)
class Offset:
    """A constant shift between cue starts and speech onsets.

    ``offset`` is cue start minus speech onset (positive: the cues come late), the median of
    ``pairs`` per-cue differences; ``spread`` is their median absolute deviation.
    """

    offset: int
    pairs: int
    spread: int


# A per-cue difference farther than this is no pair: the cue belongs to other speech.
PAIR_DISTANCE = 2000
# Agreement needed to call a shift constant: at least half of the differences within 120 ms
# (three frames at 25 fps) of their median (a median absolute deviation of at most 120 ms),
# at least five pairs, and at least half of the cues paired. Fewer, or more scattered,
# differences are individual timing errors, not a shifted track.
MAX_SPREAD = 120
MIN_PAIRS = 5


def estimate_offset(cue_starts: Sequence[int], speech: Sequence[Segment], *,
                    pair_distance: int = PAIR_DISTANCE, max_spread: int = MAX_SPREAD,
                    min_pairs: int = MIN_PAIRS) -> Offset | None:
    """The constant offset between cue starts and speech onsets, or None if there is none.

    Each cue start is paired with the nearest speech onset within ``pair_distance`` ms; the
    offset is the median difference. It is returned only when the differences agree (median
    absolute deviation at most ``max_spread``) and enough cues were paired, so a few badly
    timed cues never pass for a shifted track.
    """
    onsets = [s for s, _ in speech]
    deltas = []
    for start in cue_starts:
        onset = nearest(onsets, start)
        if onset is not None and abs(start - onset) <= pair_distance:
            deltas.append(start - onset)
    if len(deltas) < max(min_pairs, (len(cue_starts) + 1) // 2):
        return None
    middle = statistics.median(deltas)
    spread = statistics.median(abs(d - middle) for d in deltas)
    if spread > max_spread:
        return None
    return Offset(offset=round(middle), pairs=len(deltas), spread=round(spread))
