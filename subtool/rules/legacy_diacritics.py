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
from subtool.languages import lookup
from subtool.languages.i18n import _, language_name
from subtool.rules.base import Context, Rule, map_text


def _replacements(lang: str | None) -> dict[str, str]:
    """The language's legacy letters and their right forms (its file's ``legacy_letters``)."""
    language = lookup(lang)
    return dict(language.legacy_letters) if language else {}


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines with letters the language's file marks as legacy (Romanian ş ţ)."""
    replacements = _replacements(ctx.lang)
    if not replacements:
        return
    for i, cue in enumerate(ctx.cues):
        if not any(c in cue.text for c in replacements):
            continue
        for k, line in enumerate(cue.text.split("\n")):
            found = sorted({c for c in line if c in replacements})
            if found:
                pairs = ", ".join(f"{c} → {replacements[c]}" for c in found)
                yield ctx.problem(i, _("line {line} uses legacy letters ({pairs}): {language} "
                                       "needs the letters on the right").format(
                    line=k + 1, pairs=pairs, language=language_name(ctx.lang or "")),
                    text_line=k)


def fix(ctx: Context) -> Track:
    """The right letters, in tracks of languages whose file lists legacy ones."""
    replacements = _replacements(ctx.lang)
    if not replacements:
        return ctx.track
    table = str.maketrans(replacements)
    pattern = re.compile("[" + re.escape("".join(replacements)) + "]")
    return map_text(ctx, lambda text: text.translate(table), pattern.search)


RULE = Rule("legacy-diacritics", Severity.ERROR, "Romanian ş ţ with cedilla instead of ș ț "
            "with comma below", check, __doc__ or "", fix=fix, phase="text", export_safe=True)
