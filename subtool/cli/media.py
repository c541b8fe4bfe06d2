"""Commands on the film itself: ``subtool media`` (its speech and shot changes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from subtool.cli import options as o
from subtool.cli.output import emit, note

if TYPE_CHECKING:
    from subtool.config import Settings


def media(
    film: Annotated[Path, typer.Argument(metavar="FILM", help="The film (a video file).")],
    *,
    output_format: Annotated[str, typer.Option(
        "--format", help="text (for people) or json: {\"duration\": ms, \"frame_rate\": fps, "
        "\"speech\": [[start_ms, end_ms], …], \"shot_changes\": [ms, …]}.")] = "text",
    output: o.Output = None,
    force: o.Force = False,
    config: o.Config = None,
) -> None:
    """Analyse a film: duration, frame rate, speech segments and shot changes.

    The first run decodes the film (seconds per minute of film); the result is cached by the
    film's content (in the project's .subtool-cache/, else the user's cache folder), so the
    next run, and every check against the film, costs almost nothing.
    """
    from subtool.core.errors import UsageError  # noqa: PLC0415
    from subtool.pipeline.film import analyse  # noqa: PLC0415
    from subtool.pipeline.options import film_file  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.render import media as render  # noqa: PLC0415

    if output_format not in render.FORMATS:
        raise UsageError(f"--format: unknown format {output_format!r}",
                         hint="allowed values: " + ", ".join(render.FORMATS))
    path = film_file(film, "FILM")
    assert path is not None
    settings = load_settings(config)
    facts = analyse(path, settings)
    text = render.render_json(facts) if output_format == "json" \
        else render.render_text(facts, film.name)
    emit(text, output, inputs=(path,), force=force, project=settings)


def film_note(settings: Settings, film: Path | None) -> None:
    """Say so when the project's film is not there: the checks against it are skipped."""
    from subtool.pipeline.film import absent  # noqa: PLC0415

    missing = absent(settings, film)
    if missing is not None:
        from subtool.languages.i18n import _  # noqa: PLC0415

        note(_("note: the film {film} is not here, so nothing is checked against the film "
               "(put the film there, or give --film FILE)").format(film=missing))


COMMANDS = {"media": media}
