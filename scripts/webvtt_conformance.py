"""Compare subtool's WebVTT reader with headless Chromium, file by file.

Usage::

    .venv/bin/python scripts/webvtt_conformance.py [PATH ...]

Each PATH is a ``.vtt`` file or a folder (searched recursively); the default is the
web-platform-tests corpus ``../shared/corpus/webvtt-wpt/``. Every file is loaded by headless
Chromium (Debian's ``chromium``) through ``<video><track>`` with the track's mode "hidden",
exactly as a web page would, and the cues the browser exposes (``id``, ``startTime``,
``endTime``, ``text``) are compared with the cues subtool reads from the same bytes: times to
the millisecond, identifiers and text exactly. A file the browser refuses (the track's
``error`` event) must be refused by subtool too: no cues and a ``parse-error`` on line 1.
Cues the browser puts at an infinite time (hours beyond its range) are never shown; subtool
must report them as a ``parse-error`` instead of reading them.

``VTTCue.text`` is the cue text as written (character references not decoded); subtool
keeps decoded text, so the comparison decodes the browser's text with the same HTML rules
(``html.unescape``) and, as an independent check of that decoding, compares the browser's
own rendering (``getCueAsHTML().textContent``) with the raw text rendered by the same rules
(tags dropped, references decoded).

``--decoder subtool`` (the default) reads the bytes as ``subtool check`` does, through
``subtool.formats.parse_bytes``; ``--decoder browser`` decodes them as Chromium does (UTF-8,
or UTF-16 after its byte order mark) and tests the WebVTT reader alone. ``--record FILE``
writes Chromium's reading as JSON (``tests/data/webvtt/chromium.json`` is made this way).

Exit status 0 when every file agrees, 1 otherwise. ``--json`` prints the browser's cues.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from subtool.core.model import Track

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "webvtt-wpt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# One <video><track> per file; each track reports load or error once. The page writes the
# results into #out only when every track has answered, so a dump that still says
# "pending" means the browser did not finish (reported as such, never as agreement).
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="out">pending</pre>
<script>
const files = FILES;
const result = {};
let pending = files.length;
// Times in whole milliseconds; a time that is not finite is passed on as its name.
const ms = (t) => Number.isFinite(t) ? Math.round(t * 1000) : String(t);
function finish(name, value) {
  result[name] = value;
  if (--pending === 0) document.getElementById("out").textContent = JSON.stringify(result);
}
for (const name of files) {
  const video = document.createElement("video");
  const track = document.createElement("track");
  track.kind = "subtitles";
  track.src = name;
  video.appendChild(track);
  document.body.appendChild(video);
  track.track.mode = "hidden";
  track.addEventListener("load", () => finish(name, Array.from(track.track.cues).map(c => [
    c.id, ms(c.startTime), ms(c.endTime), c.text, c.getCueAsHTML().textContent])));
  track.addEventListener("error", () => finish(name, "error"));
}
if (files.length === 0) document.getElementById("out").textContent = "{}";
</script></body></html>
"""

BrowserCue = tuple[str, int | str, int | str, str, str]


class BrowserError(RuntimeError):
    """Chromium did not run or did not report every file."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def browser_cues(paths: Sequence[Path], chromium: str | None = None
                 ) -> dict[Path, list[BrowserCue] | None]:
    """What headless Chromium reads from each file: its cues, or None when it refuses it.

    The bytes are served unchanged from 127.0.0.1 under neutral names (``0.vtt``…), so the
    browser sees exactly the file on disk.
    """
    chromium = chromium or CHROMIUM
    if chromium is None:
        raise BrowserError("headless Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="webvtt-conformance-") as tmp:
        folder = Path(tmp)
        names = [f"{i}.vtt" for i in range(len(paths))]
        for name, path in zip(names, paths, strict=True):
            shutil.copyfile(path, folder / name)
        (folder / "page.html").write_text(PAGE.replace("FILES", json.dumps(names)),
                                          encoding="utf-8")
        with _serve(folder) as url:
            dom = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={folder / 'profile'}", "--virtual-time-budget=30000",
                 "--dump-dom", f"{url}/page.html"],
                capture_output=True, text=True, timeout=300, check=False).stdout
    m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    if m is None or m.group(1) == "pending":
        raise BrowserError(f"Chromium did not report every file: {dom[:300]!r}")
    raw: dict[str, object] = json.loads(html.unescape(m.group(1)))
    out: dict[Path, list[BrowserCue] | None] = {}
    for name, path in zip(names, paths, strict=True):
        value = raw[name]
        if value == "error":
            out[path] = None
        else:
            assert isinstance(value, list)
            out[path] = [(str(c[0]), _time(c[1]), _time(c[2]), str(c[3]), str(c[4])) for c in value]
    return out


def _time(value: object) -> int | str:
    return value if isinstance(value, int) else str(value)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The comparison for one file: ``differences`` is empty when subtool agrees."""

    path: Path
    browser: list[BrowserCue] | None
    differences: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        """Whether subtool read exactly what the browser read."""
        return not self.differences


_TAG = re.compile(r"<[^>]*>")


def rendered(raw: str) -> str:
    """What the browser renders from raw cue text, by the HTML rules subtool's reader uses:
    tags dropped (a ``<`` without ``>`` drops the rest, as the WebVTT tokenizer does), then
    character references decoded."""
    text = _TAG.sub("", raw)
    cut = text.find("<")
    return html.unescape(text if cut < 0 else text[:cut])


def browser_decode(data: bytes) -> str:
    """The bytes decoded as Chromium decodes a track: a UTF-8 or UTF-16 byte order mark is
    honoured and removed (once), everything else is UTF-8 with U+FFFD for bad bytes."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace")
    return data.decode("utf-8", "replace")


def read(path: Path, decoder: str) -> Track:
    """subtool's reading of ``path``: through its own decoder (``subtool``, the whole path a
    user's file takes) or through the browser's decoding (``browser``, the reader alone)."""
    from subtool.formats import parse_bytes, vtt  # noqa: PLC0415 - keeps --help fast

    data = path.read_bytes()
    if decoder == "browser":
        return vtt.parse(browser_decode(data))
    return parse_bytes(data, "vtt", name=path.name)


def compare(path: Path, browser: list[BrowserCue] | None, decoder: str = "subtool") -> Outcome:
    """Compare subtool's reading of ``path`` with the browser's."""
    track = read(path, decoder)
    refused = not track.cues and any(d.rule == "parse-error" and d.line == 1
                                     for d in track.diagnostics)
    diffs: list[str] = []
    if browser is None:
        if not refused:
            diffs.append(f"the browser refuses the file; subtool read {len(track.cues)} cues "
                         "and did not refuse it")
        return Outcome(path, browser, tuple(diffs))
    if refused:
        diffs.append("subtool refuses a file the browser reads")
    # A cue at an infinite time is never shown; subtool reports it as a parse-error.
    shown = [c for c in browser if isinstance(c[1], int) and isinstance(c[2], int)]
    if len(shown) < len(browser) and not any(d.rule == "parse-error"
                                             for d in track.diagnostics):
        diffs.append("the browser has cues at an infinite time; subtool reports no parse-error")
    # TextTrackCueList order (HTML "text track cue order"): start time, then the later end
    # first, then file order; Python's sort is stable.
    ours = sorted(track.cues, key=lambda c: (c.start, -c.end))
    if len(ours) != len(shown):
        diffs.append(f"{len(shown)} cues in the browser, {len(ours)} in subtool")
    for k, (cue, seen) in enumerate(zip(ours, shown, strict=False)):
        ident, start, end, raw, as_html = seen
        mine = (cue.identifier, cue.start, cue.end, cue.text)
        theirs = (ident, start, end, html.unescape(raw))
        if mine != theirs:
            diffs.append(f"cue {k + 1}: browser {theirs!r}, subtool {mine!r}")
        elif rendered(raw) != as_html:
            diffs.append(f"cue {k + 1}: the browser renders {as_html!r}, not {rendered(raw)!r} "
                         "(subtool decodes character references differently)")
    return Outcome(path, browser, tuple(diffs))


def chromium_version(chromium: str | None = None) -> str:
    """``Chromium 156.0.…`` as the browser reports it."""
    chromium = chromium or CHROMIUM
    if chromium is None:
        return "none"
    out = subprocess.run([chromium, "--version"], capture_output=True, text=True,
                         timeout=60, check=False).stdout
    return out.strip().split(" built on ")[0]


def record(target: Path, seen: dict[Path, list[BrowserCue] | None]) -> None:
    """Write the browser's reading of each file, keyed by file name, as JSON."""
    def dump(value: object) -> str:
        return json.dumps(value)

    out = [f'{{"chromium": {dump(chromium_version())},', ' "files": {']
    items = sorted((p.name, cues) for p, cues in seen.items())
    for k, (name, cues) in enumerate(items):
        comma = "," if k + 1 < len(items) else ""
        if cues is None or not cues:
            out.append(f"  {dump(name)}: {dump(cues)}{comma}")
            continue
        out.append(f"  {dump(name)}: [")
        out.extend(f"   {dump(list(c))}{',' if j + 1 < len(cues) else ''}"
                   for j, c in enumerate(cues))
        out.append(f"  ]{comma}")
    out.append("}}")
    target.write_text("\n".join(out) + "\n", encoding="utf-8")


def collect(args: Sequence[str]) -> list[Path]:
    """The ``.vtt`` files named by the arguments (folders searched recursively)."""
    found: list[Path] = []
    for arg in args:
        p = Path(arg)
        found.extend(sorted(p.rglob("*.vtt")) if p.is_dir() else [p])
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: print one line per disagreement and the agreement count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(CORPUS)])
    parser.add_argument("--json", action="store_true", help="print the browser's cues")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every file")
    parser.add_argument("--record", metavar="JSON", type=Path,
                        help="also write what Chromium read (per file name) to JSON: the "
                        "recorded reference the fast tests compare with")
    parser.add_argument("--decoder", choices=("subtool", "browser"), default="subtool",
                        help="decode with subtool's decoder (default: the whole path a file "
                        "takes) or as the browser does (the WebVTT reader alone)")
    ns = parser.parse_args(argv)
    paths = collect(ns.paths)
    if not paths:
        print("no .vtt files found in " + ", ".join(ns.paths), file=sys.stderr)
        return 2
    seen = browser_cues(paths)
    outcomes = [compare(p, seen[p], ns.decoder) for p in paths]
    if ns.record:
        record(ns.record, seen)
    if ns.json:
        print(json.dumps({str(o.path): o.browser for o in outcomes}, ensure_ascii=False,
                         indent=1))
    refused = sum(o.browser is None for o in outcomes)
    for o in outcomes:
        if o.differences or ns.verbose:
            status = "agrees" if o.agrees else "DIFFERS"
            print(f"{o.path}: {status}")
            for d in o.differences:
                print(f"    {d}")
    good = sum(o.agrees for o in outcomes)
    print(f"{good} of {len(outcomes)} files identical in Chromium and subtool "
          f"({refused} refused by the browser; decoder: {ns.decoder})")
    return 0 if good == len(outcomes) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
