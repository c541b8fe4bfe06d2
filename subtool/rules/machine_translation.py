"""machine-translation: the cue is a machine draft that no person has accepted yet.

Machine drafts (``subtool translate``) are recorded as such in the translation state. They
are a starting point for a translator, not a translation: until a person reviews the cue
and confirms it with ``subtool accept L --cue N`` it is reported, and ``subtool build`` lists
the machine cues per language in its report.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report unreviewed machine drafts."""
    for s in ctx.cue_states:
        if s.unreviewed_machine and s.entry is not None:
            yield ctx.problem(s.index, _("machine draft ({provider}) that no person has "
                                         "accepted yet: review it, then subtool accept")
                              .format(provider=s.entry.provider))


RULE = Rule("machine-translation", Severity.WARNING, "with translation state: a machine draft "
            "no person has accepted", check, __doc__ or "", needs_master=True)
