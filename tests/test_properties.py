"""Hypothesis properties: round trips, and no input ever crashes the reader or the CLI."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from subtool.cli.app import make_app
from subtool.core.errors import SubtoolError
from subtool.core.model import Cue, Track
from subtool.formats import parse_bytes, srt, vtt

# Text lines as a subtitler could type them: any characters but line breaks, not blank,
# and nothing that reads as a cue number or timing line on its own.
_line = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\x00\x0b"
                           "\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff"),
    min_size=1, max_size=30,
).filter(lambda s: s.strip() != "" and "-->" not in s and not s.strip().isdigit()
         and s == s.strip())
_text = st.lists(_line, min_size=0, max_size=3).map("\n".join)


@st.composite
def tracks(draw: st.DrawFn, fmt: str) -> Track:
    n = draw(st.integers(0, 8))
    starts = sorted(draw(st.lists(st.integers(0, 10 * 3_600_000), min_size=n, max_size=n)))
    cues = []
    for i, start in enumerate(starts):
        end = start + draw(st.integers(0, 20_000))
        text = draw(_text)
        if fmt == "srt":
            cues.append(Cue(start, end, text, str(i + 1)))
        else:
            ident = draw(st.sampled_from(["", f"c{i}", f"Szene {i} – Hörde"]))
            settings_ = draw(st.sampled_from(["", "line:90%", "align:start position:10%"]))
            cues.append(Cue(start, end, text, ident, settings_))
    return Track(tuple(cues), fmt)


@given(tracks("srt"))
@settings(max_examples=200)
def test_srt_compose_parse_round_trip(track: Track) -> None:
    again = srt.parse(srt.compose(track))
    assert again.cues == track.cues
    assert again.diagnostics == ()


@given(tracks("vtt"))
@settings(max_examples=200)
def test_vtt_compose_parse_round_trip(track: Track) -> None:
    again = vtt.parse(vtt.compose(track))
    assert again.cues == track.cues
    assert again.diagnostics == ()


@given(st.binary(max_size=400), st.sampled_from(["srt", "vtt", "sbv", None]))
@settings(max_examples=300)
def test_reading_arbitrary_bytes_never_raises(data: bytes, fmt: str | None) -> None:
    with contextlib.suppress(SubtoolError):
        parse_bytes(data, fmt, name="x.srt")


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_reading_arbitrary_text_never_raises(text: str) -> None:
    for parse in (srt.parse, vtt.parse):
        parse(text)


_runner = CliRunner()


@given(st.one_of(st.binary(max_size=300),
                 st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass"))))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cli_never_shows_a_traceback_for_any_file(tmp_path: Path, data: bytes) -> None:
    for name in ("x.de.srt", "x.ar.vtt"):
        path = tmp_path / name
        path.write_bytes(data)
        result = _runner.invoke(make_app(), ["check", "--format", "json", str(path)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
