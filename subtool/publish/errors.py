"""The failures of ``subtool publish``, in words a person can act on.

They derive from :class:`subtool.core.errors.SubtoolError` (to move into ``core/errors.py``).
No message ever contains a token or key: the client redacts what a server says before it
becomes part of one (:func:`subtool.publish.youtube.redact`).
"""

from __future__ import annotations

from datetime import datetime

from subtool.core.errors import SubtoolError

LOGIN_HINT = "run `subtool publish --login` and then the same command again"


class PublishError(SubtoolError):
    """Base of every publish failure.

    ``completed`` names the languages that were published (and recorded) in this run before
    the failure, so the message can say that a rerun continues after them.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str = "") -> None:
        super().__init__(message, path=path, line=line, hint=hint)
        self.completed: tuple[str, ...] = ()


class RecordError(PublishError):
    """The publish record (``subtitles/state/youtube.json``) cannot be read as a record."""


class PlanError(PublishError):
    """The tracks to publish do not fit together (e.g. one language twice)."""


class BudgetError(PublishError):
    """The plan costs more quota units than the configured daily budget: nothing was sent."""

    def __init__(self, message: str, *, cost: int, budget: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.cost = cost
        self.budget = budget


class LoginError(PublishError):
    """No login, or YouTube refused it (expired, withdrawn, or without the needed permission)."""


class QuotaError(PublishError):
    """The project's daily YouTube quota is used up; ``resets_at`` is when it resets."""

    def __init__(self, message: str, *, resets_at: datetime | None, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.resets_at = resets_at


class VideoAccessError(PublishError):
    """The video does not exist or belongs to a channel this login may not change."""

    def __init__(self, message: str, *, video_id: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.video_id = video_id


class NetworkError(PublishError):
    """YouTube could not be reached, or kept failing, after the retries."""


class ApiError(PublishError):
    """YouTube refused a request for another reason (its reason and message are quoted)."""

    def __init__(self, message: str, *, status: int, reason: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.reason = reason
