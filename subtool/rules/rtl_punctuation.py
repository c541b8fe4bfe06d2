"""rtl-punctuation: an Arabic-script track uses ASCII ``?`` ``,`` ``;``.

Arabic has its own question mark ؟ (U+061F), comma ، (U+060C) and semicolon ؛ (U+061B);
the ASCII forms look wrong (mirrored or misplaced) in right-to-left text. Numbers (``1,5``)
and web addresses keep ASCII punctuation and are not reported. Applies to Arabic, Persian
and Urdu tracks (Hebrew uses ASCII punctuation). Fix: the Arabic forms replace them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.core.patterns import lazy
from subtool.languages import lookup
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_lines

_ANY_ASCII = re.compile("[?,;]")
# ASCII punctuation that is not between digits and not inside a URL-like token.
_URL = r"(?:https?://|www\.)\S+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/\S*)?"
_ASCII_PUNCT = lazy(rf"({_URL})|(?<!\d)[?,;]|[?;]|,(?!\d)")


def own_forms(lang: str | None) -> dict[str, str]:
    """ASCII ``? , ;`` → the language's own marks, where its file gives non-ASCII ones
    (Arabic and Persian ؟ ، ؛; Hebrew writes ASCII, so nothing applies)."""
    language = lookup(lang)
    if language is None:
        return {}
    forms = {"?": language.question_mark, ",": language.comma, ";": language.semicolon}
    return {ascii_: own for ascii_, own in forms.items() if not own.isascii()}


def positions(line: str) -> list[int]:
    """Indices of ASCII ``? , ;`` that should be Arabic punctuation."""
    return [m.start() for m in _ASCII_PUNCT.finditer(line) if m.group(1) is None]


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines with ASCII question marks, commas or semicolons."""
    forms = own_forms(ctx.lang)
    if not forms:
        return
    for i, cue in enumerate(ctx.cues):
        if not any(c in cue.text for c in forms):
            continue
        for k, line in enumerate(cue.text.split("\n")):
            found = [p for p in positions(line) if line[p] in forms]
            if found:
                marks = ", ".join(f"{c} → {forms[c]}"
                                  for c in sorted({line[p] for p in found}))
                yield ctx.problem(i, _("line {line} uses ASCII punctuation ({marks})").format(
                    line=k + 1, marks=marks), text_line=k)


def fix_line(line: str, forms: dict[str, str]) -> str:
    """The line with the language's punctuation where ASCII ``? , ;`` stood (numbers and
    URLs kept)."""
    found = [p for p in positions(line) if line[p] in forms]
    if not found:
        return line
    chars = list(line)
    for p in found:
        chars[p] = forms[chars[p]]
    return "".join(chars)


def fix(ctx: Context) -> Track:
    """The language's own question mark, comma and semicolon (Arabic-script tracks)."""
    forms = own_forms(ctx.lang)
    if not forms:
        return ctx.track
    return map_lines(ctx, lambda line: fix_line(line, forms), _ANY_ASCII.search)


RULE = Rule("rtl-punctuation", Severity.WARNING, "Arabic track using ASCII ? , ; instead of "
            "؟ ، ؛", check, __doc__ or "", fix=fix, phase="text", export_safe=True)
