"""Glossary terms through a machine-translation service: protected on the way, restored after.

Before a text is sent, every glossary term found in it is replaced by a placeholder the
service keeps (``⟦0⟧``, or ``<x i="0">Dortmund</x>`` for services that take XML and can be
told to ignore an element). After translation each placeholder is replaced by the term the
glossary wants in the target language:

- ``do-not-translate`` names: the target language's spelling from its cell (``Дортмунд``),
  or the name exactly as it stands in the master when the cell is empty. Always protected:
  services translate names that are also words (``Hörde``, ``Paritätischer``).
- ``approved`` terms: the preferred (first) target form. Protected only when the provider
  does not enforce them itself (DeepL with a glossary for the pair does).

Terms are found with the glossary's own matching (case rules, inflection: ``Seniorenbüros``
is the term ``Seniorenbüro``): a regular expression proposes the places where a form, plus
up to a few letters of ending, stands as a whole word, and ``Glossary.matcher`` confirms each
one. The longest term wins where two overlap (``Kooperationspartner:innen`` over
``Partner:innen``). A term inside a longer word (``Tagespflege``) is left to the service.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass

from subtool.terms.glossary import Glossary
from subtool.translation.mt.base import PlaceholderStyle

# An inflected form is the form plus at most this many letters (German endings are one to
# three letters: -s, -es, -en, -ern, -ns); the glossary's matcher then decides.
_MAX_ENDING = 4
_TOKEN_RE = re.compile(r"⟦\s*(\d+)\s*⟧")
_XML_RE = re.compile(r"<x\b[^>]*?\bi\s*=\s*[\"'](\d+)[\"'][^>]*?(?:/>|>.*?</x\s*>)", re.DOTALL)
_STRAY_X = re.compile(r"</?x\b[^>]*>")
# Whole words only, as the glossary tokenises them: letters joined by a hyphen, apostrophe or
# gender mark are one word (``Dortmunder:innen`` is not ``Dortmunder``).
_JOINERS = "-'’:*_/·"
_BEFORE = rf"(?<![^\W_])(?<![^\W_][{re.escape(_JOINERS)}])"
_AFTER = rf"(?![^\W_])(?![{re.escape(_JOINERS)}][^\W_])"


@dataclass(frozen=True)
class Term:
    """A glossary entry to protect, and what to put back."""

    entry: int
    # The target term; None keeps the text found in the master (a name without its own
    # spelling in the target language).
    target: str | None
    # False: an approved term the service enforces itself. It is still found, so that a
    # name inside it (``Dortmunder`` in ``Dortmunder:innen``) is not cut out of it.
    protect: bool = True


class _Finder:
    """Where the glossary's names and approved terms stand in master-language texts.

    The same for every target language, so it is built once per glossary and language and
    remembers each text: drafting ten languages scans each master text once.
    """

    def __init__(self, glossary: Glossary, source: str) -> None:
        self.glossary = glossary
        self.source = source
        self.patterns: list[tuple[int, re.Pattern[str]]] = []
        self.memo: dict[str, tuple[tuple[int, int, int], ...]] = {}
        for index, entry in enumerate(glossary.entries):
            if entry.status not in ("do-not-translate", "approved"):
                continue
            for form in entry.forms(source):
                words = form.replace("~", "").split()
                if words:
                    body = r"\s+".join(re.escape(w) for w in words)
                    self.patterns.append((index, re.compile(
                        rf"{_BEFORE}{body}[^\W\d_]{{0,{_MAX_ENDING}}}{_AFTER}", re.IGNORECASE)))

    def find(self, text: str) -> tuple[tuple[int, int, int], ...]:
        """Every (start, end, entry) where a term stands in ``text`` (overlaps included)."""
        known = self.memo.get(text)
        if known is not None:
            return known
        matcher = self.glossary.matcher(self.source)
        found: list[tuple[int, int, int]] = []
        for entry, pattern in self.patterns:
            for m in pattern.finditer(text):
                # The regex allows any short ending; the glossary's matcher knows which
                # endings the language has (``Dortmunder`` is Dortmund, ``Hördel`` is not).
                if entry in matcher.find(m.group(0)):
                    found.append((m.start(), m.end(), entry))
        known = self.memo[text] = tuple(found)
        return known


_FINDERS: dict[tuple[str, str], _Finder] = {}
_FINDERS_LOCK = threading.Lock()


def _finder(glossary: Glossary, source: str) -> _Finder:
    # Keyed by the glossary's content hash (a Glossary holds dicts and is not hashable);
    # two loads of the same file share one finder.
    key = (glossary.version, source)
    with _FINDERS_LOCK:
        finder = _FINDERS.get(key)
        if finder is None:
            if len(_FINDERS) >= 8:
                _FINDERS.clear()
            finder = _FINDERS[key] = _Finder(glossary, source)
        return finder


@dataclass(frozen=True)
class Protected:
    """A text as sent to the service, and the stand-ins for its placeholders (by number)."""

    text: str
    stand_ins: tuple[str, ...] = ()
    # Whether the source starts with a capital (a sentence, not the rest of one).
    capital: bool = True


def approved_terms(glossary: Glossary | None, source: str, target: str) -> dict[str, str]:
    """Approved source forms → preferred target term (what a DeepL glossary is made of)."""
    out: dict[str, str] = {}
    if glossary is None:
        return out
    for entry in glossary.entries:
        wanted = entry.forms(target)
        if entry.status != "approved" or not wanted:
            continue
        for form in entry.forms(source):
            out.setdefault(form.replace("~", ""), wanted[0].replace("~", ""))
    return out


class Protector:
    """Protects the glossary's terms for one language pair and provider."""

    def __init__(self, glossary: Glossary | None, source: str, target: str, *,
                 approved: bool, style: PlaceholderStyle) -> None:
        self.style = style
        self.terms: dict[int, Term] = {}
        self.finder: _Finder | None = None
        if glossary is None:
            return
        for index, entry in enumerate(glossary.entries):
            protect = True
            if entry.status == "do-not-translate":
                wanted = entry.forms(target)
                target_term = wanted[0].replace("~", "") if wanted else None
            elif entry.status == "approved" and entry.forms(target):
                target_term = entry.forms(target)[0].replace("~", "")
                protect = approved
            else:
                continue
            self.terms[index] = Term(index, target_term, protect)
        if self.terms:
            self.finder = _finder(glossary, source)

    def spans(self, text: str) -> list[tuple[int, int, Term]]:
        """The glossary terms in ``text``: (start, end, term), left to right, no overlaps;
        the longest wins where two overlap."""
        if self.finder is None:
            return []
        found = [(start, end, self.terms[entry]) for start, end, entry in self.finder.find(text)
                 if entry in self.terms]
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        chosen: list[tuple[int, int, Term]] = []
        end = -1
        for span in found:
            if span[0] >= end:
                chosen.append(span)
                end = span[1]
        return chosen

    def protect(self, text: str) -> Protected:
        """``text`` with its terms replaced by placeholders (XML-escaped for ``xml``)."""
        spans = self.spans(text)
        escape = _escape if self.style == "xml" else _same
        out: list[str] = []
        stand_ins: list[str] = []
        at = 0
        for number, (start, end, term) in enumerate(s for s in spans if s[2].protect):
            found = text[start:end]
            out.append(escape(text[at:start]))
            if self.style == "xml":
                out.append(f'<x i="{number}">{_escape(found)}</x>')
            else:
                out.append(f"⟦{number}⟧")
            stand_ins.append(term.target if term.target is not None else found)
            at = end
        out.append(escape(text[at:]))
        first = text.lstrip("[(¿¡\"'„“«‚‘ ")[:1]
        return Protected("".join(out), tuple(stand_ins), capital=first.isupper())

    def restore(self, translated: str, protected: Protected) -> tuple[str, int]:
        """The translation with placeholders replaced; and how many placeholders were lost."""
        pattern = _XML_RE if self.style == "xml" else _TOKEN_RE
        seen: set[int] = set()
        pieces: list[str] = []
        at = 0
        starts_with_term = False
        for m in pattern.finditer(translated):
            number = int(m.group(1))
            if number >= len(protected.stand_ins):
                continue  # not ours (the source had such text): leave it as it is
            before = translated[at:m.start()]
            pieces.append(self._plain(before))
            if not "".join(pieces).strip():
                starts_with_term = True
            # The stand-in goes in as it is, never through a marker in the text: the
            # service's answer may contain any marker (a NUL, a bracket) itself.
            pieces.append(protected.stand_ins[number])
            seen.add(number)
            at = m.end()
        pieces.append(self._plain(translated[at:]))
        text = " ".join("".join(pieces).split())
        if starts_with_term and protected.capital and text[:1].islower():
            # A term at the start of a sentence: "older people help" → "Older people help".
            text = text[:1].upper() + text[1:]
        return text, len(protected.stand_ins) - len(seen)

    def _plain(self, text: str) -> str:
        if self.style == "xml":
            return html.unescape(_STRAY_X.sub("", text))
        return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _same(text: str) -> str:
    return text
