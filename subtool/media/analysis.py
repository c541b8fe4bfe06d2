"""Analyse a film: probe it, then find speech and shot changes in parallel.

The sound and the picture are decoded by two ffmpeg processes at the same time (on two
cores the picture, the larger job, sets the pace). Keeping the facts between runs (under
the film's content hash and ``analyser_version()``) is the project layer's job:
``subtool.project.film.analyse_cached``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from subtool.core.film import FilmFacts
from subtool.media import shots, speech
from subtool.media.probe import probe, require, require_audio, require_file
from subtool.media.version import ANALYSER, analyser_version


def analyse(path: Path) -> FilmFacts:
    """Duration, frame rate, speech segments and shot changes of the film at ``path``.

    Raises ReadError, ToolMissingError, NotAVideoError, NoAudioError, AnalysisError or
    MediaError (ffprobe hung or answered something unreadable)
    (``subtool.core.errors``), each with a message for the person running subtool.
    """
    require_file(path)
    require("ffmpeg")
    info = probe(path)
    require_audio(path, info)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="subtool-media") as pool:
        cuts = pool.submit(shots.detect, path, info.frame_rate)
        voice = pool.submit(speech.detect, path)
        segments = voice.result()
        changes = cuts.result()
    # The sound may run a little past the picture (or the container's duration): facts
    # beyond the film's end would point at times no subtitle can have.
    clipped = tuple((s, min(e, info.duration)) for s, e in segments if s < info.duration)
    return FilmFacts(duration=info.duration, frame_rate=float(info.frame_rate),
                     speech=clipped, shot_changes=tuple(t for t in changes if t < info.duration),
                     analyser=ANALYSER, analyser_version=analyser_version())


