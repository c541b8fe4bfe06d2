"""empty-cue: a cue shows nothing (no text, only spaces, only tags or bidi marks).

An empty cue blanks the subtitle area for nothing, and in a translation it usually means a
line was forgotten (with ``--master`` that case is also ``missing-translation``).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.text import is_plain
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report cues without visible text."""
    message = _("shows no text: write the text or delete the cue")
    if ctx.plain:  # no markup or bidi marks anywhere: a cue shows what is not whitespace
        for i in [i for i, text in enumerate(ctx.texts) if not text.strip()]:
            yield ctx.problem(i, message)
        return
    for i, cue in enumerate(ctx.cues):
        text = cue.text
        # Plain text with a character that is not a space shows it; only the others (tags,
        # bidi marks) need their visible lines made.
        if (text.strip() and is_plain(text)) or any(map(str.strip, ctx.visible_lines[i])):
            continue
        yield ctx.problem(i, message)


RULE = Rule("empty-cue", Severity.ERROR, "a cue with no visible text", check, __doc__ or "")
