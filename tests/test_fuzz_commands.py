"""Every command that reads a file, driven with generated hostile content (Hypothesis).

For each run: the exit code is 0, 1 or 2 (never 3, "a bug"), no exception escapes the error
boundary as anything but a located error, no file changes unless the command writes it, and
whatever a command writes reads back (subtitle files without parse errors, state files that
load, UTF-8 without NUL).

The commands run in-process through ``subtool.cli.app.make_app()`` and Typer's CliRunner, each
example in a fresh copy of the film project, so the default profile stays within about a
minute; ``-m long`` runs a longer profile (about 8 minutes; not in the default run). A
few examples also run as real processes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import run_subtool as run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from subtool.cli.app import make_app, outcome
from subtool.formats import EXTENSIONS, parse_bytes
from subtool.translation import state as state_file

ROOT = Path(__file__).resolve().parent.parent
DIGITS = "9" * 4400  # past Python's 4,300-digit limit for int()

# ------------------------------------------------------------------- hostile content

_HOSTILE_CHARS = st.sampled_from(
    ["\x00", "\x0b", "\x0c", "\x1b[2J", "\x1c", "\x85", "\ufeff", "\ufffd", "\u202e", "\u2028",
     "\r", "\r\n", "\n", "\n\n", "-->", " --> ", "<i>", "</b>", "<", "&", "{\\an8}", "\t",
     ",", ";", '"', "'", "|", "#", "@everyone", "[x](y)", "é", "ß", "ı", "ش", "Ж", "😀",
     "\u0301", "9999999999999999999", DIGITS, "-1", "00:00:01,000", "00:00:01.000", ":", "."])
_TEXT = st.lists(st.one_of(_HOSTILE_CHARS, st.text(max_size=12)), max_size=30).map("".join)


@st.composite
def _timed(draw: st.DrawFn) -> str:
    """Subtitle-shaped text with hostile times and payloads (SRT, WebVTT or SBV)."""
    fields = st.one_of(st.sampled_from(["00", "59", "99", "0", "", "-1", "1e3", DIGITS[:20],
                                        DIGITS, "٠٣"]), st.text("0123456789", max_size=5))
    def stamp(sep: str) -> str:
        return sep.join([draw(fields), draw(fields), draw(fields)]) + draw(
            st.sampled_from([",", "."])) + draw(fields)
    head = draw(st.sampled_from(["", "WEBVTT\n\n", "\ufeffWEBVTT\n\n", "[Script Info]\n"]))
    blocks = []
    for n in range(draw(st.integers(0, 5))):
        number = draw(st.sampled_from([str(n + 1), "", DIGITS, "x"]))
        arrow = draw(st.sampled_from([" --> ", "-->", " -> ", ","]))
        blocks.append(f"{number}\n{stamp(':')}{arrow}{stamp(':')}\n{draw(_TEXT)}")
    return head + "\n\n".join(blocks) + draw(st.sampled_from(["", "\n", "\n\n"]))


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


HOSTILE = st.one_of(
    st.binary(max_size=600),
    st.builds(_encode, st.one_of(_timed(), _TEXT),
              st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "cp1251",
                               "latin-1", "utf-7"])),
)


# -------------------------------------------------------------------- the commands

# (arguments with FILE for the generated file, its name, the paths it may write)
READS: list[tuple[list[str], str, tuple[str, ...]]] = [
    (["check", "FILE"], "in.srt", ()),
    (["check", "--format", "json", "FILE"], "film.ar.vtt", ()),
    (["check", "FILE"], "in.ass", ()),
    (["check", "FILE"], "in.sub", ()),
    (["check", "FILE"], "in.ttml", ()),
    (["check", "FILE"], "in.smi", ()),
    (["fix", "FILE"], "de.srt", ()),
    (["fix", "--write", "FILE"], "de.vtt", ("de.vtt", "de.vtt.bak")),
    (["convert", "FILE", "out.vtt"], "in.srt", ("out.vtt",)),
    (["convert", "FILE", "out.ass"], "in.sbv", ("out.ass",)),
    (["diff", "--format", "md", "subtitles/de.srt", "FILE"], "in.srt", ()),
    (["segment", "FILE"], "t.txt", ()),
    (["import", "tr", "FILE"], "delivered.srt", ("subtitles/tr.srt", "subtitles/tr.srt.bak",
                                                 "subtitles/state/tr.tsv")),
    (["import-po", "FILE"], "tr.po", ("subtitles/tr.srt", "subtitles/tr.srt.bak",
                                      "subtitles/state/tr.tsv")),
    (["import-xliff", "FILE"], "tr.xlf", ("subtitles/tr.srt", "subtitles/tr.srt.bak",
                                          "subtitles/state/tr.tsv")),
    (["glossary", "check", "--glossary", "FILE"], "g.csv", ()),
    (["glossary", "export", "--glossary", "FILE"], "g.tbx", ()),
    (["glossary", "import", "FILE", "--output", "new.csv"], "g.tbx", ("new.csv",)),
    (["check", "--config", "FILE", "subtitles/tr.srt"], "subtool.toml", ()),
]
# Project files replaced by the generated content (the state file, the glossary).
PROJECT_FILES: list[tuple[list[str], str, tuple[str, ...]]] = [
    (["check", "subtitles/tr.srt"], "subtitles/state/tr.tsv", ()),
    (["diff", "--stale", "--lang", "tr", "--format", "md"], "subtitles/state/tr.tsv", ()),
    (["accept", "tr"], "subtitles/state/tr.tsv", ("subtitles/state/tr.tsv",)),
    (["export-po", "tr"], "subtitles/state/tr.tsv", ()),
    (["build", "--check-only"], "glossary/terms.csv", ()),
]


@contextlib.contextmanager
def _film() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="subtool-fuzz-"))
    try:
        shutil.copy(ROOT / "pyproject.toml", folder)
        shutil.copytree(ROOT / "subtitles", folder / "subtitles",
                        ignore=shutil.ignore_patterns("*.bak"))
        shutil.copytree(ROOT / "glossary", folder / "glossary")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and ".subtool-cache" not in p.parts}


def _reads_back(path: Path) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8")  # everything subtool writes is UTF-8
    assert "\x00" not in text, path
    ext = path.suffix.lstrip(".")
    if path.name.endswith(".tsv"):
        state_file.parse_bytes(data, path=str(path))
    elif ext in EXTENSIONS:
        track = parse_bytes(data, ext, name=path.name)
        assert not [d for d in track.diagnostics if d.rule == "parse-error"], \
            (path, track.diagnostics[:2])


def drive(argv: list[str], folder: Path, writes: tuple[str, ...]) -> int:
    """Run one command in-process as ``main`` would and check the four promises."""
    before = _snapshot(folder)
    with contextlib.chdir(folder):
        result = CliRunner().invoke(make_app(), argv)
    exc = result.exception
    if exc is None or isinstance(exc, SystemExit):
        code = result.exit_code
    else:
        code, message = outcome(exc)
        assert code != 3, f"{argv}: {message}\n{result.stdout}"
    assert code in (0, 1, 2), (argv, code, result.stdout)
    after = _snapshot(folder)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed <= set(writes), f"{argv} changed {changed - set(writes)}"
    for name in changed & set(after):
        if name.endswith(".bak"):
            # A backup holds the previous version byte for byte (a UTF-16 original too).
            assert after[name] == before.get(name.removesuffix(".bak")), name
        else:
            _reads_back(folder / name)
    return code


def _fuzz(data: bytes, argv: list[str], name: str, writes: tuple[str, ...]) -> None:
    with _film() as folder:
        target = folder / name
        target.write_bytes(data)
        drive([name if a == "FILE" else a for a in argv], folder, writes)


# Known hostile shapes every command meets first (Hypothesis adds generated ones): line
# ends of old Macs, NUL, a number past int()'s digit limit, controls, UTF-16 without BOM.
KNOWN = [
    b"id,status,de\rseniorenbuero,approved,Seniorenb\xc3\xbcro\r",
    b"1\r00:00:01,000 --> 00:00:02,000\rHallo\r\r",
    f"1\n{DIGITS}:00:00,000 --> 00:00:01,000\nx\n\n{DIGITS}\n".encode(),
    b"\x00" * 64,
    "1\n00:00:01,000 --> 00:00:02,000\nHallo\x0bWelt\x1b[2J\x85\n".encode(),
    "1\n00:00:01,000 --> 00:00:02,000\nHallo\n".encode("utf-16-le"),
    b'"' + b"x" * 140_000 + b'"\n',
]


def known(test: Callable[..., None]) -> Callable[..., None]:
    for data in KNOWN:
        test = example(data=data)(test)
    return test


FAST = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize(("argv", "name", "writes"), READS + PROJECT_FILES,
                         ids=[f"{' '.join(a)}:{n}" for a, n, _ in READS + PROJECT_FILES])
@FAST
@known
@given(data=HOSTILE)
def test_no_hostile_file_crashes_a_command(argv: list[str], name: str,
                                           writes: tuple[str, ...], data: bytes) -> None:
    _fuzz(data, argv, name, writes)


@pytest.mark.long
@pytest.mark.parametrize(("argv", "name", "writes"), READS + PROJECT_FILES,
                         ids=[f"{' '.join(a)}:{n}" for a, n, _ in READS + PROJECT_FILES])
@SLOW
@known
@given(data=HOSTILE)
def test_no_hostile_file_crashes_a_command_long(argv: list[str], name: str,
                                                writes: tuple[str, ...], data: bytes) -> None:
    _fuzz(data, argv, name, writes)


# Hostile variants of the real exchange files: mutations of what subtool exports.

def _mutations(text: str) -> st.SearchStrategy[bytes]:
    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        out = text
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(out)))
            cut = draw(st.integers(0, 40))
            out = out[:at] + draw(_TEXT) + out[at + cut:]
        return _encode(out, draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"])))
    return mutate()


@pytest.fixture(scope="module")
def exports() -> dict[str, str]:
    with _film() as folder:
        return {fmt: run(f"export-{fmt}", "tr", cwd=folder).stdout for fmt in ("po", "xliff")}


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_no_mutated_delivery_crashes_an_import(exports: dict[str, str], fmt: str) -> None:
    name = "tr.po" if fmt == "po" else "tr.xlf"
    writes = ("subtitles/tr.srt", "subtitles/tr.srt.bak", "subtitles/state/tr.tsv")

    @FAST
    @given(data=_mutations(exports[fmt]))
    def mutated(data: bytes) -> None:
        _fuzz(data, [f"import-{fmt}", "FILE"], name, writes)

    mutated()


# A few of the same as real processes: what a person's shell sees.
@pytest.mark.parametrize("data", [
    b"\x00\xff" * 300, f"1\n{DIGITS}:00:00,000 --> 00:00:01,000\nx\n".encode(),
    "1\n00:00:01,000 --> 00:00:02,000\n\x1b[2J\x0b\x85\ud800\n".encode("utf-8", "surrogatepass"),
    "WEBVTT\n\n00:01.000 --> 00:02.000 line:999999999999999999999%\nx\n".encode("utf-16"),
], ids=["binary", "digits", "controls", "utf16-vtt"])
def test_hostile_files_in_real_processes(tmp_path: Path, data: bytes) -> None:
    for name in ("in.srt", "in.vtt", "in.ass", "t.txt", "tr.po", "tr.xlf"):
        (tmp_path / name).write_bytes(data)
    for args in (("check", "in.srt", "in.vtt", "in.ass"), ("fix", "in.srt"),
                 ("convert", "in.vtt", "out.srt"), ("segment", "t.txt")):
        result = run(*args, cwd=tmp_path, env={"SUBTOOL_DEBUG": ""})
        assert result.returncode in (0, 1, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert os.listdir(tmp_path)
