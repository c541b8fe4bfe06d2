"""Every film language in each of its legacy code pages, damaged UTF-8, BOMs, refusals.

The sentences are the film's own (from ``subtitles/<lang>.srt``), written into SRT files in
the code pages Windows editors save them in. The language facts are those the languages'
data files give (script, code pages, typical letters).
"""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from subtool.core.model import Severity
from subtool.formats import parse_bytes
from subtool.formats.encoding import LanguageHint, decode, plausible

HINTS = {
    "de": LanguageHint("de", "Latn", ("cp1252",), "äöüßÄÖÜ"),
    "en": LanguageHint("en", "Latn", ("cp1252",), ""),
    "tr": LanguageHint("tr", "Latn", ("cp1254",), "çğışöüÇĞİŞÖÜ"),
    "ar": LanguageHint("ar", "Arab", ("cp1256", "iso-8859-6"),
                       "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"),
    "pl": LanguageHint("pl", "Latn", ("cp1250", "iso-8859-2"), "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"),
    "ro": LanguageHint("ro", "Latn", ("cp1250", "iso-8859-16"), "ăâîșțĂÂÎȘȚ"),
    "bg": LanguageHint("bg", "Cyrl", ("cp1251",), "ъщюя"),
    "uk": LanguageHint("uk", "Cyrl", ("cp1251", "koi8-u"), "ґєії"),
    "ru": LanguageHint("ru", "Cyrl", ("cp1251", "koi8-r"), "ёыэъ"),
    "it": LanguageHint("it", "Latn", ("cp1252",), "àèéìòù"),
    "el": LanguageHint("el", "Grek", ("cp1253", "iso-8859-7"), "άέήίόύώ"),
}

# Four cues of the film per language, as its translators wrote them.
FILM = {
    "de": ["Sie beraten Senior:innen\nund ihre Angehörigen:",
           "kostenlos, unabhängig\nund ganz in der Nähe.",
           "Viele ältere Menschen wissen nicht,\nwelche Hilfen es gibt.",
           "Ich bin Birgit Hansmann\nund leite das Sozialamt – „Grüße aus Hörde“."],
    "en": ["They advise older people\nand their relatives:",
           "I’m Birgit Hansmann,\nhead of the Social Welfare Office.",
           "Many older people don’t know\nwhat help is available.",
           "Back then, we realised:\n“How do we reach them?”"],
    "tr": ["Yaşlılara ve yakınlarına\ndanışmanlık veriyorlar:",
           "ücretsiz, bağımsız\nve hemen yanı başınızda.",
           "Ben Birgit Hansmann,\nSosyal Dairenin müdürüyüm.",
           "Birçok yaşlı insan\nne tür yardımlar olduğunu bilmiyor."],
    "ar": ["تقدم المشورة لكبار السن ولأقاربهم:",
           "مجانا وباستقلالية، وقريبا جدا منكم.",
           "كثير من كبار السن لا يعرفون\nما المساعدات المتاحة لهم.",
           "كيف نصل إليهم مباشرة حيث يعيشون؟\nفي جوارهم القريب."],
    "pl": ["Doradzają seniorom i ich bliskim:\nbezpłatnie, niezależnie i blisko domu.",
           "Jestem Birgit Hansmann,\nkieruję urzędem socjalnym.",
           "Zauważyliśmy wtedy:\nWiele starszych osób nie wie,",
           "jaka pomoc jest dostępna.\nJak dotrzeć do nich tam, gdzie mieszkają?"],
    "ro": ["Ele îi consiliază\npe seniori și pe rudele lor:",
           "gratuit, independent și foarte aproape.\nOferim consiliere confidențială.",
           "Mulți vor să trăiască acasă,\nîn vârstă: „Du-te la biroul pentru seniori.”",
           "nu știu ce ajutoare există.\nCum ajungem la ele?"],
    "bg": ["Те съветват възрастни хора\nи техните близки:",
           "Аз съм Биргит Хансман\nи ръководя социалната служба.",
           "Много възрастни хора не знаят\nкаква помощ могат да получат.",
           "Как да стигнем до тях\nточно там, където живеят?"],
    "uk": ["Вони консультують літніх людей\nта їхніх рідних:",
           "безкоштовно, незалежно й зовсім поруч.",
           "Багато літніх людей не знають,\nяка допомога їм доступна.",
           "Як дістатися до них\nсаме там, де вони живуть? Усе почалося з проєкту."],
    "ru": ["Они консультируют\nпожилых людей и их близких:",
           "бесплатно, независимо и совсем рядом.",
           "Многие пожилые люди не знают,\nкакая помощь им доступна.",
           "Всё началось с пилотного проекта.\nЭто было важно."],
    "it": ["Consulenza per persone anziane\ne i loro familiari:",
           "gratuita, indipendente e vicino a casa.",
           "Tutto è iniziato con un progetto pilota.",
           "Come raggiungerli proprio lì dove vivono?\nNel loro vicinato, perché è lì."],
    "el": ["Συμβουλεύουν ηλικιωμένους\nκαι τους συγγενείς τους: Μπράκελ, Άπλερμπεκ",
           "δωρεάν, ανεξάρτητα και πολύ κοντά σας.",
           "Πολλοί ηλικιωμένοι δεν ξέρουν\nποια βοήθεια υπάρχει.",
           "Όλα ξεκίνησαν με ένα πιλοτικό πρόγραμμα.\nΠώς θα τους προσεγγίσουμε;"],
}

# Windows-1250 has no comma-below letters: Romanian files in it hold ş ţ (with cedilla).
CEDILLA = str.maketrans("șțȘȚ", "şţŞŢ")


def srt(texts: list[str]) -> str:
    """An SRT file of the texts, 3 s apart, with CRLF line ends as Windows editors save."""
    blocks = [f"{n}\r\n00:00:{3 * n:02d},000 --> 00:00:{3 * n + 2:02d},500\r\n"
              + text.replace("\n", "\r\n") + "\r\n" for n, text in enumerate(texts, 1)]
    return "\r\n".join(blocks)


def in_code_page(lang: str, page: str) -> tuple[str, bytes]:
    """The film's text as it is in a file saved in ``page``, and that file's bytes."""
    texts = [t.translate(CEDILLA) for t in FILM[lang]] if page == "cp1250" and lang == "ro" \
        else FILM[lang]
    return "\n".join(texts), srt(texts).encode(page)


CASES = [(lang, page) for lang, hint in HINTS.items() for page in hint.code_pages]


@pytest.mark.parametrize(("lang", "page"), CASES, ids=[f"{lg}-{p}" for lg, p in CASES])
def test_each_language_in_each_of_its_code_pages_is_read_exactly(lang: str, page: str) -> None:
    expected, data = in_code_page(lang, page)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really a legacy file
    track = parse_bytes(data, "srt", hint=HINTS[lang])
    assert "\n".join(c.text for c in track.cues) == expected
    assert [c.start for c in track.cues] == [3000, 6000, 9000, 12000]
    (diag,) = track.diagnostics
    name = codecs.lookup(page).name
    shown = ("Windows-" + name[2:]) if name.startswith("cp") else \
        ("ISO 8859-" + name[8:]) if name.startswith("iso8859-") else name.upper()
    assert (diag.rule, diag.severity) == ("encoding", Severity.ERROR)
    assert shown in diag.message
    assert "converted" in diag.message
    lines = data.split(b"\r\n")
    assert diag.line == next(n for n, line in enumerate(lines, 1) if not line.isascii())


def test_romanian_windows_1250_holds_cedilla_letters_and_they_are_what_is_read() -> None:
    _, data = in_code_page("ro", "cp1250")
    text = "\n".join(c.text for c in parse_bytes(data, "srt", hint=HINTS["ro"]).cues)
    assert "ş" in text and "ţ" in text
    assert "ș" not in text and "ț" not in text


def test_romanian_without_distinguishing_bytes_is_read_as_windows_1250_and_says_so() -> None:
    # Without quotes or other punctuation, Windows-1250 and ISO 8859-16 bytes of Romanian
    # differ only in ş ţ against ș ț: the file is read as Windows editors write it.
    data = srt(["Mulți vor să trăiască acasă."]).encode("iso-8859-16")
    track = parse_bytes(data, "srt", hint=HINTS["ro"])
    assert track.cues[0].text == "Mulţi vor să trăiască acasă."
    assert "Windows-1250" in track.diagnostics[0].message


def test_greek_without_distinguishing_bytes_names_both_code_pages() -> None:
    data = srt(["Πολλοί ηλικιωμένοι δεν ξέρουν"]).encode("iso-8859-7")
    (diag,) = parse_bytes(data, "srt", hint=HINTS["el"]).diagnostics
    assert "Windows-1253 (or ISO 8859-7: the same text)" in diag.message


def test_russian_koi8_r_is_not_taken_for_windows_1251_nor_the_reverse() -> None:
    for page in ("koi8-r", "cp1251"):
        expected, data = in_code_page("ru", page)
        decoded = decode(data, HINTS["ru"])
        assert (decoded.encoding, decoded.text.replace("\r\n", "\n").count("\n")) == \
            (codecs.lookup(page).name, srt(FILM["ru"]).count("\r\n"))
        assert all(line in decoded.text for line in expected.split("\n"))


@pytest.mark.parametrize(("source", "wrong"), [
    ("ru", "de"), ("de", "ru"), ("el", "ru"), ("ru", "el"), ("tr", "de"), ("pl", "it"),
    ("it", "pl"), ("ro", "bg"), ("de", "el"), ("ar", "tr"), ("bg", "pl"),
])
def test_a_file_in_another_languages_code_page_is_refused_not_garbled(
        source: str, wrong: str) -> None:
    _, data = in_code_page(source, HINTS[source].code_pages[0])
    track = parse_bytes(data, "srt", hint=HINTS[wrong])
    assert track.cues == ()
    (diag,) = track.diagnostics
    assert (diag.rule, diag.severity) == ("parse-error", Severity.ERROR)
    assert f"as {wrong} text" in diag.message
    assert "save it as UTF-8" in diag.message


def test_a_legacy_file_without_a_language_is_refused_with_what_to_do() -> None:
    _, data = in_code_page("ru", "cp1251")
    decoded = decode(data)
    assert (decoded.text, decoded.refused, decoded.readable) == ("", True, False)
    track = parse_bytes(data, "srt")
    assert track.cues == ()
    (diag,) = track.diagnostics
    assert (diag.rule, diag.line) == ("parse-error", 3)
    assert "Subtitle Edit" in diag.message and "UTF-8" in diag.message


def test_utf8_is_read_exactly_whatever_the_hint() -> None:
    for lang, hint in HINTS.items():
        data = srt(FILM[lang]).encode("utf-8")
        decoded = decode(data, hint)
        assert (decoded.text, decoded.encoding, decoded.diagnostics, decoded.damaged) == \
            (srt(FILM[lang]), "utf-8", (), False)


@pytest.mark.parametrize(("bom", "codec", "shown"), [
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
], ids=["utf16le", "utf16be", "utf32le", "utf32be"])
def test_utf16_and_utf32_with_bom_are_read_exactly_and_are_errors(
        bom: bytes, codec: str, shown: str) -> None:
    for lang in ("el", "ar", "uk"):
        data = bom + srt(FILM[lang]).encode(codec)
        track = parse_bytes(data, "srt")  # no language needed: the BOM says it all
        assert [c.text for c in track.cues] == FILM[lang]
        (diag,) = track.diagnostics
        assert (diag.rule, diag.severity, diag.line) == ("encoding", Severity.ERROR, 1)
        assert shown in diag.message


@pytest.mark.parametrize(("codec", "shown"), [
    ("utf-16-le", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"), ("utf-32-be", "UTF-32 (big-endian)"),
])
def test_utf16_and_utf32_without_bom_whole_or_cut_short_are_read(codec: str,
                                                                  shown: str) -> None:
    # UTF-32, and UTF-16 cut short (an odd number of bytes), were called binary files.
    for lang in ("el", "ar", "uk", "tr"):
        data = srt(FILM[lang]).encode(codec)
        track = parse_bytes(data, "srt")
        assert [c.text for c in track.cues] == FILM[lang]
        (diag,) = track.diagnostics
        assert (diag.rule, diag.severity, diag.line) == ("encoding", Severity.ERROR, 1)
        assert f"{shown} without a byte order mark" in diag.message
        cut = decode(data[:-1])
        assert cut.damaged and cut.text.startswith(srt(FILM[lang])[:-2])
        assert cut.diagnostics[-1].line == srt(FILM[lang]).count("\n")  # the last line
        assert "cut short" in cut.diagnostics[-1].message


def test_utf8_bom_is_read_exactly_and_is_only_a_warning() -> None:
    data = codecs.BOM_UTF8 + srt(FILM["tr"]).encode("utf-8")
    track = parse_bytes(data, "srt")
    assert [c.text for c in track.cues] == FILM["tr"]
    (diag,) = track.diagnostics
    assert (diag.rule, diag.severity) == ("encoding", Severity.WARNING)


def test_damaged_utf8_keeps_valid_lines_and_decodes_a_legacy_line_by_its_language() -> None:
    # A German UTF-8 file where one line was pasted from a Windows-1252 document.
    good = srt(FILM["de"]).encode("utf-8").split(b"\r\n")
    assert good[7] == "kostenlos, unabhängig".encode()
    good[7] = "kostenlos, unabhängig".encode("cp1252")
    decoded = decode(b"\r\n".join(good), HINTS["de"])
    assert decoded.text == srt(FILM["de"])  # every line right, the pasted one too
    assert (decoded.encoding, decoded.damaged) == ("utf-8", True)
    (diag,) = decoded.diagnostics
    assert (diag.rule, diag.line, diag.severity) == ("encoding", 8, Severity.ERROR)
    assert "Windows-1252" in diag.message and "0xE4" in diag.message


def test_damaged_utf8_line_that_is_no_language_gets_replacement_characters() -> None:
    lines = srt(FILM["ru"]).encode("utf-8").split(b"\r\n")
    lines[2] = b"\xd0\x9e\xd0\xbd\xd0 \xe2\x80 OK"  # cut multi-byte sequences
    decoded = decode(b"\r\n".join(lines), HINTS["ru"])
    got = decoded.text.split("\r\n")
    assert got[2] == "Он\ufffd \ufffd OK"
    assert got[:2] + got[3:] == srt(FILM["ru"]).split("\r\n")[:2] + \
        srt(FILM["ru"]).split("\r\n")[3:]
    assert [(d.rule, d.line) for d in decoded.diagnostics] == [("encoding", 3)]
    assert "U+FFFD" in decoded.diagnostics[0].message
    assert decoded.damaged


def test_damaged_utf8_without_language_reports_every_damaged_line() -> None:
    lines = srt(FILM["el"]).encode("utf-8").split(b"\r\n")
    lines[2] = "Συμβουλεύουν".encode("cp1253")
    lines[7] = "δωρεάν".encode("iso-8859-7")
    track = parse_bytes(b"\r\n".join(lines), "srt")
    assert len(track.cues) == 4  # no cue lost
    assert [(d.rule, d.line) for d in track.diagnostics] == [("encoding", 3), ("encoding", 8)]
    assert track.cues[2].text == FILM["el"][2]  # untouched lines stay exact


def test_damaged_utf8_with_a_bom_keeps_the_bom_warning_and_marks_the_damage() -> None:
    lines = srt(FILM["pl"]).encode("utf-8").split(b"\r\n")
    lines[3] = "bezpłatnie, niezależnie i blisko domu.".encode("cp1250")
    decoded = decode(codecs.BOM_UTF8 + b"\r\n".join(lines), HINTS["pl"])
    assert decoded.text == srt(FILM["pl"])
    assert [(d.rule, d.line, d.severity) for d in decoded.diagnostics] == [
        ("encoding", 1, Severity.WARNING), ("encoding", 4, Severity.ERROR)]
    assert decoded.damaged


def test_a_file_mostly_in_a_legacy_code_page_is_not_taken_for_damaged_utf8() -> None:
    # "Д»" happens to be valid UTF-8 in Windows-1251 bytes; the rest of the file is not.
    texts = [*FILM["ru"], "«ДА»"]
    data = srt(texts).encode("cp1251")
    decoded = decode(data, HINTS["ru"])
    assert (decoded.encoding, decoded.damaged) == ("cp1251", False)
    assert decoded.text == srt(texts)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Grüße aus Hörde", "de", True),
    ("GrьЯe aus Hцrde", "de", False),  # German Windows-1252 read as Windows-1251
    ("Ïðèâåò, ìèð", "ru", False),  # Russian Windows-1251 read as Windows-1252
    ("пРИВЕТ, мИР. кАК ДЕЛА", "ru", False),  # Windows-1251 read as KOI8-R
    ("Привет, мир. Как дела", "ru", True),
    ("Zauważyliśmy wtedy", "pl", True),
    ("Zauwa¿yliœmy wtedy", "pl", False),  # Polish Windows-1250 read as Windows-1252
    ("Totul a început și atunci", "ro", True),
    ("Totul a început şi atunci", "ro", True),  # the cedilla form is still Romanian
    ("Όλα ξεκίνησαν", "el", True),
    ("¼ëá îåêßíçóáí", "el", False),  # Greek ISO 8859-7 read as Windows-1252
    ("I’m Birgit Hansmann", "en", True),
], ids=lambda v: v if isinstance(v, str) and len(v) <= 3 else None)
def test_plausibility_for_the_language(text: str, lang: str, expected: bool) -> None:
    assert plausible(text, HINTS[lang]) is expected


def test_utf8_files_do_not_import_charset_normalizer_and_legacy_files_do() -> None:
    code = ("import sys\nfrom subtool.formats import parse_bytes\n"
            "from subtool.formats.encoding import LanguageHint\n"
            "parse_bytes('1\\n00:00:01,000 --> 00:00:02,000\\nGrüße\\n'.encode(), 'srt')\n"
            "print('charset_normalizer' in sys.modules)\n"
            "h = LanguageHint('de', 'Latn', ('cp1252',), 'äöüßÄÖÜ')\n"
            "t = parse_bytes('1\\n00:00:01,000 --> 00:00:02,000\\nGrüße\\n'.encode('cp1252'),"
            " 'srt', hint=h)\n"
            "print('charset_normalizer' in sys.modules, t.cues[0].text)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:2] == ["False", "True Grüße"]


@pytest.mark.parametrize(("data", "name", "said"), [
    (b"", "de.srt", "it is empty;"), (codecs.BOM_UTF8, "de.srt", "it is empty;"),
    (b"\n \r\n", "de.srt", "it is empty;"), (b"WEBVTT\n\n", "de.vtt", "but for its header"),
    (codecs.BOM_UTF16_BE, "de.srt", "it is empty;"),
])
def test_a_file_without_cues_is_a_parse_error(data: bytes, name: str, said: str) -> None:
    # An empty file (a failed export, the wrong file) passed as clean.
    track = parse_bytes(data, name=name)
    # A WebVTT header alone is valid (browsers read it): a warning, not a parse error.
    rule = "syntax" if name.endswith(".vtt") else "parse-error"
    found = [d for d in track.diagnostics if d.rule == rule and "holds no cues" in d.message]
    assert len(found) == 1 and said in found[0].message
