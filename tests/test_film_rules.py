"""The rules against the film (shot-change, speech-sync, speech-without-cue) and the
shot-change fix, on film facts written by hand; the master's retiming carried over to a
translation and its state.

The same rules against a real stand-in film (ffmpeg, espeak-ng) are in test_film.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from helpers import srt_track
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.config import Options, Settings
from subtool.core.align import Alignment, align
from subtool.core.film import FilmFacts, uncovered
from subtool.core.model import Cue, Problem, Severity, Track
from subtool.engine.check import check_track, make_context
from subtool.engine.fix import fix_track, fixable_rules
from subtool.rules import BY_ID, Context
from subtool.translation.retime import rekey, retime
from subtool.translation.state import Entry, State, cue_states

Spec = tuple[int, int, str]
FILM_RULES = ("shot-change", "speech-sync", "speech-without-cue")
SETTINGS = Settings(frame_rate=25)


def film(cuts: Sequence[int] = (), speech: Sequence[tuple[int, int]] = (),
         duration: int = 600_000) -> FilmFacts:
    return FilmFacts(duration, 25.0, tuple(speech), tuple(cuts))


def found(cues: Sequence[Spec], facts: FilmFacts | None, *, rules: Sequence[str] = FILM_RULES,
          settings_: Settings = SETTINGS, master: Track | None = None,
          lang: str = "de") -> list[Problem]:
    options = Options(select=frozenset(rules))
    return list(check_track("x.srt", srt_track(cues), lang=lang, settings=settings_,
                            options=options, master=master, master_lang="de", film=facts))


def where(problems: Sequence[Problem]) -> list[tuple[str, int | None, Severity]]:
    return [(p.rule, p.cue, p.severity) for p in problems]


# --- without a film nothing changes -----------------------------------------------------

def test_without_a_film_the_film_rules_find_nothing() -> None:
    cues = [(9400, 12000, "Hallo"), (12160, 15000, "Welt")]
    assert found(cues, None) == []
    track = srt_track(cues)
    ctx = make_context("x.srt", track, lang="de", settings=SETTINGS, options=Options())
    assert BY_ID["shot-change"].fix is not None
    assert BY_ID["shot-change"].fix(ctx) is track


# --- shot-change ------------------------------------------------------------------------

CUT = 10_000  # frame 250 at 25 fps; a frame is 40 ms


@pytest.mark.parametrize(("start", "message"), [
    (CUT + 160, "starts 4 frames after the shot change at 0:10.000; start it on the cut"),
    (CUT - 480, "starts 12 frames before the shot change at 0:10.000"),
    (CUT + 40, "starts 1 frame after the shot change"),
])
def test_a_start_near_a_cut_is_reported(start: int, message: str) -> None:
    problems = found([(start, start + 3000, "Hallo")], film([CUT]), rules=["shot-change"])
    assert where(problems) == [("shot-change", 1, Severity.WARNING)]
    assert message in problems[0].message


@pytest.mark.parametrize("start", [CUT, CUT - 520, CUT + 520, CUT + 19])
def test_a_start_on_the_cut_or_beyond_the_window_is_fine(start: int) -> None:
    # CUT + 19 ms still shows the cut's frame (frames are rounded to the nearest). 13
    # frames before the cut, the cue runs across it with 0.52 s before it: information only.
    problems = found([(start, start + 3000, "Hallo")], film([CUT]), rules=["shot-change"])
    assert [p.severity for p in problems] == ([Severity.INFO] if start < CUT else [])


@pytest.mark.parametrize(("end", "words"), [
    (CUT - 200, "ends 5 frames before the shot change at 0:10.000; end it 2 frames before "
                "the cut, at 0:09.920"),
    (CUT, "ends on the shot change at 0:10.000"),
    (CUT + 320, "ends 8 frames after the shot change"),
    (CUT - 40, "ends 1 frame before"),
])
def test_an_end_near_a_cut_but_not_two_frames_before_it_is_reported(end: int,
                                                                   words: str) -> None:
    problems = found([(end - 3000, end, "Hallo")], film([CUT]), rules=["shot-change"])
    assert where(problems) == [("shot-change", 1, Severity.WARNING)]
    assert words in problems[0].message


def test_two_frames_before_the_cut_and_chained_cues_are_fine() -> None:
    assert found([(5000, CUT - 80, "Hallo")], film([CUT]), rules=["shot-change"]) == []
    chained = [(5000, CUT - 80, "Hallo"), (CUT, CUT + 3000, "Welt")]
    assert found(chained, film([CUT]), rules=["shot-change"]) == []
    # broadcast-de chains with a gap of one frame: a cue ending one frame before a cue that
    # starts on the cut is what min-gap's chaining makes, and stays.
    broadcast = Settings(frame_rate=25, profile="broadcast-de")
    one_frame = [(5000, CUT - 40, "Hallo"), (CUT, CUT + 3000, "Welt")]
    assert found(one_frame, film([CUT]), rules=["shot-change"], settings_=broadcast) == []
    alone = [(5000, CUT - 40, "Hallo"), (CUT + 1000, CUT + 3000, "Welt")]
    assert len(found(alone, film([CUT]), rules=["shot-change"], settings_=broadcast)) == 1


def test_a_cue_across_a_cut_with_a_short_side_is_information() -> None:
    problems = found([(CUT - 4000, CUT + 700, "Hallo")], film([CUT]), rules=["shot-change"])
    assert where(problems) == [("shot-change", 1, Severity.INFO)]
    assert "runs across the shot change at 0:10.000 with only 0.7 s on one side" \
        in problems[0].message
    assert found([(CUT - 4000, CUT + 1000, "Hallo")], film([CUT]), rules=["shot-change"]) == []


def test_thresholds_come_from_the_profile_and_the_project() -> None:
    cues = [(CUT + 600, CUT + 3000, "Hallo")]  # 15 frames after the cut
    assert found(cues, film([CUT]), rules=["shot-change"]) == []
    wide = Settings(frame_rate=25, limits={"*": {"shot_window_frames": 20}})
    assert len(found(cues, film([CUT]), rules=["shot-change"], settings_=wide)) == 1
    off = Settings(frame_rate=25, limits={"*": {"shot_window_frames": 0}})
    assert found([(CUT + 160, CUT + 3000, "x")], film([CUT]), rules=["shot-change"],
                 settings_=off) == []


def test_frames_are_counted_at_the_films_frame_rate() -> None:
    ntsc = FilmFacts(600_000, 30000 / 1001, (), (1502,))  # frame 45
    problems = list(check_track("x.srt", srt_track([(1535, 4000, "Hallo")]), lang="de",
                                settings=SETTINGS, options=Options(select=frozenset(
                                    ["shot-change"])), film=ntsc))
    assert "starts 1 frame after" in problems[0].message


# --- speech-sync ------------------------------------------------------------------------

SPEECH = [(10_000, 12_000), (20_000, 23_000)]


@pytest.mark.parametrize(("cue", "words"), [
    ((9_400, 12_000, "Hallo"), "starts 0.6 s before the speech at 0:10.000"),
    ((10_600, 12_500, "Hallo"), "starts 0.6 s after the speech began at 0:10.000"),
    ((30_000, 32_000, "Hallo"), "nobody speaks while this cue is shown (0:30.000–0:32.000)"),
])
def test_dialogue_out_of_step_with_the_speech(cue: Spec, words: str) -> None:
    problems = found([cue], film(speech=SPEECH), rules=["speech-sync"])
    assert where(problems) == [("speech-sync", 1, Severity.WARNING)]
    assert words in problems[0].message


@pytest.mark.parametrize("cue", [
    (9_600, 12_000, "Hallo"), (10_480, 12_000, "Hallo"), (10_000, 12_000, "Hallo"),
    (30_000, 32_000, "[Musik]"), (30_000, 32_000, "(Sprecherin)"), (30_000, 32_000, "♪ ♪"),
    (30_000, 32_000, "<i>[Telefon klingelt]</i>"),
])
def test_in_step_dialogue_and_labels_are_fine(cue: Spec) -> None:
    assert found([cue], film(speech=SPEECH), rules=["speech-sync"]) == []


def test_a_cue_after_the_films_end_says_so() -> None:
    problems = found([(30_000, 32_000, "Hallo")], film(speech=SPEECH, duration=25_000),
                     rules=["speech-sync"])
    assert [p.message for p in problems] == [
        "starts at 0:30.000, after the film has ended (0:25.000): is this the track of "
        "another cut of the film?"]


def test_a_speaker_label_with_words_is_dialogue() -> None:
    problems = found([(30_000, 32_000, "(Sprecherin) Guten Tag")], film(speech=SPEECH),
                     rules=["speech-sync"])
    assert len(problems) == 1


def test_a_cue_that_continues_speech_is_not_checked_for_its_start() -> None:
    long_speech = film(speech=[(10_000, 16_000)])
    split = [(10_000, 13_000, "Ein langer Satz, der"), (13_080, 16_000, "weitergeht.")]
    assert found(split, long_speech, rules=["speech-sync"]) == []
    # …but a cue that merely lingers a little into the next speech does not make it so.
    late = [(6_000, 10_200, "Davor."), (10_800, 16_000, "Zu spät.")]
    problems = found(late, film(speech=[(6_000, 9_800), (10_000, 16_000)]),
                     rules=["speech-sync"])
    assert where(problems) == [("speech-sync", 2, Severity.WARNING)]


def test_a_shifted_track_is_reported_once_and_cues_judged_without_the_shift() -> None:
    speech = [(s, s + 2000) for s in range(10_000, 90_000, 5_000)]
    cues = [(s + 700, s + 2700, f"Satz {n}") for n, (s, _) in enumerate(speech)]
    cues[3] = (cues[3][0] + 1500, cues[3][1], cues[3][2])  # one cue late beyond the shift
    problems = found(cues, film(speech=speech), rules=["speech-sync"])
    assert where(problems)[0] == ("speech-sync", None, Severity.WARNING)
    assert "the cues come 0.7 s late" in problems[0].message
    assert "0.7 s earlier" in problems[0].message
    assert [p.cue for p in problems[1:]] == [4]
    # In step: no shift reported.
    exact = [(s, s + 2000, "x") for s, _ in speech]
    assert found(exact, film(speech=speech), rules=["speech-sync"]) == []


# --- speech-without-cue -----------------------------------------------------------------

def test_speech_without_a_cue() -> None:
    facts = film(speech=[(10_000, 12_500), (20_000, 20_800)])
    problems = found([(30_000, 32_000, "Später.")], facts, rules=["speech-without-cue"])
    assert where(problems) == [("speech-without-cue", 1, Severity.WARNING)]
    assert "someone speaks for 2.5 s (0:10.000–0:12.500) and no cue is shown" \
        in problems[0].message
    # Partly covered: what is left uncovered counts, from 1 s.
    assert len(found([(10_000, 11_400, "x")], facts, rules=["speech-without-cue"])) == 1
    assert found([(10_000, 11_600, "x")], facts, rules=["speech-without-cue"]) == []
    # After the last cue: reported for the file.
    assert [p.cue for p in found([(1_000, 3_000, "x")], facts,
                                 rules=["speech-without-cue"])] == [None]


def test_speech_without_cue_is_for_the_master_only() -> None:
    facts = film(speech=[(10_000, 12_500)])
    master = srt_track([(30_000, 32_000, "Später.")])
    assert found([(30_000, 32_000, "Later.")], facts, rules=["speech-without-cue"],
                 master=master, lang="en") == []


def test_uncovered_parts() -> None:
    assert uncovered((0, 100), [(10, 20), (15, 30), (50, 60), (200, 300)]) == [
        (0, 10), (30, 50), (60, 100)]
    assert uncovered((0, 100), [(0, 100)]) == []
    assert uncovered((0, 100), []) == [(0, 100)]


# --- the fix ----------------------------------------------------------------------------

def fixed(cues: Sequence[Spec], facts: FilmFacts, settings_: Settings = SETTINGS,
          rules: Sequence[str] | None = None) -> list[tuple[int, int]]:
    chosen = fixable_rules(rules)
    result = fix_track(srt_track(cues), lambda t: make_context(
        "x.srt", t, lang="de", settings=settings_, options=Options(), film=facts), chosen)
    assert result.settled
    return [(c.start, c.end) for c in result.track.cues]


@pytest.mark.parametrize(("before", "after"), [
    # The later cue starts 4 frames after the cut, the earlier one ends 5 frames before it.
    ([(5000, CUT - 200, "A"), (CUT + 160, 13000, "B")],
     [(5000, CUT - 80), (CUT, 13000)]),
    # The earlier cue runs 2 frames past the cut: it ends before it, the later cue starts on it.
    ([(5000, CUT + 80, "A"), (CUT + 160, 13000, "B")],
     [(5000, CUT - 80), (CUT, 13000)]),
    # The later cue starts 2 frames before the cut (moves later), the earlier one ends just
    # before the later cue's old start (moves later too, once the later cue has moved).
    ([(5000, CUT - 160, "A"), (CUT - 80, 13000, "B")],
     [(5000, CUT - 80), (CUT, 13000)]),
])
def test_the_fix_puts_starts_on_the_cut_and_ends_two_frames_before(
        before: list[Spec], after: list[tuple[int, int]]) -> None:
    facts = film([CUT])
    assert fixed(before, facts, rules=["shot-change"]) == after
    assert fixed(before, facts) == after  # with every fix: min-gap agrees
    out = [(s, e, t) for (s, e), (_, _, t) in zip(after, before, strict=True)]
    assert [p for p in found(out, facts) if p.rule == "shot-change"] == []


def test_the_fix_never_makes_a_cue_too_short_too_fast_or_crowded() -> None:
    facts = film([CUT])
    too_short = [(CUT - 1580 + 80, CUT + 80, "A")]  # 1580 ms; 1420 ms after the move
    assert fixed(too_short, facts, rules=["shot-change"]) == [(CUT - 1500, CUT + 80)]
    fast = [(CUT - 3000, CUT + 120, "Ein Satz mit einigen Wörtern darin, ziemlich lang.")]
    assert fixed(fast, facts, rules=["shot-change"]) == [(CUT - 3000, CUT + 120)]
    # Extending an end to two frames before the cut never crowds the next cue (which
    # cannot move onto the cut: it would last 1.3 s).
    crowded = [(5000, CUT - 400, "A"), (CUT - 300, CUT + 1300, "B")]
    assert fixed(crowded, facts, rules=["shot-change"]) == [(5000, CUT - 400),
                                                           (CUT - 300, CUT + 1300)]
    # Once the next cue can move, so can the end.
    assert fixed([(5000, CUT - 400, "A"), (CUT - 300, CUT + 3000, "B")], facts,
                 rules=["shot-change"]) == [(5000, CUT - 80), (CUT, CUT + 3000)]


def test_the_fix_does_not_move_a_start_away_from_its_speech() -> None:
    # Speech at 10.0 s; the cue starts 0.4 s late; a cut 12 frames later would make it
    # 0.88 s late.
    facts = film([10_880], speech=[(10_000, 12_000)])
    cues = [(10_400, 13_000, "Hallo")]
    assert fixed(cues, facts, rules=["shot-change"]) == [(10_400, 13_000)]


def test_min_gap_does_not_chain_across_a_cut() -> None:
    facts = film([CUT])
    cues = [(5000, CUT - 80, "A"), (CUT + 400, 13000, "B")]  # B starts 10 frames late
    settings_ = Settings(frame_rate=25, limits={"*": {"shot_window_frames": 5}})
    assert fixed(cues, facts, settings_) == [(5000, CUT - 80), (CUT + 400, 13000)]
    assert fixed(cues, film(), settings_)[0] == (5000, CUT + 320)  # without the film: chained


@st.composite
def timed(draw: st.DrawFn) -> tuple[list[Spec], FilmFacts]:
    n = draw(st.integers(1, 12))
    cues: list[Spec] = []
    at = draw(st.integers(0, 2000))
    for _ in range(n):
        at += draw(st.integers(0, 1500))
        length = draw(st.integers(200, 6000))
        words = draw(st.sampled_from(["Ja.", "Guten Tag.", "Ein etwas längerer Satz hier."]))
        cues.append((at, at + length, words))
        at += length
    cuts = sorted(set(draw(st.lists(st.integers(1, at + 2000), max_size=15))))
    cuts = [round(c / 40) * 40 for c in cuts]
    speech = [(s + draw(st.integers(-400, 400)), e) for s, e, _ in cues[::2]]
    speech = sorted({(max(s, 0), max(e, s + 1)) for s, e in speech})
    merged: list[tuple[int, int]] = []
    for s, e in speech:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return cues, FilmFacts(at + 5000, 25.0, tuple(merged), tuple(sorted(set(cuts))))


@given(timed())
@settings(max_examples=200, deadline=None)
def test_fix_properties_with_a_film(case: tuple[list[Spec], FilmFacts]) -> None:
    cues, facts = case
    track = srt_track(cues)
    settings_ = Settings(frame_rate=25, duration=facts.duration)

    def context(t: Track) -> Context:
        return make_context("x.srt", t, lang="de", settings=settings_, options=Options(),
                            film=facts)

    result = fix_track(track, context, fixable_rules())
    assert result.settled
    again = fix_track(result.track, context, fixable_rules())
    assert again.track == result.track, "fix must be idempotent"
    out = result.track.cues
    for a, b in zip(track.cues, out, strict=True):
        assert a.text == b.text
        assert b.end > b.start
        if a.start != b.start:
            assert b.start in facts.shot_changes, "a start only ever moves onto a cut"
    for i in range(1, len(out)):
        before_gap = track.cues[i].start - track.cues[i - 1].end
        after_gap = out[i].start - out[i - 1].end
        assert after_gap >= min(before_gap, 80), "no overlap or short gap is created"
    # The shot-change fix alone creates no problem of any rule (the other timing fixes may
    # shorten a cue away from its speech: min-gap makes room before the next cue).
    alone = fix_track(track, context, [BY_ID["shot-change"]]).track.cues
    every = tuple(BY_ID)
    before = where(found(cues, facts, rules=every, settings_=settings_))
    after = where(found([(c.start, c.end, c.text) for c in alone], facts, rules=every,
                        settings_=settings_))
    worst: dict[tuple[str, int | None], int] = {}
    for rule, cue, severity in before:
        worst[rule, cue] = max(worst.get((rule, cue), -1), severity.rank)
    # A start moved onto a cut leaves the gap before it free of cuts: a gap to chain (a
    # min-gap note), which min-gap's own fix closes when every fix runs (checked below).
    new = [p for p in after if p[0] != "shot-change" and worst.get(p[:2], -1) < p[2].rank
           and p[:3:2] != ("min-gap", Severity.INFO)]
    assert new == [], "no new problem, none worse"
    fixed = where(found([(c.start, c.end, c.text) for c in out], facts, rules=("min-gap",),
                        settings_=settings_))
    assert [p for p in fixed if p[2] is Severity.INFO] == [], "every gap to chain is chained"
    warnings = [p for p in after if p[0] == "shot-change" and p[2] is Severity.WARNING]
    assert len(warnings) <= len([p for p in before if p[0] == "shot-change"
                                 and p[2] is Severity.WARNING])


# --- the master's retiming carried over -------------------------------------------------

def test_retime_follows_the_master_and_rekeys_the_state() -> None:
    old = srt_track([(1000, 3000, "Eins."), (3080, 6000, "Zwei."), (7000, 9000, "Drei.")])
    new = Track((Cue(1000, 2920, "Eins."), Cue(3000, 6000, "Zwei."),
                 Cue(7000, 9000, "Drei.")))
    # The translation splits the second master cue into two.
    tr = srt_track([(1000, 3000, "One."), (3080, 4500, "Two,"), (4580, 6000, "and two."),
                    (7000, 9000, "Three.")])
    moved = retime(tr, old, new)
    assert [(c.start, c.end) for c in moved.cues] == [
        (1000, 2920), (3000, 4500), (4580, 6000), (7000, 9000)]
    assert [c.text for c in moved.cues] == [c.text for c in tr.cues]
    state = State(tuple(Entry(c.start, c.end, "human", "accepted", m) for c, m in zip(
        tr.cues, ["Eins.", "Zwei.", "Zwei.", "Drei."], strict=True)))
    keyed = rekey(state, tr, moved)
    assert [(e.start, e.end) for e in keyed.entries] == [(c.start, c.end) for c in moved.cues]
    assert not any(s.stale for s in cue_states(keyed, moved, new, _align(new, moved)))
    assert retime(tr, old, old) is tr
    assert rekey(state, tr, tr) is state


def _align(master: Track, track: Track) -> Alignment:
    return align(master.cues, track.cues)
