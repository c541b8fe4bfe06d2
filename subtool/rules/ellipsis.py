"""ellipsis: three dots where the language writes the ellipsis character.

German, and the other languages of the film, write the ellipsis as the single character …
(U+2026) in subtitles (subtitle-standards.md, language notes): it is one character, not
three, for line length and reading speed, and it cannot be broken across lines. Four or
more dots are left alone (they are rarely an ellipsis). Fix: ``...`` becomes ``…``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages import lookup
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_text

_DOTS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


def _applies(ctx: Context) -> bool:
    language = lookup(ctx.lang)
    return language is None or language.ellipsis


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines with three dots."""
    if not _applies(ctx) or "..." not in ctx.all_text:
        return
    for i, cue in enumerate(ctx.cues):
        if "..." not in cue.text:
            continue
        for k, line in enumerate(cue.text.split("\n")):
            if _DOTS.search(line):
                yield ctx.problem(i, _("line {line} has three dots: write the ellipsis … "
                                       "(U+2026)").format(line=k + 1), text_line=k)


def fix(ctx: Context) -> Track:
    """``...`` → ``…``."""
    if not _applies(ctx) or "..." not in ctx.all_text:
        return ctx.track
    return map_text(ctx, lambda text: _DOTS.sub("…", text),
                    lambda text: "..." in text and _DOTS.search(text))


RULE = Rule("ellipsis", Severity.WARNING, "three dots instead of the ellipsis character …",
            check, __doc__ or "", fix=fix, phase="text", export_safe=True)
