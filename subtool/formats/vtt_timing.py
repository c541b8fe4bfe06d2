"""WebVTT timing lines as browsers read them: the W3C algorithms "collect WebVTT cue
timings and settings" and "collect a WebVTT timestamp", as Chromium implements them.

``collect_timing`` returns the times, the raw settings and the ways the line departs from
the authoring rules (for the ``syntax`` rule), or the reason browsers drop the cue.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from subtool.core.timecode import MAX_DIGITS

_SPACE = " \t\x0c"
# Chromium keeps times as microseconds in a signed 64-bit integer; later ones never show.
_MAX_MICROSECONDS = 2**63 - 1


class Timing(NamedTuple):
    """A timing line as browsers read it; ``notes`` say how it breaks the authoring rules."""

    start: int
    end: int
    settings: str
    notes: tuple[str, ...]


# -- collect WebVTT cue timings and settings / collect a WebVTT timestamp -------------------

def collect_timing(line: str) -> Timing | str:
    """Read a timing line as browsers do: the times and settings, with the ways it departs
    from the authoring rules; or, when browsers drop the cue, the reason in plain English."""
    notes: list[str] = []
    pos = _skip(line, 0)
    if pos:
        notes.append("it is indented")
    first = _timestamp(line, pos, "start")
    if isinstance(first, str):
        return first
    start, pos, one_digit = first
    gap = _skip(line, pos)
    if not line.startswith("-->", gap):
        return _no_arrow(line, gap)
    _spacing(line, pos, gap, "before", notes)
    pos = _skip(line, gap + 3)
    _spacing(line, gap + 3, pos, "after", notes)
    second = _timestamp(line, pos, "end")
    if isinstance(second, str):
        return second
    end, pos, one_digit_end = second
    if one_digit or one_digit_end:
        notes.append("an hour has one digit")
    rest = line[pos:]
    if rest and rest[0] not in _SPACE:
        notes.append("the cue settings touch the end time")
    if start is None or end is None:
        return "the time is larger than browsers can handle, so they never show the cue"
    return Timing(start, end, rest.strip(_SPACE), tuple(notes))


_SKIP = re.compile(r"[ \t\x0c]*")
_DIGITS = re.compile(r"[0-9]*")


def _run(pattern: re.Pattern[str], line: str, pos: int) -> int:
    """Where the run of ``pattern`` (which matches the empty string) from ``pos`` ends."""
    m = pattern.match(line, pos)
    return m.end() if m else pos


def _skip(line: str, pos: int) -> int:
    return _run(_SKIP, line, pos)


def _spacing(line: str, a: int, b: int, side: str, notes: list[str]) -> None:
    if a == b:
        notes.append(f"no space {side} '-->'")
    elif "\x0c" in line[a:b]:
        notes.append(f"a form feed {side} '-->' where a space belongs")


def _no_arrow(line: str, pos: int) -> str:
    rest = line[pos:]
    if rest.startswith(("->", "—>", "–>", "==>", "- ->", "-- >")):
        return f"the arrow must be written '-->', not {rest.split()[0]!r}"
    if "-->" in rest:
        return f"something stands between the start time and '-->': {rest[:rest.index('-->')]!r}"
    return "there is no '-->' after the start time"


def _timestamp(line: str, pos: int, which: str) -> tuple[int | None, int, bool] | str:
    """Collect a WebVTT timestamp at ``pos``: (milliseconds, or None when browsers make it
    infinite; the position after it; whether its hours have one digit), or an error."""
    end1 = _run(_DIGITS, line, pos)
    if end1 == pos:
        return f"the {which} time is missing or does not start with a digit"
    if end1 - pos > MAX_DIGITS:
        return _bad_time(line, pos, which, f"has {end1 - pos} digits before ':': not a time")
    value1 = int(line[pos:end1])
    hours = end1 - pos != 2 or value1 > 59
    one_digit = end1 - pos == 1
    if not line.startswith(":", end1):
        return _bad_time(line, pos, which, "has no ':' between minutes and seconds")
    end2 = _run(_DIGITS, line, end1 + 1)
    if end2 - end1 - 1 != 2:
        return _bad_time(line, pos, which, "needs two digits after ':'")
    value2 = int(line[end1 + 1:end2])
    at = end2
    if hours or line.startswith(":", at):
        if not line.startswith(":", at):
            return _bad_time(line, pos, which, "has no seconds: minutes have two digits up "
                             "to 59, anything else is read as hours and needs ':' and "
                             "seconds after it")
        end3 = _run(_DIGITS, line, at + 1)
        if end3 - at - 1 != 2:
            return _bad_time(line, pos, which, "needs two-digit seconds")
        value3 = int(line[at + 1:end3])
        at = end3
    else:
        value1, value2, value3, one_digit = 0, value1, value2, False
    if not line.startswith(".", at):
        return _bad_time(line, pos, which, "needs a full stop before the milliseconds, not a "
                         "comma" if line.startswith(",", at) else "has no milliseconds "
                         "(like .000)")
    end4 = _run(_DIGITS, line, at + 1)
    if end4 - at - 1 != 3:
        return _bad_time(line, pos, which, "needs exactly three digits of milliseconds")
    if value2 > 59 or value3 > 59:
        return _bad_time(line, pos, which, "has minutes or seconds over 59")
    ms = value1 * 3_600_000 + value2 * 60_000 + value3 * 1000 + int(line[at + 1:end4])
    return (ms if ms * 1000 < _MAX_MICROSECONDS else None), end4, one_digit


def _bad_time(line: str, pos: int, which: str, why: str) -> str:
    """The reason a timestamp fails, naming it as written (up to whitespace or an arrow)."""
    end = pos
    while end < len(line) and line[end] not in _SPACE and not line.startswith("-->", end) \
            and end - pos < 20:
        end += 1
    return f"the {which} time {line[pos:end]!r} {why}"


# -- writing --------------------------------------------------------------------------------
