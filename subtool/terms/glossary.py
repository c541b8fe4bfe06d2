"""Terminology: the glossary file, and matching its terms in text of every language.

File format (``glossary/terms.csv``, documented for staff in ``glossary/README.md``): one row
per concept with the columns ``id``, ``status``, one column per language (``de`` first, the
master's language), ``use``, ``compound``, ``note``. A language cell holds one or more forms
separated by `` | ``; the first is the preferred base form. Status is ``approved``,
``do-not-translate`` (names: the German form, or the cell's per-language spelling),
``forbidden`` (never use; ``use`` names the term to use instead) or ``variant`` (a spelling
the house style replaces by ``use``).

Matching is case-insensitive with each language's rules (Turkish dotted/dotless i, German
ß, Greek final sigma; Greek also ignores accents, which capitals drop, and Arabic ignores
harakat), Unicode-normalised, on word boundaries, across line breaks. Approved and forbidden
terms are found by lemma where a field library serves the language
(``subtool.terms.morphology``), so the glossary holds base forms; names (do-not-translate)
and house-style variants by the language's endings (``subtool.terms.inflection``).
``compound = yes`` lets a German term match as the head of a longer word (``Pflege`` in
``Tagespflege``). The index is built once per language, so a text is tokenised once and
each word costs a few dictionary look-ups, whatever the glossary's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from subtool.core.errors import GlossaryError
from subtool.core.model import Cue
from subtool.languages import DEFAULT_MASTER, primary
from subtool.terms.match import _HEAD, LemmaMatcher, Matcher, Matchers, normalise, raw_tokens

if TYPE_CHECKING:
    from subtool.terms.lexicon import Lexicon

STATUSES = ("approved", "do-not-translate", "forbidden", "variant")
FIXED_COLUMNS = ("id", "status", "use", "compound", "note")
# Statuses whose terms are found by lemma; names and house-style variants are spellings.
BY_LEMMA = ("approved", "forbidden")
# Spellings of gender-inclusive German that the house style (the colon) replaces.
GENDER_MARKS = ("*", "_", "/", "·", "/-")

__all__ = ["FIXED_COLUMNS", "GENDER_MARKS", "STATUSES", "Entry", "Glossary", "GlossaryError"]


@dataclass(frozen=True)
class Entry:
    """One concept: its status and its forms per language (``de`` included)."""

    id: str
    status: str
    terms: Mapping[str, tuple[str, ...]]
    use: str = ""
    compound: bool = False
    note: str = ""
    row: int = 0

    def forms(self, lang: str) -> tuple[str, ...]:
        """The forms of this concept in ``lang`` (empty when the cell is empty)."""
        return self.terms.get(lang, ())


@dataclass(frozen=True)
class Glossary:
    """A loaded glossary. ``source`` is the master's language."""

    entries: tuple[Entry, ...]
    languages: tuple[str, ...]
    source: str = DEFAULT_MASTER
    path: str = ""
    # The language tools (word keys, spelling) and their caches; None: the in-memory default.
    lexicon: Lexicon | None = field(default=None, compare=False, repr=False)
    _cache: dict[tuple[str, frozenset[int] | None, frozenset[int]], Matchers] = field(
        default_factory=dict, compare=False, repr=False)
    _sets: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)
    # find_in_source per master text: every translated track asks for the same master.
    _source_hits: dict[tuple[str, ...], list[frozenset[int]]] = field(
        default_factory=dict, compare=False, repr=False)

    @cached_property
    def version(self) -> str:
        """A short content hash: changes whenever a term, status or note changes."""
        text = "\n".join(f"{e.id}\t{e.status}\t{sorted(e.terms.items())}\t{e.use}\t{e.compound}"
                         f"\t{e.note}" for e in self.entries)
        import hashlib  # noqa: PLC0415 - translation only; OpenSSL's 3 ms stay out of a check

        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def tools(self) -> Lexicon:
        """The lexicon this glossary matches with (the project's, or the default)."""
        if self.lexicon is not None:
            return self.lexicon
        from subtool.terms.lexicon import DEFAULT  # noqa: PLC0415

        return DEFAULT

    def matcher(self, lang: str, only: frozenset[int] | None = None,
                also_source: frozenset[int] = frozenset()) -> Matchers:
        """The matcher for the forms of ``lang`` (of the entries ``only``, if given); cached.

        ``also_source`` adds the master-language forms of those entries (names, which a
        translation may keep as written in the master). ``Matcher.find`` returns entry
        indices of every status; callers keep the statuses they need. Translations are
        searched only for the concepts their master uses, so a large glossary costs little
        more than the terms the film actually contains.
        """
        key = (lang, only, also_source)
        if key not in self._cache:
            chosen = range(len(self.entries)) if only is None else sorted(only)
            pairs = [(i, form) for i in chosen for form in self.entries[i].forms(lang)]
            if lang != self.source:
                pairs += [(i, form) for i in sorted(also_source)
                          for form in self.entries[i].forms(self.source)]
            # compound = yes is a property of the German (master) term: Pflege in Tagespflege.
            compounds = {i for i in chosen if self.entries[i].compound} \
                if primary(lang) == primary(self.source) else set()
            self._cache[key] = self._build(lang, pairs, compounds)
        return self._cache[key]

    def _build(self, lang: str, pairs: list[tuple[int, str]], compounds: set[int]) -> Matchers:
        """Lemma matching for approved and forbidden terms where a library serves ``lang``;
        ending rules for the rest."""
        from subtool.terms.morphology import has_library  # noqa: PLC0415

        if not has_library(lang):
            return Matchers(Matcher(lang, pairs, compounds))
        by_lemma = [(i, f) for i, f in pairs if self.entries[i].status in BY_LEMMA]
        spelled = [(i, f) for i, f in pairs if self.entries[i].status not in BY_LEMMA]
        keys = self.tools().word_keys(lang)
        # A matcher with no form to find would still split every cue into words.
        return Matchers(*([LemmaMatcher(lang, by_lemma, keys, compounds)] if by_lemma else []),
                        *([Matcher(lang, spelled, compounds)] if spelled else []))

    def status_set(self, *statuses: str) -> frozenset[int]:
        """Indices of the entries with one of ``statuses`` (cached)."""
        key = ",".join(statuses)
        if key not in self._sets:
            self._sets[key] = frozenset(i for i, e in enumerate(self.entries)
                                        if e.status in statuses)
        return self._sets[key]

    def find_in_source(self, cues: Sequence[Cue]) -> list[frozenset[int]]:
        """Concepts per cue of a master-language track, indexing only plausible forms.

        A form can only occur if the opening letters of its first word occur in the text,
        so a large glossary is narrowed to the few concepts a film can contain before any
        index is built (compound terms, found inside words, are always kept).
        """
        texts = tuple(cue.text for cue in cues)
        known = self._source_hits.get(texts)
        if known is None:
            known = self._source_hits[texts] = self._find_in_source(cues)
        return known

    def _find_in_source(self, cues: Sequence[Cue]) -> list[frozenset[int]]:
        from subtool.terms.morphology import has_library  # noqa: PLC0415

        source = self.source
        if not has_library(source):
            return self.matcher(source).find_in_cues(cues)
        # A form's first word shares its first letters with one of the keys of the text's
        # words (the word itself, its lemma: Sozialämter → Sozialamt).
        keys = self.tools().word_keys(source)
        heads: set[str] = set()
        for cue in cues:
            for token in raw_tokens(cue.text):
                for key in keys.keys(token):
                    heads.update(key[:n] for n in range(1, _HEAD + 1))
                    heads.update(part[:_HEAD] for part in key.split("-"))
        plausible = frozenset(
            i for i, e in enumerate(self.entries)
            if e.compound or any(_first_head(form, source) in heads for form in e.forms(source)))
        return self.matcher(source, plausible).find_in_cues(cues)

    def all_words(self) -> frozenset[str]:
        """Every word of every form, in every language and status (spelling accepts them)."""
        return frozenset(word for e in self.entries for forms in e.terms.values()
                         for form in forms for word in raw_tokens(form.replace("~", "")))

    def name_words(self) -> frozenset[str]:
        """Every word of the do-not-translate forms (names), in every language."""
        return frozenset(word for e in self.entries if e.status == "do-not-translate"
                         for forms in e.terms.values() for form in forms
                         for word in raw_tokens(form.replace("~", "")))

    def with_status(self, found: set[int], statuses: Sequence[str]) -> set[int]:
        """The entries of ``found`` whose status is one of ``statuses``."""
        return {i for i in found if self.entries[i].status in statuses}


def _first_head(form: str, lang: str) -> str:
    """The first letters of a form's first word, in matching form."""
    words = raw_tokens(form.replace("~", ""))
    return normalise(words[0], lang)[:_HEAD] if words else ""
