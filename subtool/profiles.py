"""Subtitle profiles: the limits each rule enforces, per profile and language.

Every figure comes from ``shared/reference/subtitle-standards.md``; the sources are named
next to each profile. Projects override any figure in ``[tool.subtool.limits]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from subtool.languages import primary


@dataclass(frozen=True, slots=True)
class Limits:
    """The numbers behind the timing and layout rules for one language."""

    max_lines: int
    max_chars: int
    cps_warn: float
    cps_error: float
    min_duration: int
    max_duration: int
    min_gap_frames: int


LIMIT_KEYS = tuple(f.name for f in fields(Limits))

# Netflix Timed Text Style Guide (general requirements, timing guidelines, language guides):
# 42 characters (Russian 39), 17 cps (English and Arabic 20; Arabic unconfirmed), 5/6 s to 7 s,
# 2 frames between cues. Netflix gives one maximum, so above it is an error at once.
_NETFLIX = Limits(2, 42, 17, 17, 833, 7000, 2)
# ARD/ORF/SRF/ZDF "Untertitel-Standards": 2 lines, 37 characters, 13-15 cps, min 1 s, 1 frame.
_BROADCAST_DE = Limits(2, 37, 13, 15, 1000, 7000, 1)
# The film's default: ARD's base speed for an older audience, DCMP-leaning durations (1.5 s),
# 37 characters for German and 42 for the other languages (Russian 39).
_SENIOR = Limits(2, 42, 13, 15, 1500, 7000, 2)

PROFILES: dict[str, tuple[Limits, dict[str, dict[str, float]]]] = {
    "netflix": (_NETFLIX, {"ru": {"max_chars": 39}, "en": {"cps_warn": 20, "cps_error": 20},
                           "ar": {"cps_warn": 20, "cps_error": 20}}),
    "broadcast-de": (_BROADCAST_DE, {}),
    "senior": (_SENIOR, {"de": {"max_chars": 37}, "ru": {"max_chars": 39}}),
}
DEFAULT_PROFILE = "senior"


def limits_for(profile: str, lang: str | None,
               overrides: Mapping[str, Mapping[str, float]] | None = None) -> Limits:
    """The limits for ``lang`` under ``profile``, with project overrides applied.

    ``overrides`` maps ``"*"`` (every language) or a language code to ``{key: value}``.
    """
    base, per_lang = PROFILES[profile]
    code = primary(lang) if lang else ""
    extra: Mapping[str, Mapping[str, float]] = overrides or {}
    for table in (per_lang.get(code, {}), extra.get("*", {}), extra.get(code, {})):
        if table:
            base = replace(base, **{k: type(getattr(base, k))(v) for k, v in table.items()})
    return base
