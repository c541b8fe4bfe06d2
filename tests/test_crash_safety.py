"""Crash safety: every command that writes a track (and its translation state), killed at any
moment, leaves both old or both new once the next command has run, and no temporary file.

A run is killed with SIGKILL — no ``finally``, no ``atexit`` — right before each file
operation of the write path in turn (creating a temporary file, flushing it, setting its
mode, each rename, each removal): the command runs in a forked copy of the test process that
counts those calls and kills itself at the n-th, for n = 1, 2, … until a run completes. The
next command (``subtool check``) then runs in another fork, as a new run, and the track and
state must be the old pair or the new pair. A few real processes are also killed after
random delays.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import run_subtool as run
from typer.testing import CliRunner

from subtool.project import files

ROOT = Path(__file__).resolve().parent.parent

Pair = tuple[bytes | None, bytes | None]


def film(folder: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", folder)
    shutil.copytree(ROOT / "subtitles", folder / "subtitles",
                    ignore=shutil.ignore_patterns("*.bak"))
    shutil.copytree(ROOT / "glossary", folder / "glossary")


def _export(folder: Path, fmt: str) -> str:
    result = run(f"export-{fmt}", "tr", cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout


def delivered_srt(folder: Path) -> None:
    film(folder)
    text = (folder / "subtitles" / "tr.srt").read_text("utf-8")
    (folder / "delivered.srt").write_text(text.replace("[Müzik]", "[Müzik çalıyor]", 1),
                                          "utf-8")


def delivered_po(folder: Path) -> None:
    film(folder)
    po = _export(folder, "po").replace('msgstr "[Müzik]"', 'msgstr "[Müzik sesi]"', 1)
    (folder / "tr.po").write_text(po, "utf-8")


def delivered_xliff(folder: Path) -> None:
    film(folder)
    xlf = _export(folder, "xliff").replace("<target>[Müzik]</target>",
                                           "<target>[Müzik sesi]</target>", 1)
    (folder / "tr.xlf").write_text(xlf, "utf-8")


def master_edited(folder: Path) -> None:
    film(folder)
    master = folder / "subtitles" / "de.srt"
    master.write_text(master.read_text("utf-8").replace("Angefangen hat alles",
                                                        "Begonnen hat alles", 1), "utf-8")


def untranslated(folder: Path) -> None:
    film(folder)
    (folder / "subtitles" / "tr.srt").unlink()
    (folder / "subtitles" / "state" / "tr.tsv").unlink()


def stale_machine_drafts(folder: Path) -> None:
    """Some cues drafted by a machine, so translate --force rewrites a track that exists
    (with a .bak) and its state."""
    film(folder)
    state = folder / "subtitles" / "state" / "tr.tsv"
    lines = state.read_text("utf-8").splitlines(keepends=True)
    for i in (3, 4, 5):
        lines[i] = lines[i].replace("\thuman\taccepted\t", "\tmachine:pseudo\tdraft\t")
    state.write_text("".join(lines), "utf-8")


def house_style_broken(folder: Path) -> None:
    film(folder)
    master = folder / "subtitles" / "de.srt"
    master.write_text(master.read_text("utf-8").replace("Senior:innen", "Senior*innen"),
                      "utf-8")
    assert "Senior*innen" in master.read_text("utf-8")


def ellipsis(folder: Path) -> None:
    film(folder)
    master = folder / "subtitles" / "de.srt"
    text = master.read_text("utf-8").replace("Modellprojekt.", "Modellprojekt...", 1)
    master.write_text(text, "utf-8")


# (set-up, command, the language whose track and state must stay together)
COMMANDS: dict[str, tuple[Callable[[Path], None], list[str], str]] = {
    "import": (delivered_srt, ["import", "tr", "delivered.srt"], "tr"),
    "import-po": (delivered_po, ["import-po", "tr.po"], "tr"),
    "import-xliff": (delivered_xliff, ["import-xliff", "tr.xlf"], "tr"),
    "accept": (master_edited, ["accept", "tr"], "tr"),
    "translate": (untranslated, ["translate", "--to", "tr", "--provider", "pseudo"], "tr"),
    "translate-force": (stale_machine_drafts, ["translate", "--to", "tr", "--provider",
                                               "pseudo", "--force", "--yes"], "tr"),
    "fix --write": (ellipsis, ["fix", "--write", "--select", "ellipsis", "subtitles/de.srt"],
                    "de"),
    "glossary apply --write": (house_style_broken, ["glossary", "apply", "--write"], "de"),
}


def pair(folder: Path, lang: str) -> Pair:
    def read(path: Path) -> bytes | None:
        return path.read_bytes() if path.exists() else None

    return (read(folder / "subtitles" / f"{lang}.srt"),
            read(folder / "subtitles" / "state" / f"{lang}.tsv"))


# The calls of the write path (project.files): a kill before each one in turn.
_KILL_POINTS = (("os", "replace"), ("os", "fsync"), ("os", "chmod"), ("os", "unlink"),
                ("tempfile", "mkstemp"))


def _in_fork(folder: Path, argv: list[str], *, kill_at: int | None = None) -> int | None:
    """Run ``subtool ARGV`` in ``folder`` in a forked copy of this process, as a new run;
    with ``kill_at``, SIGKILL it right before the n-th file operation. The exit code, or
    None when it was killed."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 99
        try:
            os.chdir(folder)
            files._STARTED = time.time()  # a new run starts now
            if kill_at is not None:
                _arm(kill_at)
            from subtool.cli.app import make_app  # noqa: PLC0415
            from subtool.core.errors import SubtoolError  # noqa: PLC0415

            result = CliRunner().invoke(make_app(), argv)
            exc = result.exception
            code = int(exc.exit_code) if isinstance(exc, SubtoolError) else (
                result.exit_code if exc is None or isinstance(exc, SystemExit) else 98)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return None if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _arm(kill_at: int) -> None:
    calls = [0]
    modules = {"os": os, "tempfile": tempfile}
    for module_name, name in _KILL_POINTS:
        module = modules[module_name]
        real = getattr(module, name)

        def counted(*args: object, _real: Callable[..., object] = real,
                    **kwargs: object) -> object:
            calls[0] += 1
            if calls[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return _real(*args, **kwargs)

        setattr(module, name, counted)


def _which(now: bytes | None, old: bytes | None, new: bytes | None) -> str:
    return "old" if now == old else "new" if now == new else "neither old nor new"


def _leftovers(folder: Path) -> list[Path]:
    return sorted([*folder.rglob(".*.tmp"), *folder.glob(files.JOURNAL)])


@pytest.mark.parametrize("command", list(COMMANDS))
def test_killed_at_every_file_operation_track_and_state_stay_together(
        tmp_path: Path, command: str) -> None:
    setup, argv, lang = COMMANDS[command]
    template = tmp_path / "template"
    template.mkdir()
    setup(template)
    old = pair(template, lang)
    done = tmp_path / "done"
    shutil.copytree(template, done, symlinks=True)
    assert _in_fork(done, argv) == 0
    new = pair(done, lang)
    assert new != old, "the command changed nothing: the test would prove nothing"
    kills = 0
    for n in range(1, 200):
        folder = tmp_path / f"kill-{n}"
        shutil.copytree(template, folder, symlinks=True)
        code = _in_fork(folder, argv, kill_at=n)
        if code is not None:
            assert code == 0
            assert pair(folder, lang) == new
            break
        kills += 1
        # The next command finishes or forgets the interrupted write (any command in the
        # project: the master's check, since a first translation may not exist yet).
        assert _in_fork(folder, ["check", "subtitles/de.srt"]) in (0, 1)
        now = pair(folder, lang)
        assert now in (old, new), (f"killed before file operation {n}: "
                                   f"track {_which(now[0], old[0], new[0])}, "
                                   f"state {_which(now[1], old[1], new[1])}")
        assert not _leftovers(folder), f"killed before file operation {n}"
        shutil.rmtree(folder)
    else:
        pytest.fail("the command never completed")
    assert kills >= 4, kills  # every command writes through several operations
    print(f"{command}: killed before each of {kills} file operations")


def test_real_processes_killed_after_random_delays(tmp_path: Path) -> None:
    """SIGKILL from outside, at moments nobody chose: the sweep does hundreds of these
    (scripts/hostile_sweep.py); a few here keep the path exercised."""
    setup, argv, lang = COMMANDS["import"]
    template = tmp_path / "template"
    template.mkdir()
    setup(template)
    old = pair(template, lang)
    started = time.monotonic()
    assert run(*argv, cwd=template).returncode == 0
    duration = time.monotonic() - started
    new = pair(template, lang)
    rng = random.Random(13)
    env = {**os.environ, "NO_COLOR": "1"}
    for trial in range(4):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        setup(folder)
        proc = subprocess.Popen([sys.executable, "-m", "subtool", *argv], cwd=folder, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * (0.6 + 0.5 * rng.random()))
        proc.kill()
        proc.wait()
        assert run("check", f"subtitles/{lang}.srt", cwd=folder).returncode in (0, 1)
        assert pair(folder, lang) in (old, new)
        assert not _leftovers(folder)
