"""The film: probing, speech activity and shot changes (ffmpeg at the edge).

``analyse(path)`` is the entry point: it returns a ``FilmFacts`` (``subtool.core.film``, where
the rules read it). Keeping the facts between runs is the project layer's job
(``subtool.project.film``). Nothing here is imported by subtool unless a film is analysed,
so commands without a film start as fast as before.
"""

from __future__ import annotations

from subtool.core.errors import (
    AnalysisError,
    MediaError,
    NoAudioError,
    NotAVideoError,
    ToolMissingError,
)
from subtool.core.film import FilmFacts
from subtool.media.analyse import analyse, analyser_version

__all__ = ["AnalysisError", "FilmFacts", "MediaError", "NoAudioError", "NotAVideoError",
           "ToolMissingError", "analyse", "analyser_version"]
