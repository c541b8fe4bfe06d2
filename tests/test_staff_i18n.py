"""German for German staff, English for everyone else: the outputs staff and translators
read (build summary, report, transcript page, preview, to-do lists, rule messages) in both
languages, and the marking of messages that the catalog workflow relies on."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from subtool.languages import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "subtool"


def _calls_in_fstrings() -> Iterator[str]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) \
                        and inner.func.id in ("_", "ngettext"):
                    yield f"{path.relative_to(ROOT)}:{inner.lineno}"


def test_no_message_is_marked_inside_an_f_string() -> None:
    # pybabel extract does not look inside f-strings: such a message would never reach the
    # catalog and stay English for German readers without any test noticing.
    assert list(_calls_in_fstrings()) == []


def _f_string_messages() -> Iterator[str]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("_", "ngettext") \
                    and any(isinstance(a, ast.JoinedStr) for a in node.args):
                yield f"{path.relative_to(ROOT)}:{node.lineno}"


def test_messages_are_constant_strings() -> None:
    # _(f"…") would look up a different text every time: never in the catalog.
    assert list(_f_string_messages()) == []


@pytest.fixture
def german() -> Iterator[None]:
    i18n.use("de")
    yield
    i18n.use("en")
