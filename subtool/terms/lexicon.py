"""The language tools of one run: word keys for terminology and spell checkers, per language.

A ``Lexicon`` opens each language's Hunspell dictionary once (for stems and spelling alike),
starts every language's word keys and spelling from the persistent cache of a ``WordStore``
(the project layer's files) and hands what it learned back in ``save()``. Without a store
everything stays in memory. Dictionaries are found by name (``de_DE``, ``en_GB``: the
language file's ``[spelling] dictionary``, or the project's choice) in ``dictionary_dirs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from subtool.languages import lookup, primary
from subtool.terms.morphology import DEFAULT_DICTIONARY_DIRS, WordKeys, WordStore, method_id
from subtool.terms.spelling import Speller, fold_accepted


class Lexicon:
    """Word keys and spellers per language, sharing dictionaries and caches."""

    def __init__(self, *, store: WordStore | None = None,
                 dictionary_dirs: tuple[str, ...] = DEFAULT_DICTIONARY_DIRS,
                 variants: Mapping[str, str] | None = None,
                 accepted: Mapping[str, frozenset[str]] | None = None,
                 common: frozenset[str] = frozenset(),
                 names: frozenset[str] = frozenset()) -> None:
        self.store = store
        self.dictionary_dirs = dictionary_dirs
        self.variants = dict(variants or {})
        self.accepted = dict(accepted or {})
        self.common = common
        self.names = names
        # The common words folded once per case rule (a glossary of 500 terms has some
        # 10,000 words in eleven languages).
        self._folded: dict[str, frozenset[str]] = {}
        self._keys: dict[str, WordKeys] = {}
        self._spellers: dict[str, Speller] = {}
        self._dictionaries: dict[str, Any] = {}
        # Languages whose missing dictionary was already reported in this run.
        self.reported: set[str] = set()

    def dictionary_name(self, lang: str) -> str:
        """The Hunspell dictionary for ``lang``: the project's variant, else the file's."""
        code = primary(lang)
        chosen = self.variants.get(lang) or self.variants.get(code)
        if chosen:
            return chosen
        language = lookup(lang)
        return language.spelling if language is not None else ""

    def dictionary(self, lang: str) -> Any:
        """The opened Hunspell dictionary of ``lang``, or None when it (or the Hunspell
        binding) is not installed."""
        name = self.dictionary_name(lang)
        if name not in self._dictionaries:
            self._dictionaries[name] = _open_hunspell(name, self.dictionary_dirs)
        return self._dictionaries[name]

    def _method(self, lang: str) -> str:
        return method_id(lang) + "|" + self.dictionary_name(lang)

    def word_keys(self, lang: str) -> WordKeys:
        """word → keys of ``lang``, from the cache first."""
        code = primary(lang)
        if code not in self._keys:
            known = self.store.load("morph", code, self._method(code)) if self.store else {}
            self._keys[code] = WordKeys(code, known, lambda: self.dictionary(code))
        return self._keys[code]

    def speller(self, lang: str) -> Speller:
        """The spell checker of ``lang``, from the cache first."""
        code = primary(lang)
        if code not in self._spellers:
            name = self.dictionary_name(lang)
            known = self.store.load("spell", code, name) if self.store else {}
            language = lookup(lang)
            rule = language.casefold_rule if language is not None else "default"
            fold = language.casefold if language is not None else str.casefold
            if rule not in self._folded:
                self._folded[rule] = fold_accepted(self.common, fold)
            accepted = self._folded[rule] | fold_accepted(
                self.accepted.get(code, frozenset()), fold)
            self._spellers[code] = Speller(code, lambda: self.dictionary(lang), accepted, known,
                                           self.names)
        return self._spellers[code]

    def save(self) -> None:
        """Hand the words learned in this run to the store (nothing without one)."""
        if self.store is None:
            return
        for code, keys in self._keys.items():
            if keys.learned:
                self.store.save("morph", code, self._method(code), keys.learned)
                keys.learned = {}
        for code, speller in self._spellers.items():
            if speller.learned:
                self.store.save("spell", code, self.dictionary_name(code), speller.learned)
                speller.learned = {}


def _open_hunspell(name: str, folders: tuple[str, ...]) -> Any:
    """A Hunspell dictionary by name from the first folder that has it, or None."""
    if not name:
        return None
    try:
        from hunspell import Hunspell  # noqa: PLC0415 - chunspell; loads only when needed
    except ImportError:
        return None
    for folder in folders:
        try:
            return Hunspell(name, hunspell_data_dir=folder)
        except OSError:  # HunspellFilePathError: no such dictionary in this folder
            continue
    return None


DEFAULT = Lexicon()
"""The in-memory lexicon used where no project supplies one (tests, library use)."""
