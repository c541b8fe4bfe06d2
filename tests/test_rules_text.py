"""Table tests for the text rules: line-length, max-lines, empty-cue, whitespace,
control-chars, unbalanced, markup, legacy-diacritics, mixed-script, rtl-punctuation and
rtl-direction.

Most cases are one cue of SRT text, parsed for real: its timing line is line 2 and its text
lines are lines 3, 4, … . Problems about a whole cue are located on the timing line, problems
about one text line on that line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import srt_track

from subtool.config import Options, Settings
from subtool.core.model import Problem, Severity, Track
from subtool.engine.check import check_track
from subtool.rules import BY_ID

Spec = tuple[int, int, str]  # (start_ms, end_ms, text)
W = Severity.WARNING
E = Severity.ERROR

# Latin look-alikes, spelled out so the tables show where they hide.
LAT_O, LAT_A, LAT_C, LAT_P, LAT_I, LAT_CAP_A = "o", "a", "c", "p", "i", "A"
RLM = "\u200f"
ROOT = Path(__file__).resolve().parent.parent








def one_cue(text: str) -> Track:
    """A track of one comfortable cue (4 s) holding ``text``."""
    return srt_track([(2000, 6000, text)])


def cues_of(*texts: str) -> Track:
    """A track with one 4-second cue per text, 80 ms apart."""
    return srt_track([(2000 + n * 4080, 6000 + n * 4080, text) for n, text in enumerate(texts)])


def problems(rule: str, track: Track, lang: str, *, profile: str = "senior") -> list[Problem]:
    """Run one rule the way ``subtool check --select RULE`` does."""
    found = check_track(f"{lang}.srt", track, lang=lang, settings=Settings(profile=profile),
                        options=Options(select=frozenset({rule})))
    assert {p.rule for p in found} <= {rule}
    return list(found)


def lines_of(found: Sequence[Problem]) -> list[int | None]:
    return [p.line for p in found]


# --- line-length ------------------------------------------------------------------------

@pytest.mark.parametrize(("profile", "lang", "line", "reported"), [
    pytest.param("senior", "de", "Sie beraten Seniorinnen und Senioren.", False, id="de-37"),
    pytest.param("senior", "de", "Kostenlos, unabhängig und in der Nähe.", True, id="de-38"),
    pytest.param("senior", "en", "Kostenlos, unabhängig und in der Nähe.", False, id="en-38"),
    pytest.param("senior", "en", "Today there is one in every city district.", False, id="en-42"),
    pytest.param("senior", "en", "Today they are in all twelve city districts.", True,
                 id="en-44"),
    pytest.param("senior", "ru", "Сегодня они есть во всех районах города", False, id="ru-39"),
    pytest.param("senior", "ru", "Сегодня они есть во всех районах города,", True, id="ru-40"),
    pytest.param("senior", "uk", "Сьогодні вони є в усіх дванадцяти районах.", False,
                 id="uk-42"),
    pytest.param("senior", "uk", "Сьогодні вони працюють в усіх районах міста.", True,
                 id="uk-44"),
    pytest.param("senior", "tr", "Today there is one in every city district.", False,
                 id="tr-42"),
    pytest.param("senior", "de-AT", "Kostenlos, unabhängig und in der Nähe.", True,
                 id="de-AT-38"),
    pytest.param("netflix", "de", "Kostenlos, unabhängig und in der Nähe.", False,
                 id="netflix-de-38"),
    pytest.param("netflix", "ru", "Сегодня они есть во всех районах города,", True,
                 id="netflix-ru-40"),
    pytest.param("broadcast-de", "en", "Kostenlos, unabhängig und in der Nähe.", True,
                 id="broadcast-de-en-38"),
    pytest.param("senior", "de", "In Lu\u0308tgendortmund, Ho\u0308rde und Huckarde", False,
                 id="de-37-graphemes-39-code-points"),
    pytest.param("senior", "de", "<i>Sie beraten Seniorinnen und Senioren.</i>", False,
                 id="de-37-in-italics"),
    pytest.param("senior", "ar", "يُقَدِّمُونَ الاسْتِشَارَةَ لِكِبَارِ السِّنِّ وَذَوِيهِمْ مَجَّانًا", False,
                 id="ar-40-graphemes-68-code-points"),
    pytest.param("senior", "ar", RLM + "واليوم نجدها في جميع المناطق الاثنتي عشرة.", False,
                 id="ar-42-after-rlm"),
    pytest.param("senior", "ar", "واليوم نجدها في جميع المناطق الاثنتي عشرة..", True,
                 id="ar-43"),
])
def test_line_length(profile: str, lang: str, line: str, reported: bool) -> None:
    found = problems("line-length", one_cue(line), lang, profile=profile)
    assert [(p.cue, p.line, p.severity) for p in found] == ([(1, 3, E)] if reported else [])


def test_line_length_reports_each_long_line_on_its_own_line() -> None:
    track = cues_of("Angefangen hat alles\nmit einem Modellprojekt.",
                    "Heute gibt es sie\nBrackel, Aplerbeck, Hörde und Hombruch.",
                    "Kostenlos, unabhängig und in der Nähe.\n"
                    "Kostenlos, unabhängig und in der Nähe.")
    found = problems("line-length", track, "de")
    # Cue 1 is lines 1-4, cue 2 lines 6-9 (text 8-9), cue 3 lines 11-14 (text 13-14).
    assert [(p.cue, p.line) for p in found] == [(2, 9), (3, 13), (3, 14)]
    assert "39 characters; at most 37" in found[0].message


# --- max-lines --------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "reported"), [
    pytest.param("de", "Angefangen hat alles.", False, id="one"),
    pytest.param("de", "Angefangen hat alles\nmit einem Modellprojekt.", False, id="two"),
    pytest.param("de", "Angefangen\nhat alles\nmit einem Modellprojekt.", True, id="three"),
    pytest.param("de", "Innenstadt-West,\nInnenstadt-Nord,\nInnenstadt-Ost,\nEving", True,
                 id="four"),
    pytest.param("de", "<i>Angefangen</i>\n<i>hat alles</i>\n<i>mit einem Projekt.</i>", True,
                 id="three-in-italics"),
    pytest.param("ar", "بدأ كل شيء\nبمشروع تجريبي.\n" + RLM, False, id="third-line-only-rlm"),
])
def test_max_lines(lang: str, text: str, reported: bool) -> None:
    found = problems("max-lines", one_cue(text), lang)
    assert [(p.cue, p.line, p.severity) for p in found] == ([(1, 2, E)] if reported else [])


# --- empty-cue --------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "empty"), [
    pytest.param("de", "", True, id="no-text"),
    pytest.param("de", "<i></i>", True, id="only-italic-tags"),
    pytest.param("de", "<i> </i>", True, id="tags-around-a-space"),
    pytest.param("de", "{\\an8}", True, id="only-ass-override"),
    pytest.param("de", "<b></b>\n<i></i>", True, id="two-lines-of-tags"),
    pytest.param("ar", RLM, True, id="only-rlm"),
    pytest.param("ar", RLM + "\n" + RLM, True, id="two-lines-of-rlm"),
    pytest.param("de", "[Musik]", False, id="sound-description"),
    pytest.param("de", "…", False, id="ellipsis"),
    pytest.param("de", "♪", False, id="note"),
    pytest.param("de", "<i>Ja.</i>", False, id="word-in-italics"),
    pytest.param("ar", RLM + "نعم", False, id="arabic-word-after-rlm"),
])
def test_empty_cue(lang: str, text: str, empty: bool) -> None:
    track = cues_of("Angefangen hat alles.", text, "Heute gibt es sie überall.")
    found = problems("empty-cue", track, lang)
    assert [(p.cue, p.line, p.severity) for p in found] == ([(2, 6, E)] if empty else [])


# --- whitespace -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lines", "kind"), [
    pytest.param("Seit über 16 Jahren", [], None, id="clean"),
    pytest.param(" Seit über 16 Jahren", [3], "leading space", id="leading"),
    pytest.param("Seit über 16 Jahren ", [3], "trailing space", id="trailing"),
    pytest.param("Seit  über 16 Jahren", [3], "double space", id="double"),
    pytest.param("Seit\tüber 16 Jahren", [3], "tab", id="tab"),
    pytest.param("\u00a0Seit über 16 Jahren", [3], "leading space", id="leading-nbsp"),
    pytest.param("Seit über 16\u00a0Jahren", [], None, id="single-nbsp-inside"),
    pytest.param("Seit über 16 Jahren\ngibt es  die Seniorenbüros.", [4], "double space",
                 id="second-line"),
    pytest.param(" Seit über 16 Jahren \n gibt es die Seniorenbüros. ", [3, 4], "leading space",
                 id="both-lines-once-each"),
])
def test_whitespace(text: str, lines: list[int], kind: str | None) -> None:
    found = problems("whitespace", one_cue(text), "de")
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, W) for n in lines]
    if kind is not None:
        assert kind in found[0].message


# --- control-chars ----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "lines"), [
    pytest.param("de", "Seniorenbüros", [], id="de-clean"),
    pytest.param("de", "Senioren\u200bbüros", [3], id="de-zero-width-space"),
    pytest.param("ar", "مكاتب\u200bكبار السن", [3], id="ar-zero-width-space"),
    pytest.param("ar", RLM + "Birgit Hansmann تتحدث", [], id="ar-rlm-allowed"),
    pytest.param("ar", "\u2067Birgit\u2069 تتحدث", [], id="ar-isolates-allowed"),
    pytest.param("he", RLM + "Dortmund היא עיר", [], id="he-rlm-allowed"),
    pytest.param("de", RLM + "Seniorenbüros", [3], id="de-rlm-reported"),
    pytest.param("el", "Γραφεία\u200e", [3], id="el-lrm-reported"),
    pytest.param("de", "Senioren\u0085büros", [3], id="de-c1-next-line"),
    pytest.param("de", "Senioren\x1abüros", [3], id="de-c0-substitute"),
    pytest.param("de", "Senioren\u00adbüros", [3], id="de-soft-hyphen"),
    pytest.param("de", "\ufeffSeniorenbüros", [3], id="de-bom-in-text"),
    pytest.param("de", "Senioren\ufffdbüros", [3], id="de-replacement-character"),
    pytest.param("de", "Seit über 16 Jahren\ngibt es die Senioren\u200bbüros.", [4],
                 id="de-second-line"),
    # Emoji ZWJ sequences (UTS #51) are one symbol: family, rainbow flag, a skin tone,
    # the emoji presentation selector before the joiner.
    pytest.param("de", "Familie \U0001f469\u200d\U0001f469\u200d\U0001f467 und "
                 "\U0001f3f3\ufe0f\u200d\U0001f308", [], id="de-emoji-zwj-sequences"),
    pytest.param("tr", "\U0001f469\U0001f3fd\u200d\U0001f4bb Bilgisayar", [],
                 id="tr-emoji-skin-tone-zwj"),
    pytest.param("de", "Hal\u200dlo", [3], id="de-zwj-between-letters"),
    pytest.param("pl", "\U0001f469\u200d Dzień dobry", [3], id="pl-zwj-after-one-emoji"),
    pytest.param("el", "\u200d\U0001f469 Καλημέρα", [3], id="el-zwj-before-one-emoji"),
])
def test_control_chars(lang: str, text: str, lines: list[int]) -> None:
    found = problems("control-chars", one_cue(text), lang)
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, E) for n in lines]


@pytest.mark.parametrize(("lang", "text", "name"), [
    pytest.param("de", "Senioren\u200bbüros", "U+200B ZERO WIDTH SPACE", id="zwsp"),
    pytest.param("de", "Senioren\u0085büros", "U+0085", id="nel"),
    pytest.param("de", RLM + "Seniorenbüros", "U+200F RIGHT-TO-LEFT MARK", id="rlm"),
])
def test_control_chars_names_the_character(lang: str, text: str, name: str) -> None:
    found = problems("control-chars", one_cue(text), lang)
    assert len(found) == 1
    assert name in found[0].message


# --- unbalanced -------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "texts", "expected"), [
    pytest.param("de", ["„Für Sie in Ihrem Stadtbezirk!“"], [], id="de-low-high-quotes"),
    pytest.param("de", ["»Für Sie in Ihrem Stadtbezirk!«"], [], id="de-guillemets"),
    pytest.param("en", ["“For you in your district!”"], [], id="en-curly-quotes"),
    pytest.param("en", ["Dortmund’s Seniors’ Offices"], [], id="en-apostrophes"),
    pytest.param("ru", ["«Для вас в вашем районе!»"], [], id="ru-guillemets"),
    pytest.param("ru", ["«Она сказала: „Приходите“»"], [], id="ru-nested"),
    pytest.param("uk", ["«Для вас у вашому районі!»"], [], id="uk-guillemets"),
    pytest.param("bg", ["„За вас във вашия район!“"], [], id="bg-low-high-quotes"),
    pytest.param("pl", ["„Dla Państwa w Państwa dzielnicy!”"], [], id="pl-low-right-quotes"),
    pytest.param("ro", ["„Pentru dumneavoastră, în cartierul dumneavoastră!”"], [],
                 id="ro-low-right-quotes"),
    pytest.param("it", ["«Per voi nel vostro quartiere!»"], [], id="it-guillemets"),
    pytest.param("el", ["«Για εσάς στη γειτονιά σας!»"], [], id="el-guillemets"),
    pytest.param("tr", ["“Semtinizde sizin için!”"], [], id="tr-curly-quotes"),
    pytest.param("de", ['"Für Sie in Ihrem Stadtbezirk!"'], [], id="de-straight-pair"),
    pytest.param("de", ["„Angefangen hat alles", "mit einem Modellprojekt.“"], [],
                 id="de-quote-into-next-cue"),
    pytest.param("ru", ["«Всё началось", "с пилотного проекта»."], [], id="ru-quote-into-next-cue"),
    pytest.param("de", ["„Angefangen", "hat alles", "mit einem Modellprojekt.“"], [2, 10],
                 id="de-quote-over-three-cues"),
    pytest.param("de", ["„Für Sie in Ihrem Stadtbezirk!"], [2], id="de-unclosed-quote"),
    pytest.param("en", ["For you in your district!”"], [2], id="en-closing-only"),
    pytest.param("de", ['"Für Sie in Ihrem Stadtbezirk!'], [2], id="de-single-straight-quote"),
    pytest.param("de", ["(Sprecherin) Seit über 16 Jahren"], [], id="brackets-balanced"),
    pytest.param("de", ["(Sprecherin)\nSeit über 16 Jahren (fast 17)"], [], id="two-pairs"),
    pytest.param("de", ["(Sprecherin\nSeit über 16 Jahren)"], [], id="bracket-over-two-lines"),
    pytest.param("de", ["Sprecherin) Seit über 16 Jahren"], [2], id="unmatched-closing"),
    pytest.param("de", ["(Sprecherin Seit über 16 Jahren"], [2], id="unclosed-bracket"),
    pytest.param("de", ["[Musik"], [2], id="unclosed-square-bracket"),
    pytest.param("de", ["Angefangen hat", "alles)"], [6], id="unmatched-closing-in-cue-2"),
    pytest.param("de", ["<i>Seit über 16 Jahren</i>"], [], id="italics-closed"),
    pytest.param("de", ["<i>Seit über 16 Jahren\ngibt es die Seniorenbüros.</i>"], [],
                 id="italics-over-two-lines"),
    pytest.param("de", ["<i>Seit über 16 Jahren"], [2], id="unclosed-italics"),
    pytest.param("de", ["Seit über 16 Jahren</i>"], [2], id="closing-tag-only"),
    pytest.param("de", ["<v Birgit>Guten Tag"], [], id="voice-tag-needs-no-close"),
    pytest.param("de", ["{\\an8}(Sprecherin)"], [], id="ass-override-is-not-a-bracket"),
])
def test_unbalanced(lang: str, texts: list[str], expected: list[int]) -> None:
    found = problems("unbalanced", cues_of(*texts), lang)
    assert lines_of(found) == expected
    assert all(p.severity is W for p in found)


def test_unbalanced_says_each_issue_of_a_cue_once_with_how_often() -> None:
    # 500,000 "(" in one cue were 500,000 problems (a report of 31 MB).
    found = problems("unbalanced", cues_of("(" * 500_000 + " Hallo ]]"), "de")
    assert [p.message for p in found] == ["']' has no opening '[' (2 times)",
                                          "'(' is not closed (500000 times)"]


# --- markup -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lines"), [
    pytest.param("Seit über 16 Jahren", [], id="plain"),
    pytest.param("<i>Seit über 16 Jahren</i>", [], id="italics"),
    pytest.param("<b>Kostenlos</b> und <u>unabhängig</u>", [], id="bold-underline"),
    pytest.param("<I>Seit über 16 Jahren</I>", [], id="capital-italics"),
    pytest.param("{\\an8}[Musik]", [3], id="ass-position"),
    pytest.param("Seit über 16 Jahren\n{\\i1}gibt es{\\i0} die Seniorenbüros.", [4, 4],
                 id="two-ass-overrides-on-line-2"),
    pytest.param('<font color="red">Achtung!</font>', [3], id="font-colour"),
    pytest.param("<c.yellow>Seniorenbüro</c>", [3], id="webvtt-class"),
    pytest.param("<i.loud>Seniorenbüro</i>", [3], id="italics-with-class"),
    pytest.param("<v Anna>Guten Tag", [3], id="voice-tag"),
    pytest.param("<00:00:03.000>Seit über 16 Jahren", [3], id="karaoke-timestamp"),
    pytest.param("<ruby>Dortmund<rt>Stadt</rt></ruby>", [3, 3], id="ruby"),
])
def test_markup(text: str, lines: list[int]) -> None:
    found = problems("markup", one_cue(text), "de")
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, W) for n in lines]


@pytest.mark.parametrize(("text", "words"), [
    pytest.param("{\\an8}[Musik]", ["{\\an8}", "ASS override"], id="ass"),
    pytest.param('<font color="red">Achtung!</font>', ['<font color="red">'], id="font"),
    pytest.param("<c.yellow>Seniorenbüro</c>", ["<c.yellow>", "class"], id="class"),
    pytest.param("<v Anna>Guten Tag", ["<v Anna>", "speaker"], id="voice"),
])
def test_markup_message_names_the_tag(text: str, words: list[str]) -> None:
    found = problems("markup", one_cue(text), "de")
    assert len(found) == 1
    for word in words:
        assert word in found[0].message


# --- legacy-diacritics ------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "lines"), [
    pytest.param("ro", "Aşa a început totul.", [3], id="ro-s-cedilla"),
    pytest.param("ro", "Biroul e la o staţie de tramvai.", [3], id="ro-t-cedilla"),
    pytest.param("ro", "Şi totul a început aşa.", [3], id="ro-capital-and-small-once"),
    pytest.param("ro", "Ţara", [3], id="ro-capital-t-cedilla"),
    pytest.param("ro", "Așa a început totul.", [], id="ro-comma-below"),
    pytest.param("ro", "Și totul a început la o stație.", [], id="ro-comma-below-capital"),
    pytest.param("ro", "Totul a început\ncu un proiect-pilot aşa.", [4], id="ro-second-line"),
    pytest.param("ro", "Aşa a început\ntotul, ştiţi?", [3, 4], id="ro-both-lines"),
    pytest.param("ro-RO", "Aşa a început totul.", [3], id="ro-RO"),
    pytest.param("tr", "Her şey bir pilot projeyle başladı.", [], id="tr-s-cedilla-correct"),
    pytest.param("tr", "Şehrin tüm semtlerinde", [], id="tr-capital-s-cedilla"),
    pytest.param("de", "Frau Şahin berät Sie gern.", [], id="de-turkish-name"),
])
def test_legacy_diacritics(lang: str, text: str, lines: list[int]) -> None:
    found = problems("legacy-diacritics", one_cue(text), lang)
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, E) for n in lines]


def test_legacy_diacritics_names_the_replacements() -> None:
    found = problems("legacy-diacritics", one_cue("Şi aşa, la staţie"), "ro")
    assert len(found) == 1
    for pair in ("Ş → Ș", "ş → ș", "ţ → ț"):
        assert pair in found[0].message


# --- mixed-script -----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "minority"), [
    pytest.param("ru", f"Всё началось с пилотного пр{LAT_O}екта.", f"Latin {LAT_O!r}",
                 id="ru-latin-o"),
    pytest.param("ru", f"Сегодня они есть во всех р{LAT_A}йонах.", f"Latin {LAT_A!r}",
                 id="ru-latin-a"),
    pytest.param("ru", f"{LAT_C}егодня они есть во всех районах.", f"Latin {LAT_C!r}",
                 id="ru-latin-c-first"),
    pytest.param("ru", f"в Дортмунде {LAT_P}аботают бюро", f"Latin {LAT_P!r}",
                 id="ru-latin-p"),
    pytest.param("ru", f"Бесплатно, незав{LAT_I}с{LAT_I}мо", f"Latin {LAT_I!r}",
                 id="ru-two-latin-i-once"),
    pytest.param("uk", f"Сьогодні вони є в ус{LAT_I}х районах.", f"Latin {LAT_I!r}",
                 id="uk-latin-i"),
    pytest.param("bg", f"Днес ги има във всички р{LAT_A}йони.", f"Latin {LAT_A!r}",
                 id="bg-latin-a"),
    pytest.param("el", f"Γραφεί{LAT_O} ηλικιωμένων", f"Latin {LAT_O!r}", id="el-latin-o"),
    pytest.param("el", f"{LAT_CAP_A}θήνα και Ντόρτμουντ", f"Latin {LAT_CAP_A!r}",
                 id="el-latin-capital-a"),
    pytest.param("ru", "Вс\u00eb началось с пилотного проекта.", "Latin 'ë'",
                 id="ru-latin-e-diaeresis"),
    pytest.param("ru", "Всё началось с пилотного проекта.", None, id="ru-pure-cyrillic"),
    pytest.param("bg", "Днес ги има във всички райони.", None, id="bg-pure-cyrillic"),
    pytest.param("uk", "Сьогодні вони є в усіх районах.", None, id="uk-pure-cyrillic"),
    pytest.param("el", "Όλα ξεκίνησαν με ένα πιλοτικό έργο.", None, id="el-pure-greek"),
    pytest.param("de", "Hörde, Hombruch, Lütgendortmund", None, id="de-pure-latin"),
    pytest.param("ru", "Подробнее: dortmund.de/seniorenbueros", None, id="ru-with-url"),
    pytest.param("ru", "Биргит Хансманн (Birgit Hansmann)", None, id="ru-latin-name"),
    pytest.param("ru", "Уже более 16 лет, с 2004-го", None, id="ru-digits"),
    pytest.param("ru", "Мо\u0301жно прийти без записи.", None, id="ru-stress-mark"),
])
def test_mixed_script(lang: str, text: str, minority: str | None) -> None:
    found = problems("mixed-script", one_cue(text), lang)
    if minority is None:
        assert found == []
    else:
        assert [(p.cue, p.line, p.severity) for p in found] == [(1, 3, E)]
        assert minority in found[0].message


def test_mixed_script_reports_each_word_on_its_line() -> None:
    text = f"Сегодня они есть\nв{LAT_O} всех р{LAT_A}йонах."
    found = problems("mixed-script", one_cue(text), "ru")
    assert [(p.cue, p.line) for p in found] == [(1, 4), (1, 4)]


# --- rtl-punctuation --------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "lines"), [
    pytest.param("ar", "كيف حالك?", [3], id="ar-question-mark"),
    pytest.param("ar", "كيف حالك؟", [], id="ar-arabic-question-mark"),
    pytest.param("ar", "هورده, هومبروخ", [3], id="ar-comma"),
    pytest.param("ar", "هورده، هومبروخ", [], id="ar-arabic-comma"),
    pytest.param("ar", "نعم; لا", [3], id="ar-semicolon"),
    pytest.param("ar", "المدة 1,5 ساعة", [], id="ar-decimal-comma"),
    pytest.param("ar", "أكثر من 1,500 زيارة", [], id="ar-thousands-comma"),
    pytest.param("ar", "زوروا dortmund.de/a?b", [], id="ar-url-with-query"),
    pytest.param("ar", "الموقع: www.dortmund.de/seniorenbueros", [], id="ar-www"),
    pytest.param("ar", "كم عمرك؟ 16?", [3], id="ar-question-after-digits"),
    pytest.param("ar", "بدأ كل شيء\nبمشروع تجريبي?", [4], id="ar-second-line"),
    pytest.param("fa", "حال شما چطور است?", [3], id="fa-question-mark"),
    pytest.param("de", "Wie geht es Ihnen? Gut, danke; und Ihnen?", [], id="de-not-applied"),
    pytest.param("he", "מה שלומך?", [], id="he-not-applied"),
])
def test_rtl_punctuation(lang: str, text: str, lines: list[int]) -> None:
    found = problems("rtl-punctuation", one_cue(text), lang)
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, W) for n in lines]


# --- rtl-direction ----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "lines"), [
    pytest.param("ar", "Birgit Hansmann من مكتب كبار السن", [3], id="ar-latin-name-first"),
    pytest.param("ar", RLM + "Birgit Hansmann من مكتب كبار السن", [], id="ar-rlm-first"),
    pytest.param("ar", "2020 بدأ المشروع", [], id="ar-digits-then-arabic"),
    pytest.param("ar", "بدأت Birgit Hansmann العمل", [], id="ar-latin-in-middle"),
    pytest.param("ar", "16 Birgit Hansmann تتحدث", [3], id="ar-digits-then-latin"),
    pytest.param("ar", "(Birgit Hansmann) من مكتب كبار السن", [3], id="ar-bracket-then-latin"),
    pytest.param("ar", "<i>Birgit Hansmann</i> من مكتب كبار السن", [3], id="ar-italic-latin"),
    pytest.param("ar", "\u2068Birgit Hansmann\u2069 من مكتب كبار السن", [],
                 id="ar-latin-in-isolate"),
    pytest.param("ar", "من مكتب كبار السن\nBirgit Hansmann تتحدث", [4], id="ar-second-line"),
    pytest.param("ar", "www.dortmund.de/seniorenbueros\n" + RLM + "www.dortmund.de", [3],
                 id="ar-url-lines"),
    pytest.param("he", "Dortmund היא עיר", [3], id="he-latin-first"),
    pytest.param("el", "Dortmund: Γραφεία ηλικιωμένων", [], id="el-not-applied"),
    pytest.param("de", "Birgit Hansmann aus Hörde", [], id="de-not-applied"),
])
def test_rtl_direction(lang: str, text: str, lines: list[int]) -> None:
    found = problems("rtl-direction", one_cue(text), lang)
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, W) for n in lines]


def test_text_rule_severities_match_the_catalogue() -> None:
    assert {rule: BY_ID[rule].severity for rule in (
        "line-length", "max-lines", "empty-cue", "whitespace", "control-chars", "unbalanced",
        "markup", "legacy-diacritics", "mixed-script", "rtl-punctuation", "rtl-direction")} == {
        "line-length": E, "max-lines": E, "empty-cue": E, "whitespace": W, "control-chars": E,
        "unbalanced": W, "markup": W, "legacy-diacritics": E, "mixed-script": E,
        "rtl-punctuation": W, "rtl-direction": W}


# --- foreign-script ----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "lines"), [
    pytest.param("ar", "Please check this line with the client", [3], id="ar-translator-note"),
    pytest.param("ar", "من مكتب كبار السن\nTODO: translate", [4], id="ar-second-line"),
    pytest.param("ar", "مكتب Hörde للمسنين", [], id="ar-name-inside-arabic"),
    pytest.param("ar", "www.dortmund.de/seniorenbueros", [], id="ar-web-address"),
    pytest.param("ar", "16", [], id="ar-digits-only"),
    pytest.param("ru", "Сначала был пилотный проект.", [], id="ru-cyrillic"),
    pytest.param("ru", "It all started with a pilot project.", [3], id="ru-english-line"),
    pytest.param("uk", "[Music]", [3], id="uk-untranslated-label"),
    pytest.param("bg", "Seniorenbüro Eving", [3], id="bg-untranslated-name-without-glossary"),
    pytest.param("el", "Όλα ξεκίνησαν με ένα πιλοτικό έργο.", [], id="el-greek"),
    pytest.param("el", "All started with a pilot project.", [3], id="el-english-line"),
    pytest.param("de", "Please check this line", [], id="de-latin-track-not-applied"),
    pytest.param("tr", "Please check this line", [], id="tr-latin-track-not-applied"),
])
def test_foreign_script(lang: str, text: str, lines: list[int]) -> None:
    found = problems("foreign-script", one_cue(text), lang)
    assert [(p.cue, p.line, p.severity) for p in found] == [(1, n, E) for n in lines]


def test_foreign_script_allows_do_not_translate_names() -> None:
    from subtool.project.store import read_glossary  # noqa: PLC0415

    glossary = read_glossary(ROOT / "glossary" / "terms.csv", source="de")
    names = [e for e in glossary.entries if e.status == "do-not-translate"]
    name = next(f for e in names for f in e.forms("de") if " " in f)  # e.g. a full name
    for text, expected in ((name, []), (f"{name} says hello", [3])):
        found = check_track("ar.srt", one_cue(text), lang="ar", settings=Settings(),
                            options=Options(select=frozenset({"foreign-script"})),
                            glossary=glossary)
        assert [p.line for p in found] == expected, (text, found)


def test_no_right_to_left_mark_for_a_foreign_line() -> None:
    from subtool.render.export import srt_text  # noqa: PLC0415

    track = cues_of("Please check this line with the client", "Birgit تتحدث")
    lines = srt_text(track, "ar").split("\n")
    assert "Please check this line with the client" in lines  # no RLM in front
    assert RLM + "Birgit تتحدث" in lines
    # rtl-direction reports the line that needs the mark, not the foreign one.
    assert [p.cue for p in problems("rtl-direction", track, "ar")] == [2]

