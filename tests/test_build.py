"""subtool build: the film project in eleven languages, and blocked projects explained."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import srt as srt_lib
from helpers import copy_film
from helpers import run_subtool as run

from subtool.core.model import Cue, Track
from subtool.formats import srt
from subtool.pipeline import build as pipeline
from subtool.project.config import find as find_project
from subtool.project.config import read as load
from subtool.render import export

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]




@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped film built into a temporary folder by the real command."""
    out = tmp_path_factory.mktemp("dist")
    result = run("build", "--output", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return out


def test_film_builds_22_subtitle_files_and_the_rest(film: Path) -> None:
    names = {p.name for p in film.iterdir()}
    for lang in LANGS:
        for ext in ("srt", "vtt", "txt"):
            assert f"dortmund-seniorenbueros.{lang}.{ext}" in names
    assert {"manifest.json", "youtube-upload.csv", "report.html", "report.md",
            "dortmund-seniorenbueros.transcript.html"} <= names
    assert len([n for n in names if n.endswith((".srt", ".vtt"))
                and ".descriptions." not in n]) == 22
    # ... and the German audio description track (the film's description script).
    assert "dortmund-seniorenbueros.descriptions.de.vtt" in names


def test_exports_are_utf8_without_bom_with_lf(film: Path) -> None:
    for path in film.glob("*.*"):
        if path.name == "youtube-upload.csv":
            continue  # for Excel: see the next test
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path
        assert b"\r" not in data, path
        data.decode("utf-8")


def test_upload_sheet_opens_in_german_excel(film: Path) -> None:
    data = (film / "youtube-upload.csv").read_bytes()
    # Excel reads a CSV file as UTF-8 only with a byte order mark, and German Excel splits
    # columns at its list separator, the semicolon; Excel writes CRLF.
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == "language;track_name;srt_file;vtt_file;cues;status;ready"
    assert lines[-1] == "" and all(line.count(";") == 6 for line in lines[:-1])
    assert "tr;Türkçe;dortmund-seniorenbueros.tr.srt;" in lines[3]


def test_every_srt_parses_with_the_independent_srt_library(film: Path) -> None:
    for lang in LANGS:
        path = film / f"dortmund-seniorenbueros.{lang}.srt"
        theirs = list(srt_lib.parse(path.read_text(encoding="utf-8")))
        ours = srt.parse(path.read_text(encoding="utf-8")).cues
        assert len(theirs) == len(ours) == 115
        for a, b in zip(theirs, ours, strict=True):
            assert round(a.start.total_seconds() * 1000) == b.start
            assert round(a.end.total_seconds() * 1000) == b.end
            assert a.content == b.text
            assert "<" not in a.content  # YouTube shows SRT markup as text


def test_manifest_and_upload_sheet_name_every_track_in_its_own_language(film: Path) -> None:
    manifest = json.loads((film / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ready"] is True
    names = {t["language"]: t["name"] for t in manifest["tracks"]}
    assert names == {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية",
                     "pl": "Polski", "ro": "Română", "bg": "Български", "uk": "Українська",
                     "ru": "Русский", "it": "Italiano", "el": "Ελληνικά"}
    assert all(t["status"] == "ready" for t in manifest["tracks"])
    assert [t["master"] for t in manifest["tracks"]] == [True] + [False] * 10
    with (film / "youtube-upload.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["language"] for r in rows] == LANGS
    assert all(r["ready"] == "yes" and r["status"] == "ready" and r["cues"] == "115"
               for r in rows)


def test_transcript_page_sets_lang_and_dir(film: Path) -> None:
    page = (film / "dortmund-seniorenbueros.transcript.html").read_text(encoding="utf-8")
    # The page's own words are in the reader's language; each section in its own.
    assert re.search(r'<html lang="(en|de)" dir="ltr">', page)
    assert '<section id="ar" lang="ar" dir="rtl"' in page
    assert '<section id="el" lang="el" dir="ltr"' in page
    text = (film / "dortmund-seniorenbueros.tr.txt").read_text(encoding="utf-8")
    assert text.startswith("Dortmunder Seniorenbüros. Für Sie in Ihrem Stadtbezirk!\nTürkçe\n")


def test_second_build_is_byte_identical_and_rewrites_nothing(tmp_path: Path) -> None:
    first = run("build", "--output", str(tmp_path), cwd=ROOT)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    second = run("build", "--output", str(tmp_path), cwd=ROOT)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert first.returncode == second.returncode == 0
    assert before == after
    assert "Wrote 0 files" in second.stdout


def test_subset_and_check_only(tmp_path: Path) -> None:
    result = run("build", "--lang", "tr", "--lang", "ar", "--output", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.glob("*.srt")) == [
        "dortmund-seniorenbueros.ar.srt", "dortmund-seniorenbueros.tr.srt"]
    # The shared outputs still describe the whole film.
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert [t["language"] for t in manifest["tracks"]] == LANGS
    sheet = (tmp_path / "youtube-upload.csv").read_text(encoding="utf-8-sig")
    assert len(sheet.splitlines()) == 1 + 11
    page = (tmp_path / "dortmund-seniorenbueros.transcript.html").read_text(encoding="utf-8")
    assert page.count("<section ") == 11 and '<section id="de"' in page
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert all(f'id="{lang}"' in report for lang in LANGS)
    empty = tmp_path / "nothing"
    result = run("build", "--check-only", "--output", str(empty), cwd=ROOT)
    assert result.returncode == 0
    assert not empty.exists()
    bad = run("build", "--lang", "fr", "--check-only", cwd=ROOT)
    assert bad.returncode == 2
    assert "not a language of this project" in bad.stderr


MASTER = ("1\n00:00:01,000 --> 00:00:04,000\nGuten Tag und willkommen.\n\n"
          "2\n00:00:04,080 --> 00:00:08,000\nDas Seniorenbüro berät Sie.\n")


def _project(tmp_path: Path, en: str) -> Path:
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "de.srt").write_text(MASTER, encoding="utf-8")
    (tmp_path / "subs" / "en.srt").write_text(en, encoding="utf-8")
    (tmp_path / "subtool.toml").write_text(
        'title = "Test"\nslug = "test"\nmaster = "subs/de.srt"\nlanguages = ["en", "ar"]\n'
        'tracks = "subs/{lang}.srt"\n', encoding="utf-8")
    return tmp_path


def test_blocked_project_explains_what_blocks_and_who_fixes_it(tmp_path: Path) -> None:
    en = ("1\n00:00:01,000 --> 00:00:04,000\nHello and welcome to the Seniors' Office, "
          "your local advice centre.\n")
    project = _project(tmp_path, en)
    result = run("build", cwd=project)
    assert result.returncode == 1
    out = result.stdout
    assert "blocked" in out
    assert "English (en), cue 1 at 0:01.000" in out
    assert "the translator for English (subs/en.srt)" in out
    assert "العربية (ar), the file: the track file subs/ar.srt does not exist" in out
    assert "Traceback" not in result.stderr
    report = (project / "dist" / "report.html").read_text(encoding="utf-8")
    assert "line-length" in report and "cue-parity" in report


def test_staff_see_why_a_track_is_blocked_before_its_consequences(tmp_path: Path) -> None:
    # A binary track file left every master cue without a translation: the summary's first
    # eight lines were eight of those, and the binary file was not among them.
    project = copy_film(tmp_path / "film")
    (project / "subtitles" / "tr.srt").write_bytes(bytes(range(256)) * 8)
    (project / "subtitles" / "ro.srt").write_text(
        "1\n00:00:01,000 --> 00:00:0x,000\nkaputt\n", "utf-8")
    result = run("build", "--check-only", cwd=project)
    assert result.returncode == 1, result.stderr
    bullets = [line for line in result.stdout.splitlines() if line.startswith("  • ")]
    assert bullets[0].startswith("  • Türkçe (tr), the file: this is a binary file")
    assert bullets[1].startswith("  • Română (ro), the file: timing line")
    # Then each track's next kind, once, with how many more there are of it.
    assert sum("has no cue in this translation" in b for b in bullets) == 2
    assert all(b.endswith("(and 114 more like it)") for b in bullets
               if "has no cue in this translation" in b)


def test_report_escapes_subtitle_text(tmp_path: Path) -> None:
    en = "1\n00:00:01,000 --> 00:00:04,000\n<script>alert(1)</script>\n"
    project = _project(tmp_path, en)
    run("build", cwd=project)
    report = (project / "dist" / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in report
    assert "&lt;script&gt;" in report


def test_missing_configuration_is_exit_2(tmp_path: Path) -> None:
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "no film project found" in result.stderr
    (tmp_path / "subtool.toml").write_text('master = "nope.srt"\n', encoding="utf-8")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.srt does not exist" in result.stderr


@pytest.mark.parametrize(("lang", "line", "expected"), [
    ("ar", "dortmund.de/seniorenbueros", "\u200fdortmund.de/seniorenbueros"),
    ("ar", "\u200fdortmund.de", "\u200fdortmund.de"),            # never twice
    ("ar", "2020 بدأ المشروع", "2020 بدأ المشروع"),              # digits are weak
    ("ar", "<i>Birgit</i> هنا", "\u200f<i>Birgit</i> هنا"),     # mark outside the tag
    ("de", "dortmund.de", "dortmund.de"),
    ("el", "Χέρντε", "Χέρντε"),
])
def test_vtt_export_adds_rlm_only_where_a_browser_needs_it(lang: str, line: str,
                                                           expected: str) -> None:
    track = Track((Cue(0, 2000, line),))
    assert export.upload_track(track, lang, "vtt").cues[0].text == expected


def test_srt_export_strips_all_markup_and_vtt_keeps_only_basic_tags() -> None:
    track = Track((Cue(0, 2000, "{\\an8}<i>Hallo</i> <font color=\"red\">Welt</font> <c.x>!</c>"),))
    assert export.upload_track(track, "de", "srt").cues[0].text == "Hallo Welt !"
    assert export.upload_track(track, "de", "vtt").cues[0].text == "<i>Hallo</i> Welt !"


def test_preview_page(tmp_path: Path) -> None:
    out = tmp_path / "preview.html"
    (tmp_path / "film.mp4").write_bytes(b"not really a film")
    result = run("preview", "--video", str(tmp_path / "film.mp4"), "--output", str(out),
                 cwd=ROOT)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert '<video id="player" controls preload="metadata" src="film.mp4"' in page
    assert page.count('<td lang="ar" dir="rtl">') == 115
    assert page.count("<tr data-start=") == 115 and '<tr data-start="4.880">' in page
    assert "</script>" not in page.split('id="tracks">', 1)[1].split("</script>", 1)[0]
    # Without a video: no player, no script, the strict policy of every other page.
    plain = run("preview", "--output", str(out), cwd=ROOT)
    assert plain.returncode == 0, plain.stderr
    page = out.read_text(encoding="utf-8")
    assert "<video" not in page and "<script" not in page and "<tr data-start" not in page
    assert "script-src" not in page
    # Its own page it writes again; another file of that name only with --force (it wrote
    # over a README.md).
    other = tmp_path / "notes.html"
    other.write_text("Notizen\n", encoding="utf-8")
    refused = run("preview", "--output", str(other), cwd=ROOT)
    assert refused.returncode == 2 and "already exists; add --force" in refused.stderr
    assert other.read_text(encoding="utf-8") == "Notizen\n"
    assert run("preview", "--output", str(other), "--force", cwd=ROOT).returncode == 0
    assert '<meta name="generator" content="subtool">' in other.read_text(encoding="utf-8")


def test_preview_refuses_a_missing_film_and_names_it(tmp_path: Path) -> None:
    out = tmp_path / "preview.html"
    result = run("preview", "--video", "films/nope.mp4", "--output", str(out), cwd=ROOT)
    assert result.returncode == 2
    assert "films/nope.mp4" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    bad = run("preview", "--video", "https:///film.mp4", "--output", str(out), cwd=ROOT)
    assert bad.returncode == 2 and "not a complete web address" in bad.stderr


def test_pipeline_check_only_writes_nothing(tmp_path: Path) -> None:
    config = find_project(ROOT)
    assert config is not None
    result = pipeline.build(load(config), langs=["de"])
    assert [r.lang for r in result.built] == ["de"]
    assert len(result.languages) == 11  # every language checked for the shared outputs
    assert "manifest.json" in result.files
    assert "dortmund-seniorenbueros.de.srt" in result.files
    assert "dortmund-seniorenbueros.tr.srt" not in result.files


def test_every_vtt_parses_with_webvtt_py_in_strict_mode(film: Path) -> None:
    import webvtt  # noqa: PLC0415

    from subtool.core.timecode import format_vtt  # noqa: PLC0415
    from subtool.formats import vtt  # noqa: PLC0415

    for lang in LANGS:
        path = film / f"dortmund-seniorenbueros.{lang}.vtt"
        # webvtt-py drops invalid cues silently unless it is strict: strict raises instead.
        theirs = webvtt.from_buffer(io.StringIO(path.read_text(encoding="utf-8")),
                                    strict=True).captions
        ours = vtt.parse(path.read_text(encoding="utf-8")).cues
        assert len(theirs) == len(ours) == 115
        for a, b in zip(theirs, ours, strict=True):
            assert (a.start, a.end) == (format_vtt(b.start), format_vtt(b.end))
            assert a.raw_text == vtt.escape(b.text)


@pytest.mark.parametrize(("values", "expected"), [([3.0], 3.0), ([1.0, 9.0], 5.0),
                                                  ([5.0, 1.0, 3.0], 3.0), ([4, 1, 3, 2], 2.5)])
def test_median(values: list[float], expected: float) -> None:
    from subtool.render.build_report import median  # noqa: PLC0415

    assert median(values) == expected


def test_build_applies_safe_fixes_to_exports_not_sources(tmp_path: Path) -> None:
    en = ("1\n00:00:01,000 --> 00:00:04,000\nGood  day and welcome...\n\n"
          "2\n00:00:04,080 --> 00:00:08,000\nThe Seniors’ Office advises you.\n")
    project = _project(tmp_path, en)
    (project / "subs" / "ar.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nأهلا وسهلا?\n\n"
        "2\n00:00:04,080 --> 00:00:08,000\ndortmund.de/seniorenbueros\n", encoding="utf-8")
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stdout
    exported = (project / "dist" / "test.en.srt").read_text(encoding="utf-8")
    assert "Good day and welcome…" in exported
    assert "Good  day and welcome..." in (project / "subs" / "en.srt").read_text("utf-8")
    arabic = (project / "dist" / "test.ar.srt").read_text(encoding="utf-8")
    assert "أهلا وسهلا؟" in arabic and "\u200fdortmund.de" in arabic
    report = (project / "dist" / "report.md").read_text(encoding="utf-8")
    assert "- en: whitespace: cue 1; ellipsis: cue 1" in report
    assert "- ar: rtl-punctuation: cue 1; rtl-direction: cue 2" in report


def _edit_master(project: Path) -> None:
    master = project / "subtitles" / "de.srt"
    text = master.read_text(encoding="utf-8")
    master.write_text(text.replace("mit einem Modellprojekt.", "mit einem kleinen "
                                   "Modellprojekt.", 1), encoding="utf-8")


@pytest.fixture
def edited_film(tmp_path: Path) -> Path:
    for name in ("pyproject.toml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("subtitles", "glossary"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    _edit_master(tmp_path)
    return tmp_path


def test_a_master_edit_makes_every_translation_need_review(edited_film: Path) -> None:
    result = run("build", "--output", "dist", cwd=edited_film)
    assert result.returncode == 1, result.stdout
    assert "Ready:" not in result.stdout
    for name in ("English (en)", "Türkçe (tr)", "العربية (ar)", "Ελληνικά (el)"):
        row = next(line for line in result.stdout.splitlines() if line.startswith(name))
        assert "needs review" in row
    assert "10 tracks need review before they are published" in result.stdout
    assert "the translator for Turkish (subtitles/tr.srt)" in result.stdout
    assert "subtool diff --stale --lang tr" in result.stdout
    manifest = json.loads((edited_film / "dist" / "manifest.json").read_text("utf-8"))
    assert {t["language"]: t["status"] for t in manifest["tracks"]}["tr"] == "needs review"
    knowingly = run("build", "--allow-review", "--output", "dist", cwd=edited_film)
    assert knowingly.returncode == 0
    assert "Ready:" not in knowingly.stdout and "--allow-review" in knowingly.stdout


def test_machine_drafts_need_review(edited_film: Path) -> None:
    state = edited_film / "subtitles" / "state" / "it.tsv"
    lines = state.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("\thuman\taccepted\t", "\tmachine:libre\tdraft\t")
    state.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("build", "--check-only", "--lang", "it", cwd=edited_film)
    assert result.returncode == 1
    assert "1 machine draft nobody has checked" in result.stdout
