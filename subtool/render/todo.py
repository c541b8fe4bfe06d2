"""The translators' to-do lists (``subtool diff --stale``): terminal, JSON, Markdown, HTML."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from subtool.core.timecode import format_short
from subtool.engine.diff import word_diff
from subtool.languages import is_rtl, native_name
from subtool.render import diff as diffing
from subtool.render.escape import terminal
from subtool.translation.workflow import StaleItem

FORMATS = ("terminal", "html", "md", "json")


def _counts(lang: str, items: Sequence[StaleItem]) -> str:
    return (f"{sum(i.kind == 'stale' for i in items)} stale, "
            f"{sum(i.kind == 'missing' for i in items)} missing")


def _rows(items: Sequence[StaleItem]) -> list[diffing.Row]:
    rows = []
    for item in items:
        words = word_diff(item.old_german, item.new_german)
        old = tuple(w for w in words if w[0] != "insert")
        new = tuple(w for w in words if w[0] != "delete")
        where = f"{item.cue or '–'} {format_short(item.start)}"
        rows.append(diffing.Row(item.kind, (
            diffing.Cell(where, (old,) if item.old_german else ()),
            diffing.Cell(where, (new,)),
            diffing.Cell(where, ((("equal", item.translation),),) if item.translation else ()))))
    return rows


def render_json(lists: Mapping[str, Sequence[StaleItem]]) -> str:
    """Every language's items as JSON."""
    return json.dumps({lang: [item.__dict__ for item in items] for lang, items in lists.items()},
                      ensure_ascii=False, indent=2) + "\n"


def render_pages(lists: Mapping[str, Sequence[StaleItem]], fmt: str, master_lang: str) -> str:
    """Markdown sections, or HTML (one page per language, joined)."""
    out = []
    for lang, items in lists.items():
        name = native_name(lang)
        columns = [diffing.Column("German when translated", master_lang),
                   diffing.Column("German now", master_lang),
                   diffing.Column(f"{name} now", lang, is_rtl(lang))]
        line = f"{name} ({lang}): {_counts(lang, items)}"
        if fmt == "md":
            out.append(diffing.render_markdown_rows(_rows(items), columns,
                                                    heading=f"{name} ({lang})",
                                                    summary_line=line))
        else:
            out.append(diffing.render_html_rows(_rows(items), columns,
                                                title=f"To do for {name} ({lang})",
                                                summary_line=line))
    return "\n".join(out)


def render_terminal(lists: Mapping[str, Sequence[StaleItem]]) -> str:
    """A plain listing: per language its items, the changed German words marked."""
    lines = []
    total = sum(len(items) for items in lists.values())
    for lang, items in lists.items():
        lines.append(f"{lang}: {_counts(lang, items)}")
        for item in items:
            where = f"cue {item.cue}" if item.cue else "no cue"
            lines.append(f"  {where} at {format_short(item.start)} [{item.kind}]")
            if item.kind == "stale":
                marked = "".join(t if op == "equal" else (f"[-{t}-]" if op == "delete"
                                                           else f"{{+{t}+}}")
                                 for op, t in word_diff(item.old_german, item.new_german))
                lines.append(f"    German:  {marked}")
                lines.append(f"    {lang}:      {' / '.join(item.translation.splitlines())}")
            else:
                lines.append(f"    German:  {item.new_german}")
    lines.append(f"{total} item(s) to do" if total else "nothing to do: every translation is "
                 "current")
    return terminal("\n".join(lines)) + "\n"


def render(lists: Mapping[str, Sequence[StaleItem]], fmt: str, master_lang: str) -> str:
    """The to-do lists in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "json":
        return render_json(lists)
    if fmt in ("html", "md"):
        return render_pages(lists, fmt, master_lang)
    return render_terminal(lists)
