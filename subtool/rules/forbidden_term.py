"""forbidden-term: a term the glossary forbids appears in the master or a translation.

Glossary rows with status ``forbidden`` list wrong terms (``Altenheim``, when the city's
term is ``Seniorenheim`` and a Seniorenbüro is not a care home) in the master's language
and, where given, in other languages; the message names the term to use (the ``use``
column). Matched like every glossary term: case-insensitive, inflected forms included.
Applies to every track when a glossary is configured.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report cues with a forbidden term of the track's language."""
    glossary = ctx.glossary
    if glossary is None or not ctx.lang:
        return
    forbidden = frozenset(i for i in glossary.status_set("forbidden")
                          if glossary.entries[i].forms(ctx.lang))
    if not forbidden:
        return
    for i, found in enumerate(glossary.matcher(ctx.lang, forbidden).find_in_cues(ctx.cues)):
        for index in sorted(found):
            entry = glossary.entries[index]
            message = _("uses the forbidden term '{term}': use '{instead}'").format(
                term=entry.forms(ctx.lang)[0], instead=entry.use)
            yield ctx.problem(i, f"{message} ({entry.note})" if entry.note else message)


RULE = Rule("forbidden-term", Severity.ERROR, "a forbidden term in the master or a translation",
            check, __doc__ or "")
