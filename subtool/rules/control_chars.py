"""control-chars: invisible control or zero-width characters in cue text.

C0/C1 control characters (often left by a wrong encoding), zero-width spaces and joiners,
the BOM inside text, soft hyphens, and U+FFFD (text already damaged by a wrong encoding).
They are invisible in editors but break line breaking, search and counting.

Bidi controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) are allowed in
right-to-left tracks, where they fix the direction of mixed lines (see ``rtl-direction``),
and so are ZWJ/ZWNJ, which shape Arabic-script letters; in other tracks they are reported,
except a ZWJ that joins two emoji into one symbol (👩‍👩‍👧, 🏳️‍🌈: Unicode's emoji ZWJ
sequences), which is part of the picture.
Fix: a control character that separates words — vertical tab, form feed, the information
separators U+001C–U+001F, next line U+0085 and carriage return (Unicode white space) —
becomes a space (``Hallo<VT>Welt`` is two words, not ``HalloWelt``; the whitespace rule then
collapses doubled spaces); the others are deleted, except U+FFFD, which marks text that
must be retyped.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.core.text import char_name, invisible_pattern, stray
from subtool.languages import is_rtl
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_text


def _replacement(char: str) -> str:
    """What the fix puts in place of ``char``: a space for white space, the character itself
    for U+FFFD, else nothing."""
    if char == "\ufffd":
        return char
    return " " if char.isspace() else ""


def check(ctx: Context) -> Iterator[Problem]:
    """Report each line that contains a forbidden invisible character."""
    pattern = invisible_pattern(is_rtl(ctx.lang))
    if not pattern.search(ctx.all_text):
        return
    for i, cue in enumerate(ctx.cues):
        if not pattern.search(cue.text):
            continue
        for k, line in enumerate(cue.text.split("\n")):
            found = [m.group() for m in pattern.finditer(line) if stray(m)]
            if found:
                names = ", ".join(dict.fromkeys(char_name(c) for c in found))
                if "\ufffd" in found:
                    message = _("line {line} of the cue contains {characters} (text damaged "
                                "by a wrong encoding?): delete it")
                elif all(c.isspace() for c in found):
                    message = _("line {line} of the cue contains {characters}: replace it "
                                "with a space")
                else:
                    message = _("line {line} of the cue contains {characters}: delete it")
                yield ctx.problem(i, message.format(line=k + 1, characters=names),
                                  text_line=k)


def fix(ctx: Context) -> Track:
    """Turn the controls that separate words into spaces and delete the other invisible
    characters (U+FFFD stays: the text it replaced is lost and a person must retype it)."""
    pattern = invisible_pattern(is_rtl(ctx.lang))
    if not pattern.search(ctx.all_text):
        return ctx.track
    return map_text(ctx, lambda text: pattern.sub(
        lambda m: _replacement(m.group()) if stray(m) else m.group(), text), pattern.search)


RULE = Rule("control-chars", Severity.ERROR, "control or zero-width characters (bidi marks "
            "allowed in right-to-left tracks)", check, __doc__ or "",
            fix=fix, phase="characters", export_safe=True)
