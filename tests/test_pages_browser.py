"""Every page subtool writes, in headless Chromium at a phone's width (390 px) and a
desktop's (1280 px): no horizontal page scroll, the report's first blocking problem in the
first screen on a desktop, and no accessibility violation of impact moderate or higher
found by axe-core (the engine of browser accessibility checkers).

axe-core comes from npm: ``AXE_CORE_JS`` names its ``axe.min.js``, else it is looked for in
``.subtool-cache/npm`` and installed there with ``npm install`` when missing. Skipped, with
the reason, when Chromium, npm or the package is not available and SUBTOOL_REQUIRE_BROWSER
is not set (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import Browser, require_chromium
from helpers import run_subtool as run
from projects import block_tracks, copy_film, edit_master, merge_master_cues, seed_film

ROOT = Path(__file__).resolve().parent.parent
# The release measured; npm installs the newest 4.x.
AXE_PACKAGE = "axe-core@4"
CACHE = ROOT / ".subtool-cache" / "npm"
WIDTHS = (390, 1280)
SERIOUS = ("moderate", "serious", "critical")

pytestmark = require_chromium()


def _axe_script() -> Path:
    given = os.environ.get("AXE_CORE_JS")
    if given:
        return Path(given)
    script = CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed (it installs axe-core)")
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--prefix", str(CACHE), "--no-save",
                               "--no-audit", "--no-fund", AXE_PACKAGE],
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0 or not script.is_file():
            if os.environ.get("SUBTOOL_REQUIRE_BROWSER"):
                raise RuntimeError(f"npm could not install {AXE_PACKAGE}: {done.stderr}")
            pytest.skip(f"npm could not install {AXE_PACKAGE}")
    return script


@pytest.fixture(scope="module")
def axe() -> Path:
    return _axe_script()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as running:
        yield running


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of page, from a broken copy of the film: the report (blocked and needing
    review), the transcript, the preview with and without a film, a diff and a to-do list."""
    project = copy_film(tmp_path_factory.mktemp("film"))
    edit_master(project)
    merge_master_cues(project)
    block_tracks(project)
    assert run("build", cwd=project).returncode == 1
    (project / "film.mp4").write_bytes(b"")  # the player's layout needs no real film here
    out = project / "dist"
    steps = [("preview", "--video", "film.mp4", "--output", str(out / "player.html")),
             ("preview", "--output", str(out / "preview.html")),
             ("diff", "--rev", "HEAD", "--format", "html", "--output", str(out / "diff.html")),
             ("diff", "--stale", "--lang", "ar", "--format", "html", "--output",
              str(out / "ar-todo.html"))]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                    "-qm", "film"], cwd=project, check=True)
    (project / "subtitles" / "de.srt").write_text(
        (project / "subtitles" / "de.srt").read_text(encoding="utf-8").replace(
            "Wir helfen auch", "Wir helfen Ihnen auch"), encoding="utf-8")
    for step in steps:
        result = run(*step, cwd=project)
        assert result.returncode == 0, (step, result.stderr)
    # The player once a build has made the described version: a switch for the sound.
    (out / "dortmund-seniorenbueros.described.de.mp4").write_bytes(b"")
    described = run("preview", "--video", "film.mp4", "--output",
                    str(out / "player-described.html"), cwd=project)
    assert described.returncode == 0, described.stderr
    # The report with the film: a timeline per language (the film's analysis seeded). The
    # seeded film's last speech runs 2 s past the master's last cue, over the last
    # description: the description track is blocked and the report says so.
    with_film = copy_film(tmp_path_factory.mktemp("with-film"))
    seed_film(with_film)
    result = run("build", cwd=with_film)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the descriptions have problems that must be fixed first (description-fit)" \
        in result.stdout
    assert (with_film / "dist" / "report.html").read_text(encoding="utf-8").count("<svg") == 11
    return {"report": out / "report.html", "report-film": with_film / "dist" / "report.html",
            "transcript": out / "dortmund-seniorenbueros.transcript.html",
            "player": out / "player.html", "player-described": out / "player-described.html",
            "preview": out / "preview.html", "diff": out / "diff.html",
            "todo": out / "ar-todo.html"}


def _violations(tab: Any, axe: Path) -> list[tuple[str, str, int, list[Any]]]:
    tab.add_script(axe)
    found: list[tuple[str, str, int, list[Any]]] = [
        (v[0], v[1], v[2], v[3]) for v in tab.evaluate(
            "axe.run().then(r => r.violations.map(v => "
            "[v.id, v.impact, v.nodes.length, v.nodes.slice(0, 3).map(n => n.target)]))")]
    return [v for v in found if v[1] in SERIOUS]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["report", "report-film", "transcript", "player",
                                  "player-described", "preview", "diff", "todo"])
def test_page_fits_the_screen_and_passes_axe(pages: dict[str, Path], browser: Browser,
                                             axe: Path, kind: str, width: int) -> None:
    tab = browser.open(pages[kind].as_uri(), width=width, height=844, bypass_policy=True)
    # Folded parts open, so that what they hold is measured and checked too.
    tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    # No horizontal page scroll: wide tables scroll inside their own box.
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    assert _violations(tab, axe) == []


def test_first_blocking_problem_is_in_the_first_screen(pages: dict[str, Path],
                                                      browser: Browser) -> None:
    tab = browser.open(pages["report"].as_uri(), width=1280, height=800)
    section, top, bottom = tab.evaluate(
        "(() => { const li = document.querySelector('li.problem');"
        " const r = li.getBoundingClientRect();"
        " return [li.closest('section').getAttribute('aria-labelledby'), r.top, r.bottom]; })()")
    assert section == "blocking"
    assert top > 0 and bottom <= 800


def test_the_player_carries_the_descriptions_and_switches_to_the_described_film(
        pages: dict[str, Path], browser: Browser) -> None:
    tab = browser.open(pages["player-described"].as_uri(), width=1280, height=800)
    # The description track, as a <track kind="descriptions"> the browser reads.
    tab.evaluate("Array.from(document.querySelectorAll('track')).filter(t => t.kind === "
                 "'descriptions').forEach(t => { t.track.mode = 'hidden'; }); true")
    cues = tab.wait_for(
        "(() => { const t = Array.from(document.getElementById('player').textTracks)"
        ".find(t => t.kind === 'descriptions'); return t && t.cues && t.cues.length"
        " ? Array.from(t.cues).map(c => [Math.round(c.startTime * 1000), c.text]) : null;"
        " })()")
    assert len(cues) == 11 and cues[1] == [39_560, "Birgit Hansmann in ihrem Büro im "
                                                    "Sozialamt."]
    # The sound switch: a labelled group; choosing the described version plays that file.
    legend, labels = tab.evaluate(
        "[document.querySelector('fieldset.sound legend').textContent,"
        " Array.from(document.querySelectorAll('fieldset.sound label'))"
        ".map(l => l.textContent.trim())]")
    assert legend == "Sound" and labels == ["Original sound",
                                            "With audio description (Deutsch)"]
    tab.click("fieldset.sound label:nth-of-type(2) input")
    source = tab.wait_for("document.getElementById('player').src.endsWith("
                          "'dortmund-seniorenbueros.described.de.mp4') && "
                          "document.getElementById('player').src")
    assert source.startswith("file://")
