"""The user's cache of read texts (``subtool.languages.usercache``): what the language files' TOML
read into is kept under a fingerprint of the text, so a start reads one JSON file instead of
importing the TOML reader and parsing; a changed text is read anew, a damaged or unwritable
cache costs only time."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from subtool.core.errors import LanguageDataError
from subtool.languages import schema
from subtool.languages.usercache import fingerprint, remembered

ROOT = Path(__file__).resolve().parent.parent


class Reader:
    """A read function that counts its calls."""

    def __init__(self, value: Any = None) -> None:
        self.calls = 0
        self.value = value

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return self.value if self.value is not None else {"text": text, "n": [1, 2.5, True]}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SUBTOOL_CACHE_DIR", str(folder))
    return folder


def test_a_text_is_read_once_and_then_taken_from_the_cache(cache: Path) -> None:
    read = Reader()
    first = remembered("t", "a = 1", read)
    second = remembered("t", "a = 1", read)
    assert first == second == {"text": "a = 1", "n": [1, 2.5, True]}
    assert read.calls == 1
    assert [p.name for p in cache.iterdir()] == [f"t-{fingerprint('a = 1')}.json"]


def test_a_changed_text_is_read_again(cache: Path) -> None:
    read = Reader()
    remembered("t", "a = 1", read)
    assert remembered("t", "a = 2", read)["text"] == "a = 2"
    assert read.calls == 2


@pytest.mark.parametrize("damage", [b"", b"{\"text\": ", b"\xff\xfe\x00", b"[1, 2", b"{}",
                                    b'{"text": "a = 1", "n": [1, 2.5, true]}'])
def test_a_damaged_cache_file_is_read_around_and_repaired(cache: Path, damage: bytes) -> None:
    read = Reader()
    remembered("t", "a = 1", read)
    (path,) = cache.iterdir()
    path.write_bytes(damage)
    assert remembered("t", "a = 1", read)["text"] == "a = 1"
    assert read.calls == 2
    assert remembered("t", "a = 1", read)["text"] == "a = 1"
    assert read.calls == 2  # the sound copy written the second time


def test_a_cache_file_whose_json_was_changed_or_copied_from_another_is_not_taken(
        cache: Path) -> None:
    read = Reader()
    remembered("t", "a = 1", read)
    remembered("t", "a = 2", read)
    first, second = (cache / f"t-{fingerprint(t)}.json" for t in ("a = 1", "a = 2"))
    first.write_bytes(second.read_bytes())  # another text's entry, sound in itself
    assert remembered("t", "a = 1", read)["text"] == "a = 1"
    header, _, body = second.read_bytes().partition(b"\n")
    second.write_bytes(header + b"\n" + body.replace(b"2", b"3"))  # the JSON changed
    assert remembered("t", "a = 2", read)["text"] == "a = 2"
    assert read.calls == 4


def test_an_emptied_language_cache_does_not_break_the_language(cache: Path) -> None:
    path = ROOT / "subtool" / "languages" / "tr.toml"
    text = path.read_text(encoding="utf-8")
    fresh = schema.parse(text, path.name)
    for kept in cache.glob("language-*.json"):
        kept.write_text("{}", encoding="utf-8")
    assert schema.parse(text, path.name) == fresh


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("SUBTOOL_CACHE_DIR", str(blocker / "cache"))
    read = Reader()
    assert remembered("t", "a = 1", read)["text"] == "a = 1"
    assert remembered("t", "a = 1", read)["text"] == "a = 1"
    assert read.calls == 2
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_a_value_json_cannot_hold_is_not_kept(cache: Path) -> None:
    day = datetime.date(2026, 12, 7)
    read = Reader({"day": day})
    assert remembered("t", "day = 2026-12-07", read) == {"day": day}
    assert remembered("t", "day = 2026-12-07", read) == {"day": day}
    assert read.calls == 2
    assert not any(cache.glob("*.json"))


def test_an_error_of_the_reader_is_raised_and_nothing_kept(cache: Path) -> None:
    with pytest.raises(LanguageDataError, match="is not valid TOML"):
        schema.parse("code = ", "<text>")
    assert not cache.exists() or not any(cache.glob("*.json"))


def test_every_language_reads_the_same_from_the_cache_as_from_its_file(cache: Path) -> None:
    for path in sorted((ROOT / "subtool" / "languages").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        fresh = schema.parse(text, path.name)
        again = schema.parse(text, path.name)  # every part now from the cache
        assert again == fresh, path.name
        assert again.linebreak == fresh.linebreak and again.segment == fresh.segment
        schema.validate(again)


def test_a_warm_start_does_not_import_the_toml_reader(tmp_path: Path) -> None:
    code = ("import sys; from subtool.languages import lookup; "
            "lookup('de').linebreak; lookup('ar').segment; print('tomllib' in sys.modules)")
    env = {**os.environ, "SUBTOOL_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]
