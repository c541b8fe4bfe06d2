"""Copies of the shipped film project for tests, as a fresh clone has it, and the typical
ways it goes wrong: a master edit (every translation needs review), an overlap and an
over-long line (blocked tracks)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from subtool.core.film import FilmFacts
from subtool.core.model import Cue, Track
from subtool.formats import srt

ROOT = Path(__file__).resolve().parent.parent


def copy_film(target: Path) -> Path:
    """The project's configuration, tracks, state and glossary in ``target`` (no dist/)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for folder in ("subtitles", "glossary"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    # Read back and written by subtool, so that the cues are numbered 1..n again.
    path.write_text(srt.compose(srt.parse(text.replace(old, new, 1))), encoding="utf-8")


def edit_master(project: Path) -> None:
    """A word added to the German master's cue 3: every translation of it is stale."""
    _replace(project / "subtitles" / "de.srt", "mit einem Modellprojekt.",
             "mit einem kleinen Modellprojekt.")


def _edit_cues(path: Path, edit: Callable[[list[Cue]], None]) -> None:
    track = srt.parse(path.read_text(encoding="utf-8"))
    cues = list(track.cues)
    edit(cues)
    path.write_text(srt.compose(Track(tuple(cues))), encoding="utf-8")


def _at(cues: list[Cue], start: int) -> int:
    return next(i for i, c in enumerate(cues) if c.start == start)


def split_master_cue(project: Path) -> None:
    """The master's cue 17 (1:08.400–1:12.400) split in two, its words unchanged."""
    def edit(cues: list[Cue]) -> None:
        i = _at(cues, 68400)
        cues[i:i + 1] = [Cue(68400, 69900, "Das Besondere:"),
                         Cue(69980, 72400, "Die Büros\nwerden gemeinsam betrieben.")]
    _edit_cues(project / "subtitles" / "de.srt", edit)


def merge_master_cues(project: Path) -> None:
    """The master's cues at 1:21.880 and 1:27.520 (20 and 21) merged into one."""
    def edit(cues: list[Cue]) -> None:
        i = _at(cues, 81880)
        cues[i:i + 2] = [Cue(81880, 89120, "Also Arbeiterwohlfahrt, Caritas, Diakonie,\n"
                                           "Deutsches Rotes Kreuz und der Paritätische.")]
    _edit_cues(project / "subtitles" / "de.srt", edit)


def block_tracks(project: Path) -> None:
    """An over-long line in English cue 4 and an overlap at Turkish cue 3: both blocked."""
    _replace(project / "subtitles" / "en.srt", "Today they cover\n",
             "Today they cover, in all twelve city districts of Dortmund, really all of them,\n")
    _replace(project / "subtitles" / "tr.srt", "00:00:11,080 --> ", "00:00:10,000 --> ")


def seed_film(project: Path, *, cut_every: int = 20_000) -> FilmFacts:
    """A stand-in for the project's film without ffmpeg: a file at the configured film path
    and its analysis already in the project's cache (as a first run would have left it).

    Speech follows the master's dialogue cues (sound labels in brackets are silent), except
    that the speech of the third cue starts 0.8 s early and the master's last cue is spoken
    2 s longer than shown (speech without a cue); a cut every ``cut_every`` ms."""
    from subtool.media.version import analyser_version  # noqa: PLC0415
    from subtool.project.config import read  # noqa: PLC0415
    from subtool.project.film import content_hash, store  # noqa: PLC0415

    settings = read(project / "pyproject.toml")
    film = settings.film_path
    assert film is not None
    film.parent.mkdir(parents=True, exist_ok=True)
    film.write_bytes(b"stand-in film " + project.name.encode())
    cues = srt.parse((project / "subtitles" / "de.srt").read_text(encoding="utf-8")).cues
    speech = [(c.start, c.end) for c in cues if not c.text.startswith("[")]
    speech[2] = (speech[2][0] - 800, speech[2][1])
    speech[-1] = (speech[-1][0], speech[-1][1] + 2000)
    duration = speech[-1][1] + 5000
    facts = FilmFacts(duration, 25.0, tuple(speech),
                      tuple(range(cut_every, duration, cut_every)))
    store(project / ".subtool-cache" / "media", content_hash(film), analyser_version(), facts)
    return facts
