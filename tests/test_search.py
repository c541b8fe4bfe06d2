"""The break search's shortcut for one or two lines gives what the general search gives."""

from __future__ import annotations

import random

import pytest

from subtool.layout.search import ONE_WORD, _BreakSearch, fewest_lines


def _random_cue(rng: random.Random) -> tuple[list[str], list[int | None], int]:
    words = ["x" * rng.randint(1, 12) for _ in range(rng.randint(1, 12))]
    costs: list[int | None] = [None]
    costs += [None if rng.random() < 0.2 else rng.choice((0, 5, 40, ONE_WORD, 1000))
              for _ in words[1:]]
    return words, costs, rng.randint(4, 45)


@pytest.mark.parametrize("seed", range(40))
def test_one_or_two_lines_match_the_general_search(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(250):
        words, costs, max_chars = _random_cue(rng)
        for lines in (1, 2):
            search = _BreakSearch(words, costs, lines, max_chars)
            assert search.additive
            assert search.one_or_two() == search.best(0, lines, -1), (words, costs, max_chars)


def test_fewest_lines_takes_the_fewest_that_fit() -> None:
    words = ["Wir", "beraten", "Sie", "gern"]
    costs: list[int | None] = [None, 0, 0, 0]
    assert fewest_lines(words, costs, 2, 40) == ()
    assert fewest_lines(words, costs, 2, 12) == (2,)
    assert fewest_lines(words, costs, 2, 6) is None
    assert fewest_lines(words, costs, 3, 11) is not None


def test_a_combining_mark_makes_the_general_search_measure_lines() -> None:
    words = ["a\u0301bc", "de\u0301f", "ghi"]
    search = _BreakSearch(words, [None, 0, 0], 2, 7)
    assert not search.additive or search.one_or_two() == search.best(0, 2, -1)
    assert fewest_lines(words, [None, 0, 0], 2, 7) == (1,)
