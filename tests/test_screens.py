"""The whole-track screens of line-break and spelling pass on every cue the cue-by-cue look
would report something in.

``screen_breaks`` and ``cues_to_spell`` decide, for a whole track at once, which cues the
exact (slow) look is given; a cue they leave out must be one the exact look finds nothing
in. Checked here against the exact look on every cue: generated tracks of words from every
language file's line-break lists (the words the screen has to recognise), the film's own
tracks, and text with markup, bidi controls, no-break spaces, combining marks and odd
whitespace.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.core.model import Cue, Track
from subtool.formats import srt
from subtool.layout import reflow
from subtool.profiles import limits_for
from subtool.rules import BY_ID
from subtool.rules.base import Context
from subtool.terms.spelling import cues_to_spell, words

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = sorted(p.stem for p in (ROOT / "subtool" / "languages").glob("*.toml"))
FILM = ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")


def _language_words(code: str) -> list[str]:
    """The words of a language file's ``[linebreak]`` lists, as written and capitalised."""
    data = tomllib.loads((ROOT / "subtool" / "languages" / f"{code}.toml").read_text("utf-8"))
    out: list[str] = []
    for value in data.get("linebreak", {}).values():
        if isinstance(value, list):
            for item in value:
                out.extend(item if isinstance(item, list) else [item])
    return [w for word in out if isinstance(word, str) for w in (word, word.capitalize())]


_EXTRA = ["Haus", "freien", "ältere", "Menschen", "Katrin", "Wollny", "ja,", "Ende.", "16",
          "2020", "<i>im", "Haus</i>", "-", "–", "-Ja.", "e\u0301", "16\u00a0Jahre", "\u200fمرحبا",
          "[Musik]", "(leise", "Stimme)", "z.B.", "„Ja“", "…", "Dr.", "www.dortmund.de"]
_SPACES = st.sampled_from([" "] * 8 + ["\n"] * 3 + ["  ", " \n", "\t", "\u2028", "\u00a0"])


@st.composite
def _tracks(draw: st.DrawFn) -> tuple[str | None, list[str]]:
    lang = draw(st.sampled_from([*LANGUAGES, None]))
    vocabulary = _language_words(lang or "de") + _EXTRA
    texts = []
    for _ in range(draw(st.integers(1, 6))):
        chosen = draw(st.lists(st.one_of(st.sampled_from(vocabulary),
                                         st.text(min_size=1, max_size=6)),
                               min_size=1, max_size=9))
        text = chosen[0]
        for word in chosen[1:]:
            text += draw(_SPACES) + word
        texts.append(text)
    return lang, texts


def _context(lang: str | None, texts: list[str], profile: str = "senior") -> Context:
    cues = tuple(Cue(i * 4000, i * 4000 + 3000, t) for i, t in enumerate(texts))
    return Context("t.srt", Track(cues, "srt"), lang=lang, limits=limits_for(profile, lang))


def _line_break(ctx: Context) -> list[tuple[int | None, str]]:
    rule = BY_ID["line-break"]
    ctx.rule = rule
    return [(p.cue, p.message) for p in rule.check(ctx)]


def _without_screen(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int | None,
                                                                               str]]:
    with monkeypatch.context() as m:
        m.setattr(reflow, "screen_breaks",
                  lambda texts, *_a, **_k: [i for i, t in enumerate(texts) if "\n" in t])
        return _line_break(ctx)


@settings(max_examples=400, deadline=None)
@given(_tracks(), st.sampled_from(["senior", "netflix"]))
def test_line_break_screen_keeps_every_finding(track: tuple[str | None, list[str]],
                                               profile: str) -> None:
    lang, texts = track
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _line_break(_context(lang, texts, profile)) == _without_screen(
            _context(lang, texts, profile), monkeypatch)


@pytest.mark.parametrize("lang", FILM)
def test_line_break_screen_on_the_films_tracks(lang: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    track = srt.parse((ROOT / "subtitles" / f"{lang}.srt").read_text(encoding="utf-8"))
    texts = [c.text for c in track.cues]
    screened = _line_break(_context(lang, texts))
    assert screened == _without_screen(_context(lang, texts), monkeypatch)
    # The screen is worth having: it leaves out most of the film's two-line cues.
    multi = sum("\n" in t for t in texts)
    assert len(reflow.screen_breaks(texts, lang, limits_for("senior", lang).max_chars)) < multi


def test_line_break_screen_recognises_each_kind_of_fault() -> None:
    faults = ["Wir beraten Sie in der\nStadt.",                 # after an article
              "Wir beraten Sie mit den freien\nVerbänden.",     # adjective and noun
              "Wir sprechen mit Frau Katrin\nWollny.",          # a name
              "Wir haben viele schöne\nAngebote für Sie.",      # adjective and noun
              "Das ist\nnicht so.",                             # a negation
              "Wir gehen heute zum\nSeniorenbüro in Eving.",    # a preposition
              "Heute\nkommt Besuch.",                           # fits on one line
              "-Kommen Sie?\n-Ja."]                             # a dialogue
    fine = ["Das ist ein sehr\nlanger Satz und mehr.",
            "Wir beraten ältere Menschen,\nihre Familien und Nachbarn.",
            "Das Seniorenbüro hilft\nallen Menschen gerne."]
    assert reflow.screen_breaks(fine + faults, "de", 37) == list(
        range(len(fine), len(fine) + len(faults)))


_SPELL_WORDS = ["Haus", "Hauss", "Seniorenbüro", "Büro-Zeiten", "Dortmund'da", "dell’Ufficio",
                "(Sprecherin)", "[Musik]", "www.dortmund.de/hauss", "xhttp://hauss.de",
                "a@hauss.de", "<i>Hau</i>ss", "Hal<b>lo</b>", "16", "Ende.", "„Hauss“",
                "www.foo.de-Hauss"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(_SPELL_WORDS), st.text(max_size=6)),
                         max_size=6).map(" ".join), min_size=1, max_size=8),
       st.sets(st.sampled_from(["Hauss", "Hauss", "Hallo", "Zeiten", "x", "Seniorenbüro",
                                "Ufficio", "a", "foo"])))
def test_spelling_screen_keeps_every_unknown_word(texts: list[str], bad: set[str]) -> None:
    unknown: Callable[[str], bool] = bad.__contains__
    exact = [i for i, text in enumerate(texts) if any(True for _ in words(text, unknown))]
    screened = cues_to_spell(texts, "\n".join(texts), unknown)
    assert set(exact) <= set(screened)


def test_spelling_screen_leaves_out_cues_without_unknown_words() -> None:
    texts = ["Das Haus.", "Ein Hauss.", "Das Haus am See.", "Im Hauss und im Haus."]
    assert cues_to_spell(texts, "\n".join(texts), {"Hauss"}.__contains__) == [1, 3]


def test_line_break_screen_counts_clusters_not_code_points(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Arabic with harakat: 58 code points, 35 clusters, so the two lines fit on one of 37
    # (and the break, after a comma, is no fault).
    texts = ["مَرْحَبًا بِكُمْ جَمِيعًا،\nالْمَكْتَبُ مَفْتُوحٌ الْيَوْمَ"]
    assert len(texts[0]) > 37
    assert reflow.screen_breaks(texts, "ar", 37) == [0]
    found = _line_break(_context("ar", texts))
    assert found == _without_screen(_context("ar", texts), monkeypatch) and found
