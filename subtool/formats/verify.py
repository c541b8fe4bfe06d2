"""Every writer verified: what is written is read back, in memory, with the reader subtool
uses for that format, and each cue must come back with the same times (to the format's
precision) and the same text as viewers see it. Otherwise nothing is written.

"As viewers see it": each character with its italic, bold and underline, runs of spaces as
one and lines trimmed (TTML collapses white space by definition, players trim lines), so
``<i>a</i>\\n<i>b</i>`` and ``<i>a\\nb</i>`` are the same text and ``C:\\neu`` read back as a
line break is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from subtool.core.errors import ContentError
from subtool.core.model import Cue, Track
from subtool.core.text import char_name, unholdable

Seen = tuple[tuple[str, str], ...]

_TAG_RE = re.compile(r"(</?[ibuIBU]>)")
_STYLES = "ibu"


def seen(text: str) -> Seen:
    """The text as a viewer sees it: (character, styles) pairs, ``\\n`` between lines."""
    return _trimmed(styled_chars(text))


def styled_chars(text: str) -> list[tuple[str, str]]:
    """Each character of ``text`` outside tags with the styles (``i``, ``b``, ``u``) it is
    shown in; white space carries none."""
    depth = dict.fromkeys(_STYLES, 0)
    chars: list[tuple[str, str]] = []
    for part in _TAG_RE.split(text):
        if _TAG_RE.fullmatch(part):
            style = part.strip("</>").lower()
            depth[style] = max(0, depth[style] + (-1 if part.startswith("</") else 1))
            continue
        styles = "".join(s for s in _STYLES if depth[s])
        chars.extend((c, "" if c.isspace() else styles) for c in part)
    return chars


def _trimmed(chars: list[tuple[str, str]]) -> Seen:
    lines: list[list[tuple[str, str]]] = [[]]
    for char, styles in chars:
        if char == "\n":
            lines.append([])
        elif char.isspace() and char != "\u00a0":
            if lines[-1] and lines[-1][-1][0] != " ":
                lines[-1].append((" ", ""))
        else:
            lines[-1].append((char, styles))
    out: list[tuple[str, str]] = []
    for number, line in enumerate(lines):
        if number:
            out.append(("\n", ""))
        while line and line[-1][0] == " ":
            line.pop()
        out.extend(line)
    return tuple(out)


# How far a time may move when written: ASS and SSA count centiseconds, MPL2 deciseconds,
# MicroDVD frames (one frame at the rate written, plus rounding).
_PRECISION = {"ass": 10, "ssa": 10, "mpl2": 100}


def precision(fmt: str, frame_rate: float) -> int:
    """The largest change of a time, in ms, that writing ``fmt`` may make (0: exact)."""
    if fmt == "microdvd":
        return int(1000 / frame_rate) + 1
    return _PRECISION.get(fmt, 0)


_NAMES = {"microdvd": "MicroDVD", "mpl2": "MPL2"}
Explain = Callable[[Cue], str | None]


def verify(track: Track, back: Track, fmt: str, *, frame_rate: float,
           explain: Explain | None = None) -> None:
    """Raise ContentError unless ``back`` (what was written, read again) holds the cues of
    ``track``; the message names the first cue that changed and, through ``explain``, what
    in it the format cannot hold."""
    name = _NAMES.get(fmt, fmt.upper())
    if any(d.rule == "parse-error" for d in back.diagnostics) or \
            len(back.cues) != len(track.cues):
        _refuse_unreadable(track, back, name, explain)
    tolerance = precision(fmt, frame_rate)
    for number, (cue, got) in enumerate(zip(track.cues, back.cues, strict=True), 1):
        if abs(got.start - cue.start) > tolerance or abs(got.end - cue.end) > tolerance:
            raise ContentError(
                f"cannot be written as {name} exactly: cue {number}'s times would read back "
                f"as {got.start} ms to {got.end} ms, not {cue.start} ms to {cue.end} ms",
                hint="convert to SRT or WebVTT; nothing was written"
                if _other_format(name) else "nothing was written")
        if got.text != cue.text and seen(got.text) != seen(cue.text):
            reason = (explain(cue) if explain else None) or \
                f"it would read back as {_short(got.text)} instead of {_short(cue.text)}"
            raise ContentError(
                f"cannot be written as {name} without changing cue {number}: {reason}",
                hint="change that text" + _other_format(name) + "; nothing was written")


def _refuse_unreadable(track: Track, back: Track, name: str, explain: Explain | None) -> None:
    culprit = next((n for n, c in enumerate(track.cues, 1) if unholdable(c.text)), None)
    if culprit is not None:
        char = unholdable(track.cues[culprit - 1].text) or ""
        where = f" (cue {culprit} holds {char_name(char)})"
    else:
        pairs = enumerate(zip(track.cues, back.cues, strict=False), 1)
        first = next((n for n, (a, b) in pairs if seen(a.text) != seen(b.text)),
                     min(len(back.cues), len(track.cues)) + 1)
        reason = explain(track.cues[first - 1]) if explain and first <= len(track.cues) \
            else None
        where = f" (cue {first}: {reason})" if reason else \
            f" ({len(back.cues)} of {len(track.cues)} cues would be read)"
    raise ContentError(f"cannot be written as {name} so that it reads back{where}",
                       hint="fix it first (subtool check names every control character)"
                            + _other_format(name) + "; nothing was written")


def _other_format(name: str) -> str:
    return "" if name in ("SRT", "VTT", "SBV") else ", or convert to SRT or WebVTT, which hold it"


def _short(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[:limit] + "…"
    return "“" + shown.replace("\n", "⏎") + "”"
