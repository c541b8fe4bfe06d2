"""Counting and case rules: grapheme clusters, visible text, language-aware casefolding."""

from __future__ import annotations

import pytest

from subtool.core.text import graphemes, visible, visible_length
from subtool.languages import casefold, infer_from_filename, validate_tag


@pytest.mark.parametrize(("text", "count"), [
    ("Seniorenbüro", 12),
    ("Seniorenbu\u0308ro", 12),          # decomposed ü
    ("Хёрде", 5),
    ("Хе\u0308рде", 5),                  # decomposed ё
    ("مَكْتَبٌ", 4),                       # Arabic with harakat: four letters
    ("Ελληνικά", 8),
    ("ș ț", 3),
    ("👩‍👩‍👧", 1),                        # ZWJ family emoji
    ("🇩🇪", 1),                            # flag: two regional indicators
    ("", 0),
])
def test_grapheme_clusters(text: str, count: int) -> None:
    assert graphemes(text) == count


def test_visible_text_drops_tags_and_bidi_controls() -> None:
    assert visible("\u200f<i>dortmund.de</i> {\\an8}") == "dortmund.de "
    assert visible_length("<b>a < b</b>") == 5


@pytest.mark.parametrize(("lang", "a", "b"), [
    ("tr", "İSTANBUL", "istanbul"),
    ("tr", "IŞIK", "ışık"),
    ("de", "STRASSE", "Straße"),
    ("de", "GROẞ", "groß"),
    ("el", "ΟΔΟΣ", "οδος"),
    ("el", "οδός", "ΟΔΌΣ"),
    ("ro", "ȘCOALĂ", "școală"),
    ("ru", "ХЁРДЕ", "хёрде"),
])
def test_casefold_equal(lang: str, a: str, b: str) -> None:
    assert casefold(a, lang) == casefold(b, lang)


def test_turkish_dotless_i_differs_from_dotted_i() -> None:
    assert casefold("I", "tr") != casefold("i", "tr")
    assert casefold("I", "en") == casefold("i", "en")


@pytest.mark.parametrize(("name", "lang"), [
    ("de.srt", "de"), ("film.el.vtt", "el"), ("film_tr.srt", "tr"), ("film.srt", None),
    ("dortmund-seniorenbueros.uk.srt", "uk"),
])
def test_language_from_file_name(name: str, lang: str | None) -> None:
    assert infer_from_filename(name) == lang


def test_common_tag_mistakes_are_explained() -> None:
    assert "'el'" in (validate_tag("gr") or "")
    assert "'uk'" in (validate_tag("ua") or "")
    assert validate_tag("pt-BR") is None


def test_simple_ranges_hold_no_cluster_extending_character() -> None:
    import unicodedata  # noqa: PLC0415

    from subtool.core.text import SIMPLE_RANGES, _extends  # noqa: PLC0415

    for lo, hi in SIMPLE_RANGES:
        for cp in range(lo, hi + 1):
            char = chr(cp)
            if 0xD800 <= cp <= 0xDFFF:
                continue
            assert not _extends(char), f"U+{cp:04X} {unicodedata.name(char, '?')}"


def test_has_unusual_looks_at_characters_as_the_pattern_searches() -> None:
    """A short text's distinct characters are looked at one by one, a long one searched with
    ``UNUSUAL_RE``: both must find the same characters (every code point of the basic plane
    and every 97th above it)."""
    from subtool.core import text as t  # noqa: PLC0415

    points = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97),
              *range(0xD800, 0xE000, 7)]
    for cp in points:
        char = chr(cp)
        assert t.has_unusual(char) == (t.UNUSUAL_RE.search(char) is not None), hex(cp)
    long_plain = "Schöne Grüße, Привет, Γειά σου, مرحبا, שלום — “ok” …\n" * 800
    assert len(long_plain) > t._LOOK_AT_CHARACTERS
    assert not t.has_unusual(long_plain) and not t.has_unusual(long_plain[:200])
    # screen_breaks leaves the other spaces' pattern out for a text without unusual ones.
    assert all(t.has_unusual(space) for space in t.OTHER_SPACES)
    for odd in ("<i>", "\u00a0", "\u200f", "e\u0301", "👍", "\t"):
        assert t.has_unusual(long_plain + odd) and t.has_unusual(long_plain[:200] + odd)
