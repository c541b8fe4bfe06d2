"""Data safety at the edges: atomic writes, the write journal, validated numbers and options,
redaction, and outputs that never replace an input.

Each test here was written against a defect a red-team pass found (hostile input and data
safety, issue 13) and fails when the fix it guards is taken out.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from helpers import run_subtool as run
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.core.align import aligned
from subtool.core.errors import ConfigError, UsageError, WriteError
from subtool.core.model import Cue
from subtool.core.secrets import register_secret, short
from subtool.core.timecode import parse_clock, to_ms
from subtool.formats import parse_bytes
from subtool.project import files
from subtool.project.config import read as load_config
from subtool.project.files import JOURNAL, recover, write_atomic, write_together, write_with_backup
from subtool.translation.state import Entry, State

ROOT = Path(__file__).resolve().parent.parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".*.tmp"))


# ------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_atomic_write_keeps_the_files_mode(tmp_path: Path, mode: int) -> None:
    # mkstemp creates 0600 and a plain rename would give the new file whatever the umask
    # says: a track only its owner may read must stay so, a group-writable one too.
    path = tmp_path / "tr.srt"
    path.write_bytes(b"old")
    path.chmod(mode)
    assert write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert _mode(path) == mode


def test_backup_keeps_the_mode_of_the_file_it_copies(tmp_path: Path) -> None:
    path = tmp_path / "tr.srt"
    path.write_bytes(b"old")
    path.chmod(0o600)
    assert write_with_backup(path, b"new")
    assert _mode(path) == 0o600
    assert (tmp_path / "tr.srt.bak").read_bytes() == b"old"
    assert _mode(tmp_path / "tr.srt.bak") == 0o600


def test_backup_written_together_keeps_the_mode_too(tmp_path: Path) -> None:
    track, state = tmp_path / "tr.srt", tmp_path / "tr.tsv"
    track.write_bytes(b"old track")
    state.write_bytes(b"old state")
    track.chmod(0o600)
    state.chmod(0o640)
    write_together([(track, b"new track"), (state, b"new state")], journal_dir=tmp_path,
                   backup=[track])
    assert (tmp_path / "tr.srt.bak").read_bytes() == b"old track"
    assert _mode(tmp_path / "tr.srt.bak") == 0o600
    assert (_mode(track), _mode(state)) == (0o600, 0o640)


def test_atomic_write_goes_through_a_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "tr.srt"
    target.write_bytes(b"old")
    link = tmp_path / "tr.srt"
    link.symlink_to(Path("real") / "tr.srt")
    write_with_backup(link, b"new")
    assert link.is_symlink(), "the link was replaced by a regular file"
    assert target.read_bytes() == b"new"
    assert (tmp_path / "tr.srt.bak").read_bytes() == b"old"
    assert not _temporaries(tmp_path)


def test_a_loop_of_links_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / "a.srt").symlink_to("b.srt")
    (tmp_path / "b.srt").symlink_to("a.srt")
    with pytest.raises(WriteError, match="loop"):
        write_atomic(tmp_path / "a.srt", b"x")


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "ctrl-c"])
def test_temporary_file_removed_when_the_write_fails(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     failure: BaseException) -> None:
    path = tmp_path / "tr.srt"
    path.write_bytes(b"old")

    def fail(*_args: object) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises((WriteError, KeyboardInterrupt)):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert not _temporaries(tmp_path)


# ------------------------------------------------------------ track and state together


def test_write_together_rolls_forward_after_a_failure_between_the_renames(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    track, state = tmp_path / "tr.srt", tmp_path / "tr.tsv"
    track.write_bytes(b"old track")
    state.write_bytes(b"old state")
    real_replace = os.replace
    calls: list[str] = []

    def replace_then_die(src: str, dst: str) -> None:
        calls.append(str(dst))
        # The journal's own rename, then the track's: the state's rename never happens.
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        write_together([(track, b"new track"), (state, b"new state")], journal_dir=tmp_path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert (track.read_bytes(), state.read_bytes()) == (b"new track", b"old state")
    assert (tmp_path / JOURNAL).is_file()
    assert recover(tmp_path)
    assert (track.read_bytes(), state.read_bytes()) == (b"new track", b"new state")
    assert not (tmp_path / JOURNAL).exists()
    assert not _temporaries(tmp_path)


def test_a_run_killed_before_the_journal_leaves_both_old(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    track, state = tmp_path / "tr.srt", tmp_path / "tr.tsv"
    track.write_bytes(b"old track")
    state.write_bytes(b"old state")

    def die(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "write_atomic", die)  # the journal is never written
    with pytest.raises(KeyboardInterrupt):
        write_together([(track, b"new track"), (state, b"new state")], journal_dir=tmp_path)
    assert not recover(tmp_path)
    assert (track.read_bytes(), state.read_bytes()) == (b"old track", b"old state")
    assert not _temporaries(tmp_path)


@pytest.fixture
def film(tmp_path: Path) -> Path:
    """A copy of the shipped film project."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path


def test_the_next_command_finishes_an_interrupted_write(film: Path) -> None:
    tmp_path = film
    track = tmp_path / "subtitles" / "tr.srt"
    new = track.read_text("utf-8").replace("[Müzik]", "[Müzik çalıyor]", 1)
    pending = tmp_path / "subtitles" / ".tr.srt.abcdefgh.tmp"
    pending.write_text(new, "utf-8")
    (tmp_path / JOURNAL).write_text(json.dumps({"replace": [[str(pending), str(track)]]}))
    result = run("check", "subtitles/tr.srt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert track.read_text("utf-8") == new
    assert not (tmp_path / JOURNAL).exists()


# ------------------------------------------------------------------ numbers read from files


@pytest.mark.parametrize("line", [
    "frame-rate = inf", "frame-rate = nan", "frame-rate = 1e999", "frame-rate = 0",
    "frame-rate = -25", 'frame-rate = "25"', "frame-rate = true",
    "limits = { min_duration = 0.5 }", "limits = { max_chars = 0 }",
    "limits = { cps_warn = nan }", "limits = { max_duration = 1e999 }",
    "limits = { min_gap_frames = -1 }", 'duration = "1e999s"', 'duration = "nans"',
    'duration = "99999999999999999999:00"', "translate = { timeout = inf }",
    "translate = { concurrency = 0.5 }", "limits = { max_chars = 37.5 }",
    "translate = { concurrency = 2.5 }",
], ids=lambda v: v)
def test_configured_numbers_are_finite_and_in_range(tmp_path: Path, line: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f'[tool.subtool]\nmaster = "de.srt"\n{line}\n', "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: [tool.subtool."), message
    assert "allowed" in message or " from " in message or "for example" in message \
        or "film" in message or " like " in message, message


@pytest.mark.parametrize("pattern", ["{0}", "{x}", "{", "subtitles/{lang}}", "{lang!r}",
                                     "{lang:>999}", "{lang.upper}", "{lang[0]}"])
def test_path_patterns_hold_lang_and_nothing_else(tmp_path: Path, pattern: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f'[tool.subtool]\nmaster = "de.srt"\ntracks = "{pattern}"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"\[tool\.subtool\.tracks\]") as info:
        load_config(path)
    assert info.value.line == 3


def test_a_bad_configured_number_exits_2_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "subtool.toml").write_text("frame-rate = nan\n", "utf-8")
    (tmp_path / "de.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo.\n", "utf-8")
    result = run("check", "de.srt", cwd=tmp_path)
    assert result.returncode == 2
    assert "subtool.toml:1: [frame-rate] must be a positive number from 1 to 240, not nan" \
        in result.stderr


@pytest.mark.parametrize("digits", [19, 4301, 20_000])
def test_timestamps_of_thousands_of_digits_are_refused_not_built(digits: int) -> None:
    hours = "9" * digits
    assert to_ms(hours, "00", "00", "000") is None
    assert parse_clock(f"{hours}:00:00.000") is None
    for fmt, text in (("srt", f"1\n{hours}:00:00,000 --> {hours}:00:01,000\nx\n"),
                      ("srt", f"1\n00:00:00,{hours} --> 00:00:01,000\nx\n"),
                      ("srt", f"1\n00:00:00.000 --> 00:00:01,{hours}\nx\n"),
                      ("vtt", f"WEBVTT\n\n{hours}:00:00.000 --> {hours}:00:01.000\nx\n"),
                      ("sbv", f"{hours}:00:00.000,{hours}:00:01.000\nx\n")):
        track = parse_bytes(text.encode(), fmt)
        assert not track.cues
        assert any(d.rule == "parse-error" for d in track.diagnostics), fmt


# --------------------------------------------------------------------------- options


def test_convert_to_a_format_subtool_only_reads_is_refused_up_front(tmp_path: Path) -> None:
    (tmp_path / "de.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo.\n", "utf-8")
    for target in ("out.smi", "out.sami"):
        result = run("convert", "de.srt", target, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "subtool reads them only" in result.stderr
        assert not (tmp_path / target).exists()
    # Refused before the input is even read: a missing input is not the complaint.
    result = run("convert", "missing.srt", "out.smi", cwd=tmp_path)
    assert "reads them only" in result.stderr


@pytest.mark.parametrize("value", ["0", "nan", "inf", "-inf", "-25", "1e999", "5000"])
def test_convert_frame_rate_must_be_a_frame_rate(tmp_path: Path, value: str) -> None:
    (tmp_path / "de.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo.\n", "utf-8")
    result = run("convert", f"--frame-rate={value}", "de.srt", "out.sub", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "--frame-rate" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.sub").exists()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "film"], cwd=tmp_path, check=True)
    return tmp_path


@pytest.mark.parametrize("rev", ["--output=written.txt", "-p", "--output", "HEAD..main",
                                 "HEAD\n--output=x"])
def test_a_revision_never_reaches_git_as_an_option(repository: Path, rev: str) -> None:
    result = run("diff", f"--rev={rev}", "subtitles/de.srt", cwd=repository)
    assert result.returncode == 2, result.stderr
    assert "is not a git revision" in result.stderr
    assert not (repository / "written.txt").exists()
    assert not (repository / "x").exists()


def test_a_valid_revision_still_works(repository: Path) -> None:
    master = repository / "subtitles" / "de.srt"
    master.write_text(master.read_text("utf-8").replace("Angefangen", "Begonnen", 1), "utf-8")
    result = run("diff", "--rev", "HEAD", "subtitles/de.srt", cwd=repository)
    assert result.returncode == 0, result.stderr
    assert "[-Angefangen-]{+Begonnen+}" in result.stdout


def test_show_passes_the_revision_after_end_of_options(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    from subtool.project import git  # noqa: PLC0415

    seen: list[list[str]] = []

    def fake_run(argv: list[str], **_kwargs: object) -> subprocess.CompletedProcess[str]:
        seen.append(argv)
        return subprocess.CompletedProcess(argv, 0, stdout=str(tmp_path))

    monkeypatch.setattr(subprocess, "run", fake_run)
    git.show("HEAD~1", tmp_path / "de.srt")
    show = seen[-1]
    assert show[:3] == ["git", "show", "--end-of-options"]
    assert show[3] == "HEAD~1:de.srt"
    with pytest.raises(UsageError):
        git.show("-p", tmp_path / "de.srt")


# ------------------------------------------------------------------------- secrets


def test_a_key_is_redacted_before_the_message_is_cut() -> None:
    key = "sk-live-0123456789abcdef0123456789"
    register_secret(key)
    for offset in range(170, 205):
        text = "x" * offset + key + " trailing"
        out = short(text)
        assert len(out) <= 200
        # Not even the first characters of the key may be shown.
        assert "sk-live" not in out and key[:6] not in out, offset


# ------------------------------------------------------------ outputs never over inputs


@pytest.fixture
def loose(tmp_path: Path) -> Path:
    (tmp_path / "de.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo.\n", "utf-8")
    return tmp_path


def test_convert_onto_its_own_input_is_a_usage_error(loose: Path) -> None:
    # Exit 2 (what was asked cannot be done), not 1 (the file has problems).
    (loose / "same.srt").symlink_to("de.srt")
    before = (loose / "de.srt").read_bytes()
    for target in ("de.srt", "same.srt", "./de.srt"):
        for extra in ((), ("--force",)):
            result = run("convert", "de.srt", target, *extra, cwd=loose)
            assert result.returncode == 2, result.stderr
            assert "is the file being converted" in result.stderr
    assert (loose / "de.srt").read_bytes() == before
    done = run("convert", "de.srt", "one.vtt", cwd=loose)
    assert done.returncode == 0 and "wrote one.vtt (1 cue, vtt)" in done.stderr


def test_check_output_never_overwrites_its_own_input(loose: Path) -> None:
    before = (loose / "de.srt").read_bytes()
    for extra in ((), ("--force",)):
        result = run("check", "de.srt", "--output", "de.srt", *extra, cwd=loose)
        assert result.returncode == 2, result.stderr
        assert "is one of the files being read" in result.stderr
    assert (loose / "de.srt").read_bytes() == before


def test_check_output_overwrites_an_existing_file_only_with_force(loose: Path) -> None:
    (loose / "report.txt").write_text("keep me", "utf-8")
    result = run("check", "de.srt", "--output", "report.txt", cwd=loose)
    assert result.returncode == 2
    assert "already exists; add --force" in result.stderr
    assert (loose / "report.txt").read_text("utf-8") == "keep me"
    result = run("check", "de.srt", "--output", "report.txt", "--force", cwd=loose)
    assert result.returncode == 0, result.stderr
    assert "0 errors" in (loose / "report.txt").read_text("utf-8")


def test_check_output_of_the_project_never_overwrites_the_master(film: Path) -> None:
    tmp_path = film
    before = (tmp_path / "subtitles" / "de.srt").read_bytes()
    result = run("check", "--output", "subtitles/de.srt", "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert (tmp_path / "subtitles" / "de.srt").read_bytes() == before


def test_usage_error_is_raised_for_output_into_a_missing_folder(loose: Path) -> None:
    result = run("convert", "de.srt", "no/such/folder/out.vtt", cwd=loose)
    # No folders are made on the way (a typing mistake would hide the file somewhere new).
    assert result.returncode == 2, result.stderr
    assert "no such folder: no/such/folder" in result.stderr
    assert not (loose / "no").exists()


# --------------------------------------------------------- what killed runs leave behind


def _stale(path: Path, age: float = 60) -> Path:
    # Older than this process's start (when subtool.project.files was imported, which in a
    # long test session is long before the test), as a killed earlier run's file is.
    then = min(path.stat().st_mtime, files._STARTED) - age
    os.utime(path, (then, then))
    return path


def test_the_next_command_removes_temporaries_of_killed_runs(film: Path) -> None:
    subtitles = film / "subtitles"
    stale = [subtitles / ".tr.srt.k2j4x9_a.tmp", subtitles / "state" / ".tr.tsv.abcdefgh.tmp",
             film / ".subtool-commit.json.zzzzzzzz.tmp"]
    (subtitles / ".tr.srt.k2j4x9_a.tmp").write_text("half a track", "utf-8")
    (subtitles / "state" / ".tr.tsv.abcdefgh.tmp").write_text("half a state", "utf-8")
    (film / ".subtool-commit.json.zzzzzzzz.tmp").write_text("{", "utf-8")
    for path in stale:
        _stale(path)
    # Not ours, or not a regular file: left alone.
    keep = [subtitles / ".tr.srt.tmp", subtitles / "tr.srt.abcdefgh.tmp",
            subtitles / ".notes.txt", subtitles / ".tr.srt.abcdefghi.tmp"]
    for path in keep:
        path.write_text("someone else's", "utf-8")
        _stale(path)
    (subtitles / ".de.srt.linklink.tmp").symlink_to("de.srt")
    result = run("check", "subtitles/tr.srt", cwd=film)
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in keep)
    assert (subtitles / ".de.srt.linklink.tmp").is_symlink()
    assert (subtitles / "de.srt").is_file()


def test_a_temporary_written_after_the_run_started_is_left_alone(tmp_path: Path) -> None:
    fresh = tmp_path / ".tr.srt.abcdefgh.tmp"
    fresh.write_text("another run is writing this", "utf-8")
    assert files.remove_stale_temporaries([tmp_path]) == []
    assert fresh.exists()
    _stale(fresh)
    assert files.remove_stale_temporaries([tmp_path], only="de.srt") == []
    assert files.remove_stale_temporaries([tmp_path], only="tr.srt") == [fresh]


def test_writing_a_file_removes_its_own_stale_temporaries(tmp_path: Path) -> None:
    stale = tmp_path / ".de.srt.abcdefgh.tmp"
    stale.write_text("left by a killed fix --write", "utf-8")
    _stale(stale)
    other = tmp_path / ".en.srt.abcdefgh.tmp"
    other.write_text("left by a killed fix --write", "utf-8")
    _stale(other)
    write_atomic(tmp_path / "de.srt", b"new")
    assert not stale.exists()
    assert other.exists()  # another file's: the project start removes those


@pytest.mark.parametrize("journal", [
    {"replace": [["{film}/../outside/secret.txt", "{film}/subtitles/tr.srt"]]},
    {"replace": [["{film}/subtitles/de.srt", "{film}/subtitles/tr.srt"]]},
    {"replace": [["{film}/subtitles/.de.srt.abcdefgh.tmp", "{film}/subtitles/tr.srt"]]},
    {"replace": [["{film}/.tr.srt.abcdefgh.tmp", "{film}/subtitles/tr.srt"]]},
    {"replace": [["subtitles/.tr.srt.abcdefgh.tmp", "subtitles/tr.srt"]]},
    {"replace": "x"}, {"replace": [["a"]]}, {"replace": [[1, 2]]},
], ids=["outside", "another-file", "another-name", "another-folder", "relative", "not-list",
        "short", "numbers"])
def test_a_journal_naming_other_files_moves_nothing(film: Path, journal: object) -> None:
    # Never a real file outside the test's folder: with the check broken, it would be moved.
    (film.parent / "outside").mkdir(exist_ok=True)
    secret = film.parent / "outside" / "secret.txt"
    secret.write_text("not subtool's", "utf-8")
    text = json.dumps(journal).replace("{film}", str(film))
    (film / JOURNAL).write_text(text, "utf-8")
    (film / "subtitles" / ".de.srt.abcdefgh.tmp").write_text("x", "utf-8")
    (film / ".tr.srt.abcdefgh.tmp").write_text("x", "utf-8")
    (film / "subtitles" / ".tr.srt.abcdefgh.tmp").write_text("x", "utf-8")
    before = {p: p.read_bytes() for p in (film / "subtitles").glob("*.srt")}
    result = run("check", "subtitles/tr.srt", cwd=film)
    assert result.returncode == 2, result.stderr
    assert "journal" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (film / "subtitles").glob("*.srt")} == before
    assert secret.read_text("utf-8") == "not subtool's"


def _device(path: Path) -> Path:
    """A character device like /dev/null, made in the test's own folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root)")
    return path


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "link-to-fifo"])
def test_a_write_never_replaces_a_device_a_pipe_or_a_folder(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.srt"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        _device(target)
    elif kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(tmp_path / "pipe")
        target.symlink_to("pipe")
    before = target.lstat().st_mode
    with pytest.raises(WriteError, match="not a file"):
        write_atomic(target, b"x")
    with pytest.raises(WriteError, match="not a file"):
        write_together([(target, b"x")], journal_dir=tmp_path)
    assert target.lstat().st_mode == before
    assert not _temporaries(tmp_path)
    assert not (tmp_path / JOURNAL).exists()


def test_output_into_a_device_is_refused_even_with_force(loose: Path) -> None:
    _device(loose / "null")
    result = run("check", "de.srt", "--output", "null", "--force", cwd=loose)
    assert result.returncode == 2, result.stderr
    assert "not a file" in result.stderr
    assert stat.S_ISCHR((loose / "null").lstat().st_mode)


# -------------------------------------------------------- paths the machine refuses


def test_a_name_too_long_for_the_file_system_is_exit_2(loose: Path) -> None:
    name = "x" * 300 + ".srt"
    for args in (("check", name), ("fix", name), ("convert", "de.srt", name)):
        result = run(*args, cwd=loose)
        assert result.returncode == 2, (args, result.stderr)
        assert "File name too long" in result.stderr and "Traceback" not in result.stderr


def test_outputs_into_a_loop_of_links_are_exit_2(film: Path) -> None:
    (film / "a").symlink_to("b")
    (film / "b").symlink_to("a")
    for args in (("build", "--output", "a"), ("preview", "--output", "a"),
                 ("convert", "subtitles/de.srt", "a"), ("diff", "--rev", "HEAD", "a"),
                 ("check", "--output", "a", "--force")):
        result = run(*args, cwd=film)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert (film / "a").is_symlink() and (film / "b").is_symlink()


# ------------------------------------------------------- what is written reads back


@pytest.mark.parametrize("ext", ["ass", "ssa"])
def test_converting_past_what_ass_can_hold_is_refused_not_clamped(loose: Path,
                                                                  ext: str) -> None:
    (loose / "late.srt").write_text("1\n09:59:58,000 --> 09:59:59,500\nNoch.\n\n"
                                    "2\n10:00:00,000 --> 10:00:03,000\nSpät.\n", "utf-8")
    result = run("convert", "late.srt", f"late.{ext}", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert "cue 2 ends at 10:00:03.000, later than the" in result.stderr
    assert "9:59:59.990" in result.stderr
    assert not (loose / f"late.{ext}").exists()


def test_converting_times_ass_can_hold_still_works(loose: Path) -> None:
    (loose / "ok.srt").write_text("1\n09:59:58,000 --> 09:59:59,990\nGerade noch.\n", "utf-8")
    assert run("convert", "ok.srt", "ok.ass", cwd=loose).returncode == 0
    back = run("convert", "ok.ass", "back.srt", cwd=loose)
    assert back.returncode == 0, back.stderr
    assert "09:59:58,000 --> 09:59:59,990" in (loose / "back.srt").read_text("utf-8")


# ------------------------------------------------------------------ glossary files


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_a_glossary_with_other_line_ends_reads_the_same(film: Path, newline: str) -> None:
    terms = (film / "glossary" / "terms.csv").read_text("utf-8")
    (film / "g.csv").write_bytes(terms.replace("\n", newline).encode("utf-8"))
    expected = run("glossary", "check", cwd=film)
    result = run("glossary", "check", "--glossary", "g.csv", cwd=film)
    assert result.returncode == expected.returncode, result.stderr
    assert result.stdout == expected.stdout


def test_a_glossary_cell_beyond_the_csv_limit_is_named(film: Path) -> None:
    terms = (film / "glossary" / "terms.csv").read_text("utf-8")
    header = terms.splitlines()[0]
    huge = "x" * 200_000
    (film / "g.csv").write_text(terms + f'"{huge}"' + "," * header.count(",") + "\n", "utf-8")
    row = terms.count("\n") + 1
    for args in (("glossary", "check", "--glossary", "g.csv"),
                 ("check", "--glossary", "g.csv", "subtitles/tr.srt")):
        result = run(*args, cwd=film)
        assert result.returncode == 2, result.stderr
        assert f"g.csv:{row}: row {row}: cannot be read as CSV (field larger than field " \
               "limit" in result.stderr, result.stderr


def test_build_and_preview_never_write_over_the_projects_own_files(film: Path) -> None:
    before = {p: p.read_bytes() for p in (film / "subtitles").rglob("*") if p.is_file()}
    result = run("preview", "--output", "subtitles/de.srt", cwd=film)
    assert result.returncode == 2, result.stderr
    assert "is the German master of the project (de.srt)" in result.stderr
    # An output folder where the exported files would take the tracks' names.
    for lang in ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"):
        old = film / "subtitles" / f"{lang}.srt"
        old.rename(film / "subtitles" / f"film.{lang}.srt")
    config = film / "pyproject.toml"
    text = config.read_text("utf-8").replace('master = "subtitles/de.srt"',
                                             'master = "subtitles/film.de.srt"')
    text = text.replace('tracks = "subtitles/{lang}.srt"', 'tracks = "subtitles/film.{lang}.srt"')
    config.write_text(text.replace('slug = "dortmund-seniorenbueros"', 'slug = "film"'), "utf-8")
    moved = {p: p.read_bytes() for p in (film / "subtitles").rglob("*") if p.is_file()}
    assert len(moved) == len(before)
    result = run("build", "--output", "subtitles", cwd=film)
    assert result.returncode == 2, result.stderr
    # Refused as a folder of the tracks before any file name is made.
    assert "is the folder of" in result.stderr and "would check the built copies" \
        in result.stderr
    assert {p: p.read_bytes() for p in (film / "subtitles").rglob("*") if p.is_file()} == moved


@pytest.mark.parametrize(("key", "value"), [
    ("tracks", "/tmp/elsewhere/{lang}.srt"), ("tracks", "../{lang}.srt"),
    ("state", "subtitles/../../state/{lang}.tsv"), ("master", "/etc/passwd"),
    ("master", "~/de.srt"), ("glossary", "../terms.csv"), ("output", "/var/www"),
    ("output", ".."), ("tracks", "subtitles/\\u0000{lang}.srt"), ("master", "C:/film/de.srt"),
])
def test_configured_paths_stay_inside_the_project(tmp_path: Path, key: str,
                                                  value: str) -> None:
    path = tmp_path / "pyproject.toml"
    master = "" if key == "master" else 'master = "de.srt"\n'
    path.write_text(f'[tool.subtool]\n{master}{key} = "{value}"\n', "utf-8")
    with pytest.raises(ConfigError, match="inside the project folder") as info:
        load_config(path)
    assert info.value.key == f"tool.subtool.{key}"


def test_translate_memory_stays_inside_the_project(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.subtool]\nmaster = "de.srt"\n[tool.subtool.translate]\n'
                    'memory = "../../tm.jsonl"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"\[tool\.subtool\.translate\.memory\].*inside"):
        load_config(path)


def test_a_negative_time_is_a_parse_error_not_moved_to_zero(loose: Path) -> None:
    (loose / "neg.smi").write_text("<SAMI><BODY><SYNC Start=-5000><P>vorher</P></SYNC>"
                                   "<SYNC Start=1000><P>Hallo</P></SYNC>"
                                   "<SYNC Start=3000><P>&nbsp;</P></SYNC></BODY></SAMI>",
                                   "utf-8")
    check = run("check", "neg.smi", cwd=loose)
    assert "[parse-error]" in check.stdout and "negative time" in check.stdout
    result = run("convert", "neg.smi", "neg.srt", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert not (loose / "neg.srt").exists()


# ------------------------------------------------------------------ nesting depth


def test_a_configuration_nested_thousands_deep_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "subtool.toml").write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n",
                                           "utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "levels deep" in result.stderr and "internal error" not in result.stderr


def test_xml_nested_thousands_deep_is_refused_with_its_line(film: Path) -> None:
    xlf = run("export-xliff", "tr", cwd=film).stdout
    at = xlf.index("<target>") + len("<target>")
    end = xlf.index("</target>", at)
    (film / "tr.xlf").write_text(xlf[:at] + "<mrk id='m'>" * 50_000 + "x" + "</mrk>" * 50_000
                                 + xlf[end:], "utf-8")
    (film / "g.tbx").write_text("<tbx>" + "<a>" * 100_000 + "</a>" * 100_000 + "</tbx>",
                                "utf-8")
    for args in (("import-xliff", "tr.xlf"), ("glossary", "check", "--glossary", "g.tbx"),
                 ("glossary", "import", "g.tbx", "--output", "new.csv")):
        result = run(*args, cwd=film)
        assert result.returncode in (1, 2), (args, result.stderr)
        assert "more than 200 levels deep" in result.stderr, result.stderr
        assert "export it again" in result.stderr
    assert not (film / "new.csv").exists()


# ------------------------------------------------------ hostile sizes finish in time


def test_thousands_of_nested_tags_convert_in_linear_time(loose: Path) -> None:
    (loose / "tags.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\n" + "<i>" * 20_000
                                    + "kursiv</i>\n", "utf-8")
    for ext in ("sub", "ttml", "mpl", "ass"):
        started = time.monotonic()
        result = run("convert", "tags.srt", f"tags.{ext}", cwd=loose, timeout=60)
        assert result.returncode == 0, result.stderr
        # Quadratic in pysubs2 before the override blocks were merged: minutes.
        assert time.monotonic() - started < 20, ext
    assert "{\\i1}kursiv" in (loose / "tags.ass").read_text("utf-8")


def test_merged_override_blocks_mean_the_same() -> None:
    from subtool.formats import pysubs  # noqa: PLC0415

    merge = pysubs._RUN_OF_BLOCKS_RE.sub
    assert merge(pysubs._merge_blocks, r"{\i1}{\i1}{\b1}x{\i0}{\an8}{\i1}y{\b0}") \
        == r"{\i1\b1}x{\an8\i1}y{\b0}"


def _brute_force(state: State, cue: Cue) -> Entry | None:
    best, best_overlap = None, -1
    for entry in state.entries:
        if (entry.start, entry.end) == (cue.start, cue.end):
            return entry
    for entry in state.entries:
        if aligned(Cue(entry.start, entry.end, ""), cue):
            overlap = min(entry.end, cue.end) - max(entry.start, cue.start)
            if overlap > best_overlap:
                best, best_overlap = entry, overlap
    return best


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 20_000), st.integers(-50, 5000)), max_size=30),
       probe=st.tuples(st.integers(0, 20_000), st.integers(0, 5000)))
def test_state_lookup_by_window_finds_what_a_full_scan_finds(
        spans: list[tuple[int, int]], probe: tuple[int, int]) -> None:
    entries = tuple(Entry(s, s + d, "human", "accepted", "x") for s, d in spans)
    state = State(entries)
    cue = Cue(probe[0], probe[0] + probe[1], "")
    assert state.entry_for(cue) == _brute_force(state, cue)


def test_a_state_of_200000_entries_is_read_in_time() -> None:
    state = State(tuple(Entry(i * 1000, i * 1000 + 500, "human", "accepted", "x")
                        for i in range(200_000)))
    started = time.monotonic()
    for i in range(0, 200_000, 100):
        assert state.entry_for(Cue(i * 1000 + 100, i * 1000 + 600, "")) is not None
    assert time.monotonic() - started < 5


FILM_CUES = ("1\n00:00:01,000 --> 00:00:03,000\nHallo\n\n"
             "2\n00:00:04,000 --> 00:00:06,000\n<i>kursiv</i>\n")


@pytest.mark.parametrize("ext", ["sub", "ass", "ssa", "ttml", "dfxp", "mpl", "vtt", "sbv"])
def test_every_writable_format_reads_back_cue_for_cue(loose: Path, ext: str) -> None:
    (loose / "in.srt").write_text(FILM_CUES, "utf-8")
    assert run("convert", "in.srt", f"out.{ext}", cwd=loose).returncode == 0
    back = run("convert", f"out.{ext}", "back.srt", cwd=loose)
    assert back.returncode == 0, back.stderr
    # MicroDVD's own frame-rate line ({0}{0}25.0) is no subtitle.
    assert "2 cues" in back.stderr, back.stderr
    assert "00:00:04,000 --> 00:00:06,000" in (loose / "back.srt").read_text("utf-8")


def test_a_microdvd_frame_rate_line_sets_the_rate(loose: Path) -> None:
    (loose / "vlc.sub").write_text("{1}{1}23.976\n{24}{72}Hallo\n", "utf-8")
    assert run("convert", "vlc.sub", "vlc.srt", cwd=loose).returncode == 0
    assert (loose / "vlc.srt").read_text("utf-8") == \
        "1\n00:00:01,001 --> 00:00:03,003\nHallo\n"
    (loose / "zero.sub").write_text("{1}{1}0\n{24}{72}Hallo\n", "utf-8")
    check = run("check", "zero.sub", cwd=loose)
    assert "declares a frame rate of 0" in check.stdout


def test_a_control_character_xml_cannot_hold_is_refused_before_writing_ttml(
        loose: Path) -> None:
    (loose / "esc.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo \x1b[31mrot\n",
                                   "utf-8")
    result = run("convert", "esc.srt", "esc.ttml", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert "cue 1 holds U+001B ESCAPE" in result.stderr
    assert not (loose / "esc.ttml").exists()


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0b"])
def test_a_transcript_with_a_control_character_is_refused_with_its_line(
        loose: Path, char: str) -> None:
    (loose / "t.txt").write_text(f"[00:00:01 --> 00:00:04] Guten Tag.\r\n"
                                 f"[00:00:05 --> 00:00:08] Hallo{char}Welt.\r\n", "utf-8")
    result = run("segment", "t.txt", "--output", "de.srt", "--force", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert f"t.txt:2: contains U+{ord(char):04X}" in result.stderr
    assert (loose / "de.srt").read_text("utf-8").startswith("1\n00:00:01,000")  # unchanged


def test_a_transcript_without_utterances_writes_nothing(loose: Path) -> None:
    # An empty or comments-only transcript wrote a 0-byte SRT with exit 0.
    for text in ("", "# nur ein Kommentar\n\n"):
        (loose / "t.txt").write_text(text, "utf-8")
        result = run("segment", "t.txt", "--output", "new.srt", cwd=loose)
        assert result.returncode == 1, result.stderr
        assert "t.txt: has no utterances: nothing to segment" in result.stderr
        assert not (loose / "new.srt").exists()


def test_segmenting_times_too_short_for_the_words_is_said_and_exits_1(loose: Path) -> None:
    # The master is written (it is what the transcript says), but 93 characters in one
    # millisecond were a cue of 80 ms with exit 0 and no word about it.
    (loose / "t.txt").write_text(
        "[00:00:01.000 --> 00:00:01.001] Das ist ein sehr langer Satz, der in einer "
        "Millisekunde gesprochen wird und niemals lesbar ist.\n", "utf-8")
    result = run("segment", "t.txt", "--output", "new.srt", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert "the subtitles have" in result.stderr and "reading-speed" in result.stderr
    assert "first in cue 1:" in result.stderr
    assert (loose / "new.srt").read_text("utf-8").startswith("1\n00:00:01,000 --> ")


@pytest.mark.parametrize("stamp", ["[{d}:00:00] Text.", "[00:00:01 --> {d}:00:00] Text."])
def test_transcript_timestamps_of_thousands_of_digits_are_refused(loose: Path,
                                                                  stamp: str) -> None:
    (loose / "t.txt").write_text(stamp.format(d="9" * 5000) + "\n", "utf-8")
    result = run("segment", "t.txt", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert "have 5000 digits: that is not a time" in result.stderr


def test_an_import_keeps_a_linked_private_track_linked_and_private(film: Path) -> None:
    subtitles = film / "subtitles"
    (film / "private").mkdir()
    (subtitles / "tr.srt").rename(film / "private" / "tr.srt")
    (subtitles / "tr.srt").symlink_to(Path("..") / "private" / "tr.srt")
    (film / "private" / "tr.srt").chmod(0o600)
    (subtitles / "state" / "tr.tsv").chmod(0o640)
    text = (film / "private" / "tr.srt").read_text("utf-8")
    (film / "delivered.srt").write_text(text.replace("[Müzik]", "[Müzik çalıyor]", 1), "utf-8")
    result = run("import", "tr", "delivered.srt", cwd=film)
    assert result.returncode == 0, result.stderr
    assert (subtitles / "tr.srt").is_symlink()
    assert "[Müzik çalıyor]" in (film / "private" / "tr.srt").read_text("utf-8")
    assert _mode(film / "private" / "tr.srt") == 0o600
    assert _mode(subtitles / "state" / "tr.tsv") == 0o640
    assert (subtitles / "tr.srt.bak").read_text("utf-8") == text
    assert _mode(subtitles / "tr.srt.bak") == 0o600
    assert not _temporaries(film)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_fifo_a_device_or_a_folder_as_input_is_exit_2_at_once(film: Path, kind: str) -> None:
    special = film / "special.srt"
    if kind == "fifo":
        os.mkfifo(special)
    elif kind == "device":
        _device(special)
    else:
        special.mkdir()
    for args in (("check", "special.srt"), ("convert", "special.srt", "out.vtt"),
                 ("import", "tr", "special.srt"), ("import-po", "special.srt"),
                 ("segment", "special.srt"), ("glossary", "check", "--glossary", "special.srt"),
                 ("check", "--config", "special.srt", "subtitles/de.srt")):
        if kind == "folder" and args[0] == "check" and len(args) == 2:
            continue  # a folder to check is a folder of subtitle files
        # Opening a FIFO for reading would wait for a writer forever.
        result = run(*args, cwd=film, timeout=60)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (film / "out.vtt").exists()


def test_fix_write_through_a_link_to_the_tracks_folder_writes_track_and_state_together(
        film: Path) -> None:
    # Found by scripts/hostile_sweep.py: the journal named the track by the relative path
    # through the link and its temporary by an absolute one, so the write refused its own
    # journal half-way (master fixed, translations not, journal and temporaries left).
    (film / "p.srt").symlink_to("subtitles")
    result = run("fix", "--write", "p.srt", cwd=film)
    assert result.returncode in (0, 1), result.stderr
    assert "journal" not in result.stderr
    assert not (film / files.JOURNAL).exists()
    assert not [p for p in film.rglob("*.tmp")]
    assert (film / "p.srt").is_symlink()
    stale = run("diff", "--stale", cwd=film)
    assert "every translation is current" in stale.stdout, stale.stdout


def test_fix_says_when_it_changes_the_encoding_or_line_ends(tmp_path: Path) -> None:
    # Windows editors save CRLF, a BOM or Windows-1252: fix writes UTF-8 with LF, and says
    # so beside what it fixed (a re-encoded file used to be reported as "whitespace" only).
    def srt(text: str) -> str:
        return f"1\n00:00:01,000 --> 00:00:03,000\n{text}\n"

    (tmp_path / "cp.de.srt").write_bytes(srt("Grüße  aus Dortmund").encode("cp1252"))
    (tmp_path / "crlf.de.srt").write_bytes(
        b"\xef\xbb\xbf" + srt("Hallo  Welt").replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "bom.de.srt").write_bytes(b"\xef\xbb\xbf" + srt("Hallo Welt.").encode("utf-8"))
    (tmp_path / "only-crlf.de.srt").write_bytes(srt("Hallo Welt.").replace("\n", "\r\n")
                                                .encode("utf-8"))
    expected = {
        "cp.de.srt": "fixed whitespace: cue 1; the encoding: UTF-8 (was Windows-1252)",
        "crlf.de.srt": "fixed whitespace: cue 1; the encoding: UTF-8 (was UTF-8 with a byte "
                       "order mark); line ends: LF (was CRLF)",
        "bom.de.srt": "fixed the encoding: UTF-8 (was UTF-8 with a byte order mark)",
    }
    for name, said in expected.items():
        result = run("fix", "--write", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"{name}: {said} (previous version in {name}.bak)" in result.stderr
        assert b"\r" not in (tmp_path / name).read_bytes()
    assert (tmp_path / "cp.de.srt").read_text(encoding="utf-8") == srt("Grüße aus Dortmund")
    # Line ends alone are not a change: the file is left as it is.
    before = (tmp_path / "only-crlf.de.srt").read_bytes()
    result = run("fix", "--write", "only-crlf.de.srt", cwd=tmp_path)
    assert result.returncode == 0 and "nothing to fix" in result.stderr
    assert (tmp_path / "only-crlf.de.srt").read_bytes() == before


def test_messages_quote_a_megabyte_line_by_its_start(loose: Path) -> None:
    # A 2 MB timing line and a 5 MB cue number were repeated whole in the report.
    (loose / "huge.de.srt").write_text(
        "1\n00:00:01,000 --> 00:00:0" + "x" * 2_000_000 + "\nHallo\n\n" + "9" * 5_000_000
        + "\n00:00:05,000 --> 00:00:06,000\nZwei\n", "utf-8")
    result = run("check", "huge.de.srt", cwd=loose)
    assert result.returncode == 1, result.stderr
    assert len(result.stdout) < 2000
    assert "(1,999,964 more characters)' cannot be read" in result.stdout
    assert "numbered 9999" in result.stdout and "(4,999,940 more characters)" in result.stdout
