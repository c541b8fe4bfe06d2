"""reading-speed: a cue has more characters per second than viewers can read.

Formula: visible characters ÷ display time in seconds. Characters are grapheme clusters of
the text as shown: spaces and punctuation count (Netflix counts them too); line breaks,
markup tags and invisible bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) do
not. Tools differ here (Subtitle Edit alone has 14 counting modes), so this is the formula.

Limits per profile: ``senior`` warns above 13 and is an error above 15 (ARD base speed,
for an older audience); ``broadcast-de`` the same (ARD 13–15); ``netflix`` 17, English and
Arabic 20 (Arabic unconfirmed), an error at once above it. Override per language with
``cps_warn`` / ``cps_error`` in ``[tool.subtool.limits]``. Fix: the cue is shown longer, into
the free time after it, up to what its text needs at the warning limit (never past the next
cue less the minimum gap, the maximum duration or the film's end); the text is not touched.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _, decimal
from subtool.rules.base import Context, Rule, extend_to, with_ends


def cps(characters: int, duration_ms: int) -> float:
    """Characters per second (0 for a cue without duration)."""
    return characters * 1000 / duration_ms if duration_ms > 0 else 0.0


def _fast(ctx: Context, limit: float) -> list[tuple[int, int]]:
    """(cue, characters) of every cue read faster than ``limit`` characters per second,
    picked in one pass (cues without duration are the duration rules')."""
    # Integer-safe comparison: chars / (duration / 1000) > limit.
    return [(i, chars) for i, (chars, duration)
            in enumerate(zip(ctx.characters, ctx.durations, strict=True))
            if duration > 0 and chars * 1000 > limit * duration]


def check(ctx: Context) -> Iterator[Problem]:
    """Compare each cue's reading speed with the warning and error limits."""
    warn, error = ctx.limits.cps_warn, ctx.limits.cps_error
    message = _("{speed} characters per second ({chars} characters in {seconds} s); limit "
                "{limit} for {lang} under '{profile}': shorten by {shorter} characters or "
                "show it {longer} ms longer")
    lang = ctx.lang or _("this language")
    durations = ctx.durations
    for i, chars in _fast(ctx, warn):
        duration = durations[i]
        over_error = chars * 1000 > error * duration
        limit = error if over_error else warn
        fits = int(limit * duration / 1000)
        needed = int(chars * 1000 / limit) - duration + 1
        yield ctx.problem(i, message.format(
            speed=decimal(cps(chars, duration)), chars=chars,
            seconds=decimal(duration / 1000, 2),
            limit=decimal(limit, 0 if limit == int(limit) else 1),
            lang=lang, profile=ctx.profile,
            shorter=chars - fits, longer=needed), severity=Severity.ERROR if over_error else None)


def fix(ctx: Context) -> Track:
    """Show fast cues longer, into the free time after them, up to the time their text needs
    at the warning limit (Netflix: the out-time may run past the speech for reading speed)."""
    ends = {}
    warn = ctx.limits.cps_warn
    for i, chars in _fast(ctx, warn):
        cue = ctx.cues[i]
        needed = cue.start + math.ceil(chars * 1000 / warn)
        end = extend_to(ctx, i, needed)
        if end > cue.end:
            ends[i] = end
    return with_ends(ctx, ends)


RULE = Rule("reading-speed", Severity.WARNING, "characters per second over the limit "
            "(error above the hard limit)", check, __doc__ or "", fix=fix, phase="timing")
