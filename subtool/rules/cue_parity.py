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
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report unaligned cues on both sides."""
    alignment = ctx.alignment
    if alignment is None or ctx.master is None:
        return
    for i, masters in enumerate(alignment.master_for):
        if not masters:
            cue = ctx.cues[i]
            yield ctx.problem(i,
                              f"no master cue at {format_short(cue.start)}–"
                              f"{format_short(cue.end)}: retime it to the master or delete it")
    for m, translations in enumerate(alignment.translation_for):
        if not translations:
            cue = ctx.master.cues[m]
            preview = visible(cue.text).replace("\n", " ")[:40]
            yield ctx.problem(None,
                              f"master cue {m + 1} ({format_short(cue.start)}–"
                              f"{format_short(cue.end)}, {preview!r}) has no cue in this "
                              "translation")


RULE = Rule("cue-parity", Severity.ERROR, "with a master: a translated cue without a master "
            "cue at the same time, or the reverse", check, __doc__ or "", needs_master=True)
