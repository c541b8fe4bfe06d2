"""What subtool knows about each language it supports.

One record per BCP-47 primary tag: the language's own name (YouTube track title), script,
writing direction and quotation marks. Limits per language live in ``subtool.profiles``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    """Static facts about one language."""

    code: str
    english: str
    native: str
    script: str
    rtl: bool = False
    # (opening, closing) pairs of double quotation marks in common use for the language.
    quotes: tuple[tuple[str, str], ...] = (("“", "”"),)
    # Single-character ellipsis is house style in these languages (subtitle-standards.md).
    ellipsis: bool = True


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "German", "Deutsch", "Latn", quotes=(("„", "“"), ("»", "«"))),
        Language("en", "English", "English", "Latn", quotes=(("“", "”"),)),
        Language("tr", "Turkish", "Türkçe", "Latn", quotes=(("“", "”"), ("«", "»"))),
        Language("ar", "Arabic", "العربية", "Arab", rtl=True, quotes=(("«", "»"), ("“", "”"))),
        Language("pl", "Polish", "Polski", "Latn", quotes=(("„", "”"), ("«", "»"))),
        Language("ro", "Romanian", "Română", "Latn", quotes=(("„", "”"), ("«", "»"))),
        Language("bg", "Bulgarian", "Български", "Cyrl", quotes=(("„", "“"), ("«", "»"))),
        Language("uk", "Ukrainian", "Українська", "Cyrl", quotes=(("«", "»"), ("„", "“"))),
        Language("ru", "Russian", "Русский", "Cyrl", quotes=(("«", "»"), ("„", "“"))),
        Language("it", "Italian", "Italiano", "Latn", quotes=(("«", "»"), ("“", "”"))),
        Language("el", "Greek", "Ελληνικά", "Grek", quotes=(("«", "»"), ("“", "”"))),
        Language("fr", "French", "Français", "Latn", quotes=(("«", "»"), ("“", "”"))),
        Language("es", "Spanish", "Español", "Latn", quotes=(("«", "»"), ("“", "”"))),
        Language("nl", "Dutch", "Nederlands", "Latn", quotes=(("“", "”"), ("‘", "’"))),
        Language("fa", "Persian", "فارسی", "Arab", rtl=True, quotes=(("«", "»"),)),
        Language("he", "Hebrew", "עברית", "Hebr", rtl=True, quotes=(("”", "”"), ("„", "”"))),
        Language("ku", "Kurdish", "Kurdî", "Latn", quotes=(("«", "»"), ("“", "”"))),
        Language("sq", "Albanian", "Shqip", "Latn", quotes=(("“", "”"), ("«", "»"))),
        Language("hr", "Croatian", "Hrvatski", "Latn", quotes=(("„", "“"), ("»", "«"))),
        Language("sr", "Serbian", "Српски", "Cyrl", quotes=(("„", "“"), ("»", "«"))),
        Language("fi", "Finnish", "Suomi", "Latn", quotes=(("”", "”"), ("»", "»"))),
    )
}

# Codes people write that are not BCP-47, and what they mean (subtitle-standards.md).
COMMON_MISTAKES = {"gr": "el", "ua": "uk", "ger": "de", "eng": "en", "tur": "tr", "ara": "ar",
                   "rum": "ro", "rus": "ru", "ukr": "uk", "bul": "bg", "ita": "it", "pol": "pl",
                   "gre": "el"}

_TAG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def primary(tag: str) -> str:
    """The primary language subtag: ``pt-BR`` → ``pt``."""
    return tag.split("-", maxsplit=1)[0].lower()


def lookup(tag: str | None) -> Language | None:
    """The record for a BCP-47 tag, or None when subtool has none for it."""
    if not tag:
        return None
    return LANGUAGES.get(primary(tag))


def is_rtl(tag: str | None) -> bool:
    """Whether the language is written right to left."""
    lang = lookup(tag)
    return bool(lang and lang.rtl)


def validate_tag(tag: str) -> str | None:
    """Return a reason why ``tag`` is not a usable language tag, or None if it is fine."""
    if tag.lower() in COMMON_MISTAKES:
        return f"{tag!r} is not a BCP-47 language tag; use {COMMON_MISTAKES[tag.lower()]!r}"
    if not _TAG_RE.match(tag):
        return f"{tag!r} is not a BCP-47 language tag (for example de, en, pt-BR)"
    return None


def infer_from_filename(name: str) -> str | None:
    """Guess the language from ``de.srt``, ``film.de.vtt`` or ``film_de.srt``."""
    stem = name.rsplit("/", 1)[-1]
    parts = re.split(r"[._]", stem)[:-1]  # drop the extension
    for part in reversed(parts):
        if primary(part) in LANGUAGES and _TAG_RE.match(part):
            return part
    return None
