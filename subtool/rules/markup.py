"""markup: styling that YouTube does not honour.

YouTube shows ``<i>``, ``<b>`` and ``<u>`` at most; everything else is either shown as
literal text or silently dropped: ASS/SSA override blocks (``{\\an8}``, ``{\\i1}``),
``<font>`` tags, WebVTT class spans (``<c.yellow>``, ``<i.loud>``), voice spans (``<v Anna>``:
write the speaker's name into the text instead), ruby, language spans, karaoke timestamps,
and unknown tags. The export removes them; this rule tells the translator before it does.
Fix: the tags and override blocks are removed, their text stays; ``<i.loud>`` becomes ``<i>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from subtool.core.model import Problem, Severity, Track
from subtool.core.patterns import lazy
from subtool.core.text import TAG_RE
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule, map_text

_ALLOWED = {"i", "b", "u"}
_NAME = lazy(r"</?([A-Za-z]+)([.\s][^>]*)?>")


def _describe(tag: str) -> str | None:
    if tag.startswith("{"):
        return _("ASS override {tag} is shown as text or ignored by YouTube").format(tag=tag)
    if tag[1:2].isdigit():
        return _("karaoke timestamp {tag} is ignored by YouTube").format(tag=tag)
    m = _NAME.match(tag)
    if not m:
        return None
    name, rest = m.group(1).lower(), m.group(2) or ""
    if tag.startswith("</"):
        return None
    if name in _ALLOWED and not rest.startswith("."):
        return None
    if name == "v":
        return _("voice tag {tag} is not shown by YouTube: write the speaker's name in the "
                 "text").format(tag=tag)
    if rest.startswith("."):
        return _("class {tag} is ignored by YouTube").format(tag=tag)
    if name == "font":
        return _("{tag} is ignored by YouTube (no colours or fonts in uploads)").format(tag=tag)
    return _("tag {tag} is not honoured by YouTube").format(tag=tag)


def check(ctx: Context) -> Iterator[Problem]:
    """Report each unsupported tag or override block."""
    if "<" not in ctx.all_text and "{" not in ctx.all_text:
        return
    for i, cue in enumerate(ctx.cues):
        text = cue.text
        if "<" not in text and "{" not in text:
            continue
        for k, line in enumerate(text.split("\n")):
            for m in TAG_RE.finditer(line):
                message = _describe(m.group(0))
                if message:
                    yield ctx.problem(i, message, text_line=k)


def _clean(m: re.Match[str]) -> str:
    tag = m.group(0)
    if _describe(tag) is None and not _is_closing_of_removed(tag):
        return tag
    name = _NAME.match(tag)
    if name and name.group(1).lower() in _ALLOWED and (name.group(2) or "").startswith("."):
        return f"<{name.group(1)}>"  # <i.loud> keeps its italics, loses the class
    return ""


def _is_closing_of_removed(tag: str) -> bool:
    name = _NAME.match(tag)
    return bool(tag.startswith("</") and name and name.group(1).lower() not in _ALLOWED)


def fix(ctx: Context) -> Track:
    """Remove the markup YouTube ignores; the words stay, <i>/<b>/<u> stay."""
    if "<" not in ctx.all_text and "{" not in ctx.all_text:
        return ctx.track
    return map_text(ctx, lambda text: TAG_RE.sub(_clean, text),
                    lambda text: ("<" in text or "{" in text) and TAG_RE.search(text))


RULE = Rule("markup", Severity.WARNING, "styling YouTube does not honour (ASS overrides, "
            "<font>, classes, unknown tags)", check, __doc__ or "",
            fix=fix, phase="text", export_safe=True)
