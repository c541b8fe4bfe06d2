"""mixed-script: a word mixes letters of different scripts.

The classic copy-paste defect: a Latin ``a e o p c x i`` inside a Cyrillic word, or a Latin
``o A B E`` inside a Greek word. Such words look right but cannot be found by search, are
read out wrongly by screen readers and break the glossary checks. A word is a run of letters
and digits; its letters are classified as Latin, Cyrillic, Greek, Arabic, Hebrew or other.
The message names the letters of the minority script. Fix: only where unambiguous, i.e. the
word is mostly Cyrillic or Greek and every Latin letter in it has an identical twin there
(``о`` for ``o``; Latin ``i`` becomes ``і`` only in Ukrainian); in a Cyrillic or Greek track
that script is the word's, elsewhere the script of most of its letters. Scripts outside this list
(CJK, Indic …) are not classified.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.languages import lookup
from subtool.languages.i18n import _, script_name
from subtool.languages.scripts import TWINS, scripts_in, single_script
from subtool.rules.base import Context, Rule, map_text

_WORD = re.compile(r"\w+")


def _latin1(text: str) -> bool:
    """Whether every character is below U+0100 (Latin letters only): encoding a text that
    Python already stores one byte per character is a copy, 0.3 ms for 9 MB where the
    search for letters of other scripts takes 15 ms."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def check(ctx: Context) -> Iterator[Problem]:
    """Report each word whose letters come from more than one script."""
    if _latin1(ctx.all_text) or single_script(ctx.all_text):
        return
    for i, cue in enumerate(ctx.cues):
        text = cue.text
        if text.isascii() or single_script(text):
            continue
        for k, line in enumerate(text.split("\n")):
            if line.isascii() or single_script(line):
                continue
            for word in _WORD.findall(line):
                if word.isascii() or single_script(word):
                    continue
                groups = scripts_in(word)
                if len(groups) < 2:
                    continue
                ranked = sorted(groups, key=lambda s: -len(groups[s]))
                main, odd = ranked[0], ranked[1:]
                letters = ", ".join(f"{script_name(s)} '{''.join(dict.fromkeys(groups[s]))}'"
                                    for s in odd)
                yield ctx.problem(i, _("word '{word}' mixes scripts: mostly {script}, but "
                                       "{letters} — a look-alike letter typed or pasted from "
                                       "another keyboard?").format(
                    word=word, script=script_name(main), letters=letters), text_line=k)


def fix_word(word: str, lang: str | None) -> str:
    """The word with its Latin look-alikes replaced, when every one has a twin.

    The word's script is the track's (a Cyrillic or Greek language), or else the script of
    most of its letters.
    """
    groups = scripts_in(word)
    if len(groups) != 2 or "Latn" not in groups:
        return word
    main = next(s for s in groups if s != "Latn")
    twins = TWINS.get(main)
    language = lookup(lang)
    own = language.script if language else None
    if twins is None or (own != main and len(groups["Latn"]) >= len(groups[main])):
        return word
    if main == "Cyrl" and not (language and language.latin_i_twin):
        # Ukrainian writes і; in Russian or Bulgarian a Latin i has no twin.
        twins = {k: v for k, v in twins.items() if k != "i"}
    if not all(c in twins for c in groups["Latn"]):
        return word
    return "".join(twins.get(c, c) for c in word)


def fix(ctx: Context) -> Track:
    """Replace look-alikes only where unambiguous: the word is mostly Cyrillic or Greek and
    every Latin letter in it has an identical twin in that script."""
    def change(text: str) -> str:
        if text.isascii() or single_script(text):
            return text
        return _WORD.sub(lambda m: fix_word(m.group(0), ctx.lang), text)
    if _latin1(ctx.all_text) or single_script(ctx.all_text):
        return ctx.track
    return map_text(ctx, change)


RULE = Rule("mixed-script", Severity.ERROR, "a word mixing scripts, e.g. a Latin look-alike "
            "in a Cyrillic or Greek word", check, __doc__ or "",
            fix=fix, phase="text", export_safe=True)
