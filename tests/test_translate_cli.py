"""subtool translate and build --translate against a LibreTranslate stand-in on 127.0.0.1."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import copy_film, run_subtool
from translate_standins import LibreStandIn

ROOT = Path(__file__).resolve().parent.parent
KEY = "secret-key-1234567890"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_subtool(*args, cwd=cwd, env={"LIBRETRANSLATE_API_KEY": KEY})


@pytest.fixture
def film(tmp_path: Path) -> Path:
    path = copy_film(tmp_path) / "subtitles" / "tr.srt"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for k in (9, 10, 11):  # cues 10-12 lose their text
        blocks[k] = "\n".join(blocks[k].split("\n")[:2])
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return tmp_path


def test_translate_fills_only_empty_cues_and_records_machine_drafts(film: Path) -> None:
    before = (film / "subtitles" / "tr.srt").read_text(encoding="utf-8").split("\n\n")
    with LibreStandIn() as server:
        with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[tool.subtool.translate]\nprovider = "libre"\nurl = "{server.url}"\n')
        first = run("translate", "--to", "tr", cwd=film)
        assert first.returncode == 0, first.stderr
        assert "tr: 3 cue(s) drafted" in first.stderr
        second = run("translate", "--to", "tr", cwd=film)
        assert "tr: 0 cue(s) drafted (0 request(s)" in second.stderr
    after = (film / "subtitles" / "tr.srt").read_text(encoding="utf-8").split("\n\n")
    assert [b for i, b in enumerate(after) if i not in (9, 10, 11)] == \
        [b for i, b in enumerate(before) if i not in (9, 10, 11)]
    assert all(len(after[k].split("\n")) > 2 for k in (9, 10, 11))
    state = (film / "subtitles" / "state" / "tr.tsv").read_text(encoding="utf-8")
    assert state.count("machine:libre\tdraft") == 3
    check = run("check", "--select", "machine-translation", "subtitles/tr.srt", cwd=film)
    assert check.stdout.count("[machine-translation]") == 3
    for path in film.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in first.stdout + first.stderr + second.stdout + second.stderr


def test_build_translate_then_report(film: Path) -> None:
    with LibreStandIn() as server:
        result = run("build", "--translate", "--lang", "tr", cwd=film)
        assert result.returncode == 2  # no url configured for libre: a configuration error
        assert "Traceback" not in result.stderr
        with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[tool.subtool.translate]\nprovider = "libre"\nurl = "{server.url}"\n')
        result = run("build", "--translate", "--lang", "tr", cwd=film)
    assert "tr: 3 cue(s) drafted" in result.stderr, result.stderr
    report = (film / "dist" / "report.md").read_text(encoding="utf-8")
    assert "machine-translation" in report


@pytest.mark.parametrize(("table", "needle"), [
    ('provider = "babel"', "allowed values: libre, deepl, google, pseudo"),
    ('api-key = "x"', "environment variables only"),
    ('url = "ftp://x"', "http(s) address"),
    ("concurrency = 0", "whole number"),
])
def test_translate_settings_are_validated(film: Path, table: str, needle: str) -> None:
    with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n[tool.subtool.translate]\n{table}\n")
    result = run("translate", "--to", "tr", cwd=film)
    assert result.returncode == 2
    assert needle in result.stderr


def test_unreachable_server_names_provider_language_and_missing(film: Path) -> None:
    with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.subtool.translate]\nprovider = "libre"\n'
                     'url = "http://127.0.0.1:9"\ntimeout = 1\n')
    result = run("translate", "--to", "tr", cwd=film)
    assert result.returncode in (1, 2)
    assert "libre" in result.stderr and "tr" in result.stderr
    assert "Traceback" not in result.stderr
    assert KEY not in result.stderr


def test_translate_compacts_the_translation_memory(film: Path) -> None:
    memory = film / ".subtool-cache" / "translation-memory.jsonl"
    memory.parent.mkdir()
    # A line cut short by a crash, and the same key twice (a superseded draft).
    memory.write_text('{"key": "a", "text": "eins"}\n{"key": "a", "text": "zwei"}\n'
                      '{"key": "b", "te', encoding="utf-8")
    with LibreStandIn() as server:
        with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[tool.subtool.translate]\nprovider = "libre"\nurl = "{server.url}"\n')
        result = run("translate", "--to", "tr", cwd=film)
    assert result.returncode == 0, result.stderr
    lines = memory.read_text(encoding="utf-8").splitlines()
    assert all(line.endswith("}") for line in lines)  # the damaged line is gone
    # key "a" once, the three drafts, and the record of the text each draft wrote into its cue
    # (how a later run tells a person's edit from the draft)
    assert len(lines) == len(set(lines)) == 1 + 3 + 3
