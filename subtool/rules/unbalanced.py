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
from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.core.text import TAG_RE
from subtool.languages import lookup
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
            issues.append(f"<{stack[-1]}> is closed by </{name}>")
            del stack[stack.index(name):]
        else:
            issues.append(f"</{name}> closes a tag that was never opened")
    issues.extend(f"<{name}> is not closed" for name in stack)
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
                issues.append(f"'{char}' has no opening '{_CLOSERS[char]}'")
    issues.extend(f"'{c}' is not closed" for c in stack)
    return issues


def check(ctx: Context) -> Iterator[Problem]:
    """Check tags and brackets per cue, quotation marks with one cue of carry-over."""
    language = lookup(ctx.lang)
    pairs = language.quotes if language else ()
    openers = {o: c for o, c in pairs if o != c}
    closers = {c: o for o, c in pairs if o != c}
    toggles = {o for o, c in pairs if o == c} | {'"'}
    quote_re = re.compile("[" + re.escape("".join(set(openers) | set(closers) | toggles)) + "]")
    everything = ctx.all_text
    if not any(mark in everything for mark in (*openers, *closers, *toggles, *"<()[]")):
        return  # one scan per mark (memchr) instead of a look at every cue
    open_quotes: list[tuple[str, int]] = []  # (mark, cue index where it opened)
    for i, cue in enumerate(ctx.cues):
        text = cue.text
        if "<" in text:
            for issue in _tags(text):
                yield ctx.problem(i, issue)
        plain = TAG_RE.sub("", text) if "<" in text or "{" in text else text
        if "(" in plain or ")" in plain or "[" in plain or "]" in plain:
            for issue in _brackets(plain):
                yield ctx.problem(i, issue)
        # A quotation may run on into the next cue, not further.
        stale = [q for q in open_quotes if q[1] < i - 1]
        for mark, where in stale:
            yield ctx.problem(where,
                              f"quotation mark {mark} is not closed (in this cue or the next)")
        open_quotes = [q for q in open_quotes if q[1] >= i - 1]
        if not quote_re.search(plain):
            continue
        for char in plain:
            if char in toggles:
                if open_quotes and open_quotes[-1][0] == char:
                    open_quotes.pop()
                else:
                    open_quotes.append((char, i))
            elif char in openers:
                open_quotes.append((char, i))
            elif char in closers:
                if open_quotes and open_quotes[-1][0] == closers[char]:
                    open_quotes.pop()
                else:
                    expected = " or ".join(o + c for o, c in pairs)
                    yield ctx.problem(i,
                                      f"closing quotation mark {char} without an opening one "
                                      f"(quotes in {language.english if language else ''} "
                                      f"are {expected})")
    for mark, where in open_quotes:
        yield ctx.problem(where,
                          f"quotation mark {mark} is not closed")


RULE = Rule("unbalanced", Severity.WARNING, "tags, brackets or quotes opened and not closed",
            check, __doc__ or "")
