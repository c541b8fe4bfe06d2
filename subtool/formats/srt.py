"""SubRip (SRT): a located reader that reads what ffmpeg reads, and a strict writer.

SRT has no specification; the reference is what consumes it. ffmpeg's SRT demuxer
(libavformat/srtdec.c) reads a timing line with ``sscanf("%d:%d:%d%*1[,.]%d --> …")``:
any number of digits per field, ``,`` or ``.`` before the milliseconds, any spaces around
the arrow (none too), text running until the next timing line with blank lines skipped,
and a number line before the timing line optional. This reader takes the same cues:

- forms ffmpeg reads but that are not canonical SRT (``00:00:01.000``, ``0:00:01,000``,
  ``-->`` without spaces, an indented timing line, a blank line between number and timing
  line, a missing blank line between cues, a line that is not a number before the timing
  line) are read and reported as ``syntax`` problems, located and counted per kind; the
  writer writes the canonical form, so ``subtool fix --write`` repairs them (a cue without
  a number is read too; the ``numbering`` rule reports it);
- text after a blank line that starts no cue is, for ffmpeg and Subtitle Edit, more text of
  the cue before: it is read so, and reported as a ``syntax`` error (a blank line ends a cue
  in SRT, so the author may have meant something else);
- a time without milliseconds (``00:00:05``) is not a timing line for ffmpeg (it shows the
  line as text of the cue before); its meaning is certain, so it is read as whole seconds
  and reported as a ``syntax`` error;
- what is ambiguous stays a ``parse-error`` and the cue is not read: one, two or four
  digits of milliseconds (``,50`` is 50 ms to ffmpeg, 500 ms to others, frame 50 to
  Subtitle Edit), minutes or seconds above 59, a single-arrow or missing arrow, missing
  hours, text before the first cue.

Why not the ``srt`` library: it merges a junk block into the previous cue silently, reads
``00:01,000`` as one minute and reports no line numbers. Well-formed cues are read with one
regular expression each (the fast path); everything else goes line by line. The writer
produces numbers 1..n, ``HH:MM:SS,mmm`` times, LF line ends and a final newline; empty cues
survive (the ``srt`` library drops them; so does ffmpeg).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from subtool.core.model import Cue, Diagnostic, Severity, Track
from subtool.core.patterns import lazy
from subtool.core.text import excerpt, strip_markup
from subtool.core.timecode import MAX_DIGITS, format_srt, to_ms
from subtool.formats.lines import normalise_newlines

# Canonical SRT time; ASCII digits only (ffmpeg's %d reads no other digits).
# Hours of more than MAX_DIGITS digits go to the line-by-line reader, which reports them.
_TIME = r"([0-9]{2,9}):([0-5][0-9]):([0-5][0-9]),([0-9]{3})"
TIMING_RE = lazy(rf"^{_TIME} +--> +{_TIME}(?:[ \t]+(.*?))?[ \t]*$")
# The shape of a timing line as ffmpeg's sscanf sees it (validated by ``read_timing``).
_SHAPE = lazy(
    r"^([ \t]*)([0-9]+):([0-9]+):([0-9]+)(?:([,.])([0-9]+))?([ \t]*)-->([ \t]*)"
    r"([0-9]+):([0-9]+):([0-9]+)(?:([,.])([0-9]+))?(?:[ \t]+(.*?))?[ \t]*$")
# Something a person meant as a timing line (to tell a broken timing line from text).
_TIMING_LIKE = lazy(r"-{1,2}>|—>|–>|→|\d+:\d+[:,.]\d+")
_NUMBER_RE = lazy(r"^[ \t]*[0-9]+[ \t]*$")
EXAMPLE = "00:01:02,500 --> 00:01:04,000"


def explain_timing(line: str, example: str) -> str:
    """A person-readable reason why ``line`` is not a valid timing line."""
    if "-->" not in line:
        if re.search(r"-{1,2}>|—>|–>|→", line) or "->" in line:
            return f"the arrow must be '-->' (two hyphens and '>'), as in {example}"
        return f"no '-->' between start and end; write it as {example}"
    for part in line.split("-->")[:2]:
        if not part.strip():
            return f"a time is missing; write it as {example}"
    return f"the times must look like {example} (two-digit hours, minutes and seconds, " \
        "three-digit milliseconds)"


class Timing(NamedTuple):
    """A timing line as read: times in ms, settings, and the non-canonical forms it uses
    (``error`` is set instead when the line cannot be read without guessing)."""

    start: int
    end: int
    settings: str = ""
    deviations: tuple[str, ...] = ()
    error: str = ""


def _time(h: str, m: str, s: str, sep: str | None, ms: str | None,
          found: set[str]) -> int | str:
    """Milliseconds of one time, or the reason it cannot be read; adds its deviations."""
    if len(h) > MAX_DIGITS:
        return f"the hours have {len(h)} digits: that is not a time"
    if len(m) > 2 or len(s) > 2 or int(m) > 59 or int(s) > 59:
        return f"minutes and seconds run from 00 to 59 ({h}:{m}:{s})"
    if ms is None:
        found.add("no-ms")
        ms = "000"
    elif len(ms) > MAX_DIGITS:
        return f"the milliseconds have {len(ms)} digits: that is not a time"
    elif len(ms) != 3:
        longer = ms.ljust(3, "0")[:3]
        return (f"the milliseconds '{sep}{ms}' are ambiguous (ffmpeg reads {int(ms)} ms, "
                f"other players {int(longer)} ms, Subtitle Edit sometimes frames): write "
                "the intended time with three digits, as in " + EXAMPLE)
    if sep == ".":
        found.add("dot")
    if len(h) < 2 or len(m) < 2 or len(s) < 2:
        found.add("short")
    value = to_ms(h, m, s, ms)
    assert value is not None  # every field was checked above
    return value


def read_timing(line: str) -> Timing | None:
    """Read a timing line as ffmpeg does; None when the line does not have its shape."""
    m = _SHAPE.match(line)
    if m is None:
        return None
    g = m.groups()
    found: set[str] = set()
    start = _time(g[1], g[2], g[3], g[4], g[5], found)
    end = _time(g[8], g[9], g[10], g[11], g[12], found)
    for value in (start, end):
        if isinstance(value, str):
            return Timing(0, 0, error=value)
    assert isinstance(start, int) and isinstance(end, int)
    if g[0]:
        found.add("indent")
    if not g[6] or not g[7] or "\t" in g[6] + g[7]:
        found.add("arrow")
    return Timing(start, end, g[13] or "", tuple(sorted(found)))


# One well-formed cue block: number, timing line, text lines up to a blank line or the end.
_CUE_RE = re.compile(
    rf"(?:[^\S\n]*\n)*[ \t]*([0-9]+)[ \t]*\n{_TIME} +--> +{_TIME}"
    r"(?:[ \t]+([^\n]*?))?[ \t]*(?:\n|\Z)"
    r"((?:[^\S\n]*\S[^\n]*(?:\n|\Z))*)")
_BLANKS = re.compile(r"(?:[^\S\n]*\n)+")
_BLOCK_END = re.compile(r"\n[^\S\n]*(?:\n|\Z)")

# Non-canonical forms that ffmpeg reads: (severity, what, what it does to players).
_DEVIATIONS = {
    "no-ms": (Severity.ERROR,
              "times without milliseconds (00:00:05 instead of 00:00:05,000)",
              "ffmpeg and most players do not take such a line for a timing line and show it "
              "as text of the cue before, so the cue is missing for them; subtool reads whole "
              "seconds"),
    "dot": (Severity.WARNING, "'.' before the milliseconds instead of SRT's ',' "
            "(00:00:01,000)", "ffmpeg reads it, other programs may not"),
    "short": (Severity.WARNING, "one-digit hours, minutes or seconds (SRT writes two: "
              "00:00:01,000)", "ffmpeg reads them, other programs may not"),
    "arrow": (Severity.WARNING, "'-->' without one space on each side",
              "ffmpeg does not recognise a file as SRT when its first timing line is so"),
    "indent": (Severity.WARNING, "a timing line indented with spaces",
               "ffmpeg does not recognise a file as SRT when its first timing line is so"),
    "bad-number": (Severity.ERROR, "a line that is not a cue number before the first timing "
                   "line", "ffmpeg and other players do not show it, and subtool leaves it out "
                   "when it writes the file"),
    "number-blank": (Severity.WARNING, "a blank line between a cue number and its timing line",
                     "ffmpeg reads it, other programs may not"),
}


def _where(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"line {shown}" if len(lines) == 1 else f"lines {shown}{more}"


class _Reader:
    """State of one parse: the cues so far, what was found, and whether text after a blank
    line would continue the last cue (it was read, and nothing unreadable came since)."""

    def __init__(self) -> None:
        self.cues: list[Cue] = []
        self.diags: list[Diagnostic] = []
        self.found: dict[str, list[int]] = {}
        self.open = False

    def note(self, kinds: tuple[str, ...] | list[str], line: int) -> None:
        for kind in kinds:
            self.found.setdefault(kind, []).append(line)

    def add_cue(self, number: str, timing_line: str, text: list[str], line: int) -> None:
        """A cue from its number line, timing line and text lines (timing on ``line``)."""
        timing = read_timing(timing_line)
        if timing is None or timing.error:
            reason = timing.error if timing else explain_timing(timing_line, EXAMPLE)
            self.diags.append(Diagnostic(
                "parse-error", line, f"timing line {excerpt(timing_line.strip())!r} cannot be "
                f"read: {reason}; the cue is skipped until it is fixed"))
            self.open = False
            return
        self.note(timing.deviations, line)
        # A missing number is the numbering rule's (ffmpeg reads such a cue, though its
        # probe does not recognise a file whose first cue has none).
        if number and not _NUMBER_RE.match(number):
            if self.open:
                # ffmpeg shows such a line as text of the cue before (after the blank line
                # that ended it): read so, it is kept when the file is written.
                self.orphan([number], line - 1)
                number = ""
            else:
                self.note(["bad-number"], line)
        self.cues.append(Cue(timing.start, timing.end, "\n".join(text),
                             identifier=number.strip(), settings=timing.settings, line=line))
        self.open = True

    def orphan(self, lines: list[str], first: int) -> None:
        """Lines ``first``… that start no cue: more text of the open cue, else unreadable."""
        a, b = first, first + len(lines) - 1
        if self.open:
            cue = self.cues[-1]
            text = "\n".join(lines) if not cue.text else cue.text + "\n" + "\n".join(lines)
            self.cues[-1] = cue._replace(text=text)
            span = f"lines {a}–{b}" if b > a else f"line {a}"
            self.diags.append(Diagnostic(
                "syntax", a, f"a blank line comes before {span} inside the text of cue "
                f"{len(self.cues)}: ffmpeg and Subtitle Edit show {span} as part of that cue, "
                "but a blank line ends a cue in SRT: remove the blank line, or the lines if "
                "they do not belong to the cue", cue=len(self.cues), severity=Severity.ERROR))
            return
        self.diags.append(Diagnostic(
            "parse-error", a,
            f"lines {a}–{b} have no timing line, so they belong to no cue: add the cue "
            "number and timing line, or a blank line is missing/extra here" if b > a else
            f"line {a} has no timing line, so it belongs to no cue: add the cue number "
            "and timing line, or remove it"))

    def finish(self) -> Track:
        for kind, (severity, what, effect) in _DEVIATIONS.items():
            lines = self.found.get(kind)
            if lines:
                self.diags.append(Diagnostic(
                    "syntax", lines[0], f"{what} on {_where(lines)}: {effect}; 'subtool fix' "
                    "writes the standard form", severity=severity))
        return Track(tuple(self.cues), "srt", diagnostics=tuple(self.diags))


def parse(text: str) -> Track:
    """Parse SRT text into a track; problems become diagnostics, never exceptions.

    Well-formed blocks are read with one regular expression each; anything else (a
    non-canonical or broken timing line, stray text, a missing blank line) goes through
    the line-by-line reader, which explains what is wrong and where.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    reader = _Reader()
    cues = reader.cues
    size = len(text)
    pos = 0
    counted, line = 0, 1  # ``line`` is the line number of position ``counted``
    cue_match, count, add = _CUE_RE.match, text.count, cues.append
    hours, minutes, seconds, millis = _clock() if size > _CLOCK_FROM else _NO_CLOCK
    while pos < size:
        m = cue_match(text, pos)
        if m is not None:
            g = m.groups()
            body = g[10]
            if "-->" not in body:
                timing = m.start(2)
                line += count("\n", counted, timing)
                counted = timing
                try:
                    start = hours[g[1]] + minutes[g[2]] + seconds[g[3]] + millis[g[4]]
                    end = hours[g[5]] + minutes[g[6]] + seconds[g[7]] + millis[g[8]]
                except KeyError:  # hours of more than two digits, or a short file
                    start = int(g[1]) * 3_600_000 + int(g[2]) * 60_000 + int(g[3]) * 1000 \
                        + int(g[4])
                    end = int(g[5]) * 3_600_000 + int(g[6]) * 60_000 + int(g[7]) * 1000 \
                        + int(g[8])
                # Positional arguments: a million cues are read noticeably faster so.
                add(Cue(start, end, body[:-1] if body[-1:] == "\n" else body, g[0],
                        g[9] or "", line))
                reader.open = True
                pos = m.end()
                continue
        blank = _BLANKS.match(text, pos)
        if blank:
            pos = blank.end()
        if not text[pos:].strip():
            break  # only spaces after the last line break
        stop = _block_stop(text, pos)
        block = text[pos:stop].rstrip("\n").split("\n")
        if len(block) == 1 and _NUMBER_RE.match(block[0]):
            stop = _join_number(text, stop, block, reader, line + count("\n", counted, pos))
        line += count("\n", counted, pos)
        counted = pos
        _parse_block(block, reader, line - 1)
        pos = stop
    return reader.finish()


# Above this many characters (about 500 cues) the fields of the canonical times are looked
# up instead of converted with int(): three times faster, for 0.3 ms to build the tables.
_CLOCK_FROM = 50_000
_Table = dict[str, int]
_NO_CLOCK: tuple[_Table, _Table, _Table, _Table] = ({}, {}, {}, {})


@cache
def _clock() -> tuple[_Table, _Table, _Table, _Table]:
    """Milliseconds of two-digit hours, minutes and seconds and three-digit milliseconds."""
    return ({f"{n:02d}": n * 3_600_000 for n in range(100)},
            {f"{n:02d}": n * 60_000 for n in range(60)},
            {f"{n:02d}": n * 1000 for n in range(60)},
            {f"{n:03d}": n for n in range(1000)})


def _block_stop(text: str, pos: int) -> int:
    end_match = _BLOCK_END.search(text, pos)
    return end_match.start() + 1 if end_match else len(text)


def _join_number(text: str, stop: int, block: list[str], reader: _Reader, line: int) -> int:
    """A lone number followed by blank lines and a timing line is that cue's number (as
    ffmpeg reads it): the blank lines are dropped from ``block`` and the timing block
    joined to it. Returns where the (possibly longer) block ends."""
    blank = _BLANKS.match(text, stop)
    after = blank.end() if blank else stop
    if after >= len(text):
        return stop
    next_stop = _block_stop(text, after)
    following = text[after:next_stop].rstrip("\n").split("\n")
    if read_timing(following[0]) is None and not TIMING_RE.match(following[0]):
        return stop
    skipped = text.count("\n", stop, after)
    reader.note(["number-blank"], line + 1 + skipped)
    # Keep line numbers right: the dropped blank lines become part of the number line's
    # place, so the timing line is reported where it really is.
    block.extend([""] * skipped)
    block.extend(following)
    return next_stop


def _starts_cue(lines: list[str], k: int) -> bool:
    """Whether a new cue (a timing line, or a number and a timing line) starts at ``k``."""
    if _SHAPE.match(lines[k]):
        return True
    return k + 1 < len(lines) and bool(_NUMBER_RE.match(lines[k])) \
        and bool(_SHAPE.match(lines[k + 1]))


def _timing_at(lines: list[str], k: int) -> int | None:
    """Where the timing line is when a cue starts at the block's line ``k``: ``k`` itself,
    ``k + 1`` after an identifier line (blank lines in between skipped), or None."""
    first = lines[k]
    if _SHAPE.match(first):
        return k
    nxt = k + 1
    while nxt < len(lines) and not lines[nxt]:
        nxt += 1
    if nxt < len(lines) and (_SHAPE.match(lines[nxt]) or _TIMING_LIKE.search(lines[nxt])):
        return nxt
    if (_TIMING_LIKE.search(first) and "-->" in first) or re.search(r"\d:\d\d[,.]\d", first):
        return k
    return None


def _parse_block(lines: list[str], reader: _Reader, offset: int) -> None:
    """Read one block line by line; line ``k`` of the block is line ``offset + k + 1``."""
    end = len(lines)
    k = 0
    while k < end:
        timing_at = _timing_at(lines, k)
        if timing_at is None:
            t = k + 1
            while t < end and not _starts_cue(lines, t):
                t += 1
            reader.orphan(lines[k:t], offset + k + 1)
            k = t
            continue
        number = lines[k] if timing_at > k else ""
        # The cue's text runs until the next line that starts another cue.
        t = timing_at + 1
        while t < end and not _starts_cue(lines, t):
            t += 1
        reader.add_cue(number, lines[timing_at], lines[timing_at + 1:t],
                       offset + timing_at + 1)
        if t < end:
            reader.diags.append(Diagnostic(
                "syntax", offset + t + 1,
                f"a new cue starts on line {offset + t + 1} without a blank line before it: "
                "ffmpeg reads it as a new cue too; add the blank line",
                cue=len(reader.cues), severity=Severity.WARNING))
        k = t


def compose(track: Track, *, plain: bool = False) -> str:
    """Write a track as SRT text: numbers 1..n, LF line ends, final newline.

    ``plain`` removes all markup (YouTube shows SRT tags as text). Blank lines inside a cue
    cannot be written in SRT (they end the cue), so they are dropped; the words stay.
    """
    out: list[str] = []
    for number, cue in enumerate(track.cues, 1):
        text = strip_markup(cue.text) if plain else cue.text
        if "\n\n" in text or text.startswith("\n") or text.endswith("\n"):
            text = "\n".join(line for line in text.split("\n") if line.strip())
        timing = f"{format_srt(cue.start)} --> {format_srt(cue.end)}"
        out.append(f"{number}\n{timing}\n{text}\n" if text else f"{number}\n{timing}\n")
    return "\n".join(out)
