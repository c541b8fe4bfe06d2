"""TBX export and import of the glossary: round trips, CAT-tool files, errors, safety."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtool.core.errors import GlossaryError
from subtool.project.store import read_glossary
from subtool.terms.csvfile import parse_csv, to_csv
from subtool.terms.glossary import STATUSES, Entry, Glossary
from subtool.terms.tbx import TBX_NAMESPACE, parse_tbx, to_tbx

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "glossary" / "terms.csv"
NS = {"t": TBX_NAMESPACE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def real_glossary() -> Glossary:
    return parse_csv(TERMS.read_text(encoding="utf-8"), path=str(TERMS))


def content(glossary: Glossary) -> list[tuple[Any, ...]]:
    """Everything a glossary row says (``row``, the file line, aside)."""
    return [(e.id, e.status, {lang: e.forms(lang) for lang in e.terms}, e.use, e.compound,
             e.note) for e in glossary.entries]


def parse_error(text: str, **kwargs: Any) -> GlossaryError:
    with pytest.raises(GlossaryError) as info:
        parse_tbx(text, **kwargs)
    return info.value


# --- the real glossary ------------------------------------------------------------------

def test_real_glossary_survives_a_round_trip() -> None:
    original = real_glossary()
    back = parse_tbx(to_tbx(original))
    assert back.languages == original.languages
    assert back.source == original.source
    assert len(back.entries) == len(original.entries)
    for before, after in zip(original.entries, back.entries, strict=True):
        assert after.id == before.id
        assert after.status == before.status
        assert after.use == before.use
        assert after.compound == before.compound
        assert after.note == before.note
        for lang in original.languages:
            assert after.forms(lang) == before.forms(lang), (before.id, lang)  # form order
    assert content(back) == content(original)
    assert to_csv(back) == to_csv(original)
    assert back.version == original.version


def test_real_glossary_uses_every_mapping() -> None:
    original = real_glossary()
    root = ET.fromstring(to_tbx(original))
    assert root.tag == f"{{{TBX_NAMESPACE}}}tbx"
    assert root.get("type") == "TBX-Basic"
    assert root.get("style") == "dca"
    assert root.get(XML_LANG) == "de"
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", NS) is not None
    concepts = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert [c.get("id") for c in concepts] == [e.id for e in original.entries]
    by_id = {c.get("id"): c for c in concepts}

    def statuses(concept_id: str, kind: str) -> set[str | None]:
        return {n.text for n in by_id[concept_id].iterfind(f".//t:termNote[@type='{kind}']", NS)}

    assert statuses("seniorenbuero", "administrativeStatus") == {"preferredTerm-admn-sts"}
    assert statuses("seniorenbuero", "partOfSpeech") == set()
    assert statuses("dortmund", "administrativeStatus") == {"preferredTerm-admn-sts"}
    assert statuses("dortmund", "partOfSpeech") == {"properNoun"}
    forbidden = by_id["old-peoples-home-forbidden"]
    assert statuses("old-peoples-home-forbidden", "administrativeStatus") == {
        "deprecatedTerm-admn-sts"}
    assert [n.text for n in forbidden.findall("t:note", NS)] == ["use: Seniorenheim"]
    definition = forbidden.findtext("t:descrip[@type='definition']", namespaces=NS) or ""
    assert definition.startswith("do not use")
    assert [n.text for n in by_id["care"].findall("t:note", NS)] == ["compound: yes"]
    # one termSec per form, in cell order; one langSec per language with forms
    office = next(e for e in original.entries if e.id == "seniorenbuero")
    tr = by_id["seniorenbuero"].find(f"t:langSec[@{XML_LANG}='tr']", NS)
    assert tr is not None
    assert [t.text for t in tr.iterfind("t:termSec/t:term", NS)] == list(office.forms("tr"))
    assert len(forbidden.findall("t:langSec", NS)) == 1


def test_output_is_deterministic_and_formatted() -> None:
    first = to_tbx(real_glossary())
    assert to_tbx(real_glossary()) == first                 # same input, same bytes
    assert to_tbx(parse_tbx(first)) == first                # and again after a round trip
    assert first.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" '
                            'style="dca" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2">\n')
    assert first.endswith("</tbx>\n")
    assert "\r" not in first and "\t" not in first
    for line in first.splitlines()[1:]:
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, line
    first.encode("utf-8")


def test_load_reads_tbx_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    path.write_text(to_tbx(real_glossary()), encoding="utf-8")
    assert content(read_glossary(path, source="de")) == content(real_glossary())


# --- statuses, ids, text ----------------------------------------------------------------

VARIANT_CSV = """id,status,de,en,use,compound,note
gender-star,variant,Senior*innen | Seniorinnen und Senioren,,Senior:innen,,house style: colon
3d-tour,approved,3D-Rundgang,3D tour | 3D tours,,yes,"line one
line two"
"""


def test_variant_and_digit_ids_round_trip() -> None:
    original = parse_csv(VARIANT_CSV)
    text = to_tbx(original)
    assert "<termNote type=\"administrativeStatus\">supersededTerm-admn-sts</termNote>" in text
    assert '<conceptEntry id="_3d-tour">' in text            # XML ids cannot start with a digit
    back = parse_tbx(text)
    assert content(back) == content(original)
    assert back.entries[1].note == "line one\nline two"
    assert back.languages == ("de", "en")


def test_xml_special_characters_are_escaped() -> None:
    entry = Entry("quotes", "forbidden", {"de": ("A & B <C>",), "en": ('"x" \'y\'',)},
                  use="C > D & E", note="<b>&amp;</b> \"q\" 'a' ]]> \r\nend")
    original = Glossary((entry,), ("de", "en"))
    text = to_tbx(original)
    ET.fromstring(text)
    assert content(parse_tbx(text)) == content(original)


def test_control_characters_are_refused_on_export() -> None:
    entry = Entry("bell", "approved", {"de": ("Glocke\x07",)}, row=4)
    with pytest.raises(GlossaryError, match=r"row 4, column 'de'.*U\+0007"):
        to_tbx(Glossary((entry,), ("de",), path="terms.csv"))


# --- files from CAT tools ---------------------------------------------------------------

MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="de-DE">
  <martifHeader>
    <fileDesc>
      <titleStmt><title>Seniorenbüros</title></titleStmt>
      <sourceDesc><p>Exported from a termbase</p></sourceDesc>
    </fileDesc>
    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="c1">
        <descrip type="subjectField">Social services</descrip>
        <langSet xml:lang="de-DE">
          <descrip type="definition">Beratungsstelle der Stadt
            für ältere Menschen</descrip>
          <tig>
            <term>Seniorenbüro</term>
            <termNote type="partOfSpeech">noun</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <termNote type="grammaticalGender">neuter</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="en-GB">
          <descrip type="definition">advice office of the city</descrip>
          <tig>
            <term>Seniors’ Office</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>Seniors’ Offices</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="tr-TR">
          <ntig>
            <termGrp>
              <term>yaşlı danışma bürosu</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            </termGrp>
            <descrip type="context">İlçenizdeki yaşlı danışma bürosu size yardımcı olur.</descrip>
          </ntig>
        </langSet>
        <langSet xml:lang="ar"><tig><term>مكتب كبار السن</term></tig></langSet>
        <langSet xml:lang="el"><tig><term>γραφείο ηλικιωμένων</term></tig></langSet>
      </termEntry>
      <termEntry>
        <langSet xml:lang="de-DE">
          <tig>
            <term>Hörde</term>
            <termNote type="partOfSpeech">properNoun</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="tr-TR"><tig><term>Hörde</term></tig></langSet>
        <langSet xml:lang="el"><tig><term>Χέρντε</term></tig></langSet>
        <langSet xml:lang="ar"><tig><term>هورده</term></tig></langSet>
      </termEntry>
      <termEntry id="c3">
        <langSet xml:lang="de-DE">
          <tig>
            <term>Seniorenheim</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>Altenheim</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="en-GB">
          <tig>
            <term>care home</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>old people's home</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </tig>
        </langSet>
      </termEntry>
      <termEntry id="c4">
        <note>use: Senior:innen</note>
        <langSet xml:lang="de-DE">
          <tig>
            <term>Senior*innen</term>
            <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
          </tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""


def test_tbx_v2_martif_from_a_cat_tool() -> None:
    glossary = parse_tbx(MARTIF, path="memoq.tbx")
    # de-DE is the master's language; other region tags stay columns of their own
    assert glossary.languages == ("de", "en-GB", "tr-TR", "ar", "el")
    assert content(glossary) == [
        ("c1", "approved",
         {"de": ("Seniorenbüro",), "en-GB": ("Seniors’ Office", "Seniors’ Offices"),
          "tr-TR": ("yaşlı danışma bürosu",), "ar": ("مكتب كبار السن",),
          "el": ("γραφείο ηλικιωμένων",)},
         "", False, "Beratungsstelle der Stadt für ältere Menschen"),
        ("hoerde", "do-not-translate",
         {"de": ("Hörde",), "tr-TR": ("Hörde",), "el": ("Χέρντε",), "ar": ("هورده",)},
         "", False, ""),
        ("c3", "approved", {"de": ("Seniorenheim",), "en-GB": ("care home",)}, "", False, ""),
        ("c3-forbidden", "forbidden", {"de": ("Altenheim",), "en-GB": ("old people's home",)},
         "Seniorenheim", False, ""),
        ("c4", "variant", {"de": ("Senior*innen",)}, "Senior:innen", False, ""),
    ]
    assert [e.row for e in glossary.entries] == [13, 48, 60, 60, 82]
    # the glossary it becomes is one the CSV format can hold
    assert content(parse_csv(to_csv(glossary))) == content(glossary)


def test_region_tags_map_to_the_projects_languages() -> None:
    glossary = parse_tbx(MARTIF, languages=("en", "tr", "ar", "el"))
    assert glossary.languages == ("de", "en", "tr", "ar", "el")
    assert glossary.entries[0].forms("tr") == ("yaşlı danışma bürosu",)


TBX_V3 = """<?xml version="1.0" encoding="utf-8"?>
<?xml-model href="TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml"
  schematypens="http://relaxng.org/ns/structure/1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2">
\t<tbxHeader>
\t\t<fileDesc>
\t\t\t<sourceDesc>
\t\t\t\t<p>TBX file, created via termbase export</p>
\t\t\t</sourceDesc>
\t\t</fileDesc>
\t</tbxHeader>
\t<text>
\t\t<body>
\t\t\t<conceptEntry id="C_0001">
\t\t\t\t<transacGrp>
\t\t\t\t\t<transac type="transactionType">origination</transac>
\t\t\t\t\t<date>2024-03-01</date>
\t\t\t\t</transacGrp>
\t\t\t\t<descrip type="subjectField">Social services</descrip>
\t\t\t\t<langSec xml:lang="de-DE">
\t\t\t\t\t<descripGrp>
\t\t\t\t\t\t<descrip type="definition">Betreuung tagsüber in einer Einrichtung;
\t\t\t\t\t\t\tabends geht es nach Hause.</descrip>
\t\t\t\t\t\t<admin type="source">Stadt Dortmund</admin>
\t\t\t\t\t</descripGrp>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>Tagespflege</term>
\t\t\t\t\t\t<termNote type="partOfSpeech">noun</termNote>
\t\t\t\t\t\t<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="en-US">
\t\t\t\t\t<descrip type="definition">care during the day in a facility</descrip>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>day care</term>
\t\t\t\t\t\t<termNoteGrp>
\t\t\t\t\t\t\t<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
\t\t\t\t\t\t\t<note>checked by the translator</note>
\t\t\t\t\t\t</termNoteGrp>
\t\t\t\t\t\t<descripGrp>
\t\t\t\t\t\t\t<descrip type="context">The day care centre opens at 8.</descrip>
\t\t\t\t\t\t</descripGrp>
\t\t\t\t\t</termSec>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>adult <hi type="italics">day</hi> care</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="tr-TR">
\t\t\t\t\t<termSec><term>gündüz bakımı</term></termSec>
\t\t\t\t\t<termSec><term>Gündüz bakımına</term></termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="ar-SA">
\t\t\t\t\t<termSec><term>الرعاية النهارية</term></termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="el-GR">
\t\t\t\t\t<termSec><term>ημερήσια φροντίδα</term></termSec>
\t\t\t\t</langSec>
\t\t\t</conceptEntry>
\t\t\t<conceptEntry id="C_0002">
\t\t\t\t<langSec xml:lang="de-DE">
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>Dortmund</term>
\t\t\t\t\t\t<termNote type="partOfSpeech">properNoun</termNote>
\t\t\t\t\t\t<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="tr-TR">
\t\t\t\t\t<termSec><term>Dortmund</term></termSec>
\t\t\t\t\t<termSec><term>Dortmund'da</term></termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="ar-SA"><termSec><term>دورتموند</term></termSec></langSec>
\t\t\t\t<langSec xml:lang="el-GR"><termSec><term>Ντόρτμουντ</term></termSec></langSec>
\t\t\t</conceptEntry>
\t\t\t<conceptEntry id="C_0003">
\t\t\t\t<descrip type="definition">care home for older people</descrip>
\t\t\t\t<langSec xml:lang="de-DE">
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>Seniorenheim</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>Altenheim</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">notRecommendedTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>Altersheim</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">obsoleteTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="tr-TR">
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>huzurevi</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>düşkünler evi</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="el-GR">
\t\t\t\t\t<termSec><term>οίκος ευγηρίας</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t</conceptEntry>
\t\t\t<conceptEntry>
\t\t\t\t<langSec xml:lang="de-DE">
\t\t\t\t\t<termSec><term>Essen auf Rädern</term></termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="ar-SA">
\t\t\t\t\t<termSec><term>توصيل الوجبات</term></termSec>
\t\t\t\t</langSec>
\t\t\t</conceptEntry>
\t\t\t<conceptEntry id="c-0001">
\t\t\t\t<langSec xml:lang="de-DE">
\t\t\t\t\t<termSec><term>Tagespflege</term></termSec>
\t\t\t\t</langSec>
\t\t\t</conceptEntry>
\t\t</body>
\t</text>
</tbx>
"""


def test_tbx_v3_from_a_cat_tool() -> None:
    glossary = parse_tbx(TBX_V3, languages=("en", "tr", "ar", "el"))
    assert glossary.languages == ("de", "en", "tr", "ar", "el")
    assert content(glossary) == [
        # C_0001 is not a glossary id; the later explicit c-0001 keeps its own
        ("c-0001-2", "approved",
         {"de": ("Tagespflege",), "en": ("day care", "adult day care"),
          "tr": ("gündüz bakımı", "Gündüz bakımına"), "ar": ("الرعاية النهارية",),
          "el": ("ημερήσια φροντίδα",)},
         "", False, "Betreuung tagsüber in einer Einrichtung; abends geht es nach Hause."),
        ("c-0002", "do-not-translate",
         {"de": ("Dortmund",), "tr": ("Dortmund", "Dortmund'da"), "ar": ("دورتموند",),
          "el": ("Ντόρτμουντ",)}, "", False, ""),
        ("c-0003", "approved", {"de": ("Seniorenheim",), "tr": ("huzurevi",)}, "", False,
         "care home for older people"),
        ("c-0003-forbidden", "forbidden", {"de": ("Altenheim",), "tr": ("düşkünler evi",)},
         "Seniorenheim", False, "care home for older people"),
        ("c-0003-variant", "variant", {"de": ("Altersheim",), "el": ("οίκος ευγηρίας",)},
         "Seniorenheim", False, "care home for older people"),
        ("essen-auf-raedern", "approved",
         {"de": ("Essen auf Rädern",), "ar": ("توصيل الوجبات",)}, "", False, ""),
        ("c-0001", "approved", {"de": ("Tagespflege",)}, "", False, ""),
    ]
    assert content(parse_csv(to_csv(glossary))) == content(glossary)


def test_dct_style_elements_count_by_their_names() -> None:
    text = """<tbx type="TBX-Basic" style="dct" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2"
        xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
      <text><body><conceptEntry id="_1">
        <basic:definition>Stadt im Ruhrgebiet</basic:definition>
        <langSec xml:lang="de"><termSec><term>Dortmund</term>
          <min:partOfSpeech>properNoun</min:partOfSpeech></termSec></langSec>
        <langSec xml:lang="el"><termSec><term>Ντόρτμουντ</term>
          <min:administrativeStatus>admittedTerm-admn-sts</min:administrativeStatus>
        </termSec></langSec>
      </conceptEntry><conceptEntry id="_abc">
        <langSec xml:lang="de"><termSec><term>Altenheim</term>
          <min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus>
        </termSec></langSec>
        <note>USE: Seniorenheim</note>
      </conceptEntry><conceptEntry id="abc"><langSec xml:lang="de"><termSec>
        <term>Heim</term></termSec></langSec></conceptEntry></body></text></tbx>"""
    assert content(parse_tbx(text)) == [
        ("1", "do-not-translate", {"de": ("Dortmund",), "el": ("Ντόρτμουντ",)}, "", False,
         "Stadt im Ruhrgebiet"),
        # "_abc" is not to_tbx's digit prefix: made into an id, it yields to the literal "abc"
        ("abc-2", "forbidden", {"de": ("Altenheim",)}, "Seniorenheim", False, ""),
        ("abc", "approved", {"de": ("Heim",)}, "", False, ""),
    ]


def test_without_namespace_and_with_crlf() -> None:
    text = to_tbx(real_glossary()).replace(f' xmlns="{TBX_NAMESPACE}"', "")
    assert content(parse_tbx(text.replace("\n", "\r\n"))) == content(real_glossary())


def test_generated_ids_are_stable_and_unique() -> None:
    concept = ("<conceptEntry><langSec xml:lang='de'><termSec><term>{}</term></termSec>"
               "</langSec></conceptEntry>")
    body = "".join(concept.format(t) for t in ("Pflegegrad", "Pflegegrad", "Straße", "مكتب"))
    text = f"<tbx><text><body>{body}</body></text></tbx>"
    ids = [e.id for e in parse_tbx(text).entries]
    assert ids[:3] == ["pflegegrad", "pflegegrad-2", "strasse"]
    assert re.fullmatch(r"term-[0-9a-f]{8}", ids[3])
    assert [e.id for e in parse_tbx(text).entries] == ids


# --- errors and safety ------------------------------------------------------------------

def test_malformed_xml_names_the_line() -> None:
    text = to_tbx(real_glossary()).splitlines()
    index = next(i for i, line in enumerate(text) if "<term>" in line)
    text[index] = text[index].replace("</term>", "</trem>")
    error = parse_error("\n".join(text), path="terms.tbx")
    assert error.row == index + 1
    assert str(error).startswith(f"terms.tbx: line {index + 1}, column ")
    assert ": not well-formed XML (mismatched tag)" in str(error)
    assert "export it again" in str(error)


def test_empty_and_non_tbx_documents() -> None:
    assert "line 1" in str(parse_error(""))
    error = parse_error("<?xml version='1.0'?>\n<html><body/></html>")
    assert "not TBX" in str(error) and error.row == 2


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx><text><body><conceptEntry><langSec xml:lang="de">
<termSec><term>&lol3;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry><langSec xml:lang="de">
<termSec><term>&secret;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_doctype_with_declarations_is_rejected(text: str) -> None:
    error = parse_error(text, path="evil.tbx")
    assert error.row == 2
    assert "DOCTYPE" in str(error)
    assert "root:" not in str(error)


def test_bare_doctype_is_read_but_its_dtd_never_loaded() -> None:
    # TBX v2 exports name their DTD; it is not fetched, and nothing it could define is used.
    assert parse_tbx(MARTIF).entries[0].id == "c1"
    text = MARTIF.replace("<term>Seniorenbüro</term>", "<term>Senioren&shy;büro</term>")
    error = parse_error(text)
    assert "&shy;" in str(error) and error.row == 19


def test_concept_without_source_term() -> None:
    text = ("<tbx>\n<text>\n<body>\n<conceptEntry id='x'>\n<langSec xml:lang='en'>"
            "<termSec><term>care</term></termSec></langSec>\n</conceptEntry>\n"
            "</body>\n</text>\n</tbx>")
    error = parse_error(text, path="cat.tbx")
    assert error.row == 4
    assert str(error).startswith("cat.tbx: line 4: concept 'x' has no de term (only en)")
    assert "master's language" in str(error)
    # an empty source term is no term either
    assert parse_error(text.replace("xml:lang='en'><termSec><term>care",
                                    "xml:lang='de'><termSec><term> ")).row == 4


def test_status_group_without_source_term() -> None:
    text = MARTIF.replace("<term>Altenheim</term>", "<term>Altenheim</term>").replace(
        """          <tig>
            <term>Altenheim</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </tig>
""", "")
    error = parse_error(text)
    assert "concept 'c3' has no deprecated de term (only en-GB)" in str(error)
    assert error.row == 60


def test_forbidden_term_without_replacement() -> None:
    text = MARTIF.replace("<note>use: Senior:innen</note>", "")
    error = parse_error(text)
    assert "'Senior*innen' needs the term to use instead" in str(error)
    assert "use: <term>" in str(error)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("<term>Seniorenbüro</term>", "<term>Seniorenbüro | Seniorenbüros</term>", "'|'"),
    ('<langSet xml:lang="ar">', "<langSet>", "no xml:lang"),
    ('<langSet xml:lang="ar">', '<langSet xml:lang="gr">', "use 'el'"),
])
def test_terms_and_languages_the_glossary_cannot_hold(old: str, new: str,
                                                      message: str) -> None:
    assert message in str(parse_error(MARTIF.replace(old, new, 1)))


# --- property ---------------------------------------------------------------------------

# Latin with German and Turkish letters, Greek, Cyrillic, Arabic, CJK, and XML's specials.
ALPHABET = ("abzäöüßİıŞşğ" + "αβγΩέΐς" + "абвЖЁїґ" + "مكتبةال" + "漢字" + "<&>\"'" + " -’:.*/;")
LANGUAGE_POOL = ("en", "tr", "ar", "el", "uk", "pt-BR", "de-AT")


def text(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.text(ALPHABET, min_size=min_size, max_size=24).map(str.strip).filter(
        lambda s: len(s) >= min_size)


@st.composite
def glossaries(draw: st.DrawFn) -> Glossary:
    others = draw(st.lists(st.sampled_from(LANGUAGE_POOL), unique=True, max_size=5))
    languages = ("de", *others)
    ids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True),
                        unique=True, max_size=6))
    entries = []
    for entry_id in ids:
        status = draw(st.sampled_from(STATUSES))
        terms = {"de": tuple(draw(st.lists(text(), min_size=1, max_size=3)))}
        for lang in others:
            forms = draw(st.lists(text(), max_size=3))
            if forms:
                terms[lang] = tuple(forms)
        needs_use = status in ("forbidden", "variant")
        use = draw(text()) if needs_use else draw(st.one_of(st.just(""), text()))
        entries.append(Entry(entry_id, status, terms, use, draw(st.booleans()),
                             draw(st.one_of(st.just(""), text()))))
    return Glossary(tuple(entries), languages)


@settings(max_examples=150, deadline=None)
@given(glossaries())
def test_random_glossaries_survive_a_round_trip(glossary: Glossary) -> None:
    written = to_tbx(glossary)
    back = parse_tbx(written)
    assert back.languages == glossary.languages
    assert content(back) == content(glossary)
    assert to_tbx(back) == written
