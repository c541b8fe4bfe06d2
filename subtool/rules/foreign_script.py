"""foreign-script: a line of a non-Latin track without a single letter of its script.

An Arabic, Bulgarian, Ukrainian, Russian or Greek track (any language whose file names a
script other than Latin) should not have a line written only in another script: it is a
translator's note left in the file ("Please check this line with the client"), a line that
was never translated, or pasted text. Such a line is reported here, not by
``rtl-direction`` (and the export never adds a right-to-left mark to it).

Allowed: web and e-mail addresses, and the names the glossary lists as do-not-translate in
any of their spellings (a line holding only "Birgit Hansmann" is fine). SDH labels are
checked like any text: ``[Music]`` in a Greek track is an untranslated label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from subtool.core.model import Problem, Severity
from subtool.core.patterns import lazy
from subtool.core.text import visible
from subtool.languages import lookup
from subtool.languages.i18n import _, language_name, script_name
from subtool.languages.scripts import foreign_line
from subtool.rules.base import Context, Rule

if TYPE_CHECKING:
    from subtool.terms.glossary import Glossary

# Addresses are not translated: ``www.dortmund.de/seniorenbueros``, ``info@example.org``.
_ADDRESS = lazy(r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+(?:/\S*)?")
_WORD = re.compile(r"[^\W\d_]+")


def glossary_names(glossary: Glossary | None) -> frozenset[str]:
    """Every word of a do-not-translate name, in every spelling, case-folded."""
    if glossary is None:
        return frozenset()
    words: set[str] = set()
    for i in glossary.status_set("do-not-translate"):
        for forms in glossary.entries[i].terms.values():
            for form in forms:
                words.update(w.casefold() for w in _WORD.findall(form))
    return frozenset(words)


def foreign(line: str, script: str, names: frozenset[str]) -> bool:
    """Whether a line of a track in ``script`` is in another script altogether: letters, but
    none of ``script``, once addresses and do-not-translate ``names`` are set aside."""
    shown = _ADDRESS.sub(" ", visible(line))
    if not foreign_line(shown, script):
        return False
    return not all(w.casefold() in names for w in _WORD.findall(shown))


def check(ctx: Context) -> Iterator[Problem]:
    """Report lines with letters but none of the track's script."""
    language = lookup(ctx.lang)
    if language is None or language.script == "Latn":
        return
    names = glossary_names(ctx.glossary)
    for i, cue in enumerate(ctx.cues):
        for k, line in enumerate(cue.text.split("\n")):
            if not foreign(line, language.script, names):
                continue
            shown = _ADDRESS.sub(" ", visible(line))
            yield ctx.problem(i, _(
                "line {line} has no {script} letter ('{text}'): a note, an untranslated line, "
                "or text in another language? Translate it into {language}, or add a name to "
                "the glossary as do-not-translate").format(
                line=k + 1, script=script_name(language.script), text=" ".join(shown.split()),
                language=language_name(language.code)), text_line=k)


RULE = Rule("foreign-script", Severity.ERROR, "a line of a non-Latin track without a letter "
            "of its script (a note, an untranslated line)", check, __doc__ or "")
