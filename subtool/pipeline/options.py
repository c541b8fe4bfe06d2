"""The command line's overrides of a project's settings, validated in one place.

A command hands its options here and gets back an ``Options`` value (``subtool.config``)
that the layers below use without checking again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from subtool.config import Options
from subtool.core.errors import UsageError
from subtool.languages import validate_tag
from subtool.profiles import PROFILES


def rule_ids(ids: Iterable[str], option: str, known_rules: Iterable[str]) -> frozenset[str]:
    """Rule ids given on the command line (repeated or comma-separated), each known."""
    known = set(known_rules)
    out = set()
    for raw in ids:
        for rule_id in filter(None, (x.strip() for x in raw.split(","))):
            if rule_id not in known:
                raise UsageError(f"{option}: unknown rule {rule_id!r}",
                                 hint="run 'subtool rules' for the list of rule ids")
            out.add(rule_id)
    return frozenset(out)


def resolve(*, known_rules: Iterable[str], profile: str | None = None, lang: str | None = None,
            master: Path | None = None, select: Iterable[str] = (), ignore: Iterable[str] = (),
            glossary: Path | None = None, film: Path | None = None) -> Options:
    """The command line's overrides of the project's settings, validated in one place."""
    if profile is not None and profile not in PROFILES:
        raise UsageError(f"--profile: unknown profile {profile!r}",
                         hint="allowed values: " + ", ".join(PROFILES))
    if lang is not None and validate_tag(lang):
        raise UsageError(f"--lang: {validate_tag(lang)}")
    rules = tuple(known_rules)
    return Options(profile=profile, lang=lang, master=master,
                   select=rule_ids(select, "--select", rules),
                   ignore=rule_ids(ignore, "--ignore", rules), glossary=glossary,
                   film=film_file(film))


def film_file(path: Path | None, option: str = "--film") -> Path | None:
    """The film given with ``option``: a file that is there (its content is ffmpeg's to
    judge)."""
    if path is not None and not path.is_file():
        if path.is_dir():
            what = "is a folder, not a video file"
        elif path.exists():  # a pipe, a device or a socket: ffprobe would wait on it
            what = "is not a regular file (a pipe, a device or a socket), not a video file"
        else:
            what = "file not found"
        raise UsageError(f"{option}: {what}", path=str(path),
                         hint="give the film's video file, for example film/film.mp4")
    return path


def frame_rate(value: float, option: str = "--frame-rate") -> float:
    """A frame rate from the command line: a finite number of frames per second."""
    if not math.isfinite(value) or not 1 <= value <= 1000:
        raise UsageError(f"{option}: {value!r} is not a frame rate",
                         hint="give frames per second, for example 25, 24, 23.976 or 29.97")
    return value
