"""stale-translation: the master text of a cue changed since its translation was accepted.

The translation state (``subtitles/state/<lang>.tsv``) records, per translated cue, the
German text it was accepted against. When the German aligned with the cue now reads
differently (a word changed, a cue was split or merged), the translation may no longer say
the same thing: the translator reviews it (``subtool diff --stale --lang L`` lists old and new
German side by side) and confirms it with ``subtool accept L``. Line breaks and markup do not
count as changes. ``subtool build --strict`` treats this warning as blocking.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Problem]:
    """Report translated cues whose master text changed since they were accepted."""
    for s in ctx.cue_states:
        if s.stale and s.entry is not None:
            # In full: the changed words may be anywhere, and a shortened text hid exactly
            # them (the issue: "was 'Rufen Sie … vorbei.', now 'Rufen Sie … vorbei.…'").
            yield ctx.problem(s.index, _(
                "the German changed since this was translated: was '{old}', now '{new}'")
                .format(old=s.entry.master, new=s.current))


RULE = Rule("stale-translation", Severity.WARNING, "with translation state: the master text "
            "changed since the translation was accepted", check, __doc__ or "",
            needs_master=True)
