"""Language knowledge from field libraries: terminology by lemma, spelling, line breaks.

Real inflected forms, real typos and real bad breaks in the film's eleven languages, checked
against the shipped glossary (base forms) and Debian's Hunspell dictionaries. Tests that
need a dictionary skip with the reason when it is not installed (CI installs them).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_subtool, srt_track

from subtool.config import from_mapping
from subtool.core.model import Severity
from subtool.layout.reflow import break_faults, fits_one_line, reflow
from subtool.project.lexicon import FileStore, cache_folder, dictionary_dirs, project_lexicon
from subtool.rules import BY_ID
from subtool.rules.base import Context
from subtool.terms.files import parse_file
from subtool.terms.glossary import Glossary
from subtool.terms.lexicon import Lexicon
from subtool.terms.spelling import words

sys.path.insert(0, str(ROOT / "bench"))
import terms_recall

FILM = ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")
DICTIONARIES = {"de": "de_DE", "en": "en_GB", "tr": "tr_TR", "ar": "ar", "pl": "pl_PL",
                "ro": "ro_RO", "bg": "bg_BG", "uk": "uk_UA", "ru": "ru_RU", "it": "it_IT",
                "el": "el_GR"}


def _installed(name: str) -> bool:
    return any((Path(d) / f"{name}.dic").is_file() for d in dictionary_dirs())


needs_dictionaries = pytest.mark.skipif(
    not all(_installed(n) for n in DICTIONARIES.values()),
    reason="Debian's hunspell-* dictionaries are not installed (.ci/run installs them)")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    path = ROOT / "glossary" / "terms.csv"
    return parse_file(path.read_bytes(), path=str(path), source="de")


def _ids(glossary: Glossary, lang: str, text: str) -> set[str]:
    return {glossary.entries[i].id for i in glossary.matcher(lang).find(text)}


# --- terminology by lemma -------------------------------------------------------------

# (language, sentence, concept found in it): inflected uses of the shipped glossary's base
# forms, written for these tests (not the held-out sentences of the issue).
INFLECTED = [
    ("de", "Die Sozialämter der Städte arbeiten eng zusammen.", "sozialamt"),
    ("de", "In den Seniorenbüros gibt es Kaffee und Rat.", "seniorenbuero"),
    ("de", "Die Tagespflege entlastet die Familie.", "care"),
    ("en", "Two care homes of the city take part.", "municipal-care-home"),
    ("en", "We helped with three applications this week.", "application"),
    ("tr", "Yaşlı danışma bürolarımızda size yardım ediyoruz.", "seniorenbuero"),
    ("tr", "İlçelerimizin hepsinde bir büro var.", "city-district"),
    ("ar", "نعمل مع الجمعيات الخيرية في المدينة.", "welfare-association"),
    ("ar", "زوروا مكاتب كبار السن في مدينتكم.", "seniorenbuero"),
    ("pl", "W urzędach socjalnych wielu miast pracują doradcy.", "sozialamt"),
    ("pl", "Pomagamy w wypełnianiu wniosków.", "application"),
    ("ro", "Lucrăm împreună cu serviciile sociale ale orașului.", "sozialamt"),
    ("ro", "Voluntarilor noștri le mulțumim.", "volunteers"),
    ("bg", "Работим със социалните служби на града.", "sozialamt"),
    ("bg", "Благодарим на нашите доброволци.", "volunteers"),
    ("uk", "Ми працюємо з соціальними службами міста.", "sozialamt"),
    ("uk", "Дякуємо нашим волонтерам.", "volunteers"),
    ("ru", "Мы работаем с социальными ведомствами города.", "sozialamt"),
    ("ru", "В нашем районе много волонтёров.", "volunteers"),
    ("it", "Negli Uffici Anziani lavorano molti volontari.", "seniorenbuero"),
    ("it", "Aiutiamo a compilare le domande.", "application"),
    ("el", "Συνεργαζόμαστε με τις κοινωνικές υπηρεσίες.", "sozialamt"),
    ("el", "Ευχαριστούμε τους εθελοντές μας.", "volunteers"),
    # Greek capitals drop the accents, and many type without them: the lexicon's word that
    # differs only in accents stands in (ΔΙΑΜΕΡΙΣΜΑΤΑ → διαμερίσματα → διαμέρισμα).
    ("el", "ΚΑΙ ΣΤΑ ΔΩΔΕΚΑ ΔΗΜΟΤΙΚΑ ΔΙΑΜΕΡΙΣΜΑΤΑ", "city-district"),
    ("el", "και στα δωδεκα δημοτικα διαμερισματα", "city-district"),
    ("el", "ΣΥΝΕΡΓΑΖΟΜΑΣΤΕ ΜΕ ΤΙΣ ΚΟΙΝΩΝΙΚΕΣ ΥΠΗΡΕΣΙΕΣ.", "sozialamt"),
]


@pytest.mark.parametrize(("lang", "sentence", "concept"), INFLECTED)
def test_inflected_uses_are_found_from_the_base_form(glossary: Glossary, lang: str,
                                                     sentence: str, concept: str) -> None:
    assert concept in _ids(glossary, lang, sentence)


# Words that contain a term or share its stem but are another word.
NOT_THE_TERM = [
    ("de", "Die Pfleger kommen morgens.", "care"),  # compound = yes: only as a head
    ("de", "Die Berater sind freundlich.", "advice"),
    ("en", "The officer was careful.", "care"),
    ("pl", "Na biurku leży wniosek.", "seniorenbuero"),
    ("ru", "Он уходит домой.", "care"),
    ("pl", "Biuro jest blisko domu.", "relatives"),
    ("ar", "ذهبنا إلى المكتبة العامة.", "seniorenbuero"),
]


@pytest.mark.parametrize(("lang", "sentence", "concept"), NOT_THE_TERM)
def test_false_friends_are_not_the_term(glossary: Glossary, lang: str, sentence: str,
                                        concept: str) -> None:
    assert concept not in _ids(glossary, lang, sentence)


def test_multi_word_terms_must_be_adjacent(glossary: Glossary) -> None:
    assert "municipal-care-home" in _ids(glossary, "en", "Our care home is near.")
    assert "municipal-care-home" not in _ids(glossary, "en", "We care at home for her.")


@pytest.mark.parametrize("lang", FILM)
def test_recall_on_the_test_sentences(lang: str) -> None:
    """tests/data/terms (12 concepts, 36 inflected uses, 12 synonyms, 12 false friends
    per language): at most one miss in 36, no synonym and no false friend."""
    score = terms_recall.evaluate(lang)
    assert score.found >= score.inflected - 1, score.notes
    assert score.synonym_hits == 0, score.notes
    assert score.false_friend_hits == 0, score.notes


def test_the_word_cache_spares_the_libraries(tmp_path: Path) -> None:
    """A second run with the words cached loads no library."""
    store = FileStore(tmp_path, dictionary_dirs())
    first = Lexicon(store=store).word_keys("pl")
    keys = first.keys("urzędzie")
    assert first.loaded and "urząd" in keys
    Lexicon(store=store).save()  # nothing learned: nothing written
    lexicon = Lexicon(store=store)
    lexicon._keys["pl"] = first
    lexicon.save()
    second = Lexicon(store=store).word_keys("pl")
    assert second.keys("urzędzie") == keys
    assert not second.loaded
    assert list(tmp_path.glob("morph-pl-*.json"))


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    store = FileStore(tmp_path, dictionary_dirs())
    path = store._path("morph", "de", "x|y")
    path.write_text("{not json", encoding="utf-8")
    assert store.load("morph", "de", "x|y") == {}
    store.save("morph", "de", "x|y", {"Ämter": ["amt"]})
    assert store.load("morph", "de", "x|y") == {"Ämter": ["amt"]}


def test_without_a_home_folder_the_words_are_kept_for_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A container user with no home folder and no $HOME: no cache, and no crash."""
    for name in ("SUBTOOL_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    settings = from_mapping({}, root=tmp_path)
    assert cache_folder(settings) is None
    lexicon = project_lexicon(settings)
    assert lexicon.store is None
    assert "urząd" in lexicon.word_keys("pl").keys("urzędzie")
    lexicon.save()  # nothing to save to: nothing happens
    assert not list(tmp_path.iterdir())


# --- spelling --------------------------------------------------------------------------

TYPOS = {  # real typos: letters swapped, dropped, doubled, a wrong diacritic or ة
    "de": ("Die Beratnug ist kostenlos.", "Beratnug", "Beratung"),
    "en": ("Help in your neighbourhod.", "neighbourhod", "neighbourhood"),
    "tr": ("Ücretsiz danışmanlk veriyoruz.", "danışmanlk", "danışmanlık"),
    "ar": ("نساعد في مواجهة الوحده.", "الوحده", "الوحدة"),
    "pl": ("Pomagamy, gdy doskwiera samotnośc.", "samotnośc", "samotność"),
    "ro": ("Oferim consiliree gratuită.", "consiliree", "consiliere"),
    "bg": ("Помагаме на възрастнии хора.", "възрастнии", "възрастни"),
    "uk": ("Ми допомогаємо літнім людям.", "допомогаємо", "допомагаємо"),
    "ru": ("Мы боремся с одиночесто.", "одиночесто", "одиночество"),
    "it": ("Offriamo assistenzza a domicilio.", "assistenzza", "assistenza"),
    "el": ("Χρειάζεστε βοήθια;", "βοήθια", "βοήθεια"),
}


def _context(lang: str, *texts: str, lexicon: Lexicon | None = None,
             glossary: Glossary | None = None) -> Context:
    from subtool.profiles import limits_for  # noqa: PLC0415

    track = srt_track([(i * 4000, i * 4000 + 3000, t) for i, t in enumerate(texts)])
    ctx = Context(f"{lang}.srt", track, lang=lang, limits=limits_for("senior", lang),
                  glossary=glossary, lexicon=lexicon)
    return ctx


def _run(rule_id: str, ctx: Context) -> list[tuple[str, str]]:
    rule = BY_ID[rule_id]
    ctx.rule = rule
    return [(p.severity.value, p.message) for p in rule.check(ctx)]


@needs_dictionaries
@pytest.mark.parametrize("lang", FILM)
def test_real_typos_are_reported_with_the_right_suggestion(lang: str) -> None:
    text, typo, right = TYPOS[lang]
    found = _run("spelling", _context(lang, text))
    assert len(found) == 1, found
    severity, message = found[0]
    assert severity == "warning" and repr(typo) in message and right in message


@needs_dictionaries
@pytest.mark.parametrize("lang", FILM)
def test_the_films_own_words_are_accepted(lang: str) -> None:
    """Every track of the film spells clean with its glossary and word lists."""
    from subtool.project.config import read  # noqa: PLC0415
    from subtool.project.store import project_glossary  # noqa: PLC0415

    settings = read(ROOT / "pyproject.toml")
    glossary = project_glossary(settings)
    path = ROOT / "subtitles" / f"{lang}.srt"
    from subtool.formats import srt  # noqa: PLC0415

    track = srt.parse(path.read_text(encoding="utf-8"))
    from subtool.profiles import limits_for  # noqa: PLC0415

    ctx = Context(str(path), track, lang=lang, limits=limits_for("senior", lang),
                  glossary=glossary)
    assert _run("spelling", ctx) == []


@needs_dictionaries
def test_names_are_info_and_glossary_words_accepted(glossary: Glossary) -> None:
    found = _run("spelling", _context("en", "Yesterday Mrs Pfefferkorn came.",
                                      "Ask at the Sozialamt in Eving."))
    assert [s for s, _ in found] == ["info"] * 3
    assert ["'Pfefferkorn'" in found[0][1], "'Eving'" in found[2][1]] == [True, True]
    # At a sentence start a capitalised unknown word may be a typo: a warning.
    assert [s for s, _ in _run("spelling", _context("en", "Pfefferkorn came."))] \
        == ["warning"]
    lexicon = Lexicon(common=glossary.all_words())
    assert _run("spelling", _context("en", "Ask at the Sozialamt in Eving.",
                                     lexicon=lexicon)) == []
    # Letters outside the language's alphabet: a foreign word the dictionary cannot judge.
    assert _run("spelling", _context("en", "Ask at the Seniorenbüro in Hörde.")) == []
    # A name of the glossary with the language's endings (Ukrainian locative).
    lexicon = Lexicon(common=glossary.all_words(), names=glossary.name_words())
    assert _run("spelling", _context("uk", "Він живе в Бракелі.", lexicon=lexicon)) == []


@needs_dictionaries
def test_sdh_labels_addresses_and_numbers_are_not_spelled() -> None:
    text = "[Muzik] (Sprecherinn) 24 Stunden: dortmund.de/seniorenbueros"
    assert [w.text for w in words(text)] == ["Stunden"]
    assert _run("spelling", _context("de", text)) == []


@needs_dictionaries
def test_the_dictionary_variant_is_a_setting() -> None:
    british = _run("spelling", _context("en", "Help in your neighbourhood."))
    american = _run("spelling", _context("en", "Help in your neighbourhood.",
                                         lexicon=Lexicon(variants={"en": "en_US"})))
    assert british == [] and len(american) == 1 and "neighborhood" in american[0][1]


def test_a_missing_dictionary_is_reported_once_and_never_crashes() -> None:
    lexicon = Lexicon(variants={"en": "en_ZZ"})
    first = _run("spelling", _context("en", "Wrnog wrods here.", "More wrnog.",
                                      lexicon=lexicon))
    again = _run("spelling", _context("en", "Wrnog again.", lexicon=lexicon))
    assert len(first) == 1 and first[0][0] == "info" and "en_ZZ" in first[0][1]
    assert again == []


def test_spelling_setting_is_validated() -> None:
    assert from_mapping({"spelling": {"en": "en_US"}}, root=ROOT).spelling == {"en": "en_US"}
    from subtool.core.errors import ConfigError  # noqa: PLC0415

    for bad in ({"en": "en US"}, {"gr": "el_GR"}, {"en": 3}):
        with pytest.raises(ConfigError):
            from_mapping({"spelling": bad}, root=ROOT)


def test_word_lists_give_a_reason_for_every_word() -> None:
    for path in sorted((ROOT / "glossary").glob("words-*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                assert "#" in line and line.split("#", 1)[1].strip(), f"{path.name}:{n}"


# --- line breaks -----------------------------------------------------------------------

BAD_BREAKS = {  # a break right after an article, determiner, negation or quantifier
    "de": "Wir beraten die\nälteren Menschen im ganzen Stadtbezirk.",
    "en": "Every week we visit the\nolder people in the whole district.",
    "tr": "Danışmanlığımız her zaman bu\nofiste ve tamamen ücretsizdir.",
    "ar": "قالت إنها لا\nتستطيع الحضور إلى المكتب هذا الأسبوع.",
    "pl": "Pomagamy seniorom w każdej\ndzielnicy naszego pięknego miasta.",
    "ro": "Astăzi vizităm împreună un\nsenior care locuiește singur.",
    "bg": "Посещаваме редовно този\nквартал и хората, които живеят там.",
    "uk": "Ми регулярно відвідуємо кожен\nрайон нашого великого міста.",
    "ru": "Мы регулярно посещаем каждый\nрайон нашего большого города.",
    "it": "Ogni settimana visitiamo la\nsignora che vive da sola.",
    "el": "Κάθε εβδομάδα επισκεπτόμαστε το\nγραφείο της γειτονιάς μας.",
}


@pytest.mark.parametrize("lang", FILM)
def test_real_bad_breaks_are_reported_and_reflowed(lang: str) -> None:
    text = BAD_BREAKS[lang]
    found = _run("line-break", _context(lang, text))
    assert [s for s, _ in found] == ["warning"], found
    left = text.split("\n")[0].split()[-1]
    assert repr(left) in found[0][1]
    ctx = _context(lang, text)
    fixed = BY_ID["line-break"].fix(ctx)  # type: ignore[misc]
    new = fixed.cues[0].text
    assert new.split() == text.split() and new != text
    assert break_faults(new, lang, ctx.limits.max_chars) == []


def test_good_breaks_are_not_reported() -> None:
    good = {
        "en": "I’m Katrin Wollny,\nfrom the Eving Seniors’ Office.",
        "de": "Ich bin Markus Brenner\nvon der Caritas.",
        "ro": "Cum ajungem la ele\nchiar acolo unde locuiesc?",  # ele: object of la
        "bg": "Обадете ни се, пишете ни\nили елате при нас.",  # before a conjunction
        "it": "Scriveteci all’indirizzo\ndortmund.de/seniorenbueros",  # a lone address
        "tr": "Haftada bir\nyaşlı bir beyefendiyi ziyaret ediyorum.",  # once a week: no article
    }
    for lang, text in good.items():
        assert _run("line-break", _context(lang, text)) == [], lang


def test_names_pronouns_and_one_line_cues() -> None:
    assert [f.fault for f in break_faults("Today Katrin\nWollny visits us at home.", "en")] \
        == ["name"]
    assert [f.fault for f in break_faults("Tomorrow we\nvisit you at home, as agreed.", "en")] \
        == ["pronoun"]
    assert fits_one_line("We help you.\nFree of charge.", "en", 42)
    found = _run("line-break", _context("en", "We help you.\nFree of charge."))
    assert [s for s, _ in found] == ["info"]
    assert reflow("We help you.\nFree of charge.", "en", 42) == "We help you. Free of charge."


@pytest.mark.parametrize(("lang", "text", "wrong"), [
    ("en", "- Are you coming?\n- In a minute.", True),
    ("en", "-Are you coming?\n-In a minute.", False),
    ("pl", "-Idziesz?\n-Za chwilę.", True),
    ("pl", "- Idziesz?\n- Za chwilę.", False),
    ("it", "- Vieni?\n- Tra un minuto.", False),
    ("ru", "- Ты идёшь?\n- Сейчас.", True),
])
def test_dialogue_dashes_follow_the_language_style(lang: str, text: str, wrong: bool) -> None:
    found = _run("line-break", _context(lang, text))
    assert (len(found) == 2) is wrong, found
    assert all(s == Severity.WARNING.value for s, _ in found)


def test_the_film_checks_clean_of_terminology_and_spelling_problems() -> None:
    """The shipped film with base forms in its glossary: no glossary-term, forbidden-term
    or spelling problem (a whole process, as CI runs it)."""
    result = run_subtool("check", "--select", "glossary-term,do-not-translate,"
                         "forbidden-term,spelling", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[glossary-term]" not in result.stdout and "[spelling] warning" not in result.stdout


def test_the_glossary_holds_base_forms() -> None:
    """A cell lists several forms only with a note that says why (true variants and
    irregular forms no library knows)."""
    with (ROOT / "glossary" / "terms.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["status"] != "approved":
            continue
        for lang in FILM[1:]:
            forms = [x for x in row[lang].split("|") if x.strip()]
            if len(forms) > 1:
                assert f"({lang})" in row["note"], (row["id"], lang, forms)
