"""The rules of one large track shared between two processes.

``check --jobs 2`` (the default on two cores) checks many files in worker processes; one
large file would use one core. For a track of ``check.SPLIT_FROM`` cues or more (forking
and sending the problems back cost a few milliseconds, the rules of 20,000 cues about
70 ms), checked without workers, ``in_two_processes`` forks once after reading: both
processes take rules from one queue (a pipe holding the rules' numbers: each number is
read by exactly one of them), the second sends its rules' problems back, and the report is
the same byte for byte as one process makes (the problems are put back in the rules'
order before sorting).

Not shared: a rule that ``learns`` (records look-ups in the word caches saved when the
command ends) runs in the main process, and a track with a master, a glossary or a film is
checked in one process (their rules consult caches the main process keeps). Where ``fork``
does not exist or fails, or the second process fails, the main process runs the rules
itself.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator

from subtool.core.model import Problem, ProblemColumns, problem_columns, problems_from_columns
from subtool.engine.check import Plan, run_in_order, run_rule
from subtool.rules.base import Context


def in_two_processes(ctx: Context, plan: Plan) -> list[list[Problem]]:
    """Run ``plan`` on ``ctx`` in this process and a forked one; per rule, its problems."""
    if (not hasattr(os, "fork") or len(plan) > 255 or ctx.master is not None
            or ctx.glossary is not None or ctx.film is not None):
        return run_in_order(ctx, plan)
    own = [k for k, (rule, _) in enumerate(plan) if rule.learns]
    # What most rules ask of the track, made once for both processes (the second one
    # inherits it with the process's memory).
    ctx.prepare()
    opened: list[int] = []
    try:
        queue_read, queue_write = os.pipe()
        back_read, back_write = os.pipe()
        opened = [queue_read, queue_write, back_read, back_write]
        os.write(queue_write, bytes(k for k in range(len(plan)) if k not in own))
        child = os.fork()
    except OSError:  # no pipe or process to be had (a limit reached): one process does all
        for fd in opened:
            os.close(fd)
        return run_in_order(ctx, plan)
    os.close(queue_write)  # both processes read the queue to its end, then stop
    if child == 0:  # the second process: its rules' problems go back through the pipe
        status = 1
        try:
            os.close(back_read)
            done = {k: problem_columns(run_rule(ctx, *plan[k])) for k in _claimed(queue_read)}
            with os.fdopen(back_write, "wb") as out:
                pickle.dump(done, out, pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)  # no exit handlers: they belong to the main process
    os.close(back_write)
    # Its own rules first, while the second process starts on the queue: whoever is done
    # first takes more of it.
    results = {k: run_rule(ctx, *plan[k]) for k in own}
    results.update((k, run_rule(ctx, *plan[k])) for k in _claimed(queue_read))
    os.close(queue_read)
    with os.fdopen(back_read, "rb") as back:
        data = back.read()
    _, status = os.waitpid(child, 0)
    if status == 0:
        columns: dict[int, ProblemColumns] = pickle.loads(data)
        results.update((k, list(problems_from_columns(found))) for k, found in columns.items())
    # Whatever the second process did not deliver is done here.
    missing = [k for k in range(len(plan)) if k not in results]
    results.update((k, run_rule(ctx, *plan[k])) for k in missing)
    return [results[k] for k in range(len(plan))]


def _claimed(queue: int) -> Iterator[int]:
    """The rule numbers this process takes from the queue, one byte each."""
    while taken := os.read(queue, 1):
        yield taken[0]
