"""SARIF for code scanning, as a CI job uploads it: valid against the official SARIF 2.1.0
schema (URI formats checked), percent-encoded relative URIs, fingerprints that survive
inserted cues, and the tool's and rules' documentation links."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from helpers import run_subtool as run
from helpers import srt_text

from subtool.core.model import Problem, Severity
from subtool.engine.check import FileResult
from subtool.render.check import (
    FINGERPRINT,
    HOME_PAGE,
    SOURCE_ROOT,
    artifact_location,
    fingerprints,
    render_sarif,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"

# File names that are not valid in a URI as they are: a space, a colon (which would read as
# a scheme at the start of a relative reference), a "#" (a fragment), a "%", non-ASCII.
AWKWARD = "Folge 1: Ämter #2 (100%).de.srt"
TOO_LONG = "Diese Zeile ist viel zu lang für einen Untertitel im Seniorenbüro"


def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # The schema is Draft 4 but uses "uri-reference" (a later draft's format): a checker with
    # every known format, not Draft 4's own, checks it.
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator().iter_errors(doc)]


def _sarif(folder: Path, *paths: str) -> dict[str, Any]:
    result = run("check", "--format", "sarif", *paths, cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_the_schema_is_the_vendored_official_one() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_the_validator_checks_uri_formats() -> None:
    # Without a URI format checker the schema would accept any string as a URI and the
    # percent-encoding tests below could not fail.
    bad = json.loads(render_sarif([FileResult("x.srt", "de", "srt", 1, (
        Problem("x.srt", "line-length", Severity.ERROR, 1, 3, "too long"),), {1: "t"})]))
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] = AWKWARD
    assert any("uri-reference" in e for e in _errors(bad))


def test_sarif_of_awkward_file_names_is_valid_and_decodes_to_the_path(tmp_path: Path) -> None:
    cues = [(1000, 4000, "Guten Tag."), (4080, 8000, TOO_LONG)]
    (tmp_path / AWKWARD).write_text(srt_text(cues), encoding="utf-8")
    (tmp_path / "sub dir").mkdir()
    (tmp_path / "sub dir" / "zweite:datei.de.srt").write_text(srt_text(cues), encoding="utf-8")
    doc = _sarif(tmp_path, ".")
    assert _errors(doc) == []
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"]
                 for r in doc["runs"][0]["results"]]
    assert {unquote(a["uri"]) for a in locations} == {AWKWARD, "sub dir/zweite:datei.de.srt"}
    for a in locations:
        assert a["uriBaseId"] == SOURCE_ROOT
        assert " " not in a["uri"] and ":" not in a["uri"] and "#" not in a["uri"]


def test_absolute_paths_become_file_uris() -> None:
    assert artifact_location("/srv/film/Folge 1.de.srt") == {
        "uri": "file:///srv/film/Folge%201.de.srt"}
    assert artifact_location("C:\\Film\\Folge 1.de.srt") == {
        "uri": "file:///C:/Film/Folge%201.de.srt"}
    assert artifact_location("subtitles/ü.srt") == {"uri": "subtitles/%C3%BC.srt",
                                                     "uriBaseId": SOURCE_ROOT}


def test_the_film_project_sarif_is_valid() -> None:
    doc = _sarif(ROOT)
    assert _errors(doc) == []
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "subtool"
    rules = driver["rules"]
    assert len({r["name"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["name"] != rule["id"]
        assert rule["help"]["text"].strip()
        assert rule["helpUri"].startswith(HOME_PAGE)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for res in doc["runs"][0]["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_information_uri_is_the_project_home_page() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    doc = json.loads(render_sarif([]))
    assert doc["runs"][0]["tool"]["driver"]["informationUri"] == HOME_PAGE
    assert meta["project"]["urls"]["Homepage"] == HOME_PAGE


def _fingerprint_of(doc: dict[str, Any], rule: str) -> list[tuple[int, str]]:
    return [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"][FINGERPRINT])
            for r in doc["runs"][0]["results"] if r["ruleId"] == rule]


def test_fingerprints_survive_a_cue_inserted_above(tmp_path: Path) -> None:
    before = [(1000, 4000, "Guten Tag."), (4080, 8000, TOO_LONG)]
    after = [(0, 900, "[Musik]"), *before]
    (tmp_path / "de.srt").write_text(srt_text(before), encoding="utf-8")
    first = _fingerprint_of(_sarif(tmp_path, "de.srt"), "line-length")
    (tmp_path / "de.srt").write_text(srt_text(after), encoding="utf-8")
    second = _fingerprint_of(_sarif(tmp_path, "de.srt"), "line-length")
    assert len(first) == len(second) == 1
    assert first[0][0] != second[0][0]  # the line moved …
    assert first[0][1] == second[0][1]  # … the alert stays the same
    # Another text is another problem.
    (tmp_path / "de.srt").write_text(srt_text([(1000, 4000, TOO_LONG + " noch")]),
                                     encoding="utf-8")
    assert _fingerprint_of(_sarif(tmp_path, "de.srt"), "line-length")[0][1] != first[0][1]


def test_fingerprints_tell_the_same_problem_on_equal_cues_apart() -> None:
    problems = tuple(Problem("de.srt", "line-length", Severity.ERROR, cue, cue * 4, "too long")
                     for cue in (1, 2))
    same = fingerprints(FileResult("de.srt", "de", "srt", 2, problems, {1: TOO_LONG, 2: TOO_LONG}))
    assert len(set(same)) == 2
    elsewhere = fingerprints(FileResult("en.srt", "en", "srt", 2, problems,
                                        {1: TOO_LONG, 2: TOO_LONG}))
    assert not set(same) & set(elsewhere)


def test_problems_without_a_cue_ignore_line_numbers_in_the_message() -> None:
    def one(line: int) -> str:
        problem = Problem("de.srt", "parse-error", Severity.ERROR, None, line,
                          f"line {line}: not a timing line")
        return fingerprints(FileResult("de.srt", "de", "srt", 0, (problem,)))[0]

    assert one(6) == one(60)


@pytest.mark.parametrize("name", ["line-length", "reading-speed", "cue-parity"])
def test_every_rule_in_results_is_described(name: str) -> None:
    doc = json.loads(render_sarif([]))
    ids = [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert name in ids
