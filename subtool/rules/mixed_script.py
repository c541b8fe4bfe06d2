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
from subtool.rules.base import Context, Rule, map_text

_WORD = re.compile(r"\w+")
_RANGES = (
    (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00C0, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"), (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x1C80, 0x1C8F, "Cyrillic"), (0x2DE0, 0x2DFF, "Cyrillic"),
    (0xA640, 0xA69F, "Cyrillic"), (0x0590, 0x05FF, "Hebrew"), (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"), (0x08A0, 0x08FF, "Arabic"), (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"), (0x0530, 0x058F, "Armenian"), (0x10A0, 0x10FF, "Georgian"),
)


def script_of(char: str) -> str | None:
    """The script of a letter; None for digits, marks and scripts not listed here."""
    if not char.isalpha():
        return None
    cp = ord(char)
    if cp < 0x80:
        return "Latin"
    for lo, hi, name in _RANGES:
        if lo <= cp <= hi:
            return name
    return None


def scripts_in(word: str) -> dict[str, list[str]]:
    """Letters of ``word`` grouped by script, in order of appearance."""
    groups: dict[str, list[str]] = {}
    for char in word:
        name = script_of(char)
        if name:
            groups.setdefault(name, []).append(char)
    return groups


# Letters of each script as regex classes, to see in one pass per script which scripts a
# text uses: most lines use one, and then no word needs a closer look.
_SCRIPT_RES = tuple(
    re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" if hi <= 0xFFFF
                             else f"\\U{lo:08x}-\\U{hi:08x}"
                             for lo, hi, n in _RANGES if n == name) + "]")
    for name in dict.fromkeys(n for _, _, n in _RANGES)
)


# Letters of any listed script but Latin: text without them is Latin-only (or letterless).
_NON_LATIN = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi, n in _RANGES
                                      if n != "Latin") + "]")


def _single_script(text: str) -> bool:
    if not _NON_LATIN.search(text):
        return True
    found = 0
    for pattern in _SCRIPT_RES:
        if pattern.search(text):
            found += 1
            if found > 1:
                return False
    return True


def check(ctx: Context) -> Iterator[Problem]:
    """Report each word whose letters come from more than one script."""
    for i, cue in enumerate(ctx.cues):
        text = cue.text
        if text.isascii() or _single_script(text):
            continue
        for k, line in enumerate(text.split("\n")):
            if line.isascii() or _single_script(line):
                continue
            for word in _WORD.findall(line):
                if word.isascii() or _single_script(word):
                    continue
                groups = scripts_in(word)
                if len(groups) < 2:
                    continue
                ranked = sorted(groups, key=lambda s: -len(groups[s]))
                main, odd = ranked[0], ranked[1:]
                letters = ", ".join(f"{s} {''.join(dict.fromkeys(groups[s]))!r}" for s in odd)
                yield ctx.problem("mixed-script", Severity.ERROR, i,
                                  f"word {word!r} mixes scripts: mostly {main}, but {letters} "
                                  "— a look-alike letter typed or pasted from another keyboard?",
                                  text_line=k)


# Latin letters with an identical-looking twin, per script they are mistaken in.
TWINS: dict[str, dict[str, str]] = {
    "Cyrillic": dict(zip("aeopcxyiAEOPCXHKMTBj", "аеорсхуіАЕОРСХНКМТВј", strict=True)),
    "Greek": dict(zip("oAEOHIKMNPTXYZBv", "οΑΕΟΗΙΚΜΝΡΤΧΥΖΒν", strict=True)),
}
# Ukrainian and Belarusian write і; in Russian and Bulgarian a Latin i has no twin.
_LATIN_I_TWIN = {"uk", "be"}


_SCRIPT_NAMES = {"Cyrl": "Cyrillic", "Grek": "Greek"}


def fix_word(word: str, lang: str | None) -> str:
    """The word with its Latin look-alikes replaced, when every one has a twin.

    The word's script is the track's (a Cyrillic or Greek language), or else the script of
    most of its letters.
    """
    groups = scripts_in(word)
    if len(groups) != 2 or "Latin" not in groups:
        return word
    main = next(s for s in groups if s != "Latin")
    twins = TWINS.get(main)
    language = lookup(lang)
    own = _SCRIPT_NAMES.get(language.script) if language else None
    if twins is None or (own != main and len(groups["Latin"]) >= len(groups[main])):
        return word
    if main == "Cyrillic" and (lang or "").split("-")[0] not in _LATIN_I_TWIN:
        twins = {k: v for k, v in twins.items() if k != "i"}
    if not all(c in twins for c in groups["Latin"]):
        return word
    return "".join(twins.get(c, c) for c in word)


def fix(ctx: Context) -> Track:
    """Replace look-alikes only where unambiguous: the word is mostly Cyrillic or Greek and
    every Latin letter in it has an identical twin in that script."""
    def change(text: str) -> str:
        if text.isascii() or _single_script(text):
            return text
        return _WORD.sub(lambda m: fix_word(m.group(0), ctx.lang), text)
    return map_text(ctx, change)


RULE = Rule("mixed-script", Severity.ERROR, "a word mixing scripts, e.g. a Latin look-alike "
            "in a Cyrillic or Greek word", check, __doc__ or "", fix=fix)
