"""encoding: the file is not plain UTF-8 without a byte order mark.

UTF-8 with a BOM, UTF-16, and files that are not valid UTF-8 (read with the Windows-1252
fallback that legacy German files need) are all read correctly, and reported here so the
file can be saved as UTF-8 without BOM, which is what YouTube and every player expect. The
message names the first line with a byte that is not UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report the reader's encoding diagnostics."""
    for d in ctx.track.diagnostics:
        if d.rule == "encoding":
            yield ctx.problem(None, d.message, line=d.line)


RULE = Rule("encoding", Severity.WARNING, "file is not UTF-8, or has a byte order mark",
            check, __doc__ or "")
