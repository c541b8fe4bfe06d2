"""The subtitle diff engine: time alignment into changes, word diffs and the four renderers.

Scenario tables run on a short German track (the film's opening); the renderers are checked
for escaping (Markdown through an independent CommonMark parser, HTML in headless Chromium)
and for right-to-left layout of Arabic text. The browser test is skipped, with the reason,
only when Chromium is not installed and SUBTOOL_REQUIRE_BROWSER is not set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from subtool.core.model import Cue, Track
from subtool.engine.diff import (
    KINDS,
    Change,
    Kind,
    compare_tracks,
    diff_tracks,
    word_diff,
)
from subtool.formats import srt
from subtool.render.diff import (
    Column,
    Row,
    diff_rows,
    render_html,
    render_html_rows,
    render_json,
    render_markdown,
    render_markdown_rows,
    render_terminal,
    text_cell,
)

ROOT = Path(__file__).resolve().parent.parent

Spec = tuple[int, int, str]

BASE: list[Spec] = [
    (2000, 4800, "[Musik]"),
    (4880, 11000, "(Sprecherin) Seit über 16 Jahren\ngibt es die Dortmunder Seniorenbüros."),
    (11080, 14960, "Angefangen hat alles\nmit einem Modellprojekt."),
    (15040, 19120, "Heute gibt es sie\nin allen zwölf Stadtbezirken:"),
    # 19.12 s to 31.56 s is free, for the insertion scenarios.
    (31560, 35560, "Sie beraten Senior:innen\nund ihre Angehörigen:"),
    (35640, 39360, "kostenlos, unabhängig\nund ganz in der Nähe."),
]


def track(specs: Sequence[Spec]) -> Track:
    return Track(tuple(Cue(start, end, text) for start, end, text in specs))


def edited(**changes: Spec | None) -> list[Spec]:
    """BASE with cue ``c<N>`` replaced (or dropped when None)."""
    out = []
    for n, spec in enumerate(BASE, 1):
        new = changes.get(f"c{n}", spec)
        if new is not None:
            out.append(new)
    return out


def shifted(specs: Sequence[Spec], ms: int) -> list[Spec]:
    return [(s + ms, e + ms, t) for s, e, t in specs]


INSERTED: Spec = (19200, 25200, "Innenstadt-West, Innenstadt-Nord,\nInnenstadt-Ost, Eving")

# (id, new track, expected (kind, old cue numbers, new cue numbers) in time order, unchanged)
Expected = list[tuple[Kind, tuple[int, ...], tuple[int, ...]]]
SCENARIOS: list[tuple[str, list[Spec], Expected, int]] = [
    ("identical", list(BASE), [], 6),
    ("edit", edited(c4=(15040, 19120, "Heute gibt es sie\nin allen 12 Stadtbezirken:")),
     [(Kind.REWORDED, (4,), (4,))], 5),
    ("edit-and-retime", edited(c3=(11080, 14500, "Angefangen hat es\nmit einem Modellprojekt.")),
     [(Kind.REWORDED, (3,), (3,))], 5),
    # Every later cue is renumbered, none is reported: alignment is by time.
    ("insert", [*BASE[:4], INSERTED, *BASE[4:]], [(Kind.ADDED, (), (5,))], 6),
    ("insert-first", [(500, 1900, "(Sprecherin)"), *BASE], [(Kind.ADDED, (), (1,))], 6),
    ("delete", edited(c3=None), [(Kind.REMOVED, (3,), ())], 5),
    ("delete-last", edited(c6=None), [(Kind.REMOVED, (6,), ())], 5),
    ("retime", edited(c2=(4880, 10800, BASE[1][2])), [(Kind.RETIMED, (2,), (2,))], 5),
    ("shift", shifted(BASE, 120), [(Kind.RETIMED, (n,), (n,)) for n in range(1, 7)], 0),
    ("split", [*BASE[:1], (4880, 7800, "(Sprecherin) Seit über 16 Jahren"),
               (7880, 11000, "gibt es die Dortmunder Seniorenbüros."), *BASE[2:]],
     [(Kind.SPLIT, (2,), (2, 3))], 5),
    ("merge", [*BASE[:4], (31560, 39360, "Sie beraten Senior:innen und ihre Angehörigen:\n"
                                          "kostenlos, unabhängig und ganz in der Nähe.")],
     [(Kind.MERGED, (5, 6), (5,))], 4),
    # The editor shortened cue 4 to make room for a new one: retimed plus added, not a split.
    ("insert-into-cue", [*BASE[:3], (15040, 17000, BASE[3][2]), (17080, 19120, "[Musik]"),
                         *BASE[4:]],
     [(Kind.RETIMED, (4,), (4,)), (Kind.ADDED, (), (5,))], 5),
    # The file lists cues 5 and 6 the other way round; the times did not change.
    ("file-order", [*BASE[:4], BASE[5], BASE[4]], [], 6),
    ("everything-new", [(s, e, f"Neu {n}") for n, (s, e, _) in enumerate(BASE, 1)],
     [(Kind.REWORDED, (n,), (n,)) for n in range(1, 7)], 0),
    ("emptied", [], [(Kind.REMOVED, (n,), ()) for n in range(1, 7)], 0),
    ("edit-insert-delete", [*edited(c2=(4880, 11000, BASE[1][2].replace("über", "mehr als")),
                                    c6=None)[:4], INSERTED, BASE[4]],
     [(Kind.REWORDED, (2,), (2,)), (Kind.ADDED, (), (5,)), (Kind.REMOVED, (6,), ())], 4),
]


@pytest.mark.parametrize(("new", "expected", "unchanged"),
                         [pytest.param(n, e, u, id=i) for i, n, e, u in SCENARIOS])
def test_scenarios(new: list[Spec], expected: Expected, unchanged: int) -> None:
    old_track, new_track = track(BASE), track(new)
    result = compare_tracks(old_track, new_track)
    found = [(c.kind, c.old_numbers, c.new_numbers) for c in result.changes]
    assert found == expected
    assert result.unchanged == unchanged
    assert diff_tracks(old_track, new_track) == list(result.changes)
    _check_accounting(old_track, new_track, result.changes, result.unchanged)


def test_added_track_from_nothing() -> None:
    changes = diff_tracks(Track(()), track(BASE))
    assert [(c.kind, c.new_numbers) for c in changes] == [(Kind.ADDED, (n,)) for n in range(1, 7)]
    assert changes[0].words == (("insert", "[Musik]"),)


def test_reworded_change_carries_cues_numbers_and_word_diff() -> None:
    new = edited(c3=(11080, 14500, "Angefangen hat es\nmit einem Modellprojekt."))
    (change,) = diff_tracks(track(BASE), track(new))
    assert change.old_cues == (Cue(*BASE[2]),)
    assert change.new_cues == (Cue(*new[2]),)
    assert change.words == (("equal", "Angefangen hat "), ("delete", "alles"), ("insert", "es"),
                            ("equal", "\nmit einem Modellprojekt."))
    assert change.retimed and change.words_changed
    assert (change.old_start, change.old_end, change.new_start, change.new_end) == (
        11080, 14960, 11080, 14500)


def test_split_and_rebreak_keep_the_words() -> None:
    split = next(new for name, new, _, _ in SCENARIOS if name == "split")
    (change,) = diff_tracks(track(BASE), track(split))
    assert change.words == (("equal", BASE[1][2]),)
    assert not change.words_changed and not change.retimed
    rebroken = edited(c3=(11080, 14960, "Angefangen hat alles mit\neinem Modellprojekt."))
    (change,) = diff_tracks(track(BASE), track(rebroken))
    assert change.kind is Kind.REWORDED and not change.words_changed
    restyled = edited(c3=(11080, 14960, "<i>Angefangen</i> hat alles\nmit einem Modellprojekt."))
    (change,) = diff_tracks(track(BASE), track(restyled))
    assert change.kind is Kind.REWORDED and not change.words_changed


def test_repeated_text_pairs_with_the_cue_at_the_same_time() -> None:
    old = track([(0, 2000, "[Musik]"), (2000, 4000, "Hallo"), (4000, 6000, "[Musik]")])
    # Cue 2 became music as well: the two old music cues keep their partners.
    new = track([(0, 2000, "[Musik]"), (2000, 4000, "[Musik]"), (4000, 6000, "[Musik]")])
    found = [(c.kind, c.old_numbers, c.new_numbers) for c in diff_tracks(old, new)]
    assert found == [(Kind.REWORDED, (2,), (2,))]


def test_resegmented_passage() -> None:
    old = track([(0, 2000, "eins zwei"), (2000, 4000, "drei vier")])
    # Cue boundaries moved: one group, more new cues than old ones.
    new = track([(0, 1000, "eins"), (1000, 3000, "zwei drei"), (3000, 4000, "vier")])
    (change,) = diff_tracks(old, new)
    assert (change.kind, change.old_numbers, change.new_numbers) == (Kind.SPLIT, (1, 2),
                                                                      (1, 2, 3))
    # The cues still align one to one in order: each is its own change.
    old = track([(0, 4000, "eins"), (4000, 5000, "zwei")])
    new = track([(0, 4600, "eins!"), (4600, 5000, "zwei!")])
    found = [(c.kind, c.old_numbers, c.new_numbers) for c in diff_tracks(old, new)]
    assert found == [(Kind.REWORDED, (1,), (1,)), (Kind.REWORDED, (2,), (2,))]


def test_the_film_master_against_an_edited_copy() -> None:
    master = srt.parse((ROOT / "subtitles" / "de.srt").read_text(encoding="utf-8"))
    assert compare_tracks(master, master) == compare_tracks(master, master)
    assert compare_tracks(master, master).changes == ()
    assert compare_tracks(master, master).unchanged == len(master.cues)
    cues = list(master.cues)
    cues[11] = cues[11]._replace(text=cues[11].text.replace("Viele", "Sehr viele"))
    del cues[40]
    edited_master = srt.parse(srt.compose(Track(tuple(cues))))
    result = compare_tracks(master, edited_master)
    assert [(c.kind, c.old_numbers, c.new_numbers) for c in result.changes] == [
        (Kind.REWORDED, (12,), (12,)), (Kind.REMOVED, (41,), ())]
    assert result.unchanged == len(master.cues) - 2


def _check_accounting(old: Track, new: Track, changes: Sequence[Change], unchanged: int) -> None:
    """Every cue is in exactly one change or one unchanged pair; texts and order hold."""
    old_seen = [n for c in changes for n in c.old_numbers]
    new_seen = [n for c in changes for n in c.new_numbers]
    assert len(old_seen) == len(set(old_seen)) and len(new_seen) == len(set(new_seen))
    assert len(old_seen) + unchanged == len(old.cues)
    assert len(new_seen) + unchanged == len(new.cues)
    for c in changes:
        assert c.old_cues == tuple(old.cues[n - 1] for n in c.old_numbers)
        assert c.new_cues == tuple(new.cues[n - 1] for n in c.new_numbers)
        assert _join(c.words, "delete") == c.old_text
        assert _join(c.words, "insert") == c.new_text
        assert c.old_cues or c.new_cues
    for c, row in zip(changes, diff_rows(changes), strict=True):
        for cell, cues in zip(row.cells, (c.old_cues, c.new_cues), strict=True):
            assert len(cell.blocks) == len(cues)
            assert ["".join(t for _, t in block) for block in cell.blocks] == [
                cue.text for cue in cues]
    assert [c.start for c in changes] == sorted(c.start for c in changes)


_cue_specs = st.lists(
    st.tuples(st.integers(0, 60_000), st.integers(1, 8000),
              st.sampled_from(["[Musik]", "Hallo", "Hallo Welt", "Senior:innen", "", "Nähe"])),
    max_size=12)


@settings(max_examples=200, deadline=None)
@given(old=_cue_specs, new=_cue_specs)
def test_every_cue_is_accounted_for_once(old: list[tuple[int, int, str]],
                                         new: list[tuple[int, int, str]]) -> None:
    a = track([(s, s + d, t) for s, d, t in old])
    b = track([(s, s + d, t) for s, d, t in new])
    result = compare_tracks(a, b)
    _check_accounting(a, b, result.changes, result.unchanged)


# ---------------------------------------------------------------------------- word diff


def _join(words: Sequence[tuple[str, str]], side: str) -> str:
    return "".join(text for op, text in words if op in ("equal", side))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("in allen zwölf Stadtbezirken:", "in allen elf Stadtbezirken:",
     [("equal", "in allen "), ("delete", "zwölf"), ("insert", "elf"),
      ("equal", " Stadtbezirken:")]),
    ("Seit über 16 Jahren", "Seit mehr als 16 Jahren",
     [("equal", "Seit "), ("delete", "über"), ("insert", "mehr als"), ("equal", " 16 Jahren")]),
    # Two neighbouring replaced words are one replacement, not two around an equal space.
    ("alte Stelle hier", "neue Adresse hier",
     [("delete", "alte Stelle"), ("insert", "neue Adresse"), ("equal", " hier")]),
    ("Angefangen hat alles\nmit einem Modellprojekt.",
     "Angefangen hat alles mit einem Modellprojekt.",
     [("equal", "Angefangen hat alles"), ("delete", "\n"), ("insert", " "),
      ("equal", "mit einem Modellprojekt.")]),
    ("kostenlos, unabhängig", "kostenlos, unabhängig und nah",
     [("equal", "kostenlos, unabhängig"), ("insert", " und nah")]),
    ("[Musik] Hallo", "Hallo", [("delete", "[Musik] "), ("equal", "Hallo")]),
    ("", "", []),
    ("", "Neu", [("insert", "Neu")]),
    ("Alt", "", [("delete", "Alt")]),
    ("gleich", "gleich", [("equal", "gleich")]),
    ("مكاتب كبار السن", "مكاتب المسنين", [("equal", "مكاتب "), ("delete", "كبار السن"),
                                          ("insert", "المسنين")]),
])
def test_word_diff(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert word_diff(old, new) == expected


_WORDS = ["Senior:innen", "Nähe", "Straße", "İstanbul", "Дортмунд", "районах", "γραφεία",
          "Ελλάδα", "العربية", "مكاتب", "\u200fwww.dortmund.de", "16", "…", "„Hallo“", "e\u0301"]
_SPACES = [" ", "  ", "\n", "\t", "\u00a0", " \n"]
_texts = st.one_of(
    st.lists(st.sampled_from(_WORDS + _SPACES), max_size=14).map("".join),
    st.text(max_size=40),
)


@settings(max_examples=400, deadline=None)
@given(old=_texts, new=_texts)
def test_word_diff_joins_back_to_both_texts(old: str, new: str) -> None:
    words = word_diff(old, new)
    assert _join(words, "delete") == old
    assert _join(words, "insert") == new
    assert all(text and op in ("equal", "delete", "insert") for op, text in words)
    for (op1, _), (op2, _) in pairwise(words):
        assert op1 != op2 and (op1, op2) != ("insert", "delete")
    if old == new:
        assert all(op == "equal" for op, _ in words)


# ---------------------------------------------------------------------------- renderers


def _sample_changes() -> tuple[list[Change], int]:
    new = [*edited(c4=(15040, 19120, "Heute gibt es sie\nin allen 12 Stadtbezirken:"),
                   c3=None)[:3], INSERTED, *BASE[4:]]
    new[1] = (4880, 10800, new[1][2])
    result = compare_tracks(track(BASE), track(new))
    return list(result.changes), result.unchanged


def test_json_shape() -> None:
    changes, unchanged = _sample_changes()
    doc = json.loads(render_json(changes, old_name="de.v1.srt", new_name="de.v2.srt",
                                 unchanged=unchanged))
    assert list(doc) == ["old", "new", "summary", "changes"]
    assert doc["summary"] == {"added": 1, "removed": 1, "reworded": 1, "retimed": 1, "split": 0,
                              "merged": 0, "unchanged": 3}
    keys = ["kind", "old_cues", "new_cues", "old_start", "old_end", "new_start", "new_end",
            "old_text", "new_text", "words"]
    assert all(list(c) == keys for c in doc["changes"])
    assert [c["kind"] for c in doc["changes"]] == ["retimed", "removed", "reworded", "added"]
    removed, added = doc["changes"][1], doc["changes"][3]
    assert removed == {"kind": "removed", "old_cues": [3], "new_cues": [], "old_start": 11080,
                       "old_end": 14960, "new_start": None, "new_end": None,
                       "old_text": BASE[2][2], "new_text": "", "words": [["delete", BASE[2][2]]]}
    assert added["new_cues"] == [4] and added["old_start"] is None
    assert doc["changes"][2]["words"] == [
        ["equal", "Heute gibt es sie\nin allen "], ["delete", "zwölf"], ["insert", "12"],
        ["equal", " Stadtbezirken:"]]


def test_terminal_without_colour_marks_words() -> None:
    changes, unchanged = _sample_changes()
    out = render_terminal(changes, color=False, old_name="de.v1.srt", new_name="de.v2.srt",
                          unchanged=unchanged)
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[:2] == ["--- de.v1.srt", "+++ de.v2.srt"]
    assert "    Heute gibt es sie / in allen [-zwölf-]{+12+} Stadtbezirken:" in lines
    assert "retimed   2 → 2  0:04.880–0:11.000 → 0:04.880–0:10.800" in lines
    assert "removed   3 → –  0:11.080–0:14.960" in lines
    assert "reworded  4 → 3  0:15.040–0:19.120" in lines
    assert "    {+Innenstadt-West, Innenstadt-Nord, / Innenstadt-Ost, Eving+}" in lines
    assert lines[-1] == ("1 added, 1 removed, 1 reworded, 1 retimed, 0 split, 0 merged, "
                         "3 unchanged")


def test_terminal_with_colour() -> None:
    changes, _ = _sample_changes()
    out = render_terminal(changes, color=True, old_name="a", new_name="b")
    assert "in allen \x1b[31mzwölf\x1b[0m\x1b[32m12\x1b[0m Stadtbezirken:" in out
    assert "[-" not in out and "{+" not in out
    assert out.splitlines()[-1].endswith("0 merged")  # no unchanged count given


def test_terminal_shows_control_characters_and_invisible_changes() -> None:
    old = track([(0, 2000, "Hallo Welt")])
    new = track([(0, 2000, "Hallo Welt\x1b[2J")])
    out = render_terminal(diff_tracks(old, new), color=True, old_name="a", new_name="b")
    assert "\x1b[2J" not in out and "\x1b[32mWelt\\x1b[2J\x1b[0m" in out
    new = track([(0, 2000, "Hallo  Welt")])
    out = render_terminal(diff_tracks(old, new), color=True, old_name="a", new_name="b")
    assert "Hallo\x1b[41m \x1b[0m\x1b[42m  \x1b[0mWelt" in out  # a changed space shows
    empty = render_terminal([], color=False, old_name="a", new_name="b", unchanged=3)
    assert "no differences" in empty and empty.endswith("3 unchanged\n")


NASTY = "a | b *stern* <i>kursiv</i> [Musik] _x_ `c` & :x: $y$ \\n"


def test_markdown_tables_and_escaping() -> None:
    old = track([(0, 2000, "Hallo Welt"), (2000, 4000, "weg | da"), (5000, 6000, "bleibt")])
    new = track([(0, 2000, "Hallo schöne Welt"), (4000, 4500, NASTY), (5000, 6000, "bleibt")])
    md = render_markdown(diff_tracks(old, new), old_name="de_v1.srt", new_name="de_v2.srt",
                         unchanged=1)
    assert "### Added (1)" in md and "### Removed (1)" in md and "### Reworded (1)" in md
    assert "Hallo **schöne** Welt" in md
    assert "~~weg \\| da~~" in md
    # Every table line has exactly 4 cells: no "|" from a subtitle ends a cell.
    for line in md.splitlines():
        if line.startswith("|"):
            assert len(re.split(r"(?<!\\)\|", line)) == 6, line
    # An independent CommonMark parser with GFM tables sees the subtitle text as text.
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    assert page.count("<table>") == 3
    assert "<i>" not in page and "&lt;i&gt;kursiv&lt;/i&gt;" in page
    assert "<strong>" + _md_html(NASTY) + "</strong>" in page
    assert "<s>weg | da</s>" in page and "<strong>schöne</strong>" in page
    assert "<em>" not in page and "<a " not in page and "<code>" not in page


def _md_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_markdown_shows_changed_line_breaks_and_no_differences() -> None:
    old = track([(0, 2000, "Angefangen hat alles\nmit einem Modellprojekt.")])
    new = track([(0, 2000, "Angefangen hat alles mit einem Modellprojekt.")])
    md = render_markdown(diff_tracks(old, new), old_name="a", new_name="b")
    assert "Angefangen hat alles~~↵~~<br>mit einem Modellprojekt." in md
    empty = render_markdown([], old_name="a", new_name="b", unchanged=1)
    assert "No differences" in empty and "|" not in empty


def _text_cells(page: str) -> list[str]:
    return re.findall(r'<td class="text"[^>]*>', page)


def test_html_escapes_every_text_and_is_self_contained() -> None:
    old = track([(0, 2000, "Hallo Welt"), (2000, 4000, "Tom & Jerry \"quoted\"")])
    new = track([(0, 2000, "Hallo <script>alert(1)</script> Welt")])
    page = render_html(diff_tracks(old, new), title="Diff <de>", old_name="de<1>.srt",
                       new_name="de&2.srt", lang="de")
    assert "<script" not in page and "alert(1)</script>" not in page
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt; </ins>" in page
    assert "Tom &amp; Jerry &quot;quoted&quot;" in page
    assert "<title>Diff &lt;de&gt;</title>" in page and "de&lt;1&gt;.srt" in page
    for external in ("src=", "url(", "@import", "http://", "https://"):
        assert external not in page
    assert re.findall(r'href="([^"]*)"', page) == ["#main"]  # the skip link only
    assert "@media print" in page
    assert '<p class="summary" id="summary">0 added, 1 removed, 1 reworded, 0 retimed, ' in page
    cells = _text_cells(page)
    assert cells and all('lang="de" dir="ltr"' in c for c in cells)


ARABIC_OLD: list[Spec] = [
    (2000, 4800, "[موسيقى]"),
    (4880, 11000, "(الراوية) منذ أكثر من 16 عاما\nتوجد مكاتب كبار السن في دورتموند."),
    (11080, 14960, "بدأ كل شيء بمشروع تجريبي."),
]
ARABIC_NEW: list[Spec] = [
    (2000, 4800, "[موسيقى]"),
    (4880, 11000, "(الراوية) منذ أكثر من 16 عاما\nتوجد مكاتب المسنين في دورتموند."),
    (11080, 14960, "<script>document.title='pwned'</script> بدأ كل شيء."),
    (15040, 19120, "واليوم نجدها في جميع المناطق الاثنتي عشرة:"),
]


def _arabic_page() -> str:
    result = compare_tracks(track(ARABIC_OLD), track(ARABIC_NEW))
    return render_html(result.changes, title="ar.srt – Änderungen", old_name="ar.v1.srt",
                       new_name="ar.v2.srt", lang="ar", unchanged=result.unchanged)


def test_html_arabic_cells_are_right_to_left() -> None:
    page = _arabic_page()
    cells = _text_cells(page)
    assert len(cells) == 6  # three changes, old and new
    assert all('lang="ar" dir="rtl"' in c for c in cells)
    assert '<html lang="en" dir="ltr">' in page  # the page's own words are English
    # Side by side: the deletion in the old column, the insertion in the new one.
    assert "مكاتب <del>كبار السن</del> في" in page and "مكاتب <ins>المسنين</ins> في" in page
    forced = render_html([], title="t", old_name="a", new_name="b", lang="de", rtl=True)
    assert "No differences." in forced


def test_html_rows_take_a_third_column() -> None:
    columns = (Column("de, translated from", "de"), Column("de, now", "de"),
               Column("tr, current", "tr"), Column("ar, current", "ar"))
    (row,) = diff_rows(diff_tracks(track(BASE), track(edited(
        c4=(15040, 19120, "Heute gibt es sie\nin allen 12 Stadtbezirken:")))))
    translations = (text_cell([4], [Cue(15040, 19120, "Bugün on iki ilçede\nbulunuyorlar:")]),
                    text_cell([4], [Cue(15040, 19120, "واليوم نجدها في جميع المناطق")]))
    page = render_html_rows([Row("stale", (*row.cells, *translations))], columns,
                            title="stale", summary_line="1 stale")
    assert page.count('<th colspan="2"') == 4
    assert [c.split('class="text" ')[1] for c in _text_cells(page)] == [
        'lang="de" dir="ltr">', 'lang="de" dir="ltr">', 'lang="tr" dir="ltr">',
        'lang="ar" dir="rtl">']
    assert '<tr class="stale"><td class="kind">stale</td>' in page
    assert 'dir="ltr">Bugün on iki ilçede<br>bulunuyorlar:</td>' in page
    assert "in allen <del>zwölf</del> Stadtbezirken:" in page
    md = render_markdown_rows([Row("stale", (*row.cells, *translations))], columns,
                              heading="## Stale", summary_line="1 stale")
    assert "### Stale (1)" in md
    assert ("| cue | de, translated from | cue | de, now | cue | tr, current | cue | ar, current |"
            in md)
    assert md.rstrip().splitlines()[-1].count(" | ") == 7


def test_split_and_merge_cells_show_each_cue() -> None:
    split = next(new for name, new, _, _ in SCENARIOS if name == "split")
    (row,) = diff_rows(diff_tracks(track(BASE), track(split)))
    old, new = row.cells
    assert old.where == "2 · 0:04.880–0:11.000" and not old.retimed
    assert new.where == "2 · 0:04.880–0:07.800\n3 · 0:07.880–0:11.000"
    assert new.blocks == ((("equal", "(Sprecherin) Seit über 16 Jahren"),),
                          (("equal", "gibt es die Dortmunder Seniorenbüros."),))
    page = render_html_rows([row], (Column("a", "de"), Column("b", "de")), title="t",
                            summary_line="s")
    assert ('<div class="cue">(Sprecherin) Seit über 16 Jahren</div>'
            '<div class="cue">gibt es die Dortmunder Seniorenbüros.</div>') in page
    merged = track([(0, 2000, "Hallo"), (2000, 4000, "Welt")])
    (row,) = diff_rows(diff_tracks(merged, track([(0, 4000, "Hallo Welt")])))
    assert row.cells[0].blocks == ((("equal", "Hallo"),), (("equal", "Welt"),))
    assert row.cells[1].blocks == ((("equal", "Hallo"), ("insert", " "), ("equal", "Welt")),)


def test_kinds_are_the_documented_six() -> None:
    assert [k.value for k in KINDS] == ["added", "removed", "reworded", "retimed", "split",
                                        "merged"]


# ------------------------------------------------------------------------------ browser

_SYSTEM_CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium() -> str:
    if _SYSTEM_CHROMIUM.exists():
        return str(_SYSTEM_CHROMIUM)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("SUBTOOL_REQUIRE_BROWSER"):
        pytest.fail("SUBTOOL_REQUIRE_BROWSER is set but chromium is not installed")
    pytest.skip("headless Chromium not installed (apt-get install chromium); CI runs this test")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[str, str], str]]:
    """Serve files written into a temporary folder on 127.0.0.1; yields a writer → URL."""
    site = tmp_path / "site"
    site.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def put(name: str, text: str) -> str:
        (site / name).write_text(text, encoding="utf-8")
        return f"http://127.0.0.1:{httpd.server_address[1]}/{name}"

    yield put
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.mark.browser
def test_chromium_renders_arabic_diff_with_script_as_text(
        chromium: str, serve: Callable[[str, str], str], tmp_path: Path) -> None:
    url = serve("diff.html", _arabic_page())
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=False)
    dom = proc.stdout
    summary = re.search(r'<p class="summary" id="summary">(.*?)</p>', dom)
    assert summary is not None, (proc.returncode, proc.stderr[-2000:], dom[:500])
    assert summary.group(1) == ("1 added, 0 removed, 2 reworded, 0 retimed, 0 split, 0 merged, "
                                "1 unchanged")
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and title.group(1) == "ar.srt – Änderungen"
    assert "pwned" not in title.group(1)
    # The subtitle's script is a text node inside <ins>, not an element.
    assert "<ins>&lt;script&gt;document.title='pwned'&lt;/script&gt; </ins>" in dom
    assert "<script" not in dom
    cells = re.findall(r'<td class="text"([^>]*)>', dom)
    assert len(cells) == 6
    assert all(re.search(r'\blang="ar"', c) and re.search(r'\bdir="rtl"', c) for c in cells)
