"""speech-without-cue: someone speaks for a second or more and no cue is shown.

Needs the film (``film`` in ``[tool.subtool]`` or ``--film``). Every stretch of speech that
the film's sound holds (voice activity detection) and that no cue covers is reported when
it lasts 1 s or more: a forgotten line, a cue timed at the wrong place, or speech that is
deliberately left out (a crowd, a foreign-language sound bite), which a person confirms.
Shorter uncovered speech is the normal margin between speech and in- or out-times. Any
cue counts as cover, a sound label too (``[Gesang]`` for singing the detector hears).

Checked on the master only: translations follow its cues, and a master cue without a
translation is reported by ``cue-parity``. The problem is reported at the cue after the
speech (where a cue would be added), or for the file when the speech comes after the last
cue.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.timecode import format_short
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule
from subtool.rules.speech_sync import seconds

# This project's issue: speech of a second or more needs a cue (a short "Ja." is about
# 0.2-0.3 s, and in- and out-times may sit up to half a second off the speech).
MIN_SPEECH = 1000


def check(ctx: Context) -> Iterator[Problem]:
    """Report uncovered stretches of speech of ``MIN_SPEECH`` or more."""
    film = ctx.film
    if film is None or ctx.is_translation:
        return
    from subtool.core.film import uncovered  # noqa: PLC0415 - only with a film (1 ms)

    shown = sorted((c.start, c.end) for c in ctx.cues if c.duration > 0 and c.text.strip())
    starts = [c.start for c in ctx.cues]
    ordered = starts == sorted(starts)
    for segment in film.speech:
        for start, end in uncovered(segment, shown):
            if end - start < MIN_SPEECH:
                continue
            after = bisect_left(starts, end) if ordered else len(starts)
            yield ctx.problem(after if after < len(starts) else None, _(
                "someone speaks for {duration} ({start}–{end}) and no cue is shown: add a "
                "cue, or leave it out on purpose").format(
                duration=seconds(end - start), start=format_short(start),
                end=format_short(end)))


RULE = Rule("speech-without-cue", Severity.WARNING, "with the film, master only: speech of "
            "1 s or more that no cue covers", check, __doc__ or "")
