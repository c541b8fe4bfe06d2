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
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, missing_terms


def check(ctx: Context) -> Iterator[Problem]:
    """Report translated cues that lost a name of their master cue."""
    for i, entry in missing_terms(ctx, ("do-not-translate",)):
        assert ctx.glossary is not None
        german = entry.forms(ctx.glossary.source)[0]
        local = entry.forms(ctx.lang or "")
        if local and local[0] != german:
            message = _("the master has '{term}', which stays as it is (or {spellings}): it "
                        "is missing here").format(term=german, spellings=" | ".join(local))
        else:
            message = _("the master has '{term}', which stays as it is: it is missing "
                        "here").format(term=german)
        yield ctx.problem(i, message)


RULE = Rule("do-not-translate", Severity.ERROR, "with a master and glossary: a do-not-translate "
            "term missing from the translation", check, __doc__ or "", needs_master=True)
