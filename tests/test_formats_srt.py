"""The SRT reader and writer: located, lenient reading; strict writing."""

from __future__ import annotations

import pytest

from subtool.core.model import Cue, Severity, Track
from subtool.formats import srt

GOOD = ("1\n00:00:01,000 --> 00:00:02,500\nHallo\nWelt\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nTschüss\n")


def test_reads_cues_with_times_text_and_lines() -> None:
    track = srt.parse(GOOD)
    assert [(c.start, c.end, c.text, c.identifier, c.line) for c in track.cues] == [
        (1000, 2500, "Hallo\nWelt", "1", 2), (3000, 4000, "Tschüss", "2", 7)]
    assert track.diagnostics == ()


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_ends(newline: str) -> None:
    assert srt.parse(GOOD.replace("\n", newline)).cues == srt.parse(GOOD).cues


@pytest.mark.parametrize(("timing", "reason"), [
    ("00:00:01,000 -> 00:00:02,000", "arrow"),
    ("00:00:5,00 --> 00:00:06,000", "ambiguous"),
    ("00:01,000 --> 00:02,000", "times must look like"),
    ("00:00:01,000 00:00:02,000", "no '-->'"),
    ("00:00:01,000 --> 00:00:75,000", "00 to 59"),
], ids=["single-arrow", "two-digit-ms", "no-hours", "no-arrow", "seconds-75"])
def test_bad_timing_line_is_a_located_parse_error_and_reading_continues(
        timing: str, reason: str) -> None:
    text = f"1\n00:00:00,000 --> 00:00:00,900\nA\n\n2\n{timing}\nB\n\n3\n" \
           "00:00:03,000 --> 00:00:04,000\nC\n"
    track = srt.parse(text)
    assert [c.text for c in track.cues] == ["A", "C"]
    (diag,) = track.diagnostics
    assert diag.rule == "parse-error"
    assert diag.line == 6
    assert reason in diag.message


def test_text_after_a_blank_line_stays_in_the_cue_as_ffmpeg_shows_it_and_is_an_error() -> None:
    # ffmpeg (srtdec.c skips blank lines) and Subtitle Edit show these lines in cue 1.
    text = "1\n00:00:01,000 --> 00:00:02,000\nA\n\nstray text\nmore\n\n2\n" \
           "00:00:03,000 --> 00:00:04,000\nB\n"
    track = srt.parse(text)
    assert [c.text for c in track.cues] == ["A\nstray text\nmore", "B"]
    (diag,) = track.diagnostics
    assert (diag.rule, diag.line, diag.cue, diag.severity) == ("syntax", 5, 1, Severity.ERROR)
    assert "lines 5–6" in diag.message


def test_text_before_the_first_cue_is_a_parse_error() -> None:
    text = "Untertitel: Stadt Dortmund\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n"
    track = srt.parse(text)
    assert [c.text for c in track.cues] == ["A"]
    assert [(d.rule, d.line) for d in track.diagnostics] == [("parse-error", 1)]


def test_missing_blank_line_between_cues_splits_them_and_reports() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n"
    track = srt.parse(text)
    assert [c.text for c in track.cues] == ["A", "B"]
    assert [(d.rule, d.line) for d in track.diagnostics] == [("syntax", 4)]


def test_empty_cue_survives_reading_and_writing() -> None:
    track = Track((Cue(0, 1000, "", "1"), Cue(2000, 3000, "B", "2")))
    assert srt.parse(srt.compose(track)).cues == track.cues


def test_compose_numbers_from_one_and_uses_lf_and_final_newline() -> None:
    track = Track((Cue(5, 10, "x", "7"), Cue(3_600_000, 3_600_001, "y", "")))
    assert srt.compose(track) == ("1\n00:00:00,005 --> 00:00:00,010\nx\n\n"
                                  "2\n01:00:00,000 --> 01:00:00,001\ny\n")


def test_plain_compose_removes_markup() -> None:
    track = Track((Cue(0, 1000, "<i>Hallo</i> {\\an8}<font color=\"red\">Welt</font>", "1"),))
    assert "Hallo Welt" in srt.compose(track, plain=True)
    assert "<" not in srt.compose(track, plain=True)


def test_missing_number_is_read() -> None:
    track = srt.parse("00:00:01,000 --> 00:00:02,000\nA\n")
    assert [(c.identifier, c.text) for c in track.cues] == [("", "A")]


def test_hours_beyond_99() -> None:
    (cue,) = srt.parse("1\n100:00:00,000 --> 100:00:01,000\nA\n").cues
    assert cue.start == 360_000_000
