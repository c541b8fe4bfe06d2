"""Immutable values that every layer shares: cues, tracks, problems.

Edits make new values (``_replace``); a diff of before and after is then trivial.
Source locations (``line``) are metadata and do not take part in equality, so a parsed track
equals the track it was composed from.

Every value here is a named tuple, not a frozen dataclass: as immutable, made faster (a
cue: no ``object.__setattr__`` per field), and the class itself made in a fraction of the
time at each start (a frozen dataclass's generated methods are compiled every time:
importing this module took 22 million instructions, now 7). Equality and hash are written
out where a field is metadata (``_same``): only the fields before it count.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from itertools import repeat
from typing import Any, NamedTuple


class Severity(StrEnum):
    """How much a problem matters; ``error`` blocks publishing."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Order for sorting and thresholds: info < warning < error."""
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


# The kinds of track a project holds: subtitles, read on screen, and audio descriptions,
# spoken in the film's pauses. Each kind has its own rule set (subtool.rules.applies).
SUBTITLES = "subtitles"
DESCRIPTIONS = "descriptions"


def _same(first: tuple[Any, ...], second: object, fields: int) -> bool:
    """Whether two values of the same class agree in their first ``fields`` fields (the rest
    is metadata, such as where a cue was read)."""
    return type(second) is type(first) and first[:fields] == second[:fields]


class Cue(NamedTuple):
    """One subtitle: times in integer milliseconds and the payload text.

    ``text`` holds the lines joined by ``\\n``. Markup tags (``<i>``) are kept as written;
    WebVTT character references are decoded on reading and encoded again on writing, so the
    text is the same whatever format it came from.
    """

    start: int
    end: int
    text: str
    identifier: str = ""
    settings: str = ""
    line: int = 0  # where it was read (not compared)

    def __eq__(self, other: object) -> bool:
        return _same(self, other, 5)

    def __ne__(self, other: object) -> bool:
        return not _same(self, other, 5)

    def __hash__(self) -> int:
        return hash(self[:5])

    # ``_replace`` looks the fields up on every call; a fix that changes 100,000 cues makes
    # them so.
    def with_text(self, text: str) -> Cue:
        """The cue with ``text`` instead of its own."""
        return Cue(self.start, self.end, text, self.identifier, self.settings, self.line)

    def with_end(self, end: int) -> Cue:
        """The cue ending at ``end`` instead."""
        return Cue(self.start, end, self.text, self.identifier, self.settings, self.line)

    @property
    def lines(self) -> list[str]:
        """The text lines of the cue."""
        return self.text.split("\n")

    @property
    def duration(self) -> int:
        """Display time in milliseconds (negative for a cue that ends before it starts)."""
        return self.end - self.start


class Block(NamedTuple):
    """A WebVTT block that is not a cue (NOTE, STYLE, REGION), kept for round trips.

    ``before`` is the index of the cue it precedes (``len(cues)`` for the end of the file).
    """

    kind: str
    text: str
    before: int
    line: int = 0  # where it was read (not compared)

    def __eq__(self, other: object) -> bool:
        return _same(self, other, 3)

    def __ne__(self, other: object) -> bool:
        return not _same(self, other, 3)

    def __hash__(self) -> int:
        return hash(self[:3])


class Diagnostic(NamedTuple):
    """Something the reader noticed while reading (rule ``parse-error``, ``syntax`` or
    ``encoding``).

    ``severity`` is set when the reader knows how much the finding matters (a file converted
    from a legacy code page is an error, a UTF-8 byte order mark only a warning); ``None``
    leaves it to the rule's default.
    """

    rule: str
    line: int | None
    message: str
    cue: int | None = None
    severity: Severity | None = None


class Track(NamedTuple):
    """A subtitle file's content: cues in file order plus what is needed to write it again."""

    cues: tuple[Cue, ...]
    format: str = "srt"
    header: str = ""
    blocks: tuple[Block, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()  # what the reader noticed (not compared)

    def __eq__(self, other: object) -> bool:
        return _same(self, other, 4)

    def __ne__(self, other: object) -> bool:
        return not _same(self, other, 4)

    def __hash__(self) -> int:
        return hash(self[:4])


class Problem(NamedTuple):
    """A finding of a rule, located in a file: the unit of every report.

    ``cue`` is the 1-based position of the cue in the file and ``line`` the 1-based line.
    A named tuple, not a frozen dataclass: as immutable, and made in half the time (0.29
    against 0.60 µs; a large file has hundreds of thousands of problems).
    """

    path: str
    rule: str
    severity: Severity
    cue: int | None
    line: int | None
    message: str

    def as_dict(self) -> dict[str, object]:
        """The problem as the JSON object documented in the README."""
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity.value,
            "cue": self.cue,
            "line": self.line,
            "message": self.message,
        }


# Problems sent to another process go as columns (every path, every rule id, …): pickled
# and read back in a tenth of the time as many named tuples (290,000 problems: 1.3 s).
ProblemColumns = list[tuple[Any, ...]]


def problem_columns(problems: Sequence[Problem]) -> ProblemColumns:
    """``problems`` as one tuple per field (``problems_from_columns`` reverses it)."""
    return list(zip(*problems, strict=True))


def problems_from_columns(columns: ProblemColumns) -> tuple[Problem, ...]:
    """The problems ``problem_columns`` made columns of."""
    if not columns:
        return ()
    # tuple.__new__ on each row (C): the named tuple's own __new__ is Python and 3x slower.
    return tuple(map(tuple.__new__, repeat(Problem), zip(*columns, strict=True)))
