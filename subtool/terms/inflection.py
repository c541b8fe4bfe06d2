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
