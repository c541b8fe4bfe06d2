"""Subtitle profiles: the limits each rule enforces, per profile and language.

Every figure comes from ``shared/reference/subtitle-standards.md``; the sources are named
next to each profile. A language's own figures under a profile (Russian 39 characters) are
in its file (``[limits.<profile>]``); projects override any figure in
``[tool.subtool.limits]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from subtool.languages import lookup, primary


# A named tuple, not a frozen dataclass: as immutable, and made in a sixth of the time
# (every command makes the class at start-up; README, Performance: start-up).
class Limits(NamedTuple):
    """The numbers behind the timing and layout rules for one language."""

    max_lines: int
    max_chars: int
    cps_warn: float
    cps_error: float
    min_duration: int
    max_duration: int
    min_gap_frames: int
    # Against the film's shot changes (rules shot-change; Netflix Timed Text Style Guide,
    # subtitle timing guidelines): in- and out-times within ``shot_window_frames`` of a cut
    # belong on it, an out-time ``shot_gap_frames`` before it; a cue that runs across a cut
    # should stay at least ``shot_min_side_ms`` on each side of it.
    shot_window_frames: int = 12
    shot_gap_frames: int = 2
    shot_min_side_ms: int = 1000


LIMIT_KEYS = Limits._fields

PROFILES: dict[str, Limits] = {
    # Netflix Timed Text Style Guide (general requirements, timing guidelines, language
    # guides): 42 characters, 17 cps, 5/6 s to 7 s, 2 frames between cues. Netflix gives one
    # maximum, so above it is an error at once.
    "netflix": Limits(2, 42, 17, 17, 833, 7000, 2, 12, 2, 1000),
    # ARD/ORF/SRF/ZDF "Untertitel-Standards": 2 lines, 37 characters, 13-15 cps, min 1 s,
    # 1 frame. They ask that subtitles respect cuts but give no figure in frames (unconfirmed):
    # Netflix's 12 frames and 2 frames before the cut (chained cues: the minimum gap).
    "broadcast-de": Limits(2, 37, 13, 15, 1000, 7000, 1, 12, 2, 1000),
    # The film's default: ARD's base speed for an older audience, DCMP-leaning durations
    # (1.5 s), 42 characters (German 37, Russian 39: in their files).
    "senior": Limits(2, 42, 13, 15, 1500, 7000, 2, 12, 2, 1000),
}
DEFAULT_PROFILE = "senior"


def limits_for(profile: str, lang: str | None,
               overrides: Mapping[str, Mapping[str, float]] | None = None) -> Limits:
    """The limits for ``lang`` under ``profile``: the profile's, the language file's, then
    the project's (``overrides`` maps ``"*"`` for every language or a language tag)."""
    base = PROFILES[profile]
    language = lookup(lang)
    own = language.limits.get(profile, {}) if language else {}
    extra: Mapping[str, Mapping[str, float]] = overrides or {}
    code = language.code if language else primary(lang or "")
    for table in (own, extra.get("*", {}), extra.get(code, {}),
                  extra.get(lang or "", {}) if lang != code else {}):
        if table:
            base = base._replace(**{k: type(getattr(base, k))(v) for k, v in table.items()})
    return base
