"""``subtool media``: a film's facts for people (text) or programs (JSON)."""

from __future__ import annotations

import json

from subtool.core.film import FilmFacts
from subtool.core.timecode import format_short
from subtool.languages.i18n import _, ngettext

FORMATS = ("text", "json")
# How many speech segments and shot changes the text lists before "…".
FIRST = 5


def render_json(facts: FilmFacts) -> str:
    """``{"duration": ms, "frame_rate": fps, "speech": [[start, end], …],
    "shot_changes": [ms, …]}`` on one line."""
    return json.dumps(facts.to_json(), separators=(", ", ": ")) + "\n"


def render_text(facts: FilmFacts, name: str) -> str:
    """Duration, frame rate, how much speech and how many shot changes, the first ones."""
    spoken = sum(e - s for s, e in facts.speech)
    share = round(100 * spoken / facts.duration) if facts.duration else 0
    lines = [_("{film}: {duration}, {fps} frames per second").format(
        film=name, duration=format_short(facts.duration), fps=f"{facts.frame_rate:g}")]
    lines.append(ngettext(
        "speech: {count} segment, {spoken} in all ({share} of the film)",
        "speech: {count} segments, {spoken} in all ({share} of the film)",
        len(facts.speech)).format(count=len(facts.speech), spoken=format_short(spoken),
                                  share=f"{share} %"))
    lines += [f"  {format_short(s)}–{format_short(e)}" for s, e in facts.speech[:FIRST]]
    if len(facts.speech) > FIRST:
        lines.append("  …")
    lines.append(ngettext("shot changes: {count}", "shot changes: {count}",
                          len(facts.shot_changes)).format(count=len(facts.shot_changes)))
    if facts.shot_changes:
        shown = ", ".join(format_short(t) for t in facts.shot_changes[:FIRST])
        lines.append(f"  {shown}" + (", …" if len(facts.shot_changes) > FIRST else ""))
    return "\n".join(lines) + "\n"
