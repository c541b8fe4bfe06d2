"""legacy-diacritics: Romanian ş ţ with cedilla instead of ș ț with comma below.

Romanian is written with comma-below ș ț (U+0219, U+021B; capitals U+0218, U+021A). The
cedilla forms ş ţ (U+015F, U+0163; U+015E, U+0162) come from the Windows-1250 and
ISO 8859-2 code pages and are wrong for Romanian (they are right for Turkish ş, which is
why this rule only applies to Romanian tracks). Fix: ş ţ Ş Ţ become ș ț Ș Ț.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages import primary
from subtool.rules.base import Context, Rule, map_text

REPLACEMENTS = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
_TABLE = str.maketrans(REPLACEMENTS)
_LEGACY = re.compile("[şţŞŢ]")


def fix_text(text: str) -> str:
    """Replace the cedilla forms by comma-below forms."""
    return text.translate(_TABLE)


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines of a Romanian track with cedilla ş ţ."""
    if not ctx.lang or primary(ctx.lang) not in ("ro", "mo"):
        return
    for i, cue in enumerate(ctx.cues):
        if not any(c in cue.text for c in REPLACEMENTS):
            continue
        for k, line in enumerate(cue.text.split("\n")):
            found = sorted({c for c in line if c in REPLACEMENTS})
            if found:
                pairs = ", ".join(f"{c} → {REPLACEMENTS[c]}" for c in found)
                yield ctx.problem("legacy-diacritics", Severity.ERROR, i,
                                  f"line {k + 1} uses cedilla letters ({pairs}): Romanian "
                                  "needs comma below", text_line=k)


def fix(ctx: Context) -> Track:
    """Comma-below letters in Romanian tracks only."""
    if not ctx.lang or primary(ctx.lang) not in ("ro", "mo"):
        return ctx.track
    return map_text(ctx, fix_text, _LEGACY.search)


RULE = Rule("legacy-diacritics", Severity.ERROR, "Romanian ş ţ with cedilla instead of ș ț "
            "with comma below", check, __doc__ or "", fix=fix)
