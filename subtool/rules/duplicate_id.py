"""duplicate-id: two WebVTT cues share an identifier.

The W3C WebVTT specification requires cue identifiers to be unique within a file; players
and scripts that address cues by id pick the wrong one otherwise. Empty identifiers are
allowed and not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.text import excerpt
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report every cue whose identifier appeared before."""
    if ctx.track.format != "vtt":
        return
    seen: dict[str, int] = {}
    for i, cue in enumerate(ctx.cues):
        if not cue.identifier:
            continue
        if cue.identifier in seen:
            yield ctx.problem(i, _("identifier '{identifier}' is already used by cue {cue}: "
                                   "identifiers must be unique").format(
                identifier=excerpt(cue.identifier), cue=seen[cue.identifier] + 1),
                line=cue.line - 1)
        else:
            seen[cue.identifier] = i


RULE = Rule("duplicate-id", Severity.ERROR, "WebVTT cue identifiers are not unique", check,
            __doc__ or "")
