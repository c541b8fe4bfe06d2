"""Where audio descriptions fit in a film: pure planning on integer milliseconds, no I/O.

An audio description is spoken in a pause of the film's speech (WCAG 1.2.5; the German
broadcasters' audio description guidelines: "in den Dialogpausen"). Each description cue
is a slot ``[start, end)`` its describer chose; the voice starts speaking at ``start``.
:func:`check_fit` answers, per description, what the ``description-fit`` rule reports:

- does the slot, widened by :data:`MARGIN` on both sides, overlap speech (which segments)?
- how long does the voice need for the text (``needed``: characters at the voice's measured
  characters per second, or the duration of the synthesised speech when it is known), and
  does the slot hold it?
- how much room is there from ``start`` until the next speech or description (``room``)?
- where is the nearest pause long enough, before and after the slot?

:func:`uncovered` finds what ``description-coverage`` reports: long stretches with neither
speech nor description, where a describer may have something to say.

Speech segments are ``(start_ms, end_ms)`` pairs, sorted and disjoint, as the film analysis
gives them; without a film, the master's dialogue cues can stand in for them.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from subtool.core.model import Cue
from subtool.core.text import graphemes, visible

Segment = tuple[int, int]

# Silence kept between speech and a description on either side. The described mix lowers the
# film's sound over 200 ms before a description and raises it over 200 ms after it (see
# subtool/media/mix.py), so speech closer than this would be partly lowered; it is also the
# breath a listener needs to tell the describer's voice from a speaker's.
MARGIN = 200
# A stretch this long with neither speech nor description is worth a describer's look: minus
# the margins it holds about 3.6 s of speech, some 55 characters at the German voice's
# 15.9 characters per second, a full short description.
MIN_STRETCH = 4000
# Without the film's duration, pauses after the last speech are offered up to this long.
OPEN_END = 60_000


@dataclass(frozen=True, slots=True)
class DescriptionSetup:
    """What the description rules know about a description track besides its cues.

    ``chars_per_second``: the measured
    speaking rate of the language's description voice (None: there is no voice for it, so
    the time a description needs cannot be told). ``dialogue``: the master subtitle track's
    dialogue cues as ``(start, end)``, with their 1-based positions in ``dialogue_cues``:
    they stand in for the film's speech when the film is not there.
    """

    chars_per_second: float | None
    dialogue: tuple[Segment, ...] = ()
    dialogue_cues: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Pause:
    """A time ``[start, end)`` free of speech (margins kept) and of other descriptions."""

    start: int
    end: int

    @property
    def length(self) -> int:
        """Milliseconds of the pause."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Fit:
    """How one description cue fits the film (times in ms; ``position`` is 1-based).

    ``needed``: how long the voice speaks the text. ``slot``: the cue's duration.
    ``overlaps``: speech segments within ``MARGIN`` of the slot. ``room``: time from the
    cue's start to the next speech (less the margin), description or the film's end.
    ``before`` / ``after``: the nearest pauses that hold ``needed``, ending by the cue's
    start / starting after it (None when there is none on that side).
    """

    position: int
    start: int
    end: int
    needed: int
    room: int
    overlaps: tuple[Segment, ...]
    before: Pause | None
    after: Pause | None

    @property
    def slot(self) -> int:
        """The cue's duration in ms."""
        return self.end - self.start

    @property
    def overlap(self) -> int:
        """Milliseconds of speech inside the slot (margins not counted)."""
        return sum(max(0, min(e, self.end) - max(s, self.start)) for s, e in self.overlaps)

    @property
    def too_long(self) -> bool:
        """The voice needs more time than the cue gives it."""
        return self.needed > self.slot

    @property
    def fits(self) -> bool:
        """No speech within the margins of the slot, and the slot holds the spoken text."""
        return not self.overlaps and not self.too_long


@dataclass(frozen=True, slots=True)
class Stretch:
    """A long time ``[start, end)`` with neither speech nor description."""

    start: int
    end: int
    shot_changes: tuple[int, ...] = ()

    @property
    def length(self) -> int:
        """Milliseconds of the stretch."""
        return self.end - self.start


def spoken_characters(text: str) -> int:
    """Characters the voice says: visible grapheme clusters, lines joined by one space."""
    return graphemes(" ".join(visible(text).split()))


def needed_ms(text: str, chars_per_second: float) -> int:
    """Milliseconds a voice speaking ``chars_per_second`` takes for ``text`` (rounded up)."""
    if chars_per_second <= 0:
        raise ValueError(f"chars_per_second must be positive, not {chars_per_second!r}")
    return math.ceil(spoken_characters(text) * 1000 / chars_per_second)


def speech_near(speech: Sequence[Segment], start: int, end: int,
                margin: int = MARGIN) -> tuple[Segment, ...]:
    """Speech segments that come within ``margin`` ms of ``[start, end)``."""
    lo, hi = start - margin, end + margin
    i = bisect_left([e for _, e in speech], lo + 1)
    found = []
    for seg in speech[i:]:
        if seg[0] >= hi:
            break
        found.append(seg)
    return tuple(found)


def _merge(intervals: Sequence[Segment]) -> list[Segment]:
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def free_pauses(speech: Sequence[Segment], duration: int, *, margin: int = MARGIN,
                occupied: Sequence[Segment] = ()) -> tuple[Pause, ...]:
    """The times in ``[0, duration)`` free of speech (widened by ``margin``) and ``occupied``.

    ``occupied`` holds other descriptions' slots (taken as they are, no margin: two
    descriptions may follow each other directly).
    """
    busy = _merge([(s - margin, e + margin) for s, e in speech] + list(occupied))
    pauses, at = [], 0
    for s, e in busy:
        if s > at:
            pauses.append(Pause(at, min(s, duration)))
        at = max(at, e)
        if at >= duration:
            break
    if at < duration:
        pauses.append(Pause(at, duration))
    return tuple(p for p in pauses if p.length > 0)


def _nearest(pauses: Sequence[Pause], start: int, needed: int) -> tuple[Pause | None,
                                                                         Pause | None]:
    before = after = None
    for pause in pauses:
        if pause.length < needed:
            continue
        if pause.start <= start <= pause.end - needed:
            continue  # the cue already starts in this pause with room: no move needed
        if pause.end - needed < start:
            before = pause
        elif after is None:
            after = pause
    return before, after


def _room(pauses: Sequence[Pause], start: int) -> int:
    for pause in pauses:
        if pause.start <= start < pause.end:
            return pause.end - start
    return 0


def _end_of(speech: Sequence[Segment], cues: Sequence[Cue], duration: int | None) -> int:
    if duration is not None:
        return duration
    ends = [e for _, e in speech] + [c.end for c in cues]
    return max(ends, default=0) + OPEN_END


def check_fit(descriptions: Sequence[Cue], speech: Sequence[Segment], *,
              chars_per_second: float, duration: int | None = None, margin: int = MARGIN,
              spoken: Sequence[int] | None = None) -> tuple[Fit, ...]:
    """How each description cue fits between the film's speech (one :class:`Fit` per cue).

    ``chars_per_second`` is the voice's measured speaking rate; ``spoken``, when given, is
    the measured duration (ms) of each description's synthesised speech, in cue order, and
    replaces the estimate. ``duration`` is the film's; without it pauses after the last
    speech are open-ended.
    """
    if spoken is not None and len(spoken) != len(descriptions):
        raise ValueError("spoken must hold one duration per description")
    end_of_film = _end_of(speech, descriptions, duration)
    fits = []
    for i, cue in enumerate(descriptions):
        needed = spoken[i] if spoken is not None else needed_ms(cue.text, chars_per_second)
        others = [(c.start, c.end) for j, c in enumerate(descriptions) if j != i]
        pauses = free_pauses(speech, end_of_film, margin=margin, occupied=others)
        before, after = _nearest(pauses, cue.start, needed)
        fits.append(Fit(position=i + 1, start=cue.start, end=cue.end, needed=needed,
                        room=_room(pauses, cue.start),
                        overlaps=speech_near(speech, cue.start, cue.end, margin),
                        before=before, after=after))
    return tuple(fits)


def uncovered(speech: Sequence[Segment], descriptions: Sequence[Cue], duration: int, *,
              min_length: int = MIN_STRETCH,
              shot_changes: Sequence[int] = ()) -> tuple[Stretch, ...]:
    """Stretches of at least ``min_length`` ms with neither speech nor a description.

    Each stretch lists the shot changes inside it: a new picture with nothing said is what
    a describer most often has to describe.
    """
    pauses = free_pauses(speech, duration, margin=0,
                         occupied=[(c.start, c.end) for c in descriptions])
    cuts = sorted(shot_changes)
    found = []
    for pause in pauses:
        if pause.length >= min_length:
            inside = tuple(t for t in cuts if pause.start < t < pause.end)
            found.append(Stretch(pause.start, pause.end, inside))
    return tuple(found)


# What became of a language's described version in a build (``DescribedVersion.state``).
WRITTEN = "written"  # mixed now and written
UNCHANGED = "unchanged"  # the inputs did not change: the files of the last build stand
NOT_MADE = "not made"  # there is a reason in the project (no film, no voice, no fit)
FAILED = "failed"  # the tools or the film failed (a missing espeak-ng or ffmpeg …)


@dataclass(frozen=True, slots=True)
class DescribedVersion:
    """The described version of the film in one language: its sound (``audio``) and video
    (``video``) file names in the output folder, what became of it, and why (in words)."""

    lang: str
    state: str
    audio: str = ""
    video: str = ""
    reason: str = ""

    @property
    def exists(self) -> bool:
        """Whether the output folder holds this described version now."""
        return self.state in (WRITTEN, UNCHANGED)
