"""YouTube SubViewer (SBV): ``H:MM:SS.mmm,H:MM:SS.mmm`` then text, blocks split by blank lines.

pysubs2 does not read SBV, and the format is small enough to read here with line numbers.
"""

from __future__ import annotations

import re

from subtool.core.model import Cue, Diagnostic, Track
from subtool.core.timecode import format_vtt
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


def compose(track: Track) -> str:
    """Write a track as SBV."""
    out = []
    for cue in track.cues:
        start, end = format_vtt(cue.start)[1:], format_vtt(cue.end)[1:]
        out.append(f"{start},{end}\n{cue.text}\n")
    return "\n".join(out)
