"""subtool in an odd process environment: a current folder deleted under the shell, a full
disk under standard output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import srt_text


def test_a_deleted_current_folder_is_named(tmp_path: Path) -> None:
    track = tmp_path / "a.de.srt"
    track.write_text(srt_text([(0, 4000, "Guten Tag.")]), encoding="utf-8")
    script = 'mkdir gone && cd gone && rmdir ../gone && exec "$0" -m subtool check "$1"'
    result = subprocess.run(["sh", "-c", script, sys.executable, str(track)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 2, result.stderr
    assert "the current folder" in result.stderr
    assert "internal error" not in result.stderr


def test_a_full_disk_under_standard_output_says_what_to_do(tmp_path: Path) -> None:
    # /dev/full refuses every write with ENOSPC, as a full disk does: the message says it
    # was the output (standard output has no file name to show) and what to do.
    track = tmp_path / "a.de.srt"
    track.write_text(srt_text([(0, 4000, "Guten  Tag.")]), encoding="utf-8")
    for args in (["check", str(track)], ["check", "--format", "json", str(track)],
                 ["fix", str(track)]):
        with open("/dev/full", "w", encoding="utf-8") as full:
            result = subprocess.run([sys.executable, "-m", "subtool", *args], stdout=full,
                                    stderr=subprocess.PIPE, text=True, timeout=300,
                                    check=False)
        assert result.returncode == 2, result.stderr
        assert "writing the output: No space left on device" in result.stderr, args
        assert "free some space" in result.stderr
        assert "internal error" not in result.stderr


def _without_root_powers() -> list[str]:
    """A prefix that runs a command without root's power to read any file (as root), or
    nothing (an ordinary user cannot read a mode-000 file anyway)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to drop root's read-anything capability")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


def test_a_file_without_read_permission_gets_subtools_message_not_clicks(
        tmp_path: Path) -> None:
    # Click refused such a path itself, after a usage line: "Invalid value for 'paths':
    # Path 'x' is not readable." subtool's own message says it plainly.
    locked = tmp_path / "locked.de.srt"
    locked.write_text(srt_text([(0, 4000, "Guten Tag.")]), encoding="utf-8")
    locked.chmod(0)
    other = tmp_path / "b.de.srt"
    other.write_text(srt_text([(0, 4000, "Guten Tag.")]), encoding="utf-8")
    for args in (["check", str(locked)], ["fix", str(locked)],
                 ["check", "--master", str(locked), str(other)],
                 ["check", "--glossary", str(locked), str(other)],
                 ["convert", str(locked), str(tmp_path / "out.vtt")]):
        result = subprocess.run([*_without_root_powers(), sys.executable, "-m", "subtool",
                                 *args], capture_output=True, text=True, timeout=300,
                                check=False, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert "locked.de.srt: no permission to read this file" in result.stderr, args
        assert "Usage:" not in result.stderr and "Invalid value" not in result.stderr
