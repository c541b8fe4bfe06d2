"""SubRip (SRT): a located, lenient reader and a strict writer.

Why not the ``srt`` library for reading: it merges a junk block into the previous cue,
reads ``00:01,000`` as one minute, and reports no line numbers. This reader keeps going
after a bad block and records every problem with its 1-based line, so one broken cue never
hides the rest of the file. The writer produces numbers 1..n, ``HH:MM:SS,mmm`` times, LF
line ends and a final newline; empty cues survive (the ``srt`` library drops them).
"""

from __future__ import annotations

import re

from subtool.core.model import Cue, Diagnostic, Track
from subtool.core.text import strip_markup
from subtool.core.timecode import format_srt
from subtool.formats.lines import normalise_newlines

_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})"
TIMING_RE = re.compile(rf"^{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t]+(.*?))?[ \t]*$")
# Something a person meant as a timing line (to tell a broken timing line from text).
_TIMING_LIKE = re.compile(r"-{1,2}>|—>|–>|→|\d+:\d+[:,.]\d+")
_NUMBER_RE = re.compile(r"^[ \t]*\d+[ \t]*$")


def _ms(h: str, m: str, s: str, f: str) -> int:
    return int(h) * 3_600_000 + int(m) * 60_000 + int(s) * 1000 + int(f)


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


# One well-formed cue block: number, timing line, text lines up to a blank line or the end.
_CUE_RE = re.compile(
    rf"(?:[^\S\n]*\n)*[ \t]*(\d+)[ \t]*\n{_TIME}[ \t]*-->[ \t]*{_TIME}"
    r"(?:[ \t]+([^\n]*?))?[ \t]*(?:\n|\Z)"
    r"((?:[^\S\n]*\S[^\n]*(?:\n|\Z))*)")
_BLANKS = re.compile(r"(?:[^\S\n]*\n)+")
_BLOCK_END = re.compile(r"\n[^\S\n]*(?:\n|\Z)")


def parse(text: str) -> Track:
    """Parse SRT text into a track; problems become diagnostics, never exceptions.

    Well-formed blocks are read with one regular expression each; anything else (a broken
    timing line, stray text, a missing blank line) goes through the line-by-line reader,
    which explains what is wrong and where.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    cues: list[Cue] = []
    diags: list[Diagnostic] = []
    size = len(text)
    pos = 0
    counted, line = 0, 1  # ``line`` is the line number of position ``counted``
    cue_match, count = _CUE_RE.match, text.count
    while pos < size:
        m = cue_match(text, pos)
        if m is not None and "-->" not in m.group(11):
            g = m.groups()
            timing = m.start(2)
            line += count("\n", counted, timing)
            counted = timing
            body = g[10]
            cues.append(Cue(
                int(g[1]) * 3_600_000 + int(g[2]) * 60_000 + int(g[3]) * 1000 + int(g[4]),
                int(g[5]) * 3_600_000 + int(g[6]) * 60_000 + int(g[7]) * 1000 + int(g[8]),
                body[:-1] if body.endswith("\n") else body, identifier=g[0],
                settings=g[9] or "", line=line))
            pos = m.end()
            continue
        blank = _BLANKS.match(text, pos)
        if blank:
            pos = blank.end()
        if not text[pos:].strip():
            break  # only spaces after the last line break
        end_match = _BLOCK_END.search(text, pos)
        stop = end_match.start() + 1 if end_match else size
        block = text[pos:stop].rstrip("\n").split("\n")
        line += count("\n", counted, pos)
        counted = pos
        _parse_block(block, cues, diags, line - 1)
        pos = stop
    return Track(tuple(cues), "srt", diagnostics=tuple(diags))


def _cue_starts_at(lines: list[str], k: int) -> bool:
    """Whether a new cue (a timing line, or a number and a timing line) starts at line ``k``."""
    if TIMING_RE.match(lines[k]):
        return True
    return k + 1 < len(lines) and bool(_NUMBER_RE.match(lines[k])) \
        and bool(TIMING_RE.match(lines[k + 1]))


def _parse_block(lines: list[str], cues: list[Cue], diags: list[Diagnostic],
                 offset: int) -> None:
    """Read one block line by line; line ``k`` of the block is line ``offset + k + 1``."""
    end = len(lines)
    k = 0
    while k < end:
        first = lines[k]
        number = ""
        if TIMING_RE.match(first):
            timing_at = k
        elif k + 1 < end and (TIMING_RE.match(lines[k + 1]) or _TIMING_LIKE.search(lines[k + 1])):
            number = first.strip()
            timing_at = k + 1
        elif (_TIMING_LIKE.search(first) and "-->" in first) or re.search(r"\d:\d\d[,.]\d", first):
            timing_at = k
        else:
            a, b = offset + k + 1, offset + end
            diags.append(Diagnostic(
                "parse-error", a,
                f"lines {a}–{b} have no timing line, so they belong to no cue: add the cue "
                "number and timing line, or a blank line is missing/extra here" if b > a else
                f"line {a} has no timing line, so it belongs to no cue: add the cue number "
                "and timing line, or remove it"))
            return
        m = TIMING_RE.match(lines[timing_at])
        # The cue's text runs until the next line that starts another cue.
        t = timing_at + 1
        while t < end and not _cue_starts_at(lines, t):
            t += 1
        if m is None:
            diags.append(Diagnostic(
                "parse-error", offset + timing_at + 1,
                f"timing line {lines[timing_at].strip()!r} cannot be read: "
                + explain_timing(lines[timing_at], "00:01:02,500 --> 00:01:04,000")
                + "; the cue is skipped until it is fixed"))
        else:
            g = m.groups()
            cues.append(Cue(_ms(*g[0:4]), _ms(*g[4:8]), "\n".join(lines[timing_at + 1:t]),
                            identifier=number, settings=g[8] or "",
                            line=offset + timing_at + 1))
        if t < end:
            diags.append(Diagnostic(
                "parse-error", offset + t + 1,
                f"a new cue starts on line {offset + t + 1} without a blank line before it: "
                "add the blank line", cue=len(cues)))
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
