"""The build report: per language its status, reading-speed figures and problems.

Rendered as Markdown (for a pull request or an e-mail) and as one self-contained HTML page
(no scripts, no external files; every subtitle text is escaped). Deterministic: nothing
depends on the clock or the machine.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from subtool.core.model import Problem, Severity, Track
from subtool.core.text import visible_lines
from subtool.core.timecode import format_short
from subtool.languages import UI_SOURCE, is_rtl, lookup
from subtool.render.escape import markdown


@dataclass(frozen=True)
class LanguageResult:
    """Everything the build learned about one language's track."""

    lang: str
    path: str
    is_master: bool
    track: Track
    problems: tuple[Problem, ...]
    blocking: Severity = Severity.ERROR

    @property
    def errors(self) -> int:
        """Error-level problems."""
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Warning-level problems."""
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def blockers(self) -> list[Problem]:
        """Problems that keep this track from being published."""
        return [p for p in self.problems if p.severity.rank >= self.blocking.rank]

    @property
    def ready(self) -> bool:
        """Whether the track can be uploaded as it is."""
        return not self.blockers

    @property
    def name(self) -> str:
        """The language's own name."""
        language = lookup(self.lang)
        return language.native if language else self.lang

    @property
    def english_name(self) -> str:
        """The language's English name (for staff instructions)."""
        language = lookup(self.lang)
        return language.english if language else self.lang

    @cached_property
    def reading_speeds(self) -> list[float]:
        """Characters per second of every cue with text and a positive duration."""
        out = []
        for cue in self.track.cues:
            if cue.duration > 0:
                chars = sum(visible_lines(cue.text)[1])
                if chars:
                    out.append(chars * 1000 / cue.duration)
        return out

    def cue_time(self, cue: int | None) -> str:
        """The start timecode of a cue (1-based), or an empty string."""
        if cue is None or not 0 < cue <= len(self.track.cues):
            return ""
        return format_short(self.track.cues[cue - 1].start)

    def who_fixes(self) -> str:
        """The person who fixes problems in this track, in plain words."""
        if self.is_master:
            return f"the {self.english_name} subtitle editor ({self.path})"
        return f"the {self.english_name} translator ({self.path})"


def cps_figures(result: LanguageResult) -> tuple[float, float]:
    """Maximum and median reading speed (0 for an empty track)."""
    speeds = result.reading_speeds
    if not speeds:
        return 0.0, 0.0
    return max(speeds), median(speeds)


def median(values: Sequence[float]) -> float:
    """The median (``statistics`` costs ~10 ms of start-up for this one function)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summary_table(results: Sequence[LanguageResult]) -> str:
    """The per-language status table as plain text (logs, CI, piped output)."""
    rows = [("Language", "Status", "Errors", "Warnings", "Cues")]
    rows += [(f"{r.name} ({r.lang})", "ready" if r.ready else "blocked", str(r.errors),
              str(r.warnings), str(len(r.track.cues))) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d:>{widths[3]}}  {e:>{widths[4]}}"
        for a, b, c, d, e in rows) + "\n"


def _by_rule(problems: Sequence[Problem]) -> list[tuple[str, list[Problem]]]:
    order = Counter(p.rule for p in problems)
    return [(rule, [p for p in problems if p.rule == rule]) for rule in order]


def render_markdown(results: Sequence[LanguageResult], *, title: str, changes: str = "") -> str:
    """The build report as Markdown."""
    ready = all(r.ready for r in results)
    out = [f"# Subtitle build report: {markdown(title)}", "",
           f"**{'Ready to publish' if ready else 'Blocked'}**: "
           f"{sum(r.ready for r in results)} of {len(results)} tracks ready.", "",
           "| Language | Status | Cues | Errors | Warnings | Max cps | Median cps |",
           "|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        top, median = cps_figures(r)
        out.append(f"| {r.name} ({r.lang}) | {'ready' if r.ready else 'blocked'} | "
                   f"{len(r.track.cues)} | {r.errors} | {r.warnings} | {top:.1f} | {median:.1f} |")
    if changes:
        out += ["", changes]
    for r in results:
        if not r.problems:
            continue
        out += ["", f"## {r.name} ({r.lang}): {markdown(r.path)}", ""]
        for rule, items in _by_rule(r.problems):
            out.append(f"- **{rule}** ({len(items)})")
            for p in items:
                where = f"cue {p.cue} at {r.cue_time(p.cue)}" if p.cue else f"line {p.line}"
                out.append(f"  - {p.severity.value}: {where}: {markdown(p.message)}")
    return "\n".join(out) + "\n"


_CSS = """
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem;
       color: #111; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: start; vertical-align: top; }
td.num { text-align: end; font-variant-numeric: tabular-nums; }
.ready { color: #0a6b1f; font-weight: bold; } .blocked { color: #a40000; font-weight: bold; }
.error { color: #a40000; } .warning { color: #7a5200; } .info { color: #245; }
"""


def render_html(results: Sequence[LanguageResult], *, title: str, lang: str = UI_SOURCE,
                changes_html: str = "") -> str:
    """The build report as one self-contained, escaped HTML page."""
    esc = html.escape
    ready = all(r.ready for r in results)
    rows = []
    for r in results:
        top, median = cps_figures(r)
        status = "ready" if r.ready else "blocked"
        direction = "rtl" if is_rtl(r.lang) else "ltr"
        rows.append(f'<tr><td><a href="#{esc(r.lang)}"><span lang="{esc(r.lang)}" '
                    f'dir="{direction}">{esc(r.name)}</span></a> ({esc(r.lang)})</td>'
                    f'<td class="{status}">{status}</td><td class="num">{len(r.track.cues)}</td>'
                    f'<td class="num">{r.errors}</td><td class="num">{r.warnings}</td>'
                    f'<td class="num">{top:.1f}</td><td class="num">{median:.1f}</td></tr>')
    sections = []
    for r in results:
        body = []
        for rule, items in _by_rule(r.problems):
            lines = "".join(
                f'<tr><td class="{p.severity.value}">{p.severity.value}</td>'
                f'<td class="num">{p.cue or ""}</td><td>{esc(r.cue_time(p.cue))}</td>'
                f'<td class="num">{p.line or ""}</td><td>{esc(p.message)}</td></tr>'
                for p in items)
            body.append(f"<h3>{esc(rule)} ({len(items)})</h3><table><thead><tr><th>severity</th>"
                        "<th>cue</th><th>time</th><th>line</th><th>message</th></tr></thead>"
                        f"<tbody>{lines}</tbody></table>")
        content = "".join(body) or "<p>No problems.</p>"
        sections.append(f'<section id="{esc(r.lang)}"><h2>{esc(r.name)} ({esc(r.lang)}) – '
                        f"<code>{esc(r.path)}</code></h2>{content}</section>")
    verdict = "Ready to publish" if ready else "Blocked"
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Subtitle build report – {esc(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Subtitle build report</h1>
<p>{esc(title)}</p>
<p class="{'ready' if ready else 'blocked'}">{verdict}: {sum(r.ready for r in results)} of
{len(results)} tracks ready.</p>
<table><thead><tr><th>Language</th><th>Status</th><th>Cues</th><th>Errors</th><th>Warnings</th>
<th>Max cps</th><th>Median cps</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
{changes_html}
{chr(10).join(sections)}
</body>
</html>
"""
