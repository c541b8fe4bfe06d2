"""No command loses or garbles a translation: imports refuse deliveries that would empty a
translated cue or put characters into a track that no subtitle can hold, and the
``control-chars`` fix keeps words apart.

Everything runs on a copy of the shipped film, as a real process, and checks that a refused
import leaves every file byte for byte as it was.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_film, snapshot
from helpers import run_subtool as run

from subtool.core.text import char_name, unholdable
from subtool.formats import srt
from subtool.project.store import read_state
from subtool.project.tracks import read_track

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def film(tmp_path: Path) -> Path:
    return copy_film(tmp_path)


def _without_text(text: str, numbers: set[int] | None = None) -> str:
    """The SRT with the text of the given cues (all when None) removed, timings kept."""
    blocks = text.rstrip("\n").split("\n\n")
    out = []
    for n, block in enumerate(blocks, 1):
        lines = block.split("\n")
        out.append("\n".join(lines[:2]) if numbers is None or n in numbers else block)
    return "\n\n".join(out) + "\n"


# -------------------------------------------------------------- empty deliveries


def test_a_delivery_of_timings_without_text_is_refused(film: Path) -> None:
    tr = (film / "subtitles" / "tr.srt").read_text("utf-8")
    (film / "delivered.srt").write_text(_without_text(tr), "utf-8")
    before = snapshot(film)
    result = run("import", "tr", "delivered.srt", cwd=film)
    assert result.returncode == 1, result.stderr
    assert "would lose 115 existing translation(s): the delivery has no text at 0:02.000 " \
           "(master cue 1)" in result.stderr
    assert "nothing was changed" in result.stderr
    assert snapshot(film) == before


def test_a_delivery_with_some_empty_cues_names_them(film: Path) -> None:
    tr = (film / "subtitles" / "tr.srt").read_text("utf-8")
    (film / "delivered.vtt").write_text("WEBVTT\n\n" + _without_text(tr, {3, 17}).replace(
        ",", "."), "utf-8")
    before = snapshot(film)
    result = run("import", "tr", "delivered.vtt", cwd=film)
    assert result.returncode == 1, result.stderr
    assert "would lose 2 existing translation(s)" in result.stderr
    assert "(master cue 3)" in result.stderr and "(master cue 17)" in result.stderr
    assert snapshot(film) == before


def test_a_first_delivery_never_records_an_empty_cue_as_accepted(film: Path) -> None:
    tr = (film / "subtitles" / "tr.srt").read_text("utf-8")
    (film / "subtitles" / "tr.srt").unlink()
    (film / "subtitles" / "state" / "tr.tsv").unlink()
    (film / "delivered.srt").write_text(_without_text(tr, {3}), "utf-8")
    result = run("import", "tr", "delivered.srt", cwd=film)
    assert result.returncode == 0, result.stderr
    state = read_state(film / "subtitles" / "state" / "tr.tsv")
    assert state is not None
    third = read_track(film / "subtitles" / "tr.srt").cues[2]
    assert third.text == ""
    assert state.entry_for(third) is None
    assert len(state.entries) == 114
    missing = run("check", "--select", "missing-translation", "subtitles/tr.srt", cwd=film)
    assert "cue 3: [missing-translation]" in missing.stdout


# ------------------------------------------------- characters a subtitle cannot hold


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x1c", "\x1f", "\x7f",
                                  "\x85", "\x9b", "\ud800", "\r"])
def test_unholdable_characters(char: str) -> None:
    assert unholdable(f"Merhaba{char}dünya") == char
    assert char_name(char).startswith(f"U+{ord(char):04X}")


def test_holdable_characters() -> None:
    for text in ("Merhaba\ndünya", "a\tb", "مرحبا\u200f", "Grüße\u00a0!", "\u2028", "😀"):
        assert unholdable(text) is None


@pytest.mark.parametrize(("char", "name"), [("\x0b", "VERTICAL TAB"), ("\x1b", "ESCAPE"),
                                            ("\x85", "NEXT LINE")])
def test_an_srt_delivery_with_a_control_character_is_refused(film: Path, char: str,
                                                             name: str) -> None:
    tr = (film / "subtitles" / "tr.srt").read_text("utf-8")
    (film / "delivered.srt").write_text(tr.replace("[Müzik]", f"[Müzik{char}]", 1), "utf-8")
    before = snapshot(film)
    result = run("import", "tr", "delivered.srt", cwd=film)
    assert result.returncode == 1, result.stderr
    line = tr[:tr.index("[Müzik]")].count("\n") + 1
    assert f"delivered.srt:{line}: cue 1 at 0:02.000 contains U+{ord(char):04X} {name}" \
        in result.stderr
    assert snapshot(film) == before


def _export(film: Path, fmt: str) -> str:
    result = run(f"export-{fmt}", "tr", cwd=film)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("raw", "shown"), [
    ("Merhaba\x00dünya", "U+0000 NULL"),  # a raw NUL in the file
    ("Merhaba\\vdünya", "U+000B VERTICAL TAB"),  # PO escapes
    ("Merhaba\\fdünya", "U+000C FORM FEED"),
    ("Merhaba\\rdünya", "U+000D CARRIAGE RETURN"),
    ("Merhaba\x1b[2Jdünya", "U+001B ESCAPE"),
], ids=["nul", "vt", "ff", "cr", "esc"])
def test_a_po_delivery_with_a_control_character_is_refused(film: Path, raw: str,
                                                           shown: str) -> None:
    po = _export(film, "po")
    changed = po.replace('msgstr "[Müzik]"', f'msgstr "{raw}"', 1)
    assert changed != po
    (film / "tr.po").write_text(changed, "utf-8")
    before = snapshot(film)
    result = run("import-po", "tr.po", cwd=film)
    assert result.returncode == 1, result.stderr
    assert "entry 'cue@00:00:02.000' (cue 1) contains " + shown in result.stderr
    # The entry's line (polib numbers an entry by its first line, the notes above msgctxt).
    msgstr = changed[:changed.index(raw)].count("\n") + 1
    shown_line = re.search(r"tr\.po:(\d+):", result.stderr)
    assert shown_line is not None and msgstr - 8 <= int(shown_line[1]) <= msgstr
    assert snapshot(film) == before


@pytest.mark.parametrize(("code", "shown"), [
    ("0", "U+0000 NULL"), ("1B", "U+001B ESCAPE"), ("B", "U+000B VERTICAL TAB"),
    ("D800", "U+D800 (half of a UTF-16 surrogate pair)"), ("DFFF", "U+DFFF"),
    ("85", "U+0085 NEXT LINE"),
])
def test_an_xliff_delivery_with_a_control_character_is_refused(film: Path, code: str,
                                                               shown: str) -> None:
    xlf = _export(film, "xliff")
    changed = xlf.replace("<target>[Müzik]</target>",
                          f'<target>Merhaba<cp hex="{code}"/>dünya</target>', 1)
    assert changed != xlf
    (film / "tr.xlf").write_text(changed, "utf-8")
    before = snapshot(film)
    result = run("import-xliff", "tr.xlf", cwd=film)
    assert result.returncode == 1, result.stderr
    assert "unit 'cue-00:00:02.000' (cue 1) contains " + shown in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(film) == before


def test_every_track_stays_readable_after_the_refusals(film: Path) -> None:
    # What the refusals protect: a NUL in a track makes every reader take it as binary.
    track = read_track(film / "subtitles" / "tr.srt")
    assert not track.diagnostics
    assert all(unholdable(c.text) is None for c in track.cues)


# ------------------------------------------------------------ the control-chars fix


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"])
def test_control_chars_fix_keeps_words_apart(tmp_path: Path, char: str) -> None:
    path = tmp_path / "de.srt"
    path.write_text(f"1\n00:00:01,000 --> 00:00:04,000\nHallo{char}Welt und{char} du\n",
                    "utf-8")
    result = run("fix", "--write", "--select", "control-chars,whitespace", "de.srt",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert srt.parse(path.read_text("utf-8")).cues[0].text == "Hallo Welt und du"
    assert run("check", "--select", "control-chars", "de.srt", cwd=tmp_path).returncode == 0


def test_control_chars_fix_still_deletes_what_is_not_a_separator(tmp_path: Path) -> None:
    path = tmp_path / "de.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:04,000\nSenioren\u200bbü\x07ros\u00ad und "
                    "\ufffd\n", "utf-8")
    assert run("fix", "--write", "--select", "control-chars", "de.srt",
               cwd=tmp_path).returncode == 0
    assert srt.parse(path.read_text("utf-8")).cues[0].text == "Seniorenbüros und \ufffd"


def test_the_check_says_what_the_fix_does(tmp_path: Path) -> None:
    path = tmp_path / "de.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:04,000\nHallo\x0bWelt\n\n"
                    "2\n00:00:05,000 --> 00:00:08,000\nHallo\x07Welt\n", "utf-8")
    out = run("check", "--select", "control-chars", "de.srt", cwd=tmp_path).stdout
    assert "U+000B VERTICAL TAB: replace it with a space" in out
    assert "U+0007 BELL: delete it" in out or "U+0007 CONTROL CHARACTER: delete it" in out


def test_nothing_imported_reads_as_binary_afterwards(film: Path) -> None:
    """The defect the refusals close: a NUL written into a track made every later command
    read the track as binary."""
    po = _export(film, "po").replace('msgstr "[Müzik]"', 'msgstr "Merhaba\x00"', 1)
    (film / "tr.po").write_text(po, "utf-8")
    run("import-po", "tr.po", cwd=film)
    result = subprocess.run([sys.executable, "-m", "subtool", "check", "subtitles/tr.srt"],
                            cwd=film, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert "binary" not in result.stdout
