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
(``subtool.inflection``). ``compound = yes`` lets a German term match inside a longer word
(``Pflege`` in ``Tagespflege``). The index is built once per language, so a text is
tokenised once and each word costs a few dictionary look-ups, whatever the glossary's size.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from subtool.errors import SubtoolError
from subtool.fileio import read_bytes
from subtool.inflection import MIN_INFLECTED, endings, prefixes
from subtool.languages import primary, validate_tag
from subtool.model import Cue
from subtool.textutil import casefold, strip_markup

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
    source: str = "de"
    path: str = ""
    _cache: dict[str, Matcher] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def version(self) -> str:
        """A short content hash: changes whenever a term, status or note changes."""
        text = "\n".join(f"{e.id}\t{e.status}\t{sorted(e.terms.items())}\t{e.use}\t{e.compound}"
                         f"\t{e.note}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def by_status(self, *statuses: str) -> list[Entry]:
        """The entries with one of ``statuses``."""
        return [e for e in self.entries if e.status in statuses]

    def matcher(self, lang: str, statuses: Sequence[str]) -> Matcher:
        """A matcher for the forms of ``lang`` in entries of ``statuses`` (cached)."""
        key = f"{lang}|{','.join(statuses)}"
        if key not in self._cache:
            pairs = [(i, form) for i, e in enumerate(self.entries) if e.status in statuses
                     for form in e.forms(lang)]
            compounds = {i for i, e in enumerate(self.entries) if e.compound}
            self._cache[key] = Matcher(lang, pairs, compounds)
        return self._cache[key]


def split_cell(cell: str) -> tuple[str, ...]:
    """``"a | b"`` → ``("a", "b")``; empty parts are dropped."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_csv(text: str, *, path: str = "", source: str = "de") -> Glossary:
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
        cells = dict(zip(header, (v.strip() for v in values), strict=True))
        entry_id = cells["id"]
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entry_id):
            raise GlossaryError(f"id {entry_id!r} must be lower-case letters, digits and '-'",
                                path=path, row=row, column="id")
        if entry_id in seen:
            raise GlossaryError(f"id {entry_id!r} is already used in row {seen[entry_id]}",
                                path=path, row=row, column="id")
        seen[entry_id] = row
        status = cells["status"]
        if status not in STATUSES:
            raise GlossaryError(f"status {status!r} is not one of {', '.join(STATUSES)}",
                                path=path, row=row, column="status")
        terms = {lang: split_cell(cells[lang]) for lang in languages if split_cell(cells[lang])}
        if source not in terms:
            raise GlossaryError(f"the {source} term is empty", path=path, row=row, column=source)
        use = cells.get("use", "")
        if status in ("forbidden", "variant") and not use:
            raise GlossaryError(f"a {status} term needs the term to use instead", path=path,
                                row=row, column="use")
        compound = cells.get("compound", "").lower()
        if compound not in ("", "yes", "no"):
            raise GlossaryError(f"compound must be yes, no or empty, not {compound!r}",
                                path=path, row=row, column="compound")
        entries.append(Entry(entry_id, status, terms, use, compound == "yes",
                             cells.get("note", ""), row))
    return Glossary(tuple(entries), tuple(languages), source, path)


def to_csv(glossary: Glossary) -> str:
    """Write the glossary in its CSV format (the inverse of ``parse_csv``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "status", *glossary.languages, "use", "compound", "note"])
    for e in glossary.entries:
        writer.writerow([e.id, e.status, *(" | ".join(e.forms(lang)) for lang in glossary.languages),
                         e.use, "yes" if e.compound else "", e.note])
    return buffer.getvalue()


# --- matching ---------------------------------------------------------------------------

# A word: letters and digits, joined by hyphens, apostrophes and the gender marks that
# German writes inside words (Senior:innen, Innenstadt-West, Dortmund'da).
_TOKEN = re.compile(r"[^\W_]+(?:(?:[-'’:*_/·]|/-)[^\W_]+)*")
_ACCENTS = {"el", "ar"}
_CEDILLA = str.maketrans("şţŞŢ", "șțȘȚ")


@lru_cache(maxsize=65536)
def normalise(text: str, lang: str) -> str:
    """The form of ``text`` used for matching in ``lang``."""
    text = casefold(text, lang)
    if lang in _ACCENTS:
        text = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                           if unicodedata.category(c) != "Mn"))
    if lang == "ro":
        text = text.translate(_CEDILLA)
    return text


def tokens(text: str, lang: str) -> list[str]:
    """The normalised words of ``text`` (markup removed, line breaks are spaces)."""
    return _TOKEN.findall(normalise(strip_markup(text), lang))


@dataclass(frozen=True)
class _Form:
    entry: int
    words: tuple[str, ...]
    stems: tuple[bool, ...]


class Matcher:
    """Finds which entries' forms occur in a text of one language."""

    def __init__(self, lang: str, forms: Iterable[tuple[int, str]],
                 compounds: set[int] | frozenset[int] = frozenset()) -> None:
        self.lang = primary(lang)
        self.endings = endings(self.lang)
        self.ending_set = frozenset(self.endings)
        self.prefixes = prefixes(self.lang)
        self.index: dict[str, list[_Form]] = {}
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
            self.index.setdefault(words[0], []).append(_Form(entry, words, stems))
            if entry in compounds and len(words) == 1:
                compound_keys[words[0]] = entry
        self.compound_re = re.compile("|".join(
            re.escape(k) for k in sorted(compound_keys, key=len, reverse=True))) \
            if compound_keys else None
        self.compound_entry = compound_keys

    def _word_matches(self, token: str, word: str, stem: bool) -> bool:
        for candidate in self._cores(token):
            if candidate == word and not stem:
                return True
            if candidate.startswith(word):
                rest = candidate[len(word):]
                if (stem and (not rest or rest in self.ending_set)) or (
                        len(word) >= MIN_INFLECTED and rest in self.ending_set):
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

    def _keys(self, token: str) -> set[str]:
        keys = set()
        for core in self._cores(token):
            keys.add(core)
            for ending in self.endings:
                if core.endswith(ending) and len(core) > len(ending):
                    keys.add(core[:-len(ending)])
        return keys

    def find(self, text: str) -> set[int]:
        """Indices of the entries with a form in ``text``."""
        words = tokens(text, self.lang)
        found: set[int] = set()
        for i, token in enumerate(words):
            for key in self._keys(token):
                for form in self.index.get(key, ()):
                    if form.entry in found or i + len(form.words) > len(words):
                        continue
                    if all(self._word_matches(words[i + j], w, s)
                           for j, (w, s) in enumerate(zip(form.words, form.stems, strict=True))):
                        found.add(form.entry)
        if self.compound_re is not None:
            for m in self.compound_re.finditer(" ".join(words)):
                found.add(self.compound_entry[m.group(0)])
        return found

    def find_in_cues(self, cues: Sequence[Cue]) -> list[set[int]]:
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
        text = v.pattern.sub(lambda m, use=v.use: _keep_case(m.group(0), use)
                             + (m.group("end") or ""), text)
    return text


def _keep_case(found: str, use: str) -> str:
    # "SENIOR*INNEN" in a title stays capitals; otherwise the preferred spelling as written.
    return use.upper() if found.isupper() and len(found) > 1 else use


def load(path: Path, *, source: str = "de") -> Glossary:
    """Read a glossary file (CSV, or TBX by extension); errors name row and column."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise GlossaryError("is not UTF-8 text", path=str(path), row=row,
                            hint="save it as 'CSV UTF-8' in the spreadsheet program") from None
    if path.suffix.lower() in (".tbx", ".xml"):
        from subtool.tbx import parse_tbx  # noqa: PLC0415

        return parse_tbx(text, path=str(path), source=source)
    return parse_csv(text, path=str(path), source=source)
