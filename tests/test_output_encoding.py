"""Output to a terminal or file in a legacy encoding (a Windows console redirected to a file
writes cp1252; a Latin-1 locale): prose for people shows what the encoding cannot hold as
escapes, data formats are UTF-8 whatever the encoding, and nothing is an internal error.

``PYTHONIOENCODING`` gives the child process such a standard output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import srt_text

# A Cyrillic word with a Latin "o" (mixed-script quotes it) and an unclosed quotation mark.
RUSSIAN = srt_text([(1000, 4000, "Привет, мир «тест"), (5000, 8000, "Этo слово с латинской o")])
GREEK = srt_text([(1000, 1300, "Καλημέρα  σας")])  # too short, a double space: fix has work


def _run(tmp_path: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "subtool", *args], cwd=tmp_path, env=env,
                          capture_output=True, timeout=300, check=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.ru.srt").write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "b.el.srt").write_text(GREEK, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
def test_the_text_report_shows_escapes_instead_of_failing(folder: Path, encoding: str) -> None:
    result = _run(folder, encoding, "check", "a.ru.srt")
    assert result.returncode == 1, result.stderr
    shown = result.stdout.decode(encoding)
    assert "'\\u042d\\u0442o'" in shown  # the word 'Этo', escaped; its Latin o as it is
    assert "1 error, 1 warning" in shown
    assert b"internal error" not in result.stderr


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "github", "summary"])
def test_data_formats_are_utf8_whatever_the_terminal(folder: Path, output_format: str) -> None:
    result = _run(folder, "ascii", "check", "--format", output_format, "a.ru.srt")
    assert result.returncode == 1, result.stderr
    text = result.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert "Этo" in text
    if output_format in ("json", "sarif"):
        json.loads(text)


def test_the_diff_of_fix_is_utf8(folder: Path) -> None:
    result = _run(folder, "cp1252", "fix", "b.el.srt")
    assert result.returncode == 1, result.stderr  # changes to make
    diff = result.stdout.decode("utf-8")
    assert "-Καλημέρα  σας" in diff
    assert "+Καλημέρα σας" in diff


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_an_export_to_standard_output_is_the_file_s_bytes(tmp_path: Path, encoding: str) -> None:
    """What a command writes to standard output is the same UTF-8 it writes with --output:
    an export of the glossary's Arabic, Cyrillic and Greek terms is not escaped."""
    glossary = Path(__file__).resolve().parent.parent / "glossary" / "terms.csv"
    result = _run(tmp_path, encoding, "glossary", "export", "--format", "tbx",
                  "--glossary", str(glossary))
    assert result.returncode == 0, result.stderr
    written = _run(tmp_path, encoding, "glossary", "export", "--format", "tbx",
                   "--glossary", str(glossary), "--output", "terms.tbx")
    assert written.returncode == 0, written.stderr
    assert result.stdout == (tmp_path / "terms.tbx").read_bytes()
    text = result.stdout.decode("utf-8")
    assert "\\u0" not in text
    for word in ("منطقة", "δημοτικό διαμέρισμα", "район", "ilçe"):
        assert word in text, word
