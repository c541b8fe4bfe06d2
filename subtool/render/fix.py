"""What ``subtool fix`` would change, for people: a unified diff of the file's text."""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterator
from itertools import pairwise

from subtool.engine.fix import MAX_PASSES, FileFix
from subtool.render.escape import terminal

# (tag, i1, i2, j1, j2) as in ``difflib.SequenceMatcher.get_opcodes``, without "equal".
_Change = tuple[str, int, int, int, int]
# difflib compares a stretch of lines with no common line of its own only up to this many
# line pairs (its cost grows with their product); longer ones are shown as replaced.
_DIFFLIB_PAIRS = 40_000


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff between two versions of a subtitle file's text (``diff -U1``).

    The time grows with the file's size, not its square: the texts are cut into stretches
    at the lines they have in common (a cue's timing line or text that a fix left alone, and
    the cue numbers), and only the stretches between them are compared line by line.
    ``difflib`` over a whole 100,000-cue file took hours: it is used on short stretches only.
    """
    prefix = "" if name.startswith("/") else "a/", "" if name.startswith("/") else "b/"
    # Text from the file: its control characters are shown, never sent to the terminal.
    return terminal(_diff(before, after, (prefix[0] + name, prefix[1] + name), 1))


def plain_diff(before: str, after: str, name: str) -> str:
    """A unified diff over the whole text with three lines of context (``diff -u``)."""
    old, new = (name, name) if name.startswith("/") else (f"a/{name}", f"b/{name}")
    return terminal(_diff(before, after, (old, new), 3))


def _lines(text: str) -> list[str]:
    # Lines end at LF only, as in the file and for patch: str.splitlines also splits at
    # U+2028, U+0085 and form feeds inside a cue, which shifted every hunk after them.
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _diff(before: str, after: str, names: tuple[str, str], context: int) -> str:
    if before == after:
        return ""
    old, new = _lines(before), _lines(after)
    changes = list(_changes(old, new))
    if not changes:
        return ""
    out = [f"--- {names[0]}\n", f"+++ {names[1]}\n"]
    for hunk in _hunks(changes, context):
        out.extend(_hunk_lines(hunk, old, new, context))
    return "".join(out)


def _changes(old: list[str], new: list[str]) -> Iterator[_Change]:
    """The changed stretches, in order: lines ``old[i1:i2]`` became ``new[j1:j2]``."""
    i = j = 0
    for i_match, j_match, size in _matches(old, new, _stretches(old, new)):
        if i < i_match or j < j_match:
            tag = "replace" if i < i_match and j < j_match else \
                ("delete" if i < i_match else "insert")
            yield tag, i, i_match, j, j_match
        i, j = i_match + size, j_match + size
    if i < len(old) or j < len(new):
        tag = "replace" if i < len(old) and j < len(new) else \
            ("delete" if i < len(old) else "insert")
        yield tag, i, len(old), j, len(new)


def _stretches(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """The texts cut into the stretches ``(lo, hi, lo2, hi2)`` that are compared.

    A fix changes a cue's lines but never adds, removes or reorders a cue, so the n-th
    timing line (WebVTT and SRT, with ``-->``) or else the n-th blank line (SBV) of one
    version is the n-th of the other: the stretches between them are one cue each, however
    the file's blank lines were laid out. When the counts differ, the whole text is one
    stretch.
    """
    for marker in ("-->", ""):
        cuts = [i for i, line in enumerate(old) if marker in line] if marker \
            else [i for i, line in enumerate(old) if not line]
        cuts2 = [j for j, line in enumerate(new) if marker in line] if marker \
            else [j for j, line in enumerate(new) if not line]
        if cuts and len(cuts) == len(cuts2):
            edges = [(0, 0), *zip(cuts, cuts2, strict=True), (len(old), len(new))]
            return [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in pairwise(edges)]
    return [(0, len(old), 0, len(new))]


def _matches(old: list[str], new: list[str],
             stretches: list[tuple[int, int, int, int]]) -> Iterator[tuple[int, int, int]]:
    """Runs of equal lines ``(i, j, size)`` of ``old`` and ``new`` within ``stretches``.

    Common lines at both ends are matched first; in between, lines that occur exactly once
    on each side are anchors (patience diff): the longest series of anchors in the same
    order on both sides, and the same again between each pair of anchors. A stretch with
    no such line goes to difflib when short, and is shown as replaced when long.
    """
    stack = stretches[::-1]
    found: list[tuple[int, int, int]] = []
    while stack:
        lo, hi, lo2, hi2 = stack.pop()
        start = lo
        while lo < hi and lo2 < hi2 and old[lo] == new[lo2]:
            lo, lo2 = lo + 1, lo2 + 1
        if lo > start:
            found.append((start, lo2 - (lo - start), lo - start))
        end = hi
        while hi > lo and hi2 > lo2 and old[hi - 1] == new[hi2 - 1]:
            hi, hi2 = hi - 1, hi2 - 1
        if hi < end:
            found.append((hi, hi2, end - hi))
        if lo == hi or lo2 == hi2:
            continue
        if (hi - lo) * (hi2 - lo2) <= _DIFFLIB_PAIRS:
            # Most stretches are a cue's changed lines: nothing in common, nothing to match.
            if not set(old[lo:hi]).isdisjoint(new[lo2:hi2]):
                matcher = difflib.SequenceMatcher(None, old[lo:hi], new[lo2:hi2],
                                                  autojunk=False)
                found.extend((lo + i, lo2 + j, size)
                             for i, j, size in matcher.get_matching_blocks() if size)
            continue
        anchors = _anchors(old, lo, hi, new, lo2, hi2)
        # Stretches between anchors (and the anchors themselves, as runs of one).
        edges = [(lo - 1, lo2 - 1), *anchors, (hi, hi2)] if anchors else []
        for (i0, j0), (i1, j1) in pairwise(edges):
            if i1 > i0 + 1 or j1 > j0 + 1:
                stack.append((i0 + 1, i1, j0 + 1, j1))
        found.extend((i, j, 1) for i, j in anchors)
    found.sort()
    return _merged(found)


def _merged(found: list[tuple[int, int, int]]) -> Iterator[tuple[int, int, int]]:
    """Adjacent runs joined (an anchor next to a common run is one run)."""
    run: tuple[int, int, int] | None = None
    for i, j, size in found:
        if run is not None and run[0] + run[2] == i and run[1] + run[2] == j:
            run = (run[0], run[1], run[2] + size)
            continue
        if run is not None:
            yield run
        run = (i, j, size)
    if run is not None:
        yield run


def _anchors(old: list[str], lo: int, hi: int, new: list[str], lo2: int,
             hi2: int) -> list[tuple[int, int]]:
    """Lines that occur once in ``old[lo:hi]`` and once in ``new[lo2:hi2]``, as
    ``(i, j)`` pairs, the longest series increasing on both sides."""
    where: dict[str, int] = {}
    for i in range(lo, hi):
        line = old[i]
        where[line] = -1 if line in where else i
    pairs: dict[str, tuple[int, int]] = {}
    twice: set[str] = set()
    for j in range(lo2, hi2):
        line = new[j]
        i = where.get(line, -1)
        if i < 0 or line in twice:
            continue
        if line in pairs:
            twice.add(line)
            del pairs[line]
        else:
            pairs[line] = (i, j)
    if not pairs:
        return []
    return _longest_increasing(sorted(pairs.values(), key=lambda p: p[1]))


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by j) increasing in i (O(n log n))."""
    tails: list[int] = []  # smallest i ending an increasing series of each length
    ends: list[int] = []  # index in ``pairs`` of that series' last pair
    back = [-1] * len(pairs)
    for k, (i, _j) in enumerate(pairs):
        at = bisect_left(tails, i)
        if at == len(tails):
            tails.append(i)
            ends.append(k)
        else:
            tails[at] = i
            ends[at] = k
        back[k] = ends[at - 1] if at else -1
    chain = []
    k = ends[-1]
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _hunks(changes: list[_Change], context: int) -> Iterator[list[_Change]]:
    """Changes grouped into hunks: two changes share one when at most ``2 × context``
    unchanged lines lie between them."""
    group: list[_Change] = []
    for change in changes:
        if group and change[1] - group[-1][2] > 2 * context:
            yield group
            group = []
        group.append(change)
    if group:
        yield group


def _range(start: int, length: int) -> str:
    """A hunk header range as ``diff -u`` writes it (1-based; ``0,0`` style when empty)."""
    if length == 1:
        return f"{start + 1}"
    if not length:
        return f"{start},0"
    return f"{start + 1},{length}"


def _hunk_lines(hunk: list[_Change], old: list[str], new: list[str],
                context: int) -> list[str]:
    first, last = hunk[0], hunk[-1]
    i1 = max(first[1] - context, 0)
    j1 = first[3] - (first[1] - i1)
    i2 = min(last[2] + context, len(old))
    j2 = last[4] + (i2 - last[2])
    out = [f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n"]
    i = i1
    for _tag, a1, a2, b1, b2 in hunk:
        out += [f" {line}\n" for line in old[i:a1]]
        out += [f"-{line}\n" for line in old[a1:a2]]
        out += [f"+{line}\n" for line in new[b1:b2]]
        i = a2
    out += [f" {line}\n" for line in old[i:i2]]
    return out


def describe(result: FileFix) -> str:
    """What fixing a file changes, in a few words (``whitespace: cues 3, 7``)."""
    assert result.result is not None
    parts = [result.result.summary()]
    if result.reencoded:
        parts.append(f"the encoding: UTF-8 (was {result.reencoded})")
    if result.line_ends and result.changed:
        parts.append(f"line ends: LF (was {result.line_ends})")
    what = "; ".join(part for part in parts if part)
    if not result.result.settled:
        what += f" (still changing after {MAX_PASSES} passes: please report this)"
    return what
