"""The translators' workflow on the audio description tracks (``--descriptions``), end to
end as real processes on a copy of the film project: a delivery imported with its own
translation state, the script edited, the to-do list of what changed, the PO round trip
that brings the translation up to date, machine drafts, and the subtitles untouched by all
of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from helpers import run_subtool as run
from projects import copy_film

from subtool.formats import vtt
from subtool.translation import state as state_module

# The film's eleven descriptions in English, at the German script's times: short enough
# for the English voice's 15.7 characters per second in every slot, with the glossary's
# approved terms and names (the terminology rules check description tracks too).
ENGLISH = [
    ("00:00:00.200", "00:00:04.560",
     "Title: Dortmund Seniors’ Offices, for you in your city district."),
    ("00:00:39.560", "00:00:42.440", "Birgit Hansmann at the Social Welfare Office."),
    ("00:02:14.840", "00:02:16.960", "Katrin Wollny answers."),
    ("00:02:45.560", "00:02:48.400", "Seniors’ Office Hörde: Thomas Özdemir."),
    ("00:03:00.000", "00:03:01.680", "Özdemir at a door."),
    ("00:03:44.640", "00:03:47.960", "Gisela Dahlmann, at home."),
    ("00:04:08.080", "00:04:09.200", "Playing cards."),
    ("00:05:07.600", "00:05:09.880", "Lütgendortmund, Caritas."),
    ("00:06:06.600", "00:06:07.920", "Two men in a park."),
    ("00:06:52.760", "00:06:54.800", "The seniors' offices."),
    ("00:07:20.800", "00:07:24.720",
     "End titles: web address and logo of the City of Dortmund."),
]


@pytest.fixture
def film(tmp_path: Path) -> Path:
    """The film project with an English description track delivered and imported."""
    project = copy_film(tmp_path / "film")
    blocks = [f"{s} --> {e}\n{t}\n" for s, e, t in ENGLISH]
    (project / "delivered.vtt").write_text("WEBVTT\n\n" + "\n".join(blocks), encoding="utf-8")
    done = run("import", "en", "delivered.vtt", "--descriptions", cwd=project)
    assert done.returncode == 0, done.stderr
    return project


def _state(project: Path, lang: str) -> state_module.State:
    path = project / "subtitles" / "state" / f"descriptions.{lang}.tsv"
    return state_module.parse_bytes(path.read_bytes(), path=str(path))


def test_a_delivery_gets_its_own_track_and_state_and_leaves_the_subtitles(
        film: Path, project_root: Path) -> None:
    track = vtt.parse((film / "subtitles" / "descriptions.en.vtt").read_text("utf-8"))
    assert [c.text for c in track.cues] == [t for _s, _e, t in ENGLISH]
    state = _state(film, "en")
    assert len(state.entries) == 11
    assert {(e.origin, e.status) for e in state.entries} == {("human", "accepted")}
    assert state.entries[8].master == "Zwei Männer im Park."
    # The English subtitles and their state are as they were.
    for name in ("en.srt", "state/en.tsv"):
        assert (film / "subtitles" / name).read_bytes() == \
            (project_root / "subtitles" / name).read_bytes()
    checked = run("check", "subtitles/descriptions.en.vtt", "--format", "json", cwd=film)
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["problems"] == []


def test_an_edit_of_the_script_is_stale_until_the_po_file_comes_back(film: Path) -> None:
    script = film / "subtitles" / "descriptions.de.vtt"
    script.write_text(script.read_text("utf-8").replace("Zwei Männer im Park.",
                                                        "Zwei ältere Männer im Park."),
                      encoding="utf-8")
    # The to-do list of the descriptions names the one changed cue; the subtitles' has none.
    todo = json.loads(run("diff", "--stale", "--descriptions", "--lang", "en", "--format",
                          "json", cwd=film).stdout)
    (item,) = todo["en"]
    assert item["old_german"] == "Zwei Männer im Park."
    assert item["new_german"] == "Zwei ältere Männer im Park."
    assert item["translation"] == "Two men in a park."
    assert json.loads(run("diff", "--stale", "--lang", "en", "--format", "json",
                          cwd=film).stdout)["en"] == []
    page = run("diff", "--stale", "--descriptions", "--lang", "en", "--format", "html",
               cwd=film).stdout
    assert "subtool import-po en.po --descriptions" in page
    assert "(audio description)" in page
    stale = json.loads(run("check", "subtitles/descriptions.en.vtt", "--format", "json",
                           cwd=film).stdout)["problems"]
    assert [(p["rule"], p["cue"]) for p in stale] == [("stale-translation", 9)]

    # The translator works in a CAT tool: the PO file has the cue fuzzy, with the old German
    # and the speaking budget of the English voice.
    assert run("export-po", "en", "--descriptions", "--output", "en.po",
               cwd=film).returncode == 0
    po = polib.pofile(str(film / "en.po"))
    entry = next(e for e in po if e.msgid == "Zwei ältere Männer im Park.")
    assert entry.fuzzy and entry.previous_msgid == "Zwei Männer im Park."
    assert "(15.7 per second)" in entry.comment
    # 24 characters take the English voice 1.5 s: longer than the 1.32 s of the slot.
    entry.msgstr = "Two older men in a park."
    entry.flags.remove("fuzzy")
    po.save(str(film / "en.po"))
    done = run("import-po", "en.po", "--descriptions", cwd=film)
    assert done.returncode == 0, done.stderr
    track = vtt.parse((film / "subtitles" / "descriptions.en.vtt").read_text("utf-8"))
    assert track.cues[8].text == "Two older men in a park."
    assert _state(film, "en").entries[8].master == "Zwei ältere Männer im Park."
    after = json.loads(run("check", "subtitles/descriptions.en.vtt", "--format", "json",
                           cwd=film).stdout)["problems"]
    assert [(p["rule"], p["cue"]) for p in after] == [("description-fit", 9)]
    assert "the voice needs 1.5 s to say it (24 characters at 15.70 per second), but its " \
        "time 6:06.600–6:07.920 lasts 1.3 s" in after[0]["message"]
    # Shorter, it fits, and the track is up to date.
    entry.msgstr = "Two old men, a park."
    po.save(str(film / "en.po"))
    assert run("import-po", "en.po", "--descriptions", cwd=film).returncode == 0
    final = run("check", "subtitles/descriptions.en.vtt", "--format", "json", cwd=film)
    assert json.loads(final.stdout)["problems"] == []


def test_machine_drafts_of_descriptions_stay_one_line_and_need_review(film: Path) -> None:
    done = run("translate", "--to", "it", "--descriptions", "--provider", "pseudo", cwd=film)
    assert done.returncode == 0, done.stderr
    track = vtt.parse((film / "subtitles" / "descriptions.it.vtt").read_text("utf-8"))
    assert len(track.cues) == 11 and all("\n" not in c.text for c in track.cues)
    assert {e.origin for e in _state(film, "it").entries} == {"machine:pseudo"}
    found = json.loads(run("check", "subtitles/descriptions.it.vtt", "--format", "json",
                           cwd=film).stdout)["problems"]
    assert {p["rule"] for p in found} >= {"machine-translation"}
    # Every language with a description track has its to-do list; the others none.
    todo = json.loads(run("diff", "--stale", "--descriptions", "--format", "json",
                          cwd=film).stdout)
    assert sorted(todo) == ["en", "it"]
