"""Decode subtitle bytes to text, by the file's byte order mark or by its language.

What is read exactly: UTF-8 (with or without a byte order mark), UTF-16 and UTF-32 with a
byte order mark, and UTF-16 without one when the NUL bytes that ASCII leaves in it make it
certain. Anything else is a legacy code page, and the same bytes mean different letters in
each (0xFC is ü in Windows-1252, ь in Windows-1251, ό in Windows-1253), so the code page is
decided by the track's language (``LanguageHint``): each of the language's code pages is
tried, the text must be plausible for the language (its script, its letters, sane letter
case), and charset-normalizer's mess measure (a well-kept detector, imported only here)
vetoes and ranks what is left. A file whose code page cannot be told with confidence —
no language known, or no candidate reads as that language — is refused: no cues, and a
``parse-error`` saying how to save it as UTF-8. Nothing is ever guessed.

A UTF-8 file with some invalid bytes (a copy through a legacy tool) keeps every valid line
exactly; each damaged line is reported and decoded alone, with the language's code page
when that reads as the language, else with U+FFFD for the bad bytes (``damaged=True``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from subtool.core.model import Diagnostic, Severity
from subtool.core.patterns import lazy
from subtool.languages import lookup


# A named tuple, not a frozen dataclass: as immutable, and made in a sixth of the time
# (every command makes the class at start-up; README, Performance: start-up).
class LanguageHint(NamedTuple):
    """What decoding needs to know about a track's language.

    ``script`` is the ISO 15924 code of its writing system (``Latn``, ``Cyrl``, ``Grek``,
    ``Arab``); ``code_pages`` are the legacy encodings its files come in, most common first
    (Python codec names or aliases: ``cp1251``, ``koi8-r``, ``iso-8859-16``); ``letters``
    are the non-ASCII letters typical of the language (``äöüßÄÖÜ`` for German, empty for
    English). The code pages are known to Python: a language file's are checked when it is
    validated (``subtool.languages.schema.validate``), not here, where a look-up would import
    every code page's module on every run that reads a file.
    """

    code: str
    script: str
    code_pages: tuple[str, ...]
    letters: str = ""


class Decoded(NamedTuple):
    """Text decoded from bytes, with the encoding's name and anything worth reporting.

    ``binary``: not text at all; ``refused``: text in a code page that could not be told
    (``text`` is empty then); ``damaged``: UTF-8 with invalid bytes in some lines, which
    were decoded line by line, so writing the text back changes those lines.
    """

    text: str
    encoding: str
    diagnostics: tuple[Diagnostic, ...]
    binary: bool = False
    refused: bool = False
    damaged: bool = False

    @property
    def readable(self) -> bool:
        """Whether there is text to parse (not binary, not refused)."""
        return not (self.binary or self.refused)


SAVE_AS_UTF8 = ("save it as UTF-8 in your editor (Subtitle Edit: choose Encoding "
                "\"UTF-8 without BOM\" in the toolbar, then File → Save; Notepad: File → "
                "Save as… → Encoding: UTF-8; Aegisub: File → Export Subtitles… → Text "
                "encoding: UTF-8)")

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
)


def decode(data: bytes, hint: LanguageHint | None = None) -> Decoded:
    """Decode subtitle file bytes; never raises. ``hint`` is the track's language, which
    decides legacy code pages (without it a file that is not UTF-8 is refused)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _with_bom(data[len(bom):], codec, name, hint)
    # A WebVTT file is text even with a NUL in it: browsers show U+FFFD there (the WebVTT
    # reader does the same and reports it), so only other files with NUL bytes are binary.
    if b"\x00" in data and not data.startswith(b"WEBVTT"):
        return _with_nul(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _damaged_utf8(data, hint, "utf-8")
    return _legacy(data, hint)


def code_page_name(codec: str) -> str:
    """A person's name for a codec: ``cp1251`` → ``Windows-1251``, ``iso8859-7`` →
    ``ISO 8859-7``, ``koi8-r`` → ``KOI8-R``."""
    name = _canonical(codec)
    if name in _UNICODE_NAMES:
        return _UNICODE_NAMES[name]
    if name.startswith("cp125"):
        return "Windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "ISO 8859-" + name[8:]
    return name.upper()


# Unicode with a byte order mark, as the BOM table above names it ("UTF-8-SIG" is Python's).
_UNICODE_NAMES = {"utf-8-sig": "UTF-8 with a byte order mark",
                  **{codec: name for _bom, codec, name in _BOMS if codec != "utf-8"}}


def _canonical(codec: str) -> str:
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return codec.lower()


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, counting CRLF, CR and LF line ends as the
    readers do."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _with_bom(body: bytes, codec: str, name: str, hint: LanguageHint | None) -> Decoded:
    if codec == "utf-8":
        bom = Diagnostic("encoding", 1, "file starts with a UTF-8 byte order mark (BOM); "
                         "YouTube and some players show it as a stray character: save as "
                         "UTF-8 without BOM", severity=Severity.WARNING)
        try:
            return Decoded(body.decode("utf-8"), "utf-8-sig", (bom,))
        except UnicodeDecodeError:
            damaged = _damaged_utf8(body, hint, "utf-8-sig")
            return Decoded(damaged.text, damaged.encoding, (bom, *damaged.diagnostics),
                           damaged=True)
    converted = Diagnostic(
        "encoding", 1, f"file is {name} with a byte order mark, not UTF-8: subtool converted "
        f"its text from {name} to read it; {SAVE_AS_UTF8}", severity=Severity.ERROR)
    return _unicode(body, codec, name, converted)


def _unicode(body: bytes, codec: str, name: str, converted: Diagnostic) -> Decoded:
    """UTF-16 or UTF-32 text; a damaged or cut-short one with its first bad line named."""
    try:
        return Decoded(body.decode(codec), codec, (converted,))
    except UnicodeDecodeError as exc:
        text = body.decode(codec, "replace")
        line = body[:exc.start].decode(codec, "replace").count("\n") + 1
        bad = Diagnostic("encoding", line, f"line {line} is not valid {name} (damaged, or the "
                         "file was cut short): the damaged characters are shown as � (U+FFFD); "
                         "retype them and save the file as UTF-8", severity=Severity.ERROR)
        return Decoded(text, codec, (converted, bad), damaged=True)


def _looks_unicode(data: bytes) -> str | None:
    """Detect UTF-16 or UTF-32 without a byte order mark by the NUL bytes that Latin,
    Greek, Cyrillic and Arabic characters leave behind (in the same places in every unit)."""
    sample = data[:4000]
    if len(sample) < 8:
        return None
    for codec, unit, zero, letter in (("utf-32-le", 4, (2, 3), 0), ("utf-32-be", 4, (0, 1), 3),
                                      ("utf-16-le", 2, (1,), 0), ("utf-16-be", 2, (0,), 1)):
        share = len(sample) // unit
        if all(sample[k::unit].count(0) > 0.4 * share for k in zero) \
                and sample[letter::unit].count(0) < 0.05 * share:
            return codec
    return None


def _with_nul(data: bytes) -> Decoded:
    codec = _looks_unicode(data)
    if codec:
        name = code_page_name(codec)
        return _unicode(data, codec, name, Diagnostic(
            "encoding", 1, f"file is {name} without a byte order mark, not UTF-8: subtool "
            f"converted its text from {name} to read it; {SAVE_AS_UTF8}",
            severity=Severity.ERROR))
    first_nul = data.index(b"\x00")
    return Decoded("", "binary", (Diagnostic(
        "parse-error", _line_of(data, first_nul),
        "this is a binary file, not a subtitle file (it contains NUL bytes): "
        "check that the right file was given"),), binary=True)


def _mostly_utf8(data: bytes) -> bool:
    """Whether a file that is not valid UTF-8 is still a UTF-8 file with some damaged lines.

    Legacy single-byte text almost never forms valid multi-byte UTF-8 sequences (a lowercase
    Cyrillic letter in Windows-1251 is a UTF-8 lead byte followed by another lead byte), so
    when the file holds at least as many valid non-ASCII characters as invalid sequences,
    it is UTF-8 and the invalid bytes are damage.
    """
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - replaced
    return valid > 0 and valid >= replaced


def _damaged_utf8(data: bytes, hint: LanguageHint | None, encoding: str) -> Decoded:
    """Decode a UTF-8 file line by line: valid lines exactly, each damaged line alone."""
    parts: list[str] = []
    diags: list[Diagnostic] = []
    pages = _candidates(hint)
    for number, raw in enumerate(data.splitlines(keepends=True), 1):
        try:
            parts.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError as exc:
            bad_byte = raw[exc.start]
        body = raw.rstrip(b"\r\n")
        end = raw[len(body):].decode("ascii")
        page, text = _decode_line(body, hint, pages)
        parts.append(text + end)
        how = (f"read this line as {code_page_name(page)} (the rest of the file is UTF-8): "
               "check it" if page else
               "the bytes that are not UTF-8 are shown as � (U+FFFD): retype the damaged "
               "characters")
        diags.append(Diagnostic(
            "encoding", number, f"line {number} is not valid UTF-8 (byte 0x{bad_byte:02X}); "
            f"{how}, and save the file as UTF-8", severity=Severity.ERROR))
    return Decoded("".join(parts), encoding, tuple(diags), damaged=True)


def _decode_line(body: bytes, hint: LanguageHint | None,
                 pages: tuple[str, ...]) -> tuple[str, str]:
    """``(code page, text)`` of one damaged line; the code page is empty for U+FFFD."""
    if hint is not None:
        for page in pages:
            try:
                text = body.decode(page)
            except UnicodeDecodeError:
                continue
            if plausible(text, hint):
                return page, text
    return "", body.decode("utf-8", "replace")


def _candidates(hint: LanguageHint | None) -> tuple[str, ...]:
    if hint is None:
        return ()
    return tuple(dict.fromkeys(_canonical(page) for page in hint.code_pages))


def _legacy(data: bytes, hint: LanguageHint | None) -> Decoded:
    """A file in a legacy code page: decoded by its language, or refused."""
    bad_line = _first_invalid_line(data)
    if hint is None:
        return _refuse(bad_line, "it is not UTF-8, and without knowing its language the code "
                       "page cannot be told (the same byte is ü in Windows-1252, ь in "
                       "Windows-1251 and ό in Windows-1253)")
    chosen = _choose(data, hint)
    if chosen is None:
        tried = ", ".join(code_page_name(page) for page in _candidates(hint)) or "none"
        return _refuse(bad_line, f"it is not UTF-8, and it does not read as {hint.code} "
                       f"text in any of the language's code pages ({tried})")
    page, text, same = chosen
    name = code_page_name(page)
    also = f" (or {', '.join(code_page_name(p) for p in same)}: the same text)" if same else ""
    return Decoded(text, page, (Diagnostic(
        "encoding", bad_line, f"file is in {name}{also}, not UTF-8 (first non-UTF-8 byte on "
        f"line {bad_line}): subtool converted its text from {name} to read it as "
        f"{hint.code}; check the text and {SAVE_AS_UTF8}", severity=Severity.ERROR),))


def _first_invalid_line(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _line_of(data, exc.start)
    return 1


def _refuse(line: int, why: str) -> Decoded:
    return Decoded("", "unknown", (Diagnostic(
        "parse-error", line, f"cannot read this file's text: {why}. subtool does not guess "
        f"an encoding, so no cue is read: {SAVE_AS_UTF8}, and check it again",
        severity=Severity.ERROR),), refused=True)


def _choose(data: bytes, hint: LanguageHint) -> tuple[str, str, list[str]] | None:
    """The language's code page whose decoding is plausible, its text, and the other code
    pages that give the same text; None when no decoding is plausible.

    When several are plausible, the one with the fewest oddities for the language wins (an
    ISO 8859-16 „ read as Windows-1250 is the letter Ą, which Romanian does not use; an
    ISO 8859-7 Ά read as Windows-1253 is ¶ inside a word); then charset-normalizer's mess
    measure; then the language's own order (a Romanian file that fits both Windows-1250 and
    ISO 8859-16 is Windows-1250, as Windows editors write it: its cedilla letters are what
    the file holds, and the legacy-diacritics rule reports them).
    """
    scored: dict[str, tuple[int, str]] = {}
    sample = _sample(data)
    for page in _candidates(hint):
        try:
            text = data.decode(page)
        except UnicodeDecodeError:
            continue
        odd = _oddities(text if sample is data else sample.decode(page), hint)
        if odd is not None and odd.plausible:
            scored[page] = (odd.total, text)
    if not scored:
        return None
    mess = _mess(data, tuple(scored))
    order = list(scored)
    ranked = [page for page in order if page in mess]
    if not ranked:
        return None
    best = min(ranked, key=lambda page: (scored[page][0], mess[page], order.index(page)))
    text = scored[best][1]
    return best, text, [page for page in ranked if page != best and scored[page][1] == text]


# Judging a decoding goes word by word in Python: for a very long file (a feature film has
# ~1,500 cues, ~100 KB) it looks at evenly spaced stretches of whole lines.
_SAMPLE_BYTES = 256_000
_SAMPLE_PIECES = 32


def _sample(data: bytes) -> bytes:
    """``data`` itself, or for a file above ``_SAMPLE_BYTES`` evenly spaced stretches of
    whole lines of it, about ``_SAMPLE_BYTES`` in all."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    size = _SAMPLE_BYTES // _SAMPLE_PIECES
    stride = len(data) // _SAMPLE_PIECES
    pieces = []
    for k in range(_SAMPLE_PIECES):
        begin = data.find(b"\n", k * stride) + 1
        end = data.find(b"\n", begin + size)
        pieces.append(data[begin:end if end >= 0 else len(data)])
    return b"\n".join(pieces)


def _mess(data: bytes, pages: tuple[str, ...]) -> dict[str, float]:
    """charset-normalizer's mess ratio per code page it accepts (it drops those above its
    threshold). Imported here so that UTF-8 files never pay for it."""
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only legacy files need it

    matches = from_bytes(data, cp_isolation=list(pages),
                         preemptive_behaviour=False, enable_fallback=False)
    # Code pages that decode to the same text come back as one match.
    return {_canonical(page): match.chaos for match in matches
            for page in (match.encoding, *match.could_be_from_charset)}


# C1 controls: a legacy code page that decodes to them is the wrong one (Windows code
# pages put punctuation there, ISO 8859 pages leave them unused in text).
_C1 = re.compile("[\x80-\x9f]")
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPT_PREFIX = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Grek": "GREEK", "Arab": "ARABIC",
                  "Hebr": "HEBREW", "Armn": "ARMENIAN", "Geor": "GEORGIAN", "Thai": "THAI"}


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    return unicodedata.name(ch, "?").split(" ", 1)[0]


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """Cedilla and comma below are one letter to a legacy code page: Windows-1250 and
    ISO 8859-2 have only ş ţ, which Romanian files therefore hold for ș ț."""
    return unicodedata.normalize("NFD", ch).replace("\u0327", "\u0326")


def _camel(word: str) -> bool:
    if word.islower() or word.isupper() or word.istitle():
        return False
    return any(a.islower() and b.isupper() for a, b in pairwise(word))


# A symbol touching a letter: "dzia\u0142aj±" is Polish ą read in the wrong code page. Quotes,
# dashes and the ellipsis touch words legitimately and are punctuation, not symbols; the
# pilcrow and section sign are punctuation that never touches a letter.
_TOUCHING = lazy(r"(?<=[^\W\d_])[^\w\s]|[^\w\s](?=[^\W\d_])")
_SYMBOL_CATEGORIES = frozenset({"So", "Sm", "Sc", "Sk", "No", "Co", "Cn"})


class _Oddities(NamedTuple):
    """What in a decoded text does not fit the language (counts)."""

    letters: int  # all letters
    non_ascii: int  # non-ASCII letters
    foreign: int  # non-ASCII letters outside the language's script
    atypical: int  # Latin script only: non-ASCII letters the language does not use
    typical: int  # Latin script only: non-ASCII letters the language uses (-1: it has none)
    words: int  # words with non-ASCII letters
    camel: int  # of those, words that switch from lower to upper case inside
    mixed: int  # of those, words that mix ASCII letters with another script's letters
    glued: int  # symbols touching a letter

    @property
    def plausible(self) -> bool:
        """The thresholds of ``plausible``."""
        if self.non_ascii == 0:
            return True  # nothing to judge by; ``total`` still ranks glued symbols
        return (self.foreign * 10 <= self.non_ascii and self.atypical * 100 <= self.letters
                and (self.typical < 0 or self.typical >= self.atypical)
                and (self.camel + self.mixed + self.glued) * 20 <= self.words)

    @property
    def total(self) -> int:
        """All oddities together, to rank plausible decodings."""
        return self.foreign + self.atypical + self.camel + self.mixed + self.glued


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _oddities(text: str, hint: LanguageHint) -> _Oddities | None:
    """The oddities of ``text`` as the hinted language; None for C1 control characters."""
    if _C1.search(text):
        return None
    latin = hint.script == "Latn"
    letters = words = camel = mixed = 0
    for word in _WORD.findall(text):
        letters += len(word)
        if word.isascii():
            continue
        words += 1
        camel += _camel(word)
        mixed += not latin and _ASCII_LETTER.search(word) is not None
    prefix = _SCRIPT_PREFIX.get(hint.script)
    typical = {_fold(c) for c in hint.letters}
    non_ascii = foreign = atypical = known = 0
    for ch, n in Counter(text).items():
        if ch.isascii() or not ch.isalpha():
            continue
        non_ascii += n
        if prefix is not None and _script_of(ch) != prefix:
            foreign += n
        elif latin and _fold(ch) in typical:
            known += n
        elif latin:
            atypical += n
    glued = sum(1 for m in _TOUCHING.finditer(text)
                if not m.group().isascii()
                and (unicodedata.category(m.group()) in _SYMBOL_CATEGORIES
                     or m.group() in "¶§"))
    return _Oddities(letters, non_ascii, foreign, atypical, known if typical else -1, words,
                     camel, mixed, glued)


def plausible(text: str, hint: LanguageHint) -> bool:
    """Whether decoded ``text`` reads as the hinted language rather than as mojibake.

    Only non-ASCII characters are evidence (ASCII is the same in every code page): at least
    90 % of the non-ASCII letters must be in the language's script; in Latin-script
    languages at most 1 % of all letters may be non-ASCII letters the language does not use
    (a name like "Café" passes in a file, "Ïðèâåò" does not); at most 5 % of the words with
    non-ASCII letters may switch from lower to upper case inside the word (what KOI8-R read
    as Windows-1251, or the reverse, produces) or have a symbol glued to them ("±" for
    Polish ą); no C1 control characters.
    """
    odd = _oddities(text, hint)
    return odd is not None and odd.plausible


@lru_cache(maxsize=64)
def hint_for(lang: str | None) -> LanguageHint | None:
    """The decoding hint of a language from its file: script, code pages, letters."""
    language = lookup(lang)
    if language is None:
        return None
    own = [c for c in language.alphabet + language.distinctive if not c.isascii()]
    capitals = [c.upper() for c in own if len(c.upper()) == 1]
    return LanguageHint(language.code, language.script, language.legacy_encodings,
                        "".join(dict.fromkeys(own + capitals)))
