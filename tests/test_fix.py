"""subtool fix: every fix in pass/fail/fix triples, timing fixes, properties, a defect corpus."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import run_subtool as run
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.config import Options, Settings
from subtool.core.model import Cue, Track
from subtool.engine.check import check_track, make_context
from subtool.engine.fix import (
    MAX_PASSES,
    TIMES,
    FixResult,
    cue_list,
    fix_track,
    fixable_rules,
    reads,
)
from subtool.formats import srt
from subtool.rules import BY_ID, Context

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(root=ROOT, duration=60_000)


def contexts(lang: str, settings_: Settings = SETTINGS) -> Callable[[Track], Context]:
    """The rules' context of a track of ``lang`` under ``settings_`` (as ``fix_track`` asks)."""
    return lambda t: make_context("x.srt", t, lang=lang, settings=settings_, options=Options())


def fixed(track: Track, lang: str, rules: list[str] | None = None,
          settings_: Settings = SETTINGS) -> Track:
    chosen = fixable_rules(rules)
    result = fix_track(track, contexts(lang, settings_), chosen)
    assert result.settled
    return result.track


def problems(track: Track, lang: str, rule: str | None = None) -> list[tuple[str, int | None]]:
    found = check_track("x.srt", track, lang=lang, settings=SETTINGS,
                        options=Options(select=frozenset({rule}) if rule else frozenset()))
    return [(p.rule, p.cue) for p in found]


def one(text: str) -> Track:
    return Track((Cue(1000, 4000, text, "1"),))


# (rule, lang, bad text, fixed text): the rule finds the bad text, not the fixed one, and the
# fix turns one into the other.
TRIPLES = [
    ("whitespace", "de", "Guten  Tag ", "Guten Tag"),
    ("whitespace", "tr", "\tMerhaba\ndünya ", "Merhaba\ndünya"),
    ("ellipsis", "de", "Und dann...", "Und dann…"),
    ("ellipsis", "pl", "No cóż... tak", "No cóż… tak"),
    ("greek-question-mark", "el", "Τι κάνετε\u037e", "Τι κάνετε;"),
    ("legacy-diacritics", "ro", "Şi ţara noastră", "Și țara noastră"),
    ("mixed-script", "ru", "Сeнтр для пожилых", "Центр для пожилых".replace("Ц", "С")),
    ("mixed-script", "uk", "Сoцiальна служба", "Соціальна служба"),
    ("mixed-script", "el", "Γραφείo", "Γραφείο"),
    ("rtl-punctuation", "ar", "كيف حالك?", "كيف حالك؟"),
    ("rtl-punctuation", "ar", "نعم, شكرا; 1,5", "نعم، شكرا؛ 1,5"),
    ("rtl-direction", "ar", "dortmund.de/seniorenbueros", "\u200fdortmund.de/seniorenbueros"),
    ("control-chars", "bg", "Добре\u200bдошли", "Добредошли"),
    # A stray joiner goes, the joiners of an emoji sequence (one symbol) stay.
    ("control-chars", "de", "Hal\u200dlo \U0001f469\u200d\U0001f469\u200d\U0001f467 "
     "\U0001f469\u200d", "Hallo \U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f469"),
    ("markup", "it", "{\\an8}<font color=\"red\">Ciao</font> <c.x>a tutti</c>", "Ciao a tutti"),
    ("markup", "en", "<i.loud>Hello</i>", "<i>Hello</i>"),
]


@pytest.mark.parametrize(("rule", "lang", "bad", "good"), TRIPLES,
                         ids=[f"{r}-{lang}" for r, lang, _, _ in TRIPLES])
def test_pass_fail_fix(rule: str, lang: str, bad: str, good: str) -> None:
    assert problems(one(bad), lang, rule), "the rule must find the bad text"
    assert problems(one(good), lang, rule) == [], "the rule must accept the fixed text"
    assert fixed(one(bad), lang, [rule]).cues[0].text == good
    assert fixed(one(good), lang, [rule]).cues[0].text == good


@pytest.mark.parametrize(("rule", "lang", "text"), [
    ("legacy-diacritics", "tr", "Şişli"),            # Turkish ş is right
    ("rtl-punctuation", "de", "Wie geht's?"),
    ("rtl-direction", "el", "dortmund.de"),
    ("mixed-script", "de", "Сe"),                     # as much Latin as Cyrillic: ambiguous
    ("mixed-script", "ru", "Сiла"),                   # Russian has no twin for Latin i
])
def test_fixes_leave_what_is_not_theirs(rule: str, lang: str, text: str) -> None:
    assert fixed(one(text), lang, [rule]).cues[0].text == text


def cues(*spans: tuple[int, int]) -> Track:
    return Track(tuple(Cue(s, e, f"Text {i}", str(i + 1)) for i, (s, e) in enumerate(spans)))


@pytest.mark.parametrize(("rule", "before", "after"), [
    ("overlap", [(0, 2000), (1900, 4000)], [(0, 1820), (1900, 4000)]),
    ("min-gap", [(0, 2000), (2040, 4000)], [(0, 1960), (2040, 4000)]),
    ("min-gap", [(0, 2000), (2400, 4000)], [(0, 2320), (2400, 4000)]),        # chaining
    ("min-gap", [(0, 2000), (2600, 4000)], [(0, 2000), (2600, 4000)]),        # > 0.5 s
    ("min-duration", [(0, 1000), (3000, 5000)], [(0, 1500), (3000, 5000)]),
    ("min-duration", [(0, 1000), (1200, 5000)], [(0, 1120), (1200, 5000)]),  # up to the gap
    ("min-duration", [(59_000, 59_500)], [(59_000, 60_000)]),                  # film's end
], ids=["overlap", "gap", "chain", "no-chain", "short", "short-crowded", "film-end"])
def test_timing_fixes(rule: str, before: list[tuple[int, int]],
                      after: list[tuple[int, int]]) -> None:
    result = fixed(cues(*before), "de", [rule])
    assert [(c.start, c.end) for c in result.cues] == after


def test_reading_speed_fix_lengthens_into_free_time_only() -> None:
    text = "Das Seniorenbüro berät Sie kostenlos."     # 37 characters: 13 cps needs 2847 ms
    track = Track((Cue(0, 2000, text), Cue(5000, 7000, "Danke.")))
    assert fixed(track, "de", ["reading-speed"]).cues[0].end == 2847
    crowded = Track((Cue(0, 2000, text), Cue(2300, 7000, "Danke.")))
    assert fixed(crowded, "de", ["reading-speed"]).cues[0].end == 2220


# Property tests over generated tracks in the film's languages.
WORDS = {
    "de": "Das Seniorenbüro berät Sie gern und kostenlos in Hörde ...".split(),
    "ru": "Бюро для пожилых помогает вам бесплатно в районе ...".split(),
    "ar": "مكتب كبار السن يساعدكم مجانا في المنطقة , ?".split(),
    "el": "Το γραφείο ηλικιωμένων σας βοηθά δωρεάν στο Χέρντε ...".split(),
    "ro": "Biroul pentru seniori vă ajută şi gratuit ...".split(),
    "tr": "Yaşlı danışma bürosu size ücretsiz yardım eder ...".split(),
}


@st.composite
def defective_tracks(draw: st.DrawFn) -> tuple[str, Track]:
    lang = draw(st.sampled_from(sorted(WORDS)))
    n = draw(st.integers(1, 8))
    t = 0
    cue_list = []
    for i in range(n):
        t += draw(st.integers(0, 1200))
        start = t
        t += draw(st.integers(200, 8000))
        words = draw(st.lists(st.sampled_from(WORDS[lang]), min_size=1, max_size=16))
        sep = draw(st.sampled_from([" ", "  ", " \t"]))
        text = sep.join(words)
        if len(words) > 5 and draw(st.booleans()):
            text = text.replace(sep, "\n", 1)
        cue_list.append(Cue(start, t, text, str(i + 1)))
        t -= draw(st.integers(0, 300))  # sometimes the next cue overlaps
    return lang, Track(tuple(cue_list))


def _words(text: str) -> str:
    replaced = text.replace("...", "…").replace("ş", "ș").replace("?", "؟").replace(",", "،")
    return re.sub(r"[\s\u200f]", "", replaced)


@given(defective_tracks())
@settings(max_examples=150, deadline=None)
def test_fix_properties(case: tuple[str, Track]) -> None:
    lang, track = case
    settings_ = Settings(root=ROOT, duration=track.cues[-1].end + 5000)
    result = fix_track(track, contexts(lang, settings_), fixable_rules())
    assert result.settled and result.passes <= MAX_PASSES
    out = result.track
    again = fix_track(out, contexts(lang, settings_), fixable_rules())
    assert again.track == out, "fix must be idempotent"
    assert [c.start for c in out.cues] == [c.start for c in track.cues], "starts never move"
    for a, b in zip(track.cues, out.cues, strict=True):
        assert _words(a.text) == _words(b.text), "every word kept, in order"
        assert b.end > b.start
    for i in range(1, len(out.cues)):
        before_gap = track.cues[i].start - track.cues[i - 1].end
        after_gap = out.cues[i].start - out.cues[i - 1].end
        if before_gap >= 80:
            assert after_gap >= 80, "no gap under the minimum is created"
        if before_gap >= 0:
            assert after_gap >= 0, "no overlap is created"


CORPUS = {
    "de": "1\n00:00:01,000 --> 00:00:01,600\nDas  Seniorenbüro berät...\n\n3\n"
          "00:00:01,620 --> 00:00:04,000\n<font color=\"red\">Kostenlos</font> \n",
    "en": "1\n00:00:01,000 --> 00:00:03,000\nWelcome  to the Seniors’ Office\n\n2\n"
          "00:00:02,900 --> 00:00:05,000\nWe help\u200b you.\n",
    "tr": "1\n00:00:01,000 --> 00:00:02,000\nYaşlı danışma bürosu size yardım eder.\n",
    "ar": "1\n00:00:01,000 --> 00:00:04,000\nكيف نساعدكم?\n\n2\n00:00:04,040 --> 00:00:07,000\n"
          "dortmund.de/seniorenbueros\n",
    "pl": "1\n00:00:01,000 --> 00:00:04,000\nBiuro seniora...  pomaga\n",
    "ro": "1\n00:00:01,000 --> 00:00:04,000\nBiroul pentru seniori şi ţara\n",
    "bg": "1\n00:00:01,000 --> 00:00:04,000\nБюро зa възрастни хора\n",
    "uk": "1\n00:00:01,000 --> 00:00:04,000\nСoцiальна служба\n",
    "ru": "1\n00:00:01,000 --> 00:00:04,000\nБюрo для пожилых\n\n2\n00:00:03,500 --> 00:00:05,000\n"
          "Мы  рядом\n",
    "it": "1\n00:00:01,000 --> 00:00:04,000\n{\\an8}Ufficio Anziani ...\n",
    "el": "1\n00:00:01,000 --> 00:00:04,000\nΤι κάνετε\u037e  Γραφείo\n",
}


@pytest.mark.parametrize("lang", sorted(CORPUS))
def test_defect_corpus_fix_reduces_problems_and_adds_none(lang: str) -> None:
    track = srt.parse(CORPUS[lang])
    before = set(problems(track, lang))
    after_track = fixed(track, lang)
    after = set(problems(after_track, lang))
    assert len(after) < len(before)
    assert after <= before, f"new problems: {after - before}"


def test_fixes_run_in_phase_order() -> None:
    from subtool.engine.fix import fixable_rules  # noqa: PLC0415

    ordered = [r.id for r in fixable_rules()]
    assert set(ordered) == {r.id for r in BY_ID.values() if r.fixable}
    # The order the fixes always ran in: characters, text, layout, timing, numbering.
    assert ordered == ["control-chars", "whitespace", "markup", "ellipsis",
                       "greek-question-mark", "legacy-diacritics", "mixed-script",
                       "rtl-punctuation", "house-style", "line-length", "max-lines", "line-break",
                       "rtl-direction", "overlap", "min-gap", "min-duration", "reading-speed",
                       "shot-change",
                       "numbering"]




def test_cli_dry_run_then_write_with_backup(tmp_path: Path) -> None:
    path = tmp_path / "film.de.srt"
    original = "1\n00:00:01,000 --> 00:00:03,000\nGuten  Tag...\n"
    path.write_text(original, encoding="utf-8")
    dry = run("fix", "film.de.srt", cwd=tmp_path)
    assert dry.returncode == 1
    assert "-Guten  Tag..." in dry.stdout and "+Guten Tag…" in dry.stdout
    assert path.read_text(encoding="utf-8") == original
    done = run("fix", "--write", "film.de.srt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "whitespace: cue 1; ellipsis: cue 1" in done.stderr
    assert path.read_text(encoding="utf-8") == "1\n00:00:01,000 --> 00:00:03,000\nGuten Tag…\n"
    assert (tmp_path / "film.de.srt.bak").read_text(encoding="utf-8") == original
    again = run("fix", "film.de.srt", cwd=tmp_path)
    assert again.returncode == 0
    assert "nothing to fix" in again.stderr


def test_cli_never_writes_a_file_with_parse_errors(tmp_path: Path) -> None:
    path = tmp_path / "film.de.srt"
    text = ("1\n00:00:01,000 --> 00:00:03,000\nGuten  Tag\n\n2\n00:00:04,000 -> 00:00:05,000\n"
            "Verloren\n")
    path.write_text(text, encoding="utf-8")
    result = run("fix", "--write", "film.de.srt", cwd=tmp_path)
    assert result.returncode == 1
    assert "not written: it has 1 parse error(s) (line 6)" in result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "film.de.srt.bak").exists()


def test_cli_select_and_rules_listing(tmp_path: Path) -> None:
    (tmp_path / "a.de.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nA  b...\n",
                                       encoding="utf-8")
    only = run("fix", "--select", "ellipsis", "a.de.srt", cwd=tmp_path)
    assert "+A  b…" in only.stdout
    refused = run("fix", "--select", "cue-order", "a.de.srt", cwd=tmp_path)
    assert refused.returncode == 2
    assert "cannot be fixed automatically" in refused.stderr
    listing = run("rules", cwd=tmp_path).stdout
    assert re.search(r"^whitespace\s+warning\s+fix", listing, re.M)
    assert re.search(r"^cue-order\s+error\s{4}", listing, re.M)


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "Das Seniorenbüro berät Sie kostenlos und ganz in Ihrer Nähe.",
     "Das Seniorenbüro berät Sie kostenlos\nund ganz in Ihrer Nähe."),
    ("ru", "Бюро для пожилых людей помогает вам бесплатно и совсем рядом.",
     None),
    ("ar", "ستجدون بيانات الاتصال على dortmund.de/seniorenbueros اليوم", None),
], ids=["de", "ru", "ar"])
def test_layout_fix_reflows_over_long_cues(lang: str, text: str, expected: str | None) -> None:
    track = one(text)
    assert problems(track, lang, "line-length")
    out = fixed(track, lang, ["line-length", "max-lines", "rtl-direction"]).cues[0].text
    assert problems(Track((Cue(1000, 4000, out, "1"),)), lang, "line-length") == []
    assert _words(out) == _words(text) or _words(out).replace("\u200f", "") == _words(text)
    if expected is not None:
        assert out == expected


def test_layout_fix_leaves_a_cue_that_cannot_fit() -> None:
    text = "\n".join(["Ein sehr langer Untertitel mit vielen Worten"] * 3)
    assert fixed(one(text), "de", ["line-length", "max-lines"]).cues[0].text == text


def _naive_fix(track: Track, lang: str, settings_: Settings) -> Track:
    """Every fix over the whole track, pass after pass, until a pass changes nothing: what
    ``fix_track`` must give while showing later passes only what changed."""
    rules, context = fixable_rules(), contexts(lang, settings_)
    for _ in range(MAX_PASSES):
        start = track
        for rule in rules:
            assert rule.fix is not None
            track = rule.fix(context(track))
        if track == start:
            return track
    raise AssertionError("the naive fix did not settle")


@st.composite
def long_tracks(draw: st.DrawFn) -> tuple[str, Track]:
    """Tracks of up to 60 cues, most of them clean: later passes then see sub-tracks."""
    lang, few = draw(defective_tracks())
    n = draw(st.integers(10, 60))
    offset = draw(st.sampled_from((0, 0, 3)))  # sometimes numbered wrongly: renumbered
    defective = dict(zip(draw(st.lists(st.integers(0, n - 1), max_size=len(few.cues),
                                       unique=True)), few.cues, strict=False))
    cue_list, t = [], 0
    for i in range(n):
        bad = defective.get(i)
        text = bad.text if bad is not None else " ".join(WORDS[lang][:3])
        length = (bad.end - bad.start) if bad is not None else 2500
        t += 0 if bad is not None and draw(st.booleans()) else 200
        cue_list.append(Cue(t, t + length, text, str(i + 1 + offset)))
        t += length - (draw(st.integers(0, 400)) if bad is not None else 0)
    return lang, Track(tuple(cue_list))


@given(st.one_of(defective_tracks(), long_tracks()))
@settings(max_examples=120, deadline=None)
def test_fix_gives_what_every_fix_over_the_whole_track_gives(case: tuple[str, Track]) -> None:
    lang, track = case
    settings_ = Settings(root=ROOT, duration=track.cues[-1].end + 5000)
    result = fix_track(track, contexts(lang, settings_), fixable_rules())
    assert result.track == _naive_fix(track, lang, settings_)


@given(defective_tracks(), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_text_fixes_read_and_change_text_only(case: tuple[str, Track],
                                              rng: random.Random) -> None:
    """``fix_track`` skips a text fix when only times changed since it ran: such a fix must
    give the same texts whatever the times, and never change a time."""
    lang, track = case
    retimed = Track(tuple(c._replace(start=s, end=s + rng.randint(1, 9000)) for c, s in
                          zip(track.cues, sorted(rng.randint(0, 60_000) for _ in track.cues),
                              strict=True)))
    context = contexts(lang, Settings(root=ROOT, duration=70_000))
    for rule in fixable_rules():
        if reads(rule) & TIMES:
            continue
        assert rule.fix is not None
        texts = []
        for version in (track, retimed):
            out = rule.fix(context(version))
            assert [(c.start, c.end) for c in out.cues] == \
                [(c.start, c.end) for c in version.cues], rule.id
            texts.append([c.text for c in out.cues])
        assert texts[0] == texts[1], rule.id


def test_a_renumbering_lets_every_fix_look_again() -> None:
    """A change of what is neither text nor times (numbering's identifiers) is not a pure
    retiming: fixes that skip retimings still see it."""
    from subtool.engine.fix import EVERYTHING, OTHER, _what_changed  # noqa: PLC0415

    old = Track((Cue(0, 1000, "a", "7"), Cue(1100, 2000, "b", "8")))
    new = Track((Cue(0, 1000, "a", "1"), Cue(1100, 2000, "b", "2")))
    assert _what_changed(old, new, [0, 1]) == OTHER
    assert all(reads(rule) & OTHER for rule in fixable_rules())
    assert reads(BY_ID["overlap"]) == EVERYTHING
    assert not reads(BY_ID["whitespace"]) & TIMES


@pytest.mark.parametrize(("cues", "shown"), [
    ([5], "5"), ([3, 7], "3, 7"), ([1, 2], "1, 2"), ([1, 2, 3, 7, 8, 9, 10, 12], "1-3, 7-10, 12"),
    (list(range(1, 3001)), "1-3000"),
    (list(range(1, 3000, 2)), "1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23 and more (1,500 in all)"),
])
def test_the_cues_a_fix_changed_are_named_in_a_line_a_person_reads(cues: list[int],
                                                                   shown: str) -> None:
    # A 3,000-cue file with a double space in every cue was one line of 3,000 numbers.
    assert cue_list(cues) == shown
    assert FixResult(Track(()), {"whitespace": tuple(cues)}, 1, True).summary() == \
        f"whitespace: cue{'s' if len(cues) > 1 else ''} {shown}"
