"""Shared helpers for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# One word cache for the whole session (the film's words analysed once, not once per
# temporary copy of the project): in-process commands and subprocesses read it from here.
os.environ.setdefault("SUBTOOL_CACHE_DIR", str(ROOT / ".subtool-cache" / "tests"))


@pytest.fixture
def project_root() -> Path:
    """The repository root (the shipped film project)."""
    return ROOT
