"""Compare two versions of one subtitle track, cue by cue, and render the differences.

The versions are aligned **by time** (:func:`subtool.core.align.align`), never by cue number: a
cue inserted at 0:40 renumbers every later cue, and a diff by number would report all of
them as changed. Aligned cues form connected groups (one old cue may overlap several new
ones and the other way round), and each group becomes at most one :class:`Change`:

=============  ==========================================================================
kind           group
=============  ==========================================================================
``added``      a new cue that overlaps no old cue
``removed``    an old cue that overlaps no new cue
``retimed``    one old ↔ one new cue, same text, different start or end
``reworded``   one old ↔ one new cue, different text (``Change.retimed`` says whether the
               times changed as well)
``split``      one old cue ↔ several new cues
``merged``     several old cues ↔ one new cue
=============  ==========================================================================

Identical cues (same text, start and end) are not reported, only counted
(:attr:`TrackDiff.unchanged`). Before a group is classified, aligned cues with identical
text are paired off: a cue shortened to make room for an inserted one is then reported as
``retimed`` plus ``added`` (what the editor did) rather than as a ``split``. A group with
several cues on both sides (a re-segmented passage) is paired cue for cue when its cues
align in order; otherwise it is reported as ``split`` when it has more new cues, ``merged``
when it has more old ones and ``reworded`` when the counts are equal.

Every change carries a word-level diff (:func:`word_diff`) of the old text against the new
text, where the text of a side is its cues' texts joined by ``\\n``. The diff keeps all
whitespace, so the ``equal`` and ``delete`` segments joined give the old text and the
``equal`` and ``insert`` segments the new text; for ``added``, ``removed`` and ``retimed``
it is a single segment.

Renderers are pure functions returning strings: :func:`render_terminal` (a
``git diff --word-diff`` style listing), :func:`render_markdown` (pull-request comment),
:func:`render_json` and :func:`render_html` (a printable, self-contained page, side by
side). The Markdown and HTML renderers are built on a generic table of :class:`Row` and
:class:`Column` values (:func:`render_markdown_rows`, :func:`render_html_rows`), so a
report with more text columns needs no new renderer: a :class:`Column` gives a heading
and the language of its texts (hence ``lang`` and ``dir`` on the cells), a :class:`Row`
has a kind and one :class:`Cell` per column, and a cell has a line per cue saying where it
is and the cue texts as ``(op, text)`` segments. The translators' stale-cue report, for
example, takes :func:`diff_rows` for the German master and adds a third cell per row with
the current translation (:func:`text_cell`, the aligned translated cues as they are)::

    columns = (Column("German, translated from", master), Column("German, now", master),
               Column("Turkish, current", lang))
    rows = [Row(row.kind, (*row.cells, text_cell(tr_numbers, tr_cues)))
            for row, change in zip(diff_rows(changes), changes) if change.words_changed]
    page = render_html_rows(rows, columns, title=..., summary_line=summary(changes))

Cue numbers are 1-based positions in the file, as in :class:`subtool.core.model.Problem`.
Identifiers, WebVTT settings and non-cue blocks are not compared.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from subtool.core.align import align
from subtool.core.model import Cue, Track
from subtool.core.text import strip_markup
from subtool.core.timecode import format_short
from subtool.languages import UI_SOURCE, is_rtl

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

Segment = tuple[str, str]
"""``(op, text)`` with ``op`` one of ``equal``, ``delete``, ``insert``."""


class Kind(StrEnum):
    """What happened to a group of cues between the old and the new version."""

    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    RETIMED = "retimed"
    SPLIT = "split"
    MERGED = "merged"


# The order of kinds in summaries and report sections: what changes the content first.
KINDS: tuple[Kind, ...] = tuple(Kind)

_TITLES = {Kind.ADDED: "Added", Kind.REMOVED: "Removed", Kind.REWORDED: "Reworded",
           Kind.RETIMED: "Retimed", Kind.SPLIT: "Split", Kind.MERGED: "Merged"}


@dataclass(frozen=True, slots=True)
class Change:
    """One reported difference: the old cues, the new cues and the word diff between them.

    ``old_numbers``/``new_numbers`` are the 1-based positions of ``old_cues``/``new_cues`` in
    their files, in time order; either side is empty for ``added``/``removed``.
    """

    kind: Kind
    old_numbers: tuple[int, ...]
    old_cues: tuple[Cue, ...]
    new_numbers: tuple[int, ...]
    new_cues: tuple[Cue, ...]
    words: tuple[Segment, ...]

    @property
    def old_text(self) -> str:
        """The old cues' texts joined by a line break (empty when nothing was there)."""
        return "\n".join(c.text for c in self.old_cues)

    @property
    def new_text(self) -> str:
        """The new cues' texts joined by a line break (empty when nothing is there)."""
        return "\n".join(c.text for c in self.new_cues)

    @property
    def old_start(self) -> int | None:
        """Start of the first old cue in milliseconds, or None."""
        return min((c.start for c in self.old_cues), default=None)

    @property
    def old_end(self) -> int | None:
        """End of the last old cue in milliseconds, or None."""
        return max((c.end for c in self.old_cues), default=None)

    @property
    def new_start(self) -> int | None:
        """Start of the first new cue in milliseconds, or None."""
        return min((c.start for c in self.new_cues), default=None)

    @property
    def new_end(self) -> int | None:
        """End of the last new cue in milliseconds, or None."""
        return max((c.end for c in self.new_cues), default=None)

    @property
    def start(self) -> int:
        """Where the change begins in the film (the earlier of both sides)."""
        return min(c.start for c in (*self.old_cues, *self.new_cues))

    @property
    def retimed(self) -> bool:
        """Whether the span on screen changed (for ``reworded``, ``split`` and ``merged``)."""
        if not self.old_cues or not self.new_cues:
            return False
        return (self.old_start, self.old_end) != (self.new_start, self.new_end)

    @property
    def words_changed(self) -> bool:
        """Whether any word changed, as opposed to only line breaks, spaces or markup.

        A translation stays valid when the master was merely re-broken or restyled; this is
        the comparison of the translation state (``subtool.translation.state.normal_text``), so the
        stale-cue report can leave such cues out.
        """
        return strip_markup(self.old_text).split() != strip_markup(self.new_text).split()


@dataclass(frozen=True, slots=True)
class TrackDiff:
    """The changes between two versions of a track, in time order, and how many stayed."""

    changes: tuple[Change, ...]
    unchanged: int


# ---------------------------------------------------------------------------- word diff

# Words and the whitespace between them are separate tokens, so whitespace survives the
# diff exactly and a changed word is reported whole (as ``git diff --word-diff`` does).
_TOKEN_RE = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level diff of ``old`` against ``new`` as ``(op, text)`` segments.

    ``op`` is ``equal``, ``delete`` or ``insert``. Joining the ``equal`` and ``delete``
    texts gives ``old``, joining ``equal`` and ``insert`` gives ``new``. Segments are never
    empty, neighbours never share an op except a ``delete`` directly followed by an
    ``insert`` (a replacement), and a replacement lists its deletion first.
    """
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    raw: list[Segment] = []
    # autojunk off: subtitle texts are short, and the heuristic would treat frequent words
    # ("die", spaces) as junk and produce odd matches.
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            raw.append((INSERT, "".join(b[j1:j2])))
    return _coalesce(raw)


def _coalesce(raw: Sequence[Segment]) -> list[Segment]:
    """Merge neighbouring changes into one deletion and one insertion.

    A lone space kept as ``equal`` between two replaced words ("[-alte-] [-Stelle-]") reads
    worse than one replacement of the phrase, so such whitespace is moved into both the
    deletion and the insertion; both joins stay exact.
    """
    out: list[Segment] = []
    deleted = inserted = ""
    for k, (op, text) in enumerate(raw):
        if op == DELETE:
            deleted += text
        elif op == INSERT:
            inserted += text
        elif (text.isspace() and deleted and inserted and k + 1 < len(raw)
              and raw[k + 1][0] != EQUAL):
            deleted += text
            inserted += text
        else:
            _flush(out, deleted, inserted)
            deleted = inserted = ""
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            elif text:
                out.append((EQUAL, text))
    _flush(out, deleted, inserted)
    return out


def _flush(out: list[Segment], deleted: str, inserted: str) -> None:
    if deleted:
        out.append((DELETE, deleted))
    if inserted:
        out.append((INSERT, inserted))


# ------------------------------------------------------------------------------ diffing


def diff_tracks(old: Track, new: Track) -> list[Change]:
    """The changes from ``old`` to ``new``, aligned by time, in time order.

    Unchanged cues are not listed; :func:`compare_tracks` also counts them.
    """
    return list(compare_tracks(old, new).changes)


def compare_tracks(old: Track, new: Track) -> TrackDiff:
    """The changes from ``old`` to ``new`` (as :func:`diff_tracks`) and the unchanged count."""
    a, b = old.cues, new.cues
    alignment = align(a, b)
    edges = {(o, n) for n, olds in enumerate(alignment.master_for) for o in olds}
    changes: list[Change] = []
    unchanged = 0
    for olds, news in _groups(a, b, edges, alignment.translation_for):
        for change in _classify(a, b, olds, news, edges):
            if change is None:
                unchanged += 1
            else:
                changes.append(change)
    changes.sort(key=lambda c: (c.start, c.old_numbers or (len(a) + 1,),
                                c.new_numbers or (len(b) + 1,)))
    return TrackDiff(tuple(changes), unchanged)


Group = tuple[tuple[int, ...], tuple[int, ...]]  # 0-based old indices, new indices


def _groups(a: Sequence[Cue], b: Sequence[Cue], edges: set[tuple[int, int]],
            new_for: Sequence[Sequence[int]]) -> list[Group]:
    """Connected groups of aligned cues, with identical-text pairs taken out first.

    ``new_for[o]`` lists the new cues aligned with old cue ``o``.
    """
    out: list[Group] = []
    for olds, news in _components(range(len(a)), range(len(b)), edges):
        if len(olds) + len(news) <= 2:
            out.append((olds, news))
            continue
        # Pair the closest identical texts first, so a repeated "[Musik]" pairs with the
        # one at the same time rather than with a neighbour.
        inner = sorted(((o, n) for o in olds for n in new_for[o]),
                       key=lambda e: (abs(a[e[0]].start - b[e[1]].start)
                                      + abs(a[e[0]].end - b[e[1]].end), e))
        used_old: set[int] = set()
        used_new: set[int] = set()
        for o, n in inner:
            if o not in used_old and n not in used_new and a[o].text == b[n].text:
                used_old.add(o)
                used_new.add(n)
                out.append(((o,), (n,)))
        rest = {(o, n) for o, n in inner if o not in used_old and n not in used_new}
        out.extend(_components([o for o in olds if o not in used_old],
                               [n for n in news if n not in used_new], rest))
    return out


def _components(olds: Sequence[int], news: Sequence[int],
                 edges: Iterable[tuple[int, int]]) -> list[Group]:
    """Connected components of the bipartite alignment graph (union-find).

    Only edges between the given cues count.
    """
    slot_old = {o: k for k, o in enumerate(olds)}
    slot_new = {n: len(olds) + k for k, n in enumerate(news)}
    parent = list(range(len(olds) + len(news)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for o, n in edges:
        if o in slot_old and n in slot_new:
            parent[root(slot_old[o])] = root(slot_new[n])
    members: dict[int, tuple[list[int], list[int]]] = {}
    for o, k in slot_old.items():
        members.setdefault(root(k), ([], []))[0].append(o)
    for n, k in slot_new.items():
        members.setdefault(root(k), ([], []))[1].append(n)
    return [(tuple(sorted(o)), tuple(sorted(n))) for o, n in members.values()]


def _classify(a: Sequence[Cue], b: Sequence[Cue], olds: tuple[int, ...],
              news: tuple[int, ...], edges: set[tuple[int, int]]) -> list[Change | None]:
    """The change(s) of one group; None stands for an unchanged cue pair."""
    if len(olds) == 1 and len(news) == 1:
        old, new = a[olds[0]], b[news[0]]
        if old.text == new.text:
            if (old.start, old.end) == (new.start, new.end):
                return [None]
            return [_change(Kind.RETIMED, a, b, olds, news)]
        return [_change(Kind.REWORDED, a, b, olds, news)]
    if not news:
        return [_change(Kind.REMOVED, a, b, olds, news)]
    if not olds:
        return [_change(Kind.ADDED, a, b, olds, news)]
    if len(olds) == 1:
        return [_change(Kind.SPLIT, a, b, olds, news)]
    if len(news) == 1:
        return [_change(Kind.MERGED, a, b, olds, news)]
    # Several cues on both sides. When they align one to one in time order, the editor
    # changed each cue on its own (the overlaps only chain them together).
    by_time_old = sorted(olds, key=lambda i: (a[i].start, a[i].end, i))
    by_time_new = sorted(news, key=lambda i: (b[i].start, b[i].end, i))
    if len(olds) == len(news) and all(
            (o, n) in edges for o, n in zip(by_time_old, by_time_new, strict=True)):
        return [change for o, n in zip(by_time_old, by_time_new, strict=True)
                for change in _classify(a, b, (o,), (n,), edges)]
    kind = (Kind.SPLIT if len(news) > len(olds)
            else Kind.MERGED if len(olds) > len(news) else Kind.REWORDED)
    return [_change(kind, a, b, olds, news)]


def _change(kind: Kind, a: Sequence[Cue], b: Sequence[Cue], olds: tuple[int, ...],
            news: tuple[int, ...]) -> Change:
    # Time order, not file order: a side's text must read as it is shown.
    olds = tuple(sorted(olds, key=lambda i: (a[i].start, a[i].end, i)))
    news = tuple(sorted(news, key=lambda i: (b[i].start, b[i].end, i)))
    old_cues = tuple(a[i] for i in olds)
    new_cues = tuple(b[i] for i in news)
    words = word_diff("\n".join(c.text for c in old_cues), "\n".join(c.text for c in new_cues))
    return Change(kind, tuple(i + 1 for i in olds), old_cues, tuple(i + 1 for i in news),
                  new_cues, tuple(words))


# ------------------------------------------------------------------------------ helpers


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
# Control characters in a subtitle would reach the terminal as commands (an ESC starts one),
# so they are shown as escapes; line breaks are shown as " / ", the usual mark in scripts.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _term_text(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text).replace("\n", " / ")


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
    """One row of a diff table: a kind (``added``, … or a report's own) and a cell per column."""

    kind: str
    cells: tuple[Cell, ...]


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

# Backslash escapes for the characters with a meaning inside a GitHub Markdown table cell:
# "|" would end the cell (even inside code), "<" start HTML ("<i>" in a subtitle), "&" an
# entity, "*" "_" "~" emphasis, "[" a link, "`" code, "$" maths, and ":" where it would
# make an emoji (":x:"; the German gender colon "Senior:innen" stays as it is). Characters
# that matter only at the start of a line (#, -, +, 1.) cannot occur there.
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|~&$]|:(?=[\w+-]+:))")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown for one table cell (line breaks become ``<br>``)."""
    escaped = _MD_SPECIAL_RE.sub(r"\\\1", text.replace("\r\n", "\n"))
    return escaped.replace("\n", "<br>")


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

_CSS = """
body { font: 1rem/1.45 system-ui, sans-serif; margin: 1rem; color: #111; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.files, .summary { margin: .25rem 0; }
.summary { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; vertical-align: top; text-align: start; }
th { background: #f0f0f0; }
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
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9pt; }
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


def render_html_rows(rows: Sequence[Row], columns: Sequence[Column], *, title: str,
                     summary_line: str, subtitle: str = "", page_lang: str = UI_SOURCE) -> str:
    """A self-contained, printable HTML page with one table row per :class:`Row`.

    Per column a ``cue`` cell (numbers and times) and a text cell carrying the column's
    ``lang`` and ``dir``; deletions are ``<del>``, insertions ``<ins>``. Every text is
    escaped; the page has inline CSS only, no scripts and no external resources (its
    Content-Security-Policy forbids them, in case a page is ever built wrongly).
    """
    esc = html.escape
    head = "".join(f'<th colspan="2" scope="colgroup">{esc(c.heading)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for column, cell in zip(columns, row.cells, strict=True):
            moved = " retimed" if cell.retimed and cell.where else ""
            cells.append(f'<td class="where{moved}">{esc(cell.where).replace(chr(10), "<br>")}'
                         f'</td><td class="text" lang="{esc(column.lang)}" '
                         f'dir="{column.direction}">{_html_blocks(cell.blocks)}</td>')
        body.append(f'<tr class="{esc(row.kind)}"><td class="kind">{esc(row.kind)}</td>'
                    f"{''.join(cells)}</tr>")
    table = (f'<table>\n<thead><tr><th scope="col">change</th>{head}</tr></thead>\n'
             f"<tbody>\n{chr(10).join(body)}\n</tbody>\n</table>" if rows
             else '<p class="empty">No differences.</p>')
    files = f'<p class="files">{esc(subtitle)}</p>\n' if subtitle else ""
    return f"""<!DOCTYPE html>
<html lang="{esc(page_lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{esc(title)}</h1>
{files}<p class="summary" id="summary">{esc(summary_line)}</p>
{table}
</body>
</html>
"""


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
