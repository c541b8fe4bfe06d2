"""syntax: an SRT or WebVTT file that breaks the authoring rules, although players read it.

SRT has no specification; the SRT reader reads what ffmpeg (libavformat's SRT demuxer)
and subtitle editors read, and reports, with its line, what breaks the usual form: a dot
before the milliseconds (``00:00:01.000``), one-digit fields, ``-->`` without spaces or
with tabs, an indented timing line, a blank line between number and timing line, a
missing blank line between cues (warnings); text after a blank line, which players add to
the cue before, times without milliseconds and a line that is not a number before a
timing line (errors: what a viewer sees is not what the author meant). Each kind is
reported once per file, with the lines. Ambiguous times (``,50``: 50 or 500 ms?) are a
``parse-error`` instead.

The WebVTT reader reads every file as browsers do (the W3C WebVTT parser algorithm, as
Chromium implements it) and keeps each cue exactly as a browser shows it. Where the file
breaks the rules for writing WebVTT, this warning names the line, what is wrong and what
browsers make of it:

- a timing line that is indented, has one-digit hours, no space around ``-->``, a form
  feed for a space, or cue settings touching the end time (``00:01.000-->00:02.000``);
- no empty line between blocks: a cue directly under the previous cue's text (browsers
  end the cue above there, so an identifier line in between is shown as its text), a
  comment (``NOTE …``) directly above a timing line (browsers take it as the cue's
  identifier and show the cue), or the first cue directly under the header;
- a line of only spaces or tabs, which does not end a cue (only an empty line does);
- a NUL character, which browsers show as the replacement character U+FFFD;
- text that belongs to no cue, which browsers never show, and STYLE or REGION blocks after
  the first cue, which they ignore.

What browsers refuse (no ``WEBVTT`` signature, two byte order marks) or drop (a timing line
they cannot read) is a ``parse-error`` instead.

Fix: there is no rule fix; ``subtool fix --write`` (and ``subtool convert``) write the file
again in canonical WebVTT from what was read, which repairs the syntax while keeping every
cue as browsers showed it. Text that belonged to no cue is kept as a NOTE comment; a NUL
stays the replacement character, as the text it replaced is lost.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report the reader's syntax diagnostics, at their line and cue."""
    for d in ctx.track.diagnostics:
        if d.rule == "syntax":
            index = d.cue - 1 if d.cue is not None and 0 < d.cue <= len(ctx.cues) else None
            yield ctx.problem(index, d.message, line=d.line, severity=d.severity)


RULE = Rule("syntax", Severity.WARNING,
            "SRT or WebVTT that breaks the authoring rules but players still read", check,
            __doc__ or "")
