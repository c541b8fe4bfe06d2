"""Hand-written inflection: the endings (and Arabic prefixes) of a language.

Approved and forbidden terms are found by lemma with field libraries
(``subtool.terms.morphology``); these ending lists serve what no library serves: names
(do-not-translate rows, which no lexicon has: ``Евінгу``, ``Dortmund'da``), house-style
variants, and languages whose ``[morphology] method`` is ``endings``.

A glossary form matches a word of the text when the word is the form itself, or the form
plus one of its language's endings, or the form with its own ending replaced by another
(Greek ``γραφείο`` / ``γραφεία``, Italian ``ufficio`` / ``uffici``); a form written with
``~`` at the end of a word (``biur~``) is a stem that must take one of the endings (or
none). The endings are the ``[morphology]`` section of the language's file.
"""

from __future__ import annotations

from collections.abc import Iterable

from subtool.languages import lookup

# Words shorter than this only match exactly: short words plus an ending are too often a
# different word.
MIN_INFLECTED = 3


def endings(lang: str | None) -> tuple[str, ...]:
    """The endings of ``lang``, longest first (none for a language without a file)."""
    language = lookup(lang)
    found = language.morphology.endings if language else ()
    return tuple(sorted(found, key=len, reverse=True))


def prefixes(lang: str | None) -> tuple[str, ...]:
    """The prefixes written onto a word in ``lang``, longest first."""
    language = lookup(lang)
    found = language.morphology.prefixes if language else ()
    return tuple(sorted(found, key=len, reverse=True))


class Endings:
    """A language's endings (in the form its words are compared in), found at the end of a
    word by slicing it at each ending length, longest first, not by testing every ending."""

    def __init__(self, forms: Iterable[str]) -> None:
        self.forms = frozenset(form for form in forms if form)  # "" is no ending
        self.lengths = sorted({len(form) for form in self.forms}, reverse=True)

    def __contains__(self, text: str) -> bool:
        return text in self.forms

    def strip(self, word: str, keep: int) -> list[str]:
        """``word`` without each of its endings that leaves at least ``keep`` characters."""
        forms = self.forms
        return [word[:-n] for n in self.lengths if len(word) - n >= keep and word[-n:] in forms]
