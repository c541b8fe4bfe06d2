"""Render check results for people and machines: text, JSON, GitHub, JUnit, SARIF and a
Markdown job summary.

Pure functions from results to strings; the CLI decides where they go. Colour is plain ANSI
(only when asked for, i.e. on a terminal) so that ``subtool check`` starts fast without
importing a rendering library.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import NamedTuple

from subtool import __version__
from subtool.core.model import Problem, Severity
from subtool.engine.check import FileResult
from subtool.render.escape import name, terminal
from subtool.rules import RULES

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def location(p: Problem) -> str:
    """``path:line: cue N:`` for a problem, leaving out what is unknown (control characters
    of a file name shown as escapes)."""
    where = f"{name(p.path)}:{p.line}:" if p.line else f"{name(p.path)}:"
    return f"{where} cue {p.cue}:" if p.cue else where


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    """Totals over all files."""
    return {
        "files": len(results),
        "clean_files": sum(1 for r in results if not r.problems),
        "errors": sum(r.count_of(Severity.ERROR) for r in results),
        "warnings": sum(r.count_of(Severity.WARNING) for r in results),
        "infos": sum(r.count_of(Severity.INFO) for r in results),
    }


def render_text(results: Sequence[FileResult], *, color: bool = False) -> str:
    """Problems grouped by file, one per line, and a one-line summary."""
    return "".join(text_chunks(results, color=color))


# Problems per piece of a streamed report: pieces of a few hundred kilobytes.
_CHUNK = 2000


def text_chunks(results: Sequence[FileResult], *, color: bool = False) -> Iterator[str]:
    """``render_text`` in pieces, so that a report of a million problems is written as it
    is made instead of being held as one string."""
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    severities = {s: paint(s.value, _COLOURS[s]) for s in Severity}
    for result in results:
        if not result.problems:
            continue
        lang = f"{result.lang}, " if result.lang else ""
        yield paint(name(result.path), _BOLD) + paint(
            f" ({lang}{_plural(result.cues, 'cue')})", _DIM) + "\n"
        problems = result.problems
        # Problems quote the file (a word, a line that cannot be read): its control
        # characters must not reach the terminal as commands.
        for start in range(0, len(problems), _CHUNK):
            yield "".join([f"{location(p)} [{p.rule}] {severities[p.severity]}: "
                           f"{terminal(p.message)}\n"
                           for p in problems[start:start + _CHUNK]])
        yield "\n"
    s = summary(results)
    totals = f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}"
    if s["infos"]:
        totals += f", {s['infos']} info"
    line = f"{totals} in {_plural(s['files'], 'file')} ({s['clean_files']} clean)"
    code = _COLOURS[Severity.ERROR] if s["errors"] else (
        _COLOURS[Severity.WARNING] if s["warnings"] else "\x1b[32m")
    yield paint(line, code) + "\n"


def render_json(results: Sequence[FileResult]) -> str:
    """One JSON object: ``problems`` (the documented keys), ``files`` and ``summary``."""
    return "".join(json_chunks(results))


def json_chunks(results: Sequence[FileResult]) -> Iterator[str]:
    """``render_json`` in pieces: the small parts indented, then one problem per line.

    Every string goes through the json module's C encoder and no problem becomes a dict
    first: ``json.dumps(..., indent=2)`` runs the pure-Python encoder (5.6 µs a problem
    instead of about 1 here), and the whole report as one string took gigabytes at a
    million cues.
    """
    # json only for JSON reports (start-up time of the others); encode_basestring is the C
    # function when the interpreter has it, as CPython does.
    import json  # noqa: PLC0415
    from json.encoder import encode_basestring  # noqa: PLC0415

    dumps = json.dumps
    yield (f'{{\n  "tool": {dumps({"name": "subtool", "version": __version__})},\n'
           f'  "summary": {dumps(summary(results))},\n  "files": [')
    yield ",".join("\n    " + dumps({
        "path": r.path, "lang": r.lang, "format": r.format, "cues": r.cues,
        "errors": r.count_of(Severity.ERROR), "warnings": r.count_of(Severity.WARNING)},
        ensure_ascii=False) for r in results)
    yield ("\n  " if results else "") + '],\n  "problems": ['
    # Each path, rule and severity's start of a line, encoded once.
    heads: dict[tuple[str, str, Severity], str] = {}

    def head(p: Problem) -> str:
        key = (p.path, p.rule, p.severity)
        found = heads[key] = (f'{{"path": {encode_basestring(p.path)}, "rule": '
                              f'{encode_basestring(p.rule)}, "severity": "{p.severity.value}", '
                              '"cue": ')
        return found

    first = True
    for r in results:
        problems = r.problems
        for start in range(0, len(problems), _CHUNK):
            lines = [f'{heads.get((p.path, p.rule, p.severity)) or head(p)}'
                     f'{"null" if p.cue is None else p.cue}, '
                     f'"line": {"null" if p.line is None else p.line}, '
                     f'"message": {encode_basestring(p.message)}}}'
                     for p in problems[start:start + _CHUNK]]
            yield ("\n    " if first else ",\n    ") + ",\n    ".join(lines)
            first = False
    yield ("\n  " if not first else "") + "]\n}\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


# GitHub shows 10 error, 10 warning and 10 notice annotations per step (and 50 per job) and
# drops the rest without a word (actions/toolkit, docs/problem-matchers.md, "Limitations").
ANNOTATIONS_PER_KIND = 10


def render_github(results: Sequence[FileResult], *, limit: int = ANNOTATIONS_PER_KIND) -> str:
    """GitHub Actions workflow commands: an annotation on its file and line for the first
    ``limit`` problems of each severity; the others as plain lines in a collapsed log group,
    with a line saying how many were not annotated."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    shown = dict.fromkeys(Severity, 0)
    out, rest = [], []
    for r in results:
        for p in r.problems:
            if shown[p.severity] >= limit:
                rest.append(f"{location(p)} [{p.rule}] {p.severity.value}: "
                            f"{terminal(p.message)}")
                continue
            shown[p.severity] += 1
            props = f"file={_gh_property(terminal(p.path))}"
            if p.line:
                props += f",line={p.line}"
            props += f",title={_gh_property('subtool ' + p.rule)}"
            cue = f"cue {p.cue}: " if p.cue else ""
            out.append(f"::{level[p.severity]} {props}::{_gh_data(terminal(cue + p.message))}")
    if rest:
        import hashlib  # noqa: PLC0415  (only when there is more than the cap)

        # Workflow commands in the listed text would be obeyed: a message quoting "::error"
        # must stay a line of the log, so the group is printed with commands stopped.
        token = hashlib.sha256("\n".join(rest).encode("utf-8", "surrogateescape")).hexdigest()
        out.append(f"::group::{_plural(len(rest), 'more problem')} (not annotated)")
        out.append(f"::stop-commands::{token}")
        out.extend(rest)
        out.append(f"::{token}::")
        out.append("::endgroup::")
        out.append(_not_annotated(results, limit))
    return "\n".join(out) + ("\n" if out else "")


def _not_annotated(results: Sequence[FileResult], limit: int) -> str:
    totals = summary(results)
    over = [_plural(totals[key] - limit, name) for key, name in (
        ("errors", "error"), ("warnings", "warning"), ("infos", "notice")) if totals[key] > limit]
    why = (f"annotations for the first {limit} of each kind; GitHub shows at most 10 per kind "
           "and step" if limit else "annotations are turned off")
    return f"{', '.join(over)} not annotated ({why}): every problem is listed in the group above."


def render_junit(results: Sequence[FileResult], *, strict: bool = False) -> str:
    """JUnit XML: one test case per file, failing when it has blocking problems."""
    from html import escape  # noqa: PLC0415 - JUnit only: start-up time of the others

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
        cases.append(f'  <testcase classname="subtool.check" name="{escape(name(r.path))}">'
                     f"{body}</testcase>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="subtool check" tests="{len(results)}" failures="{failures}">\n'
            f'<testsuite name="subtool check" tests="{len(results)}" failures="{failures}" '
            f'errors="0">\n' + "\n".join(cases) + ("\n" if cases else "")
            + "</testsuite>\n</testsuites>\n")


# Where people learn about subtool and each rule, linked from code-scanning alerts (SARIF
# informationUri, helpUri). Set it to the repository's address when it is published, together
# with [project.urls] in pyproject.toml (tests/test_ci_sarif.py checks that both agree).
HOME_PAGE = "https://subtool.invalid/"
RULES_PAGE = HOME_PAGE + "#rules"

# Results are matched across runs by this key of partialFingerprints; a new way of computing
# it needs a new version suffix (SARIF 2.1.0, result.partialFingerprints).
FINGERPRINT = "subtoolProblem/v1"

# A relative URI is resolved against the checkout (GitHub reads relative paths as relative to
# the repository's root); the symbol is the one CodeQL uses.
SOURCE_ROOT = "%SRCROOT%"

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_DIGITS = re.compile(r"\d+")


def artifact_location(path: str) -> dict[str, str]:
    """A SARIF ``artifactLocation`` for a path as shown: a percent-encoded URI (a space, a
    colon or a non-ASCII letter in a file name is not valid in a URI), relative to the
    source root, or an absolute ``file:`` URI for an absolute path."""
    if _DRIVE.match(path):
        return {"uri": PureWindowsPath(path).as_uri()}
    posix = path.replace("\\", "/") if os.sep == "\\" else path
    if posix.startswith("/"):
        return {"uri": PurePosixPath(posix).as_uri()}
    from urllib.parse import quote  # noqa: PLC0415  (SARIF only: start-up time)

    # Only unreserved characters and "/" stay as they are; "surrogateescape" keeps file
    # names that are not valid UTF-8 as the bytes they are.
    return {"uri": quote(posix.encode("utf-8", "surrogateescape"), safe="/"),
            "uriBaseId": SOURCE_ROOT}


def _identity(p: Problem, texts: Mapping[int, str]) -> str:
    """What a problem is about, without its position: the cue's text, or the message with its
    numbers left out (a line or cue number moves when a cue is added above)."""
    if p.cue is not None and p.cue in texts:
        return "cue\x00" + texts[p.cue]
    return "message\x00" + _DIGITS.sub("#", p.message)


def fingerprints(result: FileResult) -> list[str]:
    """A stable fingerprint per problem of ``result``: rule, file and the cue's text (the n-th
    problem of the same rule on the same text in the file counts as itself), never a line
    number, so a problem keeps its alert when cues are added or removed above it."""
    import hashlib  # noqa: PLC0415  (SARIF only: start-up time)

    seen: dict[tuple[str, str], int] = {}
    out = []
    for p in result.problems:
        key = (p.rule, _identity(p, result.texts))
        n = seen.get(key, 0)
        seen[key] = n + 1
        parts = (p.rule, result.path, key[1], str(n))
        out.append(hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape"))
                   .hexdigest()[:32])
    return out


def _rule_name(rule_id: str) -> str:
    # SARIF's name is a readable identifier distinct from the id: "line-length" -> LineLength.
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _sarif_rules() -> list[dict[str, object]]:
    rules: list[dict[str, object]] = []
    for rule in RULES:
        doc = rule.doc.strip()
        rules.append({
            "id": rule.id,
            "name": _rule_name(rule.id),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": doc.split("\n\n", 1)[-1].strip() or rule.summary},
            "helpUri": RULES_PAGE,
            "help": {"text": doc or rule.summary},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"tags": ["subtitles"]},
        })
    return rules


def _sarif_result(p: Problem, fingerprint: str, index: dict[str, int]) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": artifact_location(p.path)}
    if p.line:
        physical["region"] = {"startLine": p.line}
    item: dict[str, object] = {
        "ruleId": p.rule,
        "level": _SARIF_LEVEL[p.severity],
        "message": {"text": (f"cue {p.cue}: " if p.cue else "") + p.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if p.rule in index:
        item["ruleIndex"] = index[p.rule]
    return item


def render_sarif(results: Sequence[FileResult]) -> str:
    """SARIF 2.1.0 for code scanning: every rule's metadata and help, results with
    percent-encoded relative URIs and stable ``partialFingerprints``."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    sarif_results = [_sarif_result(p, fingerprint, index)
                     for r in results
                     for p, fingerprint in zip(r.problems, fingerprints(r), strict=True)]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "subtool", "version": __version__,
                                "semanticVersion": __version__, "informationUri": HOME_PAGE,
                                "rules": _sarif_rules()}},
            "results": sarif_results,
        }],
    }
    import json  # noqa: PLC0415 - SARIF only: start-up time of the others

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# The job summary is for a glance: the files table and the first problems, errors first;
# everything else is in the annotations' log group and the SARIF upload. GitHub accepts at
# most 1 MiB of summary per step; these caps keep it to a few kilobytes.
SUMMARY_FILES = 50
SUMMARY_PROBLEMS = 20
SUMMARY_MESSAGE_CHARS = 300


def _md(text: str) -> str:
    """File names and messages as literal text in a Markdown table cell (no mention,
    reference, link or HTML survives: see ``render.escape.markdown``)."""
    from subtool.render.escape import markdown  # noqa: PLC0415

    return markdown(text)


def _clip(text: str) -> str:
    return text if len(text) <= SUMMARY_MESSAGE_CHARS else \
        text[:SUMMARY_MESSAGE_CHARS - 1].rstrip() + "…"


def _summary_files(results: Sequence[FileResult]) -> list[str]:
    with_problems = [r for r in results if r.problems]
    if not with_problems:
        return []
    out = ["| file | language | cues | errors | warnings | info |",
           "|---|---|--:|--:|--:|--:|"]
    out += [f"| {_md(r.path)} | {_md(r.lang or '')} | {r.cues} | {r.count_of(Severity.ERROR)} | "
            f"{r.count_of(Severity.WARNING)} | {r.count_of(Severity.INFO)} |"
            for r in with_problems[:SUMMARY_FILES]]
    if len(with_problems) > SUMMARY_FILES:
        out.append(f"\n{_plural(len(with_problems) - SUMMARY_FILES, 'more file')} with problems.")
    return ["", *out]


def _summary_problems(results: Sequence[FileResult]) -> list[str]:
    problems = sorted((p for r in results for p in r.problems),
                      key=lambda p: -p.severity.rank)  # stable: file order within a severity
    if not problems:
        return []
    first = problems[:SUMMARY_PROBLEMS]
    out = ["", f"### First {_plural(len(first), 'problem')}" if len(problems) > len(first)
           else "### Problems", "",
           "| where | cue | rule | severity | message |", "|---|--:|---|---|---|"]
    for p in first:
        where = f"{p.path}:{p.line}" if p.line else p.path
        out.append(f"| {_md(where)} | {p.cue or ''} | {_md(p.rule)} | {p.severity.value} | "
                   f"{_md(_clip(p.message))} |")
    if len(problems) > len(first):
        out += ["", f"{_plural(len(problems) - len(first), 'more problem')}: in the SARIF "
                "results (code scanning), the step's log, or a local run of subtool check."]
    return out


def render_summary(results: Sequence[FileResult], *, strict: bool = False) -> str:
    """A Markdown job summary (for ``$GITHUB_STEP_SUMMARY``): the verdict and totals, a table
    of the files with problems, and the first problems, errors first. Text from files (names,
    messages quoting cues) is escaped, so a cue cannot add links, HTML or table cells."""
    s = summary(results)
    blocking = s["errors"] + (s["warnings"] if strict else 0)
    totals = f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}"
    if s["infos"]:
        totals += f", {s['infos']} info"
    verdict = "failed" if blocking else "passed"
    out = [f"## Subtitle check {verdict}: {totals} in {_plural(s['files'], 'file')} "
           f"({s['clean_files']} clean)"]
    out += _summary_files(results)
    out += _summary_problems(results)
    return "\n".join(out) + "\n"


class OutputFormat(NamedTuple):
    """One way to write a check's results; the CLI's ``--format`` help is made from these."""

    name: str
    description: str
    render: Callable[[Sequence[FileResult], bool, bool], str]  # (results, color, strict)


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("text", "grouped by file, for people",
                 lambda results, color, _strict: render_text(results, color=color)),
    OutputFormat("json", "one object: problems, files, summary",
                 lambda results, _color, _strict: render_json(results)),
    OutputFormat("github", "GitHub Actions annotations (the first of each kind; the rest "
                 "in a log group)",
                 lambda results, _color, _strict: render_github(results)),
    OutputFormat("junit", "a JUnit XML test case per file",
                 lambda results, _color, strict: render_junit(results, strict=strict)),
    OutputFormat("sarif", "SARIF 2.1.0 for code scanning",
                 lambda results, _color, _strict: render_sarif(results)),
    OutputFormat("summary", "a Markdown job summary (GitHub's $GITHUB_STEP_SUMMARY)",
                 lambda results, _color, strict: render_summary(results, strict=strict)),
)}


def render(results: Sequence[FileResult], fmt: str, *, color: bool = False,
           strict: bool = False, max_annotations: int = ANNOTATIONS_PER_KIND) -> str:
    """Render in one of ``FORMATS`` (``max_annotations``: per kind, for ``github``)."""
    if fmt == "github":
        return render_github(results, limit=max_annotations)
    return FORMATS[fmt].render(results, color, strict)


def render_chunks(results: Sequence[FileResult], fmt: str, *, color: bool = False,
                  strict: bool = False,
                  max_annotations: int = ANNOTATIONS_PER_KIND) -> Iterator[str]:
    """``render`` in pieces where the format can be written as it is made (text, JSON)."""
    if fmt == "text":
        return text_chunks(results, color=color)
    if fmt == "json":
        return json_chunks(results)
    return iter((render(results, fmt, color=color, strict=strict,
                        max_annotations=max_annotations),))
