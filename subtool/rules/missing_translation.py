"""missing-translation: the master cue has text, the translated cue at the same time has none.

The translated cue exists and is aligned by time, but is empty (or holds only tags or bidi
marks). A missing cue altogether is ``cue-parity``. Applies with ``--master``.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.text import visible
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report empty translated cues whose master cue has text."""
    alignment = ctx.alignment
    if alignment is None or ctx.master is None or not ctx.is_translation:
        return
    for i, masters in enumerate(alignment.master_for):
        if not masters or any(line.strip() for line in ctx.visible_lines[i]):
            continue
        texts = [visible(ctx.master.cues[m].text).strip() for m in masters]
        if any(texts):
            yield ctx.problem(i, _("empty, but the master has '{text}'").format(
                text=" ".join(" ".join(texts).split())))


RULE = Rule("missing-translation", Severity.ERROR, "with a master: master cue has text, "
            "translated cue is empty", check, __doc__ or "", needs_master=True)
