"""parse-error: a block, timing line or header that cannot be read.

Found while reading: a timing line that is not ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` (SRT) or
``[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt`` (WebVTT) — ``->`` arrows, ``00:00:5,00``, missing
hours in SRT —, text that belongs to no cue, a missing blank line between cues, a missing
``WEBVTT`` signature, or a binary file. Reading continues with the next block, so every
broken place in a file is reported at once. A cue whose timing line cannot be read is not
checked by the other rules until it is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report the reader's parse diagnostics."""
    for d in ctx.track.diagnostics:
        if d.rule == "parse-error":
            yield ctx.problem(None, d.message, line=d.line)


RULE = Rule("parse-error", Severity.ERROR, "a block, timing line or header cannot be read",
            check, __doc__ or "")
