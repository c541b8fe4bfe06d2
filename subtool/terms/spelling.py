"""Spelling with Hunspell dictionaries: which words of a subtitle a dictionary does not know.

Words are letters joined by hyphens or apostrophes (``get-togethers``, ``Dortmund'da``,
``dell’Ufficio``); digits, web and e-mail addresses, markup and SDH labels (``[Musik]``,
``(Sprecherin)``) are not spelled. A word is accepted when the dictionary knows it, when
the project accepts it (every word of the glossary in every language and status, the
project's word list), or when each part of a hyphenated or elided word is accepted. A name
of the glossary also counts with one of its language's endings (``Евінгу``, ``Brackel'de``),
as it does for the terminology rules.

Asking a dictionary is cheap; loading one costs 0.1–1.5 s and suggestions 20–700 ms per
word, so a ``Speller`` starts from a persistent cache (word → known, or its suggestions)
and opens its dictionary only for a word the cache has not seen.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from itertools import accumulate
from typing import Any, NamedTuple

from subtool.core.patterns import lazy
from subtool.core.text import WITHOUT_HARAKAT, line_chunks, strip_markup
from subtool.languages import lookup
from subtool.terms.inflection import Endings

WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
# Web and e-mail addresses: not words to spell.
_ADDRESS = lazy(r"\S+\.(?:[a-z]{2,6})(?:/\S*)?\b|\S+@\S+|https?://\S+", re.I)
# Only a text with a dot or an @ between letters, or "//", can hold an address.
_DOT_AT = re.compile(r"[.@](?<=\w[.@])\w")
# SDH labels: sound labels in brackets, speaker labels in parentheses.
_LABEL = re.compile(r"\[[^\]\n]*\]|\([^)\n]*\)")
_SENTENCE_END = ".!?…؟;"
# How many suggestions a message shows.
SUGGESTIONS = 3
# Suggestions cost 20–700 ms per word (Hunspell tries every edit), so a run asks for them
# for this many distinct words per language; a track with more unknown words is most
# likely in another language or damaged, and its further words are reported without.
SUGGESTED_WORDS = 25
# Cache values: [] for a known word, ["!", suggestions …] for an unknown one whose
# suggestions were asked for, ["?"] for an unknown one whose suggestions were not.
_UNKNOWN = "?"
_SUGGESTED = "!"


class Word(NamedTuple):
    """A word of a cue text: where it starts, and whether it opens a sentence."""

    text: str
    start: int
    line: int
    sentence_start: bool


def words(text: str, keep: Callable[[str], bool] | None = None) -> Iterator[Word]:
    """The words of a cue text to spell (markup, addresses and SDH labels left out); with
    ``keep``, only those it accepts (a check asks for the unknown ones: most words are
    known, and a ``Word`` is made only for what is reported)."""
    plain = strip_markup(text)
    if "[" in plain or "(" in plain:
        plain = _LABEL.sub(lambda m: " " * len(m.group(0)), plain)
    if _has_address(plain):
        plain = _ADDRESS.sub(lambda m: " " * len(m.group(0)), plain)
    first = True
    end = 0
    for found in WORD.finditer(plain):
        if keep is not None and not keep(found.group(0)):
            first = False
            end = found.end()
            continue
        between = plain[end:found.start()]
        starts = first or any(c in _SENTENCE_END for c in between)
        yield Word(found.group(0), found.start(), plain.count("\n", 0, found.start()), starts)
        first = False
        end = found.end()


def cues_to_spell(texts: Sequence[str], all_text: str, unknown: Callable[[str], bool],
                  seen: dict[str, bool] | None = None) -> list[int]:
    """The cues ``words(text, unknown)`` may find a word in: those holding a piece (what
    lies between spaces) with a word ``unknown`` accepts, and every cue with a web or
    e-mail address.

    Each distinct piece of the whole track is split into words once (100,000 cues of
    distinct texts: 0.5 s cue by cue, 0.07 s so). Leaving out SDH labels only takes words
    away, so the pieces hold every word a cue gives, except where an address is cut out of
    the middle of a piece: cues with addresses are always passed on. ``seen``: what is
    known of pieces already (``Speller.pieces``: a library's tracks share most pieces).
    """
    if seen is None:
        seen = {}
    plain = strip_markup(all_text)  # a tag never spans a line, so this is cue by cue
    distinct: set[str] = set()
    for chunk in line_chunks(plain):
        distinct.update(chunk.split())
    pieces = set()
    for piece in distinct:
        bad = seen.get(piece)
        if bad is None:
            bad = seen[piece] = any(unknown(w) for w in WORD.findall(piece))
        if bad:
            pieces.add(piece)
    addresses = _has_address(plain)
    if not pieces and not addresses:
        return []
    if plain is all_text:
        sizes: Iterable[int] = map(len, texts)
    else:
        sizes = (len(strip_markup(text)) for text in texts)
    # Where each cue starts in ``plain`` (cues are joined by one line break).
    starts = list(accumulate((size + 1 for size in sizes), initial=0))
    found: set[int] = set()
    for piece in pieces:
        at = plain.find(piece)
        while at >= 0:
            found.add(bisect_right(starts, at) - 1)
            at = plain.find(piece, at + len(piece))
    if addresses:  # the cues where ``_has_address`` holds, found in the whole track
        hits = [m.start() for m in _DOT_AT.finditer(plain)]
        at = plain.find("//")
        while at >= 0:
            hits.append(at)
            at = plain.find("//", at + 2)
        found.update(bisect_right(starts, at) - 1 for at in hits)
    return sorted(found)


def _has_address(text: str) -> bool:
    """Whether ``text`` may hold a web or e-mail address: a letter, "." or "@" and a
    letter, or "//" (searched for the dot or @ first: four times faster on a whole track
    than the letter first)."""
    return "//" in text or _DOT_AT.search(text) is not None


def fold_accepted(words: frozenset[str], fold: Callable[[str], str]) -> frozenset[str]:
    """Accepted words in the form ``Speller.is_accepted`` compares."""
    return frozenset(fold(spelling_form(w)) for w in words)


def spelling_form(word: str) -> str:
    """What a dictionary is asked: NFC, the apostrophe the dictionaries write ('), Arabic
    without harakat and tatweel (the dictionary has none)."""
    word = unicodedata.normalize("NFC", word).replace("’", "'").replace("ʼ", "'")
    return word.translate(WITHOUT_HARAKAT)


class Speller:
    """Spelling of one language: ``unknown(word)`` and ``suggest(word)``, cached.

    ``known`` is the persistent cache; ``learned`` what this run added. ``open_dictionary``
    returns the Hunspell dictionary (loaded on the first word the cache lacks).
    """

    def __init__(self, lang: str, open_dictionary: Callable[[], Any],
                 accepted: frozenset[str], known: Mapping[str, list[str]] | None = None,
                 names: frozenset[str] = frozenset()) -> None:
        """``accepted``: folded with ``fold_accepted`` (the Lexicon folds once per rule);
        ``names``: the glossary's names, which also count with the language's endings."""
        language = lookup(lang)
        self.lang = lang
        self.fold = language.casefold if language is not None else str.casefold
        self.endings = Endings(self.fold(e) for e in language.morphology.endings) \
            if language is not None else Endings(())
        self.prefixes = tuple(language.morphology.prefixes) if language is not None else ()
        # The letters of the orthography: a word with others (a foreign name, another
        # script, damaged text) is not the dictionary's to judge.
        self.letters = frozenset(language.alphabet) if language is not None else frozenset()
        self.accepted = accepted
        self.asked = 0
        self.names = names
        self.memo: dict[str, list[str]] = dict(known or {})
        self.learned: dict[str, list[str]] = {}
        self._verdicts: dict[str, bool] = {}
        # Pieces of text (between spaces) screened by ``cues_to_spell``: whether each holds
        # an unknown word.
        self.pieces: dict[str, bool] = {}
        self._open = open_dictionary
        self._dictionary: Any = None
        self._opened = False
        # Set when a word had to be asked and the dictionary is not installed.
        self.missing = False

    def _dict(self) -> Any:
        if not self._opened:
            self._dictionary = self._open()
            self._opened = True
        if self._dictionary is None:
            self.missing = True
        return self._dictionary

    def is_accepted(self, word: str) -> bool:
        """Whether the project accepts ``word`` (glossary, word list, a name's inflection)."""
        folded = self.fold(spelling_form(word))
        if folded in self.accepted:
            return True
        head = folded.split("'", 1)[0]
        if head != folded and head in self.accepted:
            return True  # Turkish case endings after a name: Dortmund'da
        if any(folded.startswith(p) and folded[len(p):] in self.accepted for p in self.prefixes):
            return True  # Arabic particles written onto a name: وباريتيتيشه
        # A name with one of the language's endings, added or swapped for its own
        # (Бракель → Бракелі, Eving → Evingu).
        stems = self._stems
        return bool(stems) and any(stem in stems for stem in self.endings.strip(folded, 3))

    @cached_property
    def _stems(self) -> frozenset[str]:
        """The glossary's names, and the names without one of the language's endings."""
        names = {self.fold(spelling_form(n)) for n in self.names}
        out = set(names)
        for word in names:
            out.update(self.endings.strip(word, 3))
        return frozenset(out)

    def _known(self, word: str) -> bool:
        entry = self.memo.get(word)
        if entry is None:
            dictionary = self._dict()
            if dictionary is None:
                return True  # nothing to judge by: the rule reports the missing dictionary
            try:
                good = bool(dictionary.spell(word))
            except UnicodeError:
                good = False  # a letter the dictionary's code page cannot hold
            entry = self.memo[word] = [] if good else [_UNKNOWN]
            self.learned[word] = entry
        return not entry

    def unknown(self, word: str) -> bool:
        """Whether ``word`` is misspelled: neither the dictionary nor the project knows it,
        nor (for a hyphenated or elided word) each of its parts."""
        verdict = self._verdicts.get(word)
        if verdict is None:
            verdict = self._verdicts[word] = self._unknown(word)
        return verdict

    def _unknown(self, word: str) -> bool:
        form = spelling_form(word)
        if self.memo.get(form) == []:
            return False  # the dictionary knows it (most words: the word cache says so)
        # A letter outside the language's alphabet (usually none: a set difference): a
        # foreign name, another script or damaged text, not the dictionary's to judge.
        if self.letters and any(c.isalpha()
                                for c in set(self.fold(form)).difference(self.letters)):
            return False
        if self.is_accepted(form) or self._known(form):
            return False
        parts = [p for p in re.split(r"['-]", form) if p]
        return len(parts) < 2 or not all(
            self.is_accepted(p) or self._known(p) for p in parts)

    def suggest(self, word: str) -> list[str]:
        """Up to ``SUGGESTIONS`` corrections from the dictionary (cached; computed for at
        most ``SUGGESTED_WORDS`` new words per run)."""
        form = spelling_form(word)
        entry = self.memo.get(form, [])
        if entry[:1] != [_SUGGESTED]:
            if self.asked >= SUGGESTED_WORDS:
                return []
            self.asked += 1
            dictionary = self._dict()
            try:
                found = [str(s) for s in dictionary.suggest(form)][:SUGGESTIONS] \
                    if dictionary is not None else []
            except UnicodeError:
                found = []
            entry = self.memo[form] = [_SUGGESTED, *found]
            self.learned[form] = entry
        return entry[1:]
