"""The subtitles against the film itself, end to end, with a stand-in film built here.

scripts/standin_film.py speaks the German master's first minute with espeak-ng at the cues'
times and cuts the picture at the times given below. An edited copy of the master then
carries planted timing errors (an early cue, a late cue, a cue without speech, speech
without a cue, cues near and across cuts): ``subtool check --film`` must report each, and
``subtool fix --write`` must remove the shot-change problems without creating new ones. In a
project, the master's retiming moves every translation and its state with it.

Skipped, with the reason, when ffmpeg or espeak-ng is missing and SUBTOOL_REQUIRE_MEDIA is
not set; CI sets it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import run_subtool

from subtool.core.film import FilmFacts, nearest_onset
from subtool.core.timecode import format_srt
from subtool.formats import srt
from subtool.project.tracks import read_track
from subtool.translation import state as state_module

ROOT = Path(__file__).resolve().parent.parent
STANDIN = ROOT / "scripts" / "standin_film.py"
MISSING = [tool for tool in ("ffmpeg", "ffprobe", "espeak-ng") if shutil.which(tool) is None]
if MISSING and os.environ.get("SUBTOOL_REQUIRE_MEDIA"):
    raise RuntimeError(f"SUBTOOL_REQUIRE_MEDIA is set but {', '.join(MISSING)} is missing")
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed (apt-get install ffmpeg "
    "espeak-ng); CI runs these tests")

# Cuts (seconds) against the master's first minute (cue times in the comments):
#   9.6  inside cue 2 (4.88-11.0), far from both ends: nothing to report
#  15.2  cue 3 ends 6 frames before it (14.96), cue 4 starts 4 frames before it (15.04)
#  20.0  0.8 s after cue 5 starts (19.2-25.2): a cue across a cut with a short side
#  30.0  inside cue 6 (25.28-31.48), far from both ends
#  39.6  cue 8 ends 6 frames before it (39.36), cue 9 [ruhige Musik] starts 6 after (39.84)
#  52.0  inside cue 12 (49.28-54.32)
CUTS = "9.6,15.2,20,30,39.6,52"
FRAME = 40


@pytest.fixture(scope="module")
def standin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The master's first minute spoken, cut at CUTS; and its ground truth."""
    folder = tmp_path_factory.mktemp("film")
    film, truth = folder / "standin.mp4", folder / "standin.json"
    subprocess.run([sys.executable, str(STANDIN), "--until", "60", "--resolution", "640x360",
                    "--cuts", CUTS, "--output", str(film), "--truth", str(truth)],
                   check=True, capture_output=True)
    return film, json.loads(truth.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The user's cache folder for runs outside a project (shared: one analysis)."""
    return {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}


def _first_minute() -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.text) for c in read_track(ROOT / "subtitles" / "de.srt").cues
            if c.end <= 60_000]


def _write(path: Path, cues: list[tuple[int, int, str]]) -> Path:
    blocks = [f"{n}\n{format_srt(s)} --> {format_srt(e)}\n{t}\n"
              for n, (s, e, t) in enumerate(cues, 1)]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def _planted(folder: Path) -> Path:
    """The first minute with planted errors (cue numbers as in the master)."""
    cues = _first_minute()
    assert [c[0] for c in cues[:13]] == [2000, 4880, 11080, 15040, 19200, 25280, 31560, 35640,
                                         39840, 42720, 46960, 49280, 54400]
    cues[0] = (2000, 4800, "Herzlich willkommen!")  # cue 1: words where only music plays
    cues[9] = (42720 + 600, 46880, cues[9][2])  # cue 10: 0.6 s late
    cues[10] = (46960, 48600, cues[10][2])  # cue 11 ends earlier, to make room for …
    cues[11] = (49280 - 600, 54320, cues[11][2])  # cue 12: 0.6 s early
    del cues[12]  # cue 13 is spoken, but has no cue any more
    return _write(folder / "de.srt", cues)


def _problems(path: Path, film: Path, env: dict[str, str], *extra: str) -> list[dict[str, Any]]:
    done = run_subtool("check", str(path), "--film", str(film), "--format", "json", *extra,
                       cwd=path.parent, env=env)
    assert done.returncode in (0, 1), done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)["problems"]
    return found


def _where(problems: list[dict[str, Any]], rule: str) -> list[tuple[int | None, str]]:
    return [(p["cue"], p["severity"]) for p in problems if p["rule"] == rule]


# --- the analysis of the stand-in -------------------------------------------------------

def test_media_command_finds_the_planted_cuts_and_the_speech(
        standin: tuple[Path, dict[str, Any]], cache_home: dict[str, str],
        tmp_path: Path) -> None:
    film, truth = standin
    done = run_subtool("media", str(film), "--format", "json", cwd=tmp_path, env=cache_home)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["duration", "frame_rate", "speech", "shot_changes"]
    assert data["frame_rate"] == 25
    assert data["duration"] == truth["duration"]
    # Every planted cut on its frame, nothing else.
    assert data["shot_changes"] == truth["shot_changes"] == [
        round(float(s) * 1000) for s in CUTS.split(",")]
    onsets = [nearest_onset([tuple(s) for s in data["speech"]], s, within=100)
              for s, _ in truth["speech"]]
    assert sum(o is not None for o in onsets) >= 0.95 * len(truth["speech"])
    # Cached outside git: in the user's cache folder (outside a project).
    assert list((Path(cache_home["XDG_CACHE_HOME"]) / "subtool" / "media").glob("film-*.json"))
    text = run_subtool("media", str(film), cwd=tmp_path, env=cache_home)
    assert text.returncode == 0
    assert "25 frames per second" in text.stdout
    assert f"shot changes: {len(truth['shot_changes'])}" in text.stdout
    assert "0:09.600, 0:15.200" in text.stdout


def test_media_command_refuses_what_is_not_a_film(tmp_path: Path) -> None:
    notes = tmp_path / "film.mp4"
    notes.write_text("kein Film\n", encoding="utf-8")
    done = run_subtool("media", str(notes), cwd=tmp_path)
    assert done.returncode == 2
    assert "not a video file" in done.stderr
    assert "Traceback" not in done.stderr
    missing = run_subtool("media", "nicht-da.mp4", cwd=tmp_path)
    assert missing.returncode == 2
    assert "--film: file not found" not in missing.stderr
    assert "file not found" in missing.stderr


# --- planted errors ----------------------------------------------------------------------

def test_the_master_in_step_with_its_own_film_has_only_the_cut_problems(
        standin: tuple[Path, dict[str, Any]], cache_home: dict[str, str],
        tmp_path: Path) -> None:
    master = _write(tmp_path / "de.srt", _first_minute())
    problems = _problems(master, standin[0], cache_home)
    assert _where(problems, "speech-sync") == []
    assert _where(problems, "speech-without-cue") == []
    assert _where(problems, "shot-change") == [
        (3, "warning"), (4, "warning"), (5, "info"), (8, "warning"), (9, "warning")]


def test_planted_timing_errors_are_reported(standin: tuple[Path, dict[str, Any]],
                                            cache_home: dict[str, str],
                                            tmp_path: Path) -> None:
    problems = _problems(_planted(tmp_path), standin[0], cache_home)
    sync = {p["cue"]: p["message"] for p in problems if p["rule"] == "speech-sync"}
    assert set(sync) == {1, 10, 12}
    assert sync[1].startswith("nobody speaks while this cue is shown (0:02.000–0:04.800)")
    assert re.match(r"starts 0\.[5-7] s after the speech began at 0:42\.[67]", sync[10])
    assert re.match(r"starts 0\.[5-7] s before the speech at 0:49\.[23]", sync[12])
    without = [p for p in problems if p["rule"] == "speech-without-cue"]
    assert len(without) == 1
    assert without[0]["cue"] is None  # after the last cue
    assert re.search(r"someone speaks for 2\.\d s \(0:54\.[34]\d\d–0:56\.\d+\)",
                     without[0]["message"])
    near = {p["cue"]: p["message"] for p in problems
            if p["rule"] == "shot-change" and p["severity"] == "warning"}
    assert set(near) == {3, 4, 8, 9}
    assert near[3].startswith("ends 6 frames before the shot change at 0:15.200")
    assert near[4].startswith("starts 4 frames before the shot change at 0:15.200")
    assert near[9].startswith("starts 6 frames after the shot change at 0:39.600")
    across = [p for p in problems if p["rule"] == "shot-change" and p["severity"] == "info"]
    assert [p["cue"] for p in across] == [5]
    assert "0:20.000 with only 0.8 s on one side" in across[0]["message"]


def test_fix_removes_the_shot_change_problems_and_creates_none(
        standin: tuple[Path, dict[str, Any]], cache_home: dict[str, str],
        tmp_path: Path) -> None:
    film = standin[0]
    path = _planted(tmp_path)
    before = _problems(path, film, cache_home)
    done = run_subtool("fix", "--write", str(path), "--film", str(film), cwd=tmp_path,
                       env=cache_home)
    assert done.returncode == 0, done.stderr
    assert "shot-change: cues 3, 4, 8, 9" in done.stderr
    after = _problems(path, film, cache_home)
    assert [p for p in after if p["rule"] == "shot-change" and p["severity"] != "info"] == []
    old = {(p["rule"], p["cue"]) for p in before}
    assert [p for p in after if (p["rule"], p["cue"]) not in old] == [], "no new problem"
    cues = read_track(path).cues
    assert (cues[2].end, cues[3].start) == (15_200 - 2 * FRAME, 15_200)
    assert (cues[7].end, cues[8].start) == (39_600 - 2 * FRAME, 39_600)
    # Only times moved: the text of every cue is as it was.
    assert [c.text for c in cues] == [c.text for c in srt.parse(
        (tmp_path / "de.srt.bak").read_text(encoding="utf-8")).cues]


# --- the project: film setting, translations follow the master -------------------------

def _project(tmp_path: Path, film: Path | None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    if film is not None:
        (tmp_path / "film").mkdir()
        shutil.copy(film, tmp_path / "film" / "dortmund-seniorenbueros.mp4")
    return tmp_path


def test_a_retimed_master_moves_every_translation_and_leaves_none_stale(
        standin: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    root = _project(tmp_path, standin[0])
    langs = ["en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]
    old_master = read_track(root / "subtitles" / "de.srt")
    done = run_subtool("fix", "--write", "--select", "shot-change", cwd=root)
    assert done.returncode == 0, done.stderr
    master = read_track(root / "subtitles" / "de.srt")
    moved = [i for i, (a, b) in enumerate(zip(old_master.cues, master.cues, strict=True))
             if (a.start, a.end) != (b.start, b.end)]
    assert moved, done.stderr  # the master did move onto the cuts
    assert master.cues[7].end == 39_600 - 2 * FRAME  # cue 8 ends two frames before the cut
    for lang in langs:
        track = read_track(root / "subtitles" / f"{lang}.srt")
        assert [(c.start, c.end) for c in track.cues] == \
            [(c.start, c.end) for c in master.cues], lang
        state = state_module.parse((root / "subtitles" / "state" / f"{lang}.tsv").read_text(
            encoding="utf-8"))
        assert {(e.start, e.end) for e in state.entries} == \
            {(c.start, c.end) for c in track.cues}, lang
        assert f"subtitles/{lang}.srt: fixed moved with the master" in done.stderr
    check = run_subtool("check", "--select", "stale-translation,cue-parity",
                        "--format", "json", cwd=root)
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout)["problems"] == []
    # The film was analysed once and kept in the project's cache, outside git.
    assert list((root / ".subtool-cache" / "media").glob("film-*.json"))


def test_build_and_preview_use_the_projects_film(standin: tuple[Path, dict[str, Any]],
                                                 tmp_path: Path) -> None:
    from subtool.engine.timeline import timelines  # noqa: PLC0415
    from subtool.pipeline.build import build  # noqa: PLC0415
    from subtool.project.config import read  # noqa: PLC0415

    root = _project(tmp_path, standin[0])
    settings = read(root / "pyproject.toml")
    result = build(settings)
    assert isinstance(result.film, FilmFacts)
    assert any(p.rule == "shot-change" for r in result.languages for p in r.problems)
    rows = timelines([(r.lang, r.track, r.problems) for r in result.languages], result.film)
    assert [row.lang for row in rows][:2] == ["de", "en"]
    master_row = rows[0]
    assert master_row.duration == standin[1]["duration"]
    assert len(master_row.shot_changes) == 6 and len(master_row.speech) >= 10
    assert any(m.rule == "shot-change" and m.cue == 4 and m.start == 15_040
               for m in master_row.marks)
    done = run_subtool("preview", cwd=root)
    assert done.returncode == 0, done.stderr
    page = (root / "dist" / "preview.html").read_text(encoding="utf-8")
    assert 'src="../film/dortmund-seniorenbueros.mp4"' in page


def test_without_the_film_nothing_changes(tmp_path: Path) -> None:
    with_setting = _project(tmp_path / "a", None)
    without = _project(tmp_path / "b", None)
    config = without / "pyproject.toml"
    config.write_text(re.sub(r"^film = .*\n", "", config.read_text(encoding="utf-8"),
                             flags=re.M), encoding="utf-8")
    first = run_subtool("check", "--format", "json", cwd=with_setting)
    second = run_subtool("check", "--format", "json", cwd=without)
    assert first.stdout == second.stdout
    assert first.returncode == second.returncode
    assert "the film film/dortmund-seniorenbueros.mp4 is not here" in first.stderr
    assert second.stderr == ""
    # …and a check without a film never loads the film's analysis.
    timing = subprocess.run([sys.executable, "-X", "importtime", "-m", "subtool", "check",
                             "subtitles/de.srt"], cwd=with_setting, capture_output=True,
                            text=True, check=False)
    loaded = {line.rsplit("|", 1)[-1].strip() for line in timing.stderr.splitlines()
              if line.startswith("import time:")}
    assert "subtool.rules.shot_change" in loaded  # the rules are there …
    assert not {"subtool.core.film", "subtool.media", "fractions", "statistics",
                "platformdirs", "concurrent.futures"} & loaded  # … the film's model is not


def test_a_missing_film_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path, None)
    done = run_subtool("check", "--film", "nope.mp4", cwd=root)
    assert done.returncode == 2
    assert "--film: file not found" in done.stderr


def test_a_damaged_cache_entry_is_analysed_again(standin: tuple[Path, dict[str, Any]],
                                                 tmp_path: Path) -> None:
    root = _project(tmp_path, standin[0])
    first = run_subtool("media", "film/dortmund-seniorenbueros.mp4", "--format", "json",
                        cwd=root)
    entry = next((root / ".subtool-cache" / "media").glob("film-*.json"))
    entry.write_text("{broken", encoding="utf-8")
    again = run_subtool("media", "film/dortmund-seniorenbueros.mp4", "--format", "json",
                        cwd=root)
    assert again.stdout == first.stdout
    assert json.loads(entry.read_text(encoding="utf-8"))["analyser"] == "subtool-media"
    # A changed film (here: the first minute cut at other times) is a new entry, never
    # the old answer.
    other = root / "film" / "other.mp4"
    subprocess.run([sys.executable, str(STANDIN), "--until", "20", "--resolution", "640x360",
                    "--cuts", "5", "--output", str(other)], check=True, capture_output=True)
    changed = run_subtool("media", str(other), "--format", "json", cwd=root)
    assert json.loads(changed.stdout)["shot_changes"] == [5000]
    assert len(list((root / ".subtool-cache" / "media").glob("film-*.json"))) == 2
