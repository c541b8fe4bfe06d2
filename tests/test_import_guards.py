"""What the translators' imports (``import``, ``import-po``, ``import-xliff``) refuse, found by
probing them with hostile deliveries: each refusal runs the real command on a copy of the
shipped film and checks that every file stays byte for byte as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import copy_film, snapshot
from helpers import run_subtool as run

from subtool.project.store import read_state
from subtool.project.tracks import read_track

ROOT = Path(__file__).resolve().parent.parent
MUZIK_PO = 'msgstr "[Müzik]"'
MUZIK_XLF = "<target>[Müzik]</target>"


@pytest.fixture
def film(tmp_path: Path) -> Path:
    return copy_film(tmp_path)


def exported(film: Path, fmt: str, lang: str = "tr") -> str:
    result = run(f"export-{fmt}", lang, cwd=film)
    assert result.returncode == 0, result.stderr
    return result.stdout


_NAMES = {"po": "x.po", "xliff": "x.xlf", "srt": "x.srt"}


def deliver(film: Path, fmt: str, text: str) -> tuple[int, str]:
    """Import ``text`` as a PO / XLIFF / SRT delivery; (exit code, standard error)."""
    name = _NAMES[fmt]
    (film / name).write_text(text, "utf-8")
    command = ("import", "tr", name) if fmt == "srt" else (f"import-{fmt}", name)
    result = run(*command, cwd=film)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


def refused(film: Path, fmt: str, text: str) -> str:
    """Standard error of a delivery that must be refused without changing any file."""
    (film / _NAMES[fmt]).write_text(text, "utf-8")
    before = snapshot(film)
    code, stderr = deliver(film, fmt, text)
    assert code == 1, stderr
    assert "nothing was changed" in stderr
    assert snapshot(film) == before
    return stderr


def one_cue(fmt: str, base: str, new: str) -> str:
    """``base`` (an export of the Turkish track, or its SRT) with cue 1's [Müzik] as ``new``."""
    old = {"po": MUZIK_PO, "xliff": MUZIK_XLF, "srt": "[Müzik]"}[fmt]
    wrapped = {"po": f'msgstr "{new}"', "xliff": f"<target>{new}</target>", "srt": new}[fmt]
    changed = base.replace(old, wrapped, 1)
    assert changed != base
    return changed


def base_text(film: Path, fmt: str) -> str:
    if fmt == "srt":
        return (film / "subtitles" / "tr.srt").read_text("utf-8")
    return exported(film, fmt)


# --- 1. the language of the text, whatever the header says ------------------------------


def test_a_po_file_relabelled_as_arabic_is_refused(film: Path) -> None:
    po = exported(film, "po")
    relabelled = po.replace('"Language: tr\\n"', '"Language: ar\\n"')
    assert relabelled != po
    stderr = refused(film, "po", relabelled)
    assert "is written in the Latin script, but Arabic is written in Arabic" in stderr


def test_an_xliff_file_relabelled_as_arabic_is_refused(film: Path) -> None:
    xlf = exported(film, "xliff")
    relabelled = xlf.replace('trgLang="tr"', 'trgLang="ar"')
    assert relabelled != xlf
    stderr = refused(film, "xliff", relabelled)
    assert "is written in the Latin script, but Arabic is written in Arabic" in stderr


def test_the_srt_import_refuses_the_same_way(film: Path) -> None:
    before = snapshot(film)
    result = run("import", "ar", "subtitles/tr.srt", cwd=film)
    assert result.returncode == 1
    assert "is written in the Latin script, but Arabic is written in Arabic" in result.stderr
    assert snapshot(film) == before


# --- 2. a cue without visible text is empty ---------------------------------------------

_EMPTY_PO = ["<i></i>", "{\\\\an8}", "<b> </b>", '<font color=\\"red\\"></font>', "\u00a0"]
_EMPTY_XLF = ["&lt;i&gt;&lt;/i&gt;", "{\\an8}", "&lt;b&gt; &lt;/b&gt;",
              '&lt;font color="red"&gt;&lt;/font&gt;', "\u00a0"]
_EMPTY_SRT = ["<i></i>", "{\\an8}", "<b> </b>", '<font color="red"></font>', "\u00a0"]
_IDS = ["italic", "ass-override", "bold-space", "font", "no-break-space"]


@pytest.mark.parametrize(("fmt", "new"), [
    *(("po", e) for e in _EMPTY_PO), *(("xliff", e) for e in _EMPTY_XLF)],
    ids=[f"po-{i}" for i in _IDS] + [f"xliff-{i}" for i in _IDS])
def test_an_exchange_unit_without_visible_text_is_refused(film: Path, fmt: str,
                                                          new: str) -> None:
    stderr = refused(film, fmt, one_cue(fmt, exported(film, fmt), new))
    assert "(cue 1) has an empty translation (no text a viewer would see): importing it " \
           "would lose the translation '[Müzik]'" in stderr


@pytest.mark.parametrize("new", _EMPTY_SRT, ids=_IDS)
def test_an_srt_cue_without_visible_text_is_refused(film: Path, new: str) -> None:
    srt = (film / "subtitles" / "tr.srt").read_text("utf-8")
    stderr = refused(film, "srt", one_cue("srt", srt, new))
    assert "would lose 1 existing translation(s): the delivery has no text at 0:02.000 " \
           "(master cue 1)" in stderr


@pytest.mark.parametrize("fmt", ["po", "xliff", "srt"])
def test_a_lone_zero_width_space_is_refused(film: Path, fmt: str) -> None:
    new = '<cp hex="200B"/>' if fmt == "xliff" else "\u200b"
    stderr = refused(film, fmt, one_cue(fmt, base_text(film, fmt), new))
    assert "U+200B ZERO WIDTH SPACE" in stderr


def test_a_first_delivery_never_records_a_cue_of_markup_only_as_accepted(film: Path) -> None:
    srt = (film / "subtitles" / "tr.srt").read_text("utf-8")
    (film / "subtitles" / "tr.srt").unlink()
    (film / "subtitles" / "state" / "tr.tsv").unlink()
    code, stderr = deliver(film, "srt", one_cue("srt", srt, "<i></i>"))
    assert code == 0, stderr
    state = read_state(film / "subtitles" / "state" / "tr.tsv")
    assert state is not None
    first = read_track(film / "subtitles" / "tr.srt").cues[0]
    assert state.entry_for(first) is None
    assert len(state.entries) == 114
    # … and accepting the whole track leaves it out too: there is nothing to accept.
    result = run("accept", "tr", cwd=film)
    assert result.returncode == 0, result.stderr
    state = read_state(film / "subtitles" / "state" / "tr.tsv")
    assert state is not None and state.entry_for(first) is None


# --- 3. characters that check calls errors ----------------------------------------------


@pytest.mark.parametrize(("fmt", "new", "shown"), [
    ("po", "Mer\u202ehaba", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("po", "Mer\u200bhaba", "U+200B ZERO WIDTH SPACE"),
    ("po", "Mer\\thaba", "U+0009 CHARACTER TABULATION"),
    ("po", "Mer\u00adhaba", "U+00AD SOFT HYPHEN"),
    ("xliff", 'Mer<cp hex="202E"/>haba', "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("xliff", "Mer\u200dhaba", "U+200D ZERO WIDTH JOINER"),
    ("xliff", "Mer\thaba", "U+0009 CHARACTER TABULATION"),
    ("srt", "Mer\u202ehaba", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("srt", "Mer\thaba", "U+0009 CHARACTER TABULATION"),
], ids=["po-rlo", "po-zwsp", "po-tab", "po-shy", "xliff-rlo", "xliff-zwj", "xliff-tab",
        "srt-rlo", "srt-tab"])
def test_a_character_check_reports_is_refused_at_import(film: Path, fmt: str, new: str,
                                                        shown: str) -> None:
    stderr = refused(film, fmt, one_cue(fmt, base_text(film, fmt), new))
    cue = "cue 1 at 0:02.000" if fmt == "srt" else "(cue 1)"
    assert f"{cue} contains {shown}" in stderr


def test_check_reports_what_the_import_refuses(film: Path) -> None:
    # The other side of the same definition: what was refused is what check calls an error.
    srt = (film / "subtitles" / "tr.srt").read_text("utf-8")
    (film / "subtitles" / "tr.srt").write_text(srt.replace("[Müzik]", "Mer\u202ehaba", 1),
                                               "utf-8")
    result = run("check", "--select", "control-chars", "subtitles/tr.srt", cwd=film)
    assert "[control-chars] error" in result.stdout and "U+202E" in result.stdout


def test_bidi_marks_and_joiners_stay_welcome_in_arabic(film: Path) -> None:
    po = exported(film, "po", "ar")
    marked = po.replace('msgstr "[موسيقى]"', 'msgstr "\u200f[موسيقى]\u200c"', 1)
    assert marked != po
    (film / "ar.po").write_text(marked, "utf-8")
    result = run("import-po", "ar.po", cwd=film)
    assert result.returncode == 0, result.stderr
    first = read_track(film / "subtitles" / "ar.srt").cues[0]
    assert first.text == "\u200f[موسيقى]\u200c"


# --- 4. PO escapes as GNU gettext reads them --------------------------------------------


def _msgstr_line(po: str, new: str) -> int:
    return po[:po.index(f'msgstr "{new}"')].count("\n") + 1


@pytest.mark.parametrize(("new", "said"), [
    ("[M\\xfczik]", "do not spell UTF-8 text"),  # Latin-1 ü: gettext reads a byte 0xFC
    ("[M\\374zik]", "do not spell UTF-8 text"),
    ("[M\\u00fczik]", "\\u is not an escape a PO file can hold"),
    ("[Müzik\\q]", "\\q is not an escape a PO file can hold"),
    ("[M\\x4142zik]", "the escape \\x4142 is more than one byte"),
], ids=["hex-latin1", "octal-latin1", "unicode", "unknown", "long-hex"])
def test_a_po_escape_gettext_does_not_read_is_refused_with_its_line(film: Path, new: str,
                                                                    said: str) -> None:
    po = one_cue("po", exported(film, "po"), new)
    stderr = refused(film, "po", po)
    assert f"x.po:{_msgstr_line(po, new)}: " in stderr
    assert said in stderr


@pytest.mark.parametrize(("new", "text"), [
    ("[M\\xc3\\xbczik]", "[Müzik]"),  # the UTF-8 bytes of ü, as msgcat writes them back
    ("[M\\303\\274zik]", "[Müzik]"),
    ("Me\\x72haba \\\"dünya\\\" a\\\\b", 'Merhaba "dünya" a\\b'),
], ids=["hex-utf8", "octal-utf8", "quote-backslash"])
def test_po_escapes_are_decoded(film: Path, new: str, text: str) -> None:
    code, stderr = deliver(film, "po", one_cue("po", exported(film, "po"), new))
    assert code == 0, stderr
    first = read_track(film / "subtitles" / "tr.srt").cues[0]
    assert first.text == text
    assert "\\x" not in (film / "subtitles" / "tr.srt").read_text("utf-8")


def test_an_escaped_bell_is_refused_as_a_character(film: Path) -> None:
    stderr = refused(film, "po", one_cue("po", exported(film, "po"), "Mer\\ahaba"))
    assert "(cue 1) contains U+0007 BELL, which a subtitle cannot hold" in stderr


# --- 5. an XLIFF unit split into segments -----------------------------------------------


def test_an_xliff_unit_with_two_segments_is_refused_with_the_line(film: Path) -> None:
    xlf = exported(film, "xliff")
    # What a CAT tool that splits at sentences anyway makes of cue 2.
    unit = re.search(r'(<segment state="final">\s*<source>\(Sprecherin\)[^<]*</source>\s*'
                     r"<target>([^<]*)</target>\s*</segment>)", xlf)
    assert unit is not None
    first, second = unit[2].split("\n")
    split = xlf.replace(unit[1], f'<segment state="final"><source>A</source><target>{first}'
                        f'</target></segment>\n<segment state="final"><source>B</source>'
                        f"<target>{second}</target></segment>", 1)
    stderr = refused(film, "xliff", split)
    line = split[:split.index("<source>B</source>")].count("\n") + 1
    assert f"x.xlf:{line}: unit 'cue-00:00:04.880' was split into 2 parts" in stderr


def test_the_export_writes_one_segment_per_unit(film: Path) -> None:
    xlf = exported(film, "xliff")
    assert xlf.count("<unit ") == xlf.count("<segment ") == 115
    assert "<ignorable" not in xlf


# --- 6. the master is never a translation -----------------------------------------------


def _configure(film: Path, old: str, new: str) -> int:
    """Edit pyproject.toml; the 1-based line of the edit."""
    text = (film / "pyproject.toml").read_text("utf-8")
    assert old in text
    (film / "pyproject.toml").write_text(text.replace(old, new, 1), "utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("command", [("import", "de", "subtitles/en.srt"), ("accept", "tr"),
                                     ("check", "subtitles/tr.srt")])
def test_the_master_language_among_the_languages_is_a_configuration_error(
        film: Path, command: tuple[str, ...]) -> None:
    line = _configure(film, 'languages = ["en",', 'languages = ["de", "en",')
    before = snapshot(film)
    result = run(*command, cwd=film)
    assert result.returncode == 2, result.stderr
    assert f"pyproject.toml:{line}: [tool.subtool.languages] lists 'de', the language of " \
           "the master (subtitles/de.srt)" in result.stderr
    assert snapshot(film) == before


def test_a_language_whose_track_is_the_master_file_is_a_configuration_error(
        film: Path) -> None:
    line = _configure(film, 'languages = ["en",', 'languages = ["en",')
    _configure(film, 'master = "subtitles/de.srt"', 'master = "subtitles/en.srt"')
    result = run("check", "subtitles/tr.srt", cwd=film)
    assert result.returncode == 2, result.stderr
    assert f"pyproject.toml:{line}: [tool.subtool.languages] lists 'en', whose track " \
           "(subtitles/en.srt) is the master file" in result.stderr


@pytest.mark.parametrize("command", [("import", "de", "subtitles/en.srt"), ("accept", "de"),
                                     ("accept", "de", "--cue", "1"), ("export-po", "de")])
def test_import_and_accept_refuse_the_master_language(film: Path,
                                                      command: tuple[str, ...]) -> None:
    before = snapshot(film)
    result = run(*command, cwd=film)
    assert result.returncode == 2, result.stderr
    assert "de is the language of the master (subtitles/de.srt): the master is edited " \
           "directly" in result.stderr
    assert snapshot(film) == before


# --- 7. TBX regional tags ---------------------------------------------------------------


def _tbx(film: Path) -> str:
    result = run("glossary", "export", "--format", "tbx", cwd=film)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("tag", ["en-US", "en-GB", "en_us", "EN"])
def test_a_regional_tbx_tag_fills_the_projects_column(film: Path, tag: str) -> None:
    tbx = _tbx(film)
    regional = tbx.replace('xml:lang="en"', f'xml:lang="{tag}"')
    assert regional.count(tag) >= 50  # the header still lists en, as the probe had it
    (film / "us.tbx").write_text(regional, "utf-8")
    before = (film / "glossary" / "terms.csv").read_bytes()
    result = run("glossary", "import", "us.tbx", "--force", cwd=film)
    assert result.returncode == 0, result.stderr
    after = (film / "glossary" / "terms.csv").read_bytes()
    assert after == before  # the en column keeps its terms; no column of its own


def test_two_tags_of_one_concept_for_one_column_are_refused(film: Path) -> None:
    tbx = _tbx(film)
    en = re.search(r'\n( *)<langSec xml:lang="en">.*?</langSec>', tbx, re.S)
    assert en is not None
    doubled = tbx.replace(en[0], en[0] + en[0].replace('"en"', '"en-US"'), 1)
    (film / "us.tbx").write_text(doubled, "utf-8")
    before = snapshot(film)
    result = run("glossary", "import", "us.tbx", "--force", cwd=film)
    assert result.returncode != 0
    line = doubled[:doubled.index('<conceptEntry id="seniorenbuero">')].count("\n") + 1
    assert f"line {line}" in result.stderr or f"us.tbx:{line}" in result.stderr
    assert "'en' and 'en-US', which would both go into the 'en' column" in result.stderr
    assert snapshot(film) == before


CUE3 = "Her şey bir pilot projeyle başladı."


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_an_older_export_never_undoes_a_newer_translation(film: Path, fmt: str) -> None:
    # The translator starts on an export; meanwhile cue 3 is corrected in the project.
    # The returned file still has the exported text of cue 3: that text was not the
    # translator's change, and it replaced the correction with exit 0.
    old = exported(film, fmt)
    track = film / "subtitles" / "tr.srt"
    corrected = track.read_text("utf-8").replace(CUE3, "Her şey bir model projeyle başladı.", 1)
    assert corrected != track.read_text("utf-8")
    track.write_text(corrected, "utf-8")
    code, stderr = deliver(film, fmt, old)
    assert code == 0, stderr
    assert "cues 3 changed in the project since the export" in stderr
    assert "model projeyle" in track.read_text("utf-8")
    # Both changed the cue (a correction of the delivery, or a second delivery of the same
    # file): the translator's latest text is taken, and said; the track keeps a .bak.
    both = old.replace(CUE3, "Her şey bir deneme projesiyle başladı.", 1)
    assert both != old
    code, stderr = deliver(film, fmt, both)
    assert code == 0, stderr
    assert "cues 3 had changed in the project since the export too" in stderr
    assert "deneme projesiyle" in track.read_text("utf-8")
    assert "model projeyle" in (film / "subtitles" / "tr.srt.bak").read_text("utf-8")


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_a_file_exported_before_fingerprints_still_imports(film: Path, fmt: str) -> None:
    old = re.sub(r"[^\n]*exported translation \(subtool compares it on import; leave "
                 r"it\):[^\n]*\n?", "", exported(film, fmt))
    old = re.sub(r"\n#\. [0-9a-f]{12}\n", "\n", old)  # a wrapped PO comment's second line
    assert "exported translation" not in old
    code, stderr = deliver(film, fmt, old.replace(CUE3, "Her şey bir model projeyle başladı.", 1))
    assert code == 0, stderr
    assert "1 cue(s) changed" in stderr


@pytest.mark.parametrize("lang", ["tr", "pl", "it"])
def test_english_delivered_for_a_latin_language_without_its_letters_is_refused(
        film: Path, lang: str) -> None:
    # English has no letters of its own: as tr, pl or it it passed the letter checks and
    # replaced 113 translations. Its most common words (the, and, of …) give it away.
    before = snapshot(film)
    result = run("import", lang, "subtitles/en.srt", cwd=film)
    assert result.returncode == 1, result.stderr
    assert "looks like English" in result.stderr and "common English words" in result.stderr
    assert snapshot(film) == before


def test_every_track_of_the_film_is_taken_for_its_own_language_only() -> None:
    # The words check beside the letter checks, on the film's eleven tracks: each is accepted
    # as its own language and refused as each of the ten others.
    from subtool.core.errors import ContentError  # noqa: PLC0415
    from subtool.formats import parse_text  # noqa: PLC0415
    from subtool.translation.workflow import check_text_language  # noqa: PLC0415

    langs = ["de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]
    texts = {lang: [c.text for c in parse_text((ROOT / "subtitles" / f"{lang}.srt")
                                               .read_text("utf-8"), "srt").cues]
             for lang in langs}
    for source in langs:
        check_text_language(texts[source], source, f"{source}.srt")
        for claimed in (lang for lang in langs if lang != source):
            with pytest.raises(ContentError):
                check_text_language(texts[source], claimed, f"{source}.srt")
