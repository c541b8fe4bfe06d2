"""Segment a timed transcript into subtitle cues (``subtool segment TRANSCRIPT``).

This module turns the utterances of a transcript (read by
:mod:`subtool.layout.transcript`, whose docstring gives the format) into a master subtitle
track cut to the profile's limits: cues split at sentence ends, then at clause boundaries,
then between words; each utterance's time shared among its cues in proportion to their
length; cues aligned to frames, with the minimum gap and no overlap.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from subtool.core.model import Cue, Track
from subtool.core.text import WORD_SPACE_RE, visible_length
from subtool.core.timecode import frames_to_ms
from subtool.languages import lookup

# The transcript's names are this module's too, so that a caller reads a transcript and
# segments it through one import.
from subtool.layout.reflow import reflow
from subtool.layout.transcript import (
    ESTIMATE_CPS,
    ESTIMATE_MIN_MS,
    TIMESTAMP_FORMS,
    TranscriptError,
    Utterance,
    parse_transcript,
)
from subtool.profiles import Limits

__all__ = [
    "ESTIMATE_CPS",
    "ESTIMATE_MIN_MS",
    "MIN_CUE_FRAMES",
    "TIMESTAMP_FORMS",
    "LineBreaker",
    "TranscriptError",
    "Utterance",
    "parse_transcript",
    "segment",
]

LineBreaker = Callable[[str, int, int], str | None]
"""``break_lines(text, max_chars, max_lines)``: the text as lines joined by ``\\n``, or None
when it cannot be laid out within the limits."""

# The shortest cue ever made, in frames. One frame cannot be read, and a cue of two can give
# up a frame where rounding frames to milliseconds (24, 29.97, 30 fps) shortens a gap by 1 ms.
MIN_CUE_FRAMES = 2



# --------------------------------------------------------------------------------------
# Line breaking (the default; a real line breaker is passed in by the caller)
# --------------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [w for w in WORD_SPACE_RE.split(text) if w]


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
    (default: the language's line breaker, :func:`subtool.layout.reflow.reflow`) and,
    where the utterance's time allows, is read at
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
    def by_language(text: str, max_chars: int, max_lines: int) -> str | None:
        return reflow(text, lang, max_chars, max_lines)

    planner = _Planner(lang, limits, break_lines or by_language, clock, gap)
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
