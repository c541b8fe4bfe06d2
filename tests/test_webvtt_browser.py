"""subtool's WebVTT reader against headless Chromium, the reference for what viewers see.

Every file of ``tests/data/webvtt/`` (and of the web-platform-tests corpus in
``../shared/corpus/webvtt-wpt/`` when it is there) is loaded by Chromium through a
``<video><track>`` element and read by subtool: the same cues (id, start, end, text), and a
refusal where Chromium refuses. Files subtool writes are read back identically by Chromium.
Skipped, with the reason, when Chromium is not installed and SUBTOOL_REQUIRE_BROWSER is not
set (CI sets it); the corpus test is skipped when the corpus is absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from subtool.formats import vtt

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "webvtt"
CORPUS = ROOT.parent / "shared" / "corpus" / "webvtt-wpt"


def _conformance() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "webvtt_conformance", ROOT / "scripts" / "webvtt_conformance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("webvtt_conformance", module)
    spec.loader.exec_module(module)
    return module


CONFORMANCE = _conformance()

pytestmark: list[pytest.MarkDecorator] = [pytest.mark.browser]
if CONFORMANCE.CHROMIUM is None:
    if os.environ.get("SUBTOOL_REQUIRE_BROWSER"):
        raise RuntimeError("SUBTOOL_REQUIRE_BROWSER is set but chromium is not installed")
    pytestmark = [pytest.mark.browser, pytest.mark.skip(
        reason="headless Chromium not installed (apt-get install chromium); CI runs this test")]


def _disagreements(paths: list[Path], decoder: str) -> dict[str, tuple[str, ...]]:
    seen = CONFORMANCE.browser_cues(paths)
    outcomes = [CONFORMANCE.compare(p, seen[p], decoder) for p in paths]
    return {str(o.path): o.differences for o in outcomes if o.differences}


def test_own_edge_cases_read_as_chromium_reads_them() -> None:
    paths = sorted(DATA.glob("*.vtt"))
    assert len(paths) >= 30
    seen = CONFORMANCE.browser_cues(paths)
    differences = {p.name: CONFORMANCE.compare(p, seen[p], "browser").differences
                   for p in paths}
    assert {name: d for name, d in differences.items() if d} == {}
    # The recording the fast tests (test_webvtt_spec.py) compare with is still the browser's.
    recorded = json.loads((DATA / "chromium.json").read_text(encoding="utf-8"))["files"]
    live = {p.name: None if cues is None else [list(c) for c in cues]
            for p, cues in seen.items()}
    assert live == recorded, ("Chromium now reads the test files differently: check the "
                              "change, then re-record with scripts/webvtt_conformance.py "
                              "tests/data/webvtt --decoder browser --record "
                              "tests/data/webvtt/chromium.json")


def test_own_edge_cases_end_to_end_through_subtools_decoder() -> None:
    # Files with a NUL byte are left out until the decoder stops calling them binary
    # (test_webvtt_spec.py::test_a_nul_byte_does_not_make_a_webvtt_file_binary).
    paths = [p for p in sorted(DATA.glob("*.vtt")) if b"\x00" not in p.read_bytes()]
    assert _disagreements(paths, "subtool") == {}


def test_files_subtool_writes_are_read_back_identically_by_chromium(tmp_path: Path) -> None:
    written = []
    for source in sorted(DATA.glob("*.vtt")):
        track = vtt.parse(CONFORMANCE.browser_decode(source.read_bytes()))
        if not track.cues:
            continue
        target = tmp_path / source.name
        target.write_text(vtt.compose(track), encoding="utf-8")
        written.append((target, track))
    seen = CONFORMANCE.browser_cues([target for target, _ in written])
    for target, track in written:
        cues = seen[target]
        assert cues is not None, target.name
        ordered = sorted(track.cues, key=lambda c: (c.start, -c.end))
        shown = [(c[0], c[1], c[2], c[3]) for c in cues]
        assert shown == [(c.identifier, c.start, c.end, vtt.escape(c.text)) for c in ordered], \
            target.name


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the WebVTT corpus is not at {CORPUS}")
def test_web_platform_tests_corpus_reads_as_chromium_reads_it() -> None:
    paths = sorted(CORPUS.rglob("*.vtt"))
    assert paths
    assert _disagreements(paths, "browser") == {}
    clean = [p for p in paths if b"\x00" not in p.read_bytes()]
    assert _disagreements(clean, "subtool") == {}
