"""What subtool knows about a film, and the questions the timing rules ask of it (pure).

``FilmFacts`` is the film's duration, frame rate, speech segments and shot changes, as
``subtool.media`` finds them. It is a value of the bottom layer so that the rules can read
it; finding the facts (ffmpeg, voice activity detection) is ``subtool.media``'s job and
keeping them (the cache) the project layer's. JSON shape (``subtool media --format json``)::

    {"duration": ms, "frame_rate": fps, "speech": [[start_ms, end_ms], ...],
     "shot_changes": [ms, ...]}

The cache adds ``"analyser"`` and ``"analyser_version"`` (optional on reading: a hand-written
or stand-in truth file has none).

The look-ups assume the facts are sorted as ``FilmFacts`` holds them (ascending starts;
speech segments do not overlap), so each is a binary search. Times are integer milliseconds
from the film's start. Nothing here is imported at start-up that a check without a film
would not import anyway (``fractions`` is imported on first use).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from subtool.core.text import strip_markup

if TYPE_CHECKING:
    from fractions import Fraction

Segment = tuple[int, int]


@dataclass(frozen=True, slots=True)
class FilmFacts:
    """Facts about one film; every time is integer milliseconds from the film's start."""

    duration: int
    frame_rate: float
    speech: tuple[Segment, ...]
    shot_changes: tuple[int, ...]
    analyser: str = ""
    analyser_version: str = ""

    def to_json(self, *, provenance: bool = False) -> dict[str, Any]:
        """The JSON-ready dict (lists, not tuples), keys in the documented order; with
        ``provenance`` also the analyser and its version (what the cache stores)."""
        data: dict[str, Any] = {
            "duration": self.duration,
            "frame_rate": self.frame_rate,
            "speech": [[s, e] for s, e in self.speech],
            "shot_changes": list(self.shot_changes),
        }
        if provenance and self.analyser:
            data["analyser"] = self.analyser
            data["analyser_version"] = self.analyser_version
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FilmFacts:
        """Read the JSON shape back; ValueError names the first field that is wrong."""
        try:
            duration = _ms(data["duration"], "duration")
            rate = data["frame_rate"]
            if isinstance(rate, bool) or not isinstance(rate, int | float) \
                    or not math.isfinite(rate) or rate <= 0:
                raise ValueError(f"frame_rate must be a positive number, not {rate!r}")
            speech = tuple(_segment(item) for item in data["speech"])
            shots = tuple(_ms(item, "shot_changes") for item in data["shot_changes"])
        except KeyError as exc:
            raise ValueError(f"the field {exc.args[0]!r} is missing") from None
        except TypeError:
            raise ValueError("speech and shot_changes must be lists") from None
        return cls(duration, float(rate), tuple(sorted(speech)), tuple(sorted(set(shots))),
                   str(data.get("analyser", "")), str(data.get("analyser_version", "")))


def _ms(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{field} must hold whole, non-negative milliseconds, not {value!r}")
    return value


def _segment(item: object) -> Segment:
    if not isinstance(item, list | tuple) or len(item) != 2:
        raise ValueError(f"a speech segment must be [start_ms, end_ms], not {item!r}")
    start, end = _ms(item[0], "speech"), _ms(item[1], "speech")
    if end < start:
        raise ValueError(f"a speech segment ends before it starts: {list(item)!r}")
    return start, end


# --- frames --------------------------------------------------------------------------------

@cache
def _rate(frame_rate: float) -> Fraction:
    from fractions import Fraction  # noqa: PLC0415 (only a film run needs it)

    # 29.97002997 is 30000/1001: the small denominator gives exact NTSC frame times.
    return Fraction(frame_rate).limit_denominator(100_000)


def ms_to_frames(ms: int, frame_rate: float) -> int:
    """The frame number showing at ``ms`` when frames are rounded to the nearest one."""
    return round(ms * _rate(frame_rate) / 1000)


def frames_to_ms(frames: int, frame_rate: float) -> int:
    """Milliseconds at the start of frame ``frames`` (rounded to the nearest millisecond)."""
    return round(frames * 1000 / _rate(frame_rate))


def snap_to_frame(ms: int, frame_rate: float) -> int:
    """``ms`` moved onto the nearest frame boundary."""
    return frames_to_ms(ms_to_frames(ms, frame_rate), frame_rate)


# --- look-ups ------------------------------------------------------------------------------

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
    i = bisect_right(speech, start, key=lambda seg: seg[1])
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


def uncovered(segment: Segment, covers: Sequence[Segment]) -> list[Segment]:
    """The parts of ``segment`` that no interval of ``covers`` (sorted by start) covers."""
    start, end = segment
    gaps: list[Segment] = []
    at = start
    # Intervals starting at or after the segment's end cannot cover it.
    for a, b in covers[:bisect_left(covers, (end,))]:
        if b <= at:
            continue
        if a > at:
            gaps.append((at, min(a, end)))
        at = max(at, b)
        if at >= end:
            break
    if at < end:
        gaps.append((at, end))
    return gaps


# --- what is spoken ------------------------------------------------------------------------

# SDH labels: sound in square brackets ([Musik]), a speaker in parentheses ((Sprecherin));
# music notes and dialogue dashes frame words but are none.
_LABELS = re.compile(r"\[[^\]]*\]|\([^)]*\)|[♪♫#]")
_WORD = re.compile(r"\w")


def is_dialogue(text: str) -> bool:
    """Whether a cue's text holds words someone says: not a sound label (``[Musik]``), not
    a speaker label alone (``(Sprecherin)``), not music notes, markup or dashes."""
    return bool(_WORD.search(_LABELS.sub(" ", strip_markup(text))))


# --- a constant shift ----------------------------------------------------------------------

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


def _median(values: Sequence[float]) -> float:
    # statistics.median, without importing statistics (fractions, decimal) into every check.
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


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
    middle = _median(deltas)
    spread = _median([abs(d - middle) for d in deltas])
    if spread > max_spread:
        return None
    return Offset(offset=round(middle), pairs=len(deltas), spread=round(spread))
