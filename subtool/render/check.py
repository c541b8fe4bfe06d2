"""Render check results for people and machines: text, JSON, GitHub, JUnit, SARIF.

Pure functions from results to strings; the CLI decides where they go. Colour is plain ANSI
(only when asked for, i.e. on a terminal) so that ``subtool check`` starts fast without
importing a rendering library.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from subtool import __version__
from subtool.core.model import Problem, Severity
from subtool.engine.check import FileResult
from subtool.render.escape import terminal
from subtool.rules import BY_ID, RULES

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def location(p: Problem) -> str:
    """``path:line: cue N:`` for a problem, leaving out what is unknown (control characters
    of a file name shown as escapes)."""
    where = f"{terminal(p.path)}:{p.line}:" if p.line else f"{terminal(p.path)}:"
    return f"{where} cue {p.cue}:" if p.cue else where


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    """Totals over all files."""
    problems = [p for r in results for p in r.problems]
    return {
        "files": len(results),
        "clean_files": sum(1 for r in results if not r.problems),
        "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
        "warnings": sum(1 for p in problems if p.severity is Severity.WARNING),
        "infos": sum(1 for p in problems if p.severity is Severity.INFO),
    }


def render_text(results: Sequence[FileResult], *, color: bool = False) -> str:
    """Problems grouped by file, one per line, and a one-line summary."""
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out: list[str] = []
    for result in results:
        if not result.problems:
            continue
        lang = f"{result.lang}, " if result.lang else ""
        out.append(paint(terminal(result.path), _BOLD)
                   + paint(f" ({lang}{_plural(result.cues, 'cue')})", _DIM))
        for p in result.problems:
            sev = paint(p.severity.value, _COLOURS[p.severity])
            # Problems quote the file (a word, a line that cannot be read): its control
            # characters must not reach the terminal as commands.
            out.append(f"{location(p)} [{p.rule}] {sev}: {terminal(p.message)}")
        out.append("")
    s = summary(results)
    totals = f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}"
    if s["infos"]:
        totals += f", {s['infos']} info"
    line = f"{totals} in {_plural(s['files'], 'file')} ({s['clean_files']} clean)"
    code = _COLOURS[Severity.ERROR] if s["errors"] else (
        _COLOURS[Severity.WARNING] if s["warnings"] else "\x1b[32m")
    out.append(paint(line, code))
    return "\n".join(out) + "\n"


def render_json(results: Sequence[FileResult]) -> str:
    """One JSON object: ``problems`` (the documented keys), ``files`` and ``summary``."""
    doc = {
        "tool": {"name": "subtool", "version": __version__},
        "summary": summary(results),
        "files": [{"path": r.path, "lang": r.lang, "format": r.format, "cues": r.cues,
                   "errors": r.count(Severity.ERROR), "warnings": r.count(Severity.WARNING)}
                  for r in results],
        "problems": [p.as_dict() for r in results for p in r.problems],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[FileResult]) -> str:
    """GitHub Actions workflow commands: one annotation per problem on its file and line."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for r in results:
        for p in r.problems:
            props = f"file={_gh_property(terminal(p.path))}"
            if p.line:
                props += f",line={p.line}"
            props += f",title={_gh_property('subtool ' + p.rule)}"
            cue = f"cue {p.cue}: " if p.cue else ""
            out.append(f"::{level[p.severity]} {props}::{_gh_data(terminal(cue + p.message))}")
    return "\n".join(out) + ("\n" if out else "")


def render_junit(results: Sequence[FileResult], *, strict: bool = False) -> str:
    """JUnit XML: one test case per file, failing when it has blocking problems."""
    threshold = Severity.WARNING.rank if strict else Severity.ERROR.rank
    cases = []
    failures = 0
    for r in results:
        blocking = [p for p in r.problems if p.severity.rank >= threshold]
        other = [p for p in r.problems if p.severity.rank < threshold]
        body = ""
        if blocking:
            failures += 1
            # terminal(): XML 1.0 cannot hold control characters either.
            text = "\n".join(f"{location(p)} [{p.rule}] {terminal(p.message)}" for p in blocking)
            body += (f'<failure message="{escape(_plural(len(blocking), "problem"))}" '
                     f'type="subtool">{escape(text)}</failure>')
        if other:
            text = "\n".join(f"{location(p)} [{p.rule}] {p.severity.value}: "
                             f"{terminal(p.message)}" for p in other)
            body += f"<system-out>{escape(text)}</system-out>"
        cases.append(f'  <testcase classname="subtool.check" name="{escape(terminal(r.path))}">'
                     f"{body}</testcase>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="subtool check" tests="{len(results)}" failures="{failures}">\n'
            f'<testsuite name="subtool check" tests="{len(results)}" failures="{failures}" '
            f'errors="0">\n' + "\n".join(cases) + ("\n" if cases else "")
            + "</testsuite>\n</testsuites>\n")


def render_sarif(results: Sequence[FileResult]) -> str:
    """SARIF 2.1.0 with rule metadata, for code-scanning uploads."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    index = {rule.id: i for i, rule in enumerate(RULES)}
    rules = [{
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.strip().split("\n\n", 1)[-1].strip() or rule.summary},
        "help": {"text": rule.doc.strip()},
        "defaultConfiguration": {"level": level[rule.severity]},
    } for rule in RULES]
    sarif_results = []
    for r in results:
        for p in r.problems:
            physical: dict[str, object] = {"artifactLocation": {"uri": p.path.replace("\\", "/")}}
            if p.line:
                physical["region"] = {"startLine": p.line}
            item: dict[str, object] = {
                "ruleId": p.rule,
                "level": level[p.severity],
                "message": {"text": (f"cue {p.cue}: " if p.cue else "") + p.message},
                "locations": [{"physicalLocation": physical}],
            }
            if p.rule in BY_ID:
                item["ruleIndex"] = index[p.rule]
            sarif_results.append(item)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "subtool", "version": __version__, "rules": rules}},
            "results": sarif_results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class OutputFormat:
    """One way to write a check's results; the CLI's ``--format`` help is made from these."""

    name: str
    description: str
    render: Callable[[Sequence[FileResult], bool, bool], str]  # (results, color, strict)


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("text", "grouped by file, for people",
                 lambda results, color, _strict: render_text(results, color=color)),
    OutputFormat("json", "one object: problems, files, summary",
                 lambda results, _color, _strict: render_json(results)),
    OutputFormat("github", "GitHub Actions annotations",
                 lambda results, _color, _strict: render_github(results)),
    OutputFormat("junit", "a JUnit XML test case per file",
                 lambda results, _color, strict: render_junit(results, strict=strict)),
    OutputFormat("sarif", "SARIF 2.1.0 for code scanning",
                 lambda results, _color, _strict: render_sarif(results)),
)}


def render(results: Sequence[FileResult], fmt: str, *, color: bool = False,
           strict: bool = False) -> str:
    """Render in one of ``FORMATS``."""
    return FORMATS[fmt].render(results, color, strict)
