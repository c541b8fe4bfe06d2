"""What subtool read from a subtitle file, as data (``subtool convert IN OUT.json``).

A read-out, not a publication: every cue as the reader understood it (identifier, times in
integer milliseconds, text with ``\\n`` between lines, WebVTT settings) and every problem,
in the shape of ``check --format json`` — the equivalent of ``ffprobe -show_packets``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from subtool.core.model import Problem, Track


def readout_json(track: Track, problems: Sequence[Problem]) -> str:
    """The cues and problems of one file as JSON (keys in a fixed order)."""
    doc = {
        "format": track.format,
        "cues": [{"id": cue.identifier, "start": cue.start, "end": cue.end, "text": cue.text,
                  "settings": cue.settings} for cue in track.cues],
        "problems": [p.as_dict() for p in problems],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
