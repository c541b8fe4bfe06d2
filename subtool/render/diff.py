"""Render the differences between two versions of a track (``subtool.engine.diff``):
terminal, JSON, Markdown and a printable, self-contained HTML page."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from subtool.core.model import Cue
from subtool.core.timecode import format_short
from subtool.engine.diff import DELETE, EQUAL, INSERT, KINDS, Change, Kind, Segment, TrackDiff
from subtool.languages import is_rtl
from subtool.languages.i18n import _
from subtool.render import page
from subtool.render.escape import markdown, terminal

_TITLES = {Kind.ADDED: "Added", Kind.REMOVED: "Removed", Kind.REWORDED: "Reworded",
           Kind.RETIMED: "Retimed", Kind.SPLIT: "Split", Kind.MERGED: "Merged"}


def counts(changes: Iterable[Change]) -> dict[str, int]:
    """Number of changes per kind, every kind present, in :data:`KINDS` order."""
    found = {kind.value: 0 for kind in KINDS}
    for change in changes:
        found[change.kind.value] = found.get(change.kind.value, 0) + 1
    return found


def summary(changes: Sequence[Change], unchanged: int | None = None) -> str:
    """``1 added, 0 removed, 2 reworded, …`` and, when known, ``…, 110 unchanged``."""
    parts = [f"{n} {kind}" for kind, n in counts(changes).items()]
    if unchanged is not None:
        parts.append(f"{unchanged} unchanged")
    return ", ".join(parts)


def _numbers(numbers: Sequence[int]) -> str:
    """``12``, ``12–14`` for a run, ``12, 15`` otherwise; ``–`` for none."""
    if not numbers:
        return "–"
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def _span(start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return ""
    return f"{format_short(start)}–{format_short(end)}"


def where(numbers: Sequence[int], cues: Sequence[Cue]) -> str:
    """Cue number and times of each cue of one side, one line per cue.

    ``12 · 0:41.200–0:45.000``; empty for no cues.
    """
    return "\n".join(f"{n} · {_span(c.start, c.end)}" for n, c in zip(numbers, cues, strict=True))


def _side(words: Iterable[Segment], keep: str) -> tuple[Segment, ...]:
    """One side of a word diff: ``equal`` plus ``keep`` (``delete`` or ``insert``)."""
    return tuple((op, text) for op, text in words if op in (EQUAL, keep))


def by_cue(segments: Sequence[Segment], texts: Sequence[str]) -> tuple[tuple[Segment, ...], ...]:
    """Cut one side's segments at the cue boundaries: one tuple of segments per cue.

    ``segments`` joined must be ``"\\n".join(texts)`` (a side of a :class:`Change`); the
    joining line breaks are dropped, so a split shows where the cut is.
    """
    cuts: list[int] = []
    pos = 0
    for text in texts[:-1]:
        pos += len(text)
        cuts.append(pos)
        pos += 1
    blocks: list[list[Segment]] = [[]] if texts else []
    pos = k = 0
    for op, text in segments:
        i = 0
        while k < len(cuts) and cuts[k] < pos + len(text):
            if cuts[k] - pos > i:
                blocks[-1].append((op, text[i:cuts[k] - pos]))
            blocks.append([])
            i = cuts[k] - pos + 1
            k += 1
        if i < len(text):
            blocks[-1].append((op, text[i:]))
        pos += len(text)
    return tuple(tuple(block) for block in blocks)


# ----------------------------------------------------------------------------- terminal

_RED, _GREEN, _YELLOW, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[1m", "\x1b[0m"
_RED_BG, _GREEN_BG = "\x1b[41m", "\x1b[42m"
_KIND_COLOUR = {Kind.ADDED: _GREEN, Kind.REMOVED: _RED}


def _term_text(text: str) -> str:
    # Control characters are shown as escapes (render.escape); line breaks as " / ", the
    # usual mark in scripts.
    return terminal(text.replace("\r\n", "\n")).replace("\n", " / ")


def render_terminal(changes: Sequence[Change], *, color: bool, old_name: str, new_name: str,
                    unchanged: int | None = None) -> str:
    """A ``git diff --word-diff`` style listing: per change a heading and the merged text.

    Without colour, deletions are marked ``[-…-]`` and insertions ``{+…+}``; with colour,
    deletions are red and insertions green (whitespace-only ones on a red or green
    background so that a removed space stays visible).
    """
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out = [paint(f"--- {_term_text(old_name)}", _BOLD), paint(f"+++ {_term_text(new_name)}", _BOLD)]
    width = max(len(k.value) for k in KINDS)
    for change in changes:
        spans = [_span(change.old_start, change.old_end), _span(change.new_start, change.new_end)]
        times = " → ".join(dict.fromkeys(s for s in spans if s))  # once when unchanged
        head = (f"{paint(change.kind.value.ljust(width), _KIND_COLOUR.get(change.kind, _YELLOW))}"
                f"  {_numbers(change.old_numbers)} → {_numbers(change.new_numbers)}  {times}")
        body = []
        for op, text in change.words:
            shown = _term_text(text)
            if op == EQUAL:
                body.append(shown)
            elif color:
                code = {DELETE: _RED, INSERT: _GREEN}[op]
                if text.isspace():
                    code = {DELETE: _RED_BG, INSERT: _GREEN_BG}[op]
                body.append(f"{code}{shown}{_RESET}")
            else:
                body.append(f"[-{shown}-]" if op == DELETE else f"{{+{shown}+}}")
        out.extend([head, f"    {''.join(body)}"])
    if not changes:
        out.append("no differences")
    out.append(summary(changes, unchanged))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------- JSON


def change_dict(change: Change) -> dict[str, object]:
    """One change as the JSON object of :func:`render_json` (keys in a fixed order)."""
    return {
        "kind": change.kind.value,
        "old_cues": list(change.old_numbers),
        "new_cues": list(change.new_numbers),
        "old_start": change.old_start,
        "old_end": change.old_end,
        "new_start": change.new_start,
        "new_end": change.new_end,
        "old_text": change.old_text,
        "new_text": change.new_text,
        "words": [[op, text] for op, text in change.words],
    }


def render_json(changes: Sequence[Change], *, old_name: str, new_name: str,
                unchanged: int | None = None) -> str:
    """One JSON object: ``old``, ``new``, ``summary`` (counts per kind) and ``changes``.

    Each change has exactly the keys ``kind``, ``old_cues``, ``new_cues`` (1-based cue
    numbers), ``old_start``, ``old_end``, ``new_start``, ``new_end`` (milliseconds, null for
    an empty side), ``old_text``, ``new_text`` and ``words`` (``[op, text]`` pairs).
    """
    totals: dict[str, int | None] = dict(counts(changes))
    totals["unchanged"] = unchanged
    doc = {"old": old_name, "new": new_name, "summary": totals,
           "changes": [change_dict(c) for c in changes]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------- generic table rows


@dataclass(frozen=True, slots=True)
class Column:
    """A text column of a diff table: its heading and the language of its texts.

    ``rtl`` None means: from the language (:func:`subtool.languages.is_rtl`).
    """

    heading: str
    lang: str
    rtl: bool | None = None

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, for the ``dir`` attribute."""
        rtl = is_rtl(self.lang) if self.rtl is None else self.rtl
        return "rtl" if rtl else "ltr"


@dataclass(frozen=True, slots=True)
class Cell:
    """One column's content in a row.

    ``where`` has a line per cue (:func:`where`); ``blocks`` the text of each cue as
    ``(op, text)`` segments (:func:`word_diff`, cut by :func:`by_cue`); ``retimed`` marks
    times that changed. A side without cues is ``Cell()``.
    """

    where: str = ""
    blocks: tuple[tuple[Segment, ...], ...] = ()
    retimed: bool = False


def text_cell(numbers: Sequence[int], cues: Sequence[Cue]) -> Cell:
    """A cell showing cues as they are (no changes marked): a translation, for example."""
    return Cell(where(numbers, cues), tuple(((EQUAL, c.text),) if c.text else ()
                                            for c in cues))


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a diff table: a kind (``added``, … or a report's own) and a cell per column;
    ``label`` is the kind as shown (default: the kind itself)."""

    kind: str
    cells: tuple[Cell, ...]
    label: str = ""


def diff_rows(changes: Iterable[Change]) -> list[Row]:
    """A row per change with two cells, old | new: deletions on the old side, insertions
    on the new side, each cue of a split or merge in its own block."""
    rows = []
    for c in changes:
        old = Cell(where(c.old_numbers, c.old_cues),
                   by_cue(_side(c.words, DELETE), [x.text for x in c.old_cues]), c.retimed)
        new = Cell(where(c.new_numbers, c.new_cues),
                   by_cue(_side(c.words, INSERT), [x.text for x in c.new_cues]), c.retimed)
        rows.append(Row(c.kind.value, (old, new)))
    return rows


def _sections(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped by kind: the known kinds in :data:`KINDS` order, then any others."""
    order = [k.value for k in KINDS]
    order += sorted({r.kind for r in rows} - set(order))
    return [(kind, [r for r in rows if r.kind == kind]) for kind in order
            if any(r.kind == kind for r in rows)]


def _title(kind: str) -> str:
    known = {k.value: k for k in Kind}
    return _TITLES[known[kind]] if kind in known else kind.capitalize()


# ------------------------------------------------------------------------------ Markdown

# Every text from a file goes through the one Markdown escape (render.escape.markdown).
escape_markdown = markdown


def _md_segments(segments: Iterable[Segment]) -> str:
    out = []
    for op, text in segments:
        if op == EQUAL:
            out.append(escape_markdown(text))
            continue
        mark = "~~" if op == DELETE else "**"
        if text.isspace():
            # A changed line break or space is invisible unless marked.
            shown = "↵" * text.count("\n") or "␣"
            out.append(f"{mark}{shown}{mark}" + "<br>" * text.count("\n"))
            continue
        # Emphasis only works when the markers touch words ("** x**" is not bold), so
        # surrounding whitespace stays outside, and each line is marked on its own.
        lines = []
        for line in text.split("\n"):
            stripped = line.strip()
            lead = line[: len(line) - len(line.lstrip())] if stripped else line
            trail = line[len(line.rstrip()):] if stripped else ""
            lines.append(f"{lead}{mark}{escape_markdown(stripped)}{mark}{trail}" if stripped
                         else lead)
        out.append("<br>".join(lines))
    return "".join(out)


def _md_cell(cell: Cell) -> str:
    where_text = escape_markdown(cell.where)
    if cell.retimed and where_text:
        where_text = "<br>".join(f"**{line}**" for line in where_text.split("<br>"))
    # A blank line between cues, as in an SRT file.
    return f"{where_text} | " + "<br><br>".join(_md_segments(b) for b in cell.blocks)


def render_markdown_rows(rows: Sequence[Row], columns: Sequence[Column], *, heading: str,
                         summary_line: str) -> str:
    """Markdown with one table per kind; per column a ``cue`` cell and a text cell.

    Deleted words are ``~~struck~~``, inserted words **bold**; every subtitle text is
    escaped, so a ``|`` or ``<i>`` in a subtitle stays text.
    """
    out = [heading, "", summary_line, ""]
    head = "| " + " | ".join(f"cue | {escape_markdown(c.heading)}" for c in columns) + " |"
    rule = "|" + "---|" * (2 * len(columns))
    for kind, members in _sections(rows):
        out += [f"### {escape_markdown(_title(kind))} ({len(members)})", "", head, rule]
        for row in members:
            out.append("| " + " | ".join(_md_cell(cell) for cell in row.cells) + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_markdown(changes: Sequence[Change], *, old_name: str, new_name: str,
                    unchanged: int | None = None) -> str:
    """A pull-request comment: a summary and one table per kind of change, old | new."""
    heading = f"## Subtitle changes: {escape_markdown(old_name)} → {escape_markdown(new_name)}"
    line = summary(changes, unchanged) if changes else (
        f"No differences ({summary(changes, unchanged)}).")
    columns = (Column(old_name, ""), Column(new_name, ""))
    return render_markdown_rows(diff_rows(changes), columns, heading=heading, summary_line=line)


# ---------------------------------------------------------------------------------- HTML

CSS = """
.files, .summary { margin: .25rem 0; }
.summary { font-weight: 600; }
table.diff { width: 100%; margin-top: 1rem; }
td.kind, td.where { white-space: nowrap; font-size: .85rem; }
td.where { font-family: ui-monospace, monospace; color: #444; }
td.text { width: 40%; }
td.where.retimed { color: #7d4e00; font-weight: 700; }
.cue + .cue { border-top: 1px dashed #999; margin-top: .3rem; padding-top: .3rem; }
tr.added td.kind { color: #116329; } tr.removed td.kind { color: #a40e26; }
del { background: #ffebe9; color: #82071e; text-decoration: line-through; }
ins { background: #dafbe1; color: #116329; text-decoration: underline; }
/* Screen readers do not announce del/ins; the hidden words say what the marks mean. */
del::before, del::after, ins::before, ins::after {
  clip-path: inset(100%); clip: rect(1px, 1px, 1px, 1px); height: 1px; width: 1px;
  overflow: hidden; position: absolute; white-space: nowrap; }
del::before { content: " [deleted: "; } ins::before { content: " [inserted: "; }
del::after, ins::after { content: "] "; }
/* A phone: each row becomes a block, each text under its column's heading. */
@media screen and (max-width: 40rem) {
  table.diff, table.diff tbody, table.diff tr, table.diff td { display: block; width: auto; }
  table.diff thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
                     clip-path: inset(50%); white-space: nowrap; }
  table.diff tr { border: 1px solid #bbb; margin: .75rem 0; }
  table.diff td { border: 0; border-top: 1px solid #ddd; white-space: normal; }
  table.diff td.kind { border-top: 0; font-weight: 700; }
  table.diff td[data-label]::before { content: attr(data-label); display: block;
                                      font: 600 .85rem system-ui, sans-serif; color: #444; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9pt; max-width: none; }
  table { margin-top: .5rem; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  del, ins { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _html_segments(segments: Iterable[Segment]) -> str:
    out = []
    for op, text in segments:
        escaped = html.escape(text).replace("\n", "<br>")
        if op == EQUAL:
            out.append(escaped)
            continue
        tag = "del" if op == DELETE else "ins"
        if text.isspace() and "\n" in text:
            # A changed line break is invisible on its own; ↵ marks it.
            escaped = html.escape(text).replace("\n", "↵<br>")
        out.append(f"<{tag}>{escaped}</{tag}>")
    return "".join(out)


def _html_blocks(blocks: Sequence[Sequence[Segment]]) -> str:
    if len(blocks) == 1:
        return _html_segments(blocks[0])
    return "".join(f'<div class="cue">{_html_segments(b)}</div>' for b in blocks)


def html_table(rows: Sequence[Row], columns: Sequence[Column]) -> str:
    """The table of :func:`render_html_rows` (a paragraph saying so when there are no rows).

    Per column a ``cue`` cell (numbers and times) and a text cell carrying the column's
    ``lang`` and ``dir`` (the column's heading is shown above them when a phone stacks the
    table);
    deletions are ``<del>``, insertions ``<ins>``. Every text is escaped.
    """
    esc = html.escape
    if not rows:
        return '<p class="empty">' + esc(_("No differences.")) + "</p>"
    head = "".join(f'<th colspan="2" scope="colgroup">{esc(c.heading)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for column, cell in zip(columns, row.cells, strict=True):
            moved = " retimed" if cell.retimed and cell.where else ""
            cells.append(f'<td class="where{moved}" data-label="{esc(column.heading)}">'
                         f'{esc(cell.where).replace(chr(10), "<br>")}</td>'
                         f'<td class="text" lang="{esc(column.lang)}" dir="{column.direction}">'
                         f"{_html_blocks(cell.blocks)}</td>")
        label = esc(row.label or row.kind).replace("\n", "<br>")
        body.append(f'<tr class="{esc(row.kind)}"><td class="kind">{label}</td>'
                    f"{''.join(cells)}</tr>")
    change = _("change")
    return (f'<table class="diff">\n<thead><tr><th scope="col">{esc(change)}</th>{head}</tr>'
            f"</thead>\n<tbody>\n{chr(10).join(body)}\n</tbody>\n</table>")


def render_html_rows(rows: Sequence[Row], columns: Sequence[Column], *, title: str,
                     summary_line: str, subtitle: str = "", page_lang: str = "") -> str:
    """A self-contained, printable HTML page with one table row per :class:`Row`.

    On the shared skeleton (``page``): inline CSS only, no scripts and no external
    resources (its Content-Security-Policy forbids them, in case a page is ever built
    wrongly); ``page_lang`` default: the reader's language.
    """
    esc = html.escape
    files = f'<p class="files">{esc(subtitle)}</p>\n' if subtitle else ""
    lead = f'{files}<p class="summary" id="summary">{esc(summary_line)}</p>'
    return page.render(page.Page(title=title, lead=lead, main=html_table(rows, columns),
                                 css=CSS, lang=page_lang))


def render_html(changes: Sequence[Change], *, title: str, old_name: str, new_name: str,
                lang: str, rtl: bool | None = None, unchanged: int | None = None) -> str:
    """The changes as one printable HTML page, old | new side by side.

    ``lang`` is the track's language (both versions share it); ``rtl`` None takes the
    direction from it, so an Arabic track's text cells get ``dir="rtl"``.
    """
    columns = (Column(old_name, lang, rtl), Column(new_name, lang, rtl))
    return render_html_rows(diff_rows(changes), columns, title=title,
                            summary_line=summary(changes, unchanged),
                            subtitle=f"{old_name} → {new_name}")


FORMATS = ("terminal", "html", "md", "json")


def render(compared: TrackDiff, fmt: str, *, old_name: str, new_name: str, lang: str,
           color: bool = False) -> str:
    """A comparison in one of ``FORMATS``; ``lang`` is the language of the texts (HTML)."""
    changes, unchanged = compared.changes, compared.unchanged
    if fmt == "terminal":
        return render_terminal(changes, color=color, old_name=old_name, new_name=new_name,
                               unchanged=unchanged)
    if fmt == "json":
        return render_json(changes, old_name=old_name, new_name=new_name, unchanged=unchanged)
    if fmt == "md":
        return render_markdown(changes, old_name=old_name, new_name=new_name,
                               unchanged=unchanged)
    return render_html(changes, title=f"Changes: {new_name}", old_name=old_name,
                       new_name=new_name, lang=lang, unchanged=unchanged)
