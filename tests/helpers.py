"""Helpers shared by the tests that run subtool as people and CI do: as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_subtool(*args: str, cwd: Path, env: Mapping[str, str] | None = None,
                timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``python -m subtool ARGS`` in ``cwd``: plain output (no colour), wide tables."""
    full = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "subtool", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout, check=False)
