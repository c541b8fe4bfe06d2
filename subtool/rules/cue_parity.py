"""cue-parity: a translated cue has no master cue at the same time, or the reverse.

Translations are aligned to the master by time (overlap of at least half the shorter cue),
never by SRT number, so an inserted or deleted cue is reported where it is and not as a
shift of every later cue. Applies with ``--master`` (and to every translation in a project).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.text import visible
from subtool.core.timecode import format_short
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report unaligned cues on both sides."""
    alignment = ctx.alignment
    if alignment is None or ctx.master is None:
        return
    for i, masters in enumerate(alignment.master_for):
        if not masters:
            cue = ctx.cues[i]
            yield ctx.problem(i, _("no master cue at {start}–{end}: retime it to the master "
                                   "or delete it").format(start=format_short(cue.start),
                                                          end=format_short(cue.end)))
    for m, translations in enumerate(alignment.translation_for):
        if not translations:
            cue = ctx.master.cues[m]
            yield ctx.problem(None, _("master cue {cue} ({start}–{end}, '{text}') has no cue "
                                      "in this translation").format(
                cue=m + 1, start=format_short(cue.start), end=format_short(cue.end),
                text=" ".join(visible(cue.text).split())))


RULE = Rule("cue-parity", Severity.ERROR, "with a master: a translated cue without a master "
            "cue at the same time, or the reverse", check, __doc__ or "", needs_master=True)
