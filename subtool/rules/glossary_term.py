"""glossary-term: the master cue uses a glossary term, the translation none of its approved terms.

For every approved concept of the glossary (``glossary/terms.csv``) found in a master cue,
the translated cue(s) at the same time must contain one of the concept's approved forms
for the track's language. A sentence may run across two cues, so the cue before and the cue
after are searched too. Matching follows the glossary's rules: case-insensitive per
language, inflected forms, across line breaks. Concepts without an approved term in the
language are not checked (``subtool glossary check`` shows such gaps). Applies with a
master and a glossary (a project's ``glossary`` setting, or ``--glossary FILE``).
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, missing_terms


def check(ctx: Context) -> Iterator[Problem]:
    """Report translated cues that miss an approved term of their master cue."""
    for i, entry in missing_terms(ctx, ("approved",)):
        assert ctx.glossary is not None
        wanted = " | ".join(entry.forms(ctx.lang or ""))
        yield ctx.problem(i, _("the master says '{term}'; use the approved term: "
                               "{approved}").format(term=entry.forms(ctx.glossary.source)[0],
                                                    approved=wanted))


RULE = Rule("glossary-term", Severity.WARNING, "with a master and glossary: a master term "
            "whose approved translation is missing", check, __doc__ or "", needs_master=True)
