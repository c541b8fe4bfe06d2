"""Commands end without tearing the interpreter down (``cli.app._exit_now``):
what they print is all there, what ``atexit`` holds still runs, the exit code is kept, and
whenever that cannot be promised Python's own exit does the work. A standard stream the
caller closed is an error (output) or lost messages (errors), never a crash."""

from __future__ import annotations

import atexit
import gc
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_subtool, srt_text

from subtool.cli import app as cli_app


class ExitCalledError(Exception):
    """``os._exit`` as the tests see it: the code it was given."""


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every code ``os._exit`` was called with (it raises ``ExitCalledError`` instead of ending)."""
    codes: list[int] = []

    def fake_exit(code: int) -> None:
        codes.append(code)
        raise ExitCalledError(code)

    monkeypatch.setattr(os, "_exit", fake_exit)
    return codes


def test_a_large_report_is_written_whole_and_the_code_kept(tmp_path: Path) -> None:
    # 3,000 cues, each too short and too fast: a report far larger than a pipe's buffer.
    cues = [(i * 1000, i * 1000 + 100, f"Zeile {i} mit viel zu viel Text für so kurze Zeit")
            for i in range(3000)]
    (tmp_path / "big.de.srt").write_text(srt_text(cues), encoding="utf-8")
    result = run_subtool("check", "--format", "json", "big.de.srt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)  # complete: the last byte arrived
    assert report["summary"]["errors"] >= 3000


def test_what_atexit_holds_still_runs(tmp_path: Path) -> None:
    # The spelling cache is saved by an atexit callback: it is there after a check.
    (tmp_path / "a.de.srt").write_text(
        srt_text([(0, 4000, "Die Seniorenbüros beraten\nältere Menschen.")]), encoding="utf-8")
    cache = tmp_path / "cache"
    result = run_subtool("check", "a.de.srt", cwd=tmp_path,
                         env={"SUBTOOL_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    saved = list(cache.glob("spell-de-*.json"))
    assert saved, "the spelling cache was not saved"
    assert json.loads(saved[0].read_text(encoding="utf-8"))


def test_usage_errors_keep_their_code(tmp_path: Path) -> None:
    result = run_subtool("check", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2
    assert "--no-such-option" in result.stderr


def test_exit_now_runs_atexit_once_then_ends_with_the_code(exits: list[int]) -> None:
    ran: list[str] = []
    atexit.register(ran.append, "saved")
    try:
        with pytest.raises(ExitCalledError):
            cli_app._exit_now(1)
    finally:
        atexit.unregister(ran.append)
    assert exits == [1]
    assert ran == ["saved"]


@pytest.mark.parametrize("code", [None, 0])
def test_exit_now_success(exits: list[int], code: int | None) -> None:
    with pytest.raises(ExitCalledError):
        cli_app._exit_now(code)
    assert exits == [0]


def test_a_message_as_the_code_leaves_the_exit_to_python(exits: list[int]) -> None:
    cli_app._exit_now("subtool: error")  # sys.exit("…") prints it: Python must do that
    assert exits == []


def test_a_running_thread_leaves_the_exit_to_python(exits: list[int]) -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        cli_app._exit_now(0)
    finally:
        stop.set()
        worker.join()
    assert exits == []


def test_an_output_that_cannot_be_flushed_leaves_the_exit_to_python(
        exits: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    class Closed(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    ran: list[str] = []
    atexit.register(ran.append, "saved")
    monkeypatch.setattr(sys, "stdout", Closed())
    try:
        cli_app._exit_now(0)
    finally:
        atexit.unregister(ran.append)
    assert exits == []
    assert ran == []  # Python's exit runs them, once


@pytest.fixture
def gc_restored() -> Iterator[None]:
    """``main`` turns the collector off for short commands: on again afterwards."""
    yield
    gc.enable()
    gc.unfreeze()


@pytest.mark.usefixtures("gc_restored")
def test_main_ends_a_command_at_once(exits: list[int], monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["subtool", "rules"])
    with pytest.raises(ExitCalledError):
        cli_app.main()
    assert exits == [0]
    assert "line-length" in capsys.readouterr().out


@pytest.mark.usefixtures("gc_restored")
def test_main_leaves_other_runs_to_python(exits: list[int],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["subtool", "--version"])  # no command: help, version
    with pytest.raises(SystemExit) as done:
        cli_app.main()
    assert done.value.code == 0
    assert exits == []


def _closed(redirect: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m subtool ARGS`` with a standard stream closed by the shell (``>&-``)."""
    script = f'exec "$0" -m subtool "$@" {redirect}'
    return subprocess.run(["sh", "-c", script, sys.executable, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("args", [("check", "a.de.srt"), ("check", "--format", "json", "."),
                                  ("fix", "a.de.srt"), ("--version",)])
def test_a_closed_standard_output_is_an_error_not_a_crash(tmp_path: Path,
                                                          args: tuple[str, ...]) -> None:
    # Too short a cue: fix has a change to show.
    (tmp_path / "a.de.srt").write_text(srt_text([(0, 400, "Guten Tag.")]), encoding="utf-8")
    result = _closed(">&-", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "standard output is closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_closed_standard_error_leaves_the_report(tmp_path: Path) -> None:
    (tmp_path / "a.de.srt").write_text(srt_text([(0, 4000, "Guten Tag.")]), encoding="utf-8")
    result = _closed("2>&-", "check", "a.de.srt", cwd=tmp_path)
    assert result.returncode == 0
    assert "0 errors" in result.stdout
