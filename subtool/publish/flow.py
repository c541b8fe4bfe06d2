"""The publish flow: list once, plan, refuse over budget, then one track at a time.

The record is saved (by the caller's ``save_record``) after EACH track YouTube accepted, so a
run that stops half-way (quota, network, login) leaves a record that says exactly what is
online, and a rerun continues where it stopped without publishing anything twice.

The flow talks to YouTube only through :class:`CaptionsClient`, so it does not import the
Google libraries (:mod:`subtool.publish.youtube` implements the protocol).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from subtool.core.errors import PublishError
from subtool.publish.plan import (
    DEFAULT_DAILY_BUDGET,
    LIST_COST,
    Action,
    Plan,
    PublishTrack,
    RemoteCaption,
    Step,
    check_budget,
    plan_publish,
)
from subtool.publish.record import PublishedTrack, Record, utc_timestamp

# A YouTube video id: 11 characters of the URL-safe base64 alphabet (the part after watch?v=
# in every video address; YouTube has used this form since 2005).
_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def check_video_id(video_id: str) -> str:
    """``video_id`` when it has the shape of a YouTube video id; else a PublishError, before
    anything is sent (a mistyped id would be quoted in every message and log line)."""
    if not video_id.strip():
        raise PublishError("no YouTube video id given",
                           hint="give the video's id, or set youtube-video-id in "
                                "[tool.subtool]")
    if not _VIDEO_ID.fullmatch(video_id):
        raise PublishError(f"{video_id!r} is not a YouTube video id: an id is 11 letters, "
                           "digits, - or _",
                           hint="give the part after watch?v= in the video's address, for "
                                "example dQw4w9WgXcQ")
    return video_id


class CaptionsClient(Protocol):
    """The four ``captions`` calls publish makes (YouTube Data API v3)."""

    def list(self, video_id: str) -> list[RemoteCaption]:
        """``captions.list``: the video's caption tracks."""

    def insert(self, video_id: str, track: PublishTrack, *, draft: bool) -> RemoteCaption:
        """``captions.insert``: upload a new track; returns it as YouTube stored it."""

    def update(self, caption_id: str, track: PublishTrack, *, draft: bool) -> RemoteCaption:
        """``captions.update``: replace the content of a track; returns it."""

    def delete(self, caption_id: str) -> None:
        """``captions.delete``: remove a track."""


@dataclass(frozen=True)
class PublishResult:
    """What a publish did: the plan, the steps that were carried out, the record after them."""

    plan: Plan
    record: Record
    done: tuple[Step, ...]
    dry_run: bool

    @property
    def cost(self) -> int:
        """Quota units the plan costs (what a dry run would spend if carried out)."""
        return self.plan.cost

    @property
    def spent(self) -> int:
        """Quota units actually spent: the list call plus the steps carried out."""
        return LIST_COST + sum(s.cost for s in self.done)


def publish(tracks: Sequence[PublishTrack], record: Record, client: CaptionsClient, *,
            video_id: str, draft: bool = False, allow_review: bool = False,
            dry_run: bool = False, budget: int = DEFAULT_DAILY_BUDGET,
            delete_missing: bool = False, save_record: Callable[[Record], None],
            now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> PublishResult:
    """Publish ``tracks`` to the video ``video_id``: only what changed.

    Sends one ``captions.list``, then (unless ``dry_run``) one request per insert, update
    and delete of the plan. A plan over ``budget`` quota units raises
    :class:`~subtool.core.errors.BudgetError` before any upload. ``save_record`` is called
    with the new record after every track YouTube accepted. A failure is raised as the
    :class:`~subtool.core.errors.PublishError` it is, with ``completed`` set to the
    languages published before it.
    """
    check_video_id(video_id)
    # Not even the list call fits: refuse before sending anything at all.
    check_budget(LIST_COST, budget)
    plan = plan_publish(tracks, client.list(video_id), record, video_id=video_id, draft=draft,
                        allow_review=allow_review, delete_missing=delete_missing)
    check_budget(plan.cost, budget)
    if dry_run:
        return PublishResult(plan=plan, record=record, done=(), dry_run=True)
    done: list[Step] = []
    for step in plan.to_send:
        try:
            record = _carry_out(step, plan, record, client, now)
        except PublishError as exc:
            exc.completed = tuple(s.language for s in done)
            exc.hint = _continue_hint(exc.hint, done, plan)
            raise
        save_record(record)
        done.append(step)
    return PublishResult(plan=plan, record=record, done=tuple(done), dry_run=False)


def _carry_out(step: Step, plan: Plan, record: Record, client: CaptionsClient,
               now: Callable[[], datetime]) -> Record:
    if step.action is Action.DELETE:
        assert step.caption_id is not None
        client.delete(step.caption_id)
        return record.without(plan.video_id, step.language)
    assert step.track is not None
    if step.action is Action.INSERT:
        online = client.insert(plan.video_id, step.track, draft=plan.draft)
    else:
        assert step.caption_id is not None
        online = client.update(step.caption_id, step.track, draft=plan.draft)
    return record.with_track(PublishedTrack(
        video_id=plan.video_id, language=step.track.language, caption_id=online.caption_id,
        sha256=step.track.sha256, name=step.track.name, draft=online.is_draft,
        uploaded_at=utc_timestamp(now())))


def _continue_hint(hint: str, done: Sequence[Step], plan: Plan) -> str:
    total = len(plan.to_send)
    if done:
        where = (f"{len(done)} of {total} changes were made and recorded before this "
                 f"({', '.join(s.language for s in done)}); ")
    else:
        where = f"none of the {total} changes was made; "
    again = where + "running the same command again continues where it stopped"
    return f"{hint}\n  {again}" if hint else again
