"""Decoding: UTF-8 (with and without BOM), UTF-16, legacy code pages by language, binary files.

The film's languages in their legacy code pages, damaged UTF-8 and refusals are in
test_encoding_languages.py.
"""

from __future__ import annotations

import codecs

from subtool.core.model import Severity
from subtool.formats import parse_bytes
from subtool.formats.encoding import LanguageHint, decode

GERMAN = LanguageHint("de", "Latn", ("cp1252",), "äöüßÄÖÜ")

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


def test_windows_1252_german_file_is_converted_by_its_language_and_is_an_error() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nGrüße – „Büro“\n".encode("cp1252")
    track = parse_bytes(data, "srt", hint=GERMAN)
    assert track.cues[0].text == "Grüße – „Büro“"
    (diag,) = track.diagnostics
    assert (diag.rule, diag.line, diag.severity) == ("encoding", 3, Severity.ERROR)
    assert "Windows-1252" in diag.message
    assert "converted" in diag.message


def test_legacy_file_without_a_language_is_refused_not_guessed() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nGrüße – „Büro“\n".encode("cp1252")
    track = parse_bytes(data, "srt")
    assert track.cues == ()
    (diag,) = track.diagnostics
    assert (diag.rule, diag.line) == ("parse-error", 3)
    assert "UTF-8" in diag.message


def test_byte_undefined_in_the_languages_code_page_is_refused_not_guessed() -> None:
    # 0x81 is unassigned in Windows-1252: no German decoding holds it.
    track = parse_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nA\x81\xfc\n", "srt",
                        hint=GERMAN)
    assert track.cues == ()
    assert [d.rule for d in track.diagnostics] == ["parse-error"]


def test_binary_file_is_a_parse_error_without_cues() -> None:
    track = parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "srt")
    assert track.cues == ()
    assert [d.rule for d in track.diagnostics] == ["parse-error"]
    assert "binary" in track.diagnostics[0].message
