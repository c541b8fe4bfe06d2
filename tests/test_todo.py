"""Translators' to-do lists: the full changed text, split and merged master cues named as
such, one HTML file per language (or one page with a section per language), the film's
title, the day the master last changed, and what to do next."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from helpers import run_subtool as run
from projects import copy_film, edit_master, merge_master_cues, split_master_cue

from subtool.config import Options, Settings
from subtool.core.align import align
from subtool.core.model import Cue, Track
from subtool.engine.check import check_track
from subtool.translation.state import record
from subtool.translation.workflow import StaleItem, todo

ROOT = Path(__file__).resolve().parent.parent
LONG = ("Rufen Sie uns an, schreiben Sie uns eine E-Mail oder kommen Sie einfach in der "
        "offenen Sprechstunde vorbei.")


def track(*cues: tuple[int, int, str]) -> Track:
    return Track(tuple(Cue(s, e, t) for s, e, t in cues))


MASTER = track((1000, 3000, "Guten Tag."), (3080, 6000, "Das Seniorenbüro hilft."),
               (6080, 9000, LONG))
EN = track((1000, 3000, "Good day."), (3080, 6000, "The Seniors’ Office helps."),
           (6080, 9000, "Call us, write to us,\nor just drop in."))
STATE = record(None, EN, MASTER, align(MASTER.cues, EN.cues))


def _summary(items: list[StaleItem]) -> list[tuple[str, str, int | None, tuple[int, ...]]]:
    return [(i.kind, i.change, i.cue, i.master_cues) for i in items]


def test_reworded_cue_keeps_the_full_text() -> None:
    edited = track(*[(c.start, c.end, c.text) for c in MASTER.cues[:2]],
                   (6080, 9000, LONG.replace("vorbei.", "vorbei, ganz ohne Termin.")))
    (item,) = todo(edited, EN, STATE)
    assert _summary([item]) == [("stale", "reworded", 3, (3,))]
    assert item.old_german == LONG and item.new_german.endswith("ganz ohne Termin.")
    assert item.translation == "Call us, write to us,\nor just drop in."
    # The rule's message as well: the changed words at the very end are there in full.
    (problem,) = check_track("en.srt", EN, lang="en", settings=Settings(root=ROOT),
                             options=Options(select=frozenset({"stale-translation"})),
                             master=edited, master_lang="de", state=STATE)
    assert problem.message == (f"the German changed since this was translated: was '{LONG}', "
                               f"now '{item.new_german}'")
    assert "…" not in problem.message


def test_split_master_cue_is_named_even_with_the_same_words() -> None:
    split = track((1000, 3000, "Guten Tag."), (3080, 4500, "Das Seniorenbüro"),
                  (4580, 6000, "hilft."), (6080, 9000, LONG))
    (item,) = todo(split, EN, STATE)
    assert _summary([item]) == [("stale", "split", 2, (2, 3))]
    assert item.parts == ("Das Seniorenbüro", "hilft.")
    assert item.old_german == item.new_german == "Das Seniorenbüro hilft."


def test_merged_master_cues_are_one_item() -> None:
    merged = track((1000, 6000, "Guten Tag, das Seniorenbüro hilft."), (6080, 9000, LONG))
    (item,) = todo(merged, EN, STATE)
    assert _summary([item]) == [("stale", "merged", 1, (1,))]
    assert item.cues == (1, 2)
    assert item.translations == ("Good day.", "The Seniors’ Office helps.")
    assert item.old_german == "Guten Tag. Das Seniorenbüro hilft."


def test_missing_translation_and_no_state() -> None:
    added = track(*[(c.start, c.end, c.text) for c in MASTER.cues], (9080, 11000, "Neu."))
    assert _summary(todo(added, EN, STATE)) == [("missing", "", None, (4,))]
    # Without a recorded state only the structure can be seen: nothing to do here.
    assert todo(MASTER, EN, None) == []
    assert _summary(todo(MASTER, None, None)) == [("missing", "", None, (1,)),
                                                  ("missing", "", None, (2,)),
                                                  ("missing", "", None, (3,))]


def _git(*args: str, cwd: Path, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date \
        else None
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The film with its master edited, one cue split and two merged, committed in git on
    a known day."""
    project = copy_film(tmp_path_factory.mktemp("todo"))
    edit_master(project)
    split_master_cue(project)
    merge_master_cues(project)
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-qm", "new German", cwd=project, date="2025-03-04T10:00:00+01:00")
    return project


def test_terminal_list_names_splits_and_merges(changed: Path) -> None:
    result = run("diff", "--stale", "--lang", "el", cwd=changed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk! – German "
                          "master of March 4, 2025\n")
    assert "el: 3 cues to translate again, 0 cues not translated yet" in out
    assert "cue 17 at 1:08.400: German cue split" in out
    assert "Your cue 17 now covers the German cues 17, 18: split it the same way." in out
    assert "cue 20 at 1:21.880: German cues merged" in out
    assert "Your cues 20, 21 now share one German cue (21): merge them." in out
    assert "Angefangen hat alles mit einem {+kleinen +}Modellprojekt." in out


def test_one_html_file_per_language_in_a_folder(changed: Path) -> None:
    result = run("diff", "--stale", "--format", "html", "--output", "todo", cwd=changed)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (changed / "todo").iterdir())
    assert files == sorted(f"dortmund-seniorenbueros.{lang}.todo.html" for lang in
                           ("en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"))
    page = (changed / "todo" / "dortmund-seniorenbueros.tr.todo.html").read_text("utf-8")
    assert page.count("<!DOCTYPE html>") == 1
    assert "<title>To do for Türkçe (tr)</title>" in page
    assert ("Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk! – German master of March "
            "4, 2025") in page
    assert page.count('<tr class="stale">') == 3
    assert "German cue split<br>1:08.400" in page and "German cues merged<br>1:21.880" in page
    # Full text, the changed words marked, the split German cut where the master cuts it.
    assert "Angefangen hat alles mit einem <ins>kleinen </ins>Modellprojekt." in page
    assert '<div class="cue">Das Besondere:</div><div class="cue">Die Büros' in page
    # What to do next, with the commands.
    for command in ("subtool import tr tr.srt", "subtool export-po tr --output tr.po",
                    "subtool import-xliff tr.xlf", "subtool accept tr --cue 3",
                    "subtool check subtitles/tr.srt"):
        assert f"<code>{command}</code>" in page
    # Made again from the same master: the same bytes (no clock in the page).
    again = run("diff", "--stale", "--format", "html", "--output", "todo", "--force",
                cwd=changed)
    assert again.returncode == 0
    assert (changed / "todo" / "dortmund-seniorenbueros.tr.todo.html").read_text("utf-8") \
        == page


def test_lang_in_the_output_name_and_one_page_with_sections(changed: Path) -> None:
    result = run("diff", "--stale", "--lang", "ar", "--lang", "uk", "--format", "md",
                 "--output", "todo-{lang}.md", cwd=changed)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in changed.glob("todo-*.md")) == ["todo-ar.md", "todo-uk.md"]
    # {lang} as a folder: one folder per language (files named "ar" and "uk" before), made
    # inside a folder that exists.
    (changed / "lists").mkdir()
    folders = run("diff", "--stale", "--lang", "ar", "--lang", "uk", "--format", "md",
                  "--output", "lists/{lang}/", cwd=changed)
    assert folders.returncode == 0, folders.stderr
    assert sorted(str(p.relative_to(changed / "lists")) for p in (changed / "lists").rglob("*")
                  if p.is_file()) == ["ar/dortmund-seniorenbueros.ar.todo.md",
                                      "uk/dortmund-seniorenbueros.uk.todo.md"]
    text = (changed / "todo-uk.md").read_text(encoding="utf-8")
    assert "## Українська (uk)" in text and "### What to do next" in text
    both = run("diff", "--stale", "--lang", "ar", "--lang", "uk", "--format", "html",
               "--output", "both.html", cwd=changed)
    assert both.returncode == 0, both.stderr
    page = (changed / "both.html").read_text(encoding="utf-8")
    # One document, a section per language (not two documents glued into one file).
    assert page.count("<!DOCTYPE html>") == 1 and page.count("<html") == 1
    assert page.count("<section ") == 2 and '<h2 id="ar">' in page and '<h2 id="uk">' in page


def test_json_lists_every_field(changed: Path) -> None:
    data = json.loads(run("diff", "--stale", "--format", "json", cwd=changed).stdout)
    item = next(i for i in data["ru"] if i["change"] == "split")
    assert item["master_cues"] == [17, 18] and item["cue"] == 17
    assert item["parts"] == ["Das Besondere:", "Die Büros werden gemeinsam betrieben."]


def test_uncommitted_master_is_dated_by_its_file(changed: Path, tmp_path: Path) -> None:
    project = copy_film(tmp_path / "film")
    edit_master(project)
    stamp = datetime(2024, 11, 28, 12, 0).timestamp()
    os.utime(project / "subtitles" / "de.srt", (stamp, stamp))
    result = run("diff", "--stale", "--lang", "it", cwd=project)
    assert "German master of November 28, 2024" in result.stdout
