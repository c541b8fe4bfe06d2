"""The translators' to-do lists (``subtool diff --stale``): terminal, JSON, Markdown, HTML.

A list names the film, the day the German master last changed (the version the list
describes: the same master gives the same list, whenever it is made), and per language
every cue to translate again, in full: the German it was translated from, the German now
with the changed words marked, and the translation now; master cues that were split or
merged are named as such. Then what to do next: the steps and commands come from the
pipeline (this module never names a command-line option). Pages use the shared skeleton
(``page``), in the reader's language.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from subtool.core.timecode import format_short
from subtool.engine.diff import word_diff
from subtool.languages import native_name
from subtool.languages.i18n import _, language, ngettext
from subtool.render import diff as diffing
from subtool.render import page
from subtool.render.escape import markdown, terminal
from subtool.render.page import text_attrs
from subtool.translation.workflow import StaleItem

FORMATS = ("terminal", "html", "md", "json")


@dataclass(frozen=True)
class Step:
    """One thing to do next: what, in words, and the commands that do it."""

    text: str
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class TodoList:
    """One language's to-do list."""

    lang: str
    items: Sequence[StaleItem]
    steps: Sequence[Step] = ()


@dataclass(frozen=True)
class Todo:
    """The to-do lists of one film."""

    title: str
    master_lang: str
    lists: Sequence[TodoList]
    changed: date | None = None  # the day the master last changed


def kind_label(item: StaleItem) -> str:
    """What happened to the German of an item, in the reader's language."""
    if item.kind == "missing":
        return _("not translated yet")
    if item.change == "split":
        return _("German cue split")
    if item.change == "merged":
        return _("German cues merged")
    return _("German changed")


def explain(item: StaleItem) -> str:
    """A sentence for split and merged cues: which cues to cut or join ("" otherwise)."""
    masters = ", ".join(map(str, item.master_cues))
    if item.change == "split":
        return _("Your cue {cue} now covers the German cues {cues}: split it the same "
                 "way.").format(cue=item.cue, cues=masters)
    if item.change == "merged":
        return _("Your cues {cues} now share one German cue ({cue}): merge them.").format(
            cues=", ".join(map(str, item.cues)), cue=masters)
    return ""


def counts(items: Sequence[StaleItem]) -> str:
    """``3 cues to translate again, 1 cue not translated yet`` in the reader's language."""
    stale = sum(i.kind == "stale" for i in items)
    missing = sum(i.kind == "missing" for i in items)
    return ", ".join((
        ngettext("{count} cue to translate again", "{count} cues to translate again",
                 stale).format(count=stale),
        ngettext("{count} cue not translated yet", "{count} cues not translated yet",
                 missing).format(count=missing)))


def day(changed: date | None) -> str:
    """The date in the reader's language (``7. Dezember 2026``), from CLDR via Babel."""
    if changed is None:
        return ""
    from babel.dates import format_date  # noqa: PLC0415 - only to-do lists need it

    return str(format_date(changed, format="long", locale=language().replace("-", "_")))


def _about(todo: Todo) -> str:
    if todo.changed is None:
        return todo.title
    return _("{film} – German master of {date}").format(film=todo.title,
                                                          date=day(todo.changed))


# ---------------------------------------------------------------------------- terminal


def _marked(item: StaleItem) -> str:
    return "".join(t if op == "equal" else (f"[-{t}-]" if op == "delete" else f"{{+{t}+}}")
                   for op, t in word_diff(item.old_german, item.new_german))


def _terminal_item(lang: str, item: StaleItem) -> list[str]:
    where = (_("cue {cue} at {time}").format(cue=item.cue, time=format_short(item.start))
             if item.cue else _("at {time}").format(time=format_short(item.start)))
    lines = [f"  {where}: {kind_label(item)}"]
    if explain(item):
        lines.append(f"    {explain(item)}")
    if item.kind == "stale":
        lines.append("    " + _("German:") + f" {_marked(item)}")
        if item.change == "split":
            lines += [f"      {n}: {part}" for n, part in zip(item.master_cues, item.parts,
                                                            strict=True)]
        lines.append(f"    {lang}: {' / '.join(item.translation.splitlines())}")
    else:
        lines.append("    " + _("German:") + f" {item.new_german}")
    return lines


def render_terminal(todo: Todo) -> str:
    """A plain listing: per language its items, the changed German words marked."""
    lines = [_about(todo)]
    for todo_list in todo.lists:
        lines.append(f"{todo_list.lang}: {counts(todo_list.items)}")
        for item in todo_list.items:
            lines += _terminal_item(todo_list.lang, item)
    total = sum(len(t.items) for t in todo.lists)
    lines.append(ngettext("{count} item to do", "{count} items to do", total).format(
        count=total) if total else _("Nothing to do: every translation is current."))
    # The texts come from the files: their control characters are shown, never obeyed.
    return terminal("\n".join(lines)) + "\n"


# -------------------------------------------------------------------------------- JSON


def render_json(todo: Todo) -> str:
    """Every language's items as JSON: ``{lang: [item, …]}`` (a script's input)."""
    return json.dumps({t.lang: [item.__dict__ for item in t.items] for t in todo.lists},
                      ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------- table rows


def _rows(items: Sequence[StaleItem]) -> list[diffing.Row]:
    rows = []
    for item in items:
        words = word_diff(item.old_german, item.new_german)
        old = tuple(w for w in words if w[0] != "insert")
        new = tuple(w for w in words if w[0] != "delete")
        parts = list(item.parts) or [item.new_german]
        now = diffing.by_cue(new, parts) if len(parts) > 1 else (new,)
        translated = ", ".join(map(str, item.cues or ((item.cue,) if item.cue else ())))
        label = f"{kind_label(item)}\n{format_short(item.start)}"
        texts = item.translations or ((item.translation,) if item.translation else ())
        rows.append(diffing.Row(item.kind, (
            diffing.Cell("", (old,) if item.old_german else ()),
            diffing.Cell(", ".join(map(str, item.master_cues)), now),
            diffing.Cell(translated, tuple((("equal", text),) for text in texts))),
            label=label))
    return rows


def _columns(todo: Todo, lang: str) -> list[diffing.Column]:
    return [diffing.Column(_("German when translated"), todo.master_lang),
            diffing.Column(_("German now"), todo.master_lang),
            diffing.Column(_("{language} now").format(language=native_name(lang)), lang)]


# ---------------------------------------------------------------------------- Markdown


def _md_steps(steps: Sequence[Step]) -> list[str]:
    out = []
    for n, step in enumerate(steps, 1):
        out.append(f"{n}. {markdown(step.text)}")
        out += [f"   `{command}`" for command in step.commands]
    return out


def render_markdown(todo: Todo) -> str:
    """Markdown: per language a heading, its tables and the steps."""
    out = [f"# {markdown(_about(todo))}", ""]
    for t in todo.lists:
        heading = f"## {native_name(t.lang)} ({t.lang})"
        notes = [f"- {explain(i)}" for i in t.items if explain(i)]
        out.append(diffing.render_markdown_rows(_rows(t.items), _columns(todo, t.lang),
                                                heading=heading,
                                                summary_line=counts(t.items)))
        if notes:
            out += [*notes, ""]
        if t.items and t.steps:
            out += ["### " + _("What to do next"), "", *_md_steps(t.steps), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# -------------------------------------------------------------------------------- HTML

_CSS = """
ol.steps li { margin: .4rem 0; }
ol.steps code { display: block; margin: .2rem 0; padding: .2rem .4rem; background: #f3f3f3;
                overflow-wrap: anywhere; }
ul.notes li { margin: .2rem 0; }
"""


def _html_steps(steps: Sequence[Step]) -> str:
    esc = html.escape
    items = "".join(f"<li>{esc(s.text)}"
                    + "".join(f"<code>{esc(c)}</code>" for c in s.commands) + "</li>"
                    for s in steps)
    return f'<ol class="steps">{items}</ol>'


def _html_list(todo: Todo, t: TodoList, level: int) -> str:
    esc = html.escape
    parts = [f'<p class="summary">{esc(counts(t.items))}</p>']
    notes = "".join(f"<li>{esc(explain(i))}</li>" for i in t.items if explain(i))
    if notes:
        parts.append(f'<ul class="notes">{notes}</ul>')
    if t.items:
        parts.append(diffing.html_table(_rows(t.items), _columns(todo, t.lang)))
        if t.steps:
            steps_heading = _("What to do next")
            parts.append(f"<h{level}>{esc(steps_heading)}</h{level}>{_html_steps(t.steps)}")
    else:
        parts.append("<p>" + esc(_("Nothing to do: every translation is current.")) + "</p>")
    return "\n".join(parts)


def render_html(todo: Todo) -> str:
    """One page: a single language's list, or a section per language."""
    esc = html.escape
    lead = f"<p>{esc(_about(todo))}</p>"
    if len(todo.lists) == 1:
        (t,) = todo.lists
        title = _("To do for {language} ({lang})").format(language=native_name(t.lang),
                                                          lang=t.lang)
        before, _sep, after = _("To do for {language}").partition("{language}")
        heading = (f"{esc(before)}<span {text_attrs(t.lang)}>{esc(native_name(t.lang))}"
                   f"</span>{esc(after)} ({esc(t.lang)})")
        return page.render(page.Page(title=title, heading=heading,
                                     lead=lead, main=_html_list(todo, t, 2),
                                     css=diffing.CSS + _CSS))
    sections = []
    for t in todo.lists:
        sections.append(f'<section aria-labelledby="{esc(t.lang)}"><h2 id="{esc(t.lang)}">'
                        f"<span {text_attrs(t.lang)}>{esc(native_name(t.lang))}</span> "
                        f"({esc(t.lang)})</h2>\n{_html_list(todo, t, 3)}</section>")
    return page.render(page.Page(title=_("To-do lists for the translators"), lead=lead,
                                 main="\n".join(sections), css=diffing.CSS + _CSS))


def render(todo: Todo, fmt: str) -> str:
    """The to-do lists in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "json":
        return render_json(todo)
    if fmt == "html":
        return render_html(todo)
    if fmt == "md":
        return render_markdown(todo)
    return render_terminal(todo)
