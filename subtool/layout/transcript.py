"""Read a timed transcript: utterances with start, end, speaker and text.

A transcript says *when* someone starts speaking and *what* they say;
:func:`parse_transcript` reads it into :class:`Utterance` values, which
:func:`subtool.layout.segment.segment` cuts into subtitle cues.

Transcript format
-----------------
Plain text (UTF-8; decoding is the caller's job). Each utterance starts with a timestamp at
the start of a line, then an optional speaker and a colon, then what is said::

    # Dortmunder Seniorenbüros – Rohtranskript
    [00:00:04.880] (off) Sprecherin: Seit über 16 Jahren gibt es die
    Dortmunder Seniorenbüros. Angefangen hat alles mit einem Modellprojekt.

    [00:42.720] Birgit Hansmann: Ich bin Birgit Hansmann und leite das Sozialamt.
    [00:00:46.960] Wir haben damals gemerkt: Viele ältere Menschen wissen nicht,
    welche Hilfen es gibt.

    [00:07:10.000 --> 00:07:16.500] (off) Sprecherin: Dortmunder Seniorenbüros.
    Für Sie in Ihrem Stadtbezirk!

- **Timestamps**: ``[HH:MM:SS]``, ``[HH:MM:SS.mmm]``, ``[MM:SS]`` (also ``[MM:SS.mmm]``),
  or the range ``[HH:MM:SS.mmm --> HH:MM:SS.mmm]``, which gives the end explicitly. Hours
  may have one or more digits, minutes and seconds must be below 60; the fraction after
  ``.`` (or ``,``) has one to three digits and is a decimal fraction (``.5`` = 500 ms).
- **Utterances**: a line that starts with a timestamp starts an utterance. The lines after
  it, up to the next timestamp or blank line, continue it (joined with a space), so one
  utterance per line and one per paragraph both work. Text after a blank line must start
  with a timestamp again.
- **Speakers**: ``Name:`` right after the timestamp (the colon followed by a space). A name
  is one to four words that start with a capital letter (or are in a script without case,
  or are a particle such as ``von``/``de``, or a number: ``Sprecherin 2``), so a sentence
  such as ``Wir haben damals gemerkt: …`` is text, and ``Partner:innen`` never is a
  speaker. ``(off) Name:`` marks a speaker who is not on screen (any words may form the
  name after ``(off)``). A colon right after the timestamp (``[00:01:08] : Das Besondere:
  …``) says "no speaker" where the text itself would look like one. An utterance without
  a name continues with whoever spoke before (it gets no label).
- **Ends**: an utterance ends where the next one starts, unless the range form gives its
  end. The last utterance should use the range form; otherwise its end is estimated at
  :data:`ESTIMATE_CPS` characters per second, at least :data:`ESTIMATE_MIN_MS` (a slow
  estimate on purpose, so the last subtitles stay readable under every profile).
- **Comments**: lines whose first non-blank character is ``#`` are ignored (they do not
  end a paragraph). A text line cannot start with ``#``.
- **Errors** (:class:`TranscriptError`, with the 1-based line): a malformed timestamp, a
  start not later than the previous start, a start before the previous utterance's
  explicit end, a range whose end is not after its start, text without a timestamp, an
  utterance without text, ``(off)`` without a name, a timestamp in the middle of a line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

from subtool.core.errors import TranscriptError
from subtool.core.text import WORD_SPACE_RE, visible_length
from subtool.core.timecode import MAX_DIGITS, format_short, to_ms
from subtool.languages import known, lookup

__all__ = [
    "ESTIMATE_CPS",
    "ESTIMATE_MIN_MS",
    "TIMESTAMP_FORMS",
    "TranscriptError",
    "Utterance",
    "parse_transcript",
]

# Reading speed used to guess the end of a last utterance without an explicit end. 12 is
# under every profile's warning limit (13 for senior and broadcast-de, 17 for netflix), so
# a guessed end never produces a reading-speed problem by itself.
ESTIMATE_CPS = 12
# DCMP Captioning Key: no caption under 2 s; a guess shorter than that helps nobody.
ESTIMATE_MIN_MS = 2000

TIMESTAMP_FORMS = "[HH:MM:SS], [HH:MM:SS.mmm], [MM:SS] or [HH:MM:SS.mmm --> HH:MM:SS.mmm]"


@dataclass(frozen=True, slots=True)
class Utterance:
    """One timed utterance of a transcript: integer milliseconds, speaker and text.

    ``speaker`` is ``""`` when the transcript names none; ``line`` is the 1-based line of
    its timestamp (metadata, not part of equality, as in :class:`subtool.core.model.Cue`).
    """

    start: int
    end: int
    speaker: str
    off_screen: bool
    text: str
    line: int = field(default=0, compare=False)


# --------------------------------------------------------------------------------------
# Reading transcripts
# --------------------------------------------------------------------------------------

_TIME_RE = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
# Bracket content a person meant as a time (``[Musik]`` and ``[lacht]`` are text).
_TIME_LIKE = re.compile(r"\d\s*[:.,]\s*\d|-->|->|→")
_WRONG_ARROW = re.compile(r"(?<!-)->|[–—=]>|→")
_INLINE_STAMP = re.compile(r"\[\s*(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\s*(?:\]|-->)")
_OFF_RE = re.compile(r"\(\s*off\s*\)\s*", re.IGNORECASE)
_NAME_COLON = re.compile(r"([^:]{1,60}?)[ \t]*:(?=\s|$)")
# Whitespace that separates words. No-break spaces (16 Jahre, 10 %) are glue that the
# author put there on purpose, so they are neither split at nor collapsed.


@cache
def _name_particles() -> frozenset[str]:
    """Particles inside personal names (von, van, di, ibn …) in any language subtool knows:
    a speaker's name need not be in the transcript's language."""
    found: set[str] = set()
    for code in known():
        language = lookup(code)
        if language is not None:
            found |= language.segment.name_particles
    return frozenset(found)


_NOT_IN_NAMES = set(",;!?\"„“”«»()[]{}")


def _error(message: str, path: str, line: int, hint: str = "") -> TranscriptError:
    return TranscriptError(message, path=path, line=line, hint=hint)


def _time_ms(part: str, raw: str, path: str, line: int) -> int:
    m = _TIME_RE.fullmatch(part.strip())
    if m is None:
        raise _error(f"{raw!r} is not a timestamp: write {TIMESTAMP_FORMS}", path, line)
    hours, minutes, seconds, fraction = m.groups()
    if hours is not None and len(hours) > MAX_DIGITS:
        raise _error(f"{raw[:40]!r}: the hours have {len(hours)} digits: that is not a time; "
                     f"write {TIMESTAMP_FORMS}", path, line)
    if int(minutes) >= 60 and hours is None:
        h, mi = divmod(int(minutes), 60)
        raise _error(f"{raw!r}: minutes must be below 60; write [{h:02d}:{mi:02d}:{seconds}]",
                     path, line)
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise _error(f"{raw!r}: minutes and seconds must be below 60; write {TIMESTAMP_FORMS}",
                     path, line)
    value = to_ms(hours or "", minutes, seconds, (fraction or "").ljust(3, "0"))
    assert value is not None  # every field was checked above
    return value


def _read_stamp(stripped: str, path: str, line: int) -> tuple[int, int | None, str] | None:
    """(start, explicit end or None, rest of the line) for a timestamp line, else None."""
    if not stripped.startswith("["):
        return None
    close = stripped.find("]")
    inner = stripped[1:close] if close != -1 else stripped[1:]
    if not _TIME_LIKE.search(inner):
        return None  # a sound label such as [Musik]: text, not a time
    if close == -1:
        raise _error(f"the timestamp {stripped[:30]!r} has no closing ']': write "
                     f"{TIMESTAMP_FORMS}", path, line)
    raw = stripped[: close + 1]
    if "-->" not in inner and _WRONG_ARROW.search(inner):
        raise _error(f"{raw!r}: the arrow of a range must be '-->' (two hyphens and '>'), "
                     "as in [00:01:02.500 --> 00:01:04.000]", path, line)
    first, arrow, second = inner.partition("-->")
    start = _time_ms(first, raw, path, line)
    end: int | None = None
    if arrow:
        if "-->" in second:
            raise _error(f"{raw!r} has more than one '-->': write {TIMESTAMP_FORMS}", path, line)
        end = _time_ms(second, raw, path, line)
        if end <= start:
            raise _error(f"{raw!r}: the end {format_short(end)} is not after the start "
                         f"{format_short(start)}; write an end later than the start",
                         path, line)
    return start, end, stripped[close + 1:]


def _check_inline(text: str, path: str, line: int) -> None:
    m = _INLINE_STAMP.search(text)
    if m is not None:
        raise _error(f"a timestamp {m.group(0).rstrip('-> ')}… in the middle of a line: start "
                     "a new line with it for a new utterance, or remove it", path, line)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 4 or any(c in _NOT_IN_NAMES for c in name):
        return False
    for k, word in enumerate(words):
        head = word[0]
        if k and word.isdigit():
            continue  # "Sprecherin 2"
        if k and word.lower() in _name_particles():
            continue  # "Anna von Berg"
        # Capitalised, or a script without case (Arabic); a lower-case word means a sentence.
        if not head.isalpha() or head.islower():
            return False
    return True


def _split_speaker(text: str, path: str, line: int) -> tuple[str, bool, str]:
    """(speaker, off screen, spoken text) of an utterance's joined text."""
    off = _OFF_RE.match(text)
    rest = text[off.end():] if off else text
    if rest.startswith(":"):
        if off:
            raise _error("'(off)' must be followed by the speaker's name and a colon: write "
                         "(off) Sprecherin: …", path, line)
        return "", False, rest[1:].strip()
    m = _NAME_COLON.match(rest)
    if m is not None and m.group(1).strip() and (off or _looks_like_name(m.group(1))):
        return m.group(1).strip(), bool(off), rest[m.end():].strip()
    if off:
        raise _error("'(off)' must be followed by the speaker's name and a colon: write "
                     "(off) Sprecherin: …", path, line)
    return "", False, rest


@dataclass(slots=True)
class _Draft:
    start: int
    end: int | None
    line: int
    parts: list[str]


def parse_transcript(text: str, path: str = "") -> list[Utterance]:
    """Read a timed transcript (format in the module docstring) into utterances.

    ``path`` only names the file in errors. Raises :class:`TranscriptError` with the
    1-based line and what to write instead.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # Every line is read before any utterance is made, so the first error in the file is
    # the one reported.
    drafts = _read_drafts(text, path)
    return [_utterance(draft, drafts[k + 1].start if k + 1 < len(drafts) else None, path)
            for k, draft in enumerate(drafts)]


def _read_drafts(text: str, path: str) -> list[_Draft]:
    """The utterances' timestamps and raw text lines, checked for order, in file order."""
    drafts: list[_Draft] = []
    in_paragraph = False
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            continue  # a comment does not end a paragraph
        if not stripped:
            in_paragraph = False
            continue
        stamp = _read_stamp(stripped, path, number)
        if stamp is None:
            _continue_draft(drafts, in_paragraph, stripped, path, number)
        else:
            drafts.append(_start_draft(drafts[-1] if drafts else None, stamp, path, number))
        in_paragraph = True
    return drafts


def _continue_draft(drafts: list[_Draft], in_paragraph: bool, stripped: str, path: str,
                    line: int) -> None:
    """Add a line without a timestamp to the utterance it continues."""
    if not drafts or not in_paragraph:
        hint = (f"or remove the blank line above to continue the utterance of line "
                f"{drafts[-1].line}" if drafts else "")
        raise _error("text without a timestamp: start each utterance with its time, "
                     "as in [00:01:02] Sprecherin: …", path, line, hint)
    _check_inline(stripped, path, line)
    drafts[-1].parts.append(stripped)


def _start_draft(previous: _Draft | None, stamp: tuple[int, int | None, str], path: str,
                 line: int) -> _Draft:
    """A new utterance from a timestamp line, once its time is checked against the one
    before it."""
    start, end, rest = stamp
    if previous is not None:
        _check_order(previous, start, path, line)
    _check_inline(rest, path, line)
    return _Draft(start, end, line, [rest.strip()] if rest.strip() else [])


def _utterance(draft: _Draft, next_start: int | None, path: str) -> Utterance:
    """The utterance of a draft; ``next_start``: the next utterance's start, None for the
    last one."""
    joined = WORD_SPACE_RE.sub(" ", " ".join(draft.parts)).strip()
    speaker, off, spoken = _split_speaker(joined, path, draft.line)
    if not spoken:
        raise _error("the utterance has no text: write what is said after the timestamp "
                     "(and after the speaker's colon)", path, draft.line)
    if draft.end is not None:
        end = draft.end
    elif next_start is not None:
        end = next_start
    else:
        end = draft.start + max(ESTIMATE_MIN_MS,
                                math.ceil(visible_length(spoken) * 1000 / ESTIMATE_CPS))
    return Utterance(draft.start, end, speaker, off, spoken, draft.line)


def _check_order(previous: _Draft, start: int, path: str, line: int) -> None:
    if start < previous.start:
        raise _error(f"this utterance starts at {format_short(start)}, earlier than the "
                     f"previous one (line {previous.line}, {format_short(previous.start)}): "
                     "put the utterances in time order or correct the time", path, line)
    if start == previous.start:
        raise _error(f"this utterance starts at {format_short(start)}, like the previous one "
                     f"(line {previous.line}): give it a later time or join the two texts",
                     path, line)
    if previous.end is not None and start < previous.end:
        raise _error(f"this utterance starts at {format_short(start)}, before the previous one "
                     f"ends (line {previous.line}, {format_short(previous.end)}); subtitles "
                     f"cannot overlap: end the previous one at {format_short(start)} or "
                     "earlier, or start this one later", path, line)
