"""rtl-direction: a right-to-left line that a browser would lay out left to right.

Browsers lay out each WebVTT cue line in the direction of its first strong character
(W3C WebVTT, cue text rendering; Unicode bidi rule P2). An Arabic line that opens with a
Latin name or a web address therefore runs left to right and its punctuation lands on the
wrong side. Digits and punctuation are weak or neutral and do not count, and text inside
isolates (U+2066–U+2069) is skipped, as the bidi algorithm does. The fix is U+200F
(RIGHT-TO-LEFT MARK) at the start of the line, which is what the fix adds (once).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.core.text import RLM, first_strong, needs_rlm, strip_markup
from subtool.languages import lookup
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_lines
from subtool.rules.foreign_script import foreign, glossary_names

__all__ = ["RLM", "first_strong", "needs_rlm"]

def _needs_mark(line: str, script: str, names: frozenset[str]) -> bool:
    """A line laid out left to right that is text of the track's script, an address or a
    name (a line in another script altogether is ``foreign-script``'s, and a mark would
    not make it right)."""
    return needs_rlm(line) and not foreign(line, script, names)


def check(ctx: Context) -> Iterator[Problem]:
    """Report right-to-left track lines whose first strong character is left-to-right."""
    language = lookup(ctx.lang)
    if language is None or not language.rtl:
        return
    names = glossary_names(ctx.glossary)
    for i, cue in enumerate(ctx.cues):
        for k, line in enumerate(cue.text.split("\n")):
            if _needs_mark(line, language.script, names):
                yield ctx.problem(i, _("line {line} starts with left-to-right text ('{start}…'), "
                                       "so a browser lays it out left to right: put U+200F "
                                       "(RLM) at its start").format(
                    line=k + 1, start=strip_markup(line)[:20]), text_line=k)


def fix_line(line: str, script: str, names: frozenset[str] = frozenset()) -> str:
    """The line with U+200F in front when a browser would lay it out left to right."""
    return RLM + line if _needs_mark(line, script, names) else line


def fix(ctx: Context) -> Track:
    """RLM at the start of each line that needs it (idempotent: a mark is never doubled,
    and it goes before any tag, never inside one)."""
    language = lookup(ctx.lang)
    if language is None or not language.rtl:
        return ctx.track
    names = glossary_names(ctx.glossary)
    return map_lines(ctx, lambda line: fix_line(line, language.script, names))


RULE = Rule("rtl-direction", Severity.WARNING, "a right-to-left line whose first strong "
            "character is left-to-right, without RLM", check, __doc__ or "",
            fix=fix, phase="layout", export_safe=True)
