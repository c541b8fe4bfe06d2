"""Helpers shared by the tests that run subtool as people and CI do: as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from subtool.core.model import Track
from subtool.core.timecode import format_srt
from subtool.formats import srt


def run_subtool(*args: str, cwd: Path, env: Mapping[str, str] | None = None,
                timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``python -m subtool ARGS`` in ``cwd``: plain output (no colour), wide tables."""
    full = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "subtool", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout, check=False)


ROOT = Path(__file__).resolve().parent.parent


def copy_film(folder: Path) -> Path:
    """The shipped film project (configuration, subtitles, glossary) copied into ``folder``,
    for tests that change it; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "subtitles", folder / "subtitles")
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes: compared before and after a command that
    must change nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


Spec = tuple[int, int, str]  # (start ms, end ms, cue text)


def srt_text(cues: Sequence[Spec], numbers: Sequence[str] | None = None) -> str:
    """SRT text numbered 1..n, or with the given numbers ("" leaves the number out)."""
    blocks = []
    for n, (start, end, text) in enumerate(cues, 1):
        number = str(n) if numbers is None else numbers[n - 1]
        head = f"{number}\n" if number else ""
        body = f"{text}\n" if text else ""
        blocks.append(f"{head}{format_srt(start)} --> {format_srt(end)}\n{body}")
    return "\n".join(blocks)


def srt_track(cues: Sequence[Spec], numbers: Sequence[str] | None = None) -> Track:
    """The cues written as SRT and read back, so problems carry real file lines."""
    track = srt.parse(srt_text(cues, numbers))
    assert not track.diagnostics, track.diagnostics  # the input itself must be valid SRT
    assert [c.text for c in track.cues] == [text for _, _, text in cues]
    return track
