"""subtool media when ffprobe hangs or answers nonsense, or the film is not a regular file.

A fake ffprobe (a shell script first on PATH) stands in for a broken or foreign tool: each
case must be a MediaError naming the film and the tool (exit 2), never a traceback.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from helpers import run_subtool

from subtool.core.errors import MediaError, ReadError
from subtool.media import probe as probing

needs_sh = pytest.mark.skipif(shutil.which("sh") is None or os.name != "posix",
                              reason="the fake ffprobe is a POSIX shell script")


def fake_ffprobe(folder: Path, body: str) -> Path:
    """A folder holding an ``ffprobe`` that runs ``body`` (sh), to put first on PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "ffprobe"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return folder


def film(tmp_path: Path) -> Path:
    path = tmp_path / "film.mp4"
    path.write_bytes(os.urandom(256))  # its content is the fake ffprobe's to judge
    return path


@needs_sh
def test_an_ffprobe_that_hangs_is_named_with_the_film(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = fake_ffprobe(tmp_path / "bin", "exec sleep 30")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(probing, "PROBE_TIMEOUT_S", 1)
    path = film(tmp_path)
    started = time.monotonic()
    with pytest.raises(MediaError) as caught:
        probing.probe(path)
    assert time.monotonic() - started < 10
    assert caught.value.path == str(path)
    assert "ffprobe did not finish reading the film within 1 seconds" in str(caught.value)


# (what the fake ffprobe prints, what the message says was wrong)
NONSENSE = [
    ("{", "it is not JSON"),
    ("[]", "the answer is list"),
    ('{"streams": "x"}', "streams is str"),
    ('{"streams": [1]}', "a stream is int"),
    ('{"streams": [{"codec_type": "video", "disposition": 5}]}', "disposition is int"),
    ('{"streams": [{"codec_type": "video", "r_frame_rate": "25/1"}], "format": []}',
     "format is list"),
    ("\xff\xfe", "it is not JSON"),
    ("[" * 100_000, "it is not JSON"),
]


@needs_sh
@pytest.mark.parametrize(("printed", "why"), NONSENSE)
def test_an_unreadable_ffprobe_answer_is_a_media_error(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       printed: str, why: str) -> None:
    answer = tmp_path / "answer.json"
    answer.write_bytes(printed.encode("latin-1") if printed == "\xff\xfe"
                       else printed.encode("utf-8"))
    bin_dir = fake_ffprobe(tmp_path / "bin", f"cat '{answer}'")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    path = film(tmp_path)
    with pytest.raises(MediaError) as caught:
        probing.probe(path)
    assert caught.value.path == str(path)
    assert "ffprobe's answer could not be read" in str(caught.value)
    assert why in str(caught.value)


@needs_sh
@pytest.mark.parametrize("duration", ["1e400", "\"1e400\"", "\"inf\"", "NaN", "\"-3\"",
                                      "[1]", "null"])
def test_a_duration_that_is_no_length_is_no_duration(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     duration: str) -> None:
    answer = tmp_path / "answer.json"
    answer.write_text('{"streams": [{"codec_type": "video", "r_frame_rate": "25/1", '
                      f'"width": "wide"}}], "format": {{"duration": {duration}}}}}',
                      encoding="utf-8")
    bin_dir = fake_ffprobe(tmp_path / "bin", f"cat '{answer}'")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(MediaError, match="it has no duration"):
        probing.probe(film(tmp_path))


@needs_sh
def test_cli_media_with_a_broken_ffprobe_exits_2(tmp_path: Path) -> None:
    bin_dir = fake_ffprobe(tmp_path / "bin", "echo '{'")
    path = film(tmp_path)
    done = run_subtool("media", str(path), cwd=tmp_path,
                       env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                            "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert "film.mp4: ffprobe's answer could not be read" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_a_film(tmp_path: Path) -> None:
    pipe = tmp_path / "fifo.mp4"
    os.mkfifo(pipe)
    done = run_subtool("media", str(pipe), cwd=tmp_path)
    assert done.returncode == 2
    assert "is not a regular file" in done.stderr and "file not found" not in done.stderr
    with pytest.raises(ReadError, match="is not a regular file"):
        probing.probe(pipe)


@needs_sh
@pytest.mark.parametrize("printed", ["{", '{"streams": [{"channels": "two"}]}',
                                     '{"streams": "x"}', "[" * 100_000])
def test_the_mix_reads_a_broken_ffprobe_answer_as_a_media_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, printed: str) -> None:
    from subtool.media import mix  # noqa: PLC0415 - the module under test

    answer = tmp_path / "answer.json"
    answer.write_text(printed, encoding="utf-8")
    bin_dir = fake_ffprobe(tmp_path / "bin", f"cat '{answer}'")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(MediaError, match="sound could not be read"):
        mix.sound_format(film(tmp_path))


@needs_sh
def test_the_mix_names_an_ffprobe_that_hangs(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from subtool.media import mix  # noqa: PLC0415

    bin_dir = fake_ffprobe(tmp_path / "bin", "exec sleep 30")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    real_run = mix._run
    monkeypatch.setattr(mix, "_run", lambda cmd, _s, f, tool: real_run(cmd, 1, f, tool))
    with pytest.raises(MediaError, match="ffprobe did not finish within 1 seconds"):
        mix.sound_format(film(tmp_path))
