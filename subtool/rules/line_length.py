"""line-length: a line has more characters than the language's limit.

Characters are grapheme clusters of the visible line (tags and bidi controls do not count).
Limits: ``senior`` 37 for German, 42 for other languages, 39 for Russian; ``netflix`` 42
(Russian 39); ``broadcast-de`` 37. Ukrainian has no confirmed narrower limit and uses 42.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report every line over the limit, on its own file line."""
    limit = ctx.limits.max_chars
    for i, lengths in enumerate(ctx.line_lengths):
        for k, length in enumerate(lengths):
            if length > limit:
                yield ctx.problem("line-length", Severity.ERROR, i,
                                  f"line {k + 1} of the cue has {length} characters; at most "
                                  f"{limit} for {ctx.lang or 'this language'}", text_line=k)


RULE = Rule("line-length", Severity.ERROR, "a line longer than the language's limit", check,
            __doc__ or "")
