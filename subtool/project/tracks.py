"""Finding and reading subtitle files: the project's tracks and files given on the command
line. Reading never fails on bad content (that is problems, from the reader); a path that
cannot be read is a ReadError (exit 2)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from subtool.config import Options, Settings
from subtool.core.errors import ReadError
from subtool.core.model import Track
from subtool.formats import EXTENSIONS, SUBTITLE_SUFFIXES, format_of, parse_bytes, parse_decoded
from subtool.formats.encoding import code_page_name, decode, hint_for
from subtool.formats.lines import normalise_newlines
from subtool.languages import infer_from_filename
from subtool.project.files import read_bytes, same_file


class Read(NamedTuple):
    """A file as read: the track, how its bytes were decoded, and the text the track was
    parsed from (line ends made LF, as every reader counts lines: ``cue.line`` numbers
    lines of this text)."""

    track: Track
    encoding: str  # the codec ("utf-8" for plain UTF-8)
    damaged: bool  # UTF-8 with lines that are not: read with replacement characters
    text: str = ""

    @property
    def converted_from(self) -> str:
        """The code page a file was converted from ("" for UTF-8)."""
        return "" if self.encoding in ("utf-8", "binary", "") else code_page_name(self.encoding)


def read_file(path: Path, *, lang: str | None = None, frame_rate: float = 25.0) -> Read:
    """Read a subtitle file and say how it was decoded (for commands that write it again)."""
    fmt = format_of(path) if path.suffix.lower().lstrip(".") in EXTENSIONS else None
    decoded = decode(read_bytes(path), hint_for(lang or infer_from_filename(path.name)))
    track = parse_decoded(decoded, fmt, name=path.name, frame_rate=frame_rate)
    return Read(track, decoded.encoding, decoded.damaged, normalise_newlines(decoded.text))


def read_track(path: Path, fmt: str | None = None, *, lang: str | None = None,
               frame_rate: float = 25.0) -> Track:
    """Read a subtitle file; the format comes from the extension, else from the content.

    ``lang`` (else the language in the file name) decides the code page of a file that is
    not UTF-8; without a language such a file is refused, never guessed.
    """
    fmt = fmt or (format_of(path) if path.suffix.lower().lstrip(".") in EXTENSIONS else None)
    hint = hint_for(lang or infer_from_filename(path.name))
    return parse_bytes(read_bytes(path), fmt, name=path.name, frame_rate=frame_rate, hint=hint)


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """Expand folders into the subtitle files below them (sorted, hidden folders skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.suffix.lower() in SUBTITLE_SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise ReadError("contains no subtitle files", path=str(path),
                                hint="subtool reads " + ", ".join(sorted(SUBTITLE_SUFFIXES)))
            out.extend(found)
        elif path.exists() or path.is_symlink():
            out.append(path)
        else:
            raise ReadError("file not found", path=str(path))
    return out


def project_paths(settings: Settings) -> list[Path]:
    """The master and every configured translation of a project."""
    paths = []
    if settings.master_path is not None:
        paths.append(settings.master_path)
    paths.extend(settings.track_path(lang) for lang in settings.languages)
    for path in paths:
        if not path.is_file():
            raise ReadError("is configured in [tool.subtool] but does not exist", path=str(path),
                            hint="create the track, or remove its language from 'languages'")
    return paths


def language_of(path: Path, settings: Settings, options: Options) -> str | None:
    """The language of a file: --lang, the project's configuration, or the file name."""
    if options.lang:
        return options.lang
    if settings.master_path is not None and same_file(path, settings.master_path):
        return settings.master_language
    for lang in settings.languages:
        if same_file(path, settings.track_path(lang)):
            return lang
    return infer_from_filename(path.name)


def display(path: Path, root: Path | None = None) -> str:
    """A path as people should see it: relative to the working folder when possible."""
    base = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def read_master(settings: Settings) -> Track:
    """The project's master track (the configuration names it)."""
    if settings.master_path is None:
        raise ReadError("the project names no master subtitle file", path=settings.source,
                        hint='add master = "subtitles/de.srt" to [tool.subtool]')
    return read_track(settings.master_path, lang=settings.master_language,
                      frame_rate=settings.frame_rate)


def read_translation(settings: Settings, lang: str) -> Track | None:
    """The project's track for ``lang``, or None when its file does not exist yet."""
    path = settings.track_path(lang)
    if not path.is_file():
        return None
    return read_track(path, lang=lang, frame_rate=settings.frame_rate)
