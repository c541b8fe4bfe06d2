"""Line handling shared by the line-based readers (SRT, WebVTT, SBV)."""

from __future__ import annotations

from collections.abc import Iterator


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: every reader counts lines the same way."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_ends_of(text: str) -> str:
    """``"CRLF"`` or ``"CR"`` when ``text``'s lines end so (the first line end tells), ``""``
    for LF or a single line."""
    at = text.find("\r")
    if at < 0:
        return ""
    return "CRLF" if text.startswith("\n", at + 1) else "CR"


def blocks(lines: list[str], start: int = 0) -> Iterator[tuple[int, int]]:
    """``(first, end)`` line indices of each run of non-blank lines from ``start``: the
    blocks of a subtitle file, which blank lines separate."""
    i, n = start, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < n and lines[j].strip():
            j += 1
        yield i, j
        i = j
