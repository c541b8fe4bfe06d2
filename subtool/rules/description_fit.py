"""description-fit: an audio description speaks over speech, or is too long for its time.

Checks audio description tracks only (``descriptions`` in ``[tool.subtool]`` and their
translations; README, "Audio description"). A description is spoken in a pause of the
film's speech (WCAG 2.1 SC 1.2.5; the German broadcasters' guidelines: "in den
Dialogpausen"): its cue is the slot the describer chose, and the voice starts at the cue's
start. Reported, one problem per description:

- **over speech**: speech within 0.2 s of the slot (the described mix fades the film's sound
  down over 0.2 s before a description and up over 0.2 s after it, so closer speech would
  be lowered, and the listener needs a breath between a speaker and the describer). The
  message names each speech segment's times and how much of it lies inside the slot;
- **too long**: the voice needs more time than the slot gives. The time needed is the
  description's visible characters (as the reading speed counts them, lines joined) divided
  by the characters per second the language's voice was measured to speak
  (``[description] chars_per_second`` of the language file, or the project's
  ``[tool.subtool.description-voice.<lang>]``): 15.88 for German at espeak-ng's 150 words
  per minute. The message says how long it needs, how long the slot is, and whether the
  pause after the start has room to end it later;
- **after the film**: it ends after the film's end (the film's duration, or ``duration`` in
  ``[tool.subtool]``).

Either message ends with the nearest pause before and after the slot that is long enough
for the description (0.2 s clear of speech on both sides, not taken by another
description), with its times, or says that none is.

**Speech** is the film's, found by voice activity detection, when the film is there
(``film`` in ``[tool.subtool]`` or ``--film``). Without the film the master subtitle track's
dialogue cues stand in for it: every cue with words, not the sound labels in brackets
(``[Musik]``) or a speaker label alone; a cue's time is taken as speech. Without either
(a description file checked outside a project), only the length is checked.

A language without a description voice cannot be timed: that is said once for the file
(a warning) and the descriptions are checked against speech only. The build checks again
with the synthesised speech's real durations before it makes the described version (a
name-heavy description can take a quarter longer than the estimate), and makes none
while this rule finds an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from subtool.core.model import Problem, Severity
from subtool.core.timecode import format_short
from subtool.languages.i18n import _, decimal, language_name
from subtool.rules.base import Context, Rule
from subtool.rules.speech_sync import seconds

if TYPE_CHECKING:
    # Imported when a description track is checked (a check of subtitles does not pay
    # for it at start-up).
    from subtool.core.description import Fit, Pause, Segment


def speech(ctx: Context) -> tuple[tuple[Segment, ...], tuple[int, ...]]:
    """The speech the descriptions must keep clear of: the film's (no cue numbers), else
    the master's dialogue cues with their 1-based numbers, else nothing."""
    if ctx.film is not None:
        return tuple(ctx.film.speech), ()
    setup = ctx.description
    if setup is None:
        return (), ()
    return setup.dialogue, setup.dialogue_cues


def span(start: int, end: int) -> str:
    """``0:04.880–0:11.000``."""
    return f"{format_short(start)}–{format_short(end)}"


def _segments(segments: Sequence[Segment], all_speech: Sequence[Segment],
              numbers: Sequence[int]) -> str:
    shown = []
    where = {segment: i for i, segment in enumerate(all_speech)}
    for segment in segments:
        text = span(*segment)
        i = where.get(segment)
        if numbers and i is not None and i < len(numbers):
            text += " " + _("(master cue {cue})").format(cue=numbers[i])
        shown.append(text)
    return ", ".join(shown)


def _pause(pause: Pause) -> str:
    return _("{span} ({length})").format(span=span(pause.start, pause.end),
                                         length=seconds(pause.length))


def nearest(fit: Fit) -> str:
    """Where the nearest pauses long enough for the description are, in words."""
    if fit.before is not None and fit.after is not None:
        return _("nearest pause long enough: before, {before}; after, {after}").format(
            before=_pause(fit.before), after=_pause(fit.after))
    if fit.before is not None:
        return _("nearest pause long enough: before, {before}; none after").format(
            before=_pause(fit.before))
    if fit.after is not None:
        return _("nearest pause long enough: after, {after}; none before").format(
            after=_pause(fit.after))
    return _("no free pause of the film (one no other description takes) is long enough "
             "for it: shorten the text")


def _over_speech(fit: Fit, all_speech: Sequence[Segment], numbers: Sequence[int]) -> str:
    from subtool.core.description import MARGIN  # noqa: PLC0415 - descriptions only

    segments = _segments(fit.overlaps, all_speech, numbers)
    if fit.overlap:
        return _("it is spoken over speech at {speech}, {overlap} of it inside the "
                 "description's time; a description goes in a pause, {margin} clear of "
                 "speech").format(speech=segments, overlap=seconds(fit.overlap),
                                  margin=seconds(MARGIN))
    return _("it comes within {margin} of speech at {speech}; a description needs that "
             "much silence on either side").format(margin=seconds(MARGIN), speech=segments)


def _too_long(fit: Fit, characters: int, rate: float) -> str:
    return _("the voice needs {needed} to say it ({characters} characters at {rate} per "
             "second), but its time {span} lasts {slot}").format(
        needed=seconds(fit.needed), characters=characters, rate=decimal(rate, 2),
        span=span(fit.start, fit.end), slot=seconds(fit.slot))


def _room(fit: Fit) -> str:
    """Where to end a description whose own pause has room for it, or where to move it."""
    if not fit.overlaps and fit.room >= fit.needed:
        return _("the pause has room for it: end it at {end} or later (the pause ends at "
                 "{pause_end})").format(end=format_short(fit.start + fit.needed),
                                        pause_end=format_short(fit.start + fit.room))
    return nearest(fit)


def check(ctx: Context) -> Iterator[Problem]:
    """Each description against the speech and its voice's speaking rate."""
    from subtool.core.description import check_fit, spoken_characters  # noqa: PLC0415 - descriptions only

    setup = ctx.description
    if setup is None or not ctx.cues:
        return
    rate = setup.chars_per_second
    if rate is None:
        yield ctx.problem(None, _(
            "no description voice for {language}: how long each description takes to say "
            "is not checked, and no described version is made; give the language a voice "
            "(README, Audio description)").format(language=language_name(ctx.lang or "")),
            severity=Severity.WARNING)
    found, numbers = speech(ctx)
    spoken = None if rate is not None else [max(c.duration, 1) for c in ctx.cues]
    fits = check_fit(ctx.cues, found, chars_per_second=rate or 1.0,
                     duration=ctx.film_duration, spoken=spoken)
    end = ctx.film_duration
    for i, fit in enumerate(fits):
        late = end is not None and fit.end > end
        if (fit.fits and not late) or not ctx.cues[i].text.strip():
            continue  # an empty cue is empty-cue's to report
        parts = []
        if late:
            parts.append(_("it ends at {end}, after the film's end at {film_end}").format(
                end=format_short(fit.end), film_end=format_short(end or 0)))
        if fit.overlaps:
            parts.append(_over_speech(fit, found, numbers))
        if fit.too_long and rate is not None:
            parts.append(_too_long(fit, spoken_characters(ctx.cues[i].text), rate))
        if not parts:
            continue  # a cue without duration is cue-order's to report
        yield ctx.problem(i, "; ".join([*parts, _room(fit)]))


RULE = Rule("description-fit", Severity.ERROR, "audio descriptions: a description over "
            "speech, or longer than its voice can say in its time", check, __doc__ or "")
