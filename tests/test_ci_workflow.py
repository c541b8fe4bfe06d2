"""The copyable GitHub Actions workflow (docs/ci/subtitles.yml) and the README that shows it.

The workflow is validated against the github-workflows schema (vendored by check-jsonschema,
offline), its steps are checked for the order that uploads SARIF after a failing check, and
its ``run:`` steps are executed as GitHub's runner would (``bash -eo pipefail``, a step
summary file, ``if:`` conditions evaluated) against a film project with errors, a clean one
and a broken configuration. The ``uses:`` steps and the install from git are not run here
(tests/test_ci_precommit.py installs the pinned revision from a clone the same way pip does).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import srt_text

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "ci" / "subtitles.yml"
PRECOMMIT = ROOT / "docs" / "ci" / "pre-commit-config.yaml"
README = ROOT / "README.md"
LONG = "Diese Zeile ist viel zu lang für einen Untertitel im Seniorenbüro"


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _workflow()["jobs"]["check"]["steps"]
    return steps


def _index(predicate: Callable[[dict[str, Any]], bool]) -> int:
    found = [i for i, step in enumerate(_steps()) if predicate(step)]
    assert len(found) == 1, found
    return found[0]


def _runs(step: dict[str, Any], text: str) -> bool:
    return text in str(step.get("run", ""))


# ------------------------------------------------------------------------------ structure

def test_workflow_is_valid_for_github() -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_validation_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:"),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(broken)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1


def test_sarif_is_uploaded_after_a_failing_check() -> None:
    check = _index(lambda s: _runs(s, "subtool check --format github"))
    sarif = _index(lambda s: _runs(s, "--format sarif --output subtool.sarif"))
    summary = _index(lambda s: _runs(s, '>> "$GITHUB_STEP_SUMMARY"'))
    upload = _index(lambda s: str(s.get("uses", "")).startswith(
        "github/codeql-action/upload-sarif@"))
    steps = _steps()
    assert check < sarif < upload and check < summary
    # The check step fails the job: nothing may swallow its exit code.
    assert "continue-on-error" not in steps[check]
    assert "||" not in steps[check]["run"]
    for later in (sarif, summary, upload):
        assert "always()" in steps[later]["if"], steps[later]
    assert steps[upload]["with"]["sarif_file"] == "subtool.sarif"
    assert _workflow()["jobs"]["check"]["permissions"]["security-events"] == "write"


def test_install_is_pinned_and_names_this_distribution() -> None:
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "name"]
    assert name != "subtool"  # the package index's "subtool" is an unrelated program
    install = _steps()[_index(lambda s: s.get("id") == "install")]["run"]
    assert f'"{name} @ git+${{SUBTOOL_REPOSITORY}}@${{SUBTOOL_REVISION}}"' in install
    env = _workflow()["jobs"]["check"]["env"]
    assert env["SUBTOOL_REVISION"] == _pinned()


def test_run_steps_use_no_expressions() -> None:
    # ${{ }} in a script is pasted in before the shell sees it (script injection); values
    # come in through the environment instead.
    for step in _steps():
        assert "${{" not in str(step.get("run", "")), step


def test_actions_are_current_majors() -> None:
    uses = {str(s["uses"]).split("@")[0]: str(s["uses"]).split("@")[1]
            for s in _steps() if "uses" in s}
    assert uses == {"actions/checkout": "v6", "actions/setup-python": "v6",
                    "github/codeql-action/upload-sarif": "v4"}


def test_readme_shows_the_files_as_they_are() -> None:
    readme = README.read_text(encoding="utf-8")
    for path in (WORKFLOW, PRECOMMIT):
        assert path.read_text(encoding="utf-8") in readme, path


# ----------------------------------------------------------------------- the pinned revision

def _pinned() -> str:
    config = yaml.safe_load(PRECOMMIT.read_text(encoding="utf-8"))
    rev: str = config["repos"][0]["rev"]
    return rev


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                          check=False, timeout=60)


def test_pinned_revision_is_a_commit_here_with_what_the_examples_use() -> None:
    rev = _pinned()
    assert re.fullmatch(r"[0-9a-f]{40}", rev), "pin a full commit SHA (or a release tag)"
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: cannot look the pinned revision up")
    assert _git("cat-file", "-e", f"{rev}^{{commit}}").returncode == 0, (
        f"{rev} is not a commit of this repository: pin docs/ci/*.yml and the README to one")
    pyproject = _git("show", f"{rev}:pyproject.toml").stdout
    assert tomllib.loads(pyproject)["project"]["name"] == "subtool-subtitles"
    assert "max_annotations" in _git("show", f"{rev}:subtool/cli/check.py").stdout
    assert 'OutputFormat("summary"' in _git("show", f"{rev}:subtool/render/check.py").stdout
    hooks = yaml.safe_load(_git("show", f"{rev}:.pre-commit-hooks.yaml").stdout)
    used = yaml.safe_load(PRECOMMIT.read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert {h["id"] for h in used} <= {h["id"] for h in hooks}


# --------------------------------------------------------------- running it as GitHub would

_TOKEN = re.compile(r"\s*(\|\||&&|==|!=|!|\(|\)|'[^']*'|[A-Za-z_][\w.-]*)")


@dataclass
class _Expr:
    """GitHub's expression syntax, as much as the workflow uses: ``&& || ! == !=``,
    parentheses, strings, context values and a few functions."""

    tokens: list[str]
    values: Mapping[str, str]
    functions: Mapping[str, Callable[[str], str | bool]]
    pos: int = 0

    @classmethod
    def evaluate(cls, text: str, values: Mapping[str, str],
                 functions: Mapping[str, Callable[[str], str | bool]]) -> bool:
        tokens = _TOKEN.findall(text)
        assert "".join(tokens) == re.sub(r"\s+", "", text), text
        expr = cls(tokens, values, functions)
        value = expr._or()
        assert expr.pos == len(tokens), text
        return bool(value)

    def _peek(self) -> str:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ""

    def _take(self) -> str:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def _or(self) -> str | bool:
        value = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            value = value or right
        return value

    def _and(self) -> str | bool:
        value = self._compare()
        while self._peek() == "&&":
            self._take()
            right = self._compare()
            value = value and right
        return value

    def _compare(self) -> str | bool:
        value = self._unary()
        if self._peek() in ("==", "!="):
            op, right = self._take(), self._unary()
            return (value == right) == (op == "==")
        return value

    def _unary(self) -> str | bool:
        if self._peek() == "!":
            self._take()
            return not self._unary()
        token = self._take()
        if token == "(":
            value = self._or()
            assert self._take() == ")"
            return value
        if token.startswith("'"):
            return token[1:-1]
        if self._peek() == "(":
            self._take()
            argument = "" if self._peek() == ")" else str(self._unary())
            assert self._take() == ")"
            return self.functions[token](argument)
        return self.values[token]


@dataclass
class _Run:
    outcomes: dict[str, str] = field(default_factory=dict)
    output: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    failed: bool = False


def _shim(folder: Path) -> Path:
    """A ``subtool`` command on PATH that runs this checkout (the install step is not run)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "subtool"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m subtool "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def _simulate(project: Path, bin_dir: Path, event: Mapping[str, str]) -> _Run:
    job = _workflow()["jobs"]["check"]
    done = _Run()

    def status(name: str) -> Callable[[str], bool]:
        return {"always": lambda _: True, "success": lambda _: not done.failed,
                "failure": lambda _: done.failed}[name]

    def hash_files(pattern: str) -> str:
        path = project / pattern
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""

    functions: dict[str, Callable[[str], str | bool]] = {
        "always": status("always"), "success": status("success"),
        "failure": status("failure"), "hashFiles": hash_files}
    for n, step in enumerate(job["steps"]):
        name = step.get("id") or step.get("name") or step.get("uses")
        condition = str(step.get("if", "success()"))
        if not re.search(r"\b(always|success|failure|cancelled)\(", condition):
            condition = f"success() && ({condition})"
        values = {f"steps.{k}.outcome": v for k, v in done.outcomes.items()} | dict(event)
        if not _Expr.evaluate(condition, values, functions):
            done.outcomes[name] = "skipped"
            continue
        if "uses" in step or step.get("id") == "install":
            done.outcomes[name] = "success"  # an action, or the install from git: not run here
            continue
        summary_file = project / f".step-summary-{n}"
        summary_file.write_text("", encoding="utf-8")
        script = project / f".step-{n}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {**os.environ, **job["env"], "GITHUB_STEP_SUMMARY": str(summary_file),
               "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                                 str(script)], cwd=project, env=env, capture_output=True,
                                text=True, check=False, timeout=300)
        done.output[name] = result.stdout + result.stderr
        done.summary += summary_file.read_text(encoding="utf-8")
        done.outcomes[name] = "success" if result.returncode == 0 else "failure"
        if result.returncode != 0 and not step.get("continue-on-error"):
            done.failed = True
    return done


PUSH = {"github.event_name": "push", "github.repository": "stadt-dortmund/film",
        "github.event.pull_request.head.repo.full_name": ""}
FORK_PR = {"github.event_name": "pull_request", "github.repository": "stadt-dortmund/film",
           "github.event.pull_request.head.repo.full_name": "someone/film"}


def _film(folder: Path, translation: list[tuple[int, int, str]],
          config: str = 'languages = ["en"]\n') -> Path:
    project = folder / "film"
    (project / "subtitles").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.subtool]\nmaster = "subtitles/de.srt"\ntracks = "subtitles/{lang}.srt"\n'
        + config, encoding="utf-8")
    master = [(n * 3000, n * 3000 + 2500, f"Satz {n}.") for n in range(14)]
    (project / "subtitles" / "de.srt").write_text(srt_text(master), encoding="utf-8")
    (project / "subtitles" / "en.srt").write_text(srt_text(translation), encoding="utf-8")
    return project


def _sarif_uris(project: Path, level: str = "error") -> set[str]:
    """The files with results of ``level`` in the SARIF file (the film's master has notes:
    its pauses of 480 ms at changes of speaker, gaps that could be chained)."""
    doc = json.loads((project / "subtool.sarif").read_text(encoding="utf-8"))
    return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"] if r.get("level", "warning") == level}


def test_failing_check_still_writes_summary_and_uploads_sarif(tmp_path: Path) -> None:
    project = _film(tmp_path, [(n * 3000, n * 3000 + 2500, LONG) for n in range(15)])
    done = _simulate(project, _shim(tmp_path), PUSH)
    assert done.failed
    assert done.outcomes["check"] == "failure"
    assert done.outcomes["Job summary"] == "success"
    assert done.outcomes["SARIF for code scanning"] == "success"
    assert done.outcomes["Upload SARIF"] == "success"
    errors = [line for line in done.output["check"].splitlines() if line.startswith("::error ")]
    assert len(errors) == 10
    assert re.search(r"\d+ errors(, \d+ (warnings?|notices?))* not annotated", done.output["check"])
    assert done.summary.startswith("## Subtitle check failed:")
    assert "| subtitles/en.srt | en | 15 |" in done.summary
    assert _sarif_uris(project) == {"subtitles/en.srt"}


def test_clean_project_passes_and_uploads(tmp_path: Path) -> None:
    project = _film(tmp_path, [(n * 3000, n * 3000 + 2500, f"Sentence {n}.")
                               for n in range(14)])
    done = _simulate(project, _shim(tmp_path), PUSH)
    assert not done.failed, done.output
    assert done.outcomes["Upload SARIF"] == "success"
    assert done.summary.startswith("## Subtitle check passed: 0 errors, 0 warnings, ")


def test_pull_request_from_a_fork_skips_only_the_upload(tmp_path: Path) -> None:
    project = _film(tmp_path, [(0, 2500, LONG)])
    done = _simulate(project, _shim(tmp_path), FORK_PR)
    assert done.outcomes["Upload SARIF"] == "skipped"
    assert done.outcomes["Job summary"] == "success"
    assert (project / "subtool.sarif").is_file()


def test_a_broken_configuration_is_not_swallowed(tmp_path: Path) -> None:
    project = _film(tmp_path, [(0, 2500, "Hello.")], config='profile = "turbo"\n')
    done = _simulate(project, _shim(tmp_path), PUSH)
    assert done.outcomes["check"] == "failure"
    # Exit code 2 fails the report steps too, and there is no SARIF to upload.
    assert done.outcomes["Job summary"] == "failure"
    assert done.outcomes["SARIF for code scanning"] == "failure"
    assert done.outcomes["Upload SARIF"] == "skipped"
