"""The command line as people and CI use it: real processes, real files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import run_subtool as run

GOOD = ("1\n00:00:01,000 --> 00:00:03,000\nGuten Tag.\n\n"
        "2\n00:00:03,080 --> 00:00:06,000\nWillkommen im Seniorenbüro.\n")
BAD = ("1\n00:00:01,000 --> 00:00:03,000\nGuten Tag.\n\n"
       "2\n00:00:02,000 -> 00:00:05,000\nKaputt.\n\n"
       "3\n00:00:05,000 --> 00:00:05,500\nDiese Zeile ist viel zu lang für einen Untertitel\n")




@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "good.de.srt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.de.srt").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_clean_file_exits_0(files: Path) -> None:
    result = run("check", "good.de.srt", cwd=files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings in 1 file" in result.stdout


def test_problems_exit_1_with_located_lines(files: Path) -> None:
    result = run("check", "bad.de.srt", cwd=files)
    assert result.returncode == 1
    assert "bad.de.srt:6: [parse-error] error:" in result.stdout
    assert "bad.de.srt:11: cue 2: [line-length] error: line 1 of the cue has 49 characters; " \
           "at most 37 for de" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_output_has_exactly_the_documented_keys(files: Path) -> None:
    result = run("check", "--format", "json", ".", cwd=files)
    doc = json.loads(result.stdout)
    assert doc["problems"]
    for problem in doc["problems"]:
        assert set(problem) == {"path", "rule", "severity", "cue", "line", "message"}
        assert problem["severity"] in ("error", "warning", "info")
    assert doc["summary"]["files"] == 2


def test_github_annotations(files: Path) -> None:
    result = run("check", "--format", "github", "bad.de.srt", cwd=files)
    assert "::error file=bad.de.srt,line=6,title=subtool parse-error::" in result.stdout


def test_junit_one_testcase_per_file(files: Path) -> None:
    result = run("check", "--format", "junit", ".", cwd=files)
    root = ElementTree.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert sorted(c.get("name") or "" for c in cases) == ["bad.de.srt", "good.de.srt"]
    assert [c.get("name") for c in cases if c.find("failure") is not None] == ["bad.de.srt"]


def test_sarif_is_2_1_0_with_rule_metadata(files: Path) -> None:
    result = run("check", "--format", "sarif", "--output", "out.sarif", ".", cwd=files)
    assert result.returncode == 1
    doc = json.loads((files / "out.sarif").read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0"
    run_ = doc["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "reading-speed" in rule_ids
    for res in run_["results"]:
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "bad.de.srt"


def test_select_ignore_and_strict(files: Path) -> None:
    only = run("check", "--select", "line-length", "--format", "json", "bad.de.srt", cwd=files)
    assert {p["rule"] for p in json.loads(only.stdout)["problems"]} == {"line-length"}
    none = run("check", "--ignore", "parse-error,line-length,min-duration,reading-speed",
               "bad.de.srt", cwd=files)
    assert none.returncode == 0, none.stdout
    (files / "warn.de.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo  Welt\n",
                                       encoding="utf-8")
    assert run("check", "warn.de.srt", cwd=files).returncode == 0
    assert run("check", "--strict", "warn.de.srt", cwd=files).returncode == 1


@pytest.mark.parametrize("args", [
    ("check", "--select", "no-such-rule", "good.de.srt"),
    ("check", "--profile", "fast", "good.de.srt"),
    ("check", "--format", "xml", "good.de.srt"),
    ("check", "--lang", "gr", "good.de.srt"),
    ("check", "missing.srt"),
    ("rules", "no-such-rule"),
    ("check", "--no-such-option"),
], ids=["rule", "profile", "format", "lang", "missing", "rules", "option"])
def test_usage_errors_exit_2_without_traceback(files: Path, args: tuple[str, ...]) -> None:
    result = run(*args, cwd=files)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_bad_project_configuration_exits_2_naming_the_key(files: Path) -> None:
    (files / "subtool.toml").write_text('profile = "turbo"\n', encoding="utf-8")
    result = run("check", "good.de.srt", cwd=files)
    assert result.returncode == 2
    assert "subtool.toml:1: [profile] unknown profile 'turbo'" in result.stderr


@pytest.mark.parametrize("content", [
    b"", b"\x00\x01\x02\xff" * 50, b"\xff\xfe\x00", b"WEBVTT\n\n00:01.000 --> 00",
    b"1\n00:00:01,000 --> 00:00:02,000\n\xe4\xf6\xfc\n", b"1\n" * 1000,
], ids=["empty", "binary", "bom-only", "truncated-vtt", "latin1", "numbers"])
def test_broken_files_are_problems_not_crashes(files: Path, content: bytes) -> None:
    (files / "broken.srt").write_bytes(content)
    (files / "broken.vtt").write_bytes(content)
    result = run("check", "broken.srt", "broken.vtt", cwd=files)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_rules_lists_every_rule_and_prints_manuals(files: Path) -> None:
    listing = run("rules", cwd=files)
    assert listing.returncode == 0
    from subtool.rules import BY_ID  # noqa: PLC0415

    listed = [line.split()[0] for line in listing.stdout.strip().splitlines()]
    assert listed == list(BY_ID)
    manual = run("rules", "legacy-diacritics", cwd=files)
    assert "U+0219" in manual.stdout


def test_convert_srt_to_vtt_and_back(files: Path) -> None:
    assert run("convert", "good.de.srt", "good.de.vtt", cwd=files).returncode == 0
    vtt = (files / "good.de.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nGuten Tag.\n")
    assert "\n2\n" not in vtt  # SRT numbers are positions, not WebVTT identifiers
    assert run("convert", "good.de.vtt", "again.srt", cwd=files).returncode == 0
    assert (files / "again.srt").read_text(encoding="utf-8") == GOOD
    refused = run("convert", "good.de.srt", "good.de.vtt", cwd=files)
    assert refused.returncode == 2
    assert "--force" in refused.stderr


def test_convert_refuses_file_with_parse_errors(files: Path) -> None:
    result = run("convert", "bad.de.srt", "bad.vtt", cwd=files)
    assert result.returncode == 1
    assert "bad.de.srt:6:" in result.stderr
    assert not (files / "bad.vtt").exists()


def test_convert_ass_keeps_italics(files: Path) -> None:
    ass = ("[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, "
           "Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.50,"
           "Default,,0,0,0,,{\\i1}Hallo{\\i0} Welt\\Nzweite Zeile\n")
    (files / "in.ass").write_text(ass, encoding="utf-8")
    assert run("convert", "in.ass", "out.vtt", cwd=files).returncode == 0
    assert "<i>Hallo</i> Welt\nzweite Zeile" in (files / "out.vtt").read_text(encoding="utf-8")


def test_project_mode_checks_master_and_translations(project_root: Path) -> None:
    result = run("check", "--format", "json", cwd=project_root)
    doc = json.loads(result.stdout)
    assert {f["lang"] for f in doc["files"]} == {"de", "en", "tr", "ar", "pl", "ro", "bg", "uk",
                                                  "ru", "it", "el"}
    assert doc["summary"]["errors"] == 0, [p for p in doc["problems"] if p["severity"] == "error"]
    assert result.returncode == 0


def test_convert_to_json_is_a_read_out_even_with_problems(tmp_path: Path) -> None:
    source = tmp_path / "film.ru.srt"
    source.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nПривет\n\n"
                       "2\n00:00:01,500 --> 00:00:03.000\nмир\n".encode("cp1251"))
    target = tmp_path / "film.json"
    result = run("convert", str(source), str(target), cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # an overlap and a legacy code page
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["cues"] == [
        {"id": "1", "start": 1000, "end": 2000, "text": "Привет", "settings": ""},
        {"id": "2", "start": 1500, "end": 3000, "text": "мир", "settings": ""}]
    rules = {p["rule"] for p in doc["problems"]}
    assert {"overlap", "encoding", "syntax"} <= rules
    assert set(doc["problems"][0]) == {"path", "rule", "severity", "cue", "line", "message"}
    assert "converted from Windows-1251" in result.stderr
    again = run("convert", str(source), str(target), cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr  # not overwritten silently
