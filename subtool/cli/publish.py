"""``subtool publish``: the built tracks to YouTube through the Data API, only what changed."""

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from subtool.cli import options as o
from subtool.cli.output import emit, note


class EscapedLines(logging.Handler):
    """The publish client's progress lines ("… failed (HTTP 500); retry 1 of 4 in 1.2 s") on
    standard error, with control characters shown as escapes like every other message: they
    quote file names and what a server answered."""

    def emit(self, record: logging.LogRecord) -> None:
        """Write one line, escaped."""
        from subtool.render.escape import terminal  # noqa: PLC0415

        try:
            sys.stderr.write(terminal(record.getMessage()) + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            self.handleError(record)


def show_progress() -> None:
    """Send the ``subtool.publish`` log (warnings and above) to :class:`EscapedLines`, once."""
    logger = logging.getLogger("subtool.publish")
    if not any(isinstance(h, EscapedLines) for h in logger.handlers):
        handler = EscapedLines(logging.WARNING)
        logger.addHandler(handler)


def publish(
    *,
    video_id: Annotated[str | None, typer.Option(
        "--video-id", help="The YouTube video (the part after watch?v=). Default: "
        "youtube-video-id of the project.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show the plan (insert / update / unchanged per language) and its "
        "quota cost; upload nothing.")] = False,
    draft: Annotated[bool, typer.Option(help="Upload as drafts (not yet visible).")] = False,
    allow_review: Annotated[bool, typer.Option(
        "--allow-review", help="Also publish tracks that still need review.")] = False,
    delete_missing: Annotated[bool, typer.Option(
        "--delete-missing", help="Delete caption tracks of languages the build does not "
        "have (never done otherwise).")] = False,
    login: Annotated[bool, typer.Option(
        "--login", help="Log in to YouTube once (opens the browser; the token is kept in "
        "your user configuration folder, never in the project).")] = False,
    client_secrets: Annotated[Path | None, typer.Option(
        help="With --login: the OAuth client file of your Google Cloud project "
        "(client_secret_….json).", show_default=False)] = None,
    config: o.Config = None,
) -> None:
    """Publish the last build's tracks to YouTube: new languages inserted, changed ones
    updated, unchanged ones left alone; only tracks the build marked ready (unless
    --allow-review). Run subtool build first."""
    from subtool.core.errors import LoginError, UsageError  # noqa: PLC0415
    from subtool.pipeline import publish as publishing  # noqa: PLC0415
    from subtool.pipeline.project import project_settings  # noqa: PLC0415
    from subtool.publish.flow import check_video_id  # noqa: PLC0415
    from subtool.publish.plan import describe  # noqa: PLC0415

    if login:
        if client_secrets is None:
            raise UsageError("--login needs --client-secrets FILE",
                             hint="download the OAuth client (type: desktop app) of your "
                                  "Google Cloud project; see the README, Publishing")
        note(f"logged in; the token is stored in {publishing.login(client_secrets)}")
        return
    if video_id is not None:
        check_video_id(video_id)  # before the project, the login or the network
    show_progress()
    settings = project_settings(config)
    try:
        result = publishing.publish(settings, video_id=video_id, draft=draft,
                                    allow_review=allow_review, dry_run=dry_run,
                                    delete_missing=delete_missing)
    except LoginError as exc:
        exc.hint = "run subtool publish --login --client-secrets FILE, then the same " \
                   "command again"
        raise
    emit("\n".join(describe(result.plan, budget=settings.youtube_quota_budget)) + "\n", None)
    if result.dry_run:
        note("dry run: nothing was uploaded (only the video's caption list was read)")
    else:
        note(f"published {len(result.done)} change(s), {result.spent:,} quota units spent; "
             "the record is in subtitles/state/youtube.json")


COMMANDS = {"publish": publish}
