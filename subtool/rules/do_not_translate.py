"""do-not-translate: a name or fixed expression of the master is missing from the translation.

Glossary concepts with status ``do-not-translate`` (person and place names, organisations,
the web address) must appear in the translated cue(s) at the same time, or in the cue
before or after: either as written in the master, or in the spelling the glossary gives for
the track's language (``Хёрде`` for Hörde in Russian, ``هورده`` in Arabic). Applies with a
master and a glossary.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.rules.base import Context, Rule, missing_terms


def check(ctx: Context) -> Iterator[Problem]:
    """Report translated cues that lost a name of their master cue."""
    for i, entry in missing_terms(ctx, ("do-not-translate",)):
        assert ctx.glossary is not None
        german = entry.forms(ctx.glossary.source)[0]
        local = entry.forms(ctx.lang or "")
        also = f" (or {' | '.join(local)})" if local and local[0] != german else ""
        yield ctx.problem(i,
                          f"the master has {german!r}, which stays as it is{also}: it is "
                          "missing here")


RULE = Rule("do-not-translate", Severity.ERROR, "with a master and glossary: a do-not-translate "
            "term missing from the translation", check, __doc__ or "", needs_master=True)
