"""SRT as ffmpeg reads it: subtool's cues against ffmpeg's SRT demuxer and real files.

ffmpeg (Debian's package: ``ffprobe -f srt -show_packets -show_data``) is the reference for
the timing forms and block structure subtool reads; the files of
``../shared/corpus/srt-real`` (other projects' test files, not copied here) are checked with
``scripts/srt_conformance.py``: no cue lost or changed without a located problem, and the
text equal to the file's true text. Tests skip when ffprobe or the corpus is absent.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from subtool.core.model import Severity, Track
from subtool.formats import parse_bytes, srt
from subtool.formats.encoding import LanguageHint

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "srt-real"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "srt_conformance", ROOT / "scripts" / "srt_conformance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


conformance = _load_script()
needs_ffprobe = pytest.mark.skipif(shutil.which("ffprobe") is None,
                                   reason="needs ffprobe (Debian package ffmpeg)")


def ffmpeg_cues(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cue ffmpeg reads from ``text``, in file order."""
    refs = conformance.reference_cues(text)
    assert refs is not None, "ffmpeg could not read the file"
    return [(r.start, r.end, r.text) for r in refs]


def ours(track: Track) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.text) for c in track.cues]


def syntax(track: Track) -> list[tuple[int | None, Severity | None]]:
    return [(d.line, d.severity) for d in track.diagnostics if d.rule == "syntax"]


HEAD = "1\n00:00:01,000 --> 00:00:02,000\nErste Zeile\n\n"
# Forms ffmpeg reads (its sscanf "%d:%d:%d%*1[,.]%d --> …"); each after a canonical first
# cue, since ffmpeg's probe only recognises files whose first cue is canonical.
LENIENT = {
    "dot": "2\n00:00:03.250 --> 00:00:04.500\nPunkt statt Komma\n",
    "one-digit-hour": "2\n0:00:03,250 --> 0:00:04,500\nEinstellige Stunde\n",
    "one-digit-fields": "2\n00:0:3,250 --> 00:0:4,500\nEinstellige Felder\n",
    "arrow-without-spaces": "2\n00:00:03,250-->00:00:04,500\nPfeil ohne Leerzeichen\n",
    "arrow-with-tabs": "2\n00:00:03,250\t-->\t00:00:04,500\nTabulatoren\n",
    "indented-timing": "2\n  00:00:03,250 --> 00:00:04,500\nEingerückt\n",
    "not-a-number": "B\n00:00:03,250 --> 00:00:04,500\nKeine Nummer\n",
    "number-then-blank": "2\n\n00:00:03,250 --> 00:00:04,500\nLeerzeile nach Nummer\n",
    "missing-blank-line": "2\n00:00:03,250 --> 00:00:04,500\nOhne Leerzeile\n"
                          "3\n00:00:05,000 --> 00:00:06,000\nDanach\n",
    "blank-line-in-text": "2\n00:00:03,250 --> 00:00:04,500\nErster Teil\n\nZweiter Teil\n\n"
                          "3\n00:00:05,000 --> 00:00:06,000\nDanach\n",
    "two-blank-lines-in-text": "2\n00:00:03,250 --> 00:00:04,500\nA\n\n\nB\n\nC\n",
}


@needs_ffprobe
@pytest.mark.parametrize("case", LENIENT)
def test_forms_ffmpeg_reads_are_read_the_same_and_reported(case: str) -> None:
    text = HEAD + LENIENT[case]
    track = srt.parse(text)
    expected = ffmpeg_cues(text)
    if case == "not-a-number":
        # ffmpeg shows the stray "B" as text of cue 1, and so does subtool (it was read as
        # an identifier once, and fix and convert then left it out).
        assert expected[0][2] == "Erste Zeile\nB"
        assert srt.compose(track).startswith(f"1\n00:00:01,000 --> 00:00:02,000\n{expected[0][2]}")
    assert ours(track) == expected
    assert not [d for d in track.diagnostics if d.rule == "parse-error"]
    found = [d for d in track.diagnostics if d.rule == "syntax"]
    assert len(found) == (2 if case == "two-blank-lines-in-text" else 1)
    for d in found:
        assert d.line is not None and d.line >= 5  # located at the place, not the file
        assert d.severity in (Severity.WARNING, Severity.ERROR)


@needs_ffprobe
def test_cue_without_number_is_read_as_ffmpeg_reads_it() -> None:
    text = HEAD + "00:00:03,250 --> 00:00:04,500\nOhne Nummer\n"
    track = srt.parse(text)
    assert ours(track) == ffmpeg_cues(text)
    assert track.diagnostics == ()  # the numbering rule reports it


@needs_ffprobe
@pytest.mark.parametrize("timing", [
    "00:00:03,5 --> 00:00:04,500", "00:00:03,250 --> 00:00:04,50",
    "00:00:03,2500 --> 00:00:04,500", "00:00:03.25 --> 00:00:04.50",
], ids=["one-digit-ms", "two-digit-ms", "four-digit-ms", "dot-two-digit-ms"])
def test_ambiguous_milliseconds_stay_parse_errors_though_ffmpeg_reads_them(
        timing: str) -> None:
    text = HEAD + f"2\n{timing}\nMehrdeutig\n\n3\n00:00:05,000 --> 00:00:06,000\nDanach\n"
    assert len(ffmpeg_cues(text)) == 3  # ffmpeg reads a number of milliseconds
    track = srt.parse(text)
    assert [c.text for c in track.cues] == ["Erste Zeile", "Danach"]
    (error,) = track.diagnostics
    assert (error.rule, error.line) == ("parse-error", 6)
    assert "ambiguous" in error.message


@needs_ffprobe
def test_time_without_milliseconds_is_read_and_an_error_because_ffmpeg_loses_the_cue() -> None:
    text = HEAD + "2\n00:00:03 --> 00:00:04\nOhne Millisekunden\n"
    # ffmpeg shows the lines as text of cue 1: the cue is missing for its players.
    assert ffmpeg_cues(text) == [(1000, 2000, "Erste Zeile\n2\n00:00:03 --> 00:00:04\n"
                                  "Ohne Millisekunden")]
    track = srt.parse(text)
    assert ours(track) == [(1000, 2000, "Erste Zeile"), (3000, 4000, "Ohne Millisekunden")]
    assert syntax(track) == [(6, Severity.ERROR)]


@needs_ffprobe
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_are_read_as_ffmpeg_reads_them(newline: str) -> None:
    text = (HEAD + LENIENT["blank-line-in-text"]).replace("\n", newline)
    assert ours(srt.parse(text)) == ffmpeg_cues(text)


def test_lenient_forms_are_written_canonically() -> None:
    track = srt.parse(HEAD + LENIENT["dot"] + "\n3\n0:00:05,000-->0:00:06\nC\n")
    assert srt.compose(track) == (HEAD + "2\n00:00:03,250 --> 00:00:04,500\n"
                                  "Punkt statt Komma\n\n3\n00:00:05,000 --> 00:00:06,000\nC\n")
    assert srt.parse(srt.compose(track)).diagnostics == ()


def test_many_deviations_are_one_located_problem_per_kind() -> None:
    text = "".join(f"0:00:{n:02d}.000 --> 0:00:{n:02d}.500\nCue {n}\n\n" for n in range(20))
    track = srt.parse(text)
    assert len(track.cues) == 20
    assert [(d.line, d.severity) for d in track.diagnostics] == [
        (1, Severity.WARNING)] * 2  # dot, one-digit hour (no number: the numbering rule)
    assert "lines 1, 4, 7, 10, 13 and 15 more" in track.diagnostics[0].message


def rows() -> list[dict[str, str]]:
    return conformance.sources(CORPUS) if (CORPUS / "SOURCES.tsv").is_file() else []


@needs_ffprobe
@pytest.mark.slow
@pytest.mark.skipif(not rows(), reason=f"conformance corpus not present at {CORPUS}")
@pytest.mark.parametrize("row", rows(), ids=lambda row: row["file"][:60])
def test_real_files_lose_no_cue_silently_and_keep_their_true_text(row: dict[str, str]) -> None:
    data = (CORPUS / row["file"]).read_bytes()
    result = conformance.compare(row["file"], data, row["encoding"], probe_original=False)
    assert result.failures == [], result.line()
    assert result.subtool > 0 or result.reference == 0 or result.explained


@needs_ffprobe
def test_the_conformance_check_catches_a_lost_cue_and_a_wrong_decoding(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + "2\n00:00:03,000 --> 00:00:04,000\nЗдравствуйте\n"
    refused = conformance.compare("x.srt", text.encode("cp1251"), "cp1251")
    assert (refused.subtool, refused.failures) == (0, [])  # no language: refused, located
    assert refused.explained

    def drop_second(data: bytes, fmt: str | None = None, *,
                    hint: LanguageHint | None = None) -> Track:
        track = parse_bytes(data, fmt, hint=hint)
        return Track(track.cues[:1], track.format, diagnostics=track.diagnostics)

    monkeypatch.setattr(conformance, "parse_bytes", drop_second)
    lost = conformance.compare("x.srt", text.encode("utf-8"), "utf-8")
    assert any("lost or changed silently" in f for f in lost.failures)

    def as_cp1252(data: bytes, fmt: str | None = None, *,
                  hint: LanguageHint | None = None) -> Track:
        return srt.parse(data.decode("cp1252"))

    monkeypatch.setattr(conformance, "parse_bytes", as_cp1252)
    garbled = conformance.compare("x.srt", text.encode("cp1251"), "cp1251")
    assert any("not in the file's true text" in f for f in garbled.failures)
