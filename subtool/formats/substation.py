"""ASS and SSA files checked line by line before pysubs2 reads them.

pysubs2 converts the times and keeps the text, but it reads leniently what players do not:
it reads any file as ASS (no ``[Script Info]``, which ffmpeg's probe and libass expect),
skips a misspelt event line (``Dialogeu:``) without a word, reads ``0:00:01.0x`` as 1.000 s,
invents an end of 0:00:10 for a Dialogue line that has none, and ignores the ``Format:``
line of ``[Events]``, taking the fields in its own fixed order (another order lost the text).
This scan reads the ``[Events]`` section as the Format line orders it, reports each such
line as a ``parse-error`` with its number, and hands pysubs2 only the event lines it can
read right, in its own order, each with the number of the file line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from subtool.core.model import Diagnostic
from subtool.formats.lines import normalise_newlines

# pysubs2's order (pysubs2.formats.substation.EVENT_FIELDS["ass"]).
FIELDS = ("layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect",
          "text")
_DEFAULTS = {"layer": "0", "style": "Default", "marginl": "0", "marginr": "0", "marginv": "0"}
_NUMBERS = ("layer", "marginl", "marginr", "marginv")
# pysubs2.time.TIMESTAMP and TIMESTAMP_SHORT, matched whole: what pysubs2 converts right.
_TIME_RE = re.compile(r"\s*-?(?:\d{1,2}:\d{1,2}:\d{1,2}[.,]\d{1,3}|\d{1,2}:\d{2}:\d{2})\s*")
_SECTION_RE = re.compile(r"^\[[^\]]*\]$")
# Event lines of the ASS specification that hold no subtitle text: skipped, as libass does.
_OTHER_EVENTS = frozenset({"picture", "sound", "movie", "command"})


@dataclass(frozen=True)
class Scanned:
    """What pysubs2 should read: ``text`` (canonical event lines), ``lines`` (the file line
    of each event in it, in order) and the problems found."""

    text: str
    lines: tuple[int, ...]
    problems: tuple[Diagnostic, ...]


def scan(text: str, fmt: str) -> Scanned:
    """Check ``text`` as an ASS/SSA file and give pysubs2 the events it can read right."""
    lines = normalise_newlines(text.lstrip("\ufeff")).split("\n")
    first = next((n for n, line in enumerate(lines, 1) if line.strip()), None)
    name = fmt.upper()
    if first is None:
        return _refused(1, f"the file is empty: an {name} file starts with [Script Info]")
    if lines[first - 1].strip().lower() != "[script info]":
        return _refused(first, f"this is not an {name} file: it starts with "
                               f"{_short(lines[first - 1])}, not [Script Info]")
    reader = _Events()
    section = ""
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if _SECTION_RE.match(line):
            section = line.lower()
        elif section == "[events]":
            reader.read(number, line)
        elif re.match(r"(?i)(dialogue|comment)\s*:", line):
            reader.problem(number, "an event line outside the [Events] section "
                                   f"({section or 'no section'}): players do not show it")
    if not reader.seen_events_section(lines):
        reader.problem(None, "the file has no [Events] section, so no subtitles")
    return Scanned("[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
                   + "".join(reader.out), tuple(reader.numbers), tuple(reader.problems))


def _refused(line: int, message: str) -> Scanned:
    return Scanned("", (), (Diagnostic("parse-error", line, message),))


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "…")


class _Events:
    """The [Events] section, line by line."""

    def __init__(self) -> None:
        self.fields: tuple[str, ...] = FIELDS
        self.out: list[str] = []
        self.numbers: list[int] = []
        self.problems: list[Diagnostic] = []

    def problem(self, line: int | None, message: str, rule: str = "parse-error") -> None:
        self.problems.append(Diagnostic(rule, line, message))

    @staticmethod
    def seen_events_section(lines: list[str]) -> bool:
        return any(line.strip().lower() == "[events]" for line in lines)

    def read(self, number: int, line: str) -> None:
        if not line or line.startswith(";"):
            return
        kind, colon, rest = line.partition(":")
        kind = kind.strip().lower()
        if not colon or kind not in {"format", "dialogue", "comment", *_OTHER_EVENTS}:
            self.problem(number, f"{_short(line)} is not an event line (Format:, Dialogue:, "
                                 "Comment:): players skip it; the line is not read")
        elif kind == "format":
            self.format(number, rest)
        elif kind in ("dialogue", "comment"):
            self.event(number, kind.capitalize(), rest)

    def format(self, number: int, rest: str) -> None:
        names = tuple(n.strip().lower() for n in rest.split(","))
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            self.problem(number, "the Format line names " + ", ".join(twice)
                         + " more than once: which column is meant cannot be told")
        missing = [n for n in ("start", "end", "text") if n not in names]
        if missing:
            self.problem(number, "the Format line has no " + ", ".join(missing)
                         + " field: its events cannot be read")
        elif names[-1] != "text":
            self.problem(number, "the Format line does not end with Text: players take the "
                                 "last field as the text, which may hold commas")
        self.fields = names

    def event(self, number: int, kind: str, rest: str) -> None:
        if not all(n in self.fields for n in ("start", "end", "text")):
            self.problem(number, "this event cannot be read: the Format line above names no "
                                 "start, end or text field; the cue is skipped")
            return
        values = rest.lstrip().split(",", len(self.fields) - 1)
        if len(values) < len(self.fields):
            self.problem(number, f"this {kind} line has {len(values)} fields where the Format "
                                 f"line names {len(self.fields)} ({', '.join(self.fields)}): "
                                 "the cue is skipped")
            return
        got = dict(zip(self.fields, values, strict=True))
        for field in ("start", "end"):
            if not _TIME_RE.fullmatch(got[field]):
                self.problem(number, f"the {field} time {_short(got[field])} is not a time like "
                                     "0:00:01.00: the cue is skipped")
                return
        for field in _NUMBERS:
            if field in got and not got[field].strip().lstrip("-").isdigit():
                self.problem(number, f"the {field} {_short(got[field])} is not a whole number: "
                                     "players use 0", rule="syntax")
                got[field] = "0"
        canonical = [got.get(f, _DEFAULTS.get(f, "")).strip() if f != "text" else got[f]
                     for f in FIELDS]
        self.out.append(f"{kind}: " + ",".join(canonical) + "\n")
        self.numbers.append(number)
