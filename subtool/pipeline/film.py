"""The film a command checks against, and its facts (``subtool media`` and the timing rules).

The film is the one given on the command line, else the project's ``film`` setting. The
real film is not in the repository (rights, size): a project that names a film whose file
is not there (a translator's or CI's copy of the repository) is checked without it, and
the command says so. Nothing of ``subtool.media`` is imported unless a film is analysed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Settings

if TYPE_CHECKING:  # the film's model only where there is a film (1 ms at start-up)
    from subtool.core.film import FilmFacts


def chosen(settings: Settings, override: Path | None = None) -> Path | None:
    """The film to check against: ``override`` (validated by ``options.film_file``), else
    the project's film when its file is there, else None."""
    if override is not None:
        return override
    path = settings.film_path
    return path if path is not None and path.is_file() else None


def absent(settings: Settings, override: Path | None = None) -> str | None:
    """The project's film setting when its file is not there (and no film was given)."""
    path = settings.film_path
    if override is not None or path is None or path.is_file():
        return None
    return settings.film


def facts(settings: Settings, override: Path | None = None) -> FilmFacts | None:
    """The chosen film's facts (cached by content hash), or None without a film."""
    path = chosen(settings, override)
    return analyse(path, settings) if path is not None else None


def analyse(path: Path, settings: Settings) -> FilmFacts:
    """The facts of the film at ``path``, from the cache (the project's, else the user's)."""
    from subtool.project.film import analyse_cached, cache_dir  # noqa: PLC0415

    return analyse_cached(path, cache_dir(settings))
