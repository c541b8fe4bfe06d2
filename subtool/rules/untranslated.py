"""untranslated: a translated cue is identical to the German master.

Compared case-insensitively (with each language's case rules) and ignoring markup and
spacing. Cues that hold only names ("Birgit Hansmann", "Hörde, Hombruch") or no letters at
all (numbers, a web address) are expected to be the same and are not reported. Names-only
means every word is capitalised and the cue is not an exclamation or question, so a list of
districts passes while "Danke!" does not. Applies with ``--master`` to tracks in another
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.patterns import lazy
from subtool.core.text import visible
from subtool.languages import casefold
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule

_WORD = lazy(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def names_only(text: str) -> bool:
    """Whether ``text`` holds nothing but names, numbers, addresses and punctuation."""
    if re.fullmatch(r"[\W\d_]*|\S+\.[a-z]{2,}(/\S*)?", text.strip()):
        return True
    words = _WORD.findall(text)
    return bool(words) and "!" not in text and "?" not in text and all(
        w[0].isupper() for w in words)


def _normal(text: str, lang: str | None) -> str:
    return " ".join(casefold(visible(text), lang).split())


def check(ctx: Context) -> Iterator[Problem]:
    """Report translated cues whose text equals the aligned master text."""
    alignment = ctx.alignment
    if alignment is None or ctx.master is None or not ctx.is_translation:
        return
    for i, masters in enumerate(alignment.master_for):
        if not masters:
            continue
        source = " ".join(ctx.master.cues[m].text for m in masters)
        target = ctx.cues[i].text
        # Text copied verbatim must compare equal under one language's rules (Turkish folds
        # German "Ihrem" to "ıhrem" on both sides), and text retyped in capitals on a Turkish
        # keyboard ("İHREM") under each side's own rules.
        folds = {_normal(target, ctx.lang), _normal(target, ctx.master_lang)}
        if not target.strip() or not folds & {_normal(source, ctx.master_lang),
                                              _normal(source, ctx.lang)}:
            continue
        if names_only(visible(target)):
            continue
        yield ctx.problem(i, _("same text as the master: not translated yet?"))


RULE = Rule("untranslated", Severity.WARNING, "with a master: translated text identical to the "
            "German (names-only cues excepted)", check, __doc__ or "", needs_master=True)
