"""The README's pre-commit example, tried as a film project would: ``pre-commit try-repo`` on
a clone of this repository at the revision the example pins (docs/ci/pre-commit-config.yaml),
in a small film project with its own ``[tool.subtool]`` settings.

pre-commit installs the hook's environment with pip from that clone, so the first run takes a
minute and fetches subtool's dependencies from the package index. Skipped, with the reason,
when pre-commit or git is missing, unless SUBTOOL_REQUIRE_PRECOMMIT is set (CI sets it).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import srt_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "ci" / "pre-commit-config.yaml"
MASTER = [(n * 3000, n * 3000 + 2500, f"Satz {n}.") for n in range(4)]
GOOD = [(n * 3000, n * 3000 + 2500, f"Sentence {n}.") for n in range(4)]
# One cue more than the master: only a check that compares with the master finds it.
EXTRA = [*GOOD, (12_500, 14_000, "An extra sentence.")]

pytestmark = pytest.mark.slow


def _unavailable(what: str) -> None:
    if os.environ.get("SUBTOOL_REQUIRE_PRECOMMIT"):
        pytest.fail(f"SUBTOOL_REQUIRE_PRECOMMIT is set but {what}")
    pytest.skip(what)


def _example() -> dict[str, Any]:
    config = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    repo: dict[str, Any] = config["repos"][0]
    return repo


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if importlib.util.find_spec("pre_commit") is None:
        _unavailable("pre-commit is not installed (pip install -e '.[dev]')")
    if shutil.which("git") is None:
        _unavailable("git is not installed")
    yield tmp_path_factory.mktemp("pre-commit-home")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Film", "-c", "user.email=film@example.org",
                    "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True,
                   capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def subtool_clone(precommit_home: Path) -> Path:
    """A clone of this repository as a film project would fetch it (committed files only)."""
    rev = str(_example()["rev"])
    clone = precommit_home.parent / "subtool-clone"
    _git(precommit_home.parent, "clone", "--quiet", "--no-checkout", str(ROOT), str(clone))
    probe = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=clone,
                           capture_output=True, check=False)
    assert probe.returncode == 0, f"the pinned revision {rev} is not in this repository"
    return clone


def _film(folder: Path, translation: list[tuple[int, int, str]]) -> Path:
    folder.mkdir()
    (folder / "subtitles").mkdir()
    (folder / "pyproject.toml").write_text(
        '[tool.subtool]\nmaster = "subtitles/de.srt"\nlanguages = ["en"]\n'
        'tracks = "subtitles/{lang}.srt"\n', encoding="utf-8")
    (folder / "subtitles" / "de.srt").write_text(srt_text(MASTER), encoding="utf-8")
    (folder / "subtitles" / "en.srt").write_text(srt_text(translation), encoding="utf-8")
    _git(folder, "init", "--quiet")
    _git(folder, "add", ".")
    return folder


def _try_repo(film: Path, clone: Path, home: Path, hook: str,
              *files: str) -> subprocess.CompletedProcess[str]:
    selection = ["--files", *files] if files else ["--all-files"]
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(clone), hook,
                           "--ref", str(_example()["rev"]), "--color", "never", *selection],
                          cwd=film, env=env, capture_output=True, text=True, check=False,
                          timeout=900)


def test_example_config_is_valid(precommit_home: Path) -> None:
    for command, path in (("validate-config", EXAMPLE),
                          ("validate-manifest", ROOT / ".pre-commit-hooks.yaml")):
        result = subprocess.run([sys.executable, "-m", "pre_commit", command, str(path)],
                                capture_output=True, text=True, check=False, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_project_hook_compares_with_the_master(tmp_path: Path, subtool_clone: Path,
                                               precommit_home: Path) -> None:
    hooks = [h["id"] for h in _example()["hooks"]]
    assert hooks == ["subtool-check-project"]
    bad = _try_repo(_film(tmp_path / "bad", EXTRA), subtool_clone, precommit_home, hooks[0])
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "[cue-parity]" in bad.stdout
    good = _try_repo(_film(tmp_path / "good", GOOD), subtool_clone, precommit_home, hooks[0])
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_file_hook_checks_the_changed_translation_against_the_master(
        tmp_path: Path, subtool_clone: Path, precommit_home: Path) -> None:
    film = _film(tmp_path / "film", EXTRA)
    result = _try_repo(film, subtool_clone, precommit_home, "subtool-check",
                       "subtitles/en.srt")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "subtitles/en.srt" in result.stdout and "[cue-parity]" in result.stdout
