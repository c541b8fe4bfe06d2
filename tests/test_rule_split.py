"""A large track's rules shared between two processes give the report one process gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from helpers import run_subtool

from subtool.config import Options, Settings
from subtool.core.model import Problem, Track
from subtool.engine.check import active_rules, run_in_order, run_rule
from subtool.formats import srt
from subtool.pipeline import rule_split
from subtool.pipeline.check import SPLIT_FROM
from subtool.profiles import limits_for
from subtool.rules.base import Context, Rule

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import inputs

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")


def _track(count: int) -> Track:
    return srt.parse(inputs.compose(inputs.problem_cues(count)))


def _context(track: Track) -> Context:
    return Context("t.de.srt", track, lang="de", limits=limits_for("senior", "de"))


def test_the_same_problems_in_the_same_order() -> None:
    track = _track(3000)
    plan = active_rules(Settings(), Options())
    alone = run_in_order(_context(track), plan)
    shared = rule_split.in_two_processes(_context(track), plan)
    assert shared == alone
    assert sum(map(len, shared)) > 3000  # the generated cues all have problems
    assert all(isinstance(p, Problem) for found in shared for p in found)


def test_a_failing_second_process_costs_nothing_but_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    main = os.getpid()
    track = _track(500)
    plan = active_rules(Settings(), Options())
    alone = run_in_order(_context(track), plan)
    def broken_in_child(ctx: Context, rule: Rule, severity: object) -> list[Problem]:
        if os.getpid() != main:
            raise RuntimeError("the second process fails")
        return run_rule(ctx, rule, severity)  # type: ignore[arg-type]

    monkeypatch.setattr(rule_split, "run_rule", broken_in_child)
    assert rule_split.in_two_processes(_context(track), plan) == alone


def test_the_second_process_takes_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    main = os.getpid()
    ran: list[str] = []

    def counted(ctx: Context, rule: Rule, severity: object) -> list[Problem]:
        if os.getpid() == main:
            ran.append(rule.id)
        return run_rule(ctx, rule, severity)  # type: ignore[arg-type]

    monkeypatch.setattr(rule_split, "run_rule", counted)
    plan = active_rules(Settings(), Options())
    rule_split.in_two_processes(_context(_track(2000)), plan)
    assert "spelling" in ran  # it learns: always the main process's
    assert 0 < len(ran) < len(plan)


def test_one_process_with_a_master(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    track = _track(200)
    ctx = Context("t.en.srt", track, lang="en", limits=limits_for("senior", "en"), master=track,
                  master_lang="de")
    plan = active_rules(Settings(), Options())
    assert rule_split.in_two_processes(ctx, plan) == run_in_order(
        Context("t.en.srt", track, lang="en", limits=limits_for("senior", "en"), master=track,
                master_lang="de"), plan)


def test_check_of_a_large_file_is_the_same_with_one_job_or_two(tmp_path: Path) -> None:
    path = tmp_path / "large.de.srt"
    path.write_text(inputs.compose(inputs.problem_cues(SPLIT_FROM + 1000)), encoding="utf-8")
    one = run_subtool("check", "--format", "json", "--jobs", "1", path.name, cwd=tmp_path)
    two = run_subtool("check", "--format", "json", "--jobs", "2", path.name, cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and '"rule": "line-break"' in one.stdout


def test_no_process_to_be_had(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    track = _track(300)
    plan = active_rules(Settings(), Options())
    assert rule_split.in_two_processes(_context(track), plan) == run_in_order(
        _context(track), plan)
