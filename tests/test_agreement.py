"""``subtool check`` and ``subtool fix`` agree: a fix changes only what its rule reports, and
``glossary apply`` changes exactly what the house-style rule reports, however the file is
written (line ends of any kind).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_subtool as run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtool.config import Options, Settings
from subtool.core.model import Cue, Track
from subtool.engine.check import check_track, make_context
from subtool.rules import BY_ID

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(root=ROOT, duration=600_000)
FIXABLE = sorted(r.id for r in BY_ID.values() if r.fixable)
# line-length and max-lines share one fix (the cue is reflowed within both limits).
_SHARED = {"line-length": {"line-length", "max-lines"}, "max-lines": {"line-length", "max-lines"}}
# numbering reports a run of wrongly numbered cues at its first cue (with the count).
_RUNS = {"numbering"}

_WORDS = st.sampled_from(["Hallo", "Welt", "...", "…", "?", ",", "Şi", "ţara", "Γραφείo",
                          "Сeнтр", "مرحبا", "dortmund.de", "<i>x</i>", "{\\an8}", "\u200b",
                          "\x0b", " ", "  ", "\t", "Senior*innen", "\u037e", "ein sehr "
                          "langer Satz der nicht auf eine Zeile passt und weiter geht"])
_TEXT = st.lists(_WORDS, min_size=0, max_size=8).map(" ".join)


@st.composite
def tracks(draw: st.DrawFn) -> Track:
    cues = []
    start = draw(st.integers(0, 2000))
    for _ in range(draw(st.integers(1, 6))):
        duration = draw(st.integers(0, 9000))
        cues.append(Cue(start, start + duration, draw(_TEXT)))
        start += duration + draw(st.sampled_from([-200, 0, 40, 79, 80, 81, 300, 480, 500, 501,
                                                  2000]))
    return Track(tuple(cues), "srt")


@pytest.mark.parametrize("rule_id", FIXABLE)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(track=tracks(), lang=st.sampled_from(["de", "ar", "ro", "el", "ru"]))
def test_a_fix_changes_only_what_its_rule_reports(rule_id: str, track: Track,
                                                  lang: str) -> None:
    options = Options(select=frozenset(_SHARED.get(rule_id, {rule_id})))
    reported = check_track("x.srt", track, lang=lang, settings=SETTINGS, options=options)
    rule = BY_ID[rule_id]
    assert rule.fix is not None
    ctx = make_context("x.srt", track, lang=lang, settings=SETTINGS, options=options)
    ctx.rule = rule
    fixed = rule.fix(ctx)
    if not reported:
        assert fixed.cues == track.cues, f"{rule_id} changed a track its check accepts"
    if rule_id in _RUNS:
        return
    changed = {i + 1 for i, (a, b) in enumerate(zip(track.cues, fixed.cues, strict=True))
               if a != b}
    cues = {p.cue for p in reported}
    # A timing fix moves the end of the cue before the reported one.
    near = cues | {c - 1 for c in cues if c}
    assert changed <= near, f"{rule_id} changed cues {changed - near} it did not report"


def test_min_gap_fix_and_check_agree_on_the_film() -> None:
    track_path = ROOT / "subtitles" / "de.srt"
    result = run("check", "--select", "min-gap", "--format", "json", str(track_path), cwd=ROOT)
    import json  # noqa: PLC0415

    reported = {p["cue"] for p in json.loads(result.stdout)["problems"]}
    diff = run("fix", "--select", "min-gap", str(track_path), cwd=ROOT)
    would = diff.stderr
    assert ("would fix min-gap" in would) == bool(reported), would
    assert len(reported) == 20  # the film's 480 ms pauses at changes of speaker


@pytest.fixture
def film(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_glossary_apply_finds_what_check_reports(film: Path, newline: str) -> None:
    master = film / "subtitles" / "de.srt"
    text = master.read_text("utf-8").replace("Senior:innen", "Senior*innen")
    master.write_bytes(text.replace("\n", newline).encode("utf-8"))
    check = run("check", "--select", "house-style", "subtitles/de.srt", cwd=film)
    assert "[house-style]" in check.stdout
    dry = run("glossary", "apply", cwd=film)
    assert dry.returncode == 1, dry.stderr
    assert "follows the house style" not in dry.stderr
    assert "+" in dry.stdout and "Senior:innen" in dry.stdout
    done = run("glossary", "apply", "--write", cwd=film)
    assert done.returncode == 0, done.stderr
    assert "house style applied to" in done.stderr
    again = run("check", "--select", "house-style", "subtitles/de.srt", cwd=film)
    assert "[house-style]" not in again.stdout
    assert run("glossary", "apply", cwd=film).returncode == 0
