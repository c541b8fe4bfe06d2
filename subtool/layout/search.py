"""The search for the cheapest way to break a cue into lines (``subtool.layout.reflow``).

Every combination of break positions is considered; the search shares work between
combinations with the same rest of the cue (the cost of the rest depends only on where it
starts and on the length of the line above it), which keeps long inputs fast.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate

from subtool.core.text import visible_length

# A word's visible length, remembered: a reflow measures each word for every line count it
# tries, and a file's cues share most of their words.
word_width = lru_cache(maxsize=1 << 16)(visible_length)

# A line of one short word ("avoid a one-word line"); a word of half a line or more (a web
# address) may stand alone.
ONE_WORD = 300
# Shape of two adjacent lines, upper and lower, in visible characters: BALANCE per
# character of difference, and TOP_HEAVY once when the upper line is the longer, so
# balanced beats bottom-heavy beats top-heavy (20/20 < 20/21 < 21/20).
BALANCE = 5
TOP_HEAVY = 20


def shape_cost(upper: int, lower: int) -> int:
    """Cost of two adjacent line lengths: balanced is best, bottom-heavy beats top-heavy."""
    return BALANCE * abs(lower - upper) + (TOP_HEAVY if upper > lower else 0)


def fewest_lines(texts: list[str], costs: list[int | None], max_lines: int,
                 max_chars: int) -> tuple[int, ...] | None:
    """The break positions of the cheapest layout in the fewest lines (1 to ``max_lines``)
    that fit, or None when the words fit in none.

    ``costs[i]`` is the cost of a break before ``texts[i]`` (None: never). Every combination
    of break positions is considered; the search shares work between combinations with the
    same rest of the cue (the cost of the rest depends only on where it starts and on the
    length of the line above it), which keeps long inputs fast.
    """
    search = _BreakSearch(texts, costs, 1, max_chars)
    for count in range(1, min(max_lines, len(texts)) + 1):
        search.start(count)
        found = search.best(0, count, -1) if count > 2 or not search.additive \
            else search.one_or_two()
        if found is not None:
            return found[1]
    return None


_Found = tuple[int, tuple[int, ...]] | None  # (cost, break positions), or None: no way


class _BreakSearch:
    """The memoised search behind :func:`fewest_lines` for one cue."""

    def __init__(self, texts: list[str], costs: list[int | None], lines: int,
                 max_chars: int) -> None:
        self.texts = texts
        self.costs = costs
        self.lines = lines
        self.max_chars = max_chars
        self.n = len(texts)
        self.lengths: dict[tuple[int, int], int] = {}
        self.memo: dict[tuple[int, int, int], _Found] = {}
        # When the cue's length is the sum of its words and spaces (no combining mark clings
        # to a space), every line's is too: lines are measured by addition, and a line only
        # grows as words are added to it.
        widths = list(map(word_width, texts))
        self.additive = visible_length(" ".join(texts)) == sum(widths) + self.n - 1
        self.ends = [0, *accumulate(widths)]

    def start(self, lines: int) -> None:
        """Search again, for ``lines`` lines (the words' measures are kept)."""
        self.lines = lines
        self.memo.clear()

    def one_or_two(self) -> _Found:
        """``best(0, self.lines, -1)`` for one or two lines of additive length, without the
        general search's recursion (most cues): each break position in turn, the first of
        the cheapest kept, as ``_best_split`` does."""
        n, ends, max_chars, costs = self.n, self.ends, self.max_chars, self.costs
        total = ends[n] + n - 1
        if self.lines == 1:
            return (0, ()) if total <= max_chars else None
        found: _Found = None
        for end in range(1, n):
            upper = ends[end] + end - 1
            if upper > max_chars:
                break  # the upper line only grows from here
            lower = total - upper - 1
            cost = costs[end]
            if lower > max_chars or cost is None:
                continue
            if end == 1 and 2 * upper < max_chars:
                cost += ONE_WORD
            if end == n - 1 and 2 * lower < max_chars:
                cost += ONE_WORD
            cost += shape_cost(upper, lower)
            if found is None or cost < found[0]:
                found = (cost, (end,))
        return found

    def length(self, start: int, end: int) -> int:
        """Visible length of the line holding ``texts[start:end]``."""
        if self.additive:
            return self.ends[end] - self.ends[start] + end - start - 1
        if (start, end) not in self.lengths:
            self.lengths[(start, end)] = visible_length(" ".join(self.texts[start:end]))
        return self.lengths[(start, end)]

    def line_cost(self, start: int, end: int, above: int) -> int:
        """One-word and shape cost of a line (``above``: the line above's length, or -1)."""
        lone = self.lines > 1 and end - start == 1 and 2 * self.length(start, end) < self.max_chars
        cost = ONE_WORD if lone else 0
        return cost + (shape_cost(above, self.length(start, end)) if above >= 0 else 0)

    def best(self, start: int, left: int, above: int) -> _Found:
        """The cheapest way to set ``texts[start:]`` in ``left`` lines below a line of
        length ``above`` (-1: none)."""
        key = (start, left, above)
        if key not in self.memo:
            if left == 1:
                self.memo[key] = self._last_line(start, above)
            else:
                self.memo[key] = self._best_split(start, left, above)
        return self.memo[key]

    def _last_line(self, start: int, above: int) -> _Found:
        if self.length(start, self.n) <= self.max_chars:
            return (self.line_cost(start, self.n, above), ())
        return None

    def _best_split(self, start: int, left: int, above: int) -> _Found:
        result: _Found = None
        for end in range(start + 1, self.n - left + 2):
            if self.length(start, end) > self.max_chars:
                if self.additive:
                    break  # the line only grows from here
                continue
            candidate = self._split_at(start, end, left, above)
            if candidate is not None and (result is None or candidate < result):
                result = candidate
        return result

    def _split_at(self, start: int, end: int, left: int, above: int) -> _Found:
        """The cheapest way with the first of the ``left`` lines ending before ``end``."""
        break_cost = self.costs[end]
        if break_cost is None:
            return None
        rest = self.best(end, left - 1, self.length(start, end))
        if rest is None:
            return None
        return (self.line_cost(start, end, above) + break_cost + rest[0], (end, *rest[1]))
