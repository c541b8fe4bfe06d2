"""greek-question-mark: U+037E GREEK QUESTION MARK instead of the semicolon.

Greek writes its question mark with the glyph of the semicolon, and Unicode makes U+037E
canonically equivalent to U+003B (";"): normalisation turns one into the other, so search,
comparison and some fonts treat the two differently until it happens. Subtitles use U+003B.
Fix: U+037E becomes ``;``.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_text

GREEK_QUESTION_MARK = "\u037e"


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines with U+037E."""
    if GREEK_QUESTION_MARK not in ctx.all_text:
        return
    for i, cue in enumerate(ctx.cues):
        if GREEK_QUESTION_MARK not in cue.text:
            continue
        for k, line in enumerate(cue.text.split("\n")):
            if GREEK_QUESTION_MARK in line:
                yield ctx.problem(i, _("line {line} uses U+037E: write the question mark as "
                                       "';' (U+003B)").format(line=k + 1), text_line=k)


def fix(ctx: Context) -> Track:
    """U+037E → ``;``."""
    if GREEK_QUESTION_MARK not in ctx.all_text:
        return ctx.track
    return map_text(ctx, lambda text: text.replace(GREEK_QUESTION_MARK, ";"),
                    lambda text: GREEK_QUESTION_MARK in text)


RULE = Rule("greek-question-mark", Severity.WARNING, "Greek question mark U+037E instead of ';'",
            check, __doc__ or "", fix=fix, phase="text", export_safe=True)
