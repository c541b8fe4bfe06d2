"""numbers: a number in the master cue is missing from the translation.

Years, ages, counts and phone numbers must survive translation. Numbers are compared by
their digits, so ``1.500`` (German), ``1,500`` (English) and ``1 500`` (Polish) are equal,
and Arabic-Indic (٠١٢…) and Eastern Arabic-Indic (۰۱۲…) digits equal their Western forms.
Numbers written as words in the master are not checked. The translated side is the aligned
cue(s) plus their neighbours, because a subtitler may move a number one cue along.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.patterns import lazy
from subtool.core.text import visible
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule

# Digits in any script (\d is Unicode-aware), with thousands separators between groups.
_NUMBER = lazy(r"\d+(?:[.,\u00a0\u202f\u066c ]\d{3})*(?:[.,\u066b]\d+)?")


def numbers_in(text: str) -> set[str]:
    """The numbers in ``text`` as Western digit strings, separators removed."""
    out = set()
    for m in _NUMBER.finditer(text):
        digits = "".join(str(int(c)) for c in m.group(0) if c.isdecimal())
        out.add(digits.lstrip("0") or "0")
    return out


def check(ctx: Context) -> Iterator[Problem]:
    """Report master numbers that the aligned translated cues do not contain."""
    alignment = ctx.alignment
    if alignment is None or ctx.master is None or not ctx.is_translation:
        return
    reported: set[tuple[int, str]] = set()
    for i, masters in enumerate(alignment.master_for):
        if not masters:
            continue
        wanted: set[str] = set()
        for m in masters:
            wanted |= numbers_in(visible(ctx.master.cues[m].text))
        if not wanted:
            continue
        nearby = range(max(i - 1, 0), min(i + 2, len(ctx.cues)))
        have: set[str] = set()
        for j in nearby:
            have |= numbers_in(visible(ctx.cues[j].text))
        for number in sorted(wanted - have):
            if (i, number) not in reported:
                reported.add((i, number))
                yield ctx.problem(i, _("the master has the number {number}, this cue does "
                                       "not").format(number=number))


RULE = Rule("numbers", Severity.WARNING, "with a master: a number in the master cue missing "
            "from the translation", check, __doc__ or "", needs_master=True)
