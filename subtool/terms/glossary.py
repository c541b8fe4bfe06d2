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
harakat), Unicode-normalised, on word boundaries, across line breaks, with inflection
(``subtool.terms.inflection``). ``compound = yes`` lets a German term match inside a longer word
(``Pflege`` in ``Tagespflege``). The index is built once per language, so a text is
tokenised once and each word costs a few dictionary look-ups, whatever the glossary's size.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from subtool.core.errors import SubtoolError
from subtool.core.model import Cue
from subtool.core.text import strip_markup
from subtool.languages import DEFAULT_MASTER, casefold, lookup, primary, validate_tag
from subtool.project.files import read_bytes
from subtool.terms.inflection import MIN_INFLECTED, endings, prefixes

STATUSES = ("approved", "do-not-translate", "forbidden", "variant")
FIXED_COLUMNS = ("id", "status", "use", "compound", "note")
# Spellings of gender-inclusive German that the house style (the colon) replaces.
GENDER_MARKS = ("*", "_", "/", "·", "/-")


class GlossaryError(SubtoolError):
    """The glossary file is malformed; names the row (file line) and the column."""

    def __init__(self, message: str, *, path: str | None, row: int | None = None,
                 column: str | None = None, hint: str = "") -> None:
        where = f"row {row}" + (f", column {column!r}" if column else "") if row else ""
        super().__init__(f"{where}: {message}" if where else message, path=path, line=row,
                         hint=hint)
        self.row = row
        self.column = column


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
    _cache: dict[tuple[str, frozenset[int] | None, frozenset[int]], Matcher] = field(
        default_factory=dict, compare=False, repr=False)
    _sets: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def version(self) -> str:
        """A short content hash: changes whenever a term, status or note changes."""
        text = "\n".join(f"{e.id}\t{e.status}\t{sorted(e.terms.items())}\t{e.use}\t{e.compound}"
                         f"\t{e.note}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def by_status(self, *statuses: str) -> list[Entry]:
        """The entries with one of ``statuses``."""
        return [e for e in self.entries if e.status in statuses]

    def matcher(self, lang: str, only: frozenset[int] | None = None,
                also_source: frozenset[int] = frozenset()) -> Matcher:
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
            compounds = {i for i in chosen if self.entries[i].compound}
            self._cache[key] = Matcher(lang, pairs, compounds)
        return self._cache[key]

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
        source = self.source
        if prefixes(source):
            return self.matcher(source).find_in_cues(cues)
        heads: set[str] = set()
        for cue in cues:
            for token in tokens(cue.text, source):
                for part in _PARTS.split(token):
                    heads.update(part[:n] for n in range(1, _HEAD + 1))
        plausible = frozenset(
            i for i, e in enumerate(self.entries)
            if e.compound or any(_first_head(form, source) in heads for form in e.forms(source)))
        return self.matcher(source, plausible).find_in_cues(cues)

    def with_status(self, found: set[int], statuses: Sequence[str]) -> set[int]:
        """The entries of ``found`` whose status is one of ``statuses``."""
        return {i for i in found if self.entries[i].status in statuses}


def split_cell(cell: str) -> tuple[str, ...]:
    """``"a | b"`` → ``("a", "b")``; empty parts are dropped."""
    if "|" not in cell:
        cell = cell.strip()
        return (cell,) if cell else ()
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_csv(text: str, *, path: str = "", source: str = DEFAULT_MASTER) -> Glossary:
    """Read the CSV glossary; any malformed row raises GlossaryError with row and column."""
    if text.startswith("\ufeff"):
        text = text[1:]  # spreadsheets save UTF-8 with a BOM
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise GlossaryError("the file is empty", path=path,
                            hint="the first row names the columns: id,status,de,…,note") from None
    header = [h.strip() for h in header]
    for column in ("id", "status", source):
        if column not in header:
            raise GlossaryError(f"the header has no {column!r} column", path=path, row=1,
                                hint="the first row names the columns: id,status,de,…,note")
    languages = []
    for column in header:
        if column in FIXED_COLUMNS:
            continue
        if validate_tag(column):
            raise GlossaryError(f"unknown column {column!r}: not a setting and not a language "
                                "tag", path=path, row=1, column=column,
                                hint="columns: id, status, use, compound, note, and language "
                                     "tags such as de, en, tr")
        languages.append(column)
    if len(set(header)) != len(header):
        raise GlossaryError("a column name appears twice", path=path, row=1)
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for values in reader:
        row = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise GlossaryError(f"has {len(values)} cells, the header has {len(header)}",
                                path=path, row=row,
                                hint="a comma inside a cell needs the cell in double quotes")
        cells = dict(zip(header, values, strict=True))
        entry_id = cells["id"].strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entry_id):
            raise GlossaryError(f"id {entry_id!r} must be lower-case letters, digits and '-'",
                                path=path, row=row, column="id")
        if entry_id in seen:
            raise GlossaryError(f"id {entry_id!r} is already used in row {seen[entry_id]}",
                                path=path, row=row, column="id")
        seen[entry_id] = row
        status = cells["status"].strip()
        if status not in STATUSES:
            raise GlossaryError(f"status {status!r} is not one of {', '.join(STATUSES)}",
                                path=path, row=row, column="status")
        terms = {}
        for lang in languages:
            forms = split_cell(cells[lang])
            if forms:
                terms[lang] = forms
        if source not in terms:
            raise GlossaryError(f"the {source} term is empty", path=path, row=row, column=source)
        use = cells.get("use", "").strip()
        if status in ("forbidden", "variant") and not use:
            raise GlossaryError(f"a {status} term needs the term to use instead", path=path,
                                row=row, column="use")
        compound = cells.get("compound", "").strip().lower()
        if compound not in ("", "yes", "no"):
            raise GlossaryError(f"compound must be yes, no or empty, not {compound!r}",
                                path=path, row=row, column="compound")
        entries.append(Entry(entry_id, status, terms, use, compound == "yes",
                             cells.get("note", "").strip(), row))
    return Glossary(tuple(entries), tuple(languages), source, path)


def to_csv(glossary: Glossary) -> str:
    """Write the glossary in its CSV format (the inverse of ``parse_csv``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "status", *glossary.languages, "use", "compound", "note"])
    for e in glossary.entries:
        cells = (" | ".join(e.forms(lang)) for lang in glossary.languages)
        writer.writerow([e.id, e.status, *cells, e.use, "yes" if e.compound else "", e.note])
    return buffer.getvalue()


# --- matching ---------------------------------------------------------------------------

# A word: letters and digits, joined by hyphens, apostrophes and the gender marks that
# German writes inside words (Senior:innen, Innenstadt-West, Dortmund'da).
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
        self.endings = tuple(dict.fromkeys(normalise(e, self.lang) for e in endings(self.lang)))
        self.ending_set = frozenset(self.endings)
        self.prefixes = tuple(dict.fromkeys(normalise(p, self.lang) for p in prefixes(self.lang)))
        # Ending lengths, longest first: a word's endings are found by slicing, not by
        # testing every ending of the language.
        self.ending_lengths = sorted({len(e) for e in self.endings}, reverse=True)
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

    def _strip_endings(self, word: str, keep: int) -> list[str]:
        """``word`` without each of its endings that leaves at least ``keep`` characters."""
        ends = self.ending_set
        return [word[:-n] for n in self.ending_lengths
                if len(word) - n >= keep and word[-n:] in ends]

    def _alternatives(self, word: str) -> frozenset[str]:
        return frozenset([word, *self._strip_endings(word, MIN_INFLECTED)])

    def _word_matches(self, token: str, alts: frozenset[str], word: str, stem: bool) -> bool:
        for candidate in self._cores(token):
            if candidate == word and not stem:
                return True
            for alt in alts:
                if not candidate.startswith(alt):
                    continue
                rest = candidate[len(alt):]
                if stem and (not rest or rest in self.ending_set):
                    return True
                if not stem and len(alt) >= MIN_INFLECTED and (
                        not rest or rest in self.ending_set):
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
            return {token, *self._strip_endings(token, 1)}
        keys = set()
        for core in self._cores(token):
            if core[:_HEAD] not in heads and not any(core[:n] in heads for n in self.short_heads):
                continue
            keys.add(core)
            keys.update(self._strip_endings(core, 1))
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


# --- house style ------------------------------------------------------------------------

@dataclass(frozen=True)
class StyleVariant:
    """A spelling the house style replaces: ``pattern`` finds it, ``use`` replaces it."""

    entry: str
    pattern: re.Pattern[str]
    use: str


def house_style(glossary: Glossary) -> list[StyleVariant]:
    """The master's spelling variants: ``variant`` rows, and gender-form spellings.

    Every approved German term written with the colon (``Senior:innen``) makes its star,
    underscore, slash, middle-dot and capital-I spellings (``Senior*innen``, ``SeniorInnen``)
    house-style variants of it. Inflection endings after the variant are kept.
    """
    source = glossary.source
    ends = "|".join(re.escape(e) for e in endings(source))
    out = []
    for e in glossary.entries:
        if e.status == "variant":
            for form in e.forms(source):
                out.append(StyleVariant(e.id, re.compile(
                    rf"(?<![\w:*_/·])(?i:{re.escape(form)})(?P<end>{ends})?(?![\w:*_/·])"),
                    e.use))
        elif e.status in ("approved", "do-not-translate"):
            for form in e.forms(source):
                if ":innen" not in form:
                    continue
                stem = form[:form.index(":innen")]
                marks = "|".join(re.escape(m) for m in GENDER_MARKS)
                out.append(StyleVariant(e.id, re.compile(
                    rf"(?<![\w:*_/·])(?i:{re.escape(stem)})(?:(?:{marks})(?i:innen)|Innen)"
                    rf"(?P<end>{ends})?(?![\w:*_/·])"), form))
    return out


def apply_house_style(text: str, variants: Sequence[StyleVariant]) -> str:
    """``text`` with every house-style variant replaced by the preferred spelling."""
    for v in variants:
        text = v.pattern.sub(_replacement(v.use), text)
    return text


def _replacement(use: str) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        found = m.group(0)[: len(m.group(0)) - len(m.group("end") or "")]
        return _keep_case(found, use) + (m.group("end") or "")
    return replace


def _keep_case(found: str, use: str) -> str:
    # "SENIOR*INNEN" in a title stays capitals; otherwise the preferred spelling as written.
    return use.upper() if found.isupper() and len(found) > 1 else use


def load(path: Path, *, source: str = DEFAULT_MASTER, languages: Sequence[str] = ()) -> Glossary:
    """Read a glossary file (CSV, or TBX by extension); errors name row and column.

    ``languages`` (the project's) lets a TBX file's regional tags (``en-US``) map to them.
    """
    data = read_bytes(path)
    try:
        # MultiTerm and other CAT tools often save TBX as UTF-16 with a byte order mark.
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise GlossaryError("is not UTF-8 text", path=str(path), row=row,
                            hint="save it as 'CSV UTF-8' in the spreadsheet program") from None
    if path.suffix.lower() in (".tbx", ".xml"):
        from subtool.terms.tbx import parse_tbx  # noqa: PLC0415

        return parse_tbx(text, path=str(path), source=source, languages=tuple(languages))
    return parse_csv(text, path=str(path), source=source)
