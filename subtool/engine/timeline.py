"""What a timeline of the film shows per language (pure): the data behind a picture.

For each language: the film's speech and shot changes, the track's cues, where the checks
found problems, and the speech that no cue covers. ``report.html`` draws it (one row per
language); this module only gathers it, in integer milliseconds, so any renderer (SVG,
a terminal, JSON) draws the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from subtool.core.film import FilmFacts, Segment, uncovered
from subtool.core.model import Problem, Severity, Track


@dataclass(frozen=True, slots=True)
class Mark:
    """A problem placed in time: the span of its cue (``cue`` 1-based), or the whole film
    for a problem of the file (``cue`` None)."""

    start: int
    end: int
    severity: Severity
    rule: str
    cue: int | None
    message: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """One language's row: everything in milliseconds from the film's start.

    ``duration`` is the film's (or, without a film, the end of the last cue); ``speech``
    and ``shot_changes`` are the film's (empty without a film); ``cues`` are the track's
    (start, end) in order; ``uncovered`` is speech that no cue of this track covers.
    """

    lang: str
    duration: int
    speech: tuple[Segment, ...]
    shot_changes: tuple[int, ...]
    cues: tuple[Segment, ...]
    marks: tuple[Mark, ...]
    uncovered: tuple[Segment, ...]


def timeline(lang: str, track: Track, problems: Iterable[Problem],
             film: FilmFacts | None) -> Timeline:
    """The timeline of one language's track against the film (``film`` may be None)."""
    cues = tuple((c.start, c.end) for c in track.cues)
    last = max((e for _, e in cues), default=0)
    duration = film.duration if film is not None else last
    marks = []
    for p in problems:
        if p.cue is not None and 0 < p.cue <= len(cues):
            start, end = cues[p.cue - 1]
        else:
            start, end = 0, duration
        marks.append(Mark(start, end, p.severity, p.rule, p.cue, p.message))
    speech = film.speech if film is not None else ()
    shown = sorted((c.start, c.end) for c in track.cues if c.duration > 0 and c.text.strip())
    gaps = tuple(g for seg in speech for g in uncovered(seg, shown))
    return Timeline(lang, duration, speech, film.shot_changes if film is not None else (),
                    cues, tuple(sorted(marks, key=lambda m: (m.start, m.end))), gaps)


def timelines(rows: Sequence[tuple[str, Track, Sequence[Problem]]],
              film: FilmFacts | None) -> list[Timeline]:
    """One timeline per (language, track, problems), in the given order (the build's
    ``LanguageResult`` has all three: ``(r.lang, r.track, r.problems)``)."""
    return [timeline(lang, track, problems, film) for lang, track, problems in rows]
