"""Inflection data for terminology matching: endings (and Arabic prefixes) per language.

A glossary form matches a word of the text when the word is the form itself, or the form
plus one of its language's endings below, or the form with its own ending replaced by
another (Greek ``γραφείο`` / ``γραφεία``, Italian ``ufficio`` / ``uffici``); a form written
with ``~`` at the end of a word (``biur~``) is a stem that must take one of the endings (or
none). The lists are short,
high-frequency inflectional endings, chosen so that a term is found in its case and number
forms without matching unrelated longer words (``Heim`` does not match ``Heimat``). Forms
that change inside the word (German umlaut plurals, Arabic broken plurals) are listed in
the glossary cell itself (``Wohlfahrtsverband | Wohlfahrtsverbände``).
"""

from __future__ import annotations

ENDINGS: dict[str, tuple[str, ...]] = {
    "de": ("s", "es", "e", "en", "n", "er", "ern", "em", "ns"),
    "en": ("s", "es", "'s", "’s"),
    "tr": ("a", "e", "ı", "i", "u", "ü", "da", "de", "ta", "te", "dan", "den", "tan", "ten",
           "ya", "ye", "yı", "yi", "na", "ne", "nı", "ni", "nu", "nü", "ın", "in", "un", "ün",
           "nın", "nin", "nun", "nün", "la", "le", "yla", "yle", "ler", "lar", "leri", "ları",
           "lere", "lara", "lerde", "larda", "lerden", "lardan", "lerin", "ların", "si", "sı",
           "su", "sü", "sine", "sına", "sinde", "sında", "sinden", "sından", "sini", "sını",
           "imiz", "ımız", "iniz", "ınız", "lerimiz", "larımız", "leriniz", "larınız"),
    "ar": ("ة", "ات", "ون", "ين", "ان", "ي", "ه", "ها", "هم", "هن", "كم", "نا", "ك"),
    "pl": ("a", "u", "owi", "em", "ie", "y", "i", "om", "ami", "ach", "ów", "e", "ą", "ę", "o",
           "ze"),
    "ro": ("ul", "ului", "l", "lui", "a", "ei", "ele", "elor", "uri", "urile", "urilor", "i",
           "ii", "ile", "ilor", "le", "lor", "e"),
    "bg": ("ът", "ят", "а", "я", "та", "то", "те", "и", "ове", "овете", "ите", "ища"),
    "uk": ("а", "я", "у", "ю", "ом", "ем", "єм", "і", "ї", "и", "ів", "ам", "ям", "ами", "ями",
           "ах", "ях", "ою", "ею", "ій", "ої", "ого", "ому", "ими", "их"),
    "ru": ("а", "я", "у", "ю", "ом", "ем", "ой", "ей", "е", "и", "ы", "ов", "ев", "ам", "ям",
           "ами", "ями", "ах", "ях", "ого", "его", "ому", "ему", "ых", "их", "ым", "им", "ыми",
           "ими", "ую", "юю"),
    "it": ("i", "e", "a", "o"),
    "el": ("ς", "ου", "α", "ων", "ες", "οι", "ους", "ας", "η", "ης", "ή", "ής", "ές", "ών",
           "ο", "ε", "ι", "ιου", "ια", "ιων", "εις", "ει", "ου", "ης"),
}

# Arabic attaches conjunctions, prepositions and the article in front of a word:
# و (and), ف (so), ب (with/in), ل (for), ك (like), ال (the), and their combinations.
PREFIXES: dict[str, tuple[str, ...]] = {
    "ar": ("ال", "و", "وال", "ف", "فال", "ب", "بال", "ل", "لل", "ك", "كال", "وب", "وبال", "ول",
           "ولل"),
}

# Words shorter than this only match exactly: short words plus an ending are too often a
# different word.
MIN_INFLECTED = 3


def endings(lang: str | None) -> tuple[str, ...]:
    """The endings of ``lang`` (primary subtag), longest first."""
    found = ENDINGS.get((lang or "").split("-")[0], ())
    return tuple(sorted(found, key=len, reverse=True))


def prefixes(lang: str | None) -> tuple[str, ...]:
    """The prefixes of ``lang``, longest first."""
    found = PREFIXES.get((lang or "").split("-")[0], ())
    return tuple(sorted(found, key=len, reverse=True))
