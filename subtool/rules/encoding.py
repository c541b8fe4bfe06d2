"""encoding: the file is not plain UTF-8 without a byte order mark.

YouTube and every player expect UTF-8; subtool exports nothing else. What the reader found:

- a UTF-8 byte order mark (BOM): the text is read exactly; a **warning**, because some
  players show the mark as a stray character;
- UTF-16 or UTF-32: read exactly by its byte order mark, and converted; an **error**;
- a legacy code page (Windows-1251 for Russian, 1253 for Greek, 1254 for Turkish, …): the
  code page is decided by the track's language: the message names the code page found and
  says the text was converted; an **error**, so build and CI stop until the file is saved
  as UTF-8. A file whose code page cannot be told is not guessed: it is refused as a
  ``parse-error`` with no cues;
- a UTF-8 file with invalid bytes in some lines: every valid line is kept exactly, and each
  damaged line is reported by its number (decoded with the language's code page when that
  reads as the language, else with U+FFFD for the bad bytes); an **error**.

Fix: save the file as UTF-8 in your editor (Subtitle Edit: Encoding "UTF-8 without BOM" in
the toolbar, then File → Save; Notepad: File → Save as… → Encoding: UTF-8).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report the reader's encoding diagnostics at the severity the reader gave them."""
    for d in ctx.track.diagnostics:
        if d.rule == "encoding":
            yield ctx.problem(None, d.message, line=d.line, severity=d.severity)


RULE = Rule("encoding", Severity.ERROR, "file is not UTF-8, or has a byte order mark",
            check, __doc__ or "")
