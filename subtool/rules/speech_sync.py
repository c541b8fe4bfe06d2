"""speech-sync: a dialogue cue is not shown while its words are spoken.

Needs the film (``film`` in ``[tool.subtool]`` or ``--film``): subtool finds the speech in
its sound (voice activity detection) and compares each dialogue cue with it. A dialogue cue
is one with words; sound labels (``[Musik]``), a speaker label alone (``(Sprecherin)``) and
music notes are not checked. Subtitles start with the speech: the in-time belongs on the
first frame of speech (Netflix timing guidelines). Reported:

- a dialogue cue during which nobody speaks at all (wrong place, or speech the detector
  cannot hear under loud music);
- a dialogue cue that starts more than 0.5 s before the speech it belongs to (viewers read
  what has not been said yet), or more than 0.5 s after that speech began (it comes late).
  The speech a cue belongs to is the first it overlaps, not counting the last half second
  of the previous cue's speech. A cue that continues speech the cue before already showed
  for more than 0.5 s (a sentence split across cues) is not checked for its start:
  subtool hears speech, not words;
- a track whose cues all come early or late by about the same amount (at least half of
  the dialogue cues paired with a speech onset within 2 s, their differences within
  120 ms of the median): reported once, with the offset, and the cues are then judged
  with that offset taken off. A constant shift of 0.25 s or more is reported (six frames:
  more than the two or three frames subtitlers lead speech by). subtool never shifts a
  track by itself: a shift usually means the film was re-edited or exported with another
  start, which a person must confirm.

Translations share the master's timing, so they are checked too. No fix: moving a cue to
the speech is a decision about the words, which subtool cannot hear.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from subtool.core.model import Cue, Problem, Severity
from subtool.core.timecode import format_short
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule

if TYPE_CHECKING:
    # The film's module is imported when there is a film (a check without one does not
    # pay for it at start-up).
    from subtool.core.film import FilmFacts

# Netflix timing guidelines and this project's issue: an in-time within half a second of
# the speech onset is in sync (the detector's onsets are within 0.1 s, see the README).
TOLERANCE = 500
# The smallest constant shift worth a warning (see the manual).
SHIFT_MIN = 250


class Sync(NamedTuple):
    """What is wrong with one cue against the speech: ``silent`` (nobody speaks), ``early``
    or ``late`` by ``distance`` ms from the speech ``onset``."""

    kind: str
    onset: int = 0
    distance: int = 0


def _previous_dialogue(cues: Sequence[Cue], dialogue: Sequence[bool], i: int) -> Cue | None:
    for j in range(i - 1, -1, -1):
        if dialogue[j]:
            return cues[j]
    return None


def judge(film: FilmFacts, cues: Sequence[Cue], dialogue: Sequence[bool], i: int, *,
          shift: int = 0, moved: Cue | None = None) -> Sync | None:
    """The timing problem of dialogue cue ``i`` against the film's speech, or None.

    ``dialogue`` says per cue whether it is one; ``shift`` (ms) is taken off every cue's
    times first (a constant offset already reported for the whole track); ``moved`` stands
    in for cue ``i`` (a fix trying new times).
    """
    from subtool.core.film import speech_overlapping  # noqa: PLC0415 - only with a film

    cue = moved if moved is not None else cues[i]
    start, end = cue.start - shift, cue.end - shift
    heard = list(speech_overlapping(film.speech, start, end))
    if heard and heard[0][0] < start - TOLERANCE:
        onset, seg_end = heard[0]
        before = _previous_dialogue(cues, dialogue, i)
        shown = -1 if before is None else \
            min(before.end - shift, seg_end) - max(before.start - shift, onset)
        if shown <= TOLERANCE:
            return Sync("late", onset, start - onset)
        if seg_end - start > TOLERANCE:
            return None  # the speech began under the cue before: this one continues it
        heard.pop(0)  # the last words of the cue before, still audible
    if not heard:
        return Sync("silent")
    onset = heard[0][0]
    if onset - start > TOLERANCE:
        return Sync("early", onset, onset - start)
    return None


def dialogue_cues(cues: Sequence[Cue]) -> list[bool]:
    """Per cue, whether it holds words someone says (and has a duration)."""
    from subtool.core.film import is_dialogue  # noqa: PLC0415 - only with a film

    return [cue.duration > 0 and is_dialogue(cue.text) for cue in cues]


def track_shift(film: FilmFacts, cues: Sequence[Cue], dialogue: Sequence[bool]) -> int:
    """The constant offset of the track's dialogue cues against the speech (0 if none)."""
    from subtool.core.film import estimate_offset  # noqa: PLC0415 - only with a film

    found = estimate_offset([c.start for c, d in zip(cues, dialogue, strict=True) if d],
                            film.speech)
    return found.offset if found is not None and abs(found.offset) >= SHIFT_MIN else 0


def seconds(ms: int) -> str:
    """``0.6 s``: a distance for people (tenths of a second)."""
    return _("{value} s").format(value=f"{ms / 1000:.1f}")


def _message(sync: Sync, cue: Cue, duration: int) -> str:
    if sync.kind == "silent" and cue.start >= duration:
        return _("starts at {start}, after the film has ended ({end}): is this the track of "
                 "another cut of the film?").format(start=format_short(cue.start),
                                                    end=format_short(duration))
    if sync.kind == "silent":
        return _("nobody speaks while this cue is shown ({start}–{end}): move it to its "
                 "speech, or mark a sound as a label in brackets").format(
            start=format_short(cue.start), end=format_short(cue.end))
    if sync.kind == "early":
        return _("starts {distance} before the speech at {onset}: start it with the speech"
                 ).format(distance=seconds(sync.distance), onset=format_short(sync.onset))
    return _("starts {distance} after the speech began at {onset}: start it with the speech"
             ).format(distance=seconds(sync.distance), onset=format_short(sync.onset))


def check(ctx: Context) -> Iterator[Problem]:
    """A constant shift once, then every dialogue cue out of step with the speech."""
    film = ctx.film
    if film is None:
        return
    cues = ctx.cues
    dialogue = dialogue_cues(cues)
    shift = track_shift(film, cues, dialogue)
    if shift:
        late = shift > 0
        yield ctx.problem(None, (
            _("the cues come {distance} late compared with the speech in the film, all by "
              "about the same amount: was the film re-edited or exported with another start? "
              "Then shift the whole track {distance} earlier")
            if late else
            _("the cues come {distance} early compared with the speech in the film, all by "
              "about the same amount: was the film re-edited or exported with another start? "
              "Then shift the whole track {distance} later")).format(
            distance=seconds(abs(shift))))
    for i, cue in enumerate(cues):
        if dialogue[i]:
            found = judge(film, cues, dialogue, i, shift=shift)
            if found is not None:
                yield ctx.problem(i, _message(found, cue, film.duration))


RULE = Rule("speech-sync", Severity.WARNING, "with the film: a dialogue cue shown while nobody "
            "speaks, starting over 0.5 s before or after its speech, or a shifted track",
            check, __doc__ or "")
