"""The term × language matrix for people: plain text, HTML and Markdown tables."""

from __future__ import annotations

import html
from collections.abc import Sequence

from subtool.engine.terminology import Row
from subtool.languages.i18n import _
from subtool.render.escape import markdown, terminal


def _cell(row: Row, lang: str) -> str:
    if lang in row.no_term:
        return "–"
    gaps = row.missing.get(lang, ())
    return "✓" if not gaps else f"✗{len(gaps)}"


def render_text(rows: Sequence[Row], langs: Sequence[str]) -> str:
    """The matrix as a plain-text table: ✓ complies, ✗n misses it n times, – no term."""
    head = ["term", "cues", *langs]
    body = [[terminal(r.term), str(len(r.master_cues)), *(_cell(r, lang) for lang in langs)]
            for r in rows]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
             for line in [head, *body]]
    gaps = [f"  {terminal(r.term)} ({lang}): cues {', '.join(map(str, cues))}"
            for r in rows for lang, cues in r.missing.items()]
    legend = "✓ every cue carries an approved term   ✗n n cues miss it   – no approved term"
    return "\n".join([*lines, "", legend, *(["", "Missing:", *gaps] if gaps else [])]) + "\n"


def _legend() -> str:
    return _("✓ every cue carries an approved term, ✗n: n cues miss it, –: no approved term.")


def render_html(rows: Sequence[Row], langs: Sequence[str]) -> str:
    """The matrix as an HTML table for the build report (escaped), after its legend."""
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(lang)}</th>' for lang in langs)
    body = "".join(
        f'<tr><th scope="row">{esc(r.term)}</th><td class="num">{len(r.master_cues)}</td>'
        + "".join(f'<td title="{esc(", ".join(map(str, r.missing.get(lang, ()))))}">'
                  f"{_cell(r, lang)}</td>" for lang in langs) + "</tr>" for r in rows)
    term, cues = _("term"), _("cues")
    return (f"<p>{esc(_legend())}</p><table><thead><tr><th scope=\"col\">{esc(term)}</th>"
            f'<th scope="col">{esc(cues)}</th>{head}</tr></thead><tbody>{body}</tbody></table>')


def render_markdown(rows: Sequence[Row], langs: Sequence[str]) -> str:
    """The matrix as a Markdown table for the build report, after its legend."""
    term, cues = _("term"), _("cues")
    head = f"| {term} | {cues} | " + " | ".join(langs) + " |"
    rule = "|---|---:|" + "---|" * len(langs)
    body = [f"| {markdown(r.term)} | {len(r.master_cues)} | "
            + " | ".join(_cell(r, lang) for lang in langs) + " |" for r in rows]
    return "\n".join([_legend(), "", head, rule, *body]) + "\n"
