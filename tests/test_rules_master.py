"""Table tests for the rules that compare a translation with the German master: cue-parity,
missing-translation, untranslated and numbers.

Tracks are SRT text parsed for real. With one text line per cue, translated cue ``n`` has its
timing line on line ``4n - 2`` (an empty cue has no text line, which shifts later cues).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from helpers import srt_track

from subtool.config import Options, Settings
from subtool.core.model import Problem, Severity
from subtool.engine.check import check_track
from subtool.rules import BY_ID

Spec = tuple[int, int, str]  # (start_ms, end_ms, text)
W = Severity.WARNING
E = Severity.ERROR
RLM = "\u200f"








def problems(rule: str, master: Sequence[Spec], translation: Sequence[Spec],
             lang: str) -> list[Problem]:
    """Run one rule on ``translation`` against a German master, as ``subtool check`` does."""
    found = check_track(f"{lang}.srt", srt_track(translation), lang=lang, settings=Settings(),
                        options=Options(select=frozenset({rule})), master=srt_track(master),
                        master_lang="de")
    assert {p.rule for p in found} <= {rule}
    return list(found)


def located(found: Sequence[Problem]) -> list[tuple[int | None, int | None, Severity]]:
    return [(p.cue, p.line, p.severity) for p in found]


def retimed(cues: Sequence[Spec], shift: int) -> list[Spec]:
    return [(start + shift, end + shift, text) for start, end, text in cues]


def single(text: str) -> list[Spec]:
    return [(4880, 11_000, text)]


# The opening of the film; a pause between 0:25.200 and 0:31.560.
DE: list[Spec] = [
    (2000, 4800, "[Musik]"),
    (4880, 11_000, "(Sprecherin) Seit über 16 Jahren gibt es die Dortmunder Seniorenbüros."),
    (11_080, 14_960, "Angefangen hat alles mit einem Modellprojekt."),
    (15_040, 19_120, "Heute gibt es sie in allen zwölf Stadtbezirken:"),
    (19_200, 25_200, "Innenstadt-West, Innenstadt-Nord, Innenstadt-Ost, Eving."),
    (31_560, 35_560, "Sie beraten Senior:innen und ihre Angehörigen."),
]
EN: list[Spec] = [
    (2000, 4800, "[Music]"),
    (4880, 11_000, "(Narrator) For more than 16 years, Dortmund has had Seniors’ Offices."),
    (11_080, 14_960, "It all started with a pilot project."),
    (15_040, 19_120, "Today they cover all twelve city districts:"),
    (19_200, 25_200, "Innenstadt-West, Innenstadt-Nord, Innenstadt-Ost, Eving."),
    (31_560, 35_560, "They advise older people and their families."),
]
EXTRA: Spec = (26_000, 30_000, "Thank you for watching!")


# --- cue-parity -------------------------------------------------------------------------

@pytest.mark.parametrize(("translation", "in_translation", "master_cues"), [
    pytest.param(EN, [], [], id="complete"),
    pytest.param(retimed(EN, 40), [], [], id="retimed-plus-40ms"),
    pytest.param(retimed(EN, -40), [], [], id="retimed-minus-40ms"),
    pytest.param(retimed(EN, 1000), [], [], id="retimed-plus-1s"),
    pytest.param(EN[:2] + EN[3:], [], [3], id="cue-3-removed"),
    pytest.param(EN[:1] + EN[2:], [], [2], id="cue-2-removed"),
    pytest.param(EN[:2] + EN[4:], [], [3, 4], id="cues-3-and-4-removed"),
    pytest.param(EN[:5], [], [6], id="last-removed"),
    pytest.param([*EN[:5], EXTRA, EN[5]], [(6, 22)], [], id="extra-cue-in-pause"),
    pytest.param([*EN, (40_000, 42_000, "The end.")], [(7, 26)], [], id="extra-cue-after-end"),
    pytest.param([(26_000, 30_000, "Hello!")], [(1, 2)], [1, 2, 3, 4, 5, 6], id="nothing-aligns"),
    pytest.param([*EN[:2], (11_080, 13_000, "It all started"), (13_080, 14_960,
                  "with a pilot project."), *EN[3:]], [], [], id="cue-3-split-in-two"),
    pytest.param([*EN[:2], (11_080, 19_120, "It started as a pilot; today: all districts."),
                  *EN[4:]], [], [], id="cues-3-and-4-merged"),
])
def test_cue_parity(translation: list[Spec], in_translation: list[tuple[int, int]],
                    master_cues: list[int]) -> None:
    found = problems("cue-parity", DE, translation, "en")
    assert all(p.severity is E for p in found)
    # Problems in the translation are located at its cue; master cues have no place in it.
    assert [(p.cue, p.line) for p in found if p.cue is not None] == in_translation
    missing = [p for p in found if p.cue is None]
    assert all(p.line is None for p in missing)
    assert len(missing) == len(master_cues)
    for p, m in zip(missing, master_cues, strict=True):
        assert f"master cue {m} " in p.message


def test_cue_parity_removed_cue_does_not_shift_later_cues() -> None:
    found = problems("cue-parity", DE, EN[:2] + EN[3:], "en")
    assert len(found) == 1
    assert found[0].cue is None
    assert "master cue 3 (0:11.080–0:14.960" in found[0].message
    assert "Angefangen hat alles" in found[0].message


def test_cue_parity_extra_cue_names_its_time() -> None:
    found = problems("cue-parity", DE, [*EN[:5], EXTRA, EN[5]], "en")
    assert len(found) == 1
    assert "no master cue at 0:26.000–0:30.000" in found[0].message


# --- missing-translation ----------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "missing"), [
    pytest.param("en", "", True, id="en-empty"),
    pytest.param("en", "<i></i>", True, id="en-only-tags"),
    pytest.param("en", "{\\an8}", True, id="en-only-ass-override"),
    pytest.param("ar", RLM, True, id="ar-only-rlm"),
    pytest.param("tr", "", True, id="tr-empty"),
    pytest.param("en", EN[1][2], False, id="en-translated"),
    pytest.param("en", "…", False, id="en-ellipsis"),
    pytest.param("ar", RLM + "(الراوية) منذ أكثر من 16 عاما", False, id="ar-translated"),
])
def test_missing_translation(lang: str, text: str, missing: bool) -> None:
    translation = [EN[0], (EN[1][0], EN[1][1], text), *EN[2:]]
    found = problems("missing-translation", DE, translation, lang)
    assert located(found) == ([(2, 6, E)] if missing else [])
    if missing:
        assert "Seit über 16 Jahren" in found[0].message


@pytest.mark.parametrize(("master", "translation", "lang"), [
    pytest.param(DE, [DE[0], (4880, 11_000, ""), *DE[2:]], "de", id="same-language-as-master"),
    pytest.param([*DE[:1], (4880, 11_000, "<i></i>"), *DE[2:]],
                 [EN[0], (4880, 11_000, ""), *EN[2:]], "en", id="master-cue-empty-too"),
    pytest.param(DE, [*EN[:5], (26_000, 30_000, ""), EN[5]], "en", id="empty-cue-without-master"),
])
def test_missing_translation_not_reported(master: list[Spec], translation: list[Spec],
                                          lang: str) -> None:
    assert problems("missing-translation", master, translation, lang) == []


# --- untranslated -----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "master", "text", "reported"), [
    pytest.param("en", "Angefangen hat alles mit einem Modellprojekt.",
                 "Angefangen hat alles mit einem Modellprojekt.", True, id="en-copied"),
    pytest.param("en", "Angefangen hat alles mit einem Modellprojekt.",
                 "It all started with a pilot project.", False, id="en-translated"),
    pytest.param("en", "Angefangen hat alles mit einem Modellprojekt.",
                 "<i>Angefangen hat alles\nmit einem  Modellprojekt.</i>", True,
                 id="en-copied-with-markup-and-spacing"),
    pytest.param("en", "Für Sie in Ihrem Stadtbezirk!", "FÜR SIE IN IHREM STADTBEZIRK!", True,
                 id="en-copied-in-capitals"),
    pytest.param("en", "Sie beraten Senior:innen und ihre Angehörigen.",
                 "sie beraten senior:innen und ihre angehörigen.", True, id="en-copied-lower-case"),
    pytest.param("pl", "Danke!", "Danke!", True, id="pl-exclamation-is-not-a-name"),
    pytest.param("it", "Wie geht es Ihnen?", "Wie geht es Ihnen?", True, id="it-question"),
    pytest.param("en", "Birgit Hansmann", "Birgit Hansmann", False, id="en-name"),
    pytest.param("el", "Birgit Hansmann", "Birgit Hansmann", False, id="el-name"),
    pytest.param("ru", "Hörde, Hombruch", "Hörde, Hombruch", False, id="ru-district-list"),
    pytest.param("en", "Innenstadt-West, Innenstadt-Nord, Innenstadt-Ost, Eving.",
                 "Innenstadt-West, Innenstadt-Nord, Innenstadt-Ost, Eving.", False,
                 id="en-districts-with-hyphens"),
    pytest.param("ar", "www.dortmund.de/seniorenbueros", "www.dortmund.de/seniorenbueros", False,
                 id="ar-web-address"),
    pytest.param("uk", "0231 50-0", "0231 50-0", False, id="uk-phone-number"),
    pytest.param("tr", "Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk!",
                 "DORTMUNDER SENİORENBÜROS. FÜR SİE İN İHREM STADTBEZİRK!", True,
                 id="tr-capitals-from-turkish-keyboard"),
    pytest.param("tr", "Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk!",
                 "Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk!", True,
                 id="tr-copied-with-capital-I"),
    pytest.param("tr", "Angefangen hat alles mit einem Modellprojekt.",
                 "Angefangen hat alles mit einem Modellprojekt.", True, id="tr-copied"),
    pytest.param("tr", "Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk!",
                 "Dortmund Yaşlı Danışma Büroları. Semtinizde sizin için!", False,
                 id="tr-translated"),
    pytest.param("de", "Angefangen hat alles mit einem Modellprojekt.",
                 "Angefangen hat alles mit einem Modellprojekt.", False, id="de-is-the-master"),
])
def test_untranslated(lang: str, master: str, text: str, reported: bool) -> None:
    found = problems("untranslated", [DE[0], *single(master)],
                     [EN[0], *single(text)], lang)
    assert located(found) == ([(2, 6, W)] if reported else [])


# --- numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "master", "text", "missing"), [
    pytest.param("en", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "For 16 years there have been Seniors’ Offices.", [], id="en-16"),
    pytest.param("en", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "For sixteen years there have been Seniors’ Offices.", ["16"], id="en-sixteen"),
    pytest.param("en", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "For 17 years there have been Seniors’ Offices.", ["16"], id="en-wrong-number"),
    pytest.param("ar", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "منذ ١٦ عاما توجد مكاتب كبار السن.", [], id="ar-arabic-indic-digits"),
    pytest.param("ar", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "منذ ۱۶ عاما توجد مكاتب كبار السن.", [], id="ar-eastern-arabic-indic-digits"),
    pytest.param("ar", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "منذ 16 عاما توجد مكاتب كبار السن.", [], id="ar-western-digits"),
    pytest.param("ar", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "منذ ١٧ عاما توجد مكاتب كبار السن.", ["16"], id="ar-wrong-arabic-indic"),
    pytest.param("en", "Über 1.500 Beratungen im Jahr.", "Over 1,500 consultations a year.", [],
                 id="en-1,500"),
    pytest.param("pl", "Über 1.500 Beratungen im Jahr.", "Ponad 1 500 porad rocznie.", [],
                 id="pl-1-space-500"),
    pytest.param("pl", "Über 1.500 Beratungen im Jahr.", "Ponad 1\u00a0500 porad rocznie.", [],
                 id="pl-1-nbsp-500"),
    pytest.param("it", "Über 1.500 Beratungen im Jahr.", "Oltre 1500 consulenze l’anno.", [],
                 id="it-1500"),
    pytest.param("ar", "Über 1.500 Beratungen im Jahr.", "أكثر من ١٬٥٠٠ استشارة سنويا.", [],
                 id="ar-arabic-thousands-separator"),
    pytest.param("en", "Über 1.500 Beratungen im Jahr.", "Over 1,000 consultations a year.",
                 ["1500"], id="en-wrong-thousands"),
    pytest.param("en", "Die Beratung dauert 1,5 Stunden.", "A consultation takes 1.5 hours.", [],
                 id="en-decimal-point"),
    pytest.param("en", "Heute gibt es sie in allen zwölf Stadtbezirken.",
                 "Today they cover all 12 city districts.", [], id="en-master-number-in-words"),
    pytest.param("ro", "Seit 2004, also seit 16 Jahren.", "Din 2004.", ["16"], id="ro-one-of-two"),
    pytest.param("bg", "Seit 2004, also seit 16 Jahren.", "От 16 години, от 2004 г.", [],
                 id="bg-reordered"),
    pytest.param("de", "Seit 16 Jahren gibt es die Seniorenbüros.",
                 "Seit sechzehn Jahren gibt es die Seniorenbüros.", [], id="de-is-the-master"),
])
def test_numbers(lang: str, master: str, text: str, missing: list[str]) -> None:
    found = problems("numbers", [DE[0], *single(master)],
                     [EN[0], *single(text)], lang)
    assert located(found) == [(2, 6, W)] * len(missing)
    for p, number in zip(found, missing, strict=True):
        assert f"the number {number}," in p.message


@pytest.mark.parametrize(("translation", "expected"), [
    pytest.param([(2000, 4800, "[Music]"), (4880, 11_000, "For more than"),
                  (11_080, 14_960, "16 years, it all started.")], [], id="moved-to-next-cue"),
    pytest.param([(2000, 4800, "16 years: [Music]"), (4880, 11_000, "For more than years"),
                  (11_080, 14_960, "it all started.")], [], id="moved-to-previous-cue"),
    pytest.param([(2000, 4800, "[Music]"), (4880, 11_000, "For more than years"),
                  (11_080, 14_960, "it all started."), (15_040, 19_120, "16.")], [(2, 6)],
                 id="two-cues-away"),
])
def test_numbers_may_move_one_cue(translation: list[Spec], expected: list[tuple[int, int]]
                                  ) -> None:
    master = [(2000, 4800, "[Musik]"), (4880, 11_000, "Seit über 16 Jahren"),
              (11_080, 14_960, "hat alles angefangen."), (15_040, 19_120, "Heute.")]
    found = problems("numbers", master, translation, "en")
    assert [(p.cue, p.line) for p in found] == expected


def test_master_rule_catalogue() -> None:
    rules = ("cue-parity", "missing-translation", "untranslated", "numbers")
    assert {r: (BY_ID[r].severity, BY_ID[r].needs_master) for r in rules} == {
        "cue-parity": (E, True), "missing-translation": (E, True), "untranslated": (W, True),
        "numbers": (W, True)}

