"""Sentences across cues: which cues to translate as one text, and how to split it back.

Subtitles cut sentences into cues; a service that gets ``Das Modellprojekt lief so gut,``
and ``dass es heute in jedem Stadtbezirk ein Seniorenbüro gibt.`` separately translates two
fragments badly. So consecutive cues form one text when the first does not end a sentence
(its text does not end with ``. ! ? … :``, closing quotes or brackets aside) and the next
starts within :data:`JOIN_GAP_MS`. A cue that is only a label (``[Musik]``) stands alone, and
a cue that opens with a label or a dialogue dash starts a new text (another speaker).

The translation is split back over the same cues at word boundaries, each cue getting a
share of the characters in proportion to its duration (a reader needs time in proportion to
text); between equally good places the split prefers one after punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from subtool.core.model import Cue

# "the next starts within 1 s": a longer pause is a new thought even without punctuation.
JOIN_GAP_MS = 1000
# Bounds of one text: a long enumeration (the twelve city districts) must not become one
# request-sized text whose split is hard to check.
MAX_CUES = 6
MAX_CHARS = 600

_END = re.compile(r"[.!?…:;][\"'”“»«’)\]]*$")
_LABEL = re.compile(r"^[\[(][^\[\]()]*[\])]$")
_OPENS_NEW = re.compile(r"^(?:[\[(]|[-–—]\s)")
_PUNCT_END = re.compile(r"[,;:.!?…)\]»”“\"]$")
# How much a split after punctuation may deviate from the ideal place (share of the text).
_PUNCT_BONUS = 0.04


def ends_sentence(text: str) -> bool:
    """Whether a cue's text ends a sentence (or is a label that stands alone)."""
    text = text.strip()
    return not text or bool(_END.search(text)) or bool(_LABEL.match(text))


def starts_new(text: str) -> bool:
    """Whether a cue's text opens with a label or a dialogue dash (a new speaker)."""
    return bool(_OPENS_NEW.match(text.strip()))


def group(cues: Sequence[Cue], indices: Sequence[int], sources: Sequence[str], *,
          gap_ms: int = JOIN_GAP_MS) -> list[list[int]]:
    """Group the cues ``indices`` (ascending) into texts; ``sources[k]`` is the source text
    of ``indices[k]``. Only neighbouring cues join."""
    units: list[list[int]] = []
    chars = 0
    for k, index in enumerate(indices):
        if units and k > 0:
            previous = indices[k - 1]
            joins = (index == previous + 1
                     and not ends_sentence(sources[k - 1])
                     and not starts_new(sources[k])
                     and cues[index].start - cues[previous].end <= gap_ms
                     and len(units[-1]) < MAX_CUES
                     and chars + len(sources[k]) <= MAX_CHARS)
            if joins:
                units[-1].append(index)
                chars += len(sources[k]) + 1
                continue
        units.append([index])
        chars = len(sources[k])
    return units


def split_by_duration(text: str, durations: Sequence[int]) -> list[str]:
    """Split ``text`` at word boundaries into ``len(durations)`` parts, in proportion.

    Every word is kept, in order. Each part gets at least one word while there are enough;
    with fewer words than parts the longest cues get one word each and the others "".
    """
    words = text.split()
    n = len(durations)
    if n == 0:
        return []
    if n == 1:
        return [" ".join(words)]
    weights = [max(d, 1) for d in durations]
    if len(words) <= n:
        return _one_word_each(words, weights)
    bounds = _best_bounds(words, weights)
    return [" ".join(words[bounds[i]:bounds[i + 1]]) for i in range(n)]


def _one_word_each(words: list[str], weights: list[int]) -> list[str]:
    """Fewer words than cues: one word for each of the longest cues, in order."""
    n = len(weights)
    longest = sorted(sorted(range(n), key=lambda i: -weights[i])[:len(words)])
    parts = [""] * n
    for i, word in zip(longest, words, strict=True):
        parts[i] = word
    return parts


def _best_bounds(words: list[str], weights: list[int]) -> list[int]:
    """Where the parts start, as word indices (0 first, ``len(words)`` last): the
    boundaries closest to the cues' shares of the time, after punctuation where that is
    nearly as close."""
    n, count = len(weights), len(words)
    cost, back = _boundary_costs(words, _shares(weights))
    last = n - 2
    end = min(range(last + 1, count), key=lambda b: cost[last][b])
    bounds = [end]
    for k in range(last, 0, -1):
        bounds.append(back[k][bounds[-1]])
    return [0, *reversed(bounds), count]


def _shares(weights: list[int]) -> list[float]:
    """Where each boundary would ideally fall, as a share of the whole text."""
    whole = sum(weights)
    shares = []
    acc = 0
    for d in weights[:-1]:
        acc += d
        shares.append(acc / whole)
    return shares


def _boundary_costs(words: list[str],
                    shares: list[float]) -> tuple[list[list[float]], list[list[int]]]:
    """The dynamic programme's tables: ``cost[k][b]``, the best cost with boundary ``k``
    (0-based) after word ``b``, and ``back[k][b]``, where boundary ``k - 1`` then is.
    Boundaries must increase and every part must get at least one word."""
    # Characters before word boundary b (b words taken), counting one space per word.
    before = [0]
    for word in words:
        before.append(before[-1] + len(word) + 1)
    total = before[-1]
    count = len(words)
    parts = len(shares) + 1
    inf = float("inf")
    cost = [[inf] * (count + 1) for _ in range(parts - 1)]
    back = [[0] * (count + 1) for _ in range(parts - 1)]
    for k in range(parts - 1):
        best, best_at = inf, 0
        for b in range(k + 1, count - (parts - 2 - k)):
            if k == 0:
                previous = 0.0
            else:
                # the best earlier boundary strictly before b
                if cost[k - 1][b - 1] < best:
                    best, best_at = cost[k - 1][b - 1], b - 1
                previous = best
            if previous == inf:
                continue
            local = abs(before[b] / total - shares[k])
            if _PUNCT_END.search(words[b - 1]):
                local -= _PUNCT_BONUS
            cost[k][b] = previous + local
            back[k][b] = best_at
    return cost, back
