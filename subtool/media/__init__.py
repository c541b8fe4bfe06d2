"""The film: probing, speech activity and shot changes (ffmpeg at the edge).

``analyse(path, cache_dir=...)`` is the entry point; ``timeline`` holds the pure look-ups the
timing rules need. Nothing here is imported by subtool unless a film is given, so commands
without a film start as fast as before.
"""

from __future__ import annotations

from subtool.core.errors import (
    AnalysisError,
    MediaError,
    NoAudioError,
    NotAVideoError,
    ToolMissingError,
)
from subtool.media.analyse import analyse, analyser_version
from subtool.media.model import FilmFacts

__all__ = ["AnalysisError", "FilmFacts", "MediaError", "NoAudioError", "NotAVideoError",
           "ToolMissingError", "analyse", "analyser_version"]
