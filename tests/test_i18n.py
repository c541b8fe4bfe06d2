"""The message catalogs: complete, compiled from the current .po, placeholders kept."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from helpers import run_subtool

from subtool.languages import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "subtool"
CATALOGS = sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/subtool.po"))
_FIELD = re.compile(r"\{[a-z_]*\}")


def _source_messages() -> set[str]:
    """Every message marked in the code (as ``pybabel extract`` with babel.cfg finds it)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")],
            keywords={"_": None, "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def test_there_is_a_german_catalog() -> None:
    assert "de" in i18n.available()


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_translates_every_message(path: Path) -> None:
    catalog = _read(path)
    wanted = _source_messages()
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(wanted - set(have))
    assert missing == [], "run the commands in the README (Messages) to update the catalog"
    untranslated = sorted(k for k in wanted if not have[k].string or have[k].fuzzy)
    assert untranslated == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_translations_keep_the_placeholders(path: Path) -> None:
    for message in _read(path):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(_FIELD.findall(ids[0]))
        for string in strings:
            assert set(_FIELD.findall(string)) == wanted, (message.id, string)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_compiled_catalog_is_up_to_date(path: Path) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _read(path))
    assert path.with_suffix(".mo").read_bytes() == compiled.getvalue(), \
        "run pybabel compile (README, Messages)"


def test_project_setting_chooses_the_language(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    # A blocking problem: an overlap in the Turkish track.
    track = tmp_path / "subtitles" / "tr.srt"
    text = track.read_text(encoding="utf-8").replace("00:00:11,080 --> ", "00:00:10,000 --> ", 1)
    track.write_text(text, encoding="utf-8")
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('ui-language = "de"\n')
    german = run_subtool("build", "--check-only", cwd=tmp_path)
    assert "Die Veröffentlichung ist blockiert" in german.stdout, german.stdout + german.stderr
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text(encoding="utf-8").replace(
            'ui-language = "de"', 'ui-language = "en"'), encoding="utf-8")
    english = run_subtool("build", "--check-only", cwd=tmp_path)
    assert "Publishing is blocked" in english.stdout


def test_unknown_ui_language_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "subtool.toml").write_text('master = "de.srt"\nui-language = "xx"\n',
                                           encoding="utf-8")
    result = run_subtool("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "ui-language" in result.stderr and "de" in result.stderr
