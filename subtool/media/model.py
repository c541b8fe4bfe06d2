"""What subtool knows about a film: its duration, frame rate, speech and shot changes.

A frozen value with a JSON shape that ``subtool media --format json`` prints and the cache
stores::

    {"duration": ms, "frame_rate": fps, "speech": [[start_ms, end_ms], ...],
     "shot_changes": [ms, ...], "analyser": "name", "analyser_version": "x.y"}

``analyser`` and ``analyser_version`` are optional on reading (a hand-written or stand-in
truth file has none).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FilmFacts:
    """Facts about one film; every time is integer milliseconds from the film's start."""

    duration: int
    frame_rate: float
    speech: tuple[tuple[int, int], ...]
    shot_changes: tuple[int, ...]
    analyser: str = ""
    analyser_version: str = ""

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict (lists, not tuples), keys in the documented order."""
        data: dict[str, Any] = {
            "duration": self.duration,
            "frame_rate": self.frame_rate,
            "speech": [[s, e] for s, e in self.speech],
            "shot_changes": list(self.shot_changes),
        }
        if self.analyser:
            data["analyser"] = self.analyser
            data["analyser_version"] = self.analyser_version
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FilmFacts:
        """Read the JSON shape back; ValueError names the first field that is wrong."""
        try:
            duration = _ms(data["duration"], "duration")
            rate = data["frame_rate"]
            if isinstance(rate, bool) or not isinstance(rate, int | float) \
                    or not math.isfinite(rate) or rate <= 0:
                raise ValueError(f"frame_rate must be a positive number, not {rate!r}")
            speech = tuple(_segment(item) for item in data["speech"])
            shots = tuple(_ms(item, "shot_changes") for item in data["shot_changes"])
        except KeyError as exc:
            raise ValueError(f"the field {exc.args[0]!r} is missing") from None
        except TypeError:
            raise ValueError("speech and shot_changes must be lists") from None
        return cls(duration, float(rate), speech, shots,
                   str(data.get("analyser", "")), str(data.get("analyser_version", "")))


def _ms(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{field} must hold whole, non-negative milliseconds, not {value!r}")
    return value


def _segment(item: object) -> tuple[int, int]:
    if not isinstance(item, list | tuple) or len(item) != 2:
        raise ValueError(f"a speech segment must be [start_ms, end_ms], not {item!r}")
    start, end = _ms(item[0], "speech"), _ms(item[1], "speech")
    if end < start:
        raise ValueError(f"a speech segment ends before it starts: {list(item)!r}")
    return start, end
