"""The subtitle writers: what ``subtool convert`` writes reads back as it was, or is refused.

Each test here was written against a defect a hostile-input pass found (SBV hours, text that
ASS, TTML, MicroDVD and MPL2 would change, pysubs2 warnings, ASS read leniently) and fails
when the fix it guards is taken out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_subtool as run

from subtool.core.errors import ContentError
from subtool.core.model import Cue, Track
from subtool.formats import compose, parse_bytes, parse_text, sbv
from subtool.formats.verify import seen

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "srt-real"

# ------------------------------------------------------------------------------ SBV hours

TEN_HOURS = ("1\n09:59:59,000 --> 10:00:02,000\nlong film\n\n"
             "2\n123:00:00,000 --> 123:00:02,000\nvery long\n")


def test_sbv_writes_every_digit_of_the_hours(tmp_path: Path) -> None:
    (tmp_path / "ten.srt").write_text(TEN_HOURS, "utf-8")
    result = run("convert", "ten.srt", "ten.sbv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ten.sbv").read_text("utf-8") == (
        "9:59:59.000,10:00:02.000\nlong film\n\n123:00:00.000,123:00:02.000\nvery long\n")
    back = run("convert", "ten.sbv", "back.srt", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert (tmp_path / "back.srt").read_text("utf-8") == TEN_HOURS


@pytest.mark.parametrize(("ms", "text"), [(0, "0:00:00.000"), (3_599_999, "0:59:59.999"),
                                          (36_000_000, "10:00:00.000"),
                                          (186_048_000, "51:40:48.000")])
def test_sbv_time_has_one_digit_hours_below_ten_and_all_digits_above(ms: int,
                                                                      text: str) -> None:
    # YouTube writes 0:00:01.000; Subtitle Edit reads any number of hour digits.
    assert sbv.format_time(ms) == text
    assert re.fullmatch(sbv.TIMING_RE, f"{text},{text}")


LONG_FILES = ("ccextractor__multiprogram_spain_nosplit.srt",  # 17 h
              "ccextractor__test_split_verification__c49_test.srt")  # 51 h


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus/srt-real")
@pytest.mark.parametrize("name", LONG_FILES)
def test_real_files_of_many_hours_convert_to_sbv_and_back(tmp_path: Path, name: str) -> None:
    source = CORPUS / name
    if not source.is_file():
        pytest.skip(f"{name} is not in the corpus")
    original = parse_bytes(source.read_bytes(), "srt")
    assert max(c.end for c in original.cues) >= 10 * 3_600_000  # the point of the test
    result = run("convert", str(source), "long.sbv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    back = parse_bytes((tmp_path / "long.sbv").read_bytes(), "sbv")
    assert not back.diagnostics
    assert [(c.start, c.end, c.text) for c in back.cues] \
        == [(c.start, c.end, c.text) for c in original.cues]


# ------------------------------------------------- text a format would change is refused

LITERAL = "1\n00:00:01,000 --> 00:00:03,000\nPfad C:\\neu\\haus \\h {Anmerkung} x\n"


@pytest.mark.parametrize(("ext", "why"), [
    ("ass", "holds “\\n”, which ASS shows as a line break"),
    ("ssa", "holds “\\n”, which SSA shows as a line break"),
    ("sub", "holds “{Anmerkung}”, which MicroDVD takes for a control code"),
])
def test_text_a_format_would_change_is_refused_naming_the_cue(tmp_path: Path, ext: str,
                                                              why: str) -> None:
    (tmp_path / "lit.srt").write_text(LITERAL, "utf-8")
    result = run("convert", "lit.srt", f"lit.{ext}", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "without changing cue 1" in result.stderr and why in result.stderr, result.stderr
    assert result.stderr.startswith("subtool: error: lit.srt: "), result.stderr
    assert not (tmp_path / f"lit.{ext}").exists()


@pytest.mark.parametrize("ext", ["ttml", "dfxp", "mpl", "sbv", "vtt"])
def test_backslashes_and_braces_are_written_as_text(tmp_path: Path, ext: str) -> None:
    (tmp_path / "lit.srt").write_text(LITERAL, "utf-8")
    assert run("convert", "lit.srt", f"lit.{ext}", cwd=tmp_path).returncode == 0
    assert "C:\\neu\\haus \\h {Anmerkung} x" in (tmp_path / f"lit.{ext}").read_text("utf-8")
    back = run("convert", f"lit.{ext}", "back.srt", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert (tmp_path / "back.srt").read_text("utf-8") == LITERAL


STYLED = ("1\n00:00:01,000 --> 00:00:03,000\n<i>kursiv</i> und <b>fett</b>\n\n"
          "2\n00:00:04,000 --> 00:00:06,000\n<i>ganze Zeile</i>\nnormal\n")


@pytest.mark.parametrize("ext", ["ass", "ssa", "ttml"])
def test_italic_and_bold_come_back(tmp_path: Path, ext: str) -> None:
    (tmp_path / "in.srt").write_text(STYLED, "utf-8")
    assert run("convert", "in.srt", f"out.{ext}", cwd=tmp_path).returncode == 0
    assert run("convert", f"out.{ext}", "back.srt", cwd=tmp_path).returncode == 0
    assert (tmp_path / "back.srt").read_text("utf-8") == STYLED


def test_ttml_styling_from_another_tool_is_read() -> None:
    ttml = ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
            '<head><styling><style xml:id="it" tts:fontStyle="italic"/></styling></head>'
            '<body><div><p begin="1s" end="2s" style="it">ganz <span tts:fontStyle="normal">'
            'nicht</span></p><p begin="3s" end="4s">a<br/><span tts:textDecoration="underline">'
            'u</span></p></div></body></tt>')
    track = parse_bytes(ttml.encode(), "ttml")
    assert [c.text for c in track.cues] == ["<i>ganz </i>nicht", "a\n<u>u</u>"]


@pytest.mark.parametrize(("ext", "why"), [
    ("sub", "can only make a whole cue italic"),
    ("mpl", "can only make whole lines italic"),
])
def test_styling_a_format_cannot_hold_is_refused(tmp_path: Path, ext: str, why: str) -> None:
    (tmp_path / "in.srt").write_text(STYLED, "utf-8")
    result = run("convert", "in.srt", f"out.{ext}", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "cue 1" in result.stderr and why in result.stderr, result.stderr
    assert not (tmp_path / f"out.{ext}").exists()


def test_whole_italic_lines_survive_mpl2_and_microdvd(tmp_path: Path) -> None:
    whole = "1\n00:00:01,000 --> 00:00:03,000\n<i>ganz\nkursiv</i>\n"
    (tmp_path / "in.srt").write_text(whole, "utf-8")
    for ext in ("mpl", "sub"):
        assert run("convert", "in.srt", f"out.{ext}", cwd=tmp_path).returncode == 0
        assert run("convert", f"out.{ext}", f"{ext}.srt", cwd=tmp_path).returncode == 0
        back = parse_bytes((tmp_path / f"{ext}.srt").read_bytes(), "srt")
        assert seen(back.cues[0].text) == seen("<i>ganz\nkursiv</i>"), ext
    assert (tmp_path / "out.mpl").read_text("utf-8") == "[10][30] /ganz|/kursiv\n"


@pytest.mark.parametrize(("text", "ext", "why"), [
    ("a | b", "mpl", "holds “|”, which MPL2 shows as a line break"),
    ("a | b", "sub", "holds “|”, which MicroDVD shows as a line break"),
    ("/nicht kursiv", "mpl", "makes MPL2 show it in italics"),
])
def test_format_markup_in_plain_text_is_refused(tmp_path: Path, text: str, ext: str,
                                                why: str) -> None:
    (tmp_path / "in.srt").write_text(f"1\n00:00:01,000 --> 00:00:03,000\n{text}\n", "utf-8")
    result = run("convert", "in.srt", f"out.{ext}", cwd=tmp_path)
    assert result.returncode == 1 and why in result.stderr, result.stderr


def test_the_text_as_viewers_see_it() -> None:
    assert seen("<i>a</i>\n<i>b</i>") == seen("<i>a\nb</i>")
    assert seen("a  b ") == seen("a b")
    assert seen("<i>a</i>") != seen("a")
    assert seen("C:\\neu") != seen("C:\neu")


# ------------------------------------------------------------- ASS and SSA read strictly

HEAD = "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
FORMAT = "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"


def _problems(folder: Path, name: str, text: str) -> list[tuple[int | None, str, str]]:
    import json  # noqa: PLC0415

    (folder / name).write_text(text, "utf-8")
    result = run("check", "--format", "json", name, cwd=folder)
    assert "Warning" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return [(p["line"], p["rule"], p["message"]) for p in json.loads(result.stdout)["problems"]
            if p["rule"] in ("parse-error", "syntax")]


def test_a_pysubs2_warning_is_a_located_problem_not_standard_error(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "w.ass", HEAD + "Format: Start, Start, End, Text\n"
                         "Dialogue: 0:00:01.00,0:00:01.00,0:00:03.00,Hallo\n")
    assert problems == [(5, "parse-error", "the Format line names start more than once: "
                                           "which column is meant cannot be told")]
    problems = _problems(tmp_path, "l.ass", HEAD + FORMAT
                         + "Dialogue: x,0:00:01.00,0:00:03.00,Default,,0,0,0,,Hallo\n")
    assert problems == [(6, "syntax", "the layer 'x' is not a whole number: players use 0")]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("this is not ass at all\n", 1, "this is not an ASS file"),
    ("", 1, "the file is empty"),
    (HEAD + FORMAT + "Dialogeu: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,zwei\n", 6,
     "is not an event line"),
    (HEAD + FORMAT + "Dialogue: 0,0:00:01.0x,0:00:02.00,Default,,0,0,0,,drei\n", 6,
     "the start time '0:00:01.0x' is not a time"),
    (HEAD + FORMAT + "Dialogue: 0,0:00:06.00\n", 6, "has 2 fields where the Format line names 10"),
    (HEAD + "Format: Start, End, Text, Layer\nDialogue: 0:00:01.00,0:00:02.00,a,0\n", 5,
     "does not end with Text"),
    ("[Script Info]\nTitle: x\n", None, "no [Events] section"),
])
def test_ass_a_player_would_read_otherwise_is_a_parse_error_with_its_line(
        tmp_path: Path, text: str, line: int | None, words: str) -> None:
    problems = _problems(tmp_path, "in.ass", text)
    assert any(p[0] == line and p[1] == "parse-error" and words in p[2] for p in problems), \
        problems
    result = run("convert", "in.ass", "out.srt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert not (tmp_path / "out.srt").exists()


def test_ass_fields_are_read_in_the_order_of_the_format_line(tmp_path: Path) -> None:
    (tmp_path / "o.ass").write_text(HEAD + "Format: Start, End, Style, Layer, Text\n"
                                    "Dialogue: 0:00:01.00,0:00:03.50,Default,0,Hallo, Welt\n",
                                    "utf-8")
    result = run("convert", "o.ass", "o.srt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o.srt").read_text("utf-8") == \
        "1\n00:00:01,000 --> 00:00:03,500\nHallo, Welt\n"


def test_ass_cue_problems_name_the_dialogue_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "n.ass", HEAD + FORMAT + "; a comment\n\n"
                         "Dialogue: 0,0:00:03.00,0:00:01.00,Default,,0,0,0,,rückwärts\n")
    assert problems == []
    import json  # noqa: PLC0415

    result = run("check", "--format", "json", "n.ass", cwd=tmp_path)
    lines = {p["line"] for p in json.loads(result.stdout)["problems"]}
    assert lines == {8}, result.stdout



@pytest.mark.parametrize(("fmt", "text", "reason"), [
    ("srt", "Hallo\n00:00:05,000 --> 00:00:06,000\nWelt", "“-->”, which marks a timing line"),
    ("srt", "Hallo\r\rWelt", "a carriage return"),
    ("vtt", "Hallo\r\rWelt", "a carriage return"),
])
def test_srt_and_webvtt_refuse_text_that_would_read_back_otherwise(
        fmt: str, text: str, reason: str) -> None:
    # SRT and WebVTT are checked by a screen at C speed (one arrow per cue, no CR or NUL)
    # and read back only when it fails: such text comes from other formats or programs.
    with pytest.raises(ContentError, match=re.escape(reason)) as refused:
        compose(Track((Cue(0, 1000, text, "1"), Cue(2000, 3000, "Zwei", "2"))), fmt)
    assert "cue 1" in str(refused.value) and "convert to" not in (refused.value.hint or "")


def test_webvtt_writes_an_arrow_in_text_escaped_and_reads_it_back() -> None:
    track = Track((Cue(0, 1000, "Hallo\n00:00:05,000 --> 00:00:06,000", "1"),
                   Cue(2000, 3000, "a -> b & <i>c</i>", "2")))
    back = parse_text(compose(track, "vtt"), "vtt")
    assert [c.text for c in back.cues] == [c.text for c in track.cues]
    assert compose(Track((Cue(0, 1000, "a -> b", "1"),)), "srt")
