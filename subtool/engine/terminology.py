"""Terminology across the film: the term × language matrix, and house style on the master.

``matrix`` answers, for every approved or do-not-translate concept found in the master, in
which master cues it occurs and whether each translated track carries it there (the same
test as the ``glossary-term`` and ``do-not-translate`` rules). ``restyle_source`` rewrites
only the cue-text lines of a subtitle file, so everything else stays byte for byte.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass

from subtool.core.model import Track
from subtool.profiles import limits_for
from subtool.rules.base import Context, missing_terms
from subtool.terms.glossary import Glossary, apply_house_style, house_style


@dataclass(frozen=True)
class Row:
    """One concept: where the master uses it, and per language the cues that miss it."""

    entry: str
    term: str
    status: str
    master_cues: tuple[int, ...]
    missing: dict[str, tuple[int, ...]]
    no_term: frozenset[str]


def matrix(glossary: Glossary, master: Track, tracks: Sequence[tuple[str, Track]]) -> list[Row]:
    """The matrix for ``tracks`` (translations) against ``master``."""
    statuses = ("approved", "do-not-translate")
    found = [glossary.with_status(set(f), statuses) for f in glossary.find_in_source(master.cues)]
    missing: dict[str, dict[str, list[int]]] = {}
    for lang, track in tracks:
        ctx = Context("", track, lang=lang, limits=limits_for("senior", lang), master=master,
                      master_lang=glossary.source, glossary=glossary)
        for status in statuses:
            for i, entry in missing_terms(ctx, (status,)):
                missing.setdefault(entry.id, {}).setdefault(lang, []).append(i + 1)
    rows = []
    for index, entry in enumerate(glossary.entries):
        if entry.status not in statuses:
            continue
        cues = tuple(m + 1 for m, hits in enumerate(found) if index in hits)
        if not cues:
            continue
        no_term = frozenset(lang for lang, _ in tracks
                            if entry.status == "approved" and not entry.forms(lang))
        rows.append(Row(entry.id, entry.forms(glossary.source)[0], entry.status, cues,
                        {lang: tuple(c) for lang, c in missing.get(entry.id, {}).items()},
                        no_term))
    return rows


def _cell(row: Row, lang: str) -> str:
    if lang in row.no_term:
        return "–"
    gaps = row.missing.get(lang, ())
    return "✓" if not gaps else f"✗{len(gaps)}"


def render_text(rows: Sequence[Row], langs: Sequence[str]) -> str:
    """The matrix as a plain-text table: ✓ complies, ✗n misses it n times, – no term."""
    head = ["term", "cues", *langs]
    body = [[r.term, str(len(r.master_cues)), *(_cell(r, lang) for lang in langs)] for r in rows]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
             for line in [head, *body]]
    gaps = [f"  {r.term} ({lang}): cues {', '.join(map(str, cues))}"
            for r in rows for lang, cues in r.missing.items()]
    legend = "✓ every cue carries an approved term   ✗n n cues miss it   – no approved term"
    return "\n".join([*lines, "", legend, *(["", "Missing:", *gaps] if gaps else [])]) + "\n"


def render_html(rows: Sequence[Row], langs: Sequence[str]) -> str:
    """The matrix as an HTML table for the build report (escaped)."""
    esc = html.escape
    head = "".join(f"<th>{esc(lang)}</th>" for lang in langs)
    body = "".join(
        f"<tr><td>{esc(r.term)}</td><td class=\"num\">{len(r.master_cues)}</td>"
        + "".join(f'<td title="{esc(", ".join(map(str, r.missing.get(lang, ()))))}">'
                  f"{_cell(r, lang)}</td>" for lang in langs) + "</tr>" for r in rows)
    return ("<h2>Terminology</h2><p>✓ every cue carries an approved term, ✗n: n cues miss it, "
            f"–: no approved term.</p><table><thead><tr><th>term</th><th>cues</th>{head}</tr>"
            f"</thead><tbody>{body}</tbody></table>")


def render_markdown(rows: Sequence[Row], langs: Sequence[str]) -> str:
    """The matrix as a Markdown table for the build report."""
    head = "| term | cues | " + " | ".join(langs) + " |"
    rule = "|---|---:|" + "---|" * len(langs)
    body = [f"| {r.term} | {len(r.master_cues)} | "
            + " | ".join(_cell(r, lang) for lang in langs) + " |" for r in rows]
    return "\n".join(["## Terminology", "", head, rule, *body]) + "\n"


@dataclass(frozen=True)
class Restyled:
    """The result of applying the house style to a subtitle file's text."""

    text: str
    changed_cues: tuple[int, ...]

    def diff(self, before: str, name: str) -> str:
        """A unified diff from ``before`` to this text."""
        return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                            self.text.splitlines(keepends=True),
                                            f"a/{name}", f"b/{name}"))


def restyle_source(text: str, track: Track, glossary: Glossary) -> Restyled:
    """Apply the house style to the cue-text lines of ``text`` (the file ``track`` came from)."""
    variants = house_style(glossary)
    lines = text.split("\n")
    changed = []
    for number, cue in enumerate(track.cues, 1):
        if not cue.line:
            continue
        count = len(cue.text.split("\n")) if cue.text else 0
        touched = False
        for k in range(cue.line, cue.line + count):  # cue.line is 1-based: text starts after
            if k < len(lines):
                new = apply_house_style(lines[k], variants)
                touched |= new != lines[k]
                lines[k] = new
        if touched:
            changed.append(number)
    return Restyled("\n".join(lines), tuple(changed))
