"""Words to keys: what field libraries say a word's lemma or stem is, per language.

A word of a text and a word of a glossary form match when their *keys* meet. A word's keys
are the word itself and what its language's analysers say (``[morphology] method`` in the
language's file): a lemma from simplemma's lexicons, stems from Hunspell's dictionaries,
Snowball's stemmer, pymorphy3's lemma with its part of speech, or Arabic clitics taken off
before a lexicon look-up. Keys are compared in the glossary's matching form (case-folded with
the language's rules, Greek accents and Arabic harakat ignored). A longer unrelated word
that contains a term keeps its own lemma (*Heimat* is not *Heim*, *biurko* not *biuro*),
so no prefix or ending guessing is involved.

Loading a library costs 0.1–7 s per language (simplemma's Polish lexicon has 3.7 million
forms), so ``WordKeys`` starts from the words a persistent cache already knows and loads
the library only for a word it has not seen; the project layer keeps that cache on disk.
Libraries are imported only then: a check whose words are all known imports none of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from subtool.core.text import WITHOUT_HARAKAT
from subtool.languages import lookup
from subtool.languages.schema import Morphology

Analyse = Callable[[str], Iterable[str]]

# Debian installs Hunspell dictionaries here (packages hunspell-xx); a project layer may
# give other folders.
DEFAULT_DICTIONARY_DIRS = ("/usr/share/hunspell",)

_APOSTROPHES = "'’ʼ"
# Hyphenated words with more parts than this are not joined key by key (the combinations
# grow as the product of the parts' keys).
_MAX_JOINED = 64
# Glossary words are remembered apart from text words (their keys may be wider).
_TERM = "\x00"


class LibraryMissing(Exception):  # noqa: N818 - a condition, reported by the caller
    """A library or dictionary a language's method names is not installed."""


class WordStore(Protocol):
    """Where learned word keys persist between runs (the project layer's cache files)."""

    def load(self, kind: str, lang: str, method: str) -> dict[str, list[str]]:
        """The words known for ``kind`` ("morph", "spell") in ``lang`` under ``method``."""

    def save(self, kind: str, lang: str, method: str, words: Mapping[str, list[str]]) -> None:
        """Add ``words`` to what is stored."""


def key_form(text: str, lang: str) -> str:
    """How keys are compared: the glossary's matching form (``match.normalise``)."""
    from subtool.terms.match import normalise  # noqa: PLC0415 - only for terms (1.5 ms)

    return normalise(text, lang)


def _lower(word: str, lang: str) -> str:
    language = lookup(lang)
    if language is not None and language.casefold_rule == "turkic":
        word = word.replace("I", "ı").replace("İ", "i")
    return word.lower()


def spellings(token: str, lang: str) -> list[str]:
    """The spellings of a word an analyser is asked about.

    The word, its lower case, the parts around an apostrophe (Turkish case endings after a
    name ``Dortmund'da``, Italian elided articles ``dell’Ufficio``, English possessives),
    Greek with the enclitic second accent removed (``διαμέρισμά σας``: languages whose
    marks are optional for matching), Arabic without harakat.
    """
    token = unicodedata.normalize("NFC", token)
    for mark in _APOSTROPHES[1:]:
        token = token.replace(mark, "'")
    token = token.translate(WITHOUT_HARAKAT)
    out = [token]
    if "'" in token:
        out += [part for part in token.split("'") if len(part) > 1]
    language = lookup(lang)
    # Where accents are optional for matching (Greek), an enclitic's second accent on the
    # word before it (διαμέρισμά σας) is dropped for the lexicon.
    second_accent = language is not None and language.fold_marks
    for word in list(out):
        nfd = unicodedata.normalize("NFD", word)
        marks = [i for i, c in enumerate(nfd) if unicodedata.category(c) == "Mn"]
        if second_accent and len(marks) > 1:
            out.append(unicodedata.normalize("NFC", nfd[:marks[-1]] + nfd[marks[-1] + 1:]))
    out += [_lower(w, lang) for w in out]
    return list(dict.fromkeys(out))


# --- analysers: one factory per ``[morphology] method`` name ---------------------------

def _simplemma(lang: str, morph: Morphology, _dictionary: Any) -> Analyse:
    try:
        import simplemma  # noqa: PLC0415 - loads only when a word is not cached
    except ImportError as exc:
        raise LibraryMissing("simplemma") from exc
    code, greedy = morph.simplemma, morph.greedy
    language = lookup(lang)
    restore = language is not None and language.fold_marks
    accented: dict[str, list[str]] | None = None

    def analyse(word: str) -> list[str]:
        nonlocal accented
        found = simplemma.lemmatize(word, lang=code, greedy=greedy)
        if not restore or found != word or _marks(word) or simplemma.is_known(word, lang=code):
            return [found]
        # Greek in capitals (ΔΗΜΟΤΙΚΑ), or typed without accents, is in no lexicon: the
        # lexicon's words that differ from it only in accents stand in for it.
        if accented is None:
            accented = _without_marks_index(code)
        return [simplemma.lemmatize(w, lang=code, greedy=greedy)
                for w in accented.get(word, ())] or [found]
    return analyse


def _marks(word: str) -> bool:
    return any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", word))


def _strip_marks(word: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"))


def _without_marks_index(code: str) -> dict[str, list[str]]:
    """simplemma's words of a language by their spelling without accents (Greek: 240,000
    words, 0.8 s, once per run and only for a word without accents that is not cached)."""
    try:
        from simplemma.strategies.dictionaries import (  # noqa: PLC0415
            DefaultDictionaryFactory,
        )
        words = DefaultDictionaryFactory().get_dictionary(code)
    except (ImportError, AttributeError, ValueError, KeyError):
        return {}  # another simplemma layout: words without accents stay unknown
    index: dict[str, list[str]] = {}
    for key in words:
        word = key.decode("utf-8") if isinstance(key, bytes) else str(key)
        bare = _strip_marks(word)
        if bare != word:
            index.setdefault(bare, []).append(word)
    return index


def _snowball(_lang: str, morph: Morphology, _dictionary: Any) -> Analyse:
    try:
        import Stemmer  # noqa: PLC0415 - PyStemmer, the C build of the Snowball stemmers
    except ImportError as exc:
        raise LibraryMissing("PyStemmer") from exc
    stemmer = Stemmer.Stemmer(morph.snowball)
    return lambda word: [stemmer.stemWord(word.lower())]


def _hunspell(_lang: str, _morph: Morphology, dictionary: Any) -> Analyse:
    if dictionary is None:
        raise LibraryMissing("Hunspell dictionary")
    return lambda word: list(dictionary.stem(word))


def _pymorphy3(lang: str, _morph: Morphology, _dictionary: Any) -> Analyse:
    try:
        import pymorphy3  # noqa: PLC0415
        analyzer = pymorphy3.MorphAnalyzer(lang=lang)
    except (ImportError, ValueError) as exc:
        raise LibraryMissing("pymorphy3") from exc

    # Lemma and part of speech ("близкий/ADJF"): the adverb близко is not a form of the
    # adjective близкие, the verb уходит not one of the noun уход.
    def analyse(word: str) -> list[str]:
        return [f"{p.normal_form}/{p.tag.POS}" for p in analyzer.parse(word)]
    return analyse


def _clitics(_lang: str, morph: Morphology, _dictionary: Any) -> Analyse:
    try:
        import simplemma  # noqa: PLC0415
    except ImportError as exc:
        raise LibraryMissing("simplemma") from exc
    code = morph.simplemma

    def analyse(word: str) -> set[str]:
        found: set[str] = set()
        for rest, pronoun in clitic_splits(word, morph):
            if simplemma.is_known(rest, lang=code):
                found.add(rest)
                found.add(simplemma.lemmatize(rest, lang=code))
            elif not pronoun:
                found.add(rest)
        return found
    return analyse


def clitic_splits(word: str, morph: Morphology) -> list[tuple[str, bool]]:
    """(rest, a pronoun was taken off) for every way of taking the language's clitics off
    ``word``, with the spelling the rest has alone (``clitic_spelling``, ``number_endings``).
    """
    out: list[tuple[str, bool]] = []
    for pre in ("", *morph.prefixes):
        if not word.startswith(pre):
            continue
        for suf in ("", *morph.enclitics):
            if suf and not word.endswith(suf):
                continue
            core = word[len(pre):len(word) - len(suf)]
            if len(core) < 2:
                continue
            cores = [core]
            if suf:
                cores += [core[:-len(w)] + base for w, base in morph.clitic_spelling.items()
                          if core.endswith(w)]
            for _round in range(2):
                cores += [c[:len(c) - len(end)] + base for c in list(cores)
                          for end, base in morph.number_endings.items()
                          if c.endswith(end) and len(c) - len(end) >= 3]
            out += [(c, bool(suf)) for c in dict.fromkeys(cores)]
    return out


def _simplemma_knows(code: str) -> Callable[[str], bool]:
    import simplemma  # noqa: PLC0415 - loaded already by the method's first analyser

    return lambda word: bool(simplemma.is_known(word, lang=code))


def _endings(_lang: str, _morph: Morphology, _dictionary: Any) -> Analyse:
    return lambda word: ()


FACTORIES: dict[str, Callable[[str, Morphology, Any], Analyse]] = {
    "simplemma": _simplemma, "snowball": _snowball, "hunspell": _hunspell,
    "pymorphy3": _pymorphy3, "clitics": _clitics, "endings": _endings}


def method_id(lang: str) -> str:
    """What the keys of ``lang`` depend on (cache files are per method)."""
    language = lookup(lang)
    if language is None:
        return "none"
    m = language.morphology
    return "+".join(m.method) + f"|{m.simplemma}|{m.greedy}|{m.snowball}|{language.spelling}"


class WordKeys:
    """word → keys for one language, starting from ``known`` (a persistent cache).

    The language's libraries load on the first word ``known`` lacks; ``learned`` holds the
    words analysed in this run, for the project layer to store. ``open_dictionary`` opens
    the language's Hunspell dictionary (None when it is not installed).
    """

    def __init__(self, lang: str, known: Mapping[str, list[str]] | None = None,
                 open_dictionary: Callable[[], Any] | None = None) -> None:
        language = lookup(lang)
        self.lang = lang
        self.morphology = language.morphology if language is not None else None
        self.memo: dict[str, frozenset[str]] = {
            word: frozenset(keys) for word, keys in (known or {}).items()}
        self.learned: dict[str, list[str]] = {}
        self.missing: list[str] = []
        self._open_dictionary = open_dictionary
        self._analysers: list[Analyse] | None = None
        self._knows: Callable[[str], bool] | None = None

    @property
    def loaded(self) -> bool:
        """Whether a library was loaded in this run."""
        return self._analysers is not None

    def _load(self) -> list[Analyse]:
        if self._analysers is None:
            self._analysers = []
            morph = self.morphology
            if morph is not None:
                dictionary = None
                if "hunspell" in morph.method and self._open_dictionary is not None:
                    dictionary = self._open_dictionary()
                for name in morph.method:
                    try:
                        self._analysers.append(FACTORIES[name](self.lang, morph, dictionary))
                    except LibraryMissing as exc:
                        self.missing.append(str(exc))
                if morph.fallback and self._analysers:
                    self._knows = _simplemma_knows(morph.simplemma)
        return self._analysers

    def _analyse(self, word: str, every: bool) -> set[str]:
        found: set[str] = set()
        for spelling in spellings(word, self.lang):
            found.add(key_form(spelling, self.lang))
            analysers = self._load()
            if not every and self._knows is not None and self._knows(spelling):
                # fallback: the others only for words the lexicon does not know (Hunspell
                # reads the Polish adverb "blisko" as a form of "bliski").
                analysers = analysers[:1]
            for analyse in analysers:
                found.update(key_form(k, self.lang) for k in analyse(spelling) if k)
        return found

    def keys(self, token: str, *, every: bool = False) -> frozenset[str]:
        """The keys of a word as written in the text (``every``: of a glossary word, which
        every analyser is asked about, whatever ``fallback`` says)."""
        memo_key = _TERM + token if every else token
        known = self.memo.get(memo_key)
        if known is None:
            found = self._analyse(token, every)
            if "-" in token.strip("-"):
                found |= self._joined(token, every)
            known = self.memo[memo_key] = frozenset(found)
            self.learned[memo_key] = sorted(known)
        return known

    def _joined(self, token: str, every: bool) -> set[str]:
        """A hyphenated word's keys also hold its parts' keys joined (Romanian articles go on
        the first part: ``Proiectul-pilot`` → ``proiect-pilot``)."""
        joined = {""}
        for part in (p for p in token.split("-") if p):
            keys = self.keys(part, every=every)
            joined = {f"{j}-{k}" if j else k for j in joined for k in keys}
            if len(joined) > _MAX_JOINED:
                break
        return joined

    def term_keys(self, word: str) -> frozenset[str]:
        """Keys of a glossary word: its own, and those of the word without a compound marker
        the language writes on base forms only (Turkish ``bakımı`` → ``bakım``)."""
        keys = self.keys(word, every=True)
        morph = self.morphology
        if morph is None or not morph.term_suffixes:
            return keys
        folded = _lower(word, self.lang)
        for end in sorted(morph.term_suffixes, key=len, reverse=True):
            if folded.endswith(end) and len(folded) - len(end) >= 3:
                return keys | self.keys(folded[:-len(end)], every=True)
        return keys


def has_library(lang: str) -> bool:
    """Whether terms of ``lang`` are matched by a field library (not ending lists only)."""
    language = lookup(lang)
    return language is not None and language.morphology.library
