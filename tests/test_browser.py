"""Every exported WebVTT file, loaded by headless Chromium through a <track> element, yields
exactly the cues subtool wrote: count, start, end and text (the real browser as the
independent parser). Skipped, with the reason, only when Chromium is not installed and
SUBTOOL_REQUIRE_BROWSER is not set; CI sets it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from subtool.formats import vtt
from subtool.pipeline import build as pipeline
from subtool.project.config import find as find_project
from subtool.project.config import read as load

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark: list[pytest.MarkDecorator] = [pytest.mark.browser]
if CHROMIUM is None:
    if os.environ.get("SUBTOOL_REQUIRE_BROWSER"):
        raise RuntimeError("SUBTOOL_REQUIRE_BROWSER is set but chromium is not installed")
    pytestmark = [pytest.mark.browser, pytest.mark.skip(
        reason="headless Chromium not installed (apt-get install chromium); CI runs this test")]

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<script>
const files = FILES;
const result = {};
let pending = files.length;
for (const f of files) {
  const v = document.createElement("video");
  const t = document.createElement("track");
  t.kind = "subtitles"; t.src = f;
  v.appendChild(t); document.body.appendChild(v);
  t.track.mode = "hidden";
  const done = (ok) => {
    result[f] = ok ? Array.from(t.track.cues).map(
      c => [c.id, Math.round(c.startTime * 1000), Math.round(c.endTime * 1000), c.text]) : "error";
    if (--pending === 0) document.getElementById("out").textContent = JSON.stringify(result);
  };
  t.addEventListener("load", () => done(true));
  t.addEventListener("error", () => done(false));
}
</script></body></html>
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = find_project(ROOT)
    assert config is not None
    settings = load(config)
    out = tmp_path_factory.mktemp("dist")
    result = pipeline.build(settings)
    for name, data in result.files.items():
        (out / name).write_bytes(data)
    return out


@pytest.fixture(scope="module")
def server(exported: Path) -> Iterator[str]:
    handler = partial(_QuietHandler, directory=str(exported))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _browser_cues(exported: Path, server: str, files: list[str]) -> dict[str, object]:
    (exported / "vtt-check.html").write_text(PAGE.replace("FILES", json.dumps(files)),
                                             encoding="utf-8")
    profile = exported / "chromium-profile"
    assert CHROMIUM is not None
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=15000",
         "--dump-dom", f"{server}/vtt-check.html"],
        capture_output=True, text=True, timeout=120, check=False).stdout
    m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert m is not None, dom[:500]
    data: dict[str, object] = json.loads(html.unescape(m.group(1)))
    return data


def test_chromium_reads_every_exported_vtt_exactly(exported: Path, server: str) -> None:
    files = sorted(p.name for p in exported.glob("*.vtt"))
    assert len(files) == 12  # the master, ten translations and the audio description
    seen = _browser_cues(exported, server, files)
    for name in files:
        ours = vtt.parse((exported / name).read_text(encoding="utf-8"))
        assert ours.diagnostics == ()
        expected = [[c.identifier, c.start, c.end, vtt.escape(c.text)] for c in ours.cues]
        assert seen[name] == expected, name
        # the film's 115 cues; the audio description script's 11 descriptions
        assert len(expected) == (11 if ".descriptions." in name else 115)


def test_chromium_sees_the_rlm_that_makes_arabic_lines_right_to_left(exported: Path,
                                                                     server: str) -> None:
    name = "dortmund-seniorenbueros.ar.vtt"
    cues = _browser_cues(exported, server, [name])[name]
    assert isinstance(cues, list)
    lines = [line for cue in cues for line in str(cue[3]).split("\n")]
    latin_first = [line for line in lines if re.match(r"[\u200f]?[A-Za-z]", line)]
    assert latin_first, "the film's Arabic track has a line with the web address"
    assert all(line.startswith("\u200f") for line in latin_first)
