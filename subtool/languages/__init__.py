"""Everything subtool knows about a language: one data file per language, and its loader.

``<code>.toml`` in this folder (schema and meaning of every key: README.md) holds a
language's names, script and direction, the legacy code pages its files arrive in,
typography, per-profile limits, transcript segmentation, morphology, spelling dictionary,
machine-translation codes and line-break data. ``schema`` validates a file completely, so a
language is complete or not listed; a test loads every file. Adding a language is adding one
file. Tags are BCP-47: a file is named by the primary subtag, so ``pt-BR`` finds ``pt.toml``.

Imports only ``subtool.core``. Files are read on first use and cached: a check of German and
Turkish tracks reads two files.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from subtool.languages.schema import (
    DescriptionVoice,
    Language,
    casefold_with,
    fold_default,
    parse,
)

__all__ = ["DEFAULT_MASTER", "UI_SOURCE", "DescriptionVoice", "Language", "casefold",
           "description_voice", "fold", "infer_from_filename", "is_rtl", "known", "lookup",
           "native_name", "primary", "same_language", "validate_tag"]

_FOLDER = Path(__file__).resolve().parent

# The master's language when neither the configuration nor the master's file name says:
# subtool was made for German masters (the film's), and its SDH conventions are German.
DEFAULT_MASTER = "de"
# The language subtool's own messages are written in (the gettext msgids), and so the
# ``lang`` of a page whose chrome is not translated.
UI_SOURCE = "en"
_TAG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_CODE_RE = re.compile(r"[a-z]{2,3}")


@cache
def known() -> tuple[str, ...]:
    """The codes of every language with a data file, sorted."""
    return tuple(sorted(p.stem for p in _FOLDER.glob("*.toml")))


@cache
def _load(code: str) -> Language:
    path = _FOLDER / f"{code}.toml"
    return parse(path.read_text(encoding="utf-8"), path.name)


@cache
def _aliases() -> dict[str, str]:
    """Other primary subtags that name a language (``mo`` for Romanian)."""
    return {alias: code for code in known() for alias in _load(code).aliases}


def primary(tag: str) -> str:
    """The primary language subtag: ``pt-BR`` → ``pt``, ``tr_TR`` → ``tr``."""
    return tag.replace("_", "-").split("-", maxsplit=1)[0].lower()


@lru_cache(maxsize=512)
def lookup(tag: str | None) -> Language | None:
    """The language of a BCP-47 tag, or None when subtool has no file for it (remembered:
    rules ask for every word)."""
    if not tag:
        return None
    code = primary(tag)
    if not _CODE_RE.fullmatch(code):
        return None  # a tag never becomes a path of its own
    if code in known():
        return _load(code)
    alias = _aliases().get(code)
    return _load(alias) if alias else None


def is_rtl(tag: str | None) -> bool:
    """Whether the language is written right to left."""
    language = lookup(tag)
    return bool(language and language.rtl)


def native_name(tag: str) -> str:
    """The language's own name (YouTube's track title), or the tag when unknown."""
    language = lookup(tag)
    return language.native if language else tag


def description_voice(tag: str | None) -> DescriptionVoice | None:
    """The measured voice that speaks the language's audio descriptions (its file's
    ``[description]``), or None when subtool has none for it."""
    language = lookup(tag)
    return language.description if language is not None else None


def casefold(text: str, tag: str | None = None) -> str:
    """Case-insensitive form of ``text`` with the rules of the language (Turkish İ/ı)."""
    language = lookup(tag)
    return language.casefold(text) if language else casefold_with("default", text)


def fold(word: str, tag: str | None = None) -> str:
    """The look-up form of a word in the language's word lists (``Language.fold``)."""
    language = lookup(tag)
    return language.fold(word) if language else fold_default(word)


def validate_tag(tag: str) -> str | None:
    """A reason why ``tag`` is not a usable language tag, or None if it is fine."""
    if primary(tag) not in known():
        # Only an unknown tag pays for reading every file's list of common mistakes.
        mistaken = {wrong: code for code in known() for wrong in _load(code).mistakes}
        if tag.lower() in mistaken:
            return f"{tag!r} is not a BCP-47 language tag; use {mistaken[tag.lower()]!r}"
    if not _TAG_RE.match(tag):
        written = _conventional_case(tag)
        if written != tag and _TAG_RE.match(written):
            # Tags are case-insensitive, but subtool names files by them: one spelling.
            return f"{tag!r}: write the language tag as {written!r} (lower-case language)"
        return f"{tag!r} is not a BCP-47 language tag (for example de, en, pt-BR)"
    return None


def _conventional_case(tag: str) -> str:
    """``DE`` → ``de``, ``PT-br`` → ``pt-BR``, ``SR-latn`` → ``sr-Latn`` (RFC 5646 2.1.1)."""
    first, *rest = tag.replace("_", "-").split("-")
    subtags = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            subtags.append(part.title())
        elif len(part) == 2 and part.isalpha():
            subtags.append(part.upper())
        else:
            subtags.append(part.lower())
    return "-".join(subtags)


def same_language(found: str, wanted: str) -> bool:
    """Whether a file's language tag names ``wanted``.

    ``tr_TR`` and ``tr-TR`` are Turkish; case does not matter. A project language without a
    region accepts any region (CAT tools write ``tr-TR``); one with a region (``en-GB``)
    accepts only that region or none.
    """
    a = found.strip().replace("_", "-").lower()
    b = wanted.strip().replace("_", "-").lower()
    if a == b:
        return True
    if primary(a) != primary(b) and lookup(a) is not lookup(b):
        return False
    region_a, region_b = a.partition("-")[2], b.partition("-")[2]
    return not region_a or not region_b


def infer_from_filename(name: str) -> str | None:
    """The language named in ``de.srt``, ``film.de.vtt`` or ``film_de.srt``, if any."""
    stem = name.rsplit("/", 1)[-1]
    parts = re.split(r"[._]", stem)[:-1]  # drop the extension
    for part in reversed(parts):
        if _TAG_RE.match(part) and lookup(part) is not None:
            return part
    return None
