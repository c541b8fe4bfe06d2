"""Text from files never acts where it is shown: no live HTML, image, link, mention,
reference or emphasis in Markdown (pull-request comments), nothing unescaped in HTML pages,
no control characters (ANSI escapes) reaching a terminal.

Markdown is checked with an independent CommonMark parser (markdown-it-py, GFM tables) and
GitHub's own autolinking rules for mentions, references and bare addresses.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from helpers import run_subtool as run
from markdown_it import MarkdownIt

from subtool.render.escape import markdown, terminal

ROOT = Path(__file__).resolve().parent.parent

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "![tracker](https://evil.example/pixel.png)",
    "[click here](https://evil.example/)",
    "[click](javascript:alert(1))",
    "<https://evil.example/>",
    "see https://evil.example/x and www.evil.example",
    "ping @everyone and @dortmund/translators",
    "fixes #1, owner/repo#2 and GH-3",
    "**bold** __bold__ *it* _it_ ~~gone~~ `code` $x$",
    "a | b | c",
    "# heading",
    "> quote",
    "- item",
    "1. item",
    "&lt;b&gt; &amp; &#60;i&#62;",
    ":rocket: :x:",
    "mail me: someone@evil.example",
    "\x1b[2J\x1b]0;pwned\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "line one\nline two",
    "back\\slash \\*not\\* emphasis",
]

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# What GitHub links by itself in rendered text.
_AUTOLINKS = re.compile(r"@\w|(?<![\w/])#\d|\w/\w+#\d|https?://|www\.", re.IGNORECASE)


def _blocks(page: str) -> set[str]:
    """The block elements a rendered page uses."""
    return set(re.findall(r"<(h1|blockquote|ol)\b", page))


def assert_inert_markdown(md: str, payloads: list[str], clean: str = "") -> None:
    """``md`` rendered shows every payload as text and nothing of it acts. ``clean`` is the
    same output without the payloads: its own headings, quotes and lists may appear."""
    # The outputs' own code spans: the commands they tell people to run.
    page = re.sub(r"<code>subtool [^<]*</code>", "", _PARSER.render(md))
    assert "<img" not in page and "<script" not in page
    assert "<a " not in page and "<em>" not in page and "<code>" not in page
    allowed = _blocks(_PARSER.render(clean)) if clean else set()
    assert _blocks(page) <= allowed, _blocks(page) - allowed
    assert "<ul" not in page or "<ul>\n<li>" in page  # only the outputs' own lists
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    found = _AUTOLINKS.findall(text)
    assert not found, found
    assert "\x1b" not in md and "\x07" not in md
    for payload in payloads:
        # Shown, not swallowed: every word of it is still there (with ZWSP where a link was).
        for word in re.findall(r"[A-Za-z]{4,}", payload):
            assert word in text.replace("\u200b", ""), (word, payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: repr(p[:20]))
def test_markdown_escape_leaves_nothing_live(payload: str) -> None:
    cell = markdown(payload)
    assert "\n" not in cell
    md = f"| a | b |\n|---|---|\n| {cell} | x |\n\n- item: {cell}\n"
    assert_inert_markdown(md, [payload])
    page = _PARSER.render(md)
    assert page.count("<td>") == 2, "a | in the text ended the cell"


def test_markdown_escape_keeps_ordinary_text_readable() -> None:
    for text in ("Senior:innen", "Dortmunder Seniorenbüros", "Ölçüm 3,5", "Привет, мир!"):
        assert html.unescape(re.sub(r"<[^>]+>", "", _PARSER.render(markdown(text)))).strip() \
            == text


def test_terminal_shows_controls_as_escapes() -> None:
    assert terminal("a\x1b[31mb\x07c\x9bd\ud800e\tf\ng") == "a\\x1b[31mb\\x07c\\x9bd\\ud800e\tf\ng"
    assert terminal("Grüße, مرحبا\u200f") == "Grüße, مرحبا\u200f"


# ------------------------------------------------------------------ the commands


INJECTED = "\n".join(PAYLOADS[:10] + PAYLOADS[16:19]).replace("\n", " ")


def _srt(*texts: str) -> str:
    return "".join(f"{n}\n00:00:{2 * n:02d},000 --> 00:00:{2 * n + 1:02d},500\n{t}\n\n"
                   for n, t in enumerate(texts, 1))


@pytest.fixture
def film(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "subtitles", tmp_path / "subtitles")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path


def _inject_track(film: Path, lang: str = "tr") -> None:
    """The first cue of a translation replaced by the payloads."""
    track = film / "subtitles" / f"{lang}.srt"
    text = track.read_text("utf-8")
    first = text.split("\n\n", 1)
    head = first[0].split("\n")[:2]
    track.write_text("\n".join([*head, INJECTED]) + "\n\n" + first[1], "utf-8")


def test_diff_markdown_of_hostile_files(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_text(_srt("harmlos", "bleibt"), "utf-8")
    (tmp_path / "b.srt").write_text(_srt(INJECTED, "bleibt"), "utf-8")
    name = "@everyone <img src=x>.srt"
    shutil.copy(tmp_path / "b.srt", tmp_path / name)
    result = run("diff", "--format", "md", "a.srt", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_inert_markdown(result.stdout, [INJECTED])


def test_todo_markdown_of_a_hostile_translation(film: Path) -> None:
    master = film / "subtitles" / "de.srt"
    master.write_text(master.read_text("utf-8").replace("[Musik]", "[Musik läuft]", 1), "utf-8")
    clean = run("diff", "--stale", "--lang", "tr", "--format", "md", cwd=film).stdout
    _inject_track(film)
    result = run("diff", "--stale", "--lang", "tr", "--format", "md", cwd=film)
    assert result.returncode == 0, result.stderr
    assert "Musik" in result.stdout
    assert_inert_markdown(result.stdout, [], clean)


def test_build_report_markdown_of_a_hostile_track(film: Path) -> None:
    assert run("build", cwd=film).returncode in (0, 1)
    clean = (film / "dist" / "report.md").read_text("utf-8")
    _inject_track(film)
    config = film / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace(
        'title = "Dortmunder', 'title = "@everyone <img src=x> Dortmunder'), "utf-8")
    result = run("build", cwd=film)
    assert result.returncode in (0, 1), result.stderr
    report = (film / "dist" / "report.md").read_text("utf-8")
    assert_inert_markdown(report, [], clean)
    page = (film / "dist" / "report.html").read_text("utf-8")
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_html_outputs_escape_hostile_text(film: Path) -> None:
    _inject_track(film)
    master = film / "subtitles" / "de.srt"
    master.write_text(master.read_text("utf-8").replace("[Musik]", "[Musik läuft]", 1), "utf-8")
    pages = {
        "diff": run("diff", "--format", "html", "subtitles/de.srt", "subtitles/tr.srt",
                    cwd=film).stdout,
        "todo": run("diff", "--stale", "--format", "html", cwd=film).stdout,
    }
    assert run("build", cwd=film).returncode in (0, 1)
    assert run("preview", cwd=film).returncode == 0
    for name in ("report.html", "preview.html", "dortmund-seniorenbueros.transcript.html"):
        pages[name] = (film / "dist" / name).read_text("utf-8")
    for name, page in pages.items():
        # Shown as text (escaped), or dropped as markup where a page shows visible text.
        assert "alert(1)" in page, name
        assert "<img src=x" not in page and "<script>alert" not in page, name
        assert "javascript:alert" not in page.replace("[click](javascript:alert", ""), name


def _no_controls(text: str) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text[:300])


def test_terminal_outputs_show_escapes_not_commands(tmp_path: Path) -> None:
    evil = "Hallo \x1b[31mrot\x1b[0m \x1b]0;pwned\x07 \x9b2J Ende"
    (tmp_path / "a.de.srt").write_text(_srt("Hallo Welt", "bleibt"), "utf-8")
    name = "e\x1b[32mvil.de.srt"
    (tmp_path / name).write_text(
        _srt(evil, "bleibt") + "3\n00:00:0\x1b[2J7,000 --> 00:00:09,000\nx\n", "utf-8")
    runs = [run("check", name, cwd=tmp_path),
            run("check", "--format", "github", name, cwd=tmp_path),
            run("check", "--format", "junit", name, cwd=tmp_path),
            run("diff", "a.de.srt", name, cwd=tmp_path),
            run("fix", name, cwd=tmp_path),
            run("convert", name, "x.smi", cwd=tmp_path),
            run("check", "--lang", "de", name + ".missing", cwd=tmp_path)]
    for result in runs:
        assert "Traceback" not in result.stderr
        _no_controls(result.stdout)
        _no_controls(result.stderr)
    assert "e\\x1b[32mvil.de.srt" in runs[0].stdout
    assert "\\x1b[31mrot" in runs[3].stdout


def test_a_file_name_with_a_line_feed_stays_on_its_line(tmp_path: Path) -> None:
    # Any byte but "/" and NUL may stand in a file name: a name that holds a line feed
    # followed by text that looks like a problem must not add a line to the report.
    name = "a\nb.de.srt:3: cue 1: [overlap] error: forged\tx.de.srt"
    (tmp_path / name).write_text(_srt("Hallo  Welt", "bleibt"), "utf-8")
    text = run("check", ".", cwd=tmp_path)
    junit = run("check", "--format", "junit", ".", cwd=tmp_path)
    assert text.returncode == 0 and junit.returncode == 0
    lines = text.stdout.splitlines()
    shown = "a\\x0ab.de.srt:3: cue 1: [overlap] error: forged\\x09x.de.srt"
    assert lines[0] == f"{shown} (de, 2 cues)"
    assert lines[1].startswith(f"{shown}:") and "[whitespace] warning" in lines[1]
    assert not any(line.startswith("b.de.srt") for line in lines)
    assert f'name="{shown}"' in junit.stdout
    assert terminal("a\nb") == "a\nb"  # messages keep their line breaks


def test_to_do_list_and_glossary_matrix_in_the_terminal(film: Path) -> None:
    _inject_track(film)
    master = film / "subtitles" / "de.srt"
    master.write_text(master.read_text("utf-8").replace("[Musik]", "[Musik läuft]", 1), "utf-8")
    terms = film / "glossary" / "terms.csv"
    lines = terms.read_text("utf-8").splitlines()
    lines[1] = lines[1].replace("Seniorenbüro", "Senioren\x1b[5mbüro", 1)
    terms.write_text("\n".join(lines) + "\n", "utf-8")
    for result in (run("diff", "--stale", "--lang", "tr", cwd=film),
                   run("glossary", "check", cwd=film)):
        assert "Traceback" not in result.stderr, result.stderr
        _no_controls(result.stdout)
        _no_controls(result.stderr)
