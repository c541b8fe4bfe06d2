"""What a command that writes a file may replace: never the project's own files (not even
with --force), never a build into the tracks' folder, never a read-only file, never into
a folder that does not exist; and a replaced file keeps its owner.

Each test was written against a finding of a hostile-use pass and fails on the code
before the fix (run through the CLI in a copy of the film project, as staff run it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from helpers import run_subtool as run
from projects import copy_film


@pytest.fixture
def film(tmp_path: Path) -> Path:
    """A copy of the shipped film project, with a description track of Turkish."""
    project = copy_film(tmp_path / "film")
    shutil.copy(project / "subtitles" / "descriptions.de.vtt",
                project / "subtitles" / "descriptions.tr.vtt")
    return project


def _contents(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its hash: what a refused command must leave alone."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# -------------------------------------------------- 1. the project's own files, --force or not


@pytest.mark.parametrize(("args", "message"), [
    (("diff", "--stale", "--lang", "tr", "--format", "html", "--output", "subtitles/tr.srt"),
     "subtitles/tr.srt: is the Turkish track of the project (tr.srt)"),
    (("diff", "--stale", "--format", "html", "--output", "subtitles/{lang}.srt"),
     "is the English track of the project"),
    (("diff", "--stale", "--lang", "tr", "--format", "md", "--output",
      "subtitles/state/tr.tsv"), "is the translation state of the Turkish track"),
    (("export-po", "tr", "--output", "pyproject.toml"), "is the configuration of the project"),
    (("export-xliff", "tr", "--output", "subtitles/state/tr.tsv"),
     "is the translation state of the Turkish track"),
    (("export-xliff", "tr", "--output", "subtitles/descriptions.tr.vtt"),
     "is the Turkish audio description track of the project"),
    (("export-po", "tr", "--output", "subtitles/descriptions.de.vtt"),
     "is the German audio description script of the project"),
    (("glossary", "export", "--format", "tbx", "--output", "glossary/terms.csv"),
     "is the glossary of the project"),
    (("check", "--output", "subtitles/de.srt", "subtitles/tr.srt"),
     "is the German master of the project (de.srt)"),
    (("convert", "subtitles/en.srt", "subtitles/tr.srt"), "is the Turkish track of the project"),
    (("convert", "subtitles/tr.srt", "subtitles/tr.json"), None),  # a new file: written
])
def test_no_report_or_export_replaces_the_projects_own_files(
        film: Path, args: tuple[str, ...], message: str | None) -> None:
    before = _contents(film)
    result = run(*args, "--force", cwd=film)
    if message is None:
        assert result.returncode in (0, 1), result.stderr
        assert (film / "subtitles" / "tr.json").is_file()
        return
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "not even with --force" in result.stderr
    assert _contents(film) == before


def test_the_film_and_other_names_of_a_track_are_known_too(film: Path) -> None:
    # The film (not in git) and a track reached through a symbolic link, a hard link and
    # a path with "..": each is the file itself.
    (film / "film").mkdir()
    (film / "film" / "dortmund-seniorenbueros.mp4").write_bytes(b"not really a film")
    (film / "link.srt").symlink_to(film / "subtitles" / "tr.srt")
    os.link(film / "subtitles" / "tr.srt", film / "hard.srt")
    before = _contents(film)
    for target, message in (("film/dortmund-seniorenbueros.mp4", "is the film of the project"),
                            ("link.srt", "is the Turkish track"),
                            ("hard.srt", "is the Turkish track"),
                            ("glossary/../subtitles/tr.srt", "is the Turkish track")):
        result = run("export-po", "tr", "--output", target, "--force", cwd=film)
        assert result.returncode == 2, (target, result.stderr)
        assert message in result.stderr, (target, result.stderr)
    assert _contents(film) == before


def test_commands_that_write_the_projects_files_still_do(film: Path) -> None:
    # Exports go anywhere else (over an existing file of their own with --force), and
    # the glossary's import still writes the glossary.
    (film / "tr.po").write_text("old", "utf-8")
    assert run("export-po", "tr", "--output", "tr.po", cwd=film).returncode == 2
    done = run("export-po", "tr", "--output", "tr.po", "--force", cwd=film)
    assert done.returncode == 0, done.stderr
    assert "msgid" in (film / "tr.po").read_text("utf-8")
    exported = run("glossary", "export", "--format", "tbx", "--output", "terms.tbx", cwd=film)
    assert exported.returncode == 0, exported.stderr
    imported = run("glossary", "import", "terms.tbx", "--output", "glossary/terms.csv",
                   "--force", cwd=film)
    assert imported.returncode == 0, imported.stderr
    refused = run("glossary", "import", "terms.tbx", "--output", "subtitles/tr.srt", "--force",
                  cwd=film)
    assert refused.returncode == 2 and "is the Turkish track" in refused.stderr


# ------------------------------------------------------------ 2. where build may write


@pytest.mark.parametrize("output", ["subtitles", "subtitles/state", "glossary", ".", "..",
                                    "subtitles/dist"])
def test_build_output_is_never_the_projects_folders(film: Path, output: str) -> None:
    before = _contents(film.parent)
    result = run("build", "--output", output, cwd=film)
    assert result.returncode == 2, result.stderr
    assert "would check the built copies" in result.stderr \
        or "is the project's folder or holds it" in result.stderr, result.stderr
    assert _contents(film.parent) == before


@pytest.mark.parametrize("value", ["subtitles", "glossary", ".", "./", "subtitles/state",
                                   "subtitles/dist"])
def test_a_configured_output_in_the_projects_folders_is_a_config_error(
        film: Path, value: str) -> None:
    config = film / "pyproject.toml"
    text = config.read_text("utf-8")
    line = text[:text.index('output = "dist"')].count("\n") + 1
    config.write_text(text.replace('output = "dist"', f'output = "{value}"'), "utf-8")
    before = _contents(film)
    result = run("build", cwd=film)
    assert result.returncode == 2, result.stderr
    assert f"pyproject.toml:{line}: [tool.subtool.output]" in result.stderr, result.stderr
    assert _contents(film) == before


def test_build_still_makes_its_own_output_folder(film: Path) -> None:
    result = run("build", "--check-only", "--output", "elsewhere", cwd=film)
    assert result.returncode in (0, 1), result.stderr
    missing = run("build", "--output", "no/such/out", cwd=film)
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    assert not (film / "no").exists()


# ------------------------------------------------------ 3. a replaced file keeps its owner


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="only root may give a file to another user")
def test_fix_write_keeps_the_owner_and_group(film: Path) -> None:
    track = film / "o.srt"
    track.write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo  Welt.\n", "utf-8")
    os.chown(track, 65534, 65534)
    track.chmod(0o640)
    result = run("fix", "--write", "o.srt", cwd=film)
    assert result.returncode == 0, result.stderr
    assert track.read_text("utf-8").count("Hallo Welt.") == 1
    for path in (track, film / "o.srt.bak"):
        info = path.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)
    # A track and its state, written together (write_together), keep theirs too.
    tr = film / "subtitles" / "tr.srt"
    os.chown(tr, 65534, 65534)
    os.chown(film / "subtitles" / "state" / "tr.tsv", 65534, 65534)
    imported = run("import", "tr", str(_delivery(film)), cwd=film)
    assert imported.returncode == 0, imported.stderr
    for path in (tr, film / "subtitles" / "state" / "tr.tsv"):
        assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534), path


def _delivery(film: Path) -> Path:
    """A delivery of the Turkish track with one cue changed (a file outside the project)."""
    delivery = film.parent / "delivery.tr.srt"
    text = (film / "subtitles" / "tr.srt").read_text("utf-8")
    delivery.write_text(text.replace("[Müzik]", "[Müzik çalıyor]", 1), "utf-8")
    return delivery


# ------------------------------------------------------------ 4. read-only files


def test_a_read_only_file_is_not_replaced_even_with_force(film: Path) -> None:
    track = film / "r.srt"
    track.write_text("1\n00:00:01,000 --> 00:00:03,000\nHallo  Welt.\n", "utf-8")
    track.chmod(0o444)
    before = track.read_bytes()
    result = run("fix", "--write", "r.srt", cwd=film)
    assert result.returncode == 2, result.stderr
    assert "r.srt: is read-only" in result.stderr and "chmod u+w" in result.stderr
    assert track.read_bytes() == before and not (film / "r.srt.bak").exists()
    (film / "out.vtt").write_text("keep", "utf-8")
    (film / "out.vtt").chmod(0o444)
    converted = run("convert", "r.srt", "out.vtt", "--force", cwd=film)
    assert converted.returncode == 2 and "is read-only" in converted.stderr
    assert (film / "out.vtt").read_text("utf-8") == "keep"


def test_a_read_only_track_is_not_replaced_by_an_import(film: Path) -> None:
    tr, state = film / "subtitles" / "tr.srt", film / "subtitles" / "state" / "tr.tsv"
    tr.chmod(0o444)
    before = _contents(film)
    result = run("import", "tr", str(_delivery(film)), cwd=film)
    assert result.returncode == 2, result.stderr
    assert "is read-only" in result.stderr
    assert _contents(film) == before and state.is_file()


# ------------------------------------------------------ 5. no folders made on the way


def test_outputs_into_a_missing_folder_are_refused(film: Path) -> None:
    before = _contents(film)
    for args in (("convert", "subtitles/tr.srt", "no/such/dir/tr.vtt"),
                 ("check", "subtitles/tr.srt", "--output", "no/such/dir/report.txt"),
                 ("export-po", "tr", "--output", "no/such/dir/tr.po"),
                 ("diff", "--stale", "--format", "md", "--output", "no/such/{lang}.md")):
        result = run(*args, cwd=film)
        assert result.returncode == 2, (args, result.stderr)
        assert "no such folder: no/such" in result.stderr, (args, result.stderr)
    assert not (film / "no").exists()
    assert _contents(film) == before
    # A per-language output folder that --output names may be new (inside one that exists).
    done = run("diff", "--stale", "--format", "md", "--output", "todo", cwd=film)
    assert done.returncode == 0, done.stderr
    assert (film / "todo" / "dortmund-seniorenbueros.tr.todo.md").is_file()


def test_segment_still_replaces_the_master_but_no_other_file(film: Path) -> None:
    # Its job is the master (README: segment ... --output subtitles/de.srt): with --force,
    # and now with a .bak of the master it replaces; a track it never replaces.
    (film / "t.txt").write_text("[00:00:04.880] Sprecherin: Seit über 16 Jahren gibt es die "
                                "Dortmunder Seniorenbüros.\n", "utf-8")
    master = film / "subtitles" / "de.srt"
    old = master.read_bytes()
    done = run("segment", "t.txt", "--output", "subtitles/de.srt", "--force", cwd=film)
    assert done.returncode == 0, done.stderr
    assert (film / "subtitles" / "de.srt.bak").read_bytes() == old
    assert b"Seniorenb" in master.read_bytes() and master.read_bytes() != old
    before = _contents(film)
    refused = run("segment", "t.txt", "--output", "subtitles/tr.srt", "--force", cwd=film)
    assert refused.returncode == 2 and "is the Turkish track" in refused.stderr
    assert _contents(film) == before
