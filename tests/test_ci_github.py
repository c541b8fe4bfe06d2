"""What a GitHub Actions job shows: annotations for the first problems of each kind (GitHub
shows 10 per kind and step and drops the rest silently), every other problem in a log group
with workflow commands stopped, and a Markdown job summary in which no text from a subtitle
file can become a link, HTML or a table cell (rendered by a real Markdown parser)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import run_subtool as run
from helpers import srt_text
from markdown_it import MarkdownIt

from subtool.core.model import Problem, Severity
from subtool.engine.check import FileResult
from subtool.render.check import (
    ANNOTATIONS_PER_KIND,
    SUMMARY_PROBLEMS,
    render_github,
    render_summary,
)

LONG = "Diese Zeile ist viel zu lang für einen Untertitel im Seniorenbüro"


def _many(errors: int, warnings: int, path: str = "de.srt") -> FileResult:
    problems = [Problem(path, "line-length", Severity.ERROR, n, n * 4, f"error {n}")
                for n in range(1, errors + 1)]
    problems += [Problem(path, "min-gap", Severity.WARNING, n, n * 4, f"warning {n}")
                 for n in range(1, warnings + 1)]
    return FileResult(path, "de", "srt", max(errors, warnings), tuple(problems))


def _commands(text: str, kind: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"::{kind} ")]


def test_github_limit_is_githubs() -> None:
    assert ANNOTATIONS_PER_KIND == 10


def test_annotations_are_capped_per_kind_and_the_rest_listed() -> None:
    out = render_github([_many(25, 15)])
    assert len(_commands(out, "error")) == 10
    assert len(_commands(out, "warning")) == 10
    # The first ones are annotated, in order.
    assert _commands(out, "error")[0].endswith("::cue 1: error 1")
    assert _commands(out, "error")[-1].endswith("::cue 10: error 10")
    group = out[out.index("::group::"):out.index("::endgroup::")]
    assert "20 more problems" in group
    assert "de.srt:44: cue 11: [line-length] error: error 11" in group
    assert "de.srt:60: cue 15: [min-gap] warning: warning 15" in group
    assert "15 errors, 5 warnings not annotated" in out.splitlines()[-1]


def test_nothing_extra_under_the_cap() -> None:
    out = render_github([_many(10, 3)])
    assert len(_commands(out, "error")) == 10
    assert "::group::" not in out
    assert "not annotated" not in out


def test_listed_problems_cannot_issue_workflow_commands() -> None:
    evil = "::error file=x::injected"
    result = FileResult("de.srt", "de", "srt", 3, (
        *_many(11, 0).problems,
        Problem(evil + ".srt", "markup", Severity.ERROR, 12, 50, "line\n::add-mask::secret"),
    ))
    out = render_github([result]).splitlines()
    stop = next(i for i, line in enumerate(out) if line.startswith("::stop-commands::"))
    token = out[stop].split("::")[2]
    resume = out.index(f"::{token}::")
    assert stop < resume
    listed = out[stop + 1:resume]
    assert any(line.startswith(evil) for line in listed)
    assert "::add-mask::secret" in listed
    assert token not in "\n".join(listed)


def test_cli_max_annotations(tmp_path: Path) -> None:
    cues = [(n * 3000, n * 3000 + 2500, LONG) for n in range(14)]
    (tmp_path / "de.srt").write_text(srt_text(cues), encoding="utf-8")
    totals = json.loads(run("check", "--format", "json", "de.srt", cwd=tmp_path).stdout)[
        "summary"]
    # The 500 ms gaps between the cues are notices (gaps to chain), counted after the errors.
    errors, notices = totals["errors"], totals["infos"]
    assert errors > 10
    default = run("check", "--format", "github", "de.srt", cwd=tmp_path)
    assert default.returncode == 1
    assert len(_commands(default.stdout, "error")) == 10
    assert f"{errors - 10} errors, {notices - 10} notices not annotated" in default.stdout
    three = run("check", "--format", "github", "--max-annotations", "3", "de.srt", cwd=tmp_path)
    assert len(_commands(three.stdout, "error")) == 3
    assert f"{errors - 3} errors, {notices - 3} notices not annotated" in three.stdout
    bad = run("check", "--format", "github", "--max-annotations", "-1", "de.srt", cwd=tmp_path)
    assert bad.returncode == 2


# ---------------------------------------------------------------------------- job summary

class _Page(HTMLParser):
    """Elements and the cells of each table row, as a browser would build them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1


def _html(markdown: str) -> _Page:
    # GitHub-flavoured tables, raw HTML passed through (as GitHub does for the tags it allows).
    page = _Page()
    page.feed(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))
    return page


HOSTILE = ("a | b <img src=x onerror=alert(1)> [click](https://example.org) *bold* `code` "
           "@someone #12 :x: &amp; <script>alert(2)</script>\nsecond line | cell")


def test_summary_escapes_file_names_and_messages() -> None:
    name = "Folge|1 <b>[x](javascript:alert(1))</b>.de.srt"
    result = FileResult(name, "de", "srt", 2, (
        Problem(name, "markup", Severity.ERROR, 1, 3, HOSTILE),
        Problem(name, "line-length", Severity.WARNING, 2, 7, "ok"),
    ))
    text = render_summary([result])
    page = _html(text)
    assert {tag for tag, _ in page.tags} <= {"h2", "h3", "table", "thead", "tbody", "tr", "th",
                                             "td", "p", "br"}
    # Every row of the files table has 6 cells, of the problems table 5: nothing split a cell.
    assert page.rows == [6, 6, 5, 5, 5]
    assert "@someone" not in text.replace("\\@", "")
    assert "#12" not in text.replace("\\#", "")


def test_summary_escaping_can_fail() -> None:
    # The same hostile text, unescaped, does make HTML and extra cells with this parser.
    page = _html("| a | b |\n|---|---|\n| " + HOSTILE.replace("\n", " ") + " | x |\n")
    assert "img" in {tag for tag, _ in page.tags}
    assert "a" in {tag for tag, _ in page.tags}


def test_summary_of_a_real_check_in_a_cli_run(tmp_path: Path) -> None:
    cue = "<img src=x onerror=alert(1)>Hallo | Welt"
    (tmp_path / "de.srt").write_text(srt_text([(1000, 3000, cue)]), encoding="utf-8")
    result = run("check", "--format", "summary", "de.srt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # markup is a warning
    assert result.stdout.startswith("## Subtitle check passed: 0 errors, ")
    assert "img src" in result.stdout
    assert "img" not in {tag for tag, _ in _html(result.stdout).tags}
    strict = run("check", "--format", "summary", "--strict", "de.srt", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout.startswith("## Subtitle check failed:")


def test_summary_counts_per_file_and_caps_the_problem_list() -> None:
    results = [_many(30, 5, "subtitles/tr.srt"), _many(0, 2, "subtitles/ar.srt"),
               FileResult("subtitles/de.srt", "de", "srt", 115, ())]
    text = render_summary(results)
    assert text.splitlines()[0] == ("## Subtitle check failed: 30 errors, 7 warnings in "
                                    "3 files (1 clean)")
    assert "| subtitles/tr.srt | de | 30 | 30 | 5 | 0 |" in text
    assert "| subtitles/ar.srt | de | 2 | 0 | 2 | 0 |" in text
    assert "subtitles/de.srt" not in text  # clean files are counted, not listed
    rows = [line for line in text.splitlines() if re.match(r"\| subtitles/\w+\.srt:\d+ ", line)]
    assert len(rows) == SUMMARY_PROBLEMS
    assert all("| error |" in row for row in rows)  # errors first
    assert f"### First {SUMMARY_PROBLEMS} problems" in text
    assert f"{37 - SUMMARY_PROBLEMS} more problems" in text


@pytest.mark.parametrize("results", [[], [FileResult("de.srt", "de", "srt", 3, ())]])
def test_summary_when_all_is_clean(results: list[FileResult]) -> None:
    text = render_summary(results)
    assert text.startswith("## Subtitle check passed: 0 errors, 0 warnings")
    assert "|" not in text
