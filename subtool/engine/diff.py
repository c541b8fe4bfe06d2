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

The renderers are in :mod:`subtool.render.diff`: :func:`render_terminal` (a
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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from subtool.core.align import align
from subtool.core.model import Cue, Track
from subtool.core.text import strip_markup

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
