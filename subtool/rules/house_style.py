"""house-style: the master uses a spelling that the glossary maps to the preferred one.

Two sources of variants: glossary rows with status ``variant`` (the ``use`` column gives the
preferred spelling), and gender-inclusive German: for every approved term written with the
colon, the city's house style (``Senior:innen``), the star, underscore, slash, middle-dot
and capital-I spellings (``Senior*innen``, ``Senior_innen``, ``SeniorInnen``) are variants.
Endings are kept (``Mitarbeiter*innen`` → ``Mitarbeiter:innen``). Applies to tracks in the
master's language. ``subtool glossary apply`` rewrites the master; ``subtool build`` applies
the house style to the master it exports.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages import primary
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_text


def check(ctx: Context) -> Iterator[Problem]:
    """Report each variant spelling in a track of the master's language."""
    glossary = ctx.glossary
    if glossary is None or not ctx.lang or primary(ctx.lang) != primary(glossary.source):
        return
    from subtool.terms.style import house_style  # noqa: PLC0415 - only with a glossary

    variants = house_style(glossary)
    if not variants:
        return
    for i, cue in enumerate(ctx.cues):
        for k, line in enumerate(cue.text.split("\n")):
            for v in variants:
                for m in v.pattern.finditer(line):
                    yield ctx.problem(i, _("writes '{found}'; the house style is "
                                           "'{preferred}'").format(found=m.group(0),
                                                                   preferred=v.use),
                                      text_line=k)


def fix(ctx: Context) -> Track:
    """The preferred spellings, in tracks of the master's language."""
    glossary = ctx.glossary
    if glossary is None or not ctx.lang or primary(ctx.lang) != primary(glossary.source):
        return ctx.track
    from subtool.terms.style import apply_house_style, house_style  # noqa: PLC0415

    variants = house_style(glossary)
    return map_text(ctx, lambda text: apply_house_style(text, variants)) if variants \
        else ctx.track


RULE = Rule("house-style", Severity.WARNING, "the master uses a variant the glossary maps to a "
            "preferred spelling", check, __doc__ or "", fix=fix, phase="text", export_safe=True)
