"""numbering: SRT cue numbers are not 1, 2, 3 … in file order.

Some players and editors rely on the numbers; YouTube does not, but a gap or repeat usually
means a cue was deleted or pasted twice. Only the first wrongly numbered cue of a run is
reported (one inserted cue shifts every later number), with the count of the others.
Fix: renumber. WebVTT identifiers are free text and are checked by
``duplicate-id`` instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter, eq

from subtool.core.model import Problem, Severity, Track
from subtool.core.text import excerpt
from subtool.languages.i18n import _, ngettext
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Find runs of cues whose number is not their position."""
    if ctx.track.format != "srt":
        return
    cues = ctx.cues
    if all(map(eq, map(attrgetter("identifier"), cues), map(str, range(1, len(cues) + 1)))):
        return  # numbered 1..n (compared at C speed)
    i = 0
    while i < len(cues):
        expected = str(i + 1)
        if cues[i].identifier == expected:
            i += 1
            continue
        j = i + 1
        while j < len(cues) and cues[j].identifier != str(j + 1):
            j += 1
        found = excerpt(cues[i].identifier) or _("(no number)")
        message = _("cue is numbered {found}, expected {expected}").format(found=found,
                                                                          expected=expected)
        if j - i > 1:
            message += "; " + ngettext(
                "{count} more cue after it is numbered wrongly too",
                "{count} more cues after it are numbered wrongly too", j - i - 1).format(
                count=j - i - 1)
        yield ctx.problem(i, message,
                          # The number stands on the line above the timing line, if at all.
                          line=cues[i].line - 1 if cues[i].identifier else cues[i].line)
        i = j


def fix(ctx: Context) -> Track:
    """Number the cues 1..n."""
    if ctx.track.format != "srt" or all(c.identifier == str(i + 1)
                                        for i, c in enumerate(ctx.cues)):
        return ctx.track
    return ctx.track._replace(cues=tuple(c._replace(identifier=str(i + 1))
                                         for i, c in enumerate(ctx.cues)))


RULE = Rule("numbering", Severity.WARNING, "SRT numbers are not 1..n in order", check,
            __doc__ or "", fix=fix, phase="structure", export_safe=True)
