"""unbalanced: a tag, bracket or quotation mark is opened and not closed (or the reverse).

Tags (``<i>…</i>``) and brackets (``( )``, ``[ ]``) must close within the cue. Quotation
marks follow the language: German „…“ and »…«, Polish and Romanian „…”, Russian and
Ukrainian «…» and „…“, English “…”, and so on (``subtool.languages``); a quotation may
continue into the next cue, as a sentence may. Straight double quotes must come in pairs.
Single quotes are not checked: they double as apostrophes. WebVTT voice tags (``<v Name>``)
need no closing tag.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.text import TAG_RE
from subtool.languages import lookup
from subtool.languages.i18n import _, language_name
from subtool.rules.base import Context, Rule

_TAG_NAME = re.compile(r"<(/?)([A-Za-z]+)")
_BRACKETS = {"(": ")", "[": "]"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}


def _tags(text: str) -> list[str]:
    stack: list[str] = []
    issues: list[str] = []
    for m in TAG_RE.finditer(text):
        tm = _TAG_NAME.match(m.group(0))
        if not tm or tm.group(2).lower() in ("v", "br"):
            continue
        name = tm.group(2).lower()
        if not tm.group(1):
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        elif name in stack:
            issues.append(_("<{opened}> is closed by </{closing}>").format(opened=stack[-1],
                                                                          closing=name))
            del stack[stack.index(name):]
        else:
            issues.append(_("</{tag}> closes a tag that was never opened").format(tag=name))
    issues.extend(_("<{tag}> is not closed").format(tag=name) for name in stack)
    return issues


def _brackets(text: str) -> list[str]:
    stack: list[str] = []
    issues: list[str] = []
    for char in text:
        if char in _BRACKETS:
            stack.append(char)
        elif char in _CLOSERS:
            if stack and stack[-1] == _CLOSERS[char]:
                stack.pop()
            else:
                issues.append(_("'{closing}' has no opening '{opening}'").format(
                    closing=char, opening=_CLOSERS[char]))
    issues.extend(_("'{bracket}' is not closed").format(bracket=c) for c in stack)
    return issues


def _markup_issues(text: str, plain: str) -> list[str]:
    """Unbalanced tags in ``text`` and brackets in ``plain`` (the text without tags)."""
    issues = _tags(text) if "<" in text else []
    if "(" in plain or ")" in plain or "[" in plain or "]" in plain:
        issues.extend(_brackets(plain))
    return issues


class _Quotes:
    """The quotation marks open so far in a track, by the language's pairs of marks."""

    def __init__(self, lang: str | None) -> None:
        language = lookup(lang)
        self.pairs = language.quotes if language else ()
        self.lang = lang or ""
        self.openers = {o: c for o, c in self.pairs if o != c}
        self.closers = {c: o for o, c in self.pairs if o != c}
        self.toggles = {o for o, c in self.pairs if o == c} | {'"'}
        marks = set(self.openers) | set(self.closers) | self.toggles
        self.pattern = re.compile("[" + re.escape("".join(marks)) + "]")
        self.open: list[tuple[str, int]] = []  # (mark, cue index where it opened)

    def expire(self, i: int) -> list[tuple[str, int]]:
        """Drop and return the marks still open from before cue ``i - 1``: a quotation may
        run on into the next cue, not further."""
        stale = [q for q in self.open if q[1] < i - 1]
        self.open = [q for q in self.open if q[1] >= i - 1]
        return stale

    def read(self, plain: str, i: int) -> list[str]:
        """Follow the marks of cue ``i``; the issues are closing marks without an opening."""
        if not self.pattern.search(plain):
            return []
        issues: list[str] = []
        for char in plain:
            if char in self.toggles:
                self._toggle(char, i)
            elif char in self.openers:
                self.open.append((char, i))
            elif char in self.closers and not self._close(char):
                expected = " | ".join(o + c for o, c in self.pairs)
                issues.append(_("closing quotation mark {mark} without an opening one (quotes "
                                "in {language} are {expected})").format(
                    mark=char, language=language_name(self.lang), expected=expected))
        return issues

    def _toggle(self, char: str, i: int) -> None:
        # A mark that opens and closes alike ("): it closes the latest open one if that is
        # the same mark, else it opens.
        if self.open and self.open[-1][0] == char:
            self.open.pop()
        else:
            self.open.append((char, i))

    def _close(self, char: str) -> bool:
        """Close the latest open mark if ``char`` is its closer; whether it was."""
        if self.open and self.open[-1][0] == self.closers[char]:
            self.open.pop()
            return True
        return False


def _once(issues: list[str]) -> list[str]:
    """Each issue of a cue once, with how often it occurs: a cue of 500,000 "(" is one
    problem, not a report of 500,000 lines."""
    counts = Counter(issues)
    return [issue if n == 1 else _("{issue} ({count} times)").format(issue=issue, count=n)
            for issue, n in counts.items()]


def check(ctx: Context) -> Iterator[Problem]:
    """Check tags and brackets per cue, quotation marks with one cue of carry-over."""
    quotes = _Quotes(ctx.lang)
    marks = (*quotes.openers, *quotes.closers, *quotes.toggles, *"<()[]")
    cues = ctx.cues
    # Only cues with a mark, tag or bracket change anything (found in one search per mark);
    # a mark left open expires at the next such cue as it would at the cue after next.
    for i in ctx.cues_with(marks):
        text = cues[i].text
        plain = TAG_RE.sub("", text) if "<" in text or "{" in text else text
        for issue in _once(_markup_issues(text, plain)):
            yield ctx.problem(i, issue)
        yield from _expired(ctx, quotes, i)
        for issue in quotes.read(plain, i):
            yield ctx.problem(i, issue)
    yield from _expired(ctx, quotes, len(cues) - 1)
    for mark, where in quotes.open:
        yield ctx.problem(where, _("quotation mark {mark} is not closed").format(mark=mark))


def _expired(ctx: Context, quotes: _Quotes, i: int) -> Iterator[Problem]:
    for mark, where in quotes.expire(i):
        yield ctx.problem(where, _("quotation mark {mark} is not closed (in this cue or "
                                   "the next)").format(mark=mark))


RULE = Rule("unbalanced", Severity.WARNING, "tags, brackets or quotes opened and not closed",
            check, __doc__ or "")
