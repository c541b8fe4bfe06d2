"""The language files: every listed language is complete, and a malformed file is named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from subtool import languages
from subtool.core.errors import LanguageDataError
from subtool.languages import schema

FOLDER = Path(languages.__file__).parent
FILM_LANGUAGES = ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")


def test_the_film_languages_are_listed() -> None:
    assert set(FILM_LANGUAGES) <= set(languages.known())


@pytest.mark.parametrize("code", languages.known())
def test_every_listed_language_is_complete(code: str) -> None:
    language = languages.lookup(code)
    assert language is not None and language.code == code
    schema.validate(language)  # lazily read sections and code page names too
    first = (FOLDER / f"{code}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"# {language.english} ({code})")
    assert language.native and language.alphabet and language.quotes
    assert language.linebreak.no_break_after
    assert language.linebreak.conjunctions or language.linebreak.postpositions
    assert language.segment.conjunctions and language.morphology.endings
    assert set(language.limits) == set(schema.PROFILE_NAMES)
    assert language.legacy_encodings, "the code pages its files arrive in"
    assert language.spelling and set(language.providers) == set(schema.PROVIDER_NAMES)


def test_lookup_follows_the_primary_tag_and_aliases() -> None:
    assert languages.lookup("de-AT") is languages.lookup("de")
    assert languages.lookup("tr_TR") is languages.lookup("tr")
    assert languages.lookup("mo") is languages.lookup("ro")
    for tag in (None, "", "xx", "../de", "de/../../etc"):
        assert languages.lookup(tag) is None


@pytest.mark.parametrize(("found", "wanted", "same"), [
    ("tr", "tr", True), ("tr_TR", "tr", True), ("TR-tr", "tr", True),
    ("en_GB", "en-GB", True), ("en-GB", "en-GB", True), ("en", "en-GB", True),
    ("en-US", "en-GB", False), ("de", "en-GB", False), ("mo", "ro", True),
    ("uk", "ru", False),
])
def test_same_language(found: str, wanted: str, same: bool) -> None:
    assert languages.same_language(found, wanted) is same


@pytest.mark.parametrize(("tag", "reason"), [
    ("gr", "use 'el'"), ("ua", "use 'uk'"), ("GER", "use 'de'"), ("de_DE", "as 'de-DE'"),
    ("", "BCP-47"), ("DE", "as 'de'"), ("TR", "as 'tr'"), ("PT-br", "as 'pt-BR'"),
    ("SR-latn-rs", "as 'sr-Latn-RS'"), ("ÄR", "not a BCP-47"), ("de-", "not a BCP-47"),
])
def test_common_mistakes_are_named(tag: str, reason: str) -> None:
    found = languages.validate_tag(tag)
    assert found is not None and reason in found


def _with(replacements: dict[str, str]) -> str:
    source = (FOLDER / "de.toml").read_text(encoding="utf-8")
    for pattern, new in replacements.items():
        source, count = re.subn(pattern, new, source, count=1, flags=re.M)
        assert count == 1, pattern
    return source


@pytest.mark.parametrize(("change", "message"), [
    ({r"^no_break_after = \[": "no_break_afer = ["}, "linebreak.no_break_afer"),
    ({r"^verb_second = true": "verb_second = 'yes'"}, "linebreak.verb_second"),
    ({r"^sentence_end = .*$": "sentence_end = 1"}, "linebreak.sentence_end"),
    ({r"^keep_together = \[": "keep_together = ['zu', "}, "must be two words"),
    ({r"^first_names = \[": "first_names = ['Anna Lena', "}, "must be one word"),
    ({r"^direction = .*$": 'direction = "up"'}, "script.direction"),
    ({r"^alphabet = .*$": ""}, "script.alphabet"),
    ({r"^\[spelling\]": "[spelling]\nvariant = 1"}, "spelling.variant"),
    ({r"^code = .*$": 'code = "xx"'}, "does not match the file name"),
    ({r"^native = .*$": "native = ["}, "de.toml"),
])
def test_malformed_file_names_file_and_key(change: dict[str, str], message: str) -> None:
    with pytest.raises(LanguageDataError, match=re.escape(message)) as caught:
        schema.validate(schema.parse(_with(change), "de.toml"))
    assert caught.value.path == "de.toml"


def test_casefold_with_the_language_rules() -> None:
    assert languages.casefold("İSTANBUL", "tr") == "istanbul"
    assert languages.casefold("ILIK", "tr") == "ılık"
    assert languages.casefold("ILIK", "en") == "ilik"
    assert languages.casefold("STRASSE", "de") == languages.casefold("Straße", "de")
