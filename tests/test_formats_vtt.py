"""The WebVTT reader and writer: identifiers, settings, NOTE blocks, escaping."""

from __future__ import annotations

from subtool.core.model import Cue, Track
from subtool.formats import vtt

SAMPLE = """WEBVTT - Dortmund

STYLE
::cue { color: yellow }

NOTE made by hand
two lines

intro
00:01.000 --> 00:00:02.500 line:90% align:center
Hallo &amp; willkommen &lt;3
<i>Welt</i>

NOTE between cues

00:00:03.000 --> 00:00:04.000
Zweite
"""


def test_reads_identifiers_settings_blocks_and_entities() -> None:
    track = vtt.parse(SAMPLE)
    assert track.header == " - Dortmund"
    first, second = track.cues
    assert (first.identifier, first.start, first.end, first.settings) == (
        "intro", 1000, 2500, "line:90% align:center")
    assert first.text == "Hallo & willkommen <3\n<i>Welt</i>"
    assert first.line == 10
    assert second.identifier == ""
    assert [(b.kind, b.before) for b in track.blocks] == [("STYLE", 0), ("NOTE", 0), ("NOTE", 1)]
    assert track.diagnostics == ()


def test_round_trip_keeps_ids_settings_notes_and_escapes() -> None:
    track = vtt.parse(SAMPLE)
    again = vtt.parse(vtt.compose(track))
    assert again == track
    assert "Hallo &amp; willkommen &lt;3" in vtt.compose(track)


def test_missing_header_is_a_parse_error_and_no_cues_as_browsers_refuse_the_file() -> None:
    # Browsers refuse a file without the WEBVTT signature and show none of its cues
    # (tests/data/webvtt/no-signature.vtt, checked in Chromium).
    track = vtt.parse("00:01.000 --> 00:02.000\nA\n")
    assert track.cues == ()
    assert [(d.rule, d.line) for d in track.diagnostics] == [("parse-error", 1)]


def test_arrow_inside_payload_ends_the_cue() -> None:
    # Browsers read both cues: the missing blank line breaks the authoring rules only.
    track = vtt.parse("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n")
    assert [c.text for c in track.cues] == ["A", "B"]
    assert [(d.rule, d.line) for d in track.diagnostics] == [("syntax", 5)]


def test_bad_timestamp_reported_with_line() -> None:
    track = vtt.parse("WEBVTT\n\n1\n00:01,000 --> 00:02.000\nA\n\n00:03.000 --> 00:04.000\nB\n")
    assert [c.text for c in track.cues] == ["B"]
    (diag,) = track.diagnostics
    assert (diag.rule, diag.line) == ("parse-error", 4)


def test_writer_escapes_arrow_and_ampersand_in_text() -> None:
    track = Track((Cue(0, 1000, "a --> b & c", "x"),), "vtt")
    out = vtt.compose(track)
    assert "a --&gt; b &amp; c" in out
    assert vtt.parse(out).cues == track.cues


def test_compose_without_blocks_drops_style_and_region() -> None:
    out = vtt.compose(vtt.parse(SAMPLE), keep_blocks=False)
    assert "STYLE" not in out
    assert "NOTE" not in out
    assert out.startswith("WEBVTT - Dortmund\n\n")
