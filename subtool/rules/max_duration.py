"""max-duration: a cue stays on screen longer than the profile allows (7 s in all profiles).

A subtitle that stays too long is read twice, and usually means the cue should be split
or its end time is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report cues longer than the maximum."""
    maximum = ctx.limits.max_duration
    message = _("shown for {duration} ms; at most {limit} ms: split the cue")
    for i, duration in [(i, d) for i, d in enumerate(ctx.durations) if d > maximum]:
        yield ctx.problem(i, message.format(duration=duration, limit=maximum))


RULE = Rule("max-duration", Severity.WARNING, "cue longer than the profile allows", check,
            __doc__ or "")
