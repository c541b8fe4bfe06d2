"""line-length: a line has more characters than the language's limit.

Characters are grapheme clusters of the visible line (tags and bidi controls do not count).
Limits: ``senior`` 37 for German, 42 for other languages, 39 for Russian; ``netflix`` 42
(Russian 39); ``broadcast-de`` 37. Ukrainian has no confirmed narrower limit and uses 42.
Fix: the cue is reflowed within the limits (one line if it fits, else two balanced lines,
breaking after punctuation and before conjunctions, never after an article or a subject
pronoun; see ``subtool/data/linebreak``).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report every line over the limit, on its own file line."""
    limit = ctx.limits.max_chars
    if ctx.longest_line() <= limit:
        return
    for i, lengths in enumerate(ctx.line_lengths):
        for k, length in enumerate(lengths):
            if length > limit:
                yield ctx.problem(i, _("line {line} of the cue has {length} characters; at "
                                       "most {limit} for {lang}").format(
                    line=k + 1, length=length, limit=limit,
                    lang=ctx.lang or _("this language")), text_line=k)


def fix(ctx: Context) -> Track:
    """Reflow each cue that breaks the line length or line count limit (``subtool.layout.reflow``);
    a cue whose words cannot fit stays as it is and keeps its problem."""
    from subtool.layout.reflow import reflow  # noqa: PLC0415 - 10 ms at start-up; only fixes need it

    limits = ctx.limits
    cues = list(ctx.cues)
    changed = False
    for i, (cue, lengths) in enumerate(zip(ctx.cues, ctx.line_lengths, strict=True)):
        if len(lengths) <= limits.max_lines and max(lengths, default=0) <= limits.max_chars:
            continue
        text = reflow(cue.text, ctx.lang, limits.max_chars, limits.max_lines)
        if text is not None and text != cue.text:
            cues[i] = cue.with_text(text)
            changed = True
    return ctx.track._replace(cues=tuple(cues)) if changed else ctx.track


RULE = Rule("line-length", Severity.ERROR, "a line longer than the language's limit", check,
            __doc__ or "", fix=fix, phase="layout")
