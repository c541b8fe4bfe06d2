"""Table tests for the timing rules: numbering, duplicate-id, cue-order, overlap, min-gap,
min-duration, max-duration and reading-speed.

Tracks are written as real SRT (or WebVTT) text and parsed, so every problem's ``line`` is
a real line of that text. With one text line per cue, SRT cue ``n`` has its number on line
``4n - 3``, its timing line on ``4n - 2`` and its text on ``4n - 1``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from helpers import srt_text, srt_track

from subtool.config import Options, Settings
from subtool.core.model import Problem, Severity, Track
from subtool.core.timecode import format_vtt
from subtool.engine.check import check_track
from subtool.formats import vtt
from subtool.rules import BY_ID

Spec = tuple[int, int, str]  # (start_ms, end_ms, text)
Where = tuple[int | None, int | None]  # (cue, line) of a problem
W = Severity.WARNING
E = Severity.ERROR








def vtt_track(identifiers: Sequence[str]) -> Track:
    """A WebVTT track with one two-second cue per identifier ("" for none)."""
    blocks = ["WEBVTT\n"]
    for n, identifier in enumerate(identifiers):
        start = 1000 + n * 3000
        head = f"{identifier}\n" if identifier else ""
        blocks.append(f"{head}{format_vtt(start)} --> {format_vtt(start + 2000)}\n"
                      f"Seit über 16 Jahren gibt es die Seniorenbüros.\n")
    track = vtt.parse("\n".join(blocks))
    assert not track.diagnostics, track.diagnostics
    assert [c.identifier for c in track.cues] == list(identifiers)
    return track


def problems(rule: str, track: Track, lang: str = "de", *, profile: str = "senior",
             frame_rate: float = 25.0) -> list[Problem]:
    """Run one rule the way ``subtool check --select RULE`` does."""
    found = check_track(f"{lang}.{track.format}", track, lang=lang,
                        settings=Settings(profile=profile, frame_rate=frame_rate),
                        options=Options(select=frozenset({rule})))
    assert {p.rule for p in found} <= {rule}
    return list(found)


def where(found: Sequence[Problem]) -> list[Where]:
    return [(p.cue, p.line) for p in found]


def sequence(*durations_and_gaps: int) -> list[Spec]:
    """Cues from alternating durations and gaps, starting at 1 s, with film text."""
    texts = ["Seit über 16 Jahren gibt es die Seniorenbüros.", "Angefangen hat alles.",
             "Heute gibt es sie in allen Bezirken.", "Sie beraten auch Angehörige."]
    cues: list[Spec] = []
    t = 1000
    values = list(durations_and_gaps)
    for n, duration in enumerate(values[::2]):
        cues.append((t, t + duration, texts[n % len(texts)]))
        gap = values[2 * n + 1] if 2 * n + 1 < len(values) else 0
        t += duration + gap
    return cues


# --- numbering --------------------------------------------------------------------------

FOUR = sequence(2000, 500, 2000, 500, 2000, 500, 2000)
FIVE = [*FOUR, (13_000, 15_000, "Sie beraten auch Angehörige.")]


@pytest.mark.parametrize(("cues", "numbers", "expected"), [
    pytest.param(FOUR, ["1", "2", "3", "4"], [], id="1-2-3-4"),
    pytest.param(FOUR, ["1", "2", "4", "5"], [(3, 9)], id="gap-after-a-deleted-cue"),
    pytest.param(FIVE, ["1", "2", "2", "3", "4"], [(3, 9)], id="number-pasted-twice"),
    pytest.param(FOUR, ["1", "3", "2", "4"], [(2, 5)], id="two-numbers-swapped"),
    pytest.param(FOUR, ["2", "3", "4", "5"], [(1, 1)], id="starts-at-2"),
    pytest.param(FOUR, ["1", "2", "3", "3"], [(4, 13)], id="last-repeated"),
    pytest.param(FOUR, ["1", "2", "7", "4"], [(3, 9)], id="one-typo"),
    pytest.param(FOUR, [" 1", "2 ", "3", "4"], [], id="spaces-around-numbers"),
])
def test_numbering(cues: list[Spec], numbers: list[str], expected: list[Where]) -> None:
    found = problems("numbering", srt_track(cues, numbers))
    assert where(found) == expected
    assert all(p.severity is W for p in found)


def test_numbering_reports_a_run_once_with_its_length() -> None:
    found = problems("numbering", srt_track(FIVE, ["1", "3", "4", "5", "6"]))
    assert where(found) == [(2, 5)]
    assert "numbered 3, expected 2" in found[0].message
    assert "3 more cues after it" in found[0].message


# A cue without a number starts with its timing line; that is where the problem is, not the
# blank line before it (cue 3) and not nowhere (cue 1).
@pytest.mark.parametrize(("numbers", "cue", "line"), [
    pytest.param(["1", "2", "", "4"], 3, 9, id="cue-3-unnumbered"),
    pytest.param(["", "2", "3", "4"], 1, 1, id="cue-1-unnumbered"),
])
def test_numbering_missing_number_points_at_the_timing_line(numbers: list[str], cue: int,
                                                           line: int) -> None:
    text = srt_text(FOUR, numbers)
    assert text.split("\n")[line - 1].startswith("00:00:0")  # the unnumbered cue's timing
    found = problems("numbering", srt_track(FOUR, numbers))
    assert [(p.cue, p.severity) for p in found] == [(cue, W)]
    assert "no number" in found[0].message
    assert found[0].line == line


def test_numbering_ignores_webvtt_identifiers() -> None:
    assert problems("numbering", vtt_track(["3", "1", "", "intro"])) == []


# --- duplicate-id (WebVTT) --------------------------------------------------------------

# WEBVTT is line 1; with an identifier, cue n's identifier is on line 4n - 1.
@pytest.mark.parametrize(("identifiers", "expected"), [
    pytest.param(["sprecherin-1", "sprecherin-2", "hansmann-1"], [], id="unique"),
    pytest.param(["1", "2", "1"], [(3, 11)], id="numeric-repeated"),
    pytest.param(["intro", "", "intro"], [(3, 10)], id="repeat-after-cue-without-id"),
    pytest.param(["", "", ""], [], id="no-identifiers"),
    pytest.param(["Intro", "intro"], [], id="case-sensitive"),
    pytest.param(["a", "a", "a"], [(2, 7), (3, 11)], id="three-times"),
    pytest.param(["hansmann 1", "hansmann 1"], [(2, 7)], id="with-space"),
])
def test_duplicate_id(identifiers: list[str], expected: list[Where]) -> None:
    found = problems("duplicate-id", vtt_track(identifiers))
    assert where(found) == expected
    assert all(p.severity is E for p in found)


def test_duplicate_id_names_the_first_cue() -> None:
    found = problems("duplicate-id", vtt_track(["intro", "sprecherin", "intro"]))
    assert len(found) == 1
    assert "'intro'" in found[0].message
    assert "cue 1" in found[0].message


def test_duplicate_id_does_not_apply_to_srt_numbers() -> None:
    assert problems("duplicate-id", srt_track(FOUR, ["1", "1", "2", "2"])) == []


# --- cue-order --------------------------------------------------------------------------

@pytest.mark.parametrize(("cues", "expected"), [
    pytest.param([(1000, 3000, "Hallo"), (3500, 5000, "Tschüss")], [], id="in-order"),
    pytest.param([(1000, 3000, "Hallo"), (3500, 3500, "Tschüss")], [(2, 6)], id="zero-length"),
    pytest.param([(1000, 3000, "Hallo"), (5000, 4000, "Tschüss")], [(2, 6)],
                 id="ends-before-start"),
    pytest.param([(1000, 3000, "Hallo"), (1000, 2500, "Tschüss")], [], id="same-start"),
    pytest.param([(1000, 2000, "Eins"), (5000, 6000, "Zwei"), (3000, 4000, "Drei")],
                 [(3, 10)], id="start-before-previous-start"),
    pytest.param([(5000, 6000, "Eins"), (3000, 2000, "Zwei")], [(2, 6), (2, 6)],
                 id="both-on-one-cue"),
    pytest.param([(61_000, 59_000, "Eins")], [(1, 2)], id="minute-typo"),
])
def test_cue_order(cues: list[Spec], expected: list[Where]) -> None:
    found = problems("cue-order", srt_track(cues))
    assert where(found) == expected
    assert all(p.severity is E for p in found)


# --- overlap ----------------------------------------------------------------------------

@pytest.mark.parametrize(("cues", "expected", "overlap_ms"), [
    pytest.param(sequence(2000, 0, 2000), [], None, id="touching"),
    pytest.param(sequence(2000, 80, 2000), [], None, id="two-frame-gap"),
    pytest.param(sequence(2000, -1, 2000), [(2, 6)], 1, id="one-ms"),
    pytest.param(sequence(2000, -500, 2000), [(2, 6)], 500, id="half-second"),
    pytest.param([(1000, 9000, "Seit über 16 Jahren"), (2000, 3000, "Angefangen")], [(2, 6)],
                 7000, id="inside-previous"),
    pytest.param(sequence(2000, 80, 2000, -40, 2000), [(3, 10)], 40, id="third-cue"),
])
def test_overlap(cues: list[Spec], expected: list[Where], overlap_ms: int | None) -> None:
    found = problems("overlap", srt_track(cues))
    assert where(found) == expected
    assert all(p.severity is E for p in found)
    if overlap_ms is not None:
        assert f"starts {overlap_ms} ms before" in found[0].message


# --- min-gap ----------------------------------------------------------------------------

@pytest.mark.parametrize(("profile", "fps", "gap", "minimum"), [
    pytest.param("senior", 25, 0, 80, id="25fps-touching"),
    pytest.param("senior", 25, 40, 80, id="25fps-1-frame"),
    pytest.param("senior", 25, 79, 80, id="25fps-79ms"),
    pytest.param("senior", 25, 80, None, id="25fps-80ms-ok"),
    pytest.param("senior", 25, 501, None, id="25fps-501ms-ok"),
    pytest.param("senior", 25, -40, None, id="25fps-overlap-is-not-a-gap"),
    pytest.param("senior", 24, 80, 83, id="24fps-80ms"),
    pytest.param("senior", 24, 82, 83, id="24fps-82ms"),
    pytest.param("senior", 24, 83, None, id="24fps-83ms-ok"),
    pytest.param("senior", 30, 66, 67, id="30fps-66ms"),
    pytest.param("senior", 30, 67, None, id="30fps-67ms-ok"),
    pytest.param("netflix", 25, 79, 80, id="netflix-79ms"),
    pytest.param("netflix", 25, 80, None, id="netflix-80ms-ok"),
    pytest.param("broadcast-de", 25, 39, 40, id="broadcast-de-39ms"),
    pytest.param("broadcast-de", 25, 40, None, id="broadcast-de-1-frame-ok"),
    pytest.param("broadcast-de", 25, 40, None, id="broadcast-de-40ms-ok"),
    pytest.param("broadcast-de", 24, 41, 42, id="broadcast-de-24fps-41ms"),
])
def test_min_gap(profile: str, fps: float, gap: int, minimum: int | None) -> None:
    track = srt_track(sequence(2000, gap, 2000))
    found = problems("min-gap", track, profile=profile, frame_rate=fps)
    if minimum is None:
        assert found == []
    else:
        assert [(p.cue, p.line, p.severity) for p in found] == [(2, 6, W)]
        assert f"only {gap} ms" in found[0].message
        assert f"at least {minimum} ms" in found[0].message


def test_min_gap_reports_each_short_gap() -> None:
    track = srt_track(sequence(2000, 40, 2000, 600, 2000, 0, 2000))
    assert where(problems("min-gap", track)) == [(2, 6), (4, 14)]


@pytest.mark.parametrize(("profile", "gap", "chain"), [
    pytest.param("senior", 81, True, id="just-above-the-minimum"),
    pytest.param("senior", 480, True, id="the-film's-480ms"),
    pytest.param("senior", 500, True, id="half-a-second"),
    pytest.param("senior", 501, False, id="above-half-a-second"),
    pytest.param("broadcast-de", 79, True, id="broadcast-de-79ms"),
    pytest.param("senior", 80, False, id="exactly-the-minimum"),
])
def test_min_gap_reports_gaps_to_chain_as_info(profile: str, gap: int, chain: bool) -> None:
    # What the fix changes, the check reports: chaining closes gaps of 0.5 s or less.
    track = srt_track(sequence(2000, gap, 2000))
    found = problems("min-gap", track, profile=profile)
    assert [(p.cue, p.severity) for p in found] == ([(2, Severity.INFO)] if chain else [])
    if chain:
        assert f"{gap} ms after the previous cue" in found[0].message
        assert "chaining" in found[0].message


def test_min_gap_does_not_chain_past_the_maximum_duration() -> None:
    track = srt_track(sequence(6800, 400, 2000))  # chaining would make cue 1 7120 ms long
    assert problems("min-gap", track) == []


# --- min-duration / max-duration --------------------------------------------------------

@pytest.mark.parametrize(("profile", "duration", "minimum"), [
    pytest.param("senior", 1499, 1500, id="senior-1499"),
    pytest.param("senior", 1000, 1500, id="senior-1000"),
    pytest.param("senior", 1500, None, id="senior-1500-ok"),
    pytest.param("senior", 0, None, id="senior-zero-is-cue-order"),
    pytest.param("broadcast-de", 999, 1000, id="broadcast-de-999"),
    pytest.param("broadcast-de", 1000, None, id="broadcast-de-1000-ok"),
    pytest.param("netflix", 832, 833, id="netflix-832"),
    pytest.param("netflix", 833, None, id="netflix-833-ok"),
])
def test_min_duration(profile: str, duration: int, minimum: int | None) -> None:
    cues = [(1000, 4000, "Angefangen hat alles"), (5000, 5000 + duration, "Ja.")]
    found = problems("min-duration", srt_track(cues), profile=profile)
    if minimum is None:
        assert found == []
    else:
        assert [(p.cue, p.line, p.severity) for p in found] == [(2, 6, W)]
        assert f"at least {minimum} ms" in found[0].message


@pytest.mark.parametrize(("profile", "duration", "reported"), [
    pytest.param("senior", 7000, False, id="senior-7000-ok"),
    pytest.param("senior", 7001, True, id="senior-7001"),
    pytest.param("netflix", 7000, False, id="netflix-7000-ok"),
    pytest.param("netflix", 7001, True, id="netflix-7001"),
    pytest.param("broadcast-de", 7001, True, id="broadcast-de-7001"),
    pytest.param("senior", 60_000, True, id="a-minute"),
])
def test_max_duration(profile: str, duration: int, reported: bool) -> None:
    cues = [(1000, 3000, "[Musik]"),
            (4000, 4000 + duration, "Innenstadt-West, Innenstadt-Nord,\nInnenstadt-Ost, Eving")]
    found = problems("max-duration", srt_track(cues), profile=profile)
    assert [(p.cue, p.line, p.severity) for p in found] == ([(2, 6, W)] if reported else [])


# --- reading-speed ----------------------------------------------------------------------

DE30 = "Angefangen hat alles in Hörde."  # 30 characters
EN30 = "It all started with a project."
AR30 = "بدأ كل شيء بمشروع تجريبي صغير."
RU30 = "Всё началось с одного проекта."


# 30 characters: 13 cps needs 2307.7 ms, 15 cps 2000 ms, 17 cps 1764.7 ms, 20 cps 1500 ms.
@pytest.mark.parametrize(("profile", "lang", "text", "duration", "expected"), [
    pytest.param("senior", "de", DE30, 3000, None, id="senior-de-10cps"),
    pytest.param("senior", "de", DE30, 2308, None, id="senior-de-13.0cps"),
    pytest.param("senior", "de", DE30, 2307, W, id="senior-de-13.004cps"),
    pytest.param("senior", "de", DE30, 2000, W, id="senior-de-15.0cps"),
    pytest.param("senior", "de", DE30, 1999, E, id="senior-de-15.008cps"),
    pytest.param("senior", "en", EN30, 2307, W, id="senior-en-no-exception"),
    pytest.param("senior", "en", EN30, 1999, E, id="senior-en-error"),
    pytest.param("senior", "ru", RU30, 2000, W, id="senior-ru-15cps"),
    pytest.param("broadcast-de", "de", DE30, 2307, W, id="broadcast-de-warn"),
    pytest.param("broadcast-de", "de", DE30, 1999, E, id="broadcast-de-error"),
    pytest.param("netflix", "de", DE30, 1765, None, id="netflix-de-17cps"),
    pytest.param("netflix", "de", DE30, 1764, E, id="netflix-de-17.007cps"),
    pytest.param("netflix", "ru", RU30, 1764, E, id="netflix-ru-17.007cps"),
    pytest.param("netflix", "en", EN30, 1764, None, id="netflix-en-17.007cps-ok"),
    pytest.param("netflix", "en", EN30, 1500, None, id="netflix-en-20cps"),
    pytest.param("netflix", "en", EN30, 1499, E, id="netflix-en-20.01cps"),
    pytest.param("netflix", "en-GB", EN30, 1500, None, id="netflix-en-GB-20cps"),
    pytest.param("netflix", "ar", AR30, 1500, None, id="netflix-ar-20cps"),
    pytest.param("netflix", "ar", AR30, 1499, E, id="netflix-ar-20.01cps"),
])
def test_reading_speed_limits(profile: str, lang: str, text: str, duration: int,
                              expected: Severity | None) -> None:
    cues = [(1000, 5000, "[Musik]"), (6000, 6000 + duration, text)]
    found = problems("reading-speed", srt_track(cues), lang, profile=profile)
    assert [(p.cue, p.line, p.severity) for p in found] == (
        [] if expected is None else [(2, 6, expected)])


# Texts and the number of characters a reader sees in them.
@pytest.mark.parametrize(("lang", "text", "characters"), [
    pytest.param("de", DE30, 30, id="plain"),
    pytest.param("it", "Perche\u0301 il centro e\u0300 chiuso?", 26, id="decomposed-accents"),
    pytest.param("de", "Ho\u0308rde und Lu\u0308tgendortmund", 24, id="decomposed-umlauts"),
    pytest.param("de", "Hörde und Lütgendortmund", 24, id="precomposed-umlauts"),
    pytest.param("ar", "مَرْحَبًا بِكُمْ فِي دُورْتْمُونْد", 21, id="arabic-harakat"),
    pytest.param("ar", "مرحبا بكم في دورتموند", 21, id="arabic-without-harakat"),
    pytest.param("ar", "\u200fBirgit Hansmann تتحدث", 21, id="rlm-not-counted"),
    pytest.param("de", "<i>Angefangen hat alles</i>", 20, id="tags-not-counted"),
    pytest.param("de", "{\\an8}[Musik]", 7, id="ass-override-not-counted"),
    pytest.param("de", "Angefangen hat alles\nmit einem Modellprojekt.", 44,
                 id="line-break-not-counted"),
    pytest.param("de", "(Sprecherin) Seit über 16 Jahren", 32, id="spaces-punctuation-count"),
])
def test_reading_speed_counts_what_a_reader_sees(lang: str, text: str, characters: int) -> None:
    # At 13 cps, ``characters`` fit exactly into ``fits`` ms and not into one ms less.
    fits = math.ceil(characters * 1000 / 13)
    at_limit = srt_track([(1000, 1000 + fits, text)])
    over_limit = srt_track([(1000, 1000 + fits - 1, text)])
    assert problems("reading-speed", at_limit, lang) == []
    found = problems("reading-speed", over_limit, lang)
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, 2, W)]
    assert f"({characters} characters in" in found[0].message


def test_reading_speed_skips_cues_without_duration() -> None:
    track = srt_track([(1000, 1000, DE30), (3000, 2000, DE30)])
    assert problems("reading-speed", track) == []


def test_timing_rule_severities_match_the_catalogue() -> None:
    assert {rule: BY_ID[rule].severity for rule in (
        "numbering", "duplicate-id", "cue-order", "overlap", "min-gap", "min-duration",
        "max-duration", "reading-speed")} == {
        "numbering": W, "duplicate-id": E, "cue-order": E, "overlap": E, "min-gap": W,
        "min-duration": W, "max-duration": W, "reading-speed": W}
