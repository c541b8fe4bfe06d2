"""The rule registry checks what a rule value cannot check itself: ``Rule`` is a named
tuple (cheap to make at start-up), so its fix, phase and ``export_safe`` are validated by
``Rule.validate``, which ``subtool.rules`` calls for every rule it registers."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from subtool.core.model import Problem, Severity, Track
from subtool.rules import RULES, Rule
from subtool.rules.base import Context, FixFunction


def _check(_ctx: Context) -> Iterable[Problem]:
    return ()


def _fix(ctx: Context) -> Track:
    return ctx.track


def test_every_registered_rule_is_valid() -> None:
    assert len(RULES) == len({rule.id for rule in RULES})
    for rule in RULES:
        rule.validate()


@pytest.mark.parametrize(("fix", "phase", "export_safe", "complaint"), [
    (_fix, "", False, "a fix needs a phase"),
    (None, "text", False, "a fix needs a phase"),
    (_fix, "sideways", False, "a fix needs a phase"),
    (None, "", True, "export_safe without a fix"),
])
def test_a_rule_whose_fix_and_phase_disagree_is_refused(
        fix: FixFunction | None, phase: str, export_safe: bool, complaint: str) -> None:
    rule = Rule("made-up", Severity.WARNING, "made up", _check, "", fix=fix, phase=phase,
                export_safe=export_safe)
    with pytest.raises(ValueError, match=complaint):
        rule.validate()


def test_a_rule_whose_fix_has_a_phase_is_valid() -> None:
    Rule("made-up", Severity.WARNING, "made up", _check, "", fix=_fix, phase="text",
         export_safe=True).validate()
