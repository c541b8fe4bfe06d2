"""YouTube SubViewer (SBV): ``H:MM:SS.mmm,H:MM:SS.mmm`` then text, blocks split by blank lines.

pysubs2 does not read SBV, and the format is small enough to read here with line numbers.
"""

from __future__ import annotations

import re

from subtool.core.model import Cue, Diagnostic, Track
from subtool.formats.lines import blocks, normalise_newlines

_TS = r"(\d{1,9}):([0-5]\d):([0-5]\d)\.(\d{3})"  # hours bounded: see core.timecode
TIMING_RE = re.compile(rf"^{_TS},{_TS}[ \t]*$")


def parse(text: str) -> Track:
    """Parse SBV text into a track; a bad block becomes a parse-error diagnostic."""
    lines = normalise_newlines(text.lstrip("\ufeff")).split("\n")
    cues: list[Cue] = []
    diags: list[Diagnostic] = []
    for i, j in blocks(lines):
        m = TIMING_RE.match(lines[i].strip())
        if m is None:
            diags.append(Diagnostic("parse-error", i + 1,
                                    f"expected an SBV timing line like 0:01:02.500,0:01:04.000, "
                                    f"found {lines[i].strip()!r}; the block is skipped"))
        else:
            g = [int(x) for x in m.groups()]
            cues.append(Cue(g[0] * 3_600_000 + g[1] * 60_000 + g[2] * 1000 + g[3],
                            g[4] * 3_600_000 + g[5] * 60_000 + g[6] * 1000 + g[7],
                            "\n".join(lines[i + 1:j]), line=i + 1))
    return Track(tuple(cues), "sbv", diagnostics=tuple(diags))


def format_time(ms: int) -> str:
    """``H:MM:SS.mmm`` with as many hour digits as the time needs (``0:00:01.000``,
    ``10:00:02.000``, ``123:00:00.000``).

    YouTube writes one-digit hours; Subtitle Edit's reader takes any number of hour digits
    (``\\d+``), and so does subtool's. Dropping the first digit of two-digit hours would
    move a cue at 10:00:00 to 0:00:00.
    """
    h, rest = divmod(max(ms, 0), 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{h}:{m:02d}:{s:02d}.{milli:03d}"


def compose(track: Track) -> str:
    """Write a track as SBV."""
    out = []
    for cue in track.cues:
        out.append(f"{format_time(cue.start)},{format_time(cue.end)}\n{cue.text}\n")
    return "\n".join(out)
