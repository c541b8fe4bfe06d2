"""Finding glossary terms in text of every language.

Matching is case-insensitive with each language's rules (Turkish dotted/dotless i, German
ß, Greek final sigma; Greek also ignores accents, which capitals drop, and Arabic ignores
harakat), Unicode-normalised, on word boundaries, across line breaks, with inflection.

``LemmaMatcher`` finds terms by lemma: a glossary word matches a text word when their keys
meet (``subtool.terms.morphology``: what the language's field libraries say), and a term of
several words matches when each word matches, in order and adjacent (agreeing adjectives
included: *w urzędzie socjalnym* is *urząd socjalny*). ``Matcher`` finds terms by the
language's hand-written endings (``subtool.terms.inflection``): for names, which no lexicon
has, and for languages no library serves. Both index the glossary once per language, so a
text is tokenised once and each word costs a few dictionary look-ups, whatever the
glossary's size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from subtool.core.model import Cue
from subtool.core.text import strip_markup
from subtool.languages import casefold, lookup, primary
from subtool.terms.inflection import MIN_INFLECTED, Endings, endings, prefixes


class WordKeys(Protocol):
    """What a lemma matcher asks about words (``subtool.terms.morphology.WordKeys``)."""

    def keys(self, token: str, *, every: bool = False) -> frozenset[str]:
        """The keys of a word of a text."""

    def term_keys(self, word: str) -> frozenset[str]:
        """The keys of a word of a glossary form."""

_TOKEN = re.compile(r"[^\W_]+(?:(?:[-'’:*_/·]|/-)[^\W_]+)*")
_PARTS = re.compile(r"[-'’]")
_HEAD = 3


@lru_cache(maxsize=65536)
def normalise(text: str, lang: str) -> str:
    """The form of ``text`` used for matching in ``lang``: case-folded with its rules,
    without marks where the language file says they are optional (Greek accents, which
    capitals drop; Arabic harakat), and with legacy letters made right (Romanian ş → ș)."""
    text = casefold(text, lang)
    language = lookup(lang)
    if language is None:
        return text
    if language.fold_marks:
        text = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                           if unicodedata.category(c) != "Mn"))
    if language.legacy_letters:
        text = text.translate({ord(k): v for k, v in language.legacy_letters.items()})
    return text


def _first_head(form: str, lang: str) -> str:
    found = _TOKEN.search(normalise(form.split(maxsplit=1)[0].rstrip("~"), lang))
    word = found.group(0) if found else ""
    return _PARTS.split(word, maxsplit=1)[0][:_HEAD]


def tokens(text: str, lang: str) -> list[str]:
    """The normalised words of ``text`` (markup removed, line breaks are spaces)."""
    return _TOKEN.findall(normalise(strip_markup(text), lang))


@dataclass(frozen=True)
class _Form:
    entry: int
    words: tuple[str, ...]
    # Per word, the stems it may appear as: the word itself, and the word without one of
    # its language's endings (so the ending can be replaced), or just the marked stem.
    alts: tuple[frozenset[str], ...]
    stems: tuple[bool, ...]


class Matcher:
    """Finds which entries' forms occur in a text of one language."""

    def __init__(self, lang: str, forms: Iterable[tuple[int, str]],
                 compounds: set[int] | frozenset[int] = frozenset()) -> None:
        self.lang = primary(lang)
        # Endings are normalised like the text: casefolding turns Greek final ς into σ.
        self.endings = Endings(normalise(e, self.lang) for e in endings(self.lang))
        self.prefixes = tuple(dict.fromkeys(normalise(p, self.lang) for p in prefixes(self.lang)))
        self.index: dict[str, list[_Form]] = {}
        self.memo: dict[str, frozenset[int]] = {}
        self.key_memo: dict[str, tuple[str, ...]] = {}
        compound_keys: dict[str, int] = {}
        for entry, form in forms:
            words_list: list[str] = []
            stems_list: list[bool] = []
            for raw in form.split():
                # Tokenised like the text, so "Seniors’" is the word "seniors"; "~" marks
                # the last token of the word as a stem.
                parts = _TOKEN.findall(normalise(raw.rstrip("~"), self.lang))
                words_list += parts
                stems_list += [False] * (len(parts) - 1) + [raw.endswith("~")] if parts else []
            if not words_list:
                continue
            words, stems = tuple(words_list), tuple(stems_list)
            alts = tuple(frozenset({w}) if s else self._alternatives(w)
                         for w, s in zip(words, stems, strict=True))
            built = _Form(entry, words, alts, stems)
            for key in alts[0]:
                self.index.setdefault(key, []).append(built)
            if entry in compounds and len(words) == 1:
                compound_keys[words[0]] = entry
        # Every key starts with one of these heads; a word whose first letters are none of
        # them cannot match, and costs one set look-up instead of its ending variants.
        self.heads = frozenset(k[:_HEAD] for k in self.index)
        self.short_heads = sorted({len(k) for k in self.index if len(k) < _HEAD})
        self.plain = not self.prefixes
        self.compound_re = re.compile("|".join(
            re.escape(k) for k in sorted(compound_keys, key=len, reverse=True))) \
            if compound_keys else None
        self.compound_entry = compound_keys

    def _alternatives(self, word: str) -> frozenset[str]:
        return frozenset([word, *self.endings.strip(word, MIN_INFLECTED)])

    def _word_matches(self, token: str, alts: frozenset[str], word: str, stem: bool) -> bool:
        for candidate in self._cores(token):
            if candidate == word and not stem:
                return True
            for alt in alts:
                if not candidate.startswith(alt):
                    continue
                rest = candidate[len(alt):]
                if stem and (not rest or rest in self.endings):
                    return True
                if not stem and len(alt) >= MIN_INFLECTED and (
                        not rest or rest in self.endings):
                    return True
        return False

    def _cores(self, token: str) -> list[str]:
        """The token, its parts around an apostrophe, and without Arabic prefixes.

        Turkish puts case endings after an apostrophe (``Dortmund'da``); Italian elides
        articles and prepositions before one (``dell’Ufficio``).
        """
        out = [token]
        if "-" in token:  # hyphenated compounds: "Seniorenbüro-Team" holds "Seniorenbüro"
            out += token.split("-")
        for mark in ("'", "’"):
            if mark in token:
                before, after = token.split(mark, 1)
                out += [before, after]
        for prefix in self.prefixes:
            for core in list(out):
                if core.startswith(prefix) and len(core) - len(prefix) >= 2:
                    out.append(core[len(prefix):])
        return out

    def _keys(self, token: str) -> tuple[str, ...]:
        # Words repeat across cues ("und", "the", "и"): each is analysed once per matcher.
        known = self.key_memo.get(token)
        if known is None:
            known = self.key_memo[token] = tuple(self._analyse(token))
        return known

    def _analyse(self, token: str) -> set[str]:
        heads = self.heads
        if self.plain and "-" not in token and "'" not in token and "’" not in token:
            # The common case: one core, the token itself.
            if token[:_HEAD] not in heads and not any(token[:n] in heads
                                                      for n in self.short_heads):
                return set()
            return {token, *self.endings.strip(token, 1)}
        keys = set()
        for core in self._cores(token):
            if core[:_HEAD] not in heads and not any(core[:n] in heads for n in self.short_heads):
                continue
            keys.add(core)
            keys.update(self.endings.strip(core, 1))
        return keys

    def find(self, text: str) -> frozenset[int]:
        """Indices of the entries with a form in ``text`` (remembered per text)."""
        known = self.memo.get(text)
        if known is None:
            known = self.memo[text] = frozenset(self._find(text))
        return known

    def _find(self, text: str) -> set[int]:
        words = tokens(text, self.lang)
        found: set[int] = set()
        for i, token in enumerate(words):
            for key in self._keys(token):
                for form in self.index.get(key, ()):
                    if form.entry in found or i + len(form.words) > len(words):
                        continue
                    if all(self._word_matches(words[i + j], form.alts[j], form.words[j],
                                              form.stems[j]) for j in range(len(form.words))):
                        found.add(form.entry)
        if self.compound_re is not None:
            for m in self.compound_re.finditer(" ".join(words)):
                found.add(self.compound_entry[m.group(0)])
        return found

    def find_in_cues(self, cues: Sequence[Cue]) -> list[frozenset[int]]:
        """``find`` for every cue."""
        return [self.find(cue.text) for cue in cues]



def raw_tokens(text: str) -> list[str]:
    """The words of ``text`` as written (NFC, markup removed): what analysers are asked."""
    return _TOKEN.findall(unicodedata.normalize("NFC", strip_markup(text)))


@dataclass(frozen=True)
class _Term:
    entry: int
    words: tuple[frozenset[str], ...]  # per word of the form, its keys


class LemmaMatcher:
    """Finds which entries' forms occur in a text of one language, by lemma."""

    def __init__(self, lang: str, forms: Iterable[tuple[int, str]], keys: WordKeys,
                 compounds: set[int] | frozenset[int] = frozenset()) -> None:
        self.lang = primary(lang)
        self.keys = keys
        self.index: dict[str, list[_Term]] = {}
        self.memo: dict[str, frozenset[int]] = {}
        # compound = yes: the term also counts as the head of a longer word whose key ends
        # with the term's (Tagespflege holds Pflege); a word it merely starts (Pfleger, with
        # its own lemma) is another word.
        self.heads: list[tuple[int, frozenset[str]]] = []
        for entry, form in forms:
            words = raw_tokens(form.replace("~", ""))
            if not words:
                continue
            term = _Term(entry, tuple(keys.term_keys(w) for w in words))
            for key in term.words[0]:
                self.index.setdefault(key, []).append(term)
            if entry in compounds and len(words) == 1:
                self.heads.append((entry, frozenset(k for k in term.words[0]
                                                    if len(k) >= MIN_INFLECTED)))

    def find(self, text: str) -> frozenset[int]:
        """Indices of the entries with a form in ``text`` (remembered per text)."""
        known = self.memo.get(text)
        if known is None:
            known = self.memo[text] = frozenset(self._find(text))
        return known

    def _find(self, text: str) -> set[int]:
        keys = [self.keys.keys(token) for token in raw_tokens(text)]
        found: set[int] = set()
        for start, word_keys in enumerate(keys):
            for key in word_keys:
                for term in self.index.get(key, ()):
                    n = len(term.words)
                    if term.entry not in found and start + n <= len(keys) and all(
                            keys[start + j] & term.words[j] for j in range(1, n)):
                        found.add(term.entry)
        for entry, heads in self.heads:
            if entry not in found and any(
                    k.endswith(h) and len(k) > len(h) + 2
                    for word_keys in keys for k in word_keys for h in heads):
                found.add(entry)
        return found

    def find_in_cues(self, cues: Sequence[Cue]) -> list[frozenset[int]]:
        """``find`` for every cue."""
        return [self.find(cue.text) for cue in cues]


class Matchers:
    """Several matchers over the same texts (lemmas for terms, endings for names)."""

    def __init__(self, *parts: Matcher | LemmaMatcher) -> None:
        self.parts = parts
        self.memo: dict[str, frozenset[int]] = {}

    def find(self, text: str) -> frozenset[int]:
        """Indices of the entries any part finds in ``text``."""
        known = self.memo.get(text)
        if known is None:
            known = self.memo[text] = frozenset().union(*(p.find(text) for p in self.parts))
        return known

    def find_in_cues(self, cues: Sequence[Cue]) -> list[frozenset[int]]:
        """``find`` for every cue."""
        return [self.find(cue.text) for cue in cues]

