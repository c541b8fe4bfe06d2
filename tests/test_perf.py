"""The fast paths give the answers of the slow ones: the diff of ``subtool fix`` applies,
later fix passes that see only what changed end where whole passes end, checking in several
processes reports what one process reports, and the streamed JSON is the documented object."""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from helpers import run_subtool as run
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.config import Options, Settings
from subtool.core.model import Cue, Problem, Severity, Track
from subtool.engine.check import FileResult, make_context
from subtool.engine.fix import MAX_PASSES, FixResult, fix_track, fixable_rules
from subtool.formats import srt
from subtool.pipeline import check as checking
from subtool.render.check import json_chunks, render_json, render_text, text_chunks
from subtool.render.fix import plain_diff, unified_diff
from subtool.rules import Context, Rule

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import inputs  # noqa: E402

SETTINGS = Settings(root=ROOT, duration=None)


def apply_patch(before: str, diff: str) -> str:
    """Apply a unified diff the way ``patch`` does (lines end at LF only), checking every
    context line."""
    def lf_lines(text: str) -> list[str]:
        parts = text.split("\n")
        return parts[:-1] if parts and parts[-1] == "" else parts

    old = lf_lines(before)
    out: list[str] = []
    at = 0
    lines = lf_lines(diff)
    assert not diff or (lines[0].startswith("--- ") and lines[1].startswith("+++ "))
    k = 2
    while k < len(lines):
        header = re.fullmatch(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", lines[k])
        assert header, lines[k]
        start, length = int(header[1]), int(header[2] or 1)
        first = start - 1 if length else start
        out += old[at:first]
        at = first
        k += 1
        taken = added = 0
        while k < len(lines) and not lines[k].startswith("@@"):
            kind, text = lines[k][:1], lines[k][1:]
            if kind in " -":
                assert old[at] == text, (at, old[at], text)
                at += 1
                taken += 1
            if kind in " +":
                out.append(text)
                added += 1
            k += 1
        assert taken == length
        assert added == int(header[4] or 1)
    out += old[at:]
    return "".join(line + "\n" for line in out)


def _damaged(text: str, seed: int) -> str:
    """The SRT text with blank lines missing or doubled here and there, as editors leave
    them: the fixed file then has another block count."""
    rng = random.Random(seed)
    return "".join(block + rng.choice(["\n\n"] * 8 + ["\n", "\n\n\n\n"])
                   for block in text.split("\n\n"))


def _context(lang: str, track_settings: Settings = SETTINGS) -> Callable[[Track], Context]:
    return lambda track: make_context("x.srt", track, lang=lang, settings=track_settings,
                                      options=Options())


@pytest.mark.parametrize("final_blank", [False, True])
@pytest.mark.parametrize("damage", [False, True])
def test_diff_of_a_fix_applies_and_shows_only_changed_cues(final_blank: bool,
                                                          damage: bool) -> None:
    text = inputs.compose(inputs.problem_cues(400), final_blank=final_blank)
    if damage:
        text = _damaged(text, 4)
    track = srt.parse(text)
    fixed = fix_track(track, _context("de"), fixable_rules())
    before = text.rstrip("\n") + "\n"
    after = srt.compose(fixed.track)
    diff = unified_diff(before, after, "x.srt")
    assert apply_patch(before, diff) == after
    assert plain_diff(before, after, "x.srt").startswith("--- a/x.srt\n+++ b/x.srt\n")
    assert apply_patch(before, plain_diff(before, after, "x.srt")) == after
    # One line of context: every hunk is a few lines, never the whole file.
    hunks = diff.count("\n@@ ")
    assert hunks > 100
    assert max(len(h.splitlines()) for h in diff.split("\n@@ ")[1:]) < 40


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\x0c"])
def test_diff_counts_lines_as_the_file_does(separator: str) -> None:
    # str.splitlines also splits at U+2028, U+0085 and form feeds: every hunk after such a
    # cue was a line off ("@@ -7,2" for line 6), and patch applied it with an offset.
    before = (f"1\n00:00:01,000 --> 00:00:04,000\nEins{separator}zwei\n\n"
              "2\n00:00:05,000 --> 00:00:08,000\nDrei  vier\n")
    after = before.replace("Drei  vier", "Drei vier")
    diff = unified_diff(before, after, "x.srt")
    assert "@@ -6,2 +6,2 @@" in diff
    assert apply_patch(before, diff) == after


def test_diff_of_an_unchanged_file_is_empty() -> None:
    text = inputs.compose(inputs.clean_cues(50), final_blank=True)
    fixed = fix_track(srt.parse(text), _context("de"), fixable_rules())
    assert not fixed.changed
    assert unified_diff(text.rstrip("\n") + "\n", srt.compose(fixed.track), "x.srt") == ""


@given(st.lists(st.sampled_from(["1", "2", "a", "b", "c", "", "00:00:01,000 --> x"]),
                max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["ins", "del", "set"]),
                          st.sampled_from(["1", "a", "z", "", "q --> r"])), max_size=8),
       st.sampled_from([0, 4, 40_000]))
@settings(max_examples=300, deadline=None)
def test_diff_applies_to_any_edit(lines: list[str], edits: list[tuple[int, str, str]],
                                  pairs: int) -> None:
    import subtool.render.fix as module  # noqa: PLC0415

    new = list(lines)
    for where, kind, text in edits:
        at = min(where, len(new))
        if kind == "ins":
            new.insert(at, text)
        elif new and kind == "del":
            del new[min(at, len(new) - 1)]
        elif new:
            new[min(at, len(new) - 1)] = text
    before, after = "".join(x + "\n" for x in lines), "".join(x + "\n" for x in new)
    saved = module._DIFFLIB_PAIRS
    module._DIFFLIB_PAIRS = pairs  # the patience path too, not only difflib's
    try:
        diff = unified_diff(before, after, "x")
    finally:
        module._DIFFLIB_PAIRS = saved
    assert apply_patch(before, diff) == after
    assert (diff == "") == (before == after)


def reference_fix(track: Track, make: Callable[[Track], Context],
                  rules: Sequence[Rule]) -> FixResult:
    """The fixer as it was: every fix over the whole track in every pass."""
    current = track
    changed: dict[str, set[int]] = {}
    for passes in range(1, MAX_PASSES + 1):
        start = current
        for rule in rules:
            assert rule.fix is not None
            new = rule.fix(make(current))
            touched = {i + 1 for i, (a, b) in enumerate(zip(current.cues, new.cues,
                                                            strict=True)) if a != b}
            if touched:
                changed.setdefault(rule.id, set()).update(touched)
                current = new
        if current is start:
            return FixResult(current, {r: tuple(sorted(c)) for r, c in changed.items()},
                             passes, True)
    return FixResult(current, {r: tuple(sorted(c)) for r, c in changed.items()}, MAX_PASSES,
                     False)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fix_of_changed_cues_only_ends_where_whole_passes_end(seed: int) -> None:
    text = inputs.compose(inputs.problem_cues(600, seed=seed))
    track = srt.parse(_damaged(text, seed))
    film = Settings(root=ROOT, duration=track.cues[-1].end + 3000)
    fast = fix_track(track, _context("de", film), fixable_rules())
    slow = reference_fix(track, _context("de", film), fixable_rules())
    assert fast.track == slow.track
    assert fast.changes == slow.changes
    assert (fast.passes, fast.settled) == (slow.passes, slow.settled)
    assert fast.passes >= 2  # later passes ran, on what had changed


_TEXTS = st.sampled_from(["Guten  Tag...", "Hallo", "Das Seniorenbüro berät Sie kostenlos "
                          "und ganz in Ihrer Nähe im Stadtbezirk.", "a\nb\nc", " Nein ",
                          "Seniorenbüroberatungsangebotsübersicht", "Ja\tgut"])


@st.composite
def tracks(draw: st.DrawFn) -> Track:
    cues, start = [], 0
    for n in range(draw(st.integers(1, 25))):
        start += draw(st.integers(-500, 1500))
        start = max(start, 0)
        end = start + draw(st.integers(100, 8000))
        cues.append(Cue(start, end, draw(_TEXTS), draw(st.sampled_from([str(n + 1), "9"]))))
    return Track(tuple(cues))


@given(tracks(), st.sampled_from([None, 60_000]))
@settings(max_examples=150, deadline=None)
def test_fix_equals_whole_passes_on_any_track(track: Track, duration: int | None) -> None:
    film = Settings(root=ROOT, duration=duration)
    fast = fix_track(track, _context("de", film), fixable_rules())
    slow = reference_fix(track, _context("de", film), fixable_rules())
    assert (fast.track, fast.changes, fast.passes) == (slow.track, slow.changes, slow.passes)


def test_several_processes_report_what_one_does(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    tracks_ = {"de": inputs.compose(inputs.problem_cues(40)),
               "en": inputs.compose(inputs.clean_cues(30)),
               "tr": inputs.compose(inputs.problem_cues(20, seed=9))}
    paths = inputs.write_library(tmp_path, tracks_, films=7)
    monkeypatch.setattr(checking, "BYTES_PER_JOB", 1)  # processes even for small files
    one = checking.check_files(paths, SETTINGS, Options(), jobs=1)
    two = checking.check_files(paths, SETTINGS, Options(), jobs=2)
    three = checking.check_files(paths, SETTINGS, Options(), jobs=3)
    assert one == two == three
    assert render_json(one) == render_json(two) == render_json(three)
    assert [r.path for r in one] == [str(p) for p in paths]
    assert sum(len(r.problems) for r in one) > 100


def test_jobs_on_the_command_line(tmp_path: Path) -> None:
    tracks_ = {"de": inputs.compose(inputs.problem_cues(3000))}
    inputs.write_library(tmp_path, tracks_, films=3)
    one = run("check", "--jobs", "1", "--format", "json", ".", cwd=tmp_path)
    two = run("check", "-j", "2", "--format", "json", ".", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)["files"]) == 3
    bad = run("check", "--jobs", "0", ".", cwd=tmp_path)
    assert bad.returncode == 2


def test_missing_file_among_many_is_reported_as_with_one_job(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    from subtool.core.errors import ReadError  # noqa: PLC0415

    paths = inputs.write_library(tmp_path, {"de": inputs.compose(inputs.clean_cues(5))},
                                 films=4)
    paths[2].unlink()
    paths[2].mkdir()  # a folder where a file was: unreadable
    monkeypatch.setattr(checking, "BYTES_PER_JOB", 1)
    with pytest.raises(ReadError) as single:
        checking.check_files(paths, SETTINGS, Options(), jobs=1)
    with pytest.raises(ReadError) as many:
        checking.check_files(paths, SETTINGS, Options(), jobs=2)
    assert str(single.value) == str(many.value)


def test_streamed_reports_are_the_documented_object() -> None:
    path = 'a "b"\\c.srt'
    problems = (Problem(path, "line-length", Severity.ERROR, 1, 3, "zu lang „x“\n\t\x01"),
                Problem(path, "encoding", Severity.WARNING, None, None, "BOM"),
                Problem(path, "reading-speed", Severity.INFO, 2, None, "ü" * 3))
    results = [FileResult(path, "de", "srt", 2, problems),
               FileResult("c.srt", None, "vtt", 0, ())]
    doc = json.loads(render_json(results))
    assert doc["problems"] == [p.as_dict() for p in problems]
    assert doc["files"][1] == {"path": "c.srt", "lang": None, "format": "vtt", "cues": 0,
                               "errors": 0, "warnings": 0}
    assert doc["summary"] == {"files": 2, "clean_files": 1, "errors": 1, "warnings": 1,
                              "infos": 1}
    assert set(doc) == {"tool", "summary", "files", "problems"}
    assert json.loads(render_json([]))["problems"] == []
    many = [FileResult("x", "de", "srt", 1, problems * 1500)]
    assert len(list(json_chunks(many))) > 3  # written in pieces
    assert json.loads("".join(json_chunks(many)))["problems"][-1] == problems[-1].as_dict()
    assert "".join(text_chunks(many)) == render_text(many)
    assert render_text(results).splitlines()[1] == (
        f"{path}:3: cue 1: [line-length] error: zu lang „x“")


def test_clean_file_ending_in_a_blank_line_has_nothing_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "film.de.srt"
    path.write_text(inputs.compose(inputs.clean_cues(30), final_blank=True), encoding="utf-8")
    result = run("fix", "film.de.srt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "nothing to fix" in result.stderr


def test_word_lists_of_a_language_are_read_on_first_use() -> None:
    from subtool.core.errors import LanguageDataError  # noqa: PLC0415
    from subtool.languages.schema import parse, validate  # noqa: PLC0415

    source = (ROOT / "subtool" / "languages" / "de.toml").read_text(encoding="utf-8")
    language = parse(source, "de.toml")
    assert "linebreak" not in language.raw and "segment" not in language.raw
    assert language.limits["senior"]["max_chars"] == 37
    assert "der" in language.linebreak.no_break_after  # read now, as before
    broken = source.replace("verb_second = true", "verb_second = 3")
    late = parse(broken, "de.toml")  # the word lists are not read yet ...
    with pytest.raises(LanguageDataError, match=r"linebreak\.verb_second"):
        validate(late)  # ... but validating reads them, as the tests of every file do
    with pytest.raises(LanguageDataError, match="not valid TOML"):
        validate(parse(source.replace("[linebreak]", "[linebreak]\nno_break_after = [",
                                      1), "de.toml"))
    with pytest.raises(LanguageDataError, match="segment"):
        parse(source.replace("[segment]", "[segmentation]"), "de.toml")
