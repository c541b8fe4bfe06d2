"""Translators' workflow: translation state through master changes, accept, and imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_film, snapshot
from helpers import run_subtool as run

from subtool.config import Options, Settings
from subtool.core.align import align
from subtool.core.errors import ContentError
from subtool.core.model import Cue, Track
from subtool.engine.check import check_track
from subtool.formats import srt
from subtool.translation.state import Entry, State, compose, parse, record
from subtool.translation.workflow import accept, guess_language, import_track

ROOT = Path(__file__).resolve().parent.parent


def track(*cues: tuple[int, int, str]) -> Track:
    return Track(tuple(Cue(s, e, t, str(i + 1)) for i, (s, e, t) in enumerate(cues)))


MASTER = track((1000, 3000, "Guten Tag."), (3080, 6000, "Das Seniorenbüro hilft."),
               (6080, 9000, "Rufen Sie an."))
EN = track((1000, 3000, "Good day."), (3080, 6000, "The Seniors’ Office helps."),
           (6080, 9000, "Give us a call."))
STATE = record(None, EN, MASTER, align(MASTER.cues, EN.cues))


def problems(master: Track, translation: Track,
             state: State | None) -> list[tuple[str, int | None]]:
    found = check_track("en.srt", translation, lang="en", settings=Settings(root=ROOT),
                        options=Options(select=frozenset({"stale-translation", "cue-parity",
                                                          "missing-translation",
                                                          "machine-translation"})),
                        master=master, master_lang="de", state=state)
    return [(p.rule, p.cue) for p in found]


@pytest.mark.parametrize(("master", "translation", "expected"), [
    (MASTER, EN, []),
    # a word of the German changed: only that cue is stale
    (track((1000, 3000, "Guten Tag."), (3080, 6000, "Das Seniorenbüro berät."),
           (6080, 9000, "Rufen Sie an.")), EN, [("stale-translation", 2)]),
    # the German was only re-broken into two lines: nothing is stale
    (track((1000, 3000, "Guten Tag."), (3080, 6000, "Das Seniorenbüro\nhilft."),
           (6080, 9000, "Rufen Sie an.")), EN, []),
    # a master cue inserted: it shows up as missing, the others stay current
    (track((1000, 3000, "Guten Tag."), (3080, 6000, "Das Seniorenbüro hilft."),
           (6080, 9000, "Rufen Sie an."), (9080, 11000, "Neu.")), EN, [("cue-parity", None)]),
    # a master cue deleted: its translation has no master cue
    (track((1000, 3000, "Guten Tag."), (6080, 9000, "Rufen Sie an.")), EN,
     [("cue-parity", 2)]),
    # a master cue split in two: the translation spanning both is stale
    (track((1000, 3000, "Guten Tag."), (3080, 4500, "Das Seniorenbüro"),
           (4580, 6000, "hilft Ihnen."), (6080, 9000, "Rufen Sie an.")), EN,
     [("stale-translation", 2)]),
    # two master cues merged: both translated cues are stale
    (track((1000, 6000, "Guten Tag, das Seniorenbüro hilft."), (6080, 9000, "Rufen Sie an.")),
     EN, [("stale-translation", 1), ("stale-translation", 2)]),
], ids=["same", "edit", "rebreak", "insert", "delete", "split", "merge"])
def test_master_changes(master: Track, translation: Track,
                        expected: list[tuple[str, int | None]]) -> None:
    assert problems(master, translation, STATE) == expected


def test_stale_message_shows_old_and_new_german() -> None:
    edited = track((1000, 3000, "Guten Tag."), (3080, 6000, "Das Seniorenbüro berät."),
                   (6080, 9000, "Rufen Sie an."))
    (problem,) = check_track("en.srt", EN, lang="en", settings=Settings(root=ROOT),
                             options=Options(select=frozenset({"stale-translation"})),
                             master=edited, master_lang="de", state=STATE)
    assert "was 'Das Seniorenbüro hilft.', now 'Das Seniorenbüro berät.'" in problem.message


def test_accept_clears_staleness_for_chosen_cues_only() -> None:
    edited = track((1000, 3000, "Hallo."), (3080, 6000, "Das Seniorenbüro berät."),
                   (6080, 9000, "Rufen Sie an."))
    assert problems(edited, EN, STATE) == [("stale-translation", 1), ("stale-translation", 2)]
    new, count = accept(STATE, EN, edited, [2])
    assert count == 1
    assert problems(edited, EN, new) == [("stale-translation", 1)]
    # A cue named twice (--cue 2 --cue 2) is one cue: "accepted 2 cue(s)" before.
    assert accept(STATE, EN, edited, [2, 2])[1] == 1


def test_machine_drafts_until_accepted() -> None:
    drafted = record(STATE, EN, MASTER, align(MASTER.cues, EN.cues), cues=[2],
                     origin="machine:libre", status="draft")
    assert problems(MASTER, EN, drafted) == [("machine-translation", 3)]
    accepted, _ = accept(drafted, EN, MASTER, [3])
    assert problems(MASTER, EN, accepted) == []
    assert accepted.entry_for(EN.cues[2]) == Entry(6080, 9000, "machine:libre", "accepted",
                                                   "Rufen Sie an.")


def test_state_file_round_trip_and_errors() -> None:
    text = compose(STATE, "en")
    assert parse(text) == STATE
    assert compose(parse(text), "en") == text
    tricky = State((Entry(0, 1000, "human", "accepted", "a\tb\\c"),))
    assert parse(compose(tricky)) == tricky
    from subtool.core.errors import StateError  # noqa: PLC0415

    with pytest.raises(StateError) as info:
        parse("start\tend\torigin\tstatus\tmaster\n00:00:01.000\t00:00:02.000\thuman\tmaybe\tx\n",
              path="en.tsv")
    assert info.value.line == 2 and "status 'maybe'" in str(info.value)


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "de"), ("tr", "tr"), ("pl", "pl"), ("ro", "ro"), ("it", "it"), ("bg", "bg"),
    ("uk", "uk"), ("ru", "ru"), ("en", None), ("el", None), ("ar", None),
])
def test_language_guess_on_the_film(lang: str, expected: str | None) -> None:
    text = (ROOT / "subtitles" / f"{lang}.srt").read_text(encoding="utf-8")
    assert guess_language(text)[0] == expected


def test_import_refusals() -> None:
    delivered_ru = srt.parse((ROOT / "subtitles" / "ru.srt").read_text(encoding="utf-8"))
    master = srt.parse((ROOT / "subtitles" / "de.srt").read_text(encoding="utf-8"))
    with pytest.raises(ContentError, match="looks like Russian, not Ukrainian"):
        import_track(delivered_ru, None, master, None, lang="uk", path="x.srt")
    with pytest.raises(ContentError, match="Cyrillic script, but Turkish"):
        import_track(delivered_ru, None, master, None, lang="tr", path="x.srt")
    broken = srt.parse("1\n00:00:01,000 -> 00:00:02,000\nA\n")
    with pytest.raises(ContentError, match="cannot be imported"):
        import_track(broken, None, master, None, lang="ru", path="x.srt")
    current = delivered_ru
    partial = Track(delivered_ru.cues[:100])
    with pytest.raises(ContentError, match="would lose 15 existing translation"):
        import_track(partial, current, master, None, lang="ru", path="x.srt")




@pytest.fixture
def film(tmp_path: Path) -> Path:
    return copy_film(tmp_path)


def test_cli_import_unchanged_delivery_changes_nothing(film: Path) -> None:
    before = snapshot(film)
    delivered = film / "delivered.vtt"
    assert run("convert", "subtitles/tr.srt", str(delivered), cwd=film).returncode == 0
    before = snapshot(film)
    result = run("import", "tr", str(delivered), cwd=film)
    assert result.returncode == 0, result.stderr
    assert "0 changed (track unchanged)" in result.stderr
    assert snapshot(film) == before


def test_cli_import_edited_delivery_updates_track_and_state(film: Path) -> None:
    text = (film / "subtitles" / "tr.srt").read_text(encoding="utf-8")
    edited = text.replace("[Müzik]", "[Müzik çalıyor]", 1)
    (film / "delivered.srt").write_text(edited, encoding="utf-8")
    result = run("import", "tr", "delivered.srt", cwd=film)
    assert result.returncode == 0, result.stderr
    assert "1 changed" in result.stderr
    assert (film / "subtitles" / "tr.srt").read_text(encoding="utf-8") == edited
    assert (film / "subtitles" / "tr.srt.bak").read_text(encoding="utf-8") == text
    assert run("check", "subtitles/tr.srt", cwd=film).returncode == 0


def test_cli_refused_import_changes_nothing(film: Path) -> None:
    before = snapshot(film)
    result = run("import", "uk", "subtitles/ru.srt", cwd=film)
    assert result.returncode == 1
    assert "looks like Russian, not Ukrainian" in result.stderr
    assert "nothing was changed" in result.stderr
    assert snapshot(film) == before


def test_cli_accept_and_stale_after_master_edit(film: Path) -> None:
    master = film / "subtitles" / "de.srt"
    master.write_text(master.read_text(encoding="utf-8").replace(
        "Angefangen hat alles", "Begonnen hat alles", 1), encoding="utf-8")
    result = run("check", "--select", "stale-translation", "subtitles/", cwd=film)
    assert result.returncode == 0  # a warning
    assert result.stdout.count("[stale-translation]") == 10
    assert run("accept", "tr", "--cue", "3", cwd=film).returncode == 0
    again = run("check", "--select", "stale-translation", "subtitles/tr.srt", cwd=film)
    assert "[stale-translation]" not in again.stdout
    # Stale translations need review: the build is not ready (exit 1) without --allow-review.
    build = run("build", "--check-only", cwd=film)
    assert build.returncode == 1
    assert "9 tracks need review before they are published" in build.stdout
    assert "1 cue translated for an older German text" in build.stdout
    assert run("build", "--check-only", "--allow-review", cwd=film).returncode == 0
    # --strict: every warning blocks (the film keeps two reading-speed warnings).
    assert run("build", "--strict", "--check-only", "--allow-review", cwd=film).returncode == 1
