"""The glossary as a CSV file (``glossary/terms.csv``; format in ``glossary/README.md``)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from subtool.core.errors import GlossaryError
from subtool.languages import DEFAULT_MASTER, validate_tag
from subtool.terms.glossary import FIXED_COLUMNS, STATUSES, Entry, Glossary


def split_cell(cell: str) -> tuple[str, ...]:
    """``"a | b"`` → ``("a", "b")``; empty parts are dropped."""
    if "|" not in cell:
        cell = cell.strip()
        return (cell,) if cell else ()
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _rows(reader: Iterator[list[str]], path: str) -> Iterator[list[str]]:
    """The reader's rows; what the csv module cannot read (a cell longer than its limit of
    128 KiB, which no term is, a quote in the wrong place) is a GlossaryError with the row."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = getattr(reader, "line_num", None)
            raise GlossaryError(f"cannot be read as CSV ({exc})", path=path, row=row,
                                hint="open it in a spreadsheet program and save it again as "
                                     "'CSV UTF-8'") from None


def parse_csv(text: str, *, path: str = "", source: str = DEFAULT_MASTER) -> Glossary:
    """Read the CSV glossary; any malformed row raises GlossaryError with row and column."""
    if text.startswith("\ufeff"):
        text = text[1:]  # spreadsheets save UTF-8 with a BOM
    # newline="": rows end at LF, CRLF or a lone CR (old Mac spreadsheets), as the csv
    # module expects; a line break inside a quoted cell stays part of the cell.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = _rows(reader, path)
    header, languages = _read_header(rows, path=path, source=source)
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for values in rows:
        row = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise GlossaryError(f"has {len(values)} cells, the header has {len(header)}",
                                path=path, row=row,
                                hint="a comma inside a cell needs the cell in double quotes")
        cells = dict(zip(header, values, strict=True))
        entry_id = _entry_id(cells, row, seen, path=path)
        seen[entry_id] = row
        entries.append(_entry(entry_id, cells, row, languages, source=source, path=path))
    return Glossary(tuple(entries), tuple(languages), source, path)


_HEADER_HINT = "the first row names the columns: id,status,de,…,note"


def _read_header(reader: Iterator[list[str]], *, path: str,
                 source: str) -> tuple[list[str], list[str]]:
    """(column names, language columns in order) from the first row, checked."""
    try:
        header = next(reader)
    except StopIteration:
        raise GlossaryError("the file is empty", path=path, hint=_HEADER_HINT) from None
    header = [h.strip() for h in header]
    for column in ("id", "status", source):
        if column not in header:
            raise GlossaryError(f"the header has no {column!r} column", path=path, row=1,
                                hint=_HEADER_HINT)
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
    return header, languages


def _entry_id(cells: dict[str, str], row: int, seen: dict[str, int], *, path: str) -> str:
    """The row's id, checked for its form and against the ids of the rows before it."""
    entry_id = cells["id"].strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entry_id):
        raise GlossaryError(f"id {entry_id!r} must be lower-case letters, digits and '-'",
                            path=path, row=row, column="id")
    if entry_id in seen:
        raise GlossaryError(f"id {entry_id!r} is already used in row {seen[entry_id]}",
                            path=path, row=row, column="id")
    return entry_id


def _entry(entry_id: str, cells: dict[str, str], row: int, languages: list[str], *,
           source: str, path: str) -> Entry:
    """The entry of one row (its id already checked); the other cells are checked here."""
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
    return Entry(entry_id, status, terms, use, compound == "yes",
                 cells.get("note", "").strip(), row)


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
