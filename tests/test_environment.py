"""subtool in an odd process environment: a current folder deleted under the shell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
