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
from subtool.languages import lookup
from subtool.rules.base import Context, Rule, map_lines

ARABIC_FORMS = {"?": "؟", ",": "،", ";": "؛"}
_ANY_ASCII = re.compile("[?,;]")
# ASCII punctuation that is not between digits and not inside a URL-like token.
_URL = r"(?:https?://|www\.)\S+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/\S*)?"
_ASCII_PUNCT = re.compile(rf"({_URL})|(?<!\d)[?,;]|[?;]|,(?!\d)")


def positions(line: str) -> list[int]:
    """Indices of ASCII ``? , ;`` that should be Arabic punctuation."""
    return [m.start() for m in _ASCII_PUNCT.finditer(line) if m.group(1) is None]


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines with ASCII question marks, commas or semicolons."""
    language = lookup(ctx.lang)
    if language is None or language.script != "Arab":
        return
    for i, cue in enumerate(ctx.cues):
        if not any(c in cue.text for c in ARABIC_FORMS):
            continue
        for k, line in enumerate(cue.text.split("\n")):
            found = positions(line)
            if found:
                marks = ", ".join(f"{c} → {ARABIC_FORMS[c]}"
                                  for c in sorted({line[p] for p in found}))
                yield ctx.problem("rtl-punctuation", Severity.WARNING, i,
                                  f"line {k + 1} uses ASCII punctuation ({marks})", text_line=k)


def fix_line(line: str) -> str:
    """The line with Arabic punctuation where ASCII ``? , ;`` stood (numbers and URLs kept)."""
    found = positions(line)
    if not found:
        return line
    chars = list(line)
    for p in found:
        chars[p] = ARABIC_FORMS[chars[p]]
    return "".join(chars)


def fix(ctx: Context) -> Track:
    """Arabic question mark, comma and semicolon in Arabic-script tracks."""
    language = lookup(ctx.lang)
    if language is None or language.script != "Arab":
        return ctx.track
    return map_lines(ctx, fix_line, _ANY_ASCII.search)


RULE = Rule("rtl-punctuation", Severity.WARNING, "Arabic track using ASCII ? , ; instead of "
            "؟ ، ؛", check, __doc__ or "", fix=fix)
