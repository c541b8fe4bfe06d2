"""Patterns compiled on first use (``subtool.core.patterns``) behave as compiled ones."""

from __future__ import annotations

import copy
import importlib
import pickle
import pkgutil
import re

import subtool
from subtool.core.patterns import _Lazy, lazy


def _every_lazy_pattern() -> list[tuple[str, _Lazy]]:
    found = []
    for info in pkgutil.walk_packages(subtool.__path__, "subtool."):
        if info.name.endswith("__main__"):
            continue  # runs the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else [value]
            found += [(f"{info.name}.{name}", v) for v in values if isinstance(v, _Lazy)]
    return found


def test_every_lazy_pattern_of_the_package_compiles() -> None:
    found = _every_lazy_pattern()
    assert len(found) >= 25
    for where, pattern in found:
        compiled = re.compile(pattern.pattern, pattern._flags)
        assert pattern.groups == compiled.groups, where  # the first use compiles it


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    text = "Tel. 0231 50-2 34 56, 1.234,5 Euro; info@dortmund.de"
    pattern = lazy(r"(\d+)[ .,-]?", re.ASCII)
    compiled = re.compile(r"(\d+)[ .,-]?", re.ASCII)
    assert pattern.pattern == compiled.pattern
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert pattern.sub("#", text) == compiled.sub("#", text)
    assert pattern.findall(text) == compiled.findall(text)
    assert pattern.split(text) == compiled.split(text)
    assert pattern.flags == compiled.flags
    assert pattern.fullmatch("12") is not None and pattern.match("x") is None


def test_after_the_first_use_the_methods_are_the_compiled_patterns_own() -> None:
    pattern = lazy("a+")
    assert "search" not in vars(pattern)
    assert pattern.search("baa") is not None
    assert vars(pattern)["search"].__self__.pattern == "a+"  # a bound method of re.Pattern


def test_an_invalid_pattern_fails_on_first_use_with_re_error() -> None:
    pattern = lazy("(unclosed")
    try:
        pattern.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("an invalid pattern must raise re.error")


def test_copy_and_pickle_do_not_compile_or_break() -> None:
    pattern = lazy("b+")
    assert copy.copy(pattern).pattern == "b+"
    assert pickle.loads(pickle.dumps(pattern)).search("abb") is not None
