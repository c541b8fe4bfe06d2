"""The build report for the people who act: what blocks first (time code, the cue's text,
what is wrong in plain words, who fixes it; the rule id as small print), then what needs
review (who acts, the to-do list to send), then the details folded; HTML and Markdown in
the same order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import run_subtool as run
from projects import block_tracks, copy_film, edit_master

from subtool.core.model import Cue, Problem, Severity, Track
from subtool.engine.status import LanguageResult
from subtool.render import build_report
from subtool.render.build_report import Commands, Report


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The film after a master edit, with an over-long English line and a Turkish overlap,
    built by the real command."""
    project = copy_film(tmp_path_factory.mktemp("broken"))
    edit_master(project)
    block_tracks(project)
    result = run("build", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    return project / "dist"


def _positions(text: str, *marks: str) -> list[int]:
    found = [text.find(mark) for mark in marks]
    assert all(i >= 0 for i in found), [m for m, i in zip(marks, found, strict=True) if i < 0]
    return found


def test_html_report_puts_what_blocks_first(broken: Path) -> None:
    page = (broken / "report.html").read_text(encoding="utf-8")
    order = _positions(page, 'id="blocking"', 'id="en-blocking"', 'id="tr-blocking"',
                       'id="review"', 'id="ar-review"', 'id="details"', "<table")
    assert order == sorted(order)
    first = page[page.index('<li class="problem">'):]
    first = first[:first.index("</li>")]
    # Where in the film, the cue's words, what is wrong in plain words, the rule id small.
    assert '<p class="where">0:15.040, cue 4</p>' in first
    assert '<blockquote class="cue" lang="en" dir="ltr">Today they cover, in all twelve' in first
    assert "characters per second" in first and "line 1 of the cue has" in first
    assert "<small>rule: reading-speed</small>" in first
    assert "<small>rule: line-length</small>" in first  # both problems of cue 4 in one entry
    blocking = page[page.index('id="blocking"'):page.index('id="review"')]
    assert "Who fixes it: the translator for English (subtitles/en.srt)" in blocking
    assert "Who fixes it: the translator for Turkish (subtitles/tr.srt)" in blocking
    assert "starts 1000 ms before cue 2 ends" in blocking
    assert "<code>subtool build</code>" in blocking


def test_html_report_says_who_reviews_and_what_to_send(broken: Path) -> None:
    page = (broken / "report.html").read_text(encoding="utf-8")
    review = page[page.index('id="review"'):page.index('id="details"')]
    for lang, name in (("ar", "Arabic"), ("el", "Greek"), ("ro", "Romanian")):
        assert f"Who acts: the translator for {name} (subtitles/{lang}.srt)" in review
        assert (f"<code>subtool diff --stale --lang {lang} --format html --output "
                f"{lang}-todo.html</code>") in review
    assert review.count("1 cue translated for an older German text") == 8
    # The German words of the change reach the reader in full.
    assert "now &#x27;Angefangen hat alles mit einem kleinen Modellprojekt.&#x27;" in review
    # Blocked tracks are not offered for knowing publication.
    assert "--allow-review" not in page


def test_html_report_folds_the_details(broken: Path) -> None:
    page = (broken / "report.html").read_text(encoding="utf-8")
    details = page[page.index('id="details"'):]
    folds = re.findall(r"<details><summary>([^<]+)</summary>", details)
    assert folds[0] == "Figures per language"
    assert "Terminology" in folds
    assert any(f.startswith("Warnings that do not block (") for f in folds)
    # Every language has its row of figures (an anchor per language).
    assert all(f'<tr id="{lang}">' in details for lang in
               ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"))
    assert page.count("<table") == 2 and page.index("<table") > page.index('id="details"')


def test_markdown_report_has_the_same_order(broken: Path) -> None:
    text = (broken / "report.md").read_text(encoding="utf-8")
    order = _positions(text, "**Publishing is blocked: 2 of 12 tracks",
                       "## What blocks publishing", "### English (en)", "- **0:15.040, cue 4**",
                       "## What needs review", "`subtool diff --stale --lang ar",
                       "## Details", "### Figures per language", "### Terminology")
    assert order == sorted(order)
    assert "<sub>rule: overlap</sub>" in text


def _result(lang: str, texts: list[str], problems: list[Problem],
            is_master: bool = False) -> LanguageResult:
    cues = tuple(Cue(i * 3000, i * 3000 + 2000, t) for i, t in enumerate(texts))
    return LanguageResult(lang, f"subs/{lang}.srt", is_master, Track(cues), tuple(problems))


def test_report_escapes_and_counts_without_a_project() -> None:
    master = _result("de", ["Hallo <i>Welt</i>", "Zwei"], [], is_master=True)
    bad = _result("ar", ["1 < 2 & <b>fett</b> | *a*", "ب"], [
        Problem("subs/ar.srt", "overlap", Severity.ERROR, 1, 5, "starts <early>"),
        Problem("subs/ar.srt", "parse-error", Severity.ERROR, None, 9, "cannot read"),
    ])
    report = Report("Film <1>", (master, bad), Commands(rebuild="subtool build"))
    page = build_report.render_html(report)
    # The cue as viewers see it (no markup), escaped.
    assert "1 &lt; 2 &amp; fett | *a*</blockquote>" in page
    assert "starts &lt;early&gt;" in page
    assert '<blockquote class="cue" lang="ar" dir="rtl">' in page
    assert "line 9 of the file" in page
    # The problem of the whole file comes first, then the cues in the film's order.
    assert page.index("line 9 of the file") < page.index("0:00.000, cue 1")
    markdown = build_report.render_markdown(report)
    assert r"> 1 \< 2 \& fett \| \*a\*" in markdown
    assert build_report.verdict(report) == ("blocked", "Publishing is blocked: 1 of 2 tracks "
                                            "has problems that must be fixed first (Arabic).")


def test_ready_report_says_so_and_lists_no_sections() -> None:
    report = Report("Film", (_result("de", ["Hallo"], [], is_master=True),))
    page = build_report.render_html(report)
    assert '<p class="verdict ready">Ready to publish: 1 track is ready.</p>' in page
    assert 'id="blocking"' not in page and 'id="review"' not in page


# --- the timeline against the film ------------------------------------------------------

def _timeline_rows() -> list[Any]:
    from subtool.core.film import FilmFacts  # noqa: PLC0415
    from subtool.engine.timeline import timelines  # noqa: PLC0415

    film = FilmFacts(60_000, 25.0, ((1_000, 4_000), (10_000, 14_000), (30_000, 33_000)),
                     (9_600, 20_000))
    de = Track((Cue(1_000, 4_000, "Guten Tag"), Cue(10_200, 14_000, "Willkommen")))
    ar = Track((Cue(1_000, 4_000, "مرحبا"), Cue(10_200, 14_000, "<script>x</script>")))
    problems = [Problem("de.srt", "speech-sync", Severity.WARNING, 2, 5,
                        "starts 0.2 s after <the speech>"),
                Problem("de.srt", "encoding", Severity.ERROR, None, None, "whole file")]
    return timelines([("de", de, problems), ("ar", ar, [])], film)


def test_timeline_draws_every_lane_and_says_in_words_what_it_shows() -> None:
    import xml.etree.ElementTree as ET  # noqa: PLC0415

    from subtool.render import timeline as render_timeline  # noqa: PLC0415

    rows = _timeline_rows()
    figures = render_timeline.render_html(rows)
    assert figures.count('<figure class="timeline"') == 2
    assert "<script>" not in figures and "&lt;the speech&gt;" in figures
    svg = render_timeline.svg(rows[0], "cap")
    root = ET.fromstring(svg)  # well-formed XML, as an SVG must be
    ns = "{http://www.w3.org/2000/svg}"
    kinds = [r.get("class") for r in root.iter(f"{ns}rect")]
    assert kinds.count("speech") == 3 and kinds.count("cue") == 2
    assert kinds.count("uncovered") == 2  # 10.0-10.2 s and 30-33 s are spoken, no cue
    assert kinds.count("warning") == 1 and kinds.count("error") == 1
    assert len([ln for ln in root.iter(f"{ns}line") if ln.get("class") == "cut"]) == 2
    assert root.get("role") == "img" and root.get("aria-labelledby") == "cap"
    # The whole-file error spans the film; the warning sits on cue 2 at two thirds height.
    error = next(r for r in root.iter(f"{ns}rect") if r.get("class") == "error")
    warning = next(r for r in root.iter(f"{ns}rect") if r.get("class") == "warning")
    assert float(error.get("width", 0)) == render_timeline.PLOT
    assert float(warning.get("height", 0)) < float(error.get("height", 0))
    caption = render_timeline.caption(rows[0])
    assert caption.startswith("2 cues, 3 stretches of speech, 2 cuts, ")
    assert "1 error, 1 warning" in caption
    # The Arabic track's name carries its direction; time always runs left to right.
    assert 'lang="ar" dir="rtl"' in figures and '<div dir="ltr"><svg' in figures


def test_report_has_the_timeline_only_with_a_film() -> None:
    rows = _timeline_rows()
    result = LanguageResult("de", "de.srt", True, Track(()), (), Severity.ERROR)
    plain = build_report.render_html(Report("Film", [result]))
    assert "figure" not in plain and "svg" not in plain
    with_film = build_report.render_html(Report("Film", [result], timelines=rows))
    assert with_film.count("<svg") == 2 and "Timeline against the film" in with_film
