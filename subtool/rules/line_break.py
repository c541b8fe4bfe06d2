"""line-break: a line break that separates what belongs together, or lines that fit on one.

Netflix's general requirements (BBC and ARD agree) say a line break should not separate a
noun from its article or adjective, a first name from a last name, a verb from its subject
pronoun, auxiliary, reflexive pronoun or negation, or a preposition from its object; and
that text stays on one line unless it is too long. This rule reads the cue's existing
breaks with the same language data the line breaker uses (``[linebreak]`` in
``subtool/languages/<code>.toml``: articles, determiners, possessives, numerals, auxiliaries,
subject pronouns, prepositions, names, the pairs to keep together):

- warning: a break right after such a word (``the | office``, ``Katrin | Wollny``, ``mit
  den freien | Wohlfahrtsverbänden``), or inside a pair the language keeps together;
- info: a break right before a word that leans on the word before it (an enclitic such as
  Greek ``μου``, which is also an object pronoun of the next verb, so it may be right);
- info: a cue of two lines whose text fits on one line;
- warning: a dialogue line (a cue whose every line starts with a dash) whose dash differs
  from the language's style (``[typography] dialogue_dash``: ``-`` without a space in
  English, German, Turkish or Russian; ``- `` with a space in Polish, Italian, French;
  Netflix's language guides).

Never reported: a break after punctuation, before a dialogue dash, before a conjunction or
a preposition (which opens a phrase of its own), or before a line that is one long word (a
web address). Fix: the cue is reflowed (``subtool fix``; the same line breaker as
``line-length``), which changes the line layout, so ``subtool build`` never applies it.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.core.text import visible
from subtool.languages import lookup
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_text

# Faults that may be right (an enclitic is also an object pronoun of the next verb).
_INFO = frozenset({"before"})


def _message(fault: str, left: str, right: str) -> str:
    texts = {
        "after": _("{left!r} belongs with the words after it (an article, determiner, "
                   "possessive, number, auxiliary or negation before its word)"),
        "pronoun": _("the pronoun {left!r} belongs with its verb"),
        "pair": _("{left!r} and {right!r} belong together"),
        "name": _("{left!r} and {right!r} are one name"),
        "preposition": _("the preposition {left!r} belongs with its object"),
        "adjective": _("the adjective {left!r} belongs with its noun {right!r}"),
        "before": _("{right!r} leans on the word before it"),
    }
    return _("the line break separates what belongs together: {what}").format(
        what=texts[fault].format(left=left, right=right))


def check(ctx: Context) -> Iterator[Problem]:
    """Report bad breaks, cues that fit on one line, and dialogue dashes of another style."""
    from subtool.layout.reflow import (  # noqa: PLC0415 - 10 ms
        break_faults,
        fits_one_line,
        screen_breaks,
    )

    limit = ctx.limits.max_chars
    cues = ctx.cues
    # Only the cues the screen cannot rule out are analysed (most breaks are plainly fine).
    for i in screen_breaks(ctx.texts, ctx.lang, limit, ctx.all_text, ctx.plain):
        cue = cues[i]
        for fault in break_faults(cue.text, ctx.lang, limit):
            yield ctx.problem(i, _message(fault.fault, fault.left, fault.right),
                              text_line=fault.line,
                              severity=Severity.INFO if fault.fault in _INFO else None)
        if fits_one_line(cue.text, ctx.lang, limit):
            yield ctx.problem(i, _("the text fits on one line of {limit} characters: keep it "
                                   "on one line").format(limit=limit), severity=Severity.INFO)
        yield from _dialogue(ctx, i, cue.text)


def _dialogue(ctx: Context, i: int, text: str) -> Iterator[Problem]:
    language = lookup(ctx.lang)
    if language is None:
        return
    lines = [visible(line).strip() for line in text.split("\n")]
    if len(lines) < 2 or not all(line[:1] == "-" and len(line) > 1 for line in lines):
        return
    style = language.dialogue_dash
    for k, line in enumerate(lines):
        spaced = line[1] == " "
        if spaced != (style == "- "):
            wanted = _("a dash and a space") if style == "- " else _("a dash without a space")
            yield ctx.problem(i, _("a dialogue line in {language} starts with {wanted} "
                                   "({example})").format(language=language.english,
                                                         wanted=wanted,
                                                         example=style + "…"),
                              text_line=k)


def fix(ctx: Context) -> Track:
    """Reflow each cue with a bad break or lines that fit on one (``subtool.layout.reflow``)."""
    from subtool.layout.reflow import (  # noqa: PLC0415
        break_faults,
        fits_one_line,
        reflow,
        screen_breaks,
    )

    limits = ctx.limits

    def needs_reflow(text: str) -> bool:  # of the screen's cues, all of several lines
        return (any(f.fault not in _INFO for f in break_faults(text, ctx.lang, limits.max_chars))
                or fits_one_line(text, ctx.lang, limits.max_chars))

    def reflowed(text: str) -> str:
        new = reflow(text, ctx.lang, limits.max_chars, limits.max_lines)
        return text if new is None else new  # None: the words fit no lines; left as is

    # Only the cues the check's screen passes on can need a reflow.
    return map_text(ctx, reflowed, needs_reflow, only=screen_breaks(
        ctx.texts, ctx.lang, limits.max_chars, ctx.all_text, ctx.plain))


RULE = Rule("line-break", Severity.WARNING, "a line break that separates what belongs "
            "together (info: lines that fit on one)", check, __doc__ or "", fix=fix,
            phase="layout")
