"""description-coverage: a long stretch of the film with neither speech nor a description.

Checks the master-language audio description track (``descriptions`` in
``[tool.subtool]``). Every stretch of 4 s or more in which nobody speaks and no description
is spoken is named, with the shot changes inside it when the film is there: a new picture
with nothing said is what a blind viewer most often misses (who is there now, where we
are, what is written on screen). 4 s less the 0.2 s kept clear of speech on either side
holds a short description of about 55 characters at the German voice's rate.

Information only: music or a silent moment may be meant to speak for itself; the describer
decides. Speech is the film's when it is there, else the master subtitle track's dialogue
cues (as for ``description-fit``); the stretches run to the film's end (its duration, or
``duration`` in ``[tool.subtool]``). Translations share the script's times, so only the
script itself is checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.timecode import format_short
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule
from subtool.rules.description_fit import span, speech
from subtool.rules.speech_sync import seconds


def check(ctx: Context) -> Iterator[Problem]:
    """Name the long stretches without speech or description."""
    from subtool.core.description import MIN_STRETCH, uncovered  # noqa: PLC0415 - descriptions only

    if ctx.description is None or ctx.is_translation:
        return
    found, _numbers = speech(ctx)
    ends = [e for _s, e in found] + [c.end for c in ctx.cues]
    duration = ctx.film_duration if ctx.film_duration is not None else max(ends, default=0)
    cuts = tuple(ctx.film.shot_changes) if ctx.film is not None else ()
    for stretch in uncovered(found, ctx.cues, duration, min_length=MIN_STRETCH,
                             shot_changes=cuts):
        message = _("{span}: {length} with neither speech nor a description").format(
            span=span(stretch.start, stretch.end), length=seconds(stretch.length))
        if stretch.shot_changes:
            message += "; " + _("the picture changes at {times}").format(
                times=", ".join(format_short(t) for t in stretch.shot_changes))
        yield ctx.problem(None, message + "; " + _("is there something to describe?"))


RULE = Rule("description-coverage", Severity.INFO, "audio descriptions: 4 s or more with "
            "neither speech nor a description", check, __doc__ or "")
