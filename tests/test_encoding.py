"""Decoding: UTF-8 (with and without BOM), UTF-16, Windows-1252 fallback, binary files."""

from __future__ import annotations

import codecs

from subtool.formats import parse_bytes
from subtool.formats.encoding import decode

TEXT = "1\n00:00:01,000 --> 00:00:02,000\nGrüße aus Hörde – „Seniorenbüro“\n"


def test_plain_utf8_has_no_diagnostics() -> None:
    decoded = decode(TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.diagnostics) == (TEXT, "utf-8", ())


def test_utf8_bom_is_read_and_reported() -> None:
    track = parse_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "srt")
    assert track.cues[0].text.startswith("Grüße")
    assert [d.rule for d in track.diagnostics] == ["encoding"]


def test_utf16_with_and_without_bom() -> None:
    for data in (TEXT.encode("utf-16"), TEXT.encode("utf-16-le"), TEXT.encode("utf-16-be")):
        track = parse_bytes(data, "srt")
        assert track.cues[0].text == "Grüße aus Hörde – „Seniorenbüro“"
        assert [d.rule for d in track.diagnostics] == ["encoding"]


def test_windows_1252_fallback_decodes_umlauts_and_names_the_line() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nGrüße – „Büro“\n".encode("cp1252")
    track = parse_bytes(data, "srt")
    assert track.cues[0].text == "Grüße – „Büro“"
    (diag,) = track.diagnostics
    assert (diag.rule, diag.line) == ("encoding", 3)
    assert "Windows-1252" in diag.message


def test_undefined_cp1252_bytes_are_kept_not_lost() -> None:
    track = parse_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nA\x81\xfc\n", "srt")
    assert track.cues[0].text == "A\x81ü"


def test_binary_file_is_a_parse_error_without_cues() -> None:
    track = parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "srt")
    assert track.cues == ()
    assert [d.rule for d in track.diagnostics] == ["parse-error"]
    assert "binary" in track.diagnostics[0].message
