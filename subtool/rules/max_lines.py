"""max-lines: a cue has more lines than allowed (2 in every profile).

Three lines cover too much of the picture and cannot be read in time. Fix: the cue is
reflowed into the allowed lines when its words fit (the same fix as ``line-length``).
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import methodcaller

from subtool.core.model import Problem, Severity
from subtool.languages.i18n import _
from subtool.rules import line_length
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report cues with too many non-empty lines."""
    limit = ctx.limits.max_lines
    if max(map(methodcaller("count", "\n"), ctx.texts), default=0) < limit:
        return  # no cue has more lines than the limit (counted at C speed)
    for i, lengths in enumerate(ctx.line_lengths):  # one length per visible line
        if len(lengths) <= limit:
            continue
        count = sum(map(bool, map(str.strip, ctx.visible_lines[i])))
        if count > limit:
            yield ctx.problem(i, _("{count} lines; at most {limit}").format(count=count,
                                                                            limit=limit))


RULE = Rule("max-lines", Severity.ERROR, "more lines than allowed", check, __doc__ or "",
            fix=line_length.fix, phase="layout")
