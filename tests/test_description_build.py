"""What ``subtool build`` makes of the audio description, checked against the world.

Without the film (a translator's or CI's copy of the repository): the description track as
WebVTT (read back by subtool, webvtt-py and headless Chromium through a ``<track
kind="descriptions">``), the transcripts with the descriptions in sequence and marked, the
manifest and the report; a rebuild writes nothing.

With a stand-in film (scripts/standin_film.py: the master's first minute spoken by
espeak-ng, and a 14 kHz tone under everything, which neither the dialogue nor the
description voice reaches, so the film's own sound can be measured under the voice): the
described sound and video have the film's duration and picture, the film's sound is 12 dB
lower inside the descriptions and as it was elsewhere, the voice is there; a second build
makes and rewrites nothing; the script passes ``description-fit`` against the film; a
description that does not fit, or a missing espeak-ng, is said in plain words.

The media tests are skipped, with the reason, when ffmpeg or espeak-ng is missing and
SUBTOOL_REQUIRE_MEDIA is not set (CI sets it); the browser test likewise for Chromium and
SUBTOOL_REQUIRE_BROWSER.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import webvtt
from chromium import Browser, require_chromium
from helpers import run_subtool as run
from projects import copy_film

from subtool.core.description import UNCHANGED, WRITTEN
from subtool.core.model import Track
from subtool.core.timecode import format_vtt
from subtool.formats import srt, vtt
from subtool.languages import i18n
from subtool.project.tracks import read_track
from subtool.render import export

ROOT = Path(__file__).resolve().parent.parent
SLUG = "dortmund-seniorenbueros"
SCRIPT = ROOT / "subtitles" / "descriptions.de.vtt"
STANDIN = ROOT / "scripts" / "standin_film.py"
MISSING = [tool for tool in ("ffmpeg", "ffprobe", "espeak-ng") if shutil.which(tool) is None]
if MISSING and os.environ.get("SUBTOOL_REQUIRE_MEDIA"):
    raise RuntimeError(f"SUBTOOL_REQUIRE_MEDIA is set but {', '.join(MISSING)} is missing")
needs_media = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed (apt-get install ffmpeg "
    "espeak-ng); CI runs these tests")


def browser_test(test: Callable[..., None]) -> Callable[..., None]:
    """Marks for a test that runs headless Chromium (skipped without it, unless CI)."""
    for mark in require_chromium():
        test = mark(test)
    return test


# --- without the film ------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The film project built twice without its film; the folder and the first output."""
    project = copy_film(tmp_path_factory.mktemp("film"))
    first = run("build", cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    return project, first.stdout


def test_build_writes_the_description_track_as_webvtt(built: tuple[Path, str]) -> None:
    project, _out = built
    written = project / "dist" / f"{SLUG}.descriptions.de.vtt"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT - Dortmunder Seniorenbüros.")
    script = read_track(SCRIPT)
    ours = vtt.parse(text)
    assert not ours.diagnostics
    assert [(c.start, c.end, c.text) for c in ours.cues] == \
        [(c.start, c.end, c.text) for c in script.cues]
    # The independent reader, strictly (it raises where it would drop a cue).
    theirs = webvtt.from_buffer(io.StringIO(text), strict=True).captions
    assert [(c.start, c.end, c.raw_text) for c in theirs] == [
        (format_vtt(c.start), format_vtt(c.end), c.text) for c in script.cues]


def test_manifest_lists_the_descriptions_and_the_upload_sheet_does_not(
        built: tuple[Path, str]) -> None:
    project, _out = built
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["descriptions"] == [{
        "language": "de", "name": "Deutsch", "kind": "descriptions",
        "vtt": f"{SLUG}.descriptions.de.vtt", "cues": 11, "status": "ready", "ready": True,
        "errors": 0, "warnings": 0, "master": True}]
    assert manifest["described"] == []  # no film, no described version
    assert {t["kind"] for t in manifest["tracks"]} == {"subtitles"}
    assert len(manifest["tracks"]) == 11
    with (project / "dist" / "youtube-upload.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) == 11 and not any("descriptions" in r["vtt_file"] for r in rows)


def test_transcripts_carry_the_descriptions_in_sequence_marked(
        built: tuple[Path, str]) -> None:
    project, _out = built
    dist = project / "dist"
    blocks = (dist / f"{SLUG}.de.txt").read_text(encoding="utf-8").split("\n\n")
    described = [b for b in blocks if re.match(r"\[\d+:\d\d\] Audio description: ", b)]
    script = read_track(SCRIPT)
    assert [b.split(": ", 1)[1] for b in described] == [c.text for c in script.cues]
    # In the film's order: the title before the first sound label, the office before the
    # music that follows it, the end titles before the closing music.
    assert blocks[1].startswith("[0:00] Audio description: Titel:")
    assert blocks[2] == "[0:02] [Musik]"
    office = blocks.index("[0:39] Audio description: Birgit Hansmann in ihrem Büro im "
                          "Sozialamt.")
    assert blocks[office + 1] == "[0:39] [ruhige Musik]"
    assert blocks[-2].startswith("[7:20] Audio description: Schlusstitel")
    assert blocks[-1] == "[7:21] [Musik]\n"
    # Only German has descriptions.
    assert "Audio description" not in (dist / f"{SLUG}.en.txt").read_text(encoding="utf-8")
    page = (dist / f"{SLUG}.transcript.html").read_text(encoding="utf-8")
    german = page[page.index('<section id="de"'):page.index('<section id="en"')]
    marked = re.findall(r'<p class="described"><span class="time">[^<]+</span> '
                        r'<span class="label" lang="en">Audio description:</span> ([^<]+)</p>',
                        german)
    assert marked == [c.text for c in script.cues]
    assert page.count('class="described"') == 11


def test_the_german_marker_comes_from_the_catalog() -> None:
    script = read_track(SCRIPT)
    master = read_track(ROOT / "subtitles" / "de.srt")
    try:
        i18n.use("de")
        text = export.transcript_text(master, "de", "Film", script)
        page = export.transcript_html([("de", master)], "Film", {"de": script})
    finally:
        i18n.use("en")
    assert "[0:39] Audiodeskription: Birgit Hansmann in ihrem Büro im Sozialamt." in text
    assert '<span class="label" lang="de">Audiodeskription:</span>' in page


def test_a_description_never_splits_a_sentence() -> None:
    master = srt.parse("1\n00:00:01,000 --> 00:00:03,000\nWir haben damals\n\n"
                       "2\n00:00:04,500 --> 00:00:06,000\ngemerkt: Es fehlt etwas.\n")
    descriptions = Track(tuple(vtt.parse("WEBVTT\n\n00:00:03.200 --> 00:00:04.300\n"
                                         "Ein Büro.\n").cues))
    found = export.paragraphs(master, "de", descriptions)
    assert [(p.text, p.description) for p in found] == [
        ("Wir haben damals gemerkt: Es fehlt etwas.", False), ("Ein Büro.", True)]


def _shown(markdown: str) -> str:
    """Markdown's text as a reader sees it: without the backslashes that keep file names and
    rule ids literal (render.escape.markdown)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_report_and_summary_say_how_the_descriptions_fit(built: tuple[Path, str]) -> None:
    project, out = built
    report = _shown((project / "dist" / "report.md").read_text(encoding="utf-8"))
    part = report[report.index("## Audio description"):report.index("## Details")]
    assert "subtitles/descriptions.de.vtt: 11 descriptions; they fit in the pauses of " \
        "the speech; written: dortmund-seniorenbueros.descriptions.de.vtt; no described " \
        "version of the film: the film is not here." in part
    assert "checked against the master's dialogue cues" in part
    assert "Not described (no audio description track): English, Turkish" in part
    assert out.count("Not described (no audio description track)") == 1
    assert "Audio description:\n  • Deutsch – audio description (de): 11 descriptions" in out
    page = (project / "dist" / "report.html").read_text(encoding="utf-8")
    assert '<h2 id="audio-description">Audio description</h2>' in page


def test_a_rebuild_writes_nothing(built: tuple[Path, str]) -> None:
    project, _out = built
    dist = project / "dist"
    before = {p.name: p.read_bytes() for p in dist.iterdir()}
    again = run("build", cwd=project)
    assert again.returncode == 0
    assert re.search(r"Wrote 0 files to .* \(\d+ unchanged\)", again.stdout), again.stdout
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == before



class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(built: tuple[Path, str], tmp_path: Path) -> Iterator[str]:
    """The built description track and a page that loads it as ``<track
    kind="descriptions">``, served from 127.0.0.1 (a file:// page may not load tracks)."""
    project, _out = built
    shutil.copy(project / "dist" / f"{SLUG}.descriptions.de.vtt", tmp_path / "ad.vtt")
    (tmp_path / "page.html").write_text(
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>AD</title></head>'
        '<body><video id="v"><track id="t" kind="descriptions" srclang="de" '
        'label="Audiodeskription" src="ad.vtt"></video></body></html>', encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/page.html"
    finally:
        server.shutdown()
        server.server_close()


@browser_test
def test_chromium_reads_the_description_track(served: str, built: tuple[Path, str]) -> None:
    project, _out = built
    with Browser() as browser:
        tab = browser.open(served)
        tab.evaluate("document.getElementById('t').track.mode = 'hidden'; true")
        tab.wait_for("document.getElementById('t').readyState === 2")
        kind, cues = tab.evaluate(
            "(() => { const t = document.getElementById('t').track;"
            " return [t.kind, Array.from(t.cues).map(c => [Math.round(c.startTime * 1000),"
            " Math.round(c.endTime * 1000), c.text])]; })()")
    assert kind == "descriptions"
    written = read_track(project / "dist" / f"{SLUG}.descriptions.de.vtt")
    assert [tuple(c) for c in cues] == [(c.start, c.end, c.text) for c in written.cues]
    assert len(cues) == 11


# --- with a stand-in film ----------------------------------------------------------------

RATE = 48_000
HIGH = "highpass=f=12000:poles=2,highpass=f=12000:poles=2"  # the tone only
LOW = "lowpass=f=8000"  # speech and the description voice
PROJECT = """[tool.subtool]
title = "Stand-in"
slug = "standin"
master = "subtitles/de.srt"
languages = ["en"]
glossary = "glossary/terms.csv"
film = "film/film.mp4"
descriptions = "subtitles/descriptions.de.vtt"
"""


def _first_minute(source: Path, target: Path) -> None:
    track = read_track(source)
    cues = tuple(c for c in track.cues if c.end <= 60_000)
    text = vtt.compose(Track(cues, "vtt")) if source.suffix == ".vtt" else \
        srt.compose(Track(cues))
    target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def standin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of the film's first minute with a stand-in film (speech at the master's
    times, a 14 kHz tone throughout), the script's first two descriptions, the glossary."""
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    folder = tmp_path_factory.mktemp("standin")
    plain = folder / "plain.mp4"
    subprocess.run([sys.executable, str(STANDIN), "--until", "60", "--resolution", "640x360",
                    "--output", str(plain)], check=True, capture_output=True)
    project = folder / "project"
    (project / "film").mkdir(parents=True)
    (project / "subtitles").mkdir()
    shutil.copytree(ROOT / "glossary", project / "glossary")
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(plain), "-f", "lavfi", "-i",
                    "sine=frequency=14000:sample_rate=48000", "-filter_complex",
                    "[1:a]volume=-12dB[t];[0:a][t]amix=inputs=2:duration=first:normalize=0"
                    "[a]", "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac",
                    "-b:a", "192k", str(project / "film" / "film.mp4")],
                   check=True, capture_output=True)
    for name in ("de.srt", "en.srt", "descriptions.de.vtt"):
        _first_minute(ROOT / "subtitles" / name, project / "subtitles" / name)
    (project / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    return project


def _probe_seconds(path: Path) -> float:
    done = subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_entries",
                           "format=duration", str(path)], capture_output=True, check=True)
    return float(json.loads(done.stdout)["format"]["duration"])


def _pcm(path: Path, band: str) -> array[int]:
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-af",
                           band, "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
                          capture_output=True, check=True)
    samples = array("h")
    samples.frombytes(done.stdout)
    return samples


def _level(samples: array[int], start: int, end: int) -> float:
    part = samples[start * RATE // 1000:end * RATE // 1000]
    rms = math.sqrt(sum(x * x for x in part) / len(part)) if part else 0.0
    return 20 * math.log10(rms / 32768) if rms > 0 else -120.0


def _packets(path: Path) -> list[str]:
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v:0", "-c",
                           "copy", "-f", "framemd5", "-"], capture_output=True, check=True,
                          text=True)
    return [line.rsplit(",", 1)[-1].strip() for line in done.stdout.splitlines()
            if line and not line.startswith("#")]


def _status(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture(scope="module")
def described(standin: Path) -> dict[str, Any]:
    """The stand-in project built twice; what each build said and left."""
    first = run("build", cwd=standin)
    assert first.returncode == 0, first.stdout + first.stderr
    status = _status(standin / "dist")
    second = run("build", cwd=standin)
    return {"first": first, "second": second, "status": status}


@needs_media
def test_the_described_version_has_the_films_duration_and_picture(
        standin: Path, described: dict[str, Any]) -> None:
    film = standin / "film" / "film.mp4"
    dist = standin / "dist"
    audio, video = dist / "standin.described.de.m4a", dist / "standin.described.de.mp4"
    assert "described version of the film written: standin.described.de.m4a, " \
        "standin.described.de.mp4" in described["first"].stdout
    seconds = _probe_seconds(film)
    assert _probe_seconds(audio) == pytest.approx(seconds, abs=0.05)
    assert _probe_seconds(video) == pytest.approx(seconds, abs=0.05)
    assert _packets(video) == _packets(film)  # the picture copied, bit for bit
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["described"] == [{"language": "de", "audio": audio.name,
                                      "video": video.name}]


@needs_media
def test_the_films_sound_is_lowered_under_the_descriptions_and_kept_elsewhere(
        standin: Path, described: dict[str, Any]) -> None:
    film, audio = standin / "film" / "film.mp4", standin / "dist" / "standin.described.de.m4a"
    tone, tone_after = _pcm(film, HIGH), _pcm(audio, HIGH)
    speech, speech_after = _pcm(film, LOW), _pcm(audio, LOW)
    assert abs(len(tone) - len(tone_after)) <= RATE // 100
    cues = read_track(standin / "subtitles" / "descriptions.de.vtt").cues
    assert [c.start for c in cues] == [200, 39_560]
    for cue in cues:
        # The first second of each description: its voice is speaking (both last longer).
        inside = (cue.start + 100, cue.start + 1100)
        assert _level(tone_after, *inside) - _level(tone, *inside) == pytest.approx(-12, abs=1)
        assert _level(speech_after, *inside) > _level(speech, *inside) + 20  # the voice
    busy = [(c.start - 300, c.end + 300) for c in cues]
    outside = [(t, t + 1000) for t in range(0, 58_000, 1000)
               if not any(t < b and t + 1000 > a for a, b in busy)]
    assert len(outside) > 45
    for window in outside:
        assert abs(_level(tone_after, *window) - _level(tone, *window)) < 0.5, window


@needs_media
def test_a_second_build_makes_and_rewrites_nothing(standin: Path,
                                                   described: dict[str, Any]) -> None:
    second = described["second"]
    assert second.returncode == 0
    assert "described version of the film unchanged since the last build" in second.stdout
    assert re.search(r"Wrote 0 files to .* \(\d+ unchanged\)", second.stdout), second.stdout
    assert _status(standin / "dist") == described["status"]
    # In one process, making the described version again costs the key of its inputs only.
    from subtool.pipeline import build as building  # noqa: PLC0415
    from subtool.pipeline import described as making  # noqa: PLC0415
    from subtool.project.config import read  # noqa: PLC0415

    settings = read(standin / "pyproject.toml")
    result = building.build(settings, media=False)
    (standin / ".subtool-cache" / "described" / "standin.described.de.json").unlink()
    timings, states = [], []
    for _round in range(2):
        started = time.perf_counter()
        made = making.make(settings, result.descriptions, {}, result.film)
        timings.append(time.perf_counter() - started)
        states += [m.state for m in made]
    assert states == [WRITTEN, UNCHANGED]
    assert timings[1] * 5 < timings[0], timings


@needs_media
def test_the_script_fits_the_standin_films_speech(standin: Path) -> None:
    done = run("check", "--film", "film/film.mp4", "subtitles/descriptions.de.vtt",
               "--format", "json", cwd=standin)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["problems"] == []
    # Moved onto the film's speech at 6 s, the second description is reported with the
    # times the film's analysis found (not the master's cues).
    script = standin / "subtitles" / "descriptions.de.vtt"
    original = script.read_bytes()
    try:
        script.write_text(original.decode("utf-8").replace(
            "00:00:39.560 --> 00:00:42.440", "00:00:06.000 --> 00:00:08.880"),
            encoding="utf-8")
        bad = json.loads(run("check", "--film", "film/film.mp4",
                             "subtitles/descriptions.de.vtt", "--format", "json",
                             cwd=standin).stdout)["problems"]
    finally:
        script.write_bytes(original)
    (problem,) = [p for p in bad if p["rule"] == "description-fit"]
    assert problem["cue"] == 2
    assert re.search(r"spoken over speech at 0:0\d\.\d{3}–0:\d\d\.\d{3}, \d\.\d s of it",
                     problem["message"]), problem["message"]
    assert "master cue" not in problem["message"]


@needs_media
def test_descriptions_that_do_not_fit_make_no_described_version(
        standin: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(standin, project, ignore=shutil.ignore_patterns("dist", "described"))
    script = project / "subtitles" / "descriptions.de.vtt"
    script.write_text(script.read_text("utf-8").replace(
        "Birgit Hansmann in ihrem Büro im Sozialamt.",
        "Birgit Hansmann sitzt in ihrem hellen Büro im Sozialamt der Stadt Dortmund."),
        encoding="utf-8")
    done = run("build", cwd=project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no described version of the film: the descriptions have problems that must " \
        "be fixed first (description-fit)" in done.stdout
    assert not (project / "dist" / "standin.described.de.m4a").exists()
    report = _shown((project / "dist" / "report.md").read_text(encoding="utf-8"))
    assert "1 does not fit in the pauses of the speech" in report
    assert "(description-fit)" in report


@needs_media
def test_a_missing_speech_engine_is_said_plainly_and_the_rest_is_written(
        standin: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(standin, project, ignore=shutil.ignore_patterns("dist", "described"))
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("ffmpeg", "ffprobe", "git"):
        found = shutil.which(tool)
        if found:
            (tools / tool).symlink_to(found)
    done = run("build", cwd=project, env={"PATH": str(tools)})
    assert done.returncode == 2, done.stdout + done.stderr
    assert "espeak-ng is needed to speak the audio descriptions but was not found" \
        in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert (project / "dist" / "standin.descriptions.de.vtt").is_file()
    assert "could not be made" in (project / "dist" / "report.md").read_text("utf-8")
