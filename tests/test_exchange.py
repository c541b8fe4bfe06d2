"""PO and XLIFF 2.0 round trips through CAT tools, with the real film."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from pathlib import Path

import polib  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtool.core.align import align
from subtool.core.errors import ContentError
from subtool.core.model import Cue, Track
from subtool.core.text import has_visible_text, not_importable
from subtool.core.timecode import format_vtt
from subtool.formats import srt
from subtool.profiles import limits_for
from subtool.project.store import read_state
from subtool.project.tracks import read_track
from subtool.translation import state as state_file
from subtool.translation.exchange import Imported, budget
from subtool.translation.exchange.po import export_po, import_po
from subtool.translation.exchange.xliff import STATES, XLIFF_NAMESPACE, export_xliff, import_xliff
from subtool.translation.state import Entry, State, cue_states, master_text

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk!"
LANGS = ("tr", "ar", "el")
NS = {"x": XLIFF_NAMESPACE}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Export = Callable[..., str]
Import = Callable[..., Imported]
FORMATS: dict[str, tuple[Export, Import]] = {
    "po": (export_po, import_po),
    "xliff": (export_xliff, import_xliff),
}


@cache
def master() -> Track:
    return read_track(ROOT / "subtitles" / "de.srt")


@cache
def track(lang: str) -> Track:
    return read_track(ROOT / "subtitles" / f"{lang}.srt")


@cache
def state(lang: str) -> State:
    loaded = read_state(ROOT / "subtitles" / "state" / f"{lang}.tsv")
    assert loaded is not None
    return loaded


def export(fmt: str, lang: str, *, tr: Track | None = None, st_: State | None = None,
           de: Track | None = None) -> str:
    return FORMATS[fmt][0](de or master(), tr or track(lang), st_ or state(lang), lang=lang,
                           master_lang="de", limits=limits_for("senior", lang), title=TITLE)


def do_import(fmt: str, text: str, lang: str, *, tr: Track | None = None,
              st_: State | None = None, as_lang: str | None = None) -> Imported:
    return FORMATS[fmt][1](text, master(), tr or track(lang), st_ or state(lang),
                           lang=as_lang or lang, path=f"{lang}.{fmt}")


def refused(fmt: str, text: str, lang: str = "tr", **kwargs: object) -> ContentError:
    with pytest.raises(ContentError) as info:
        do_import(fmt, text, lang, **kwargs)  # type: ignore[arg-type]
    error = info.value
    assert error.path == f"{lang}.{fmt}"
    assert "nothing was changed" in error.hint
    return error


def with_entry(st_: State, lang: str, number: int, *, origin: str | None = None,
               status: str | None = None, master: str | None = None) -> State:
    """``st_`` with the entry of cue ``number`` (1-based) of ``lang`` changed."""
    cue = track(lang).cues[number - 1]
    old = st_.entry_for(cue)
    assert old is not None
    new = Entry(old.start, old.end, origin or old.origin, status or old.status,
                old.master if master is None else master)
    return State(tuple(new if e is old else e for e in st_.entries))


def entry_of(st_: State, lang: str, number: int) -> Entry:
    found = st_.entry_for(track(lang).cues[number - 1])
    assert found is not None
    return found


def current_german(lang: str, number: int) -> str:
    return master_text(master(), align(master().cues, track(lang).cues), number - 1)


def start(lang: str, number: int) -> str:
    return format_vtt(track(lang).cues[number - 1].start)


# --- editing files as a CAT tool would --------------------------------------------------

def po_edit(text: str, lang: str, *, msgstr: dict[int, str] | None = None,
            unfuzzy: tuple[int, ...] = (), drop: tuple[int, ...] = ()) -> str:
    po = polib.pofile(text)
    for number, new in (msgstr or {}).items():
        po.find(f"cue@{start(lang, number)}", by="msgctxt").msgstr = new
    for number in unfuzzy:
        entry = po.find(f"cue@{start(lang, number)}", by="msgctxt")
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None  # as Poedit does when an entry is confirmed
    for number in drop:
        po.remove(po.find(f"cue@{start(lang, number)}", by="msgctxt"))
    out: str = po.__unicode__()
    return out


def xliff_edit(text: str, lang: str, *, target: dict[int, str] | None = None,
               final: tuple[int, ...] = (), drop: tuple[int, ...] = ()) -> str:
    ET.register_namespace("", XLIFF_NAMESPACE)
    root = ET.fromstring(text)
    file = root.find("x:file", NS)
    assert file is not None

    def unit(number: int) -> ET.Element:
        found = file.find(f"x:unit[@id='cue-{start(lang, number)}']", NS)
        assert found is not None
        return found

    for number, new in (target or {}).items():
        element = unit(number).find("x:segment/x:target", NS)
        assert element is not None
        element.text = new
    for number in final:
        segment = unit(number).find("x:segment", NS)
        assert segment is not None
        segment.set("state", "final")
        segment.attrib.pop("subState", None)
    for number in drop:
        file.remove(unit(number))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def edit(fmt: str, text: str, lang: str, *, new: dict[int, str] | None = None,
         accept: tuple[int, ...] = (), drop: tuple[int, ...] = ()) -> str:
    if fmt == "po":
        return po_edit(text, lang, msgstr=new, unfuzzy=accept, drop=drop)
    return xliff_edit(text, lang, target=new, final=accept, drop=drop)


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the file")


def po_entry_line(text: str, lang: str, number: int) -> int:
    """The first line (its first comment) of the PO entry of cue ``number``."""
    lines = text.split("\n")
    k = line_of(text, f'msgctxt "cue@{start(lang, number)}"') - 1
    while k > 0 and lines[k - 1].strip():
        k -= 1
    return k + 1


def unit_line(fmt: str, text: str, lang: str, number: int) -> int:
    if fmt == "po":
        return po_entry_line(text, lang, number)
    return line_of(text, f'<unit id="cue-{start(lang, number)}"')


# --- the real film: round trips ---------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_unchanged_round_trip_returns_the_inputs(fmt: str, lang: str) -> None:
    result = do_import(fmt, export(fmt, lang), lang)
    assert result.track == track(lang)
    assert result.state == state(lang)
    assert (result.changed, result.accepted, result.outdated) == ((), (), ())
    # The caller can leave both files byte-identical.
    srt_path = ROOT / "subtitles" / f"{lang}.srt"
    tsv_path = ROOT / "subtitles" / "state" / f"{lang}.tsv"
    assert srt.compose(result.track).encode() == srt_path.read_bytes()
    assert state_file.compose(result.state, lang).encode() == tsv_path.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic_and_has_no_dates(fmt: str) -> None:
    first = export(fmt, "tr")
    assert first == export(fmt, "tr")
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert "\r" not in first
    assert not re.search(r"\d{4}-\d{2}-\d{2}", first)


def test_po_read_by_polib_has_one_entry_per_cue_and_the_header() -> None:
    text = export("po", "tr")
    po = polib.pofile(text)
    assert po.metadata["Language"] == "tr"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Generator"] == "subtool"
    assert po.metadata["Project-Id-Version"] == TITLE
    assert po.metadata["X-Source-Language"] == "de"
    assert "POT-Creation-Date" not in po.metadata
    entries = [e for e in po if not e.obsolete]
    assert len(entries) == len(track("tr").cues) == 115
    for entry, cue, german in zip(entries, track("tr").cues, master().cues, strict=True):
        assert entry.msgctxt == f"cue@{format_vtt(cue.start)}"
        assert entry.msgid == german.text
        assert entry.msgstr == cue.text
        assert "fuzzy" not in entry.flags  # every cue of the film is accepted
        assert entry.previous_msgid is None


@pytest.mark.parametrize("lang", LANGS)
def test_po_comments_carry_timecode_limits_and_budget(lang: str) -> None:
    po = polib.pofile(export("po", lang))
    limits = limits_for("senior", lang)
    assert limits.max_chars == 42 and limits.cps_warn == 13
    for number, (entry, cue) in enumerate(zip(po, track(lang).cues, strict=True), 1):
        comment = entry.comment
        assert f"cue {number}: {format_vtt(cue.start)} --> {format_vtt(cue.end)}" in comment
        assert "at most 42 characters per line, 2 lines" in comment
        # floor(13 cps × duration): integer arithmetic, independent of the module.
        assert f"at most {13 * cue.duration // 1000} characters in all" in comment
        assert "state: human, accepted" in comment
    second = po.find(f"cue@{start(lang, 2)}", by="msgctxt")
    assert "00:00:04.880 --> 00:00:11.000 (6.12 s)" in second.comment
    assert "at most 79 characters in all (13 per second)" in second.comment


def test_budget_matches_the_reading_speed_rule() -> None:
    limits = limits_for("senior", "tr")
    assert budget(limits, 6120) == 79
    assert budget(limits, 2000) == 26
    assert budget(limits._replace(cps_warn=12.5), 3100) == 38
    assert budget(limits, 0) == 0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
def test_gettext_msgfmt_accepts_the_po(tmp_path: Path) -> None:
    st_ = with_entry(state("tr"), "tr", 7, master="Früher stand hier etwas anderes.")
    st_ = with_entry(st_, "tr", 9, origin="machine:deepl", status="draft")
    path = tmp_path / "tr.po"
    path.write_text(export("po", "tr", st_=st_), encoding="utf-8")
    done = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "tr.mo"), str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower()


# --- the translator's edits -------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_two_edits_and_one_confirmation_change_exactly_those_cues(fmt: str) -> None:
    lang = "tr"
    before = with_entry(state(lang), lang, 3, origin="machine:deepl")  # accepted machine text
    before = with_entry(before, lang, 20, origin="machine:deepl", status="draft")
    text = export(fmt, lang, st_=before)
    new = {3: "Her şey bir model projeyle başladı.",
           50: "Danışmanlık ücretsizdir\nve gizlidir."}
    delivered = edit(fmt, text, lang, new=new, accept=(20,))
    result = do_import(fmt, delivered, lang, st_=before)
    assert result.changed == (3, 50)
    assert result.accepted == (3, 20, 50)
    assert result.outdated == ()
    old_cues, new_cues = track(lang).cues, result.track.cues
    assert len(new_cues) == len(old_cues)
    assert [i + 1 for i, (a, b) in enumerate(zip(old_cues, new_cues, strict=True))
            if a != b] == [3, 50]
    for number, text_ in new.items():
        assert new_cues[number - 1] == old_cues[number - 1]._replace(text=text_)
    for number in (3, 20, 50):
        entry = entry_of(result.state, lang, number)
        assert (entry.origin, entry.status) == ("human", "accepted")
        assert entry.master == current_german(lang, number)
    untouched = set(before.entries) - {entry_of(before, lang, n) for n in (3, 20)}
    assert untouched <= set(result.state.entries)
    assert len(result.state.entries) == len(before.entries)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cues_missing_from_the_file_stay(fmt: str) -> None:
    lang = "el"
    delivered = edit(fmt, export(fmt, lang), lang, new={60: "Νέο κείμενο."},
                     drop=tuple(range(1, 116, 2)))  # every other cue deleted by the tool
    result = do_import(fmt, delivered, lang)
    assert result.changed == (60,)
    assert len(result.track.cues) == 115
    assert result.track.cues[59].text == "Νέο κείμενο."
    assert result.track == track(lang)._replace(cues=tuple(
        c._replace(text="Νέο κείμενο.") if i == 59 else c for i, c in enumerate(track(lang).cues)))
    assert result.state == state(lang)  # already accepted human against the same German


# --- stale cues and machine drafts ------------------------------------------------------

OLD_GERMAN = "Früher stand hier ein anderer Satz."


def stale_state(lang: str, number: int = 7) -> State:
    return with_entry(state(lang), lang, number, master=OLD_GERMAN)


@pytest.mark.parametrize("lang", LANGS)
def test_stale_cue_is_fuzzy_with_the_old_german_in_po(lang: str) -> None:
    st_ = stale_state(lang)
    po = polib.pofile(export("po", lang, st_=st_))
    entry = po.find(f"cue@{start(lang, 7)}", by="msgctxt")
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == OLD_GERMAN
    assert entry.msgid == master().cues[6].text
    assert entry.msgstr == track(lang).cues[6].text
    assert "stale" in entry.comment
    assert [e.msgctxt for e in po if "fuzzy" in e.flags] == [entry.msgctxt]


@pytest.mark.parametrize("lang", LANGS)
def test_stale_cue_is_initial_with_a_previous_source_note_in_xliff(lang: str) -> None:
    root = ET.fromstring(export("xliff", lang, st_=stale_state(lang)))
    unit = root.find(f"x:file/x:unit[@id='cue-{start(lang, 7)}']", NS)
    assert unit is not None
    segment = unit.find("x:segment", NS)
    assert segment is not None and segment.get("state") == "initial"
    note = unit.find("x:notes/x:note[@category='previous-source']", NS)
    assert note is not None and note.text == OLD_GERMAN
    states = [s.get("state") for s in root.iterfind(".//x:segment", NS)]
    assert states.count("initial") == 1 and states.count("final") == 114


@pytest.mark.parametrize("fmt", FORMATS)
def test_stale_cue_stays_stale_unless_confirmed(fmt: str) -> None:
    lang = "ar"
    st_ = stale_state(lang)
    text = export(fmt, lang, st_=st_)
    unchanged = do_import(fmt, text, lang, st_=st_)
    assert unchanged.state == st_ and unchanged.track == track(lang)
    confirmed = do_import(fmt, edit(fmt, text, lang, accept=(7,)), lang, st_=st_)
    assert confirmed.changed == () and confirmed.accepted == (7,)
    assert entry_of(confirmed.state, lang, 7).master == current_german(lang, 7)
    alignment = align(master().cues, track(lang).cues)
    assert not any(s.stale for s in cue_states(confirmed.state, track(lang), master(),
                                                alignment))


@pytest.mark.parametrize("fmt", FORMATS)
def test_machine_draft_is_marked_and_kept_until_confirmed(fmt: str) -> None:
    lang = "tr"
    st_ = with_entry(state(lang), lang, 10, origin="machine:deepl", status="draft")
    text = export(fmt, lang, st_=st_)
    if fmt == "po":
        entry = polib.pofile(text).find(f"cue@{start(lang, 10)}", by="msgctxt")
        assert "fuzzy" in entry.flags and entry.previous_msgid is None
        assert "state: machine (deepl), draft" in entry.comment
    else:
        segment = ET.fromstring(text).find(
            f"x:file/x:unit[@id='cue-{start(lang, 10)}']/x:segment", NS)
        assert segment is not None
        assert (segment.get("state"), segment.get("subState")) == ("translated",
                                                                   "subtool:machine")
    assert do_import(fmt, text, lang, st_=st_).state == st_
    # Edited but left as a draft: the text comes in, and the entry says a person drafted it,
    # so a machine run never overwrites it; the German it refers to stays.
    edited = do_import(fmt, edit(fmt, text, lang, new={10: "Düzeltilmiş taslak."}), lang,
                       st_=st_)
    assert edited.changed == (10,) and edited.accepted == ()
    entry = entry_of(edited.state, lang, 10)
    assert (entry.origin, entry.status) == ("human", "draft")
    assert entry.master == entry_of(st_, lang, 10).master
    # Confirmed unchanged: a person accepted the machine's text.
    confirmed = do_import(fmt, edit(fmt, text, lang, accept=(10,)), lang, st_=st_)
    assert confirmed.changed == () and confirmed.accepted == (10,)
    assert (entry_of(confirmed.state, lang, 10).origin,
            entry_of(confirmed.state, lang, 10).status) == ("human", "accepted")


@pytest.mark.parametrize("fmt", FORMATS)
def test_delivery_against_older_german_is_recorded_as_stale(fmt: str) -> None:
    lang = "tr"
    old_master = master()._replace(cues=tuple(
        c._replace(text="Früher: ganz andere Worte.") if i == 7 else c
        for i, c in enumerate(master().cues)))
    # Exported while the German read differently (and the translation matched it); the
    # master changed before the translator delivered.
    then = with_entry(state(lang), lang, 8, master="Früher: ganz andere Worte.")
    text = export(fmt, lang, de=old_master, st_=then)
    delivered = edit(fmt, text, lang, new={8: "Yeni çeviri."})
    result = do_import(fmt, delivered, lang, st_=then)
    assert result.changed == (8,) and result.outdated == (8,) and result.accepted == (8,)
    entry = entry_of(result.state, lang, 8)
    assert entry.master == "Früher: ganz andere Worte."
    alignment = align(master().cues, result.track.cues)
    stale = [s.index + 1 for s in cue_states(result.state, result.track, master(), alignment)
             if s.stale]
    assert stale == [8]


@pytest.mark.parametrize("fmt", FORMATS)
def test_untranslated_cue_comes_in_and_empty_stays_empty(fmt: str) -> None:
    lang = "el"
    empty = track(lang)._replace(cues=tuple(c._replace(text="") if i == 4 else c
                                            for i, c in enumerate(track(lang).cues)))
    text = export(fmt, lang, tr=empty)
    assert do_import(fmt, text, lang, tr=empty).track == empty  # empty stays empty
    filled = do_import(fmt, edit(fmt, text, lang, new={5: "Καινούργια μετάφραση."},
                                 accept=(5,) if fmt == "xliff" else ()), lang, tr=empty)
    assert filled.changed == (5,) and filled.track.cues[4].text == "Καινούργια μετάφραση."


# --- refused imports --------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_file_for_another_language_is_refused(fmt: str) -> None:
    error = refused(fmt, export(fmt, "el"), "tr")
    assert "Greek" in error.message and "Turkish" in error.message
    assert error.line == line_of(export(fmt, "el"), '"Language: el' if fmt == "po"
                                 else 'trgLang="el"')


def test_refused_imports_change_no_value_and_no_file() -> None:
    files = [ROOT / "subtitles" / "tr.srt", ROOT / "subtitles" / "state" / "tr.tsv"]
    before = [f.read_bytes() for f in files]
    tr, st_ = track("tr"), state("tr")
    snapshot = (srt.compose(tr), state_file.compose(st_, "tr"))
    for fmt in FORMATS:
        text = export(fmt, "tr")
        for bad in (export(fmt, "el"), edit(fmt, text, "tr", new={9: ""}), text[:300],
                    text.replace(f"{start('tr', 4)}", "00:59:00.000")):
            refused(fmt, bad, tr=tr, st_=st_)
    assert (srt.compose(tr), state_file.compose(st_, "tr")) == snapshot
    assert [f.read_bytes() for f in files] == before


def test_po_region_tag_is_the_language_and_a_missing_header_is_refused() -> None:
    text = export("po", "tr")
    assert do_import("po", text.replace('"Language: tr\\n"', '"Language: tr_TR\\n"'),
                     "tr").track == track("tr")
    error = refused("po", text.replace('"Language: tr\\n"\n', ""))
    assert "no Language header" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_unit_id_is_refused_with_its_line(fmt: str) -> None:
    text = export(fmt, "tr")
    old = start("tr", 12)
    broken = text.replace(f"cue@{old}" if fmt == "po" else f"cue-{old}",
                          "cue@00:59:00.000" if fmt == "po" else "cue-00:59:00.000")
    error = refused(fmt, broken)
    assert "0:59" in error.message and "matches no cue" in error.message
    assert error.line == unit_line(fmt, text, "tr", 12)
    foreign = text.replace(f"cue@{old}" if fmt == "po" else f"cue-{old}", "greeting")
    assert "no cue id" in refused(fmt, foreign).message


@pytest.mark.parametrize("fmt", FORMATS)
def test_duplicate_unit_is_refused(fmt: str) -> None:
    text = export(fmt, "tr")
    old, other = start("tr", 12), start("tr", 13)
    prefix = "cue@" if fmt == "po" else "cue-"
    error = refused(fmt, text.replace(f"{prefix}{other}", f"{prefix}{old}"))
    assert "twice" in error.message
    assert error.line == unit_line(fmt, text, "tr", 13)


@pytest.mark.parametrize("fmt", FORMATS)
def test_emptied_translation_is_refused(fmt: str) -> None:
    text = export(fmt, "ar")
    error = refused(fmt, edit(fmt, text, "ar", new={5: ""}), "ar")
    assert "empty translation" in error.message and "cue 5" in error.message
    error = refused(fmt, edit(fmt, text, "ar", new={6: " \n "}), "ar")
    assert "cue 6" in error.message


@pytest.mark.parametrize(("damage", "expected"), [
    ('msgstr "Her şey bir pilot projeyle başladı.', "not closed"),
    ('msgstr "Her şey "bir" pilot projeyle başladı."', "not closed"),
    ("this line is not PO", "not a readable PO file"),
])
def test_broken_po_is_refused_with_its_line(damage: str, expected: str) -> None:
    text = export("po", "tr")
    line = line_of(text, 'msgstr "Her şey bir pilot projeyle başladı."')
    lines = text.split("\n")
    lines[line - 1] = damage
    error = refused("po", "\n".join(lines))
    assert expected in error.message
    assert error.line == line


def _truncated(text: str) -> str:
    return "\n".join(text.split("\n")[:200]) + "\n"


@pytest.mark.parametrize(("damage", "expected", "where"), [
    (lambda t: t.replace("</unit>", "</unt>", 3), "mismatched tag", "</unt>"),
    (_truncated, "no element found", None),
    (lambda t: t.replace("<source>[Musik]", "<source>[Musik] & Ton", 1), "not well-formed",
     "[Musik] & Ton"),
])
def test_malformed_xliff_is_refused_with_its_line(damage: Callable[[str], str], expected: str,
                                                  where: str | None) -> None:
    damaged = damage(export("xliff", "tr"))
    error = refused("xliff", damaged)
    assert expected in error.message
    assert error.line == (line_of(damaged, where) if where else 201)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE xliff SYSTEM "xliff.dtd">',
])
def test_xliff_with_a_doctype_is_refused(doctype: str) -> None:
    text = export("xliff", "tr").replace("?>\n", f"?>\n{doctype}\n", 1)
    error = refused("xliff", text.replace("[Müzik]", "[Müzik]&b;" if "ENTITY a" in doctype
                                          else "[Müzik]"))
    assert "DOCTYPE" in error.message and error.line == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_file_is_refused(fmt: str) -> None:
    assert refused(fmt, "").message == "is empty"
    assert refused(fmt, "\ufeff\n  \n").message == "is empty"


def test_po_with_plural_forms_is_refused() -> None:
    text = export("po", "tr").replace('msgid "[Musik]"\nmsgstr "[Müzik]"',
                                      'msgid "[Musik]"\nmsgid_plural "[Musiken]"\n'
                                      'msgstr[0] "[Müzik]"\nmsgstr[1] "[Müzikler]"')
    assert "plural" in refused("po", text).message


def test_po_obsolete_entries_and_a_bom_are_ignored() -> None:
    text = "\ufeff" + export("po", "tr") + '\n#~ msgctxt "cue@09:00:00.000"\n#~ msgid "x"\n' \
        '#~ msgstr "y"\n'
    assert do_import("po", text, "tr").track == track("tr")


def test_xliff_that_is_not_xliff_2_is_refused() -> None:
    v12 = ('<?xml version="1.0"?>\n<xliff version="1.2" '
           'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file/></xliff>\n')
    assert "XLIFF 1.2" in refused("xliff", v12).message
    assert "<html>" in refused("xliff", "<html/>").message
    missing = export("xliff", "tr").replace(' trgLang="tr"', "")
    assert "no trgLang" in refused("xliff", missing).message


def test_xliff_inline_codes_are_refused_and_markers_read() -> None:
    text = export("xliff", "tr")
    coded = text.replace("<target>[Müzik]</target>",
                         '<target><pc id="1">[Müzik]</pc></target>', 1)
    error = refused("xliff", coded)
    assert "<pc>" in error.message and error.line == line_of(coded, '<pc id="1">')
    marked = text.replace("<target>[Müzik]</target>",
                          '<target><mrk id="m1" type="term">[Müzik]</mrk><sm id="s"/></target>')
    assert do_import("xliff", marked, "tr").track == track("tr")


def test_xliff_split_segments_are_refused() -> None:
    # Joined, the parts would make a text (and German for the state) that never existed.
    text = export("xliff", "tr")
    original = track("tr").cues[1].text
    first, second = original.split("\n")
    german = master().cues[1].text.split("\n")
    for between in ("", "<ignorable><source>\n</source></ignorable>"):
        split = re.sub(
            r'<segment state="final">\s*<source>\(Sprecherin\)[^<]*</source>\s*<target>[^<]*'
            r"</target>\s*</segment>",
            f'<segment state="final"><source>{german[0]}</source><target>{first}</target>'
            f"</segment>{between}\n"
            f'<segment state="final"><source>{german[1]}</source><target>{second}</target>'
            "</segment>", text, count=1)
        assert split != text
        error = refused("xliff", split)
        assert "was split into" in error.message
        # The line of the second part: after the first one's, or on it (the ignorable).
        end_of_first = split.index(f"<target>{first}</target></segment>")
        assert error.line == split[:end_of_first].count("\n") + (1 if between else 2)


def test_export_refuses_what_it_cannot_identify_or_write() -> None:
    tr = track("tr")
    same_start = tr._replace(cues=(*tr.cues[:5], tr.cues[5]._replace(start=tr.cues[4].start),
                                   *tr.cues[6:]))
    with pytest.raises(ContentError, match=r"cues 5 and 6 .* both start at 0:19\.200"):
        export("po", "tr", tr=same_start)
    separator = tr._replace(cues=(tr.cues[0]._replace(text="[Müzik]\u2028"), *tr.cues[1:]))
    with pytest.raises(ContentError, match="U\\+2028"):
        export("po", "tr", tr=separator)
    assert "&#13;" not in export("xliff", "tr", tr=separator)  # XLIFF holds it as it is


# --- XLIFF structure --------------------------------------------------------------------

_NMTOKEN = re.compile(r"[\w.:-]+")


@pytest.mark.parametrize("lang", LANGS)
def test_xliff_is_structurally_valid(lang: str) -> None:
    st_ = with_entry(stale_state(lang), lang, 12, origin="machine:deepl", status="draft")
    text = export("xliff", lang, st_=st_)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<xliff ')
    root = ET.fromstring(text)
    assert root.tag == f"{{{XLIFF_NAMESPACE}}}xliff"
    assert root.attrib == {"version": "2.0", "srcLang": "de", "trgLang": lang}
    files = root.findall("x:file", NS)
    assert len(files) == 1 and list(root) == files
    file = files[0]
    assert file.get("id") and _NMTOKEN.fullmatch(file.get("id", ""))
    assert file.get("canResegment") == "no" and file.get(XML_SPACE) == "preserve"
    assert file.get("trgDir") == ("rtl" if lang == "ar" else None)
    children = [c.tag.split("}")[1] for c in file]
    assert children[0] == "notes" and set(children[1:]) == {"unit"}
    units = file.findall("x:unit", NS)
    ids = [u.get("id", "") for u in units]
    assert len(ids) == len(set(ids)) == 115
    assert all(_NMTOKEN.fullmatch(i) for i in ids)
    seen_states = []
    for unit, cue, german in zip(units, track(lang).cues, master().cues, strict=True):
        assert unit.get("id") == f"cue-{format_vtt(cue.start)}"
        assert [c.tag.split("}")[1] for c in unit] == ["notes", "segment"]
        notes = {n.get("category"): n for n in unit.iterfind("x:notes/x:note", NS)}
        assert {"timing", "line-length", "reading-speed", "state"} <= set(notes)
        assert notes["line-length"].get("appliesTo") == "target"
        assert f"{format_vtt(cue.start)} --> {format_vtt(cue.end)}" in (
            notes["timing"].text or "")
        segment = unit.find("x:segment", NS)
        assert segment is not None
        state_ = segment.get("state")
        assert state_ in STATES
        sub = segment.get("subState")
        assert sub is None or re.fullmatch(r"[^\s:]+:[^\s:]+", sub)
        assert [c.tag.split("}")[1] for c in segment] == ["source", "target"]
        assert segment.findtext("x:source", namespaces=NS) == german.text
        assert segment.findtext("x:target", namespaces=NS) == cue.text
        seen_states.append((state_, sub))
    assert seen_states[6] == ("initial", None)
    assert seen_states[11] == ("translated", "subtool:machine")
    assert seen_states.count(("final", None)) == 113


# --- properties -------------------------------------------------------------------------

# Text an import lets into a Turkish cue and a PO file can carry: visible text, nothing
# core.text.not_importable refuses (surrogates, control characters but the line break, the
# invisible characters of the control-chars rule, the tab), no line separators that PO
# cannot escape, and no blank lines (SRT and WebVTT end a cue there).
_CUE_TEXT = st.text(st.characters(codec="utf-8",  # no lone surrogates
                                  exclude_categories=["Cc"], include_characters="\n",
                                  exclude_characters="\u2028\u2029"),
                    min_size=1, max_size=60).filter(
    lambda t: has_visible_text(t) and not_importable(t, rtl=False) is None
    and "\n\n" not in t and not t.startswith("\n") and not t.endswith("\n"))


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_CUE_TEXT, number=st.integers(1, 115))
def test_any_translation_survives_the_round_trip(fmt: str, text: str, number: int) -> None:
    lang = "tr"
    edited = track(lang)._replace(cues=tuple(
        c._replace(text=text) if i == number - 1 else c for i, c in enumerate(track(lang).cues)))
    # Unchanged through the format …
    back = do_import(fmt, export(fmt, lang, tr=edited), lang, tr=edited)
    assert back.track == edited and back.state == state(lang)
    # … and as a translator's edit arriving in the unedited track (the file's fingerprints
    # of what was exported taken out, as a tool that drops notes would: with them, the
    # import sees the project's text changed since the export and keeps it,
    # tests/test_import_guards.py).
    result = do_import(fmt, _without_fingerprints(export(fmt, lang, tr=edited)), lang)
    assert result.track == edited
    assert result.changed == ((number,) if text != track(lang).cues[number - 1].text else ())


def _without_fingerprints(text: str) -> str:
    label = re.escape("exported translation (subtool compares it on import; leave it):")
    text = re.sub(r"\n#\. " + label + r"\n#\. [0-9a-f]{12}(?=\n)", "", text)  # wrapped PO
    text = re.sub(r"\n#\. " + label + r" [0-9a-f]{12}(?=\n)", "", text)
    text = re.sub(r"\n *<note category=\"exported\"[^\n]*</note>", "", text)
    assert "exported translation" not in text
    return text


def test_new_cue_without_german_has_no_unit() -> None:
    tr = track("tr")
    extra = Cue(445_000, 446_000, "Son.")  # after the last German cue
    longer = tr._replace(cues=(*tr.cues, extra))
    po = polib.pofile(export("po", "tr", tr=longer))
    assert len(po) == 115
    assert do_import("po", export("po", "tr", tr=longer), "tr", tr=longer).track == longer
