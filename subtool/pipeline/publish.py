"""``subtool publish``: the built tracks to YouTube, only what changed (see subtool.publish)."""

from __future__ import annotations

from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import PublishError
from subtool.project import publish as files
from subtool.publish.flow import PublishResult, check_video_id
from subtool.publish.flow import publish as run_flow


def publish(settings: Settings, *, video_id: str | None, draft: bool, allow_review: bool,
            dry_run: bool, delete_missing: bool) -> PublishResult:
    """Publish the last build's tracks to the video (the record is saved after each)."""
    from subtool.publish.youtube import YouTubeClient  # noqa: PLC0415 - heavy, publish only

    chosen = video_id or settings.youtube_video_id
    if not chosen:
        raise PublishError("no YouTube video id given",
                           hint="give it with --video-id, or set youtube-video-id in "
                                "[tool.subtool]")
    check_video_id(chosen)  # before the login is read or anything is sent
    tracks = files.built_tracks(settings)
    return run_flow(tracks, files.read_record(settings), YouTubeClient.from_environment(),
                    video_id=chosen, draft=draft, allow_review=allow_review, dry_run=dry_run,
                    budget=settings.youtube_quota_budget, delete_missing=delete_missing,
                    save_record=lambda record: files.save_record(settings, record))


def login(client_secrets: Path) -> Path:
    """Log in to YouTube once (the browser opens); where the token was stored."""
    from subtool.publish.youtube import login as log_in  # noqa: PLC0415

    return log_in(client_secrets)
