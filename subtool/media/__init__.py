"""The film: probing, speech activity and shot changes, and the audio description's voice
and mix (``tts``, ``mix``); ffmpeg and espeak-ng at the edge.

``analyse(path)`` (module ``analysis``) is the entry point: it returns a ``FilmFacts``
(``subtool.core.film``, where the rules read it). Keeping the facts between runs is the
project layer's job (``subtool.project.film``), keyed by ``version.analyser_version()``.
Nothing here is imported by subtool unless a film is given, and a check against a film
whose analysis is cached imports only ``version`` (and ``shots`` for its threshold): this
package's names are resolved on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AnalysisError", "FilmFacts", "MediaError", "NoAudioError", "NotAVideoError",
           "ToolMissingError", "analyse", "analyser_version"]


def __getattr__(name: str) -> Any:
    """``analyse``, ``analyser_version``, ``FilmFacts`` and the media errors, on first use."""
    if name == "analyse":
        from subtool.media.analysis import analyse  # noqa: PLC0415

        return analyse
    if name == "analyser_version":
        from subtool.media.version import analyser_version  # noqa: PLC0415

        return analyser_version
    if name == "FilmFacts":
        from subtool.core.film import FilmFacts  # noqa: PLC0415

        return FilmFacts
    if name in __all__:
        from subtool.core import errors  # noqa: PLC0415

        return getattr(errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
