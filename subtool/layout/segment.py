"""Segment a timed transcript into subtitle cues (``subtool segment TRANSCRIPT``).

A transcript says *when* someone starts speaking and *what* they say; this module turns it
into a master subtitle track cut to the profile's limits: cues split at sentence ends, then
at clause boundaries, then between words; each utterance's time shared among its cues in
proportion to their length; cues aligned to frames, with the minimum gap and no overlap.

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

Segmentation
------------
See :func:`segment`. In brief: per utterance, a dynamic programme chooses where to cut the
words into cues, minimising a cost (each cue costs a little; cutting after a sentence end
is free, after clause punctuation or before a conjunction or dash cheap, between words
expensive, after an article or preposition more so; cues whose estimated time is under the
minimum or over the maximum duration, or above the reading-speed limit, cost extra). Only
texts the line breaker can lay out in ``max_lines`` × ``max_chars`` are cues. Too-short
cues are then merged with a neighbour where the result still fits, the time is shared in
proportion to grapheme length (raised to the minimum duration where the utterance allows),
and every cue is cut at the maximum duration.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from itertools import pairwise

from subtool.core.errors import ExitCode, SubtoolError
from subtool.core.model import Cue, Track
from subtool.core.text import visible_length
from subtool.core.timecode import MAX_DIGITS, format_short, frames_to_ms
from subtool.languages import known, lookup
from subtool.profiles import Limits

LineBreaker = Callable[[str, int, int], str | None]
"""``break_lines(text, max_chars, max_lines)``: the text as lines joined by ``\\n``, or None
when it cannot be laid out within the limits."""

# Reading speed used to guess the end of a last utterance without an explicit end. 12 is
# under every profile's warning limit (13 for senior and broadcast-de, 17 for netflix), so
# a guessed end never produces a reading-speed problem by itself.
ESTIMATE_CPS = 12
# DCMP Captioning Key: no caption under 2 s; a guess shorter than that helps nobody.
ESTIMATE_MIN_MS = 2000

# The shortest cue ever made, in frames. One frame cannot be read, and a cue of two can give
# up a frame where rounding frames to milliseconds (24, 29.97, 30 fps) shortens a gap by 1 ms.
MIN_CUE_FRAMES = 2

TIMESTAMP_FORMS = "[HH:MM:SS], [HH:MM:SS.mmm], [MM:SS] or [HH:MM:SS.mmm --> HH:MM:SS.mmm]"


class TranscriptError(SubtoolError):
    """A transcript cannot be read; ``path`` and the 1-based ``line`` say where.

    Bad content, not a usage error: exit code 1, like a subtitle file with problems.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str, *, path: str, line: int, hint: str = "") -> None:
        super().__init__(message, path=path, line=line, hint=hint)

    def __str__(self) -> str:
        if self.path:
            return super().__str__()
        hint = f"\n  {self.hint}" if self.hint else ""
        return f"line {self.line}: {self.message}{hint}"


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
_SPACE_RE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


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
        raise _error(f"the hours of {raw[:40]!r}… have {len(hours)} digits: that is not a time",
                     path, line)
    if int(minutes) >= 60 and hours is None:
        h, mi = divmod(int(minutes), 60)
        raise _error(f"{raw!r}: minutes must be below 60; write [{h:02d}:{mi:02d}:{seconds}]",
                     path, line)
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise _error(f"{raw!r}: minutes and seconds must be below 60; write {TIMESTAMP_FORMS}",
                     path, line)
    milli = int(fraction.ljust(3, "0")) if fraction else 0
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + milli


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
    drafts: list[_Draft] = []
    in_paragraph = False
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            continue
        if not stripped:
            in_paragraph = False
            continue
        stamp = _read_stamp(stripped, path, number)
        if stamp is None:
            if not drafts or not in_paragraph:
                hint = (f"or remove the blank line above to continue the utterance of line "
                        f"{drafts[-1].line}" if drafts else "")
                raise _error("text without a timestamp: start each utterance with its time, "
                             "as in [00:01:02] Sprecherin: …", path, number, hint)
            _check_inline(stripped, path, number)
            drafts[-1].parts.append(stripped)
        else:
            start, end, rest = stamp
            if drafts:
                _check_order(drafts[-1], start, path, number)
            _check_inline(rest, path, number)
            drafts.append(_Draft(start, end, number, [rest.strip()] if rest.strip() else []))
        in_paragraph = True
    out: list[Utterance] = []
    for k, draft in enumerate(drafts):
        joined = _SPACE_RE.sub(" ", " ".join(draft.parts)).strip()
        speaker, off, spoken = _split_speaker(joined, path, draft.line)
        if not spoken:
            raise _error("the utterance has no text: write what is said after the timestamp "
                         "(and after the speaker's colon)", path, draft.line)
        if draft.end is not None:
            end = draft.end
        elif k + 1 < len(drafts):
            end = drafts[k + 1].start
        else:
            end = draft.start + max(ESTIMATE_MIN_MS,
                                    math.ceil(visible_length(spoken) * 1000 / ESTIMATE_CPS))
        out.append(Utterance(draft.start, end, speaker, off, spoken, draft.line))
    return out


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


# --------------------------------------------------------------------------------------
# Line breaking (the default; a real line breaker is passed in by the caller)
# --------------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [w for w in _SPACE_RE.split(text) if w]


def balanced_lines(text: str, max_chars: int, max_lines: int) -> str | None:
    """Lay out ``text`` in as few lines as fit ``max_chars``, balanced, or None.

    One line when it fits; otherwise two lines split at the word boundary closest to the
    middle (the bottom line the longer one on a tie: subtitle-standards.md prefers a
    bottom-heavy pyramid); with ``max_lines`` above 2, the fewest lines that fit, with the
    longest line as short as possible. None when no layout fits.
    """
    words = _words(text)
    if not words:
        return ""
    if visible_length(" ".join(words)) <= max_chars:
        return " ".join(words)
    if max_lines < 2 or len(words) < 2:
        return None
    widths = [visible_length(w) for w in words]
    best: tuple[tuple[int, bool], int] | None = None
    for k in range(1, len(words)):
        top = sum(widths[:k]) + k - 1
        bottom = sum(widths[k:]) + len(words) - k - 1
        if top <= max_chars and bottom <= max_chars:
            key = (abs(top - bottom), top > bottom)
            if best is None or key < best[0]:
                best = (key, k)
    if best is not None:
        k = best[1]
        return " ".join(words[:k]) + "\n" + " ".join(words[k:])
    for count in range(3, max_lines + 1):
        cuts = _min_longest(widths, count)
        if cuts is not None and _longest(widths, cuts) <= max_chars:
            return "\n".join(" ".join(words[a:b]) for a, b in pairwise(cuts))
    return None


def _longest(widths: list[int], cuts: list[int]) -> int:
    return max(sum(widths[a:b]) + b - a - 1 for a, b in pairwise(cuts))


def _min_longest(widths: list[int], count: int) -> list[int] | None:
    """Cut points (0, …, n) of ``count`` lines minimising the longest line, or None."""
    n = len(widths)
    if count > n:
        return None
    inf = math.inf
    # cost[k][j]: the longest line when words[:j] form k lines.
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                width = sum(widths[i:j]) + j - i - 1
                value = max(cost[k - 1][i], width)
                if value < cost[k][j]:
                    cost[k][j], back[k][j] = value, i
    cuts = [n]
    for k in range(count, 0, -1):
        cuts.append(back[k][cuts[-1]])
    return cuts[::-1]


def _wrap(text: str, max_chars: int) -> str:
    """Greedy lines of at most ``max_chars`` that never fail (a longer word stands alone).

    Used only when the line breaker gives up, so that no word is ever lost; the checker then
    reports the line or cue that is too long.
    """
    lines: list[str] = []
    for word in _words(text):
        if lines and visible_length(lines[-1]) + 1 + visible_length(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Where to cut: boundaries between words
# --------------------------------------------------------------------------------------

_SENTENCE_END = set(".!?…‽؟。！？\u037e")
# A colon or semicolon closes a larger unit than a comma ("in allen zwölf Stadtbezirken:"
# before a list of them), so it is the better of two clause cuts.
_STRONG_CLAUSE_END = set(";:؛·\u0387")
_CLAUSE_END = set(",،–—")
_DASHES = frozenset({"-", "–", "—"})
_CLOSERS = "\"'”’»«“‘)]›‹"
# Ordinal numbers are written with a dot in these languages ("am 3. Oktober"); a dot after
# up to three digits is then no sentence end (a year such as 2009. still is).
# Costs of a cut (see segment). Only their order and rough ratios matter: a sentence end is
# free; clause punctuation is the usual second choice; a conjunction starts a clause
# without punctuation; a bare word boundary is the last resort.
_COST_SENTENCE = 0.0
_COST_STRONG_CLAUSE = 1.5
_COST_CLAUSE = 2.0
_COST_AFTER_DASH = 2.5
_COST_CONJUNCTION = 3.0
_COST_WORD = 8.0
_COST_FUNCTION_WORD = 3.0
_COST_NAME_PAIR = 1.0


def _bare(word: str) -> str:
    return word.strip(_CLOSERS + "„‚(¿¡[").lower()


@dataclass(frozen=True, slots=True)
class _Cut:
    cost: float
    sentence: bool


class _Boundaries:
    """Classifies the boundary after a word for one language."""

    def __init__(self, lang: str | None) -> None:
        language = lookup(lang)
        # Without a language file: dots after numbers may be ordinals, and no word lists.
        self.ordinal = language is None or language.segment.ordinal_dot
        self.conjunctions = language.segment.conjunctions if language else frozenset()
        self.function_words = language.segment.function_words if language else frozenset()
        self.abbreviations = language.linebreak.abbreviations if language else frozenset()
        # The language's own sentence ends: Greek writes its question mark as ";".
        self.sentence_ends = _SENTENCE_END | set(
            (language.question_mark + language.linebreak.sentence_end) if language else "")

    def _abbreviation(self, core: str) -> bool:
        stem = core[:-1]
        if core[-1:] != "." or not stem:
            return False
        if stem.isdigit():
            return self.ordinal and len(stem) <= 3
        if "." in stem:  # z.B., d.h., u.a.
            return True
        return (len(stem) == 1 and stem.isalpha()) or core.lower() in self.abbreviations

    def cut(self, word: str, following: str) -> _Cut:
        """What it costs to end a cue after ``word`` when ``following`` comes next."""
        core = word.rstrip(_CLOSERS)
        last = core[-1:]
        next_head = following.lstrip(_CLOSERS + "„‚(¿¡[")[:1]
        sentence_end = last in self.sentence_ends
        if sentence_end and not self._abbreviation(core):
            if not next_head.islower():
                return _Cut(_COST_SENTENCE, True)
            return _Cut(_COST_CLAUSE, False)  # "… und dann": an ellipsis mid-sentence
        if last in _STRONG_CLAUSE_END:
            return _Cut(_COST_STRONG_CLAUSE, False)
        if last in _CLAUSE_END or word[-1:] in ")]":
            return _Cut(_COST_CLAUSE, False)
        if following in _DASHES:
            return _Cut(_COST_CLAUSE, False)
        if word in _DASHES:
            return _Cut(_COST_AFTER_DASH, False)
        if _bare(following) in self.conjunctions:
            return _Cut(_COST_CONJUNCTION, False)
        cost = _COST_WORD
        if _bare(word) in self.function_words or (sentence_end and self._abbreviation(core)):
            cost += _COST_FUNCTION_WORD  # "Dr." stays with the name, "am 3." with "Oktober"
        if word[:1].isupper() and next_head.isupper():
            cost += _COST_NAME_PAIR  # first and last name, adjective and noun
        return _Cut(cost, False)


# --------------------------------------------------------------------------------------
# Time: frames
# --------------------------------------------------------------------------------------

class _Clock:
    """Frame arithmetic: all layout is done in whole frames, converted to ms at the end."""

    def __init__(self, frame_rate: float) -> None:
        # The exact value of the float, so that frames_to_ms (float arithmetic, used by the
        # checker) never rounds a ceiling below the time it came from.
        self.frame_rate = frame_rate
        self.rate = Fraction(frame_rate)

    def ceil(self, ms: int) -> int:
        return math.ceil(Fraction(ms) * self.rate / 1000)

    def floor(self, ms: int) -> int:
        return math.floor(Fraction(ms) * self.rate / 1000)

    def ms(self, frames: int) -> int:
        return frames_to_ms(frames, self.frame_rate)


def _water_fill(weights: Sequence[int], total: int, minimum: int) -> list[int]:
    """Integers summing to ``total``, proportional to ``weights``, each at least ``minimum``.

    Pieces whose share is below the minimum get the minimum and the rest is shared among the
    others again (water filling). When ``total`` cannot give every piece the minimum, the
    minimum drops to an equal share. Cumulative rounding keeps the sum exact.
    """
    n = len(weights)
    minimum = min(minimum, total // n)
    fixed = [False] * n
    while True:
        free = [k for k in range(n) if not fixed[k]]
        rest = total - minimum * (n - len(free))
        weight = sum(weights[k] for k in free)
        low = [k for k in free if Fraction(rest * weights[k], weight) < minimum]
        if not low:
            break
        for k in low:
            fixed[k] = True
    out = [minimum] * n
    running, previous = 0, 0
    for k in free:
        running += weights[k]
        boundary = math.floor(Fraction(rest * running, weight) + Fraction(1, 2))
        out[k] = boundary - previous
        previous = boundary
    return out


# --------------------------------------------------------------------------------------
# Segmentation
# --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Group:
    """Words to show within a window of frames (usually one utterance)."""

    start: int
    end: int
    words: tuple[str, ...]


class _Planner:
    """Cuts one group's words into cues and shares its frames among them."""

    def __init__(self, lang: str | None, limits: Limits, breaker: LineBreaker,
                 clock: _Clock, gap: int) -> None:
        self.limits = limits
        self.breaker = breaker
        self.clock = clock
        self.gap = gap
        self.fps = float(clock.rate)
        self.boundaries = _Boundaries(lang)
        self.min_frames = clock.ceil(limits.min_duration)
        self.max_frames = max(MIN_CUE_FRAMES, clock.floor(limits.max_duration))
        self.capacity = max(1, limits.max_lines * limits.max_chars)
        # A line break replaces a space, so a text that fits may be this much longer.
        self.bound = self.capacity + max(0, limits.max_lines - 1)
        self._fit_cache: dict[str, bool] = {}

    def fits(self, text: str) -> bool:
        """Whether the line breaker can lay out ``text`` within the limits."""
        known = self._fit_cache.get(text)
        if known is None:
            known = visible_length(text) <= self.bound and self.breaker(
                text, self.limits.max_chars, self.limits.max_lines) is not None
            self._fit_cache[text] = known
        return known

    def overflow_ok(self, text: str) -> bool:
        """Whether ``text`` fails only because of words longer than a line: wrapped with each
        such word on a line of its own, it has no more than ``max_lines`` lines."""
        if all(visible_length(w) <= self.limits.max_chars for w in _words(text)):
            return False
        return _wrap(text, self.limits.max_chars).count("\n") < self.limits.max_lines

    def lines(self, text: str) -> str:
        """The cue text as lines; a text no layout fits is wrapped so no word is lost."""
        laid_out = self.breaker(text, self.limits.max_chars, self.limits.max_lines)
        return laid_out if laid_out is not None else _wrap(text, self.limits.max_chars)

    def plan(self, group: _Group) -> list[tuple[int, int, str]]:
        """(start frame, end frame, text) of the group's cues, in order."""
        words = group.words
        frames = group.end - group.start
        cuts = [self.boundaries.cut(words[k], words[k + 1]) for k in range(len(words) - 1)]
        spans = self._choose(words, cuts, frames)
        spans = self._merge_short(words, spans, frames)
        # Every cue needs its frames and every gap too: with too little time, cues are merged
        # even beyond the limits (the checker reports them) rather than overlap.
        while len(spans) > 1 and \
                frames - self.gap * (len(spans) - 1) < MIN_CUE_FRAMES * len(spans):
            k = min(range(len(spans) - 1),
                    key=lambda k: spans[k + 1][1] - spans[k][0])
            spans[k:k + 2] = [(spans[k][0], spans[k + 1][1])]
        texts = [" ".join(words[a:b]) for a, b in spans]
        durations = _water_fill([max(1, visible_length(t)) for t in texts],
                                frames - self.gap * (len(texts) - 1),
                                max(self.min_frames, MIN_CUE_FRAMES))
        out: list[tuple[int, int, str]] = []
        at = group.start
        for text, duration in zip(texts, durations, strict=True):
            # Starts follow the speech estimate; a cue longer than the maximum ends early
            # rather than pulling the next cue ahead of its words.
            out.append((at, at + min(duration, self.max_frames), self.lines(text)))
            at += duration + self.gap
        return out

    def _estimate(self, length: int, total: int, frames: int) -> float:
        """Frames a piece of ``length`` characters gets when time is proportional."""
        return (frames + self.gap) * length / max(total, 1) - self.gap

    def _piece_cost(self, length: int, est: float, *, starts: bool, ends: bool,
                    inner_end: bool, overflow: bool) -> float:
        cost = 1.0  # every cue costs: no cut without a reason
        if overflow:
            cost += 50.0  # a word longer than a line: only when nothing else works
        if est < self.min_frames:
            cost += 4.0 + 4.0 * (self.min_frames - est) / max(self.min_frames, 1)
        if est > self.max_frames:
            # Over the maximum a cue is cut short; splitting at a sentence or clause beats
            # showing nothing for the rest of the utterance, a bare word boundary does not.
            cost += 2.0 + 6.0 * (est - self.max_frames) / self.max_frames
        if est <= 0:
            cost += 10.0
        else:
            cps = length * self.fps / est
            if cps > self.limits.cps_warn > 0:
                cost += 3.0 * (cps / self.limits.cps_warn - 1.0)
        if inner_end and not ends:
            cost += 4.0  # "… eine Lösung. Wir finden": the start of a sentence left dangling
        elif inner_end and not starts:
            cost += 1.5
        if not (starts and ends):
            # Fragments of a sentence should be substantial: a short tail reads as an
            # afterthought and gets too little time.
            ratio = length / self.capacity
            if ratio < 0.5:
                cost += 3.0 * (0.5 - ratio) / 0.5
        return cost

    def _choose(self, words: tuple[str, ...], cuts: list[_Cut],
                frames: int) -> list[tuple[int, int]]:
        """The cheapest cutting of ``words`` into cues (dynamic programming over cuts)."""
        n = len(words)
        total = visible_length(" ".join(words))
        # A word longer than a line makes any cue holding it too long; the bound grows by
        # the excess so that such a word can still share its cue with its article.
        longest = max(visible_length(w) for w in words)
        bound = self.bound + max(0, longest - self.limits.max_chars)
        best = [math.inf] * (n + 1)
        back = [0] * (n + 1)
        best[0] = 0.0
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                text = " ".join(words[i:j])
                length = visible_length(text)
                single = j - i == 1
                if not single and length > bound:
                    break
                overflow = not self.fits(text)
                if overflow and not (single or self.overflow_ok(text)):
                    continue
                ends = j == n or cuts[j - 1].sentence
                cost = best[i] + self._piece_cost(
                    length, self._estimate(length, total, frames),
                    starts=i == 0 or cuts[i - 1].sentence, ends=ends,
                    inner_end=any(c.sentence for c in cuts[i:j - 1]), overflow=overflow)
                if j < n:
                    cost += cuts[j - 1].cost
                if cost < best[j]:
                    best[j], back[j] = cost, i
        spans: list[tuple[int, int]] = []
        j = n
        while j > 0:
            spans.append((back[j], j))
            j = back[j]
        return spans[::-1]

    def _merge_short(self, words: tuple[str, ...], spans: list[tuple[int, int]],
                     frames: int) -> list[tuple[int, int]]:
        """Merge cues whose proportional time is under the minimum with a neighbour, as long
        as the merged text still fits and its time stays within the maximum."""
        total = visible_length(" ".join(words))

        def est(a: int, b: int) -> float:
            return self._estimate(visible_length(" ".join(words[a:b])), total, frames)

        while len(spans) > 1:
            short = sorted((est(a, b), k) for k, (a, b) in enumerate(spans)
                           if est(a, b) < self.min_frames)
            merged = False
            for _, k in short:
                options = []
                for m in (k - 1, k):
                    if 0 <= m < len(spans) - 1:
                        a, b = spans[m][0], spans[m + 1][1]
                        if self.fits(" ".join(words[a:b])) and est(a, b) <= self.max_frames:
                            options.append((b - a, m))
                if options:
                    _, m = min(options)
                    spans[m:m + 2] = [(spans[m][0], spans[m + 1][1])]
                    merged = True
                    break
            if not merged:
                break
        return spans


def _labels(utterances: Sequence[Utterance], speaker_labels: bool) -> list[str]:
    """The SDH label ``(Name)`` each utterance starts with, or ``""``.

    A turn is a named speaker and whether they are on screen. Off-screen speakers are
    labelled when a turn starts (as ``(Sprecherin)`` in the film's master); with
    ``speaker_labels`` every new named turn is. An utterance without a name continues the
    turn before it.
    """
    out = []
    turn: tuple[str, bool] | None = None
    for u in utterances:
        label = ""
        speaker = " ".join(u.speaker.split())
        if speaker:
            if (speaker, u.off_screen) != turn and (speaker_labels or u.off_screen):
                label = f"({speaker})"
            turn = (speaker, u.off_screen)
        out.append(label)
    return out


def _groups(utterances: Sequence[Utterance], labels: list[str], clock: _Clock,
            gap: int) -> list[_Group]:
    """One group per utterance, with its window in frames.

    A window starts on the first frame at or after the utterance's start and ends on the
    last frame before its end, or ``gap`` frames before the next utterance's first frame.
    An utterance whose window is shorter than :data:`MIN_CUE_FRAMES` cannot have a cue of
    its own: its words join the previous group (or the next, at the beginning), so no word
    is lost.
    """
    groups: list[_Group] = []
    pending: list[str] = []
    pending_start: int | None = None
    for k, u in enumerate(utterances):
        start = clock.ceil(u.start)
        end = clock.floor(u.end)
        if k + 1 < len(utterances):
            end = min(end, clock.ceil(utterances[k + 1].start) - gap)
        words = _words(u.text)
        if not words:
            continue
        if labels[k]:
            words[0] = f"{labels[k]} {words[0]}"  # the label never ends up alone in a cue
        if end - start >= MIN_CUE_FRAMES:
            if pending_start is not None:
                start, words, pending, pending_start = pending_start, pending + words, [], None
            groups.append(_Group(start, end, tuple(words)))
        elif groups:
            last = groups[-1]
            groups[-1] = _Group(last.start, max(last.end, end), last.words + tuple(words))
        else:
            pending += words
            pending_start = start if pending_start is None else pending_start
    if pending_start is not None:
        # Every utterance is shorter than a cue can be: one shortest cue is all there is.
        groups.append(_Group(pending_start, pending_start + MIN_CUE_FRAMES, tuple(pending)))
    return groups


def segment(utterances: Sequence[Utterance], *, lang: str | None, limits: Limits,
            frame_rate: float = 25.0, break_lines: LineBreaker | None = None,
            speaker_labels: bool = True) -> Track:
    """Cut a transcript's utterances into a subtitle track that keeps the profile's limits.

    Per utterance: the words are cut into cues at sentence ends first, then at clause
    boundaries (clause punctuation, dashes, before conjunctions), then between words, so
    that each cue text can be laid out by ``break_lines(text, max_chars, max_lines)``
    (default :func:`balanced_lines`) and, where the utterance's time allows, is read at
    no more than ``limits.cps_warn``. Cues whose share of time would be under
    ``limits.min_duration`` are merged with a neighbour when the result still fits. The
    utterance's time (start to end, or to ``min_gap_frames`` before the next utterance)
    is shared in proportion to grapheme length, raised to the minimum duration where the
    time allows, and a cue longer than ``limits.max_duration`` ends early. Times are
    integer milliseconds on frame boundaries at ``frame_rate``; consecutive cues are
    at least ``min_gap_frames`` apart and never overlap; every cue lies inside its
    utterance's time window. No word is lost or reordered: a word longer than a line gets
    a line of its own (the checker reports it), and an utterance too short for a cue of
    :data:`MIN_CUE_FRAMES` frames joins its neighbour's cue (when every utterance is that
    short, one such cue is made, which may end after the last utterance).

    Off-screen speakers get the SDH label ``(Name)`` at the start of their first cue when
    their turn starts; with ``speaker_labels``, every change of named speaker does.
    Utterances must be in order of start time (``parse_transcript`` guarantees it; an
    explicit end past the next start is cut back there). Raises ValueError otherwise.
    """
    if not frame_rate > 0:
        raise ValueError(f"frame rate must be positive, not {frame_rate}")
    for k, u in enumerate(utterances):
        if u.start < 0:
            raise ValueError(f"utterance {k + 1} starts before 0 ms ({u.start})")
        if k and u.start < utterances[k - 1].start:
            raise ValueError(f"utterance {k + 1} starts at {u.start} ms, before utterance {k} "
                             f"({utterances[k - 1].start} ms): sort the utterances by time")
    clock = _Clock(frame_rate)
    gap = max(0, limits.min_gap_frames)
    planner = _Planner(lang, limits, break_lines or balanced_lines, clock, gap)
    spans: list[tuple[int, int, str]] = []
    for group in _groups(utterances, _labels(utterances, speaker_labels), clock, gap):
        spans.extend(planner.plan(group))
    # At frame rates whose frames are not whole milliseconds (29.97), rounding may take a
    # millisecond off a gap; the checker measures gaps in ms, so end such a cue a frame early.
    min_gap_ms = clock.ms(gap)
    cues: list[Cue] = []
    for k, (start, planned_end, text) in enumerate(spans):
        end = planned_end
        if k + 1 < len(spans):
            while end - 1 > start and clock.ms(spans[k + 1][0]) - clock.ms(end) < min_gap_ms:
                end -= 1
        cues.append(Cue(clock.ms(start), clock.ms(end), text, identifier=str(k + 1)))
    return Track(tuple(cues), "srt")
