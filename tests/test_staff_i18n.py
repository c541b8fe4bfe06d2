"""German for German staff, English for everyone else: the outputs staff and translators
read (build summary, report, transcript page, preview, to-do lists, rule messages) in both
languages, and the marking of messages that the catalog workflow relies on."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_subtool as run
from projects import block_tracks, copy_film, edit_master, split_master_cue

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "subtool"


def _calls_in_fstrings() -> Iterator[str]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) \
                        and inner.func.id in ("_", "ngettext"):
                    yield f"{path.relative_to(ROOT)}:{inner.lineno}"


def test_no_message_is_marked_inside_an_f_string() -> None:
    # pybabel extract does not look inside f-strings: such a message would never reach the
    # catalog and stay English for German readers without any test noticing.
    assert list(_calls_in_fstrings()) == []


def _f_string_messages() -> Iterator[str]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("_", "ngettext") \
                    and any(isinstance(a, ast.JoinedStr) for a in node.args):
                yield f"{path.relative_to(ROOT)}:{node.lineno}"


def test_messages_are_constant_strings() -> None:
    # _(f"…") would look up a different text every time: never in the catalog.
    assert list(_f_string_messages()) == []


def _film(root: Path, ui: str) -> Path:
    project = copy_film(root)
    edit_master(project)
    split_master_cue(project)
    block_tracks(project)
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'ui-language = "{ui}"\n')
    return project


@pytest.fixture(scope="module")
def deutsch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = _film(tmp_path_factory.mktemp("de"), "de")
    result = run("build", cwd=project)
    assert result.returncode == 1, result.stderr
    return project, result.stdout


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = _film(tmp_path_factory.mktemp("en"), "en")
    result = run("build", cwd=project, env={"LANGUAGE": "de"})  # the setting wins
    assert result.returncode == 1, result.stderr
    return project, result.stdout


def test_build_summary_in_german(deutsch: tuple[Path, str]) -> None:
    _project, out = deutsch
    assert "Sprache" in out and "Stand" in out and "blockiert" in out and "zu prüfen" in out
    assert "Die Veröffentlichung ist blockiert durch 3 Probleme. Die ersten:" in out
    assert ("English (en), Untertitel 4 bei 0:15.040: Zeile 1 des Untertitels hat 79 Zeichen; "
            "höchstens 42 für en") in out
    assert "zu beheben durch: die Übersetzerin oder der Übersetzer für Englisch" in out
    assert "Türkçe (tr), Untertitel 3 bei 0:10.000: beginnt 1000 ms, bevor Untertitel 2 " \
        "endet" in out
    assert "Publishing" not in out and "blocked" not in out


def test_build_summary_in_english(english: tuple[Path, str]) -> None:
    _project, out = english
    assert "Publishing is blocked by 3 problems. The first ones:" in out
    assert "English (en), cue 4 at 0:15.040: line 1 of the cue has 79 characters; at most " \
        "42 for en" in out
    assert "to fix: the translator for English (subtitles/en.srt)" in out


def test_report_in_german(deutsch: tuple[Path, str]) -> None:
    project, _out = deutsch
    page = (project / "dist" / "report.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="de" dir="ltr">')
    assert "<title>Untertitel-Bericht – Dortmunder Seniorenbüros." in page
    for words in ("Die Veröffentlichung ist blockiert: 2 von 12 Spuren haben Fehler",
                  "Was die Veröffentlichung blockiert", "Was geprüft werden muss",
                  "Einzelheiten", "Zahlen je Sprache", "Fachbegriffe",
                  "Zu beheben durch: die Übersetzerin oder der Übersetzer für Türkisch",
                  "Zuständig: die Übersetzerin oder der Übersetzer für Arabisch",
                  "Schicken Sie die Aufgabenliste; Sie erstellen sie mit: <code>subtool diff",
                  "<small>Regel: line-length</small>", "Zum Inhalt springen",
                  "der deutsche Text hat sich seit der Übersetzung geändert: vorher"):
        assert words in page, words
    markdown = (project / "dist" / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Untertitel-Bericht: Dortmunder Seniorenbüros.")
    assert "## Was die Veröffentlichung blockiert" in markdown
    # Numbers as German readers write them.
    assert re.search(r'<td class="num">1[0-9],[0-9]</td>', page)


def test_report_in_english(english: tuple[Path, str]) -> None:
    project, _out = english
    page = (project / "dist" / "report.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert "What blocks publishing" in page and "Who fixes it: the translator for Turkish" in page
    assert re.search(r'<td class="num">1[0-9]\.[0-9]</td>', page)


def test_transcript_and_preview_chrome_in_german(deutsch: tuple[Path, str]) -> None:
    project, _out = deutsch
    page = (project / "dist" / "dortmund-seniorenbueros.transcript.html").read_text("utf-8")
    assert '<html lang="de" dir="ltr">' in page
    assert "<p>Textfassung in 11 Sprachen</p>" in page and 'aria-label="Sprachen"' in page
    assert "– Textfassung</title>" in page
    assert run("preview", cwd=project).returncode == 0
    preview = (project / "dist" / "preview.html").read_text(encoding="utf-8")
    assert "Alle Sprachen, Untertitel für Untertitel" in preview and "Zeitleiste" in preview


def test_todo_list_in_german_and_english(deutsch: tuple[Path, str],
                                         english: tuple[Path, str]) -> None:
    project, _out = deutsch
    result = run("diff", "--stale", "--lang", "ru", "--format", "html", cwd=project)
    assert result.returncode == 0, result.stderr
    page = result.stdout
    assert '<html lang="de" dir="ltr">' in page
    for words in ("Aufgaben für <span", "Untertitel neu zu übersetzen", "Deutscher Untertitel "
                  "geteilt", "Deutsch bei der Übersetzung", "Deutsch jetzt", "Wie es weitergeht",
                  "Ihr Untertitel 17 umfasst jetzt die deutschen Untertitel 17, 18",
                  "<code>subtool accept ru --cue 3</code>", "deutsche Fassung vom "):
        assert words in page, words
    terminal = run("diff", "--stale", "--lang", "ru", cwd=project).stdout
    assert "ru: 2 Untertitel neu zu übersetzen, 0 Untertitel noch nicht übersetzt" in terminal
    project, _out = english
    page = run("diff", "--stale", "--lang", "ru", "--format", "html", cwd=project).stdout
    assert '<html lang="en" dir="ltr">' in page and "What to do next" in page


def test_rule_messages_follow_the_locale(tmp_path: Path) -> None:
    srt = "1\n00:00:01,000 --> 00:00:01,500\nEin  Satz...\n"
    (tmp_path / "de.srt").write_text(srt, encoding="utf-8")
    german = run("check", "de.srt", cwd=tmp_path, env={"LANGUAGE": "de", "LANG": "de_DE.UTF-8"})
    assert "Zeile 1 des Untertitels hat ein doppeltes Leerzeichen" in german.stdout
    assert "Zeile 1 hat drei Punkte: Schreiben Sie die Auslassungspunkte" in german.stdout
    assert "500 ms zu sehen; mindestens 1500 ms" in german.stdout
    assert "24,0 Zeichen pro Sekunde (12 Zeichen in 0,50 s); Grenze 15 für de" in german.stdout
    english = run("check", "de.srt", cwd=tmp_path, env={"LANGUAGE": "en", "LANG": "C.UTF-8"})
    assert "line 1 of the cue has a double space" in english.stdout
    assert "[whitespace]" in german.stdout  # rule ids stay English


def test_the_german_guide_names_only_real_commands_and_options() -> None:
    guide = (ROOT / "docs" / "de" / "Anleitung.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```sh\n(.*?)```", guide, re.S)
                     + re.findall(r"`([^`\n]+)`", guide))
    used: dict[str, set[str]] = {}
    for command, rest in re.findall(r"subtool ([a-z-]+)((?: [^\s`|#]+)*)", code):
        used.setdefault(command, set()).update(re.findall(r"--[a-z-]+", rest))
    assert {"build", "diff", "import", "preview"} <= set(used)
    for command, options in used.items():
        helptext = run(command, "--help", cwd=ROOT, env={"LANGUAGE": "en"})
        assert helptext.returncode == 0, command
        for option in options:
            assert option in helptext.stdout, (command, option)
