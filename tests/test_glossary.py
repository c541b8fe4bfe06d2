"""The glossary: file errors, language-aware matching with inflection, rules and commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_subtool as run

from subtool.config import Options, Settings
from subtool.core.errors import GlossaryError
from subtool.engine.check import check_track
from subtool.formats import srt
from subtool.terms.csvfile import parse_csv, to_csv
from subtool.terms.match import Matcher
from subtool.terms.style import apply_house_style, house_style

ROOT = Path(__file__).resolve().parent.parent


def matches(lang: str, form: str, text: str, compound: bool = False) -> bool:
    return bool(Matcher(lang, [(0, f) for f in form.split(" | ")],
                        {0} if compound else set()).find(text))


@pytest.mark.parametrize(("lang", "form", "text", "expected"), [
    # German: inflection, genitive apostrophe, compounds only when the glossary says so
    ("de", "Seniorenbüro", "Die Dortmunder Seniorenbüros beraten.", True),
    ("de", "Seniorenbüro", "Das Angebot des Seniorenbüros’ ist gut.", True),
    ("de", "Seniorenbüro", "Das Seniorenbüro-Team hilft.", True),
    ("de", "Angehörige", "für pflegende Angehörigen", True),
    ("de", "Stadtbezirk", "in allen zwölf Stadtbezirken", True),
    ("de", "Deutsches Rotes Kreuz", "das Deutsches Rotes\nKreuz", True),
    ("de", "Heim", "meine Heimat", False),                       # false friend
    ("de", "Rat", "im Rathaus", False),
    ("de", "Pflege", "in die Tagespflege", False),
    ("de", "Pflege", "in die Tagespflege", True),                 # with compound = yes (below)
    ("de", "Straße", "STRASSE", True),                            # ß casefolds to ss
    # Turkish: suffixes, apostrophe, dotted capital İ
    ("tr", "danışma bürosu", "Yaşlı danışma bürosuna gelin", True),
    ("tr", "ilçe", "İLÇEDE", True),
    ("tr", "Dortmund", "Dortmund'da yaşıyorum", True),
    ("tr", "ilçe", "ilçeler", True),
    ("tr", "ilçe", "kilçe", False),
    # Arabic: article and attached particles, harakat ignored
    ("ar", "مكتب كبار السن", "ذهبت إلى لمكتب كبار السن اليوم", True),
    ("ar", "مكتب كبار السن", "والمكتب كبار السن", True),
    ("ar", "مكتب", "مَكْتَبٌ جديد", True),
    ("ar", "متطوعون", "المتطوعون يساعدون", True),
    ("ar", "مكتب", "مكتبة المدينة", True),   # ة is a listed ending: documented limit
    ("ar", "زيارة منزلية", "زيارات كثيرة", False),
    # Polish: case forms by stem
    ("pl", "biur~ seniora", "w biurze seniora", True),
    ("pl", "dzielnica", "w dzielnicy", True),                     # ending replaced
    ("pl", "dzielnic~", "w dzielnicy", True),
    ("pl", "wolontariusz", "wolontariuszami", True),
    ("pl", "dom", "domofon", False),
    ("pl", "wolontariusz", "wolontariusze", True),
    # Romanian: article suffixes, cedilla tolerated
    ("ro", "birou pentru seniori", "Biroul pentru seniori din Hörde", True),
    ("ro", "serviciu social", "serviciului social", True),
    ("ro", "asistență", "asistenţă medicală", True),
    # Bulgarian: definite article suffixes
    ("bg", "социална служба", "социалната служба помага", True),
    ("bg", "район", "районът", True),
    # Ukrainian and Russian: case endings
    ("uk", "соціальн~ служб~", "разом із соціальною службою", True),
    ("uk", "район", "у районах міста", True),
    ("ru", "район", "во всех районах", True),
    ("ru", "район", "районный центр", False),                     # false friend
    ("ru", "волонтёр", "ВОЛОНТЁРАМ", True),
    # Italian: elision and plural
    ("it", "Ufficio Anziani", "dell’Ufficio Anziani di Eving", True),
    ("it", "volontario | volontari", "i volontari", True),
    ("it", "visita a domicilio", "visite a domicilio", True),
    ("it", "visita", "visitatore", False),
    ("it", "visit~ a domicilio", "visite a domicilio", True),
    # Greek: accents ignored (capitals drop them), final sigma, inflection
    ("el", "γραφείο ηλικιωμένων", "ΓΡΑΦΕΙΟ ΗΛΙΚΙΩΜΕΝΩΝ", True),
    ("el", "γραφείο ηλικιωμένων", "στα γραφεία ηλικιωμένων", True),
    ("el", "εθελοντής", "οι εθελοντές", True),
    ("el", "συγγενής", "συγγενείς", True),
    ("el", "γραφείο", "γραφειοκρατία", False),
    # English: either apostrophe
    ("en", "Seniors’ Office", "the Seniors' Offices in Dortmund", True),
    ("en", "home visit", "Home visits are free.", True),
    ("en", "care", "careful", False),
], ids=lambda v: str(v)[:24])
def test_matching(lang: str, form: str, text: str, expected: bool, request: pytest.FixtureRequest
                  ) -> None:
    compound = "Tagespflege" in text and request.node.callspec.indices["expected"] == 9
    assert matches(lang, form, text, compound=compound) is expected


def test_compound_matching_is_opt_in() -> None:
    assert matches("de", "Pflege", "Tagespflege", compound=True)
    assert not matches("de", "Pflege", "Tagespflege", compound=False)


HEADER = "id,status,de,en,use,compound,note\n"


@pytest.mark.parametrize(("body", "row", "column", "needle"), [
    ("x,aproved,Büro,office,,,\n", 2, "status", "approved, do-not-translate"),
    ("Büro,approved,Büro,office,,,\n", 2, "id", "lower-case"),
    ("a,approved,A,a,,,\na,approved,B,b,,,\n", 3, "id", "row 2"),
    ("a,approved,,a,,,\n", 2, "de", "empty"),
    ("a,forbidden,Altenheim,,,,\n", 2, "use", "instead"),
    ("a,approved,A,a,,maybe,\n", 2, "compound", "yes, no"),
    ("a,approved,A,a,,\n", 2, None, "comma inside a cell"),
], ids=["status", "id", "duplicate", "empty", "use", "compound", "cells"])
def test_malformed_rows_name_row_and_column(body: str, row: int, column: str | None,
                                            needle: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_csv(HEADER + body, path="terms.csv")
    assert info.value.row == row
    assert info.value.column == column
    assert needle in str(info.value)
    assert str(info.value).startswith(f"terms.csv:{row}: row {row}")


def test_unknown_column_and_missing_source() -> None:
    with pytest.raises(GlossaryError, match="unknown column 'english'"):
        parse_csv("id,status,de,english\n")
    with pytest.raises(GlossaryError, match="no 'de' column"):
        parse_csv("id,status,en\n")


def test_shipped_glossary_round_trips_through_csv() -> None:
    text = (ROOT / "glossary" / "terms.csv").read_text(encoding="utf-8")
    glossary = parse_csv(text)
    assert len(glossary.entries) >= 30
    assert glossary.languages == ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")
    assert to_csv(glossary) == text


GENDER = parse_csv("id,status,de,use\nseniors,approved,Senior:innen,\n"
                   "staff,approved,Mitarbeiter:innen,\nold,variant,Altenhilfe,Seniorenhilfe\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("für Senior*innen", "für Senior:innen"),
    ("für SeniorInnen", "für Senior:innen"),
    ("für Senior_innen und Mitarbeiter/innen", "für Senior:innen und Mitarbeiter:innen"),
    ("allen Mitarbeiter·innen", "allen Mitarbeiter:innen"),
    ("FÜR SENIOR*INNEN", "FÜR SENIOR:INNEN"),
    ("für Seniorinnen", "für Seniorinnen"),          # a real word (female seniors): untouched
    ("für Senior:innen", "für Senior:innen"),
    ("die Altenhilfe", "die Seniorenhilfe"),
])
def test_house_style(text: str, expected: str) -> None:
    assert apply_house_style(text, house_style(GENDER)) == expected


def _problems(text: str, lang: str, master: str | None = None, glossary_csv: str = "",
              ) -> list[tuple[str, int | None, str]]:
    glossary = parse_csv(glossary_csv) if glossary_csv else parse_csv(
        (ROOT / "glossary" / "terms.csv").read_text(encoding="utf-8"))
    track = srt.parse(text)
    master_track = srt.parse(master) if master else None
    found = check_track("x.srt", track, lang=lang, settings=Settings(root=ROOT),
                        options=Options(select=frozenset({"glossary-term", "do-not-translate",
                                                          "forbidden-term", "house-style"})),
                        master=master_track, master_lang="de", glossary=glossary)
    return [(p.rule, p.cue, p.severity.value) for p in found]


def _srt(*texts: str) -> str:
    return "\n".join(f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{t}\n"
                     for i, t in enumerate(texts))


MASTER = _srt("Willkommen im Seniorenbüro.", "Wir sind in Hörde.", "Danke.")


@pytest.mark.parametrize(("lang", "texts", "expected"), [
    ("en", ("Welcome to the Seniors’ Office.", "We are in Hörde.", "Thanks."), []),
    ("en", ("Welcome to the advice office.", "We are in Hörde.", "Thanks."),
     [("glossary-term", 1, "warning")]),
    ("en", ("Welcome!", "The Seniors’ Office is in Hörde.", "Thanks."), []),   # next cue
    ("en", ("Welcome to the Seniors’ Office.", "We are in the south.", "Thanks."),
     [("do-not-translate", 2, "error")]),
    ("ru", ("Добро пожаловать в бюро для пожилых.", "Мы в Хёрде.", "Спасибо."), []),
    ("ru", ("Добро пожаловать в бюро для пожилых.", "Мы в Hörde.", "Спасибо."), []),
    ("ar", ("مرحبا بكم في مكتب كبار السن.", "نحن في هورده.", "شكرا."), []),
    ("tr", ("Yaşlı danışma bürosuna hoş geldiniz.", "Hörde'deyiz.", "Teşekkürler."), []),
], ids=["ok", "missing-term", "neighbour", "lost-name", "ru", "ru-latin-name", "ar", "tr"])
def test_translation_rules(lang: str, texts: tuple[str, ...],
                           expected: list[tuple[str, int, str]]) -> None:
    assert _problems(_srt(*texts), lang, MASTER) == expected


def test_forbidden_term_in_master_and_translation() -> None:
    master = _srt("Das ist kein Altenheim.", "Wir sind in Hörde.", "Danke.")
    assert _problems(master, "de") == [("forbidden-term", 1, "error")]
    csv = ("id,status,de,ru,use\nold,forbidden,Altenheim,дом престарелых,Seniorenheim\n")
    ru = _srt("Это не дом престарелых.", "Мы в Хёрде.", "Спасибо.")
    assert _problems(ru, "ru", master, csv) == [("forbidden-term", 1, "error")]


def test_house_style_rule_on_master_only() -> None:
    master = _srt("Für Senior*innen.", "Mit Mitarbeiter_innen.", "Danke.")
    assert _problems(master, "de") == [("house-style", 1, "warning"), ("house-style", 2, "warning")]
    assert _problems(_srt("For Senior*innen."), "en") == []




@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "de.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nDas Seniorenbüro berät Senior*innen.\n\n"
        "2\n00:00:04,080 --> 00:00:08,000\nUnd ihre Angehörigen in Hörde.\n", encoding="utf-8")
    (tmp_path / "subs" / "en.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nThe advice office helps older people.\n\n"
        "2\n00:00:04,080 --> 00:00:08,000\nAnd their relatives in Hörde.\n", encoding="utf-8")
    (tmp_path / "terms.csv").write_bytes((ROOT / "glossary" / "terms.csv").read_bytes())
    (tmp_path / "subtool.toml").write_text(
        'title = "T"\nslug = "t"\nmaster = "subs/de.srt"\nlanguages = ["en"]\n'
        'tracks = "subs/{lang}.srt"\nglossary = "terms.csv"\n', encoding="utf-8")
    return tmp_path


def test_glossary_apply_dry_run_then_write(project: Path) -> None:
    before = (project / "subs" / "de.srt").read_bytes()
    dry = run("glossary", "apply", cwd=project)
    assert dry.returncode == 1
    assert "-Das Seniorenbüro berät Senior*innen." in dry.stdout
    assert "+Das Seniorenbüro berät Senior:innen." in dry.stdout
    assert (project / "subs" / "de.srt").read_bytes() == before
    done = run("glossary", "apply", "--write", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "subs" / "de.srt.bak").read_bytes() == before
    after = (project / "subs" / "de.srt").read_text(encoding="utf-8")
    assert after == before.decode("utf-8").replace("Senior*innen", "Senior:innen")
    assert run("glossary", "apply", cwd=project).returncode == 0


def test_glossary_apply_refuses_a_broken_file(project: Path) -> None:
    path = project / "subs" / "de.srt"
    path.write_text("1\n00:00:01,000 -> 00:00:04,000\nSenior*innen\n", encoding="utf-8")
    result = run("glossary", "apply", "--write", cwd=project)
    assert result.returncode == 1
    assert "not changed" in result.stderr
    assert "Senior*innen" in path.read_text(encoding="utf-8")


def test_glossary_check_matrix(project: Path) -> None:
    result = run("glossary", "check", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["term", "cues", "en"]
    assert any(line.split()[:3] == ["Seniorenbüro", "1", "✗1"] for line in lines)
    assert any(line.split()[:3] == ["Hörde", "1", "✓"] for line in lines)
    assert "Seniorenbüro (en): cues 1" in result.stdout


def test_check_with_glossary_outside_a_project(tmp_path: Path) -> None:
    (tmp_path / "film.de.srt").write_text(_srt("Das ist kein Altenheim."), encoding="utf-8")
    (tmp_path / "g.csv").write_text("id,status,de,use\na,forbidden,Altenheim,Seniorenheim\n",
                                    encoding="utf-8")
    result = run("check", "--glossary", "g.csv", "film.de.srt", cwd=tmp_path)
    assert result.returncode == 1
    assert "[forbidden-term] error: uses the forbidden term 'Altenheim': use 'Seniorenheim'" \
        in result.stdout
    (tmp_path / "bad.csv").write_text("id,status,de\nx,maybe,Y\n", encoding="utf-8")
    bad = run("check", "--glossary", "bad.csv", "film.de.srt", cwd=tmp_path)
    assert bad.returncode == 2
    assert "bad.csv:2: row 2, column 'status'" in bad.stderr


def test_build_exports_master_in_house_style_and_reports_terms(project: Path) -> None:
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stdout
    exported = (project / "dist" / "t.de.srt").read_text(encoding="utf-8")
    assert "Senior:innen" in exported
    assert "Senior*innen" in (project / "subs" / "de.srt").read_text(encoding="utf-8")
    report = (project / "dist" / "report.md").read_text(encoding="utf-8")
    assert "## Fixed in the exported files" in report
    assert "- de: house-style: cue 1" in report
    assert "| Seniorenbüro | 1 | ✗1 |" in report


def test_the_film_complies_with_its_glossary() -> None:
    result = run("check", "--select", "glossary-term,do-not-translate,forbidden-term,house-style",
                 cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings in 12 files" in result.stdout
