"""preview --copy-video: the copied film keeps the source's permissions (less the umask).

mkstemp made every copy 0600, so a web server serving the preview folder (another user)
could not read the film the page plays.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_subtool

from subtool.pipeline.build import video_address

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("source_mode", [0o644, 0o640, 0o600, 0o664], ids=oct)
def test_the_copy_keeps_the_film_s_mode(tmp_path: Path, source_mode: int) -> None:
    film = tmp_path / "media" / "film.mp4"
    film.parent.mkdir()
    film.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(4096))
    film.chmod(source_mode)
    page = tmp_path / "share" / "preview.html"
    address, copied = video_address(str(film), page, copy=True)
    assert address == "film.mp4" and copied == page.parent / "film.mp4"
    assert copied.read_bytes() == film.read_bytes()
    assert mode(copied) == source_mode & ~0o022


def test_the_umask_still_applies(tmp_path: Path) -> None:
    film = tmp_path / "film.mp4"
    film.write_bytes(os.urandom(1024))
    film.chmod(0o644)
    old = os.umask(0o077)
    try:
        _, copied = video_address(str(film), tmp_path / "out" / "preview.html", copy=True)
    finally:
        os.umask(old)
    assert copied is not None and mode(copied) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_cli_preview_copy_video_is_readable_by_others(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("subtitles", "glossary"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    film = tmp_path / "media" / "film.mp4"
    film.parent.mkdir()
    film.write_bytes(os.urandom(2048))
    film.chmod(0o644)
    out = tmp_path / "share" / "preview.html"
    out.parent.mkdir()  # outputs go into folders that exist
    done = run_subtool("preview", "--video", str(film), "--copy-video", "--output", str(out),
                       cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert mode(out.parent / "film.mp4") == 0o644
