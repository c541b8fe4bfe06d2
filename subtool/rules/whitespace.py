"""whitespace: leading, trailing or double spaces, or tabs, in cue text.

Stray spaces shift centred subtitles and count against reading speed and line length;
tabs render differently in every player. Fix: tabs become spaces, runs of spaces one space,
lines are trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_lines

_BAD = re.compile(r"^[ \u00a0]|[ \u00a0]$|[ \u00a0]{2}|\t", re.M)
_SPACES = re.compile(r"[ \u00a0]{2,}")


def _maybe(text: str) -> bool:
    """Whether ``text`` may have a whitespace problem: substring tests (C speed, a fraction
    of one search of ``_BAD``, which tries four alternatives at every character)."""
    return ("  " in text or " \n" in text or "\n " in text or "\t" in text or "\u00a0" in text
            or text[:1] == " " or text[-1:] == " ")


def describe(line: str) -> str:
    """Name the kind of whitespace problem in one line."""
    if "\t" in line:
        return _("a tab")
    if line[:1] in (" ", "\u00a0"):
        return _("a leading space")
    if line[-1:] in (" ", "\u00a0"):
        return _("a trailing space")
    return _("a double space")


def check(ctx: Context) -> Iterator[Problem]:
    """Report the first whitespace problem of each affected line."""
    if not _maybe(ctx.all_text):
        return
    for i, cue in enumerate(ctx.cues):
        if not _maybe(cue.text) or not _BAD.search(cue.text):
            continue
        for k, line in enumerate(cue.text.split("\n")):
            if _BAD.search(line):
                yield ctx.problem(i, _("line {line} of the cue has {what}").format(
                    line=k + 1, what=describe(line)), text_line=k)


def fix_line(line: str) -> str:
    """One line without tabs, leading, trailing or repeated spaces."""
    if not _BAD.search(line):
        return line
    return _SPACES.sub(lambda m: "\u00a0" if set(m.group(0)) == {"\u00a0"} else " ",
                       line.replace("\t", " ")).strip(" \u00a0")


def fix(ctx: Context) -> Track:
    """Tabs become spaces, runs of spaces become one, lines are trimmed."""
    if not _maybe(ctx.all_text):
        return ctx.track
    return map_lines(ctx, fix_line, lambda text: _maybe(text) and _BAD.search(text))


RULE = Rule("whitespace", Severity.WARNING, "leading, trailing or double spaces, tabs", check,
            __doc__ or "", fix=fix, phase="text", export_safe=True)
