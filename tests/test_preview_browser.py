"""``subtool preview --video``: the page plays the film in headless Chromium.

From a copy of the project without any build output (a clean checkout), with a small film
made by ffmpeg at test time: the video loads (from a relative path, a copy next to the
page, or an http address served on 127.0.0.1), the eleven subtitle tracks are listed, and a
mouse click on a row of the cue table moves the video to that cue. Skipped, with the
reason, when Chromium or ffmpeg is missing and SUBTOOL_REQUIRE_BROWSER /
SUBTOOL_REQUIRE_MEDIA are not set (CI sets them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import Browser, require_chromium
from helpers import run_subtool as run

from subtool.formats import srt

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]
FFMPEG = shutil.which("ffmpeg")

pytestmark = require_chromium()
if FFMPEG is None:
    if os.environ.get("SUBTOOL_REQUIRE_MEDIA"):
        raise RuntimeError("SUBTOOL_REQUIRE_MEDIA is set but ffmpeg is not installed")
    pytestmark = [*pytestmark, pytest.mark.skip(reason="ffmpeg not installed")]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The film project as a fresh clone has it, and a 20-second film beside it."""
    root = tmp_path_factory.mktemp("clone")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    for folder in ("subtitles", "glossary"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "media").mkdir()
    assert FFMPEG is not None
    # H.264 in MP4 as the README's example (film.mp4); Debian's Chromium plays it.
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=size=160x90:rate=5:duration=20", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    str(root / "media" / "film.mp4")], check=True, timeout=120)
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as running:
        yield running


@pytest.fixture(scope="module")
def film_server(project: Path) -> Iterator[str]:
    handler = partial(_QuietHandler, directory=str(project / "media"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _plays(browser: Browser, page: Path) -> None:
    """The page's video has loaded the 20-second film and lists every language's track."""
    tab = browser.open(page.as_uri())
    tab.wait_for("document.getElementById('player').readyState >= 1")
    assert round(tab.evaluate("document.getElementById('player').duration")) == 20
    assert tab.evaluate("document.getElementById('player').error") is None
    tracks = tab.evaluate("Array.from(document.getElementById('player').textTracks)"
                          ".map(t => [t.language, t.label, t.kind])")
    assert [t[0] for t in tracks if t[2] == "subtitles"] == LANGS
    assert [t[0] for t in tracks if t[2] == "descriptions"] == ["de"]
    assert tracks[0] == ["de", "Deutsch", "subtitles"] and tracks[3][1] == "العربية"


def test_linked_film_plays_and_a_click_on_a_row_seeks(project: Path, browser: Browser) -> None:
    result = run("preview", "--video", "media/film.mp4", cwd=project)
    assert result.returncode == 0, result.stderr
    page = project / "dist" / "preview.html"
    assert 'src="../media/film.mp4"' in page.read_text(encoding="utf-8")
    assert not (project / "dist" / "film.mp4").exists()  # linked, not copied
    assert "../media/film.mp4" in result.stdout
    _plays(browser, page)
    tab = browser.open(page.as_uri())
    tab.wait_for("document.getElementById('player').readyState >= 1")
    cue = srt.parse((project / "subtitles" / "de.srt").read_text(encoding="utf-8")).cues[2]
    tab.click('#cue-table tbody tr:nth-child(3) td:nth-child(2)')
    tab.wait_for("!document.getElementById('player').seeking")
    assert tab.evaluate("document.getElementById('player').currentTime") == \
        pytest.approx(cue.start / 1000, abs=0.01)
    # The time button of a row seeks as well (keyboard users reach it with Tab).
    tab.click('#cue-table tbody tr:nth-child(5) button')
    tab.wait_for("Math.abs(document.getElementById('player').currentTime - "
                 "Number(document.querySelector('#cue-table tbody tr:nth-child(5)')"
                 ".dataset.start)) < 0.01")


def test_copied_film_plays(project: Path, browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "share" / "preview.html"
    out.parent.mkdir()  # an output goes into an existing folder (no folders made on the way)
    result = run("preview", "--video", str(project / "media" / "film.mp4"), "--copy-video",
                 "--output", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (out.parent / "film.mp4").read_bytes() == (project / "media" / "film.mp4").read_bytes()
    assert 'src="film.mp4"' in out.read_text(encoding="utf-8")
    _plays(browser, out)


def test_film_from_a_web_address_plays(project: Path, browser: Browser, film_server: str,
                                       tmp_path: Path) -> None:
    out = tmp_path / "preview.html"
    result = run("preview", "--video", f"{film_server}/film.mp4", "--output", str(out),
                 cwd=project)
    assert result.returncode == 0, result.stderr
    assert f'src="{film_server}/film.mp4"' in out.read_text(encoding="utf-8")
    _plays(browser, out)
