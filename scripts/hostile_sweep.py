#!/usr/bin/env python3
"""Hostile-input sweep: every subtool command over a generated corpus of hostile inputs.

Not a test (it takes minutes): a measurement to run before a release and after changes to a
reader, a writer or the command line. It builds, in a temporary folder, a corpus like a red
team's — binary files under every subtitle extension, timestamps and numbers of thousands of
digits, the film in every encoding, broken configurations, broken glossaries (CSV and TBX),
PO and XLIFF deliveries with NUL, controls and surrogates, broken translation-state files and
transcripts, awkward paths (folders, FIFOs, devices, symbolic-link loops, dangling links),
files of 200,000 cues, hostile option values — and runs each command over it, each case as a
real process in a folder of its own. Then it kills writing commands (SIGKILL) at random
moments and checks that the track and its state are both old or both new after the next
command, and that no temporary file is left.

For every run it records the exit code, a traceback or "internal error" (exit 3), a hang
(timeout), any file the command changed that it is not meant to write, and any subtitle or
state file it wrote that subtool cannot read back (not UTF-8, parse errors, NUL).

Usage::

    .venv/bin/python scripts/hostile_sweep.py              # the whole sweep (~10 min, 2 cores)
    .venv/bin/python scripts/hostile_sweep.py --quick      # fewer extension × content pairs
    .venv/bin/python scripts/hostile_sweep.py --json out.json --jobs 2 --timeout 120

Exit status: 0 when no run exited 3, hung, changed an input, wrote an unreadable file or left
a track and its state inconsistent after a kill; 1 otherwise.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fnmatch
import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBTOOL = [sys.executable, "-m", "subtool"]
EXTENSIONS = ("srt", "vtt", "sbv", "ass", "ssa", "sub", "smi", "sami", "ttml", "dfxp", "mpl",
              "txt", "")
BIG = 200_000  # cues in the "huge" files


# --------------------------------------------------------------------------- the corpus


def _master() -> str:
    return (ROOT / "subtitles" / "de.srt").read_text("utf-8")


def _srt(cues: Iterable[tuple[str, str, str]]) -> str:
    return "".join(f"{n}\n{a} --> {b}\n{t}\n\n" for n, (a, b, t) in enumerate(cues, 1))


def _ts(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


def _big_srt(n: int) -> bytes:
    parts = []
    for i in range(n):
        start = i * 2000
        parts.append(f"{i + 1}\n{_ts(start)} --> {_ts(start + 1500)}\nZeile {i} mit Text\n\n")
    return "".join(parts).encode()


INJECTION = ("<img src=x onerror=alert(1)> ![x](https://evil.example/x.png) "
             "[click](javascript:alert(1)) @everyone #1 **bold** _it_ `code` <script>alert(2)"
             "</script> </textarea> ]]> {{t}} | a | b | \x1b[2J\x1b]0;pwned\x07 "
             "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u202eevil\u202c")


def subtitle_contents() -> dict[str, bytes]:
    """Hostile subtitle file contents by name (the extension is chosen separately)."""
    master = _master()
    rng = random.Random(13)
    digits = "9" * 5000
    c: dict[str, bytes] = {
        "empty": b"",
        "bom-only": codecs.BOM_UTF8,
        "newlines": b"\n" * 10_000,
        "random-binary": bytes(rng.randrange(256) for _ in range(4096)),
        "zeros": b"\0" * 4096,
        "png": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "gzip": gzip.compress(master.encode()),
        "elf": Path(sys.executable).resolve().read_bytes()[:4096],
        "cr-only": master.replace("\n", "\r").encode(),
        "crlf": master.replace("\n", "\r\n").encode(),
        "utf16le-nobom": master.encode("utf-16-le"),
        "utf16be-bom": codecs.BOM_UTF16_BE + master.encode("utf-16-be"),
        "utf32-bom": master.encode("utf-32"),
        "cp1252": master.encode("cp1252", "replace"),
        "cp500-ebcdic": master.encode("cp500", "replace"),
        "utf7": master.encode("utf-7"),
        "koi8r-russian": (ROOT / "subtitles" / "ru.srt").read_text("utf-8")
        .encode("koi8-r", "replace"),
        "cp1256-arabic": (ROOT / "subtitles" / "ar.srt").read_text("utf-8")
        .encode("cp1256", "replace"),
        "shift-jis": _srt([("00:00:01,000", "00:00:02,000", "日本語の字幕です")])
        .encode("shift_jis"),
        "gb18030": _srt([("00:00:01,000", "00:00:02,000", "中文字幕")]).encode("gb18030"),
        "invalid-utf8": master.encode()[:2000] + b"\xff\xfe\xc0\x80\xed\xa0\x80"
        + master.encode()[2000:4000],
        "surrogates-utf8": _srt([("00:00:01,000", "00:00:03,000", "a\ud800b\udfffc")])
        .encode("utf-8", "surrogatepass"),
        "huge-hours": _srt([(f"{digits}:00:00,000", f"{digits}:00:01,000", "x")]).encode(),
        "4301-digits": _srt([("9" * 4301 + ":00:00,000", "00:00:01,000", "x")]).encode(),
        "19-digits": _srt([("9" * 19 + ":00:00,000", "9" * 19 + ":00:01,000", "x")]).encode(),
        "huge-millis": _srt([("00:00:00," + digits, "00:00:01,000", "x")]).encode(),
        "huge-number": (digits + "\n00:00:01,000 --> 00:00:02,000\nx\n").encode(),
        "99-fields": _srt([("99:99:99,999", "99:99:99,9999", "x")]).encode(),
        "negative": _srt([("-00:00:01,000", "-00:00:00,500", "x")]).encode(),
        "vtt-huge": f"WEBVTT\n\n{digits}:00:00.000 --> {digits}:00:01.000\nx\n".encode(),
        "vtt-huge-region": (f"WEBVTT\n\nREGION\nid:r\nwidth:{digits}%\nlines:{digits}\n\n"
                            f"00:00.000 --> 00:01.000 region:r line:{digits}% "
                            f"position:{digits}%\nx\n").encode(),
        "sbv-huge": f"{digits}:00:00.000,{digits}:00:01.000\nx\n".encode(),
        "ass-huge": ("[Script Info]\nScriptType: v4.00+\nPlayResX: " + digits + "\n\n[Events]\n"
                     "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, "
                     "Effect, Text\nDialogue: 0," + digits + ":00:00.00,0:00:01.00,Default,,0,"
                     "0,0,,x\n").encode(),
        "microdvd-huge": ("{" + digits + "}{" + digits + "}x\n{1}{2}y\n{nan}{inf}z\n").encode(),
        "mpl-huge": f"[{digits}][{digits}]x\n".encode(),
        "ttml-huge": ('<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
                      f'<p begin="{digits}h" end="1e999s">x</p><p begin="nan" end="inf">y</p>'
                      "</div></body></tt>").encode(),
        "ttml-xxe": (b'<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY x SYSTEM '
                     b'"file:///etc/passwd">]><tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
                     b'<p begin="00:00:01.000" end="00:00:02.000">&x;</p></div></body></tt>')
,
        "ttml-laughs": ('<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY a "aaaaaaaaaa">'
                        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                                  for i in range(9))
                        + ']><tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s" '
                          'end="1s">&j;</p></div></body></tt>').encode(),
        "sami-huge": ("<SAMI><BODY><SYNC Start=" + digits + "><P>x</P></SYNC>"
                      "<SYNC Start=-5><P>y</P></SYNC></BODY></SAMI>").encode(),
        "controls": _srt([("00:00:01,000", "00:00:03,000", "Hallo\x0bWelt\x0cund\x1cdie\x1d"
                           "Leute\x1e!\x1f\x85Ende\x7f\x80\x9f"),
                          ("00:00:04,000", "00:00:06,000", "NUL\0hier")]).encode(),
        "injection": _srt([("00:00:01,000", "00:00:03,000", INJECTION),
                           ("00:00:04,000", "00:00:06,000", "@here #42 <b>x</b> ~~y~~")])
        .encode(),
        "timings-only": "".join(f"{n}\n{_ts(n * 3000)} --> {_ts(n * 3000 + 2000)}\n\n"
                                for n in range(1, 116)).encode(),
        "one-long-line": b"x" * 10_000_000,
        "nested-tags": _srt([("00:00:01,000", "00:00:03,000", "<i>" * 50_000 + "x")]).encode(),
        "arrows": b"-->\n" * 100_000,
        "many-lines-cue": _srt([("00:00:01,000", "00:00:03,000", "line\n" * 10_000 + "end")])
        .encode(),
        "zalgo": _srt([("00:00:01,000", "00:00:03,000", "Z" + "\u0301" * 100_000)]).encode(),
        "same-start": _srt([("00:00:01,000", "00:00:02,000", f"cue {i}") for i in range(500)])
        .encode(),
        "end-before-start": _srt([("00:00:05,000", "00:00:01,000", "x")]).encode(),
        "999-hours": _srt([("999:00:00,000", "999:59:59,999", "x")]).encode(),
        "rtl-overrides": _srt([("00:00:01,000", "00:00:02,000",
                                "\u202e\u2066\u200f\ufeff\u200b\u2028\u2029x")]).encode(),
        "big-srt": _big_srt(BIG),
        "big-empty-cues": "".join(f"{n}\n{_ts(n * 100)} --> {_ts(n * 100 + 50)}\n\n"
                                  for n in range(1, BIG + 1)).encode(),
    }
    return c


FRAME_RATES = ("0", "nan", "inf", "-inf", "-1", "1e999", "1e-300", "abc", "0.5", "1001")


# ------------------------------------------------------------------------ the runner


@dataclass
class Case:
    """One command run in a folder of its own."""

    category: str
    label: str
    argv: list[str]
    setup: Callable[[Path], None]
    writes: tuple[str, ...] = ()  # glob patterns (relative) the command may change
    stdin: str = ""
    cwd: str = "."  # where the command runs, inside the case's folder


@dataclass
class Result:
    category: str
    label: str
    argv: list[str]
    code: int | None  # None: hung
    seconds: float
    traceback: bool
    changed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    stderr: str = ""


def _snapshot(folder: Path) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                digest = hashlib.sha1(p.read_bytes()).hexdigest()
                out[rel] = ("file", f"{digest}:{stat.S_IMODE(st.st_mode):o}")
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", "")
            else:
                out[rel] = ("special", str(stat.S_IFMT(st.st_mode)))
    return out


# What any command may write: the project's word caches (README, "Spelling": caches only
# speed things up) are not inputs.
_ALWAYS = (".subtool-cache", ".subtool-cache/*")


def _allowed(rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) for p in (*patterns, *_ALWAYS))


def _readable(path: Path) -> str:
    """Why subtool could not read back a file it wrote ("" when it can)."""
    from subtool.formats import EXTENSIONS as KNOWN  # noqa: PLC0415
    from subtool.formats import parse_bytes  # noqa: PLC0415
    from subtool.translation import state  # noqa: PLC0415

    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if "\0" in text:
        return "NUL"
    ext = path.suffix.lstrip(".").lower()
    if path.suffix == ".tsv" and "state" in path.parts:
        try:
            state.parse_bytes(data, path=str(path))
        except Exception as exc:  # noqa: BLE001 - anything is a finding here
            return f"state: {exc}"
        return ""
    if ext in KNOWN:
        track = parse_bytes(data, ext, name=path.name)
        broken = [d for d in track.diagnostics if d.rule in ("parse-error",)]
        if broken:
            return f"{broken[0].message} (line {broken[0].line})"
    return ""


# Commands whose outputs are subtitle or state files that subtool must read back.
_SUBTITLE_WRITERS = ("convert", "fix", "segment", "import", "import-po", "import-xliff",
                     "accept", "translate", "glossary apply")


def _writes_subtitles(argv: list[str]) -> bool:
    return argv[0] in _SUBTITLE_WRITERS or " ".join(argv[:2]) in _SUBTITLE_WRITERS


def run_case(case: Case, base: Path, timeout: float, env: dict[str, str]) -> Result:
    folder = Path(tempfile.mkdtemp(dir=base, prefix="case-"))
    try:
        case.setup(folder)
        before = _snapshot(folder)
        started = time.monotonic()
        proc = subprocess.Popen(SUBTOOL + case.argv, cwd=folder / case.cwd, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            _out, err = proc.communicate(case.stdin.encode(), timeout=timeout)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            _out, err = proc.communicate()
            code = None
        seconds = time.monotonic() - started
        stderr = err.decode("utf-8", "replace")
        after = _snapshot(folder)
        changed, unreadable = [], []
        for rel in sorted(set(before) | set(after)):
            if before.get(rel) == after.get(rel):
                continue
            if after.get(rel, ("", ""))[0] == "dir" and before.get(rel, ("", ""))[0] == "dir":
                continue
            if not _allowed(rel, case.writes):
                changed.append(rel)
            elif after.get(rel, ("", ""))[0] == "file" and _writes_subtitles(case.argv) \
                    and not rel.endswith(".bak"):  # a backup holds the old bytes as they were
                why = _readable(folder / rel)
                if why:
                    unreadable.append(f"{rel}: {why}")
        traceback = "Traceback" in stderr or "internal error" in stderr
        return Result(case.category, case.label, case.argv, code, seconds, traceback,
                      changed, unreadable, stderr[-600:])
    finally:
        _remove(folder)


def _remove(folder: Path) -> None:
    for dirpath, dirnames, _files in os.walk(folder):
        for d in dirnames:  # a test may have left a folder without permissions
            with contextlib.suppress(OSError):
                os.chmod(Path(dirpath) / d, 0o755)
    shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------------- the cases


def film(folder: Path) -> None:
    """The shipped film project (configuration, tracks, state, glossary)."""
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "subtitles", folder / "subtitles",
                    ignore=shutil.ignore_patterns("*.bak", ".*"))
    shutil.copytree(ROOT / "glossary", folder / "glossary")


def put(name: str, data: bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / name).write_bytes(data)
    return setup


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        for step in steps:
            step(folder)
    return setup


# What build writes into the folder it is given (--output subtitles writes them there).
BUILD_OUTPUTS = tuple(f"subtitles/{name}" for name in (
    "dortmund-seniorenbueros.*", "manifest.json", "report.html", "report.md",
    "youtube-upload.csv"))
PROJECT_WRITES = ("subtitles/*.srt", "subtitles/*.bak", "subtitles/state/*.tsv",
                  ".subtool-commit.json", ".subtool-cache", ".subtool-cache/*")


def subtitle_cases(quick: bool) -> list[Case]:
    cases: list[Case] = []
    contents = subtitle_contents()
    for name, data in contents.items():
        big = name.startswith("big")
        exts = ("srt", "vtt") if (quick or big) else EXTENSIONS
        for ext in exts:
            file = f"in.{ext}" if ext else "in"
            cases.append(Case("subtitle", f"check {name} .{ext}", ["check", file],
                              put(file, data)))
            cases.append(Case("subtitle", f"convert {name} .{ext} -> .srt",
                              ["convert", file, "out.srt"], put(file, data), ("out.srt",)))
        for ext in ("srt", "vtt"):
            file = f"de.{ext}"
            cases.append(Case("subtitle", f"fix {name} .{ext}", ["fix", file], put(file, data)))
            cases.append(Case("subtitle", f"fix --write {name} .{ext}",
                              ["fix", "--write", file], put(file, data),
                              (file, f"{file}.bak")))
            for fmt in ("json", "sarif", "junit", "github"):
                if ext == "srt" and not big:
                    cases.append(Case("subtitle", f"check --format {fmt} {name}",
                                      ["check", "--format", fmt, file], put(file, data)))
        if not big:
            cases.append(Case("subtitle", f"diff {name}", ["diff", "de.srt", "in.srt"],
                              both(put("in.srt", data), put("de.srt", _master().encode()))))
            for fmt in ("md", "html", "json"):
                cases.append(Case("subtitle", f"diff --format {fmt} {name}",
                                  ["diff", "--format", fmt, "de.srt", "in.srt"],
                                  both(put("in.srt", data), put("de.srt", _master().encode()))))
        for ext in ("srt", "vtt"):
            cases.append(Case("subtitle", f"import tr {name} .{ext}",
                              ["import", "tr", f"delivered.{ext}"],
                              both(film, put(f"delivered.{ext}", data)), PROJECT_WRITES))
        for ext in ("ass", "sub", "vtt", "ttml", "sbv", "mpl", "srt"):
            cases.append(Case("subtitle", f"convert {name} -> .{ext}",
                              ["convert", "in.srt", f"out.{ext}"], put("in.srt", data),
                              (f"out.{ext}",)))
    return cases


def _film_config(**changes: str) -> str:
    keys = {"title": '"Film"', "slug": '"film"', "master": '"subtitles/de.srt"',
            "master-language": '"de"',
            "languages": '["en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]',
            "tracks": '"subtitles/{lang}.srt"', "profile": '"senior"', "frame-rate": "25",
            "duration": '"7:25"', "glossary": '"glossary/terms.csv"', "output": '"dist"'}
    tables = {k: v for k, v in changes.items() if k.startswith("[")}
    keys.update({k: v for k, v in changes.items() if not k.startswith("[")})
    lines = ["[tool.subtool]"] + [f"{k} = {v}" for k, v in keys.items() if v is not None
                                  and v != "DROP"]
    for name, body in tables.items():
        lines += ["", name, body]
    return "\n".join(lines) + "\n"


# Every encoding a subtitle file has been seen in, and a few it should never be in.
ENCODINGS = ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-7",
             "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
             "cp1258", "cp437", "cp850", "cp852", "cp866", "cp500", "iso8859-1", "iso8859-2",
             "iso8859-5", "iso8859-7", "iso8859-9", "iso8859-15", "iso8859-16", "koi8-r",
             "koi8-u", "mac-roman", "mac-cyrillic", "mac-greek", "shift_jis", "euc-jp",
             "gb18030", "big5", "euc-kr", "hz", "iso2022-jp", "cp037", "utf-8")


def encoding_cases() -> list[Case]:
    """Each film track in each encoding: check, fix --write, convert and import."""
    cases = []
    for encoding in ENCODINGS:
        for lang in ("de", "tr", "ru", "el", "ar", "ro"):
            text = (ROOT / "subtitles" / f"{lang}.srt").read_text("utf-8")
            data = text.encode(encoding, "replace")
            name = f"film.{lang}.srt"
            for argv, writes in ((["check", name], ()),
                                 (["fix", "--write", name], (name, f"{name}.bak")),
                                 (["convert", name, "out.vtt"], ("out.vtt",))):
                cases.append(Case("encoding", f"{argv[0]} {lang} in {encoding}", argv,
                                  put(name, data), writes))
            if lang != "de":
                cases.append(Case("encoding", f"import {lang} in {encoding}",
                                  ["import", lang, "delivered.srt"],
                                  both(film, put("delivered.srt", data)), PROJECT_WRITES))
    return cases


def config_cases(quick: bool) -> list[Case]:
    bad_numbers = ("inf", "nan", "-inf", "1e999", "0.5", "0", "-1", "1e308", "99999999999999999999",
                   '"25"', "true", "[]", "{}")
    configs: dict[str, str] = {}
    for value in bad_numbers:
        configs[f"frame-rate={value}"] = _film_config(**{"frame-rate": value})
        for key in ("max_chars", "cps_warn", "cps_error", "min_duration", "max_duration",
                    "min_gap_frames", "max_lines"):
            configs[f"limits.{key}={value}"] = _film_config(
                **{"[tool.subtool.limits]": f"{key} = {value}"})
        configs[f"limits.ru.max_chars={value}"] = _film_config(
            **{"[tool.subtool.limits.ru]": f"max_chars = {value}"})
        configs[f"translate.timeout={value}"] = _film_config(
            **{"[tool.subtool.translate]": f"timeout = {value}"})
        configs[f"translate.concurrency={value}"] = _film_config(
            **{"[tool.subtool.translate]": f"concurrency = {value}"})
    for value in ('"1e999s"', '"nans"', '"infs"', '"-1:00"', '"99999999999999999999:00"',
                  "0", '"0:00"', '"' + "9" * 5000 + 'ms"', '"1:2:3:4"', '"60:99"', "[]"):
        configs[f"duration={value[:30]}"] = _film_config(duration=value)
    for value in ("{0}", "{x}", "{", "}", "{lang!r}", "{lang:>99999999}", "{lang.__class__}",
                  "{lang[0]}", "@@OUT@@/{lang}", "../{lang}.srt", "subtitles", "{lang}{lang}",
                  "subtitles/{lang}.srt/x", "\x00{lang}"):
        escaped = json.dumps(value)
        configs[f"tracks={value}"] = _film_config(tracks=escaped)
        configs[f"state={value}"] = _film_config(**{"state": escaped})
    for key, values in {
        "languages": ('["xx-\\u0000"]', "[1]", '"de"', '["de"]', '["../../x"]', '["tr", "tr"]',
                      "[" + ", ".join(f'"a{i}"' for i in range(2000)) + "]", '["" ]'),
        "master": ('"@@NULL@@"', '"subtitles"', '"../secret.srt"', '"none.srt"', '""',
                   "1", '"glossary/terms.csv"', '"@@OUT@@/de.srt"'),
        "glossary": ('"@@NULL@@"', '"glossary"', '"none.csv"', '"subtitles/de.srt"', "[]",
                     '"../secret.csv"'),
        "output": ('"@@NULL@@"', '"pyproject.toml"', '"subtitles"', '""', '"subtitles/de.srt"',
                   '"@@OUT@@"', '"../out"'),
        "profile": ('"fast"', "1", '""'),
        "slug": ('"../x"', '"a/b"', '""', '"\\u001b[31m"'),
        "title": ('"\\u001b[2J<img src=x onerror=alert(1)> @everyone"', "1",
                  '"' + "x" * 100_000 + '"'),
        "master-language": ('"xx"', '"../"', '"tr"', "1"),
        "ui-language": ('"xx"', '"de"', "1"),
    }.items():
        for v in values:
            configs[f"{key}={v[:30]}"] = _film_config(**{key: v})
    configs["rules.unknown"] = _film_config(**{"[tool.subtool.rules]": 'nope = "error"'})
    configs["rules.badseverity"] = _film_config(**{"[tool.subtool.rules]": "line-length = 1"})
    configs["translate.provider"] = _film_config(**{"[tool.subtool.translate]":
                                                    'provider = "evil"'})
    configs["translate.url-file"] = _film_config(**{"[tool.subtool.translate]":
                                                    'url = "file:///etc/passwd"'})
    configs["translate.api_key"] = _film_config(**{"[tool.subtool.translate]": 'api_key = "x"'})
    configs["unknown-key"] = _film_config(**{"colour": '"red"'})
    raw: dict[str, bytes] = {
        "toml-broken": b"[tool.subtool]\nmaster = \n",
        "toml-binary": b"[tool.subtool]\n" + bytes(range(256)),
        "toml-utf16": _film_config().encode("utf-16"),
        "toml-deep": b"[tool.subtool]\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "toml-deep-table": b"[tool.subtool]\nx = " + b"{a=" * 50_000 + b"1" + b"}" * 50_000,
        "toml-empty-table": b"[tool.subtool]\n",
        "toml-not-table": b"[tool]\nsubtool = 1\n",
        "toml-huge": b"[tool.subtool]\ntitle = \"" + b"x" * 20_000_000 + b"\"\n",
    }
    for name, text in configs.items():
        raw[name] = text.encode("utf-8")
    commands = [["check"], ["build", "--check-only"], ["export-po", "tr"], ["accept", "tr"],
                ["diff", "--stale", "--format", "md"]]
    if not quick:
        commands += [["translate", "--to", "tr", "--provider", "pseudo"], ["glossary", "check"]]
    cases = []
    for name, data in raw.items():
        def setup(folder: Path, data: bytes = data) -> None:
            # The project one level down, so that a path that escapes it ("../x", an
            # absolute path made from @@OUT@@) still lands in the case's folder, where a
            # write is seen.
            project = folder / "proj"
            project.mkdir()
            film(project)
            (folder / "outside").mkdir()
            (folder / "secret.srt").write_bytes(_master().encode())
            (folder / "secret.csv").write_bytes((ROOT / "glossary" / "terms.csv").read_bytes())
            null = _node(folder / "null")
            text = data.replace(b"@@OUT@@", str(folder / "outside").encode())
            text = text.replace(b"@@NULL@@", str(null).encode())
            (project / "pyproject.toml").write_bytes(text)
        # (state = "{lang}{lang}" puts the state of tr in proj/trtr, as configured)
        writes = tuple(f"proj/{p}" for p in (*PROJECT_WRITES, "dist", "dist/*", "trtr"))
        for argv in commands:
            cases.append(Case("config", f"{' '.join(argv)} [{name}]", argv, setup, writes,
                              cwd="proj"))
    return cases


def _node(path: Path, minor: int = 3) -> Path:
    """A character device (1, minor: 3 null, 5 zero, 7 full, 9 urandom) in the case's own
    folder, never the machine's /dev: a command that wrongly renames over its output must
    not be able to replace the real /dev/null."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except OSError:
        os.mkfifo(path)  # not root: a FIFO is the next best special file
    return path


def glossary_contents() -> dict[str, bytes]:
    terms = (ROOT / "glossary" / "terms.csv").read_text("utf-8")
    header = terms.splitlines()[0]
    big_field = "x" * 200_000
    return {
        "csv-cr-only": terms.replace("\n", "\r").encode(),
        "csv-crlf": terms.replace("\n", "\r\n").encode(),
        "csv-big-field": (header + "\n" + f'"{big_field}",' + "a," * header.count(",")
                          + "\n").encode(),
        "csv-10mb-field": (terms + '"' + "y" * 10_000_000 + '"\n').encode(),
        "csv-binary": bytes(range(256)) * 20,
        "csv-nul": terms.replace("Seniorenbüro", "Senioren\0büro", 1).encode(),
        "csv-utf16": terms.encode("utf-16"),
        "csv-unclosed-quote": (terms + '"never closed,\n').encode(),
        "csv-formula": (terms + '=cmd|" /C calc"!A0,@SUM(1),+1,-1\n').encode(),
        "csv-empty": b"",
        "csv-header-only": (header + "\n").encode(),
        "csv-many-columns": (",".join(f"c{i}" for i in range(20_000)) + "\n").encode(),
        "csv-surrogates": terms.replace("Seniorenbüro", "Senioren\ud800büro", 1)
        .encode("utf-8", "surrogatepass"),
        "csv-controls": terms.replace("Seniorenbüro", "Senioren\x0b\x1b[31mbüro", 1).encode(),
        "csv-injection": (terms + f'"{INJECTION}",,,,,,,,,,,,\n').encode(),
        "tbx-xxe": b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">'
                   b']><tbx type="TBX-Basic" xml:lang="de"><text><body><conceptEntry id="1">'
                   b'<langSec xml:lang="de"><termSec><term>&x;</term></termSec></langSec>'
                   b"</conceptEntry></body></text></tbx>",
        "tbx-laughs": ('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
                       + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                                 for i in range(9))
                       + ']><tbx><text><body>&j;</body></text></tbx>').encode(),
        "tbx-binary": bytes(range(256)) * 10,
        "tbx-deep": b"<tbx>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</tbx>",
        "tbx-malformed": b"<tbx><text><body><conceptEntry>",
        "tbx-empty": b"",
        "tbx-not-tbx": b"<html><body>x</body></html>",
        "tbx-utf16": '<?xml version="1.0" encoding="utf-16"?><tbx/>'.encode("utf-16"),
        "tbx-cp": (b'<?xml version="1.0"?><tbx type="TBX-Basic" xml:lang="de"><text><body>'
                   b'<conceptEntry id="1"><langSec xml:lang="de"><termSec><term>a\x0bb</term>'
                   b"</termSec></langSec></conceptEntry></body></text></tbx>"),
    }


def glossary_cases() -> list[Case]:
    cases = []
    for name, data in glossary_contents().items():
        ext = "tbx" if name.startswith("tbx") else "csv"
        file = f"g.{ext}"
        setup = both(film, put(file, data))
        for argv, writes in (
                (["check", "--glossary", file], ()),
                (["glossary", "check", "--glossary", file], ()),
                (["glossary", "apply", "--glossary", file], ()),
                (["glossary", "apply", "--write", "--glossary", file], PROJECT_WRITES),
                (["glossary", "export", "--glossary", file, "--format", "tbx"], ()),
                (["glossary", "export", "--glossary", file, "--format", "csv"], ()),
                (["glossary", "import", file, "--output", "new.csv"], ("new.csv",)),
                (["fix", "--glossary", file, "subtitles/de.srt"], ())):
            cases.append(Case("glossary", f"{' '.join(argv[:2])} [{name}]", argv, setup, writes))
        # The project's own glossary replaced.
        cases.append(Case("glossary", f"build --check-only [project {name}]",
                          ["build", "--check-only"],
                          both(film, put("glossary/terms.csv", data))))
    return cases


def _export(lang: str, fmt: str) -> str:
    out = subprocess.run([*SUBTOOL, f"export-{fmt}", lang], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return out.stdout


def exchange_contents() -> dict[str, bytes]:
    po = _export("tr", "po")
    xlf = _export("tr", "xliff")
    digits = "9" * 5000
    first_po = po.index('msgstr "', po.index("cue@"))
    first_xlf = xlf.index("<target>") + len("<target>")

    def po_target(text: str) -> bytes:
        return (po[:first_po] + f'msgstr "{text}"\n' + po[po.index("\n\n", first_po):]).encode(
            "utf-8", "surrogatepass")

    def xlf_target(inner: str) -> bytes:
        return (xlf[:first_xlf] + inner + xlf[xlf.index("</target>", first_xlf):]).encode(
            "utf-8", "surrogatepass")

    return {
        "po-as-exported": po.encode(),
        "po-nul": po_target("Merhaba\0dünya"),
        "po-controls": po_target("Merhaba\x0bdünya\x0c\x1c\x85son"),
        "po-escapes": po_target("Merhaba\\vdünya\\f\\b\\a"),
        "po-ansi": po_target("\x1b[2J\x1b]0;pwned\x07"),
        "po-surrogate": po_target("a\ud800b"),
        "po-empty-target": po_target(""),
        "po-huge-ctxt": po.replace("cue@00:00:", f"cue@{digits}:00:", 1).encode(),
        "po-19-digit-ctxt": po.replace("cue@00:00:", "cue@9999999999999999999:00:", 1).encode(),
        "po-negative-ctxt": po.replace("cue@00:00:", "cue@-1:00:", 1).encode(),
        "po-dup-ctxt": (po + po[po.index("\n\n") + 2:]).encode(),
        "po-wrong-language": po.replace("Language: tr", "Language: ru").encode(),
        "po-no-language": po.replace("Language: tr", "X-Nothing: tr").encode(),
        "po-plural": po.replace('msgstr "', 'msgid_plural "x"\nmsgstr[0] "', 1).encode(),
        "po-unclosed": po.replace('msgstr "', 'msgstr "unclosed\n', 3).encode(),
        "po-binary": bytes(range(256)) * 20,
        "po-utf16": po.encode("utf-16"),
        "po-empty": b"",
        "po-injection": po_target(INJECTION.replace('"', "'")),
        "xlf-as-exported": xlf.encode(),
        "xlf-cp-nul": xlf_target('Merhaba<cp hex="0"/>dünya'),
        "xlf-cp-surrogate": xlf_target('a<cp hex="D800"/>b'),
        "xlf-cp-esc": xlf_target('<cp hex="1B"/>[2J<cp hex="B"/><cp hex="85"/>x'),
        "xlf-cp-huge": xlf_target(f'<cp hex="{"F" * 5000}"/>'),
        "xlf-cp-bad": xlf_target('<cp hex="zz"/>'),
        "xlf-cp-fffe": xlf_target('<cp hex="FFFE"/>x'),
        "xlf-huge-id": xlf.replace('id="cue-00:00:', f'id="cue-{digits}:00:', 1).encode(),
        "xlf-empty-target": xlf_target(""),
        "xlf-xxe": xlf.replace("<xliff", '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/pas'
                                         'swd">]>\n<xliff', 1).encode(),
        "xlf-binary": bytes(range(256)) * 20,
        "xlf-deep": xlf_target("<mrk>" * 50_000 + "x" + "</mrk>" * 50_000),
        "xlf-wrong-lang": xlf.replace('trgLang="tr"', 'trgLang="ru"').encode(),
        "xlf-ph": xlf_target('<ph id="1"/>x'),
        "xlf-char-ref": xlf_target("a&#11;b"),
        "xlf-injection": xlf_target(INJECTION.replace("<", "&lt;").replace("&lt;cp", "<cp")
                                    .replace("\x1b", '<cp hex="1B"/>').replace("\x07",
                                                                               '<cp hex="7"/>')),
    }


def exchange_cases() -> list[Case]:
    cases = []
    for name, data in exchange_contents().items():
        po = name.startswith("po")
        file = "tr.po" if po else "tr.xlf"
        command = "import-po" if po else "import-xliff"
        cases.append(Case("exchange", f"{command} [{name}]", [command, file],
                          both(film, put(file, data)), PROJECT_WRITES))
    return cases


def state_contents() -> dict[str, bytes]:
    state = (ROOT / "subtitles" / "state" / "tr.tsv").read_text("utf-8")
    lines = state.splitlines(keepends=True)
    digits = "9" * 5000
    head = "".join(lines[:2])
    row = lines[2]
    big = "".join(f"00:{i // 60000:02d}:{(i // 1000) % 60:02d}.{i % 1000:03d}\t"
                  f"00:{i // 60000:02d}:{(i // 1000) % 60:02d}.{i % 1000:03d}\thuman\taccepted"
                  "\tx\n" for i in range(0, BIG))
    return {
        "state-huge-time": (head + row.replace("00:00:", f"{digits}:00:", 1)).encode(),
        "state-19-digits": (head + row.replace("00:00:", "9999999999999999999:00:", 1)).encode(),
        "state-binary": bytes(range(256)) * 10,
        "state-nul": state.replace("human", "hu\0man", 1).encode(),
        "state-bad-header": state.replace("start\tend", "begin\tend", 1).encode(),
        "state-columns": (head + "a\tb\n").encode(),
        "state-unicode-digits": (head + row.replace("00", "٠٠", 1)).encode(),
        "state-cr-only": state.replace("\n", "\r").encode(),
        "state-utf16": state.encode("utf-16"),
        "state-empty": b"",
        "state-big": (head + big).encode(),
        "state-injection": (head + row.rstrip("\n") + INJECTION + "\n").encode(),
    }


def state_cases() -> list[Case]:
    cases = []
    for name, data in state_contents().items():
        setup = both(film, put("subtitles/state/tr.tsv", data))
        for argv in (["check"], ["accept", "tr"], ["diff", "--stale", "--lang", "tr"],
                     ["export-po", "tr"], ["export-xliff", "tr"], ["build", "--check-only"],
                     ["import", "tr", "subtitles/tr.srt"],
                     ["translate", "--to", "tr", "--provider", "pseudo"]):
            cases.append(Case("state", f"{' '.join(argv)} [{name}]", argv, setup,
                              PROJECT_WRITES))
    return cases


def transcript_contents() -> dict[str, bytes]:
    good = (ROOT / "tests" / "data" / "transcript-de.txt").read_text("utf-8")
    digits = "9" * 5000
    return {
        "transcript-as-shipped": good.encode(),
        "transcript-huge-time": f"[{digits}:00:00] Text.\n".encode(),
        "transcript-huge-range": f"[00:00:01 --> {digits}:00:00] Text.\n".encode(),
        "transcript-19-digits": b"[9999999999999999999:00] Text.\n",
        "transcript-huge-millis": f"[00:00:01.{digits}] Text.\n".encode(),
        "transcript-binary": bytes(range(256)) * 10,
        "transcript-empty": b"",
        "transcript-no-times": b"Nur Text ohne Zeit.\n",
        "transcript-99": b"[99:99] Text.\n",
        "transcript-backwards": b"[00:00:10] A.\n[00:00:05] B.\n",
        "transcript-range-backwards": b"[00:00:10 --> 00:00:05] A.\n",
        "transcript-nested": b"[[00:00:01]] [x] Text.\n",
        "transcript-utf16": good.encode("utf-16"),
        "transcript-controls": b"[00:00:01] Hallo\x0bWelt\0\x1b[2J.\n",
        "transcript-big": "".join(f"[{i // 3600:02d}:{(i // 60) % 60:02d}:{i % 60:02d}] "
                                  f"Satz {i}.\n" for i in range(BIG // 4)).encode(),
        "transcript-long-word": ("[00:00:01 --> 00:00:05] " + "x" * 100_000 + "\n").encode(),
        "transcript-one-second-many-words": ("[00:00:01 --> 00:00:01.100] "
                                             + "Wort " * 50_000 + "\n").encode(),
    }


def transcript_cases() -> list[Case]:
    cases = []
    for name, data in transcript_contents().items():
        cases.append(Case("transcript", f"segment [{name}]",
                          ["segment", "t.txt", "--output", "out.srt"], put("t.txt", data),
                          ("out.srt",)))
        cases.append(Case("transcript", f"segment stdout [{name}]", ["segment", "t.txt"],
                          put("t.txt", data)))
    return cases


def _socket(target: Path) -> None:
    import socket  # noqa: PLC0415

    s = socket.socket(socket.AF_UNIX)
    s.bind(str(target))
    s.close()


def _loop(target: Path) -> None:
    os.symlink("p2.srt", target)
    os.symlink("p.srt", target.parent / "p2.srt")


# What stands at p.srt for each kind of odd path ("missing": nothing).
_MAKERS: dict[str, Callable[[Path], object]] = {
    "fifo": os.mkfifo,
    "dir": Path.mkdir,
    "loop": _loop,
    "dangling": lambda target: os.symlink("nowhere.srt", target),
    "link-to-dir": lambda target: os.symlink("subtitles", target),
    "devnull": lambda target: _node(target, 3),
    "devzero": lambda target: _node(target, 5),
    "devfull": lambda target: _node(target, 7),
    "devurandom": lambda target: _node(target, 9),
    "link-to-devnull": lambda target: os.symlink(_node(target.parent / "null", 3).name,
                                                 target),
    "socket": _socket,
    "link-to-master": lambda target: os.symlink("subtitles/de.srt", target),
}


def _special(kind: str) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        film(folder)
        maker = _MAKERS.get(kind)
        if maker is not None:
            maker(folder / "p.srt")
    return setup

def path_cases() -> list[Case]:
    kinds = ("fifo", "dir", "loop", "dangling", "link-to-dir", "devnull", "devzero",
             "devfull", "devurandom", "link-to-devnull", "socket", "missing")
    as_input = (["check", "p.srt"], ["fix", "p.srt"], ["fix", "--write", "p.srt"],
                ["convert", "p.srt", "out.srt"], ["diff", "p.srt", "subtitles/de.srt"],
                ["segment", "p.srt"], ["import", "tr", "p.srt"], ["import-po", "p.srt"],
                ["import-xliff", "p.srt"], ["check", "--glossary", "p.srt"],
                ["check", "--config", "p.srt"], ["check", "--master", "p.srt",
                                                 "subtitles/tr.srt"],
                ["glossary", "import", "p.srt", "--output", "new.csv"],
                ["glossary", "apply", "p.srt"], ["build", "--check-only", "--config", "p.srt"])
    as_output = (["check", "--output", "p.srt"], ["check", "--output", "p.srt", "--force"],
                 ["convert", "subtitles/de.srt", "p.srt"],
                 ["convert", "subtitles/de.srt", "p.srt", "--force"],
                 ["build", "--output", "p.srt"], ["preview", "--output", "p.srt"],
                 ["export-po", "tr", "--output", "p.srt", "--force"],
                 ["diff", "--stale", "--output", "p.srt", "--force"],
                 ["segment", "../" * 0 + "subtitles/de.srt", "--output", "p.srt", "--force"],
                 ["glossary", "export", "--output", "p.srt", "--force"])
    cases = []
    writes: tuple[str, ...]
    for kind in kinds:
        for argv in as_input:
            writes = ("new.csv", "out.srt", ".subtool-cache", ".subtool-cache/*")
            if kind == "link-to-dir" and argv[:2] == ["fix", "--write"]:
                # A folder: its files, and their translation state, re-keyed with them.
                writes += ("subtitles/*.srt", "subtitles/*.bak", "subtitles/state/*.tsv",
                           "subtitles/state/*.bak")
            cases.append(Case("path", f"{' '.join(argv)} [{kind}]", argv, _special(kind),
                              writes))
        for argv in as_output:
            # Writing through a link writes its target (a dangling one's too; one to a
            # folder puts build's files there, as asked).
            writes = ("p.srt", "p.srt/*", "p2.srt", "dist", "dist/*", "nowhere.srt",
                      "nowhere.srt/*", *BUILD_OUTPUTS)
            cases.append(Case("path", f"{' '.join(argv)} [{kind} as output]", argv,
                              _special(kind), writes))
    # Outputs over the command's own inputs and into folders that do not exist.
    outputs: tuple[tuple[list[str], tuple[str, ...]], ...] = (
                         (["check", "--output", "subtitles/de.srt"], ()),
                         (["check", "--output", "subtitles/de.srt", "--force"], ()),
                         (["diff", "subtitles/de.srt", "subtitles/tr.srt", "--output",
                           "subtitles/tr.srt", "--force"], ()),
                         (["convert", "subtitles/de.srt", "subtitles/de.srt", "--force"], ()),
                         (["convert", "subtitles/de.srt", "no/such/dir/x.srt"],
                          ("no", "no/*", "no/such", "no/such/*", "no/such/dir/*")),
                         (["build", "--output", "subtitles"], BUILD_OUTPUTS),
                         (["export-po", "tr", "--output", "glossary/terms.csv"], ()),
                         (["segment", "subtitles/de.srt", "--output", "subtitles/de.srt",
                           "--force"], ()))
    for argv, writes in outputs:
        cases.append(Case("path", " ".join(argv), argv, film, writes))
    # Names that are options, escapes or too long.
    for name in ("-x.srt", "--help.srt", "a\nb.srt", "\x1b[31mred.srt", "x" * 300 + ".srt"):
        def setup(folder: Path, name: str = name) -> None:
            film(folder)
            with contextlib.suppress(OSError):
                (folder / name).write_bytes(_master().encode())
        for argv in (["check", "--", name], ["fix", "--write", "--", name],
                     ["convert", "--", name, "out.vtt"]):
            cases.append(Case("path", f"{argv[0]} [{name[:20]!r}]", argv, setup,
                              (name, name + ".bak", "out.vtt")))
    return cases


def option_cases() -> list[Case]:
    cases = []
    for value in FRAME_RATES:
        for target in ("out.sub", "out.srt"):
            cases.append(Case("option", f"convert --frame-rate {value} -> {target}",
                              ["convert", "--frame-rate", value, "subtitles/de.srt", target],
                              film, (target,)))
    for rev in ("--output=x", "-p", "HEAD:../../etc/passwd", "$(id)", "", "x" * 5000,
                "HEAD@{-1}", "HEAD~99999999999999999999", "HEAD\nx", "main..HEAD", "@{u}"):
        def setup(folder: Path) -> None:
            film(folder)
            git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c",
                   "commit.gpgsign=false"]
            subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
            subprocess.run([*git, "add", "."], cwd=folder, check=True)
            subprocess.run([*git, "commit", "-qm", "x"], cwd=folder, check=True)
        cases.append(Case("option", f"diff --rev {rev[:20]!r}", ["diff", f"--rev={rev}"],
                          setup, ()))
    for cue in ("0", "-1", "99999999999999999999", "1" * 5000, "x"):
        cases.append(Case("option", f"accept --cue {cue[:20]}", ["accept", "tr", "--cue", cue],
                          film, PROJECT_WRITES))
    for lang in ("xx\x1b[31m", "../", "tr\0", "x" * 5000, "de", "TR", "tr-Latn-TR-x-" + "a" * 8):
        for argv in (["check", "--lang", lang, "subtitles/tr.srt"], ["import", lang, "x.srt"],
                     ["export-po", lang], ["build", "--check-only", "--lang", lang],
                     ["diff", "--stale", "--lang", lang],
                     ["translate", "--to", lang, "--provider", "pseudo"]):
            if "\0" in lang:
                continue  # the OS cannot pass NUL in an argument
            cases.append(Case("option", f"{argv[0]} lang {lang[:20]!r}", argv,
                              both(film, put("x.srt", _master().encode())), PROJECT_WRITES))
    for argv in (["check", "--profile", "x"], ["check", "--select", ",,,"],
                 ["check", "--select", "x" * 5000], ["check", "--format", "x"],
                 ["diff", "--format", "x", "a", "b"], ["translate", "--to", "tr", "--provider",
                                                       "evil"],
                 ["translate", "--to", "tr", "--url", "file:///etc/passwd"],
                 ["translate", "--to", "tr", "--force"],  # asks; stdin is empty: no
                 ["glossary", "export", "--format", "x"],
                 ["preview", "--video", "\"><script>alert(1)</script>"],
                 ["preview", "--video", "javascript:alert(1)"]):
        cases.append(Case("option", " ".join(argv)[:60], argv, film,
                          ("dist", "dist/*", *PROJECT_WRITES)))
    return cases


def all_cases(quick: bool) -> list[Case]:
    return (subtitle_cases(quick) + encoding_cases() + config_cases(quick) + glossary_cases()
            + exchange_cases() + state_cases() + transcript_cases() + path_cases()
            + option_cases())


# ------------------------------------------------------------------- kills mid-write


@dataclass
class KillResult:
    command: str
    trials: int = 0
    consistent: int = 0
    inconsistent: list[str] = field(default_factory=list)
    leftovers: int = 0
    recovery_failures: list[str] = field(default_factory=list)


def _pair(folder: Path, lang: str) -> tuple[bytes | None, bytes | None]:
    def read(p: Path) -> bytes | None:
        return p.read_bytes() if p.exists() else None
    return (read(folder / "subtitles" / f"{lang}.srt"),
            read(folder / "subtitles" / "state" / f"{lang}.tsv"))


def _kill_setups() -> list[tuple[str, list[str], Callable[[Path], None], str]]:
    edited = (ROOT / "subtitles" / "tr.srt").read_text("utf-8").replace("[Müzik]",
                                                                       "[Müzik çalıyor]", 1)
    po = _export("tr", "po").replace('msgstr "[Müzik]"', 'msgstr "[Müzik sesi]"', 1)
    xlf = _export("tr", "xliff").replace("<target>[Müzik]</target>",
                                         "<target>[Müzik sesi]</target>", 1)

    def untranslated(folder: Path) -> None:
        film(folder)
        (folder / "subtitles" / "tr.srt").unlink()
        (folder / "subtitles" / "state" / "tr.tsv").unlink()

    def master_edit(folder: Path) -> None:
        film(folder)
        m = folder / "subtitles" / "de.srt"
        m.write_text(m.read_text("utf-8").replace("Angefangen hat alles", "Begonnen hat alles"),
                     "utf-8")

    def house_style(folder: Path) -> None:
        film(folder)
        m = folder / "subtitles" / "de.srt"
        m.write_text(m.read_text("utf-8").replace("Senior:innen", "Senior*innen"), "utf-8")

    return [
        ("import", ["import", "tr", "delivered.srt"], both(film, put("delivered.srt",
                                                                     edited.encode())), "tr"),
        ("import-po", ["import-po", "tr.po"], both(film, put("tr.po", po.encode())), "tr"),
        ("import-xliff", ["import-xliff", "tr.xlf"], both(film, put("tr.xlf", xlf.encode())),
         "tr"),
        ("accept", ["accept", "tr"], master_edit, "tr"),
        ("translate", ["translate", "--to", "tr", "--provider", "pseudo"], untranslated, "tr"),
        ("fix --write", ["fix", "--write", "subtitles/de.srt"], film, "de"),
        ("glossary apply --write", ["glossary", "apply", "--write"], house_style, "de"),
    ]


def _which(now: bytes | None, old: bytes | None, new: bytes | None) -> str:
    return "old" if now == old else "new" if now == new else "neither old nor new"


def kill_sweep(base: Path, trials: int, env: dict[str, str], seed: int) -> list[KillResult]:
    rng = random.Random(seed)
    results = []
    for label, argv, setup, lang in _kill_setups():
        result = KillResult(label)
        reference = Path(tempfile.mkdtemp(dir=base))
        setup(reference)
        old = _pair(reference, lang)
        started = time.monotonic()
        subprocess.run(SUBTOOL + argv, cwd=reference, env=env, capture_output=True, check=False)
        full = time.monotonic() - started
        new = _pair(reference, lang)
        _remove(reference)
        for _ in range(trials):
            folder = Path(tempfile.mkdtemp(dir=base))
            try:
                setup(folder)
                proc = subprocess.Popen(SUBTOOL + argv, cwd=folder, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                # Most of a run is start-up and reading; bias towards its end, where it writes.
                time.sleep(full * (0.5 + 0.6 * rng.random()))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                # The next command (any command in the project: the master's check, since a
                # first translation may not exist yet) finishes or forgets the write.
                after = subprocess.run([*SUBTOOL, "check", "subtitles/de.srt"], cwd=folder,
                                       env=env, capture_output=True, text=True, check=False)
                if after.returncode not in (0, 1):
                    result.recovery_failures.append(after.stderr[-300:])
                now = _pair(folder, lang)
                result.trials += 1
                if now in (old, new):
                    result.consistent += 1
                else:
                    result.inconsistent.append(
                        f"track {_which(now[0], old[0], new[0])}, "
                        f"state {_which(now[1], old[1], new[1])}")
                result.leftovers += sum(1 for p in folder.rglob(".*.tmp"))
                result.leftovers += (folder / ".subtool-commit.json").exists()
            finally:
                _remove(folder)
        results.append(result)
    return results


# ------------------------------------------------------------------------- report


def _print_kills(kills: list[KillResult]) -> None:
    if not kills:
        return
    print("\nSIGKILL at random moments, then the next command:")
    for k in kills:
        print(f"  {k.command:<24} {k.trials:>3} kills, {k.consistent:>3} track+state "
              f"consistent, {len(k.inconsistent)} inconsistent, {k.leftovers} temporary "
              f"files left, {len(k.recovery_failures)} failed recoveries")
        for what in k.inconsistent[:3]:
            print(f"      {what}")
        for what in k.recovery_failures[:3]:
            print(f"      {what!r}")


def report(results: list[Result], kills: list[KillResult], seconds: float) -> dict[str, object]:
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        key = "hang" if r.code is None else str(r.code)
        by_category[r.category][key] += 1
    crashes = [r for r in results if r.code == 3 or r.traceback]
    hangs = [r for r in results if r.code is None]
    changed = [r for r in results if r.changed]
    unreadable = [r for r in results if r.unreadable]
    other = [r for r in results if r.code not in (0, 1, 2, 3, None)]
    print(f"\n{len(results)} runs in {seconds:.0f} s")
    print(f"{'category':<12} {'runs':>6} {'0':>6} {'1':>6} {'2':>6} {'3':>6} {'other':>6} "
          f"{'hang':>6}")
    total: Counter[str] = Counter()
    for category, counts in sorted(by_category.items()):
        total.update(counts)
        others = sum(v for k, v in counts.items() if k not in ("0", "1", "2", "3", "hang"))
        print(f"{category:<12} {sum(counts.values()):>6} {counts['0']:>6} {counts['1']:>6} "
              f"{counts['2']:>6} {counts['3']:>6} {others:>6} {counts['hang']:>6}")
    others = sum(v for k, v in total.items() if k not in ("0", "1", "2", "3", "hang"))
    print(f"{'all':<12} {sum(total.values()):>6} {total['0']:>6} {total['1']:>6} "
          f"{total['2']:>6} {total['3']:>6} {others:>6} {total['hang']:>6}")
    print(f"\nexit 3 / traceback: {len(crashes)}; hangs: {len(hangs)}; inputs changed: "
          f"{len(changed)}; unreadable outputs: {len(unreadable)}; other exit codes: "
          f"{len(other)}")
    causes: Counter[str] = Counter()
    for r in crashes:
        line = next((x for x in r.stderr.splitlines() if "internal error" in x), r.stderr[-120:])
        causes[line.strip()[:150]] += 1
    slowest = sorted((r for r in results if r.code is not None), key=lambda r: -r.seconds)[:8]
    print("slowest runs: " + "; ".join(f"{r.label} {r.seconds:.1f} s" for r in slowest))
    for cause, n in causes.most_common():
        print(f"  {n:4d}× {cause}")
    for r in crashes[:40]:
        print(f"  crash: {r.label}")
    for r in hangs:
        print(f"  hang: {r.label}")
    for r in changed:
        print(f"  changed: {r.label}: {', '.join(r.changed[:5])}")
    for r in unreadable:
        print(f"  unreadable: {r.label}: {'; '.join(r.unreadable[:3])}")
    for r in other:
        print(f"  exit {r.code}: {r.label}: {r.stderr[-200:]!r}")
    _print_kills(kills)
    bad = (len(crashes) + len(hangs) + len(changed) + len(unreadable) + len(other)
           + sum(len(k.inconsistent) + k.leftovers + len(k.recovery_failures) for k in kills))
    return {
        "runs": len(results), "seconds": round(seconds), "bad": bad,
        "by_category": {k: dict(v) for k, v in by_category.items()},
        "crashes": [{"label": r.label, "argv": r.argv, "stderr": r.stderr} for r in crashes],
        "hangs": [r.label for r in hangs],
        "changed": {r.label: r.changed for r in changed},
        "unreadable": {r.label: r.unreadable for r in unreadable},
        "kills": [k.__dict__ for k in kills],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer content × extension pairs")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds before a run counts as hung")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs per writing command")
    parser.add_argument("--only", default="", help="only categories (comma-separated)")
    parser.add_argument("--match", default="", help="only cases whose label contains this")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUBTOOL_")}
    env.update(NO_COLOR="1", COLUMNS="200", LANG="C.UTF-8", PYTHONPATH=str(ROOT))
    env.pop("DEEPL_AUTH_KEY", None)
    env.pop("LIBRETRANSLATE_API_KEY", None)
    with tempfile.TemporaryDirectory(prefix="subtool-sweep-") as tmp:
        base = Path(tmp)
        env["HOME"] = str(base)
        cases = all_cases(args.quick)
        if args.only:
            cases = [c for c in cases if c.category in args.only.split(",")]
        if args.match:
            cases = [c for c in cases if args.match in c.label]
        print(f"{len(cases)} cases, {args.jobs} at a time, timeout {args.timeout:g} s")
        started = time.monotonic()
        results: list[Result] = []
        with ThreadPoolExecutor(args.jobs) as pool:
            for n, result in enumerate(pool.map(
                    lambda c: run_case(c, base, args.timeout, env), cases), 1):
                results.append(result)
                if n % 100 == 0:
                    print(f"  {n}/{len(cases)} ({time.monotonic() - started:.0f} s)",
                          flush=True)
        kills = [] if args.kills == 0 or args.only or args.match else \
            kill_sweep(base, args.kills, env, args.seed)
        summary = report(results, kills, time.monotonic() - started)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False), "utf-8")
    return 1 if summary["bad"] else 0


if __name__ == "__main__":
    sys.exit(main())
