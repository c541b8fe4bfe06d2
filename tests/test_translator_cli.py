"""The translators' commands end to end: diff (files, --rev, --stale), PO/XLIFF, segment."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import run_subtool as run

ROOT = Path(__file__).resolve().parent.parent




def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def film(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "film", cwd=tmp_path)
    master = tmp_path / "subtitles" / "de.srt"
    master.write_text(master.read_text(encoding="utf-8").replace(
        "Angefangen hat alles", "Begonnen hat alles", 1), encoding="utf-8")
    return tmp_path


def test_diff_two_files_in_four_formats(film: Path) -> None:
    shutil.copy(film / "subtitles" / "de.srt", film / "new.srt")
    git("stash", cwd=film)
    args = ("diff", "subtitles/de.srt", "new.srt")
    terminal = run(*args, cwd=film)
    assert terminal.returncode == 0
    assert "[-Angefangen-]{+Begonnen+} hat alles" in terminal.stdout
    doc = json.loads(run(*args, "--format", "json", cwd=film).stdout)
    assert [c["kind"] for c in doc["changes"]] == ["reworded"]
    assert "~~Angefangen~~" in run(*args, "--format", "md", cwd=film).stdout
    page = run(*args, "--format", "html", cwd=film).stdout
    assert "<del>Angefangen</del>" in page and "<ins>Begonnen</ins>" in page


def test_diff_against_a_git_revision(film: Path) -> None:
    result = run("diff", "--rev", "HEAD", cwd=film)
    assert result.returncode == 0, result.stderr
    assert "reworded  3 → 3" in result.stdout
    bad = run("diff", "--rev", "no-such-rev", cwd=film)
    assert bad.returncode == 2
    assert "git cannot show no-such-rev" in bad.stderr


def test_stale_todo_list_for_translators(film: Path) -> None:
    result = run("diff", "--stale", "--lang", "el", cwd=film)
    assert result.returncode == 0
    assert "el: 1 cue to translate again, 0 cues not translated yet" in result.stdout
    assert "[-Angefangen-]{+Begonnen+}" in result.stdout
    page = run("diff", "--stale", "--lang", "ar", "--format", "html", cwd=film).stdout
    assert 'dir="rtl"' in page
    data = json.loads(run("diff", "--stale", "--format", "json", cwd=film).stdout)
    assert set(data) == {"en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"}
    assert all(items[0]["old_german"].startswith("Angefangen") for items in data.values())


def test_po_round_trip_and_refusal(film: Path) -> None:
    assert run("export-po", "tr", "--output", "tr.po", cwd=film).returncode == 0
    text = (film / "tr.po").read_text(encoding="utf-8")
    assert "#| msgid \"Angefangen hat alles mit einem Modellprojekt.\"" in text
    before = (film / "subtitles" / "tr.srt").read_bytes()
    unchanged = run("import-po", "tr.po", cwd=film)
    assert unchanged.returncode == 0, unchanged.stderr
    assert (film / "subtitles" / "tr.srt").read_bytes() == before
    (film / "xx.po").write_text(text.replace("Language: tr", "Language: fr"), encoding="utf-8")
    refused = run("import-po", "xx.po", cwd=film)
    assert refused.returncode == 1
    assert "not a language of this project" in refused.stderr


def test_xliff_round_trip(film: Path) -> None:
    assert run("export-xliff", "ar", "--output", "ar.xlf", cwd=film).returncode == 0
    before = (film / "subtitles" / "state" / "ar.tsv").read_bytes()
    assert run("import-xliff", "ar.xlf", cwd=film).returncode == 0
    assert (film / "subtitles" / "state" / "ar.tsv").read_bytes() == before


def test_segment_a_transcript(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "data" / "transcript-de.txt", tmp_path / "t.txt")
    result = run("segment", "t.txt", "--output", "de.srt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = run("check", "de.srt", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    (tmp_path / "bad.txt").write_text("[00:00:01] Hallo\n[00:00:00] Zurück\n", encoding="utf-8")
    bad = run("segment", "bad.txt", cwd=tmp_path)
    assert bad.returncode == 1
    assert "bad.txt:2:" in bad.stderr


def test_unreadable_files_and_bad_provider_are_refused(film: Path) -> None:
    (film / "junk.bin").write_bytes(bytes(range(256)))
    diff = run("diff", "junk.bin", "subtitles/de.srt", cwd=film)
    assert diff.returncode == 1
    assert "junk.bin:" in diff.stderr and "cannot be compared" in diff.stderr
    bad = run("translate", "--to", "tr", "--provider", "nope", cwd=film)
    assert bad.returncode == 2
    assert "unknown provider 'nope'" in bad.stderr
