"""The build report, written for the people who act on it.

Order: what blocks publishing first, per language, each problem with the cue's time code,
its text, what is wrong in plain words and who fixes it (the rule id only as small print);
then what needs review, per language, with who acts and what to send them; then the
details, folded: figures per language, warnings that block nothing, with the film a
timeline per language (``timeline``), the terminology matrix and the fixes applied to the
exported files.

Rendered as Markdown (for a pull request or an e-mail) and as one self-contained HTML page
on the shared skeleton (``page``: no scripts, no external files; every subtitle text is
escaped), in the reader's language (``i18n``). Commands with options reach this module as
data (:class:`Commands`, written by the pipeline). Deterministic: nothing depends on the
clock or the machine.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from subtool.core.description import FAILED, NOT_MADE, UNCHANGED, WRITTEN, DescribedVersion
from subtool.core.model import DESCRIPTIONS, Problem, Severity
from subtool.core.text import visible
from subtool.engine.status import LanguageResult, Status
from subtool.engine.terminology import Row
from subtool.engine.timeline import Timeline
from subtool.languages.i18n import _, decimal, language_name, ngettext
from subtool.render import page
from subtool.render import terms as render_terms
from subtool.render import timeline as render_timeline
from subtool.render.escape import markdown
from subtool.render.page import scroll_box, text_attrs


def status_label(status: Status) -> str:
    """The status in the reader's language."""
    if status is Status.READY:
        return _("ready")
    if status is Status.NEEDS_REVIEW:
        return _("needs review")
    return _("blocked")


def who_fixes(result: LanguageResult) -> str:
    """The person who acts on problems in this track, in plain words."""
    language = language_name(result.lang)
    if result.kind == DESCRIPTIONS:
        if result.is_master:
            return _("the describer who writes the audio description ({path})").format(
                path=result.path)
        return _("the translator of the {language} audio description ({path})").format(
            language=language, path=result.path)
    if result.is_master:
        return _("the subtitle editor of the {language} master ({path})").format(
            language=language, path=result.path)
    return _("the translator for {language} ({path})").format(language=language,
                                                              path=result.path)


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
    rows = [(_("Language"), _("Status"), _("Errors"), _("Warnings"), _("Cues"))]
    rows += [(f"{r.name} ({r.lang})", status_label(r.status), str(r.errors),
              str(r.warnings), str(len(r.track.cues))) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d:>{widths[3]}}  {e:>{widths[4]}}"
        for a, b, c, d, e in rows) + "\n"


def review_counts(result: LanguageResult) -> str:
    """What a track needing review holds, in words: stale cues, unchecked machine drafts."""
    stale = sum(1 for p in result.review if p.rule == "stale-translation")
    machine = sum(1 for p in result.review if p.rule == "machine-translation")
    parts = []
    if stale:
        parts.append(ngettext("{count} cue translated for an older German text",
                              "{count} cues translated for an older German text",
                              stale).format(count=stale))
    if machine:
        parts.append(ngettext("{count} machine draft nobody has checked",
                              "{count} machine drafts nobody has checked",
                              machine).format(count=machine))
    return ", ".join(parts)


@dataclass(frozen=True)
class Commands:
    """The commands the report tells people to run, written by the pipeline (the layer
    that knows the command line; this module never names an option itself)."""

    rebuild: str = ""  # check and build again after a fix
    publish_knowingly: str = ""  # publish tracks that still need review
    apply_fixes: str = ""  # apply the export's fixes to the source files
    todo: Mapping[str, str] = field(default_factory=dict)  # per track's path: its to-do list


@dataclass(frozen=True)
class Report:
    """Everything the report shows."""

    title: str
    results: Sequence[LanguageResult]
    commands: Commands = field(default_factory=Commands)
    fixes: Mapping[str, str] = field(default_factory=dict)  # per language: fixes applied
    terms: Sequence[Row] = ()  # the terminology matrix, when there is a glossary
    term_langs: Sequence[str] = ()
    timelines: Sequence[Timeline] = ()  # per language against the film, when there is one
    # The audio description: its tracks (script and translations), the described versions
    # of the film, the languages without a description track, and whether the descriptions
    # were checked against the film's own speech.
    descriptions: Sequence[LanguageResult] = ()
    described: Sequence[DescribedVersion] = ()
    undescribed: Sequence[str] = ()
    film_known: bool = False
    description_files: Mapping[str, str] = field(default_factory=dict)  # lang: its .vtt

    @property
    def tracks(self) -> list[LanguageResult]:
        """Every track: the subtitles, then the audio description tracks."""
        return [*self.results, *self.descriptions]

    @property
    def blocked(self) -> list[LanguageResult]:
        """The tracks that cannot be published, in the project's order."""
        return [r for r in self.tracks if r.blockers]

    @property
    def reviewing(self) -> list[LanguageResult]:
        """The tracks that need review and nothing worse."""
        return [r for r in self.tracks if r.review and not r.blockers]

    def other_warnings(self, result: LanguageResult) -> list[Problem]:
        """Problems that neither block nor ask for review."""
        shown = set(result.blockers) | set(result.review)
        return [p for p in result.problems if p not in shown]


def verdict(report: Report) -> tuple[str, str]:
    """The one-line verdict and its kind (``blocked``, ``review``, ``ready``)."""
    total = len(report.tracks)
    if report.blocked:
        names = ", ".join(track_name(r) for r in report.blocked)
        return "blocked", ngettext(
            "Publishing is blocked: {count} of {total} tracks has problems that must be "
            "fixed first ({languages}).",
            "Publishing is blocked: {count} of {total} tracks have problems that must be "
            "fixed first ({languages}).", len(report.blocked)).format(
            count=len(report.blocked), total=total, languages=names)
    if report.reviewing:
        names = ", ".join(track_name(r) for r in report.reviewing)
        return "review", ngettext(
            "Not ready yet: {count} of {total} tracks needs review ({languages}).",
            "Not ready yet: {count} of {total} tracks need review ({languages}).",
            len(report.reviewing)).format(count=len(report.reviewing), total=total,
                                          languages=names)
    return "ready", ngettext("Ready to publish: {count} track is ready.",
                             "Ready to publish: all {count} tracks are ready.",
                             total).format(count=total)


def track_name(result: LanguageResult) -> str:
    """The track in words: its language's name (with "audio description" for those)."""
    if result.kind == DESCRIPTIONS:
        return _("{language} audio description").format(language=language_name(result.lang))
    return language_name(result.lang)


def where(result: LanguageResult, problem: Problem) -> str:
    """Where a problem is, in words: the time code and cue, or the file's line."""
    if problem.cue:
        return _("{time}, cue {cue}").format(time=result.cue_time(problem.cue),
                                             cue=problem.cue)
    if problem.line:
        return _("line {line} of the file").format(line=problem.line)
    return _("the whole file")


def by_cue(problems: Sequence[Problem]) -> list[list[Problem]]:
    """Problems grouped by their cue, in the film's order (problems of the whole file
    first, each on its own): one entry per cue, however many rules it breaks."""
    groups: dict[tuple[int, int], list[Problem]] = {}
    for i, p in enumerate(problems):
        groups.setdefault((p.cue, 0) if p.cue else (0, i), []).append(p)
    return [groups[key] for key in sorted(groups)]


def cue_lines(result: LanguageResult, problem: Problem) -> list[str]:
    """The visible lines of the problem's cue (none for a problem of the whole file)."""
    text = visible(result.cue_text(problem.cue)) if problem.cue else ""
    return [line for line in text.split("\n") if line.strip()]


# ------------------------------------------------------------------------------- Markdown


def _md_problems(result: LanguageResult, problems: Sequence[Problem]) -> list[str]:
    out = []
    for group in by_cue(problems):
        first = group[0]
        out.append(f"- **{where(result, first)}**")
        text = " / ".join(cue_lines(result, first))
        if text:
            out.append(f"  > {markdown(text)}")
            out.append("")
        for p in group:
            rule = _("rule: {rule}").format(rule=p.rule)
            out.append(f"  {markdown(p.message)} <sub>{rule}</sub>  ")
    return out


def _md_language(r: LanguageResult) -> str:
    return f"### {r.name} ({r.lang}): {markdown(r.path)}"


def _md_blocking(report: Report) -> list[str]:
    if not report.blocked:
        return []
    out = ["", "## " + _("What blocks publishing")]
    for r in report.blocked:
        out += ["", _md_language(r), "", _("Who fixes it: {who}").format(who=who_fixes(r)), ""]
        out += _md_problems(r, r.blockers)
    if report.commands.rebuild:
        out += ["", _("After the fixes, run {command} again.").format(
            command=f"`{report.commands.rebuild}`")]
    return out


def _md_review(report: Report) -> list[str]:
    if not report.reviewing:
        return []
    out = ["", "## " + _("What needs review")]
    for r in report.reviewing:
        out += ["", _md_language(r), "", review_counts(r) + ".", "",
                _("Who acts: {who}").format(who=who_fixes(r))]
        command = report.commands.todo.get(r.path)
        if command:
            out += ["", _("Send them the to-do list, made with: {command}").format(
                command=f"`{command}`")]
        out.append("")
        out += _md_problems(r, r.review)
    if not report.blocked and report.commands.publish_knowingly:
        out += ["", _("To publish them as they are, knowingly: {command}").format(
            command=f"`{report.commands.publish_knowingly}`")]
    return out


def _md_details(report: Report) -> list[str]:
    out = ["", "## " + _("Details"), "", "### " + _("Figures per language"), "",
           "| " + " | ".join(_figure_headings()) + " |", "|---|---|---:|---:|---:|---:|---:|"]
    out += ["| " + " | ".join(_figures(r)) + " |" for r in report.results]
    warnings = [(r, p) for r in report.tracks for p in report.other_warnings(r)]
    if warnings:
        out += ["", "### " + _("Warnings that do not block") + f" ({len(warnings)})"]
        for r in report.tracks:
            items = report.other_warnings(r)
            if items:
                out += ["", _md_language(r), "", *_md_problems(r, items)]
    if report.terms:
        out += ["", "### " + _("Terminology"), "",
                render_terms.render_markdown(report.terms, report.term_langs).rstrip("\n")]
    if report.fixes:
        out += ["", "### " + _("Fixed in the exported files"), "", _fixes_intro(report), ""]
        out += [f"- {lang}: {summary}" for lang, summary in report.fixes.items()]
    return out


def render_markdown(report: Report) -> str:
    """The build report as Markdown, in the order of the HTML page."""
    _kind, line = verdict(report)
    heading = _("Subtitle report")
    out = [f"# {heading}: {markdown(report.title)}", "", f"**{line}**"]
    out += _md_blocking(report) + _md_review(report) + _md_described(report)
    out += _md_details(report)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------- audio description


def description_fit(result: LanguageResult) -> str:
    """How many descriptions the track has and whether they fit, in words."""
    count = len(result.track.cues)
    bad = len({p.cue for p in result.problems
               if p.rule == "description-fit" and p.severity is Severity.ERROR})
    if not bad:
        return ngettext("{count} description; it fits in the pauses of the speech",
                        "{count} descriptions; they fit in the pauses of the speech",
                        count).format(count=count)
    return ngettext("{count} descriptions; {bad} does not fit in the pauses of the speech",
                    "{count} descriptions; {bad} do not fit in the pauses of the speech",
                    bad).format(count=count, bad=bad)


def described_state(version: DescribedVersion, *, this_run: bool = False) -> str:
    """What became of a described version of the film, in words; ``this_run`` tells a
    version made now from one kept from the last build (the summary says so; the report
    does not, so that a rebuild with unchanged inputs writes the same report)."""
    files = f"{version.audio}, {version.video}"
    if version.state == WRITTEN and this_run:
        return _("described version of the film written: {files}").format(files=files)
    if version.state == UNCHANGED and this_run:
        return _("described version of the film unchanged since the last build: "
                 "{files}").format(files=files)
    if version.exists:
        return _("described version of the film: {files}").format(files=files)
    if version.state == FAILED:
        return _("the described version of the film could not be made: {reason}").format(
            reason=version.reason)
    assert version.state == NOT_MADE
    return _("no described version of the film: {reason}").format(reason=version.reason)


def description_lines(report: Report) -> list[tuple[LanguageResult, list[str]]]:
    """Per description track: how it fits, the file written, its described version."""
    versions = {v.lang: v for v in report.described}
    out = []
    for r in report.descriptions:
        parts = [description_fit(r)]
        name = report.description_files.get(r.lang)
        if name:
            parts.append(_("written: {file}").format(file=name))
        if r.lang in versions:
            parts.append(described_state(versions[r.lang]))
        out.append((r, parts))
    return out


def description_notes(report: Report) -> list[str]:
    """What the descriptions were checked against, and which languages have none."""
    notes = [_("The descriptions were checked against the speech in the film.")
             if report.film_known else
             _("The film is not here: the descriptions were checked against the master's "
               "dialogue cues, not the film's own speech. Check them with the film before "
               "the described version is published.")]
    if report.undescribed:
        names = ", ".join(language_name(lang) for lang in report.undescribed)
        notes.append(_("Not described (no audio description track): {languages}.").format(
            languages=names))
    return notes


def _md_described(report: Report) -> list[str]:
    if not report.descriptions:
        return []
    out = ["", "## " + _("Audio description"), ""]
    for r, parts in description_lines(report):
        out.append(f"- **{r.name} ({r.lang})**, {markdown(r.path)}: "
                   + markdown("; ".join(parts)) + ".")
    for note in description_notes(report):
        out += ["", markdown(note)]
    return out


def _figure_headings() -> list[str]:
    return [_("Language"), _("Status"), _("Cues"), _("Errors"), _("Warnings"),
            _("Max. characters per second"), _("Median characters per second")]


def _figures(r: LanguageResult) -> list[str]:
    top, middle = cps_figures(r)
    return [f"{r.name} ({r.lang})", status_label(r.status), str(len(r.track.cues)),
            str(r.errors), str(r.warnings), decimal(top), decimal(middle)]


def _fixes_intro(report: Report) -> str:
    intro = _("The source files are unchanged.")
    if report.commands.apply_fixes:
        intro += " " + _("To apply these fixes to them: {command}").format(
            command=report.commands.apply_fixes)
    return intro


# ----------------------------------------------------------------------------------- HTML

_CSS = """
.verdict { font-weight: 700; padding: .5rem .75rem; border-inline-start: .4rem solid;
           margin: .5rem 0; }
.verdict.blocked { color: #8b0000; border-color: #a40000; background: #fff4f4; }
.verdict.review { color: #5c3d00; border-color: #b07800; background: #fffaf0; }
.verdict.ready { color: #0a5c1a; border-color: #0a6b1f; background: #f3fbf4; }
.film { margin: 0; color: #333; }
.who { margin: .25rem 0 .5rem; }
ol.problems { padding-inline-start: 1.5rem; margin: .5rem 0; }
li.problem { margin: 0 0 .9rem; }
li.problem p { margin: .1rem 0; }
.where { font-weight: 600; font-variant-numeric: tabular-nums; }
blockquote.cue { margin: .25rem 0; padding: .2rem .6rem; border-inline-start: 3px solid #999;
                 background: #f5f5f5; }
.rule { color: #555; }
td.ready { color: #0a5c1a; } td.blocked { color: #8b0000; font-weight: 700; }
td.needs-review { color: #5c3d00; font-weight: 700; }
"""


def _html_problem(result: LanguageResult, group: Sequence[Problem]) -> str:
    esc = html.escape
    lines = cue_lines(result, group[0])
    quote = (f'<blockquote class="cue" {text_attrs(result.lang)}>'
             + "<br>".join(esc(line) for line in lines) + "</blockquote>") if lines else ""
    what = []
    for p in group:
        rule = _("rule: {rule}").format(rule=p.rule)
        what.append(f'<p class="what">{esc(p.message)}</p>'
                    f'<p class="rule"><small>{esc(rule)}</small></p>')
    return (f'<li class="problem"><p class="where">{esc(where(result, group[0]))}</p>{quote}'
            + "".join(what) + "</li>")


def _html_problems(result: LanguageResult, problems: Sequence[Problem]) -> str:
    items = "\n".join(_html_problem(result, group) for group in by_cue(problems))
    return f'<ol class="problems">\n{items}\n</ol>'


def _html_language(r: LanguageResult, section: str, level: int = 3) -> str:
    esc = html.escape
    anchor = f"{r.lang}-{section}" if r.kind != DESCRIPTIONS \
        else f"{r.lang}-descriptions-{section}"
    return (f'<h{level} id="{esc(anchor)}"><span {text_attrs(r.lang)}>'
            f"{esc(r.name)}</span> ({esc(r.lang)}) – <code>{esc(r.path)}</code></h{level}>")


def _html_command(text: str, command: str) -> str:
    """``text`` with its ``{command}`` placeholder shown as code."""
    before, _sep, after = text.partition("{command}")
    return (f"<p>{html.escape(before)}<code>{html.escape(command)}</code>"
            f"{html.escape(after)}</p>")


def _opening(anchor: str, heading: str) -> tuple[str, str]:
    """The start of a section named by its heading."""
    return (f'<section aria-labelledby="{anchor}">',
            f'<h2 id="{anchor}">{html.escape(heading)}</h2>')


def _html_blocking(report: Report) -> str:
    if not report.blocked:
        return ""
    esc = html.escape
    parts = [*_opening("blocking", _("What blocks publishing"))]
    for r in report.blocked:
        who = _("Who fixes it: {who}").format(who=who_fixes(r))
        parts += [_html_language(r, "blocking"), f'<p class="who">{esc(who)}</p>',
                  _html_problems(r, r.blockers)]
    if report.commands.rebuild:
        parts.append(_html_command(_("After the fixes, run {command} again."),
                                   report.commands.rebuild))
    return "\n".join([*parts, "</section>"])


def _html_review(report: Report) -> str:
    if not report.reviewing:
        return ""
    esc = html.escape
    parts = [*_opening("review", _("What needs review"))]
    for r in report.reviewing:
        who = _("Who acts: {who}").format(who=who_fixes(r))
        parts += [_html_language(r, "review"), f"<p>{esc(review_counts(r))}.</p>",
                  f'<p class="who">{esc(who)}</p>']
        command = report.commands.todo.get(r.path)
        if command:
            parts.append(_html_command(_("Send them the to-do list, made with: {command}"),
                                       command))
        shown = ngettext("Show {count} cue", "Show the {count} cues", len(r.review)).format(
            count=len(r.review))
        parts.append(f"<details><summary>{esc(shown)}</summary>"
                     f"{_html_problems(r, r.review)}</details>")
    if not report.blocked and report.commands.publish_knowingly:
        parts.append(_html_command(_("To publish them as they are, knowingly: {command}"),
                                   report.commands.publish_knowingly))
    return "\n".join([*parts, "</section>"])


def _html_figures(report: Report) -> str:
    esc = html.escape
    head = "".join(f'<th scope="col"{" class=num" if i > 1 else ""}>{esc(h)}</th>'
                   for i, h in enumerate(_figure_headings()))
    rows = []
    for r in report.results:
        cells = _figures(r)
        status = r.status.value.replace(" ", "-")
        rows.append(f'<tr id="{esc(r.lang)}"><th scope="row"><span {text_attrs(r.lang)}>'
                    f"{esc(r.name)}</span> ({esc(r.lang)})</th>"
                    f'<td class="{status}">{esc(cells[1])}</td>'
                    + "".join(f'<td class="num">{esc(c)}</td>' for c in cells[2:]) + "</tr>")
    table = (f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows)
             + "\n</tbody></table>")
    return scroll_box(table, _("Figures per language"))


def _folded(title: str, body: str) -> str:
    return f"<details><summary>{html.escape(title)}</summary>\n{body}\n</details>"


def _html_warnings(report: Report) -> str:
    count = sum(len(report.other_warnings(r)) for r in report.tracks)
    if not count:
        return ""
    body = "\n".join(_html_language(r, "warnings")
                     + _html_problems(r, report.other_warnings(r))
                     for r in report.tracks if report.other_warnings(r))
    return _folded(_("Warnings that do not block") + f" ({count})", body)


def _html_described(report: Report) -> str:
    if not report.descriptions:
        return ""
    esc = html.escape
    items = []
    for r, parts in description_lines(report):
        items.append(f'<li><strong><span {text_attrs(r.lang)}>{esc(r.name)}</span> '
                     f"({esc(r.lang)})</strong> – <code>{esc(r.path)}</code>: "
                     f"{esc('; '.join(parts))}.</li>")
    notes = "".join(f"<p>{esc(note)}</p>" for note in description_notes(report))
    return "\n".join([*_opening("audio-description", _("Audio description")),
                      f"<ul>{''.join(items)}</ul>", notes, "</section>"])


def _html_details(report: Report) -> str:
    esc = html.escape
    parts = [*_opening("details", _("Details")),
             _folded(_("Figures per language"), _html_figures(report)), _html_warnings(report)]
    if report.timelines:
        parts.append(_folded(_("Timeline against the film"),
                             render_timeline.render_html(report.timelines)))
    if report.terms:
        table = render_terms.render_html(report.terms, report.term_langs)
        parts.append(_folded(_("Terminology"), scroll_box(table, _("Terminology"))))
    if report.fixes:
        items = "".join(f"<li><code>{esc(lang)}</code>: {esc(summary)}</li>"
                        for lang, summary in report.fixes.items())
        parts.append(_folded(_("Fixed in the exported files"),
                             f"<p>{esc(_fixes_intro(report))}</p><ul>{items}</ul>"))
    return "\n".join([*parts, "</section>"])


def render_html(report: Report) -> str:
    """The build report as one self-contained, escaped HTML page."""
    esc = html.escape
    kind, line = verdict(report)
    lead = f'<p class="film">{esc(report.title)}</p>\n<p class="verdict {kind}">{esc(line)}</p>'
    sections: list[Callable[[Report], str]] = [_html_blocking, _html_review, _html_described,
                                               _html_details]
    main = "\n".join(part for part in (build(report) for build in sections) if part)
    title = _("Subtitle report")
    return page.render(page.Page(title=f"{title} – {report.title}", heading=esc(title),
                                 lead=lead, main=main,
                                 css=_CSS + (render_timeline.CSS if report.timelines else "")))
