"""Counting and comparing text as readers see it.

- *Visible text* is the payload without markup tags (``<i>``, ``<c.x>``, ``<00:01.000>``),
  ASS override blocks (``{\\an8}``) and invisible bidi controls.
- Lengths are *grapheme clusters* (what a reader perceives as one character), so a letter
  with a combining mark, an Arabic letter with harakat or a flag emoji counts once.

The common case (text with no combining characters) is answered with ``len`` after one fast
scan; only text that contains an extending character pays for full segmentation (UAX #29,
through the ``regex`` module's ``\\X``), which is imported on first need.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, overload

from subtool.core.patterns import lazy

# Markup that is not shown: HTML-like tags as used in SRT and WebVTT, WebVTT timestamps,
# and ASS/SSA override blocks that some SRT files carry.
TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}")

# Whitespace that separates words. No-break spaces (16 Jahre, 10 %) are glue that the
# author put there on purpose, so they are neither split at nor collapsed.
WORD_SPACE_RE = lazy(r"[^\S\u00a0\u2007\u202f]+")

# Bidi controls are invisible and must not count (subtitle-standards.md, "Counting").
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = lazy(f"[{BIDI_CONTROLS}]")
# Most texts have none: a set test (C) spares compiling the pattern at start-up.
BIDI_CHARS = frozenset(BIDI_CONTROLS)
# Arabic harakat, superscript alef and tatweel, deleted with ``str.translate``: never part of
# a word's spelling for a dictionary or a lexicon.
WITHOUT_HARAKAT = dict.fromkeys([*range(0x064B, 0x0653), 0x0670, 0x0640])

# Anything at U+0300 or above may extend a cluster; below it, one code point is one cluster.
_MAYBE_COMPLEX = lazy("[^\x00-\u02ff]")

# Characters outside general category M that extend or join clusters (UAX #29): ZWNJ/ZWJ,
# Hangul jamo and syllables, regional indicators, emoji modifiers, tags, halfwidth
# voiced marks, and the Prepend class (Arabic number signs among others).
_EXTRA_RANGES = (
    (0x200C, 0x200D), (0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF), (0xAC00, 0xD7A3),
    (0x1F1E6, 0x1F1FF), (0x1F3FB, 0x1F3FF), (0xE0000, 0xE0FFF), (0xFF9E, 0xFF9F),
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x111C2, 0x111C3),
    (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A), (0x11A84, 0x11A89),
    (0x11D46, 0x11D46), (0x11F02, 0x11F02),
)


# Blocks that hold no character extending a cluster (Latin, Greek, Cyrillic, Hebrew and
# Arabic letters, digits and punctuation; verified against unicodedata by the tests), so
# text made only of them is measured with ``len`` without a per-character look-up.
SIMPLE_RANGES = (
    (0x0000, 0x02FF), (0x0370, 0x0482), (0x048A, 0x0590), (0x05C8, 0x05FF), (0x0606, 0x060F),
    (0x061B, 0x064A), (0x0660, 0x066F), (0x0671, 0x06D5), (0x06EE, 0x06FF), (0x1E00, 0x1FFF),
    (0x2000, 0x200B), (0x200E, 0x20CF), (0x2100, 0x2BFF),
)
_SIMPLE = lazy("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in SIMPLE_RANGES) + "]*")
# A character outside those blocks: where there is none, ``graphemes(text) == len(text)``.
MAY_EXTEND_RE = lazy("[^" + "".join(f"\\u{lo:04x}-\\u{hi:04x}"
                                    for lo, hi in SIMPLE_RANGES) + "]")


def _class_without(ranges: tuple[tuple[int, int], ...], chars: str) -> str:
    """A pattern's character class of ``ranges`` (first, last code point) less ``chars``."""
    out = []
    for lo, hi in ranges:
        start = lo
        for cp in [*sorted({ord(c) for c in chars if lo <= ord(c) <= hi}), hi + 1]:
            if start < cp:
                out.append(f"\\U{start:08x}-\\U{cp - 1:08x}")
            start = cp + 1
    return "".join(out)


# Whitespace other than the space and the line break (no-break spaces among them).
OTHER_SPACES = ("\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004"
                "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# A character that makes a text other than its own visible form measured with ``len``:
# markup, a bidi control, whitespace other than spaces and line breaks, or a character that
# may join a grapheme cluster. One search of a whole track (15 ms for 100,000 cues) tells
# the rules whether they may take every cue as it is written (``Context.plain``).
_UNUSUAL_SIMPLE = "<{" + BIDI_CONTROLS + OTHER_SPACES  # unusual although in SIMPLE_RANGES
UNUSUAL_RE = lazy("[^" + _class_without(SIMPLE_RANGES, _UNUSUAL_SIMPLE) + "]")
_UNUSUAL_CHARS = frozenset(_UNUSUAL_SIMPLE)
# Up to this length a text's distinct characters are looked at one by one rather than
# searched with ``UNUSUAL_RE``: compiling that class (thousands of code points) costs as much
# as looking at the characters of 30,000 (0.6 ms; a check of a short file paid it at start).
_LOOK_AT_CHARACTERS = 1 << 15


def _unusual(char: str) -> bool:
    if char in _UNUSUAL_CHARS:
        return True
    cp = ord(char)
    return not any(lo <= cp <= hi for lo, hi in SIMPLE_RANGES)


def has_unusual(text: str) -> bool:
    """Whether ``text`` has a character ``UNUSUAL_RE`` finds."""
    if len(text) <= _LOOK_AT_CHARACTERS:
        return any(map(_unusual, set(text)))
    return UNUSUAL_RE.search(text) is not None


@lru_cache(maxsize=8192)
def _extends(char: str) -> bool:
    if unicodedata.category(char)[0] == "M":
        return True
    cp = ord(char)
    return any(lo <= cp <= hi for lo, hi in _EXTRA_RANGES)


def graphemes(text: str) -> int:
    """Number of extended grapheme clusters in ``text``."""
    if not _MAYBE_COMPLEX.search(text) or _SIMPLE.fullmatch(text):
        return len(text)
    if not any(_extends(c) for c in text if c >= "\u0300"):
        return len(text)
    import regex  # noqa: PLC0415 - costs ~30 ms; only text with combining characters needs it

    return len(regex.findall(r"\X", text))


# Quoted from a file in a message: enough to find it, never a megabyte line repeated.
EXCERPT = 60


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text``, or its first ``limit`` characters and "…" (how many more) when longer."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


ZWJ = "\u200d"


@lru_cache(maxsize=1)
def _emoji_joiner() -> Any:  # a regex.Pattern: the regex package has no type information
    import regex  # noqa: PLC0415 - only text with a zero-width joiner needs it

    # A joiner between two pictographs (a skin tone or the emoji presentation selector may
    # follow the first): Unicode's emoji ZWJ sequences, UTS #51, shown as one symbol.
    return regex.compile("(?<=\\p{Extended_Pictographic}[\ufe0f\U0001f3fb-\U0001f3ff]?)"
                         "\u200d(?=\\p{Extended_Pictographic})")


def joins_emoji(text: str, at: int) -> bool:
    """Whether the zero-width joiner at ``at`` joins two emoji into one symbol (👩‍👧,
    🏳️‍🌈): part of the picture, not a stray invisible character."""
    return bool(_emoji_joiner().match(text, at))


def stray(match: re.Match[str]) -> bool:
    """Whether a match of an invisible character is one to report: any but a joiner inside
    an emoji sequence (the control-chars rule, imports and machine drafts alike)."""
    return match.group() != ZWJ or not joins_emoji(match.string, match.start())


def strip_markup(text: str) -> str:
    """Remove tags and override blocks, keep everything a reader sees."""
    if "<" not in text and "{" not in text:
        return text
    return TAG_RE.sub("", text)


def visible(text: str) -> str:
    """The text a viewer sees: markup and bidi controls removed."""
    text = strip_markup(text)
    if text.isascii() or BIDI_CHARS.isdisjoint(text):
        return text
    return _BIDI_RE.sub("", text)


def visible_length(line: str) -> int:
    """Grapheme clusters of a line as displayed (the unit of line length and reading speed)."""
    return graphemes(visible(line))


_HIDDEN = lazy(f"[<{{{BIDI_CONTROLS}]")
# Markup ("<", "{"), or anything at U+0300 or above (bidi controls are): text without it
# is its own visible form and one code point is one cluster. Written as what it is not: a
# class up to U+10FFFF takes 3 ms to compile.
_SPECIAL = lazy("[^\x00-\x3b\x3d-\x7a\x7c-\u02ff]")


def is_plain(text: str) -> bool:
    """Whether ``text`` is its own visible form with one cluster per code point: no markup,
    nothing at U+0300 or above (most cues of most files)."""
    return not _SPECIAL.search(text)


def _visible_lines(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    lines = text.split("\n")
    if not _SPECIAL.search(text):
        return tuple(lines), tuple(map(len, lines))
    if _HIDDEN.search(text):
        lines = [visible(line) for line in lines]
    if not _MAYBE_COMPLEX.search(text) or _SIMPLE.fullmatch(text):
        return tuple(lines), tuple(map(len, lines))
    return tuple(lines), tuple(graphemes(line) for line in lines)


@lru_cache(maxsize=1 << 18)
def visible_lines(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The visible lines of a cue's text and their grapheme lengths, in one pass.

    Most cues have no markup, no bidi controls and no combining characters; they are split
    and measured with ``len`` only. Cached: the fixer measures the same texts pass after pass.
    """
    return _visible_lines(text)


def line_chunks(text: str, size: int = 1 << 20) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters cut after a line break: a whole
    track's text split at once would hold every word as a string at the same time (a
    million cues' words took 350 MB), a piece's words only its own."""
    start, end = 0, len(text)
    while start < end:
        cut = text.find("\n", start + size)
        stop = end if cut < 0 else cut + 1
        yield text[start:stop]
        start = stop


def line_lengths(texts: Iterable[str], plain: bool = False) -> list[tuple[int, ...]]:
    """The grapheme lengths of the visible lines of many cue texts (``visible_lines``),
    without keeping the lines or filling the cache: a million cues' lines took 170 MB.
    ``plain``: no text has a character ``UNUSUAL_RE`` finds, so each is measured as written."""
    if plain:
        return [tuple(map(len, text.split("\n"))) for text in texts]
    out: list[tuple[int, ...]] = []
    add, special = out.append, _SPECIAL.search
    for text in texts:
        add(_visible_lines(text)[1] if special(text) else tuple(map(len, text.split("\n"))))
    return out


class VisibleLines(Sequence[tuple[str, ...]]):
    """The visible lines of many cue texts, made when asked for and not kept."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, ...] | Sequence[tuple[str, ...]]:
        if isinstance(index, slice):
            return [_visible_lines(text)[0] for text in self.texts[index]]
        return _visible_lines(self.texts[index])[0]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        special = _SPECIAL.search
        for text in self.texts:
            yield _visible_lines(text)[0] if special(text) else tuple(text.split("\n"))


RLM = "\u200f"
_ISOLATE_OPEN = "\u2066\u2067\u2068"
_ISOLATE_CLOSE = "\u2069"


def first_strong(line: str) -> str | None:
    """``"L"`` or ``"R"`` for the first strong character of ``line`` (Unicode bidi rule P2:
    markup ignored, text inside isolates skipped), else None."""
    depth = 0
    for char in strip_markup(line):
        if char in _ISOLATE_OPEN:
            depth += 1
        elif char == _ISOLATE_CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "L"
            if kind in ("R", "AL"):
                return "R"
    return None


def needs_rlm(line: str) -> bool:
    """Whether a line of a right-to-left track would be laid out left to right."""
    return first_strong(line) == "L"


# What a subtitle cannot hold: control characters (but the line break, and the tab that
# the whitespace rule handles) and lone surrogates (half of a UTF-16 pair: UTF-8 cannot
# encode one, so the file could not even be written). Every reader of subtitle files takes
# the line break as the only control; the rest arrive from CAT tools (<cp hex="0"/>, a
# PO "\v"), wrong conversions or terminals (ESC).
_UNHOLDABLE_RE = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Unicode has no names for controls; these are the ones people meet.
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION",
                  0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
                  0x1B: "ESCAPE", 0x1C: "FILE SEPARATOR", 0x1D: "GROUP SEPARATOR",
                  0x1E: "RECORD SEPARATOR", 0x1F: "UNIT SEPARATOR", 0x7F: "DELETE",
                  0x85: "NEXT LINE"}


# Invisible characters the control-chars rule reports: C0/C1 controls (but the line break
# and the tab), zero-width space, word joiner, a BOM inside text, the soft hyphen and U+FFFD
# (text already damaged by a wrong encoding). As character-class contents.
INVISIBLE_ALWAYS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2060\ufeff\u00ad\ufffd"
# Allowed in right-to-left tracks only: bidi controls fix the direction of mixed lines, and
# ZWNJ/ZWJ shape Arabic-script letters. Elsewhere they are invisible noise.
INVISIBLE_RTL_ALLOWED = BIDI_CONTROLS + "\u200c\u200d"
_INVISIBLE_ANY_RE = lazy(f"[{INVISIBLE_ALWAYS}{INVISIBLE_RTL_ALLOWED}]")
_INVISIBLE_RTL_RE = lazy(f"[{INVISIBLE_ALWAYS}]")
# The same, and lone surrogates, which no file can hold (machine drafts, imports).
_NOT_IN_TEXT_RE = lazy(f"[{INVISIBLE_ALWAYS}{INVISIBLE_RTL_ALLOWED}\ud800-\udfff]")
_NOT_IN_RTL_TEXT_RE = lazy(f"[{INVISIBLE_ALWAYS}\ud800-\udfff]")


def invisible_pattern(rtl: bool) -> re.Pattern[str]:
    """The characters the control-chars rule reports in a track of either direction."""
    return _INVISIBLE_RTL_RE if rtl else _INVISIBLE_ANY_RE


def not_importable(text: str, *, rtl: bool) -> str | None:
    """The first character of ``text`` an import refuses, or None: one a subtitle cannot
    hold (``unholdable``), one the control-chars rule reports as an error, or a tab (the
    whitespace rule's; players show it each their own way)."""
    bad = unholdable(text) or not_in_text(text, rtl=rtl)
    if bad is not None:
        return bad
    return "\t" if "\t" in text else None


def has_visible_text(text: str) -> bool:
    """Whether a reader sees anything of ``text``: markup stripped, and whitespace (no-break
    spaces too), controls and invisible format characters (zero-width space, bidi marks,
    joiners; Unicode category Cf) ignored. ``<i></i>``, ``{\\an8}`` or a lone U+200B show
    nothing: a cue holding only them is empty."""
    return any(not c.isspace() and unicodedata.category(c) not in _UNSEEN
               for c in strip_markup(text))


# Controls, format characters, lone surrogates and separators: nothing a reader sees.
_UNSEEN = frozenset(("Cc", "Cf", "Cs", "Zs", "Zl", "Zp"))


def unholdable(text: str) -> str | None:
    """The first character of ``text`` that a subtitle cannot hold, or None."""
    m = _UNHOLDABLE_RE.search(text)
    return m.group() if m else None


def not_in_text(text: str, *, rtl: bool) -> str | None:
    """The first character of ``text`` that the control-chars rule reports in a track (of a
    right-to-left language when ``rtl``), or a lone surrogate, which no file can hold; None
    when there is none. A ZWJ joining two emoji is part of the picture, not reported."""
    for m in (_NOT_IN_RTL_TEXT_RE if rtl else _NOT_IN_TEXT_RE).finditer(text):
        if stray(m):
            return m.group()
    return None


def char_name(char: str) -> str:
    """``U+000B VERTICAL TAB``: a character as people can look it up."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (half of a UTF-16 surrogate pair)"
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"
