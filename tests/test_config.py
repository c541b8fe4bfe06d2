"""Configuration: every wrong key or value is named with its file, line and allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtool.core.errors import ConfigError
from subtool.project.config import find as find_project
from subtool.project.config import read as load
from subtool.rules import BY_ID

GOOD = """[tool.subtool]
master = "subtitles/de.srt"
languages = ["en", "tr", "ru"]
profile = "senior"
frame-rate = 25
duration = "7:25"

[tool.subtool.rules]
whitespace = "off"

[tool.subtool.limits]
max_chars = 40

[tool.subtool.limits.ru]
max_chars = 38
"""


def _write(tmp_path: Path, text: str, name: str = "pyproject.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_valid_configuration(tmp_path: Path) -> None:
    settings = load(_write(tmp_path, GOOD), known_rules=BY_ID)
    assert settings.languages == ("en", "tr", "ru")
    assert settings.master_language == "de"
    assert settings.duration == 445_000
    assert settings.rules == {"whitespace": "off"}
    assert settings.limits == {"*": {"max_chars": 40.0}, "ru": {"max_chars": 38.0}}
    assert settings.track_path("tr") == tmp_path / "subtitles/tr.srt"


def test_subtool_toml_uses_top_level_keys(tmp_path: Path) -> None:
    path = _write(tmp_path, 'master = "de.srt"\nlanguages = ["el"]\n', "subtool.toml")
    (tmp_path / "sub" / "dir").mkdir(parents=True)
    assert find_project(tmp_path / "sub" / "dir") == path  # found from a folder below
    assert load(path).languages == ("el",)
    (tmp_path / "deeper").mkdir()
    assert find_project(tmp_path / "deeper") == path


def test_a_byte_order_mark_before_the_configuration_is_read(tmp_path: Path) -> None:
    # Notepad saved UTF-8 with a BOM until 2019: tomllib called it "Invalid statement".
    path = tmp_path / "pyproject.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert find_project(tmp_path) == path
    assert load(path, known_rules=BY_ID).languages == ("en", "tr", "ru")


def test_two_configurations_of_one_project_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    _write(tmp_path, 'master = "de.srt"\nlanguages = ["el"]\n', "subtool.toml")
    with pytest.raises(ConfigError, match="both configure subtool") as caught:
        find_project(tmp_path)
    assert caught.value.path == str(tmp_path.resolve() / "pyproject.toml")
    # A pyproject.toml without a [tool.subtool] table is another tool's business.
    _write(tmp_path, "[project]\nname = 'film'\n")
    assert find_project(tmp_path) == tmp_path.resolve() / "subtool.toml"


@pytest.mark.parametrize(("line", "key", "needle"), [
    ('profile = "fast"', "tool.subtool.profile", "senior"),
    ('languages = ["gr"]', "tool.subtool.languages", "'el'"),
    ('languages = ["ua"]', "tool.subtool.languages", "'uk'"),
    ('frame_rate = 25', "tool.subtool.frame_rate", "frame-rate"),
    ('frame-rate = "fast"', "tool.subtool.frame-rate", "23.976"),
    ('duration = "7 minutes"', "tool.subtool.duration", "7:25"),
    ('slug = "Der Film!"', "tool.subtool.slug", "letters"),
    ('tracks = "subtitles/x.srt"', "tool.subtool.tracks", "{lang}"),
    ('rules = { whitespace = "loud" }', "tool.subtool.rules.whitespace", "off, info, warning"),
    ('rules = { no-such-rule = "off" }', "tool.subtool.rules.no-such-rule", "subtool rules"),
    ('limits = { max_chars = -3 }', "tool.subtool.limits.max_chars", "positive"),
    ('limits = { width = 3 }', "tool.subtool.limits.width", "max_chars"),
    ('frame-rate = inf', "tool.subtool.frame-rate", "from 1 to 240"),
    ('frame-rate = nan', "tool.subtool.frame-rate", "from 1 to 240"),
    ('frame-rate = 1e999', "tool.subtool.frame-rate", "from 1 to 240"),
    ('frame-rate = 0', "tool.subtool.frame-rate", "from 1 to 240"),
    ('duration = "1e999s"', "tool.subtool.duration", "not a duration"),
    ('duration = "99999999:00"', "tool.subtool.duration", "length of a film"),
    ('duration = "0:00"', "tool.subtool.duration", "length of a film"),
    ('limits = { max_lines = 0.5 }', "tool.subtool.limits.max_lines", "whole number"),
    ('limits = { cps_warn = inf }', "tool.subtool.limits.cps_warn", "from 1 to 100"),
    ('limits = { min_duration = 0 }', "tool.subtool.limits.min_duration", "from 1"),
    ('tracks = "subtitles/{0}.srt"', "tool.subtool.tracks", "no other placeholder"),
    ('tracks = "subtitles/{x}.srt"', "tool.subtool.tracks", "no other placeholder"),
    ('tracks = "subtitles/{lang.srt"', "tool.subtool.tracks", "unmatched brace"),
    ('ui-language = "xx"', "tool.subtool.ui-language", "allowed values"),
    ('youtube-video-id = "watch?v=abc"', "tool.subtool.youtube-video-id", "watch?v="),
    ('youtube-video-id = "abc123"', "tool.subtool.youtube-video-id", "dQw4w9WgXcQ"),
    ('youtube-quota-budget = 0', "tool.subtool.youtube-quota-budget", "from 50"),
    ('limits = { min_duration = 8000, max_duration = 1000 }',
     "tool.subtool.limits.min_duration", "must not be above max_duration"),
    ('glossary = "subtitles/tr.srt"\nlanguages = ["tr"]', "tool.subtool.glossary",
     "is one of the subtitle files"),
    ('glossary = "de.srt"', "tool.subtool.glossary", "is one of the subtitle files"),
], ids=lambda v: str(v)[:20])
def test_bad_values_name_key_line_and_allowed_values(tmp_path: Path, line: str, key: str,
                                                     needle: str) -> None:
    path = _write(tmp_path, f'[tool.subtool]\nmaster = "de.srt"\n{line}\n')
    with pytest.raises(ConfigError) as info:
        load(path, known_rules=BY_ID)
    message = str(info.value)
    assert f"[{key}]" in message
    assert needle in message
    assert f"{path}:3:" in message


@pytest.mark.parametrize("section", ["limits", "spelling"])
@pytest.mark.parametrize("lang", ["ru", "de-DE"])
def test_settings_for_a_language_the_project_lacks_are_refused(tmp_path: Path, section: str,
                                                               lang: str) -> None:
    # [limits.ru] in a project without Russian was ignored without a word.
    value = "max_chars = 38" if section == "limits" else f'"{lang.replace("-", "_")}"'
    body = (f"[tool.subtool.{section}.{lang}]\n{value}\n" if section == "limits"
            else f"[tool.subtool.{section}]\n{lang} = {value}\n")
    path = _write(tmp_path, '[tool.subtool]\nmaster = "de.srt"\nlanguages = ["en", "tr"]\n'
                  + body)
    with pytest.raises(ConfigError, match="neither the master's language nor one of"):
        load(path, known_rules=BY_ID)


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '[tool.subtool]\nmaster = "de.srt\n')
    with pytest.raises(ConfigError) as info:
        load(path)
    assert info.value.line == 2


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "subtool.toml"
    path.write_bytes(b'title = "Gr\xfc\xdfe"\n')
    with pytest.raises(ConfigError, match="UTF-8"):
        load(path)
