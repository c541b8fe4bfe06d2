"""What a publish will do, per language, and what it costs in YouTube quota units (pure).

Inputs are values: the build's tracks (:class:`PublishTrack`), the video's caption tracks as
``captions.list`` reports them (:class:`RemoteCaption`) and the publish record. The plan says
per language:

- ``insert``: no track of ours online for the language (none recorded, none with the same
  language and name);
- ``update``: a track of ours is online, but its content changed since the record, or the
  record does not know it (e.g. a run stopped after YouTube stored the track but before the
  record was written: updating it cannot make a second track, inserting could), or it is a
  draft that is now to be public;
- ``unchanged``: the content's SHA-256 equals the record's and the recorded caption id is
  still online;
- ``skipped``: the track is not ready (``blocked`` is never published; ``needs review`` only
  with ``allow_review``);
- ``delete``: only with ``delete_missing``: one of the video's tracks in a language the
  manifest does not have. YouTube's automatic captions (``trackKind`` ASR) are never matched,
  updated or deleted.

Quota costs are the YouTube Data API v3's published per-call costs; the default daily
budget is the quota a new API project gets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from subtool.core.errors import BudgetError, PlanError
from subtool.publish.record import PublishedTrack, Record

# YouTube Data API v3 quota costs per call (developers.google.com/youtube/v3/determine_quota_cost).
LIST_COST = 50
INSERT_COST = 400
UPDATE_COST = 450
DELETE_COST = 50
# The daily quota a project gets unless Google grants more.
DEFAULT_DAILY_BUDGET = 10_000

TrackStatus = Literal["ready", "needs review", "blocked"]
STATUSES: tuple[TrackStatus, ...] = ("ready", "needs review", "blocked")


@dataclass(frozen=True)
class PublishTrack:
    """One track of the build's manifest, as publish needs it."""

    language: str
    """BCP-47 tag, as YouTube takes it (``de``, ``tr``, ``pt-BR``)."""
    name: str
    """The track name viewers see in the player's menu."""
    file_name: str
    content: bytes = field(repr=False)
    """The bytes to upload (the built SRT file)."""
    status: TrackStatus
    is_master: bool = False
    """The master with its SDH elements: uploaded as closed captions for the deaf and hard
    of hearing (``snippet.isCC``)."""

    @property
    def sha256(self) -> str:
        """SHA-256 of the content, lowercase hex: what the record compares."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class RemoteCaption:
    """One caption track of the video, as ``captions.list`` reports it."""

    caption_id: str
    language: str
    name: str
    track_kind: str = "standard"
    is_draft: bool = False
    is_cc: bool = False

    @property
    def automatic(self) -> bool:
        """YouTube's automatic speech recognition track: not ours, never touched."""
        return self.track_kind.lower() == "asr"


class Action(StrEnum):
    """What a step does."""

    INSERT = "insert"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    DELETE = "delete"


COSTS: dict[Action, int] = {Action.INSERT: INSERT_COST, Action.UPDATE: UPDATE_COST,
                            Action.DELETE: DELETE_COST, Action.UNCHANGED: 0,
                            Action.SKIPPED: 0}


@dataclass(frozen=True)
class Step:
    """One language's part of the plan."""

    action: Action
    language: str
    name: str
    reason: str
    track: PublishTrack | None = None
    """The track to upload (insert, update), or None (delete, and for skipped/unchanged it
    is the manifest's track for information)."""
    caption_id: str | None = None
    """The caption track online that the step updates, deletes or leaves alone."""

    @property
    def cost(self) -> int:
        """Quota units this step spends."""
        return COSTS[self.action]

    @property
    def sends(self) -> bool:
        """Whether the step sends a request (insert, update, delete)."""
        return self.action in (Action.INSERT, Action.UPDATE, Action.DELETE)


@dataclass(frozen=True)
class Plan:
    """Every language's step, manifest order first, then deletions."""

    video_id: str
    draft: bool
    steps: tuple[Step, ...]

    @property
    def cost(self) -> int:
        """Quota units of the whole publish, the one ``captions.list`` call included."""
        return LIST_COST + sum(s.cost for s in self.steps)

    @property
    def to_send(self) -> tuple[Step, ...]:
        """The steps that send a request, in order."""
        return tuple(s for s in self.steps if s.sends)

    def count(self, action: Action) -> int:
        """How many steps do ``action``."""
        return sum(1 for s in self.steps if s.action is action)


def _same_language(a: str, b: str) -> bool:
    # BCP-47 tags compare case-insensitively (RFC 5646 §2.1.1).
    return a.casefold() == b.casefold()


def check_tracks(tracks: Sequence[PublishTrack]) -> None:
    """Refuse tracks that cannot be published together (a language twice, an unknown status)."""
    seen: set[str] = set()
    for track in tracks:
        if track.status not in STATUSES:
            raise PlanError(f"track {track.file_name} has status {track.status!r}; expected "
                            f"one of {', '.join(STATUSES)}")
        if not track.language.strip() or not track.name.strip():
            raise PlanError(f"track {track.file_name} needs a language tag and a track name")
        key = track.language.casefold()
        if key in seen:
            raise PlanError(f"language {track.language} appears twice among the tracks to "
                            "publish; YouTube keeps one track per language and name")
        seen.add(key)


def _matching(track: PublishTrack, remote: Sequence[RemoteCaption],
              recorded: PublishedTrack | None) -> RemoteCaption | None:
    ours = [r for r in remote if not r.automatic]
    if recorded is not None:
        for caption in ours:
            if caption.caption_id == recorded.caption_id:
                return caption
    for caption in ours:
        if _same_language(caption.language, track.language) and caption.name == track.name:
            return caption
    return None


def _skip_reason(track: PublishTrack, allow_review: bool) -> str | None:
    if track.status == "blocked":
        return "blocked: the build found problems that must be fixed first"
    if track.status == "needs review" and not allow_review:
        return "needs review: a person checks it first (or publishing it is allowed knowingly)"
    return None


def _step(track: PublishTrack, remote: Sequence[RemoteCaption], recorded: PublishedTrack | None,
          *, draft: bool, allow_review: bool) -> Step:
    skip = _skip_reason(track, allow_review)
    online = _matching(track, remote, recorded)
    caption_id = online.caption_id if online else None
    if skip is not None:
        return Step(Action.SKIPPED, track.language, track.name, skip, track, caption_id)
    if online is None:
        return Step(Action.INSERT, track.language, track.name, "not on YouTube yet", track)
    if recorded is None or recorded.caption_id != online.caption_id:
        reason = "on YouTube, but not in the publish record"
    elif recorded.sha256 != track.sha256:
        reason = "content changed"
    elif online.is_draft and not draft:
        # A draft becomes public on a publish without --draft; a public track is never
        # turned back into a draft just because --draft was given.
        reason = "draft on YouTube, to be made public"
    else:
        return Step(Action.UNCHANGED, track.language, track.name, "unchanged", track,
                    caption_id)
    return Step(Action.UPDATE, track.language, track.name, reason, track, caption_id)


def _deletions(tracks: Sequence[PublishTrack], remote: Iterable[RemoteCaption]) -> list[Step]:
    wanted = {t.language.casefold() for t in tracks}
    return [Step(Action.DELETE, r.language, r.name, "language not in the manifest",
                 caption_id=r.caption_id)
            for r in remote if not r.automatic and r.language.casefold() not in wanted]


def plan_publish(tracks: Sequence[PublishTrack], remote: Sequence[RemoteCaption], record: Record,
                 *, video_id: str, draft: bool = False, allow_review: bool = False,
                 delete_missing: bool = False) -> Plan:
    """Each track's step, then (with ``delete_missing``) the deletions. Sends nothing."""
    check_tracks(tracks)
    steps = [_step(t, remote, record.get(video_id, t.language), draft=draft,
                   allow_review=allow_review) for t in tracks]
    if delete_missing:
        steps.extend(_deletions(tracks, remote))
    return Plan(video_id=video_id, draft=draft, steps=tuple(steps))


def check_budget(cost: int, budget: int) -> None:
    """Refuse a cost over the daily budget (raises :class:`BudgetError`)."""
    if cost > budget:
        raise BudgetError(
            f"this publish would cost {cost:,} YouTube quota units, more than the daily budget "
            f"of {budget:,} units; nothing was uploaded",
            cost=cost, budget=budget,
            hint="publish fewer languages at a time, or raise the budget in the configuration "
                 "if the project's quota is larger (YouTube gives 10,000 units a day)")


def describe(plan: Plan, *, budget: int | None = None) -> list[str]:
    """The plan as lines for a person: one per language, then the cost."""
    width = max((len(s.language) for s in plan.steps), default=2)
    lines = [f"{s.language:<{width}}  {s.action.value:<9}  {s.name}  ({s.reason})"
             + (f"  {s.cost} units" if s.cost else "") for s in plan.steps]
    parts = [f"{plan.count(a)} {a.value}" for a in Action if plan.count(a)]
    summary = ", ".join(parts) or "nothing to publish"
    total = f"quota cost: {plan.cost:,} units (1 list {LIST_COST}"
    total += "".join(f" + {plan.count(a)} {a.value} × {COSTS[a]}"
                     for a in (Action.INSERT, Action.UPDATE, Action.DELETE) if plan.count(a))
    total += ")" + (f" of a daily budget of {budget:,}" if budget is not None else "")
    return [*lines, summary, total]
