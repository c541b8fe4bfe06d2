"""The house style: spellings the glossary marks as variants, replaced by the preferred one
(``Senior*innen`` → ``Senior:innen``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from subtool.terms.glossary import GENDER_MARKS, Glossary
from subtool.terms.inflection import endings


@dataclass(frozen=True)
class StyleVariant:
    """A spelling the house style replaces: ``pattern`` finds it, ``use`` replaces it."""

    entry: str
    pattern: re.Pattern[str]
    use: str


def house_style(glossary: Glossary) -> list[StyleVariant]:
    """The master's spelling variants: ``variant`` rows, and gender-form spellings.

    Every approved German term written with the colon (``Senior:innen``) makes its star,
    underscore, slash, middle-dot and capital-I spellings (``Senior*innen``, ``SeniorInnen``)
    house-style variants of it. Inflection endings after the variant are kept.
    """
    source = glossary.source
    ends = "|".join(re.escape(e) for e in endings(source))
    out = []
    for e in glossary.entries:
        if e.status == "variant":
            for form in e.forms(source):
                out.append(StyleVariant(e.id, re.compile(
                    rf"(?<![\w:*_/·])(?i:{re.escape(form)})(?P<end>{ends})?(?![\w:*_/·])"),
                    e.use))
        elif e.status in ("approved", "do-not-translate"):
            for form in e.forms(source):
                if ":innen" not in form:
                    continue
                stem = form[:form.index(":innen")]
                marks = "|".join(re.escape(m) for m in GENDER_MARKS)
                out.append(StyleVariant(e.id, re.compile(
                    rf"(?<![\w:*_/·])(?i:{re.escape(stem)})(?:(?:{marks})(?i:innen)|Innen)"
                    rf"(?P<end>{ends})?(?![\w:*_/·])"), form))
    return out


def apply_house_style(text: str, variants: Sequence[StyleVariant]) -> str:
    """``text`` with every house-style variant replaced by the preferred spelling."""
    for v in variants:
        text = v.pattern.sub(_replacement(v.use), text)
    return text


def _replacement(use: str) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        found = m.group(0)[: len(m.group(0)) - len(m.group("end") or "")]
        return _keep_case(found, use) + (m.group("end") or "")
    return replace


def _keep_case(found: str, use: str) -> str:
    # "SENIOR*INNEN" in a title stays capitals; otherwise the preferred spelling as written.
    return use.upper() if found.isupper() and len(found) > 1 else use
