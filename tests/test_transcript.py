"""The transcript as a reading text ("Textfassung"): paragraphs at speaker changes and
sentence ends, the speaker's name from SDH labels, sound labels on their own, a time code
per paragraph; in all eleven languages of the film, as .txt and as the HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from subtool.core.model import Cue, Track
from subtool.formats import srt
from subtool.render import export
from subtool.render.export import PARAGRAPH_CHARS, Paragraph, paragraphs

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]
# What ends a sentence in the film's languages: Greek asks with ";", Arabic with "؟".
ENDS = {"el": ".!?…;", "ar": ".!?…؟"}


def _film(lang: str) -> Track:
    return srt.parse((ROOT / "subtitles" / f"{lang}.srt").read_text(encoding="utf-8"))


def _track(*texts: str, gap: int = 80) -> Track:
    cues, start = [], 0
    for text in texts:
        cues.append(Cue(start, start + 2000, text))
        start += 2000 + gap
    return Track(tuple(cues))


@pytest.mark.parametrize("lang", LANGS)
def test_film_paragraphs_end_only_at_sentence_ends(lang: str) -> None:
    found = paragraphs(_film(lang), lang)
    speech = [p for p in found if not p.sound]
    # The issue: one paragraph of 4,854 characters. Now a readable text of many paragraphs.
    assert len(speech) >= 20
    assert max(len(p.text) for p in speech) < 3 * PARAGRAPH_CHARS
    ends = ENDS.get(lang, ".!?…")
    for p in speech:
        # The closing title card follows the web address without a full stop in every
        # language; everything else ends where a sentence ends.
        assert p.text.rstrip("»“”\"'")[-1] in ends, (lang, p.text[-60:])


@pytest.mark.parametrize("lang", LANGS)
def test_film_labels_name_speakers_and_sounds_stand_alone(lang: str) -> None:
    track = _film(lang)
    text = "\n".join(c.text for c in track.cues)
    labels = re.findall(r"^\(([^()]+)\)", text, re.M)
    sounds = [c.text for c in track.cues if re.fullmatch(r"\[[^\]]+\]", c.text)]
    assert len(labels) == 4 and len(sounds) == 11  # the master's SDH elements, translated
    found = paragraphs(track, lang)
    assert [p.speaker for p in found if p.speaker] == labels
    assert [p.text for p in found if p.sound] == sounds
    for p in found:
        assert not p.text.startswith("("), p.text  # the label became the speaker's name
    # Every word of the track is in the reading text once, in order (labels aside).
    words = " ".join(re.sub(r"^\([^()]+\)", "", line).strip()
                     for line in text.replace("\u200f", "").split("\n")).split()
    assert " ".join(p.text for p in found).split() == words
    starts = {c.start for c in track.cues}
    assert all(p.start in starts for p in found)


def test_film_turns_start_paragraphs_where_the_film_pauses() -> None:
    german = paragraphs(_film("de"), "de")
    opening = [p.text.split(".")[0] for p in german if not p.sound]
    # Each interviewee introduces themselves at a scene change (480 ms gap in the master).
    for name in ("Birgit Hansmann", "Katrin Wollny", "Thomas Özdemir", "Sabine Reuter",
                 "Markus Brenner", "Heinz Kowalski"):
        assert any(text.startswith(f"Ich bin {name}") for text in opening), name


def test_a_pause_in_the_middle_of_a_sentence_does_not_break_it() -> None:
    track = _track("Wir haben damals", "gemerkt, dass es fehlt.", gap=3000)
    assert [p.text for p in paragraphs(track, "de")] == [
        "Wir haben damals gemerkt, dass es fehlt."]
    track = _track("Wir haben damals gemerkt.", "Es fehlt.", gap=3000)
    assert [p.text for p in paragraphs(track, "de")] == ["Wir haben damals gemerkt.",
                                                         "Es fehlt."]


def test_a_paragraph_grows_to_a_readable_size_then_ends_at_a_sentence() -> None:
    sentence = "Das ist ein Satz mit einigen Wörtern darin."
    track = _track(*([sentence] * 20))
    found = paragraphs(track, "de")
    assert len(found) > 1
    for p in found[:-1]:
        assert PARAGRAPH_CHARS <= len(p.text) < PARAGRAPH_CHARS + len(sentence) + 1


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Das sagt Dr. Müller, am 3. Oktober."),   # abbreviation, German ordinal
    ("en", "Ask Mr. Smith at 5 p.m. today."),
    ("ar", "هل تحتاج إلى مساعدة؟"),
    ("el", "Τι πληρώνει η ασφάλιση;"),
])
def test_sentence_ends_per_language(lang: str, text: str) -> None:
    words = text.split()
    track = _track(*[" ".join(words[:k + 1][-1:]) for k in range(len(words))],
                   "Nächster Satz.", gap=1000)
    found = paragraphs(track, lang)
    assert [p.text for p in found] == [text, "Nächster Satz."]


def test_dialogue_and_labels_inside_a_cue() -> None:
    track = _track("(Birgit Hansmann) Guten Tag.\n(Anruferin) Hallo!", "[Lachen] Ja, genau.",
                   "- Kommen Sie?\n- Gleich.")
    assert paragraphs(track, "de") == [
        Paragraph(0, "Guten Tag.", "Birgit Hansmann"), Paragraph(0, "Hallo!", "Anruferin"),
        Paragraph(2080, "[Lachen]", sound=True), Paragraph(2080, "Ja, genau."),
        Paragraph(4160, "Kommen Sie?"), Paragraph(4160, "Gleich.")]


def test_text_file_has_a_time_code_and_speaker_per_paragraph() -> None:
    text = export.transcript_text(_film("de"), "de", "Film")
    blocks = text.split("\n\n")
    assert blocks[0] == "Film\nDeutsch"
    assert blocks[1] == "[0:02] [Musik]"
    assert blocks[2].startswith("[0:04] Sprecherin: Seit über 16 Jahren gibt es die Dortmunder")
    assert all(re.match(r"\[\d+:\d\d\] \S", b) for b in blocks[1:])
    assert len(blocks) == 1 + len(paragraphs(_film("de"), "de"))


def test_html_page_marks_speakers_sounds_and_languages() -> None:
    page = export.transcript_html([("de", _film("de")), ("ar", _film("ar"))], "Film")
    assert '<section id="ar" lang="ar" dir="rtl"' in page
    assert ('<p><span class="time">0:04</span> <span class="speaker">Sprecherin:</span> '
            "Seit über 16 Jahren") in page
    assert '<p class="sound"><span class="time">0:02</span> [Musik]</p>' in page
    assert '<span class="speaker">الراوية:</span>' in page
    assert page.count("<p>") + page.count('<p class="sound">') > 60
