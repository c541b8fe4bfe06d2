"""``subtool diff``: two versions of a track, aligned by time (files, or a git revision)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import ContentError, UsageError
from subtool.core.model import Track
from subtool.engine.diff import TrackDiff, compare_tracks
from subtool.formats import parse_bytes
from subtool.formats.encoding import hint_for
from subtool.languages import infer_from_filename
from subtool.project import git
from subtool.project.tracks import read_track


@dataclass(frozen=True)
class Compared:
    """A comparison with the names to show and what could not be compared."""

    diff: TrackDiff
    old_name: str
    new_name: str
    lang: str
    warnings: tuple[str, ...]


def compare(settings: Settings, paths: list[Path], rev: str | None) -> Compared:
    """Compare OLD NEW, or with ``rev`` one PATH (default: the master) at that revision
    with the working tree."""
    if rev is not None:
        if len(paths) > 1:
            raise UsageError("--rev takes one PATH")
        path = paths[0] if paths else settings.master_path
        if path is None:
            raise UsageError("give the PATH to compare (the project has no master)")
        lang = infer_from_filename(path.name) or settings.master_language
        old_track = parse_bytes(git.show(rev, path), name=path.name, hint=hint_for(lang))
        old_name, new_name = f"{path} @ {rev}", str(path)
        new_track = read_track(path, lang=lang)
    else:
        if len(paths) != 2:
            raise UsageError("give two files: subtool diff OLD NEW (or --rev REV, or --stale)")
        old_track, new_track = (read_track(p) for p in paths)
        old_name, new_name = str(paths[0]), str(paths[1])
    warnings = tuple(_readable(name, track) for name, track in
                     ((old_name, old_track), (new_name, new_track)))
    lang = infer_from_filename(new_name) or settings.master_language
    return Compared(compare_tracks(old_track, new_track), old_name, new_name, lang,
                    tuple(w for w in warnings if w))


def _readable(name: str, track: Track) -> str:
    """A warning for cues that could not be read; an error when none could."""
    broken = [d for d in track.diagnostics if d.rule == "parse-error"]
    if broken and not track.cues:
        raise ContentError(f"cannot be compared: {broken[0].message}", path=name,
                           line=broken[0].line)
    if broken:
        return (f"{name}: {len(broken)} parse error(s), first on line {broken[0].line}: cues "
                "that could not be read are not compared (subtool check shows them)")
    return ""
