"""Transcript reading and segmentation (subtool.layout.segment): table tests and properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.config import Options, Settings
from subtool.core.errors import ExitCode, SubtoolError
from subtool.core.model import Severity, Track
from subtool.core.text import visible, visible_length
from subtool.core.timecode import frames_to_ms
from subtool.engine.check import check_track
from subtool.formats import srt
from subtool.layout.segment import (
    ESTIMATE_CPS,
    ESTIMATE_MIN_MS,
    TranscriptError,
    Utterance,
    parse_transcript,
    segment,
)
from subtool.profiles import PROFILES, Limits, limits_for

DATA = Path(__file__).resolve().parent / "data"
SENIOR_DE = limits_for("senior", "de")
# One line of 40 characters: small enough that the tests can force cuts with short texts.
ONE_LINE = Limits(max_lines=1, max_chars=40, cps_warn=13, cps_error=15, min_duration=1000,
                  max_duration=7000, min_gap_frames=2)

OPENING = ("Seit über 16 Jahren gibt es die Dortmunder Seniorenbüros. Angefangen hat alles mit "
           "einem Modellprojekt. Heute gibt es sie in allen zwölf Stadtbezirken: "
           "Innenstadt-West, Innenstadt-Nord, Innenstadt-Ost, Eving, Scharnhorst, Brackel, "
           "Aplerbeck, Hörde, Hombruch, Lütgendortmund, Huckarde, Mengede.")


def flat(track: Track) -> list[str]:
    """Each cue's text on one line."""
    return [cue.text.replace("\n", " ") for cue in track.cues]


def words_of(track: Track) -> list[str]:
    """The words a viewer reads (the line breaker may add invisible RLM marks to
    right-to-left lines that start with a Latin letter or a digit)."""
    return visible(" ".join(flat(track))).split()


def one(text: str, start: int = 0, end: int = 10_000) -> list[Utterance]:
    return [Utterance(start, end, "", False, text)]


# --------------------------------------------------------------------------------------
# parse_transcript
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("stamp", "start", "end"), [
    ("[00:00:05]", 5000, None),
    ("[00:00:05.250]", 5250, None),
    ("[01:02:03.4]", 3_723_400, None),
    ("[00:00:05,5]", 5500, None),
    ("[05:07]", 307_000, None),
    ("[5:07.125]", 307_125, None),
    ("[123:00:00]", 442_800_000, None),
    ("[00:00:05.000 --> 00:00:07.500]", 5000, 7500),
    ("[ 01:00 --> 01:02.040 ]", 60_000, 62_040),
    ("[00:59 --> 00:01:00.001]", 59_000, 60_001),
])
def test_timestamp_forms(stamp: str, start: int, end: int | None) -> None:
    text = f"{stamp} Heute gibt es sie in allen zwölf Stadtbezirken."
    [u] = parse_transcript(text)
    assert u.start == start
    assert u.end == (end if end is not None else start + 3917)  # 47 characters at 12 cps
    assert u.text == "Heute gibt es sie in allen zwölf Stadtbezirken."
    assert u.line == 1


@pytest.mark.parametrize(("body", "speaker", "off", "text"), [
    ("Birgit Hansmann: Ich bin Birgit Hansmann.", "Birgit Hansmann", False,
     "Ich bin Birgit Hansmann."),
    ("(off) Sprecherin: Seit über 16 Jahren …", "Sprecherin", True, "Seit über 16 Jahren …"),
    ("(OFF)Sprecherin:  Seit über 16 Jahren.", "Sprecherin", True, "Seit über 16 Jahren."),
    ("(off) Frau am Telefon: Hallo?", "Frau am Telefon", True, "Hallo?"),
    ("Sprecherin 2: Ja.", "Sprecherin 2", False, "Ja."),
    ("Anna von Berg: Ja.", "Anna von Berg", False, "Ja."),
    ("Wir haben damals gemerkt: Viele wissen es nicht.", "", False,
     "Wir haben damals gemerkt: Viele wissen es nicht."),
    ("Sieben Partner:innen, ein gemeinsames Ziel.", "", False,
     "Sieben Partner:innen, ein gemeinsames Ziel."),
    ("Um 10:30 Uhr: Treffen im Büro.", "", False, "Um 10:30 Uhr: Treffen im Büro."),
    ("Innenstadt-West, Eving: zwei Bezirke.", "", False, "Innenstadt-West, Eving: zwei Bezirke."),
    # Looks like a speaker (capitalised words and a colon); ": " at the start says "no speaker".
    ("Das Besondere: die Trägerschaft.", "Das Besondere", False, "die Trägerschaft."),
    (": Das Besondere: die Trägerschaft.", "", False, "Das Besondere: die Trägerschaft."),
    ("أحمد: مرحبا بكم.", "أحمد", False, "مرحبا بكم."),
    ("Ελένη: Γεια σας.", "Ελένη", False, "Γεια σας."),
    ("[Telefon klingelt]", "", False, "[Telefon klingelt]"),
])
def test_speakers(body: str, speaker: str, off: bool, text: str) -> None:
    [u] = parse_transcript(f"[00:01] {body}")
    assert (u.speaker, u.off_screen, u.text) == (speaker, off, text)


def test_comments_paragraphs_and_ends() -> None:
    text = (
        "\ufeff# Dortmunder Seniorenbüros\r\n"            # 1  BOM, CRLF, comment
        "\r\n"                                           # 2
        "[00:00:04.880] (off) Sprecherin: Seit über\r\n"  # 3
        "  16 Jahren gibt es\r\n"                         # 4  continuation
        "# a comment inside a paragraph\r\n"              # 5
        "die Seniorenbüros.\r\n"                         # 6
        "[00:00:11.080] Angefangen hat alles\r\n"         # 7  a new utterance, same paragraph
        "\r\n"                                           # 8
        "    # indented comment\r\n"                      # 9
        "[00:15.040 --> 00:00:19.120]\r\n"                # 10 text on the next line
        "Heute   gibt es sie.\r\n"                        # 11
        "\r\n"                                           # 12
        "[00:00:20] Birgit Hansmann: Ich leite das Sozialamt.\r\n"  # 13 last: estimated end
    )
    got = parse_transcript(text)
    assert got == [
        Utterance(4880, 11_080, "Sprecherin", True,
                  "Seit über 16 Jahren gibt es die Seniorenbüros."),
        Utterance(11_080, 15_040, "", False, "Angefangen hat alles"),
        Utterance(15_040, 19_120, "", False, "Heute gibt es sie."),
        Utterance(20_000, 22_000, "Birgit Hansmann", False, "Ich leite das Sozialamt."),
    ]
    assert [u.line for u in got] == [3, 7, 10, 13]


def test_no_break_spaces_survive() -> None:
    [u] = parse_transcript("[00:01] Seit 16\u00a0Jahren,\tseit   2009.")
    assert u.text == "Seit 16\u00a0Jahren, seit 2009."


def test_last_utterance_estimate() -> None:
    short, long = parse_transcript("[00:01] Ja.\n[00:05] " + "Seniorenbüro " * 10)
    assert short.end == 5000
    chars = len(("Seniorenbüro " * 10).strip())
    assert long.end == 5000 + max(ESTIMATE_MIN_MS, -(-chars * 1000 // ESTIMATE_CPS))
    assert parse_transcript("[00:01] Ja.")[0].end == 1000 + ESTIMATE_MIN_MS


def test_empty_transcript() -> None:
    assert parse_transcript("") == []
    assert parse_transcript("# nur ein Kommentar\n\n   \n") == []


@pytest.mark.parametrize(("text", "line", "says"), [
    ("[00:00:05] A.\n[00:00:03] B.", 2, "earlier than the previous one (line 1, 0:05.000)"),
    ("[00:00:05] A.\n# c\n[00:00:05.000] B.", 3, "like the previous one"),
    ("[00:05 --> 00:09] A.\n[00:08] B.", 2, "before the previous one ends"),
    ("[00:61:00] A.", 1, "minutes and seconds must be below 60"),
    ("[00:00:75] A.", 1, "below 60"),
    ("[75:00] A.", 1, "write [01:15:00]"),
    ("[00:00:5] A.", 1, "is not a timestamp: write [HH:MM:SS]"),
    ("[00:00:05.1234] A.", 1, "is not a timestamp"),
    ("[00:00:05 A.", 1, "no closing ']'"),
    ("[00:00:05 -> 00:00:07] A.", 1, "must be '-->'"),
    ("[00:00:05 → 00:00:07] A.", 1, "must be '-->'"),
    ("[00:07 --> 00:05] A.", 1, "is not after the start"),
    ("[00:05 --> 00:05] A.", 1, "is not after the start"),
    ("[01:00 --> 02:00 --> 03:00] A.", 1, "more than one '-->'"),
    ("[00:01] A.\nB.\n[00:01:0] C.", 3, "is not a timestamp"),
    ("Hallo.", 1, "text without a timestamp"),
    ("# Kopf\n[Musik]\n[00:01] A.", 2, "text without a timestamp"),
    ("[00:01] A.\n\nB.", 3, "text without a timestamp"),
    ("[00:00:05]\n[00:00:07] B.", 1, "has no text"),
    ("[00:00:05] Birgit Hansmann: ", 1, "has no text"),
    ("[00:00:05] : ", 1, "has no text"),
    ("[00:00:05] (off) Hallo zusammen.", 1, "'(off)' must be followed by the speaker's name"),
    ("[00:00:05] (off): Hallo.", 1, "'(off)' must be followed"),
    ("[00:00:05] A. [00:00:07] B.", 1, "in the middle of a line"),
    ("[00:00:05] A.\nB. [00:07 --> 00:09] C.", 2, "in the middle of a line"),
])
def test_errors(text: str, line: int, says: str) -> None:
    with pytest.raises(TranscriptError) as info:
        parse_transcript(text, "interview.txt")
    error = info.value
    assert (error.path, error.line) == ("interview.txt", line)
    assert says in error.message
    assert str(error).startswith(f"interview.txt:{line}: ")


def test_error_is_a_subtool_error_with_hint() -> None:
    with pytest.raises(TranscriptError) as info:
        parse_transcript("[00:01] A.\n\nB.")
    error = info.value
    assert isinstance(error, SubtoolError)
    assert error.exit_code is ExitCode.PROBLEMS  # bad content, like a broken subtitle file
    assert error.path == ""
    assert "remove the blank line above to continue the utterance of line 1" in error.hint
    assert str(error).startswith("line 3: text without a timestamp")


# --------------------------------------------------------------------------------------
# segment: table tests
# --------------------------------------------------------------------------------------

def test_long_german_utterance_cut_at_sentences_then_clauses() -> None:
    track = segment([Utterance(4880, 31_560, "Sprecherin", True, OPENING)], lang="de",
                    limits=SENIOR_DE)
    assert flat(track) == [
        "(Sprecherin) Seit über 16 Jahren gibt es die Dortmunder Seniorenbüros.",
        "Angefangen hat alles mit einem Modellprojekt.",
        "Heute gibt es sie in allen zwölf Stadtbezirken:",
        "Innenstadt-West, Innenstadt-Nord, Innenstadt-Ost, Eving, Scharnhorst,",
        "Brackel, Aplerbeck, Hörde, Hombruch, Lütgendortmund, Huckarde, Mengede.",
    ]
    assert track.cues[0].text == ("(Sprecherin) Seit über 16 Jahren\n"
                                  "gibt es die Dortmunder Seniorenbüros.")
    assert track.cues[0].start == 4880
    assert track.cues[-1].end == 31_560
    assert [c.identifier for c in track.cues] == ["1", "2", "3", "4", "5"]
    assert track.format == "srt"


@pytest.mark.parametrize(("text", "seconds", "expected"), [
    # Fits one cue: not cut, even across a sentence end.
    ("Gut, dass Sie anrufen. Wir finden eine Lösung.", 4,
     ["Gut, dass Sie anrufen. Wir finden eine Lösung."]),
    # … unless its time is over the maximum duration: then at the sentence end.
    ("Gut, dass Sie anrufen. Wir finden eine Lösung.", 9,
     ["Gut, dass Sie anrufen.", "Wir finden eine Lösung."]),
    ("Gut, dass Sie anrufen. Wir finden eine Lösung. Bis bald.", 9,
     ["Gut, dass Sie anrufen.", "Wir finden eine Lösung. Bis bald."]),
    # A comma is a better cut than a word boundary; a colon better than a comma.
    ("Wir haben damals gemerkt: Viele ältere Menschen wissen nicht, welche Hilfen es gibt.", 9,
     ["Wir haben damals gemerkt:", "Viele ältere Menschen wissen nicht, welche Hilfen es gibt."]),
    # Before a conjunction when there is no punctuation.
    ("Viele Menschen möchten lange selbstständig zu Hause wohnen und brauchen dafür etwas "
     "Hilfe im Alltag", 9,
     ["Viele Menschen möchten lange selbstständig zu Hause wohnen",
      "und brauchen dafür etwas Hilfe im Alltag"]),
    # Abbreviations and ordinals are no sentence ends.
    ("Frau Dr. Müller berät Sie am 3. Oktober im Seniorenbüro Eving.", 6,
     ["Frau Dr. Müller berät Sie am 3. Oktober im Seniorenbüro Eving."]),
])
def test_cut_choice(text: str, seconds: int, expected: list[str]) -> None:
    assert flat(segment(one(text, 0, seconds * 1000), lang="de", limits=SENIOR_DE)) == expected


def test_no_cut_after_article_or_abbreviation() -> None:
    text = "Am Montag berät Sie Frau Dr. Müller im Büro der Seniorenberatung in Eving."
    cues = flat(segment(one(text, 0, 9000), lang="de", limits=ONE_LINE))
    assert len(cues) == 2
    assert not cues[0].endswith((" Dr.", " der", " im", " in"))
    assert words_of(segment(one(text, 0, 9000), lang="de", limits=ONE_LINE)) == text.split()


def test_time_is_proportional_to_length() -> None:
    first = "Seit über sechzehn Jahren."              # 26 characters
    second = "Es gibt sie in allen zwölf Bezirken."   # 36 characters
    track = segment(one(f"{first} {second}", 1000, 6000), lang="de", limits=ONE_LINE)
    assert flat(track) == [first, second]
    a, b = track.cues
    assert (a.start, b.end) == (1000, 6000)
    assert b.start - a.end == 80  # two frames at 25 fps
    # 5000 ms minus one gap shared 26 : 36, to the frame.
    assert abs(a.duration - 4920 * 26 / 62) <= 40
    assert abs(b.duration - 4920 * 36 / 62) <= 40


def test_film_limits_respected() -> None:
    text = (OPENING + " Sie beraten Senior:innen und ihre Angehörigen: kostenlos, unabhängig und "
            "ganz in der Nähe. Viele Menschen wissen nicht, welche Hilfen es gibt.")
    track = segment(one(text, 0, 40_000), lang="de", limits=SENIOR_DE)
    for cue in track.cues:
        lines = cue.text.split("\n")
        assert len(lines) <= SENIOR_DE.max_lines
        assert all(visible_length(line) <= SENIOR_DE.max_chars for line in lines)
        assert SENIOR_DE.min_duration <= cue.duration <= SENIOR_DE.max_duration
        chars = visible_length(cue.text.replace("\n", ""))
        assert chars * 1000 <= SENIOR_DE.cps_warn * cue.duration
    assert words_of(track) == text.split()


@pytest.mark.parametrize(("profile", "frame_rate"), [
    ("senior", 25.0), ("broadcast-de", 25.0), ("netflix", 24.0), ("netflix", 29.97),
    ("senior", 30000 / 1001), ("broadcast-de", 50.0),
])
def test_min_gap_and_frames(profile: str, frame_rate: float) -> None:
    limits = limits_for(profile, "de")
    utterances = [Utterance(k * 4000 + 7, k * 4000 + 4000, "", False,
                            "Hilfe im Haushalt, ein Hausnotruf oder Essen auf Rädern. Wir helfen.")
                  for k in range(5)]
    track = segment(utterances, lang="de", limits=limits, frame_rate=frame_rate)
    gap = frames_to_ms(limits.min_gap_frames, frame_rate)
    on_frames = {frames_to_ms(k, frame_rate) for k in range(2000)}
    for a, b in zip(track.cues, track.cues[1:], strict=False):
        assert b.start - a.end >= gap
    for cue in track.cues:
        assert cue.start in on_frames and cue.end in on_frames
    assert len(words_of(track)) == 5 * 11


def test_chained_utterances_end_min_gap_before_next() -> None:
    track = segment([Utterance(0, 3000, "", False, "Erster Satz."),
                     Utterance(3000, 6000, "", False, "Zweiter Satz.")],
                    lang="de", limits=SENIOR_DE)
    assert [(c.start, c.end) for c in track.cues] == [(0, 2920), (3000, 6000)]


def test_explicit_end_leaves_silence() -> None:
    track = segment([Utterance(0, 2000, "", False, "Erster Satz."),
                     Utterance(5000, 7000, "", False, "Zweiter Satz.")],
                    lang="de", limits=SENIOR_DE)
    assert [(c.start, c.end) for c in track.cues] == [(0, 2000), (5000, 7000)]


def test_times_snap_inside_the_window() -> None:
    track = segment(one("In ihrer Nachbarschaft.", 1010, 2990), lang="de", limits=SENIOR_DE)
    assert [(c.start, c.end) for c in track.cues] == [(1040, 2960)]


def test_max_duration() -> None:
    track = segment(one("Das ist kurz.", 0, 20_000), lang="de", limits=SENIOR_DE)
    assert [(c.start, c.end) for c in track.cues] == [(0, 7000)]
    # Two sentences over 20 s: cut at the sentence end, the second where its words start.
    track = segment(one("Das ist kurz. Das auch.", 0, 20_000), lang="de", limits=SENIOR_DE)
    assert flat(track) == ["Das ist kurz.", "Das auch."]
    assert all(c.duration <= 7000 for c in track.cues)
    assert 11_000 < track.cues[1].start < 12_500


def test_short_sentences_stay_together() -> None:
    track = segment(one("Ja. Nein. Vielleicht.", 0, 3000), lang="de", limits=SENIOR_DE)
    assert flat(track) == ["Ja. Nein. Vielleicht."]
    # One line of 40: cut, but no 0.5 s flash of "Ja." on its own.
    text = "Ja. Das Seniorenbüro ist für Sie da. Rufen Sie uns einfach an."
    track = segment(one(text, 0, 5000), lang="de", limits=ONE_LINE)
    assert flat(track) == ["Ja. Das Seniorenbüro ist für Sie da.", "Rufen Sie uns einfach an."]
    assert all(c.duration >= ONE_LINE.min_duration for c in track.cues)


def test_arabic() -> None:
    text = ("نحن نساعد كبار السن وعائلاتهم، مجانًا وبالقرب منكم. "
            "هل تحتاجون إلى مساعدة في المنزل؟ اتصلوا بنا.")
    track = segment(one(text, 0, 9000), lang="ar", limits=limits_for("senior", "ar"))
    assert flat(track) == ["نحن نساعد كبار السن وعائلاتهم، مجانًا وبالقرب منكم.",
                           "هل تحتاجون إلى مساعدة في المنزل؟ اتصلوا بنا."]
    assert all(visible_length(line) <= 42 for c in track.cues for line in c.text.split("\n"))
    assert words_of(track) == text.split()


def test_arabic_comma_is_a_clause() -> None:
    text = "يقدم مكتب كبار السن المشورة مجانًا، ويساعد في طلب الرعاية والدعم في البيت"
    track = segment(one(text, 0, 9000), lang="ar", limits=ONE_LINE)
    assert flat(track)[0].endswith("مجانًا،")


def test_greek_question_mark_ends_a_sentence() -> None:
    text = ("Πού είναι το γραφείο για ηλικιωμένους στη γειτονιά μου; "
            "Είναι στο κέντρο της περιοχής, δίπλα στο δημαρχείο.")
    track = segment(one(text, 0, 9000), lang="el", limits=limits_for("senior", "el"))
    assert flat(track) == ["Πού είναι το γραφείο για ηλικιωμένους στη γειτονιά μου;",
                           "Είναι στο κέντρο της περιοχής, δίπλα στο δημαρχείο."]


def test_too_long_word_keeps_its_article_and_is_not_cut() -> None:
    limits = Limits(2, 20, 13, 15, 1500, 7000, 2)
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    track = segment(one(f"Der {word} kommt morgen.", 0, 9000), lang="de", limits=limits)
    assert [c.text for c in track.cues] == [f"Der\n{word}", "kommt morgen."]
    track = segment(one(word, 0, 9000), lang="de", limits=limits)
    assert [c.text for c in track.cues] == [word]


def test_speaker_labels() -> None:
    utterances = [
        Utterance(0, 3000, "Sprecherin", True, "Seit über 16 Jahren."),
        Utterance(3000, 6000, "Sprecherin", True, "Gibt es die Büros."),   # same turn
        Utterance(6000, 9000, "Birgit Hansmann", False, "Ich leite das Sozialamt."),
        Utterance(9000, 12_000, "", False, "Wir haben gemerkt."),          # unnamed: same turn
        Utterance(12_000, 15_000, "Birgit Hansmann", False, "Das war so."),
        Utterance(15_000, 18_000, "Sprecherin", True, "Heute gibt es sie überall."),
    ]
    labelled = flat(segment(utterances, lang="de", limits=SENIOR_DE))
    assert labelled == ["(Sprecherin) Seit über 16 Jahren.", "Gibt es die Büros.",
                        "(Birgit Hansmann) Ich leite das Sozialamt.", "Wir haben gemerkt.",
                        "Das war so.", "(Sprecherin) Heute gibt es sie überall."]
    off_only = flat(segment(utterances, lang="de", limits=SENIOR_DE, speaker_labels=False))
    assert off_only == ["(Sprecherin) Seit über 16 Jahren.", "Gibt es die Büros.",
                        "Ich leite das Sozialamt.", "Wir haben gemerkt.", "Das war so.",
                        "(Sprecherin) Heute gibt es sie überall."]


def test_label_only_on_the_first_cue_of_a_long_utterance() -> None:
    track = segment([Utterance(0, 30_000, "Sprecherin", True, OPENING)], lang="de",
                    limits=SENIOR_DE)
    assert flat(track)[0].startswith("(Sprecherin) Seit")
    assert not any("(Sprecherin)" in text for text in flat(track)[1:])


def test_custom_line_breaker() -> None:
    def two_words(text: str, max_chars: int, max_lines: int) -> str | None:
        words = text.split()
        return "\n".join(words) if len(words) <= max_lines else None

    track = segment(one("Wir finden eine gute Lösung.", 0, 8000), lang="de", limits=SENIOR_DE,
                    break_lines=two_words)
    assert [c.text for c in track.cues] == ["Wir\nfinden", "eine\ngute", "Lösung."]


def test_utterance_shorter_than_a_frame_joins_its_neighbour() -> None:
    utterances = [Utterance(0, 4000, "", False, "Erster Satz."),
                  Utterance(4000, 4010, "", False, "Kurz."),
                  Utterance(4010, 8000, "", False, "Dritter Satz.")]
    track = segment(utterances, lang="de", limits=SENIOR_DE)
    assert flat(track) == ["Erster Satz. Kurz.", "Dritter Satz."]
    track = segment([Utterance(0, 10, "", False, "Kurz."),
                     Utterance(10, 4000, "", False, "Zweiter Satz.")],
                    lang="de", limits=SENIOR_DE)
    assert flat(track) == ["Kurz. Zweiter Satz."]
    assert track.cues[0].start == 0


def test_overlapping_utterances_are_cut_back() -> None:
    track = segment([Utterance(0, 9000, "", False, "Erster Satz hier."),
                     Utterance(4000, 8000, "", False, "Zweiter.")],
                    lang="de", limits=SENIOR_DE)
    assert [(c.start, c.end) for c in track.cues] == [(0, 3920), (4000, 8000)]


def test_empty_and_invalid_input() -> None:
    assert segment([], lang="de", limits=SENIOR_DE) == Track(())
    assert segment(one("   "), lang="de", limits=SENIOR_DE) == Track(())
    with pytest.raises(ValueError, match="sort the utterances"):
        segment([Utterance(5000, 6000, "", False, "B."), Utterance(1000, 2000, "", False, "A.")],
                lang="de", limits=SENIOR_DE)
    with pytest.raises(ValueError, match="frame rate"):
        segment(one("A."), lang="de", limits=SENIOR_DE, frame_rate=0)


def test_composed_srt_reads_back() -> None:
    track = segment([Utterance(4880, 31_560, "Sprecherin", True, OPENING)], lang="de",
                    limits=SENIOR_DE)
    again = srt.parse(srt.compose(track))
    assert again.diagnostics == ()
    assert again == track


# --------------------------------------------------------------------------------------
# The sample transcript, checked by the project's checker
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("speaker_labels", [False, True])
def test_sample_transcript_passes_the_checker(speaker_labels: bool) -> None:
    utterances = parse_transcript((DATA / "transcript-de.txt").read_text(encoding="utf-8"),
                                  "tests/data/transcript-de.txt")
    assert len(utterances) == 11
    assert {u.speaker for u in utterances} == {
        "Sprecherin", "Birgit Hansmann", "Katrin Wollny", "Anruferin", "Thomas Özdemir", ""}
    track = segment(utterances, lang="de", limits=limits_for("senior", "de"),
                    speaker_labels=speaker_labels)
    problems = check_track("transcript-de.srt", track, lang="de", settings=Settings(),
                           options=Options(profile="senior"))
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert words_of(track) == [
        w for u, label in zip(utterances, _expected_labels(utterances, speaker_labels),
                              strict=True)
        for w in (label.split() + u.text.split())]
    assert flat(track)[0].startswith("(Sprecherin) Seit über 16 Jahren")


def _expected_labels(utterances: list[Utterance], speaker_labels: bool) -> list[str]:
    """Labels as the sample transcript's speakers call for them."""
    out, turn = [], ("", False)
    for u in utterances:
        new = bool(u.speaker) and (u.speaker, u.off_screen) != turn
        out.append(f"({u.speaker})" if new and (speaker_labels or u.off_screen) else "")
        if u.speaker:
            turn = (u.speaker, u.off_screen)
    return out


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßÄÖÜαβγδΔضصثقف"
_WORDS = st.builds(
    lambda stem, end: stem + end,
    st.text(alphabet=_LETTERS, min_size=1, max_size=14)
    | st.text(alphabet=_LETTERS, min_size=30, max_size=60),
    st.sampled_from(["", "", "", ",", ".", "?", ":", ";", "…", "،", "؟", ".“"]),
) | st.sampled_from(["–", "und", "der", "Dr.", "3.", "e\u0301", "16\u00a0Jahre"])
_SPEAKERS = ["", "", "Anna", "Birgit Hansmann"]
_LABEL_RE = re.compile(r"\((?:Anna|Birgit Hansmann)\) ")


@st.composite
def _utterances(draw: st.DrawFn, min_length: int) -> list[Utterance]:
    out = []
    at = draw(st.integers(0, 5000))
    for _ in range(draw(st.integers(1, 6))):
        text = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=40)))
        length = draw(st.integers(min_length, 25_000))
        speaker = draw(st.sampled_from(_SPEAKERS))
        out.append(Utterance(at, at + length, speaker, bool(speaker) and draw(st.booleans()),
                             text))
        at += length + draw(st.sampled_from([0, 0, 10, 500, 3000]))
    return out


_LIMITS = st.builds(limits_for, st.sampled_from(sorted(PROFILES)),
                    st.sampled_from(["de", "en", "ar", "el", "ru", None]))
_RATES = st.sampled_from([25.0, 24.0, 30.0, 50.0, 29.97, 30000 / 1001])


def _check_invariants(utterances: list[Utterance], track: Track, limits: Limits,
                      frame_rate: float) -> None:
    # Words kept, in order: labels are the only addition.
    shown = _LABEL_RE.sub("", visible(" ".join(flat(track)))).split()  # RLM marks aside
    assert shown == [w for u in utterances for w in u.text.split()]
    gap = frames_to_ms(limits.min_gap_frames, frame_rate)
    for cue in track.cues:
        assert cue.start < cue.end
    for a, b in zip(track.cues, track.cues[1:], strict=False):
        assert a.start <= b.start
        assert a.end <= b.start  # no overlap
        assert b.start - a.end >= gap
    assert [c.identifier for c in track.cues] == [str(k) for k in range(1, len(track.cues) + 1)]


@settings(max_examples=150, deadline=None)
@given(_utterances(min_length=300), _LIMITS, _RATES, st.booleans())
def test_property_cues_inside_their_utterance(utterances: list[Utterance], limits: Limits,
                                              frame_rate: float, labels: bool) -> None:
    track = segment(utterances, lang=None, limits=limits, frame_rate=frame_rate,
                    speaker_labels=labels)
    _check_invariants(utterances, track, limits, frame_rate)
    # Every cue lies inside the window of the one utterance its words come from.
    owner = [k for k, u in enumerate(utterances) for _ in u.text.split()]
    position = 0
    for cue in track.cues:
        count = len(_LABEL_RE.sub("", cue.text.replace("\n", " ")).split())
        first, last = owner[position], owner[position + count - 1]
        assert first == last
        u = utterances[first]
        assert u.start <= cue.start and cue.end <= u.end
        assert cue.duration <= limits.max_duration
        position += count


@settings(max_examples=150, deadline=None)
@given(_utterances(min_length=1), _LIMITS, _RATES, st.booleans(),
       st.sampled_from(["de", "ar", "el", None]))
def test_property_any_timing(utterances: list[Utterance], limits: Limits, frame_rate: float,
                             labels: bool, lang: str | None) -> None:
    track = segment(utterances, lang=lang, limits=limits, frame_rate=frame_rate,
                    speaker_labels=labels)
    _check_invariants(utterances, track, limits, frame_rate)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=_LETTERS + ",.?", min_size=1, max_size=12), min_size=1,
                max_size=60), st.sampled_from(["de", "ar", "el"]))
def test_property_cues_fit_when_time_allows(words: list[str], lang: str) -> None:
    # Reading at 10 characters per second and no word longer than a line: every cue fits.
    limits = limits_for("senior", lang)
    text = " ".join(words)
    track = segment(one(text, 0, max(2000, visible_length(text) * 100)), lang=lang,
                    limits=limits)
    for cue in track.cues:
        lines = cue.text.split("\n")
        assert len(lines) <= limits.max_lines
        assert all(visible_length(line) <= limits.max_chars for line in lines)
    assert words_of(track) == words
