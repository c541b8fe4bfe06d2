"""Times as integer milliseconds: parsed and formatted here, for every file subtool reads.

Times are never floats: frame arithmetic and round trips must be exact. Every reader turns
the digits it found into milliseconds with ``to_ms``, which refuses fields too long to be a
time (a timestamp of thousands of digits would otherwise be a number Python refuses to
build, or one no player can show). The formats' own grammars (what ffmpeg accepts in SRT,
what browsers accept in WebVTT) stay with their readers; the canonical spelling
``HH:MM:SS.mmm`` of the state files and exchange ids is read by ``parse_clock``.
"""

from __future__ import annotations

from subtool.core.patterns import lazy

# A field of more than 18 digits is not a time (Python refuses to build numbers from more
# than 4,300 digits, and no player shows anything past 2**63 microseconds anyway).
MAX_DIGITS = 18
_CLOCK = lazy(r"([0-9]{2,18}):([0-5][0-9]):([0-5][0-9])\.([0-9]{3})")


def to_ms(hours: str, minutes: str, seconds: str, millis: str) -> int | None:
    """Milliseconds of a time written as ASCII digit strings (``hours`` may be empty);
    None when a field is longer than ``MAX_DIGITS`` or holds other characters."""
    fields = (hours or "0", minutes, seconds, millis)
    if any(len(f) > MAX_DIGITS or not f.isascii() or not f.isdigit() for f in fields):
        return None
    h, m, s, f = (int(x) for x in fields)
    return h * 3_600_000 + m * 60_000 + s * 1000 + f


def parse_clock(text: str) -> int | None:
    """``HH:MM:SS.mmm`` (hours of two or more digits) in milliseconds, else None."""
    m = _CLOCK.fullmatch(text)
    return to_ms(*m.groups()) if m else None


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
    if len(t) > 40:
        raise ValueError(f"{text[:40]!r}… is not a duration like 7:25 or 0:07:25.500")
    if t.endswith("ms") and t[:-2].isascii() and t[:-2].isdigit():
        return int(t[:-2])
    if t.endswith("s") and t[:-1].replace(".", "", 1).isascii() \
            and t[:-1].replace(".", "", 1).isdigit():
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
