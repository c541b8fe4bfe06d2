"""Times as integer milliseconds, and their SRT/WebVTT spellings.

Times are never floats: frame arithmetic and round trips must be exact.
"""

from __future__ import annotations


def format_srt(ms: int) -> str:
    """Format milliseconds as ``HH:MM:SS,mmm`` (hours grow beyond two digits if needed)."""
    ms = max(ms, 0)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{milli:03d}"


def format_vtt(ms: int) -> str:
    """Format milliseconds as WebVTT ``HH:MM:SS.mmm`` (hours always written, for clarity)."""
    return format_srt(ms).replace(",", ".")


def format_short(ms: int) -> str:
    """Format milliseconds for people: ``M:SS.mmm``, or ``H:MM:SS.mmm`` past an hour."""
    h, rest = divmod(max(ms, 0), 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    if h:
        return f"{h}:{m:02d}:{s:02d}.{milli:03d}"
    return f"{m}:{s:02d}.{milli:03d}"


def frames_to_ms(frames: float, frame_rate: float) -> int:
    """Milliseconds of ``frames`` frames at ``frame_rate`` frames per second, rounded."""
    return round(frames * 1000 / frame_rate)


def parse_duration(text: str) -> int:
    """Parse a person-written duration (``7:25``, ``0:07:25.500``, ``445s``, ``445000ms``).

    Raises ValueError with a readable reason.
    """
    t = text.strip()
    if t.endswith("ms") and t[:-2].isdigit():
        return int(t[:-2])
    if t.endswith("s") and t[:-1].replace(".", "", 1).isdigit():
        return round(float(t[:-1]) * 1000)
    parts = t.replace(",", ".").split(":")
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise ValueError(f"{text!r} is not a duration like 7:25 or 0:07:25.500")
    try:
        secs = float(parts[-1])
        mins = int(parts[-2]) if len(parts) >= 2 else 0
        hours = int(parts[-3]) if len(parts) == 3 else 0
    except ValueError:
        raise ValueError(f"{text!r} is not a duration like 7:25 or 0:07:25.500") from None
    if (secs >= 60 and len(parts) > 1) or (mins >= 60 and len(parts) > 2) or secs < 0:
        raise ValueError(f"{text!r}: minutes and seconds must be below 60")
    return hours * 3_600_000 + mins * 60_000 + round(secs * 1000)
