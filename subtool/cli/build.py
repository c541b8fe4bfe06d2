"""Commands for communications staff: build (everything for YouTube) and preview."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from subtool.cli import options as o
from subtool.languages.i18n import _

if TYPE_CHECKING:
    from subtool.render.build_report import LanguageResult


def build(
    *,
    lang: Annotated[list[str] | None, typer.Option(
        help="Build only this language (repeatable). Default: all.", show_default=False)] = None,
    check_only: Annotated[bool, typer.Option(
        "--check-only", help="Run everything but write nothing.")] = False,
    translate_first: Annotated[bool, typer.Option(
        "--translate", help="Draft missing translations with the configured provider first.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Warnings block publishing too.")] = False,
    output: Annotated[Path | None, typer.Option(
        help="Output folder. Default: the project's 'output' (dist).", show_default=False)] = None,
    config: o.Config = None,
) -> None:
    """Build the upload-ready subtitles of every language into dist/, with a report.

    Exit 0 when every track is ready, 1 when any is blocked, 2 for a configuration error.
    """
    from dataclasses import replace  # noqa: PLC0415

    from subtool.core.errors import UsageError  # noqa: PLC0415
    from subtool.pipeline import build as building  # noqa: PLC0415
    from subtool.pipeline.project import project_settings  # noqa: PLC0415
    from subtool.render.build_report import summary_table  # noqa: PLC0415
    from subtool.render.escape import terminal  # noqa: PLC0415

    settings = project_settings(config)
    if output is not None:
        # absolute(), not resolve(): a loop of links is the writer's to report (exit 2).
        settings = replace(settings, output=str(output.absolute()))
    if translate_first:
        if check_only:
            raise UsageError("--translate writes drafts; it does not go with --check-only")
        from subtool.cli.translate import draft  # noqa: PLC0415

        draft(settings, lang or settings.languages, None, None, force=False)
    # rich (progress bar, coloured table) only for a person at a terminal; logs and CI get
    # plain text, and the build does not pay for importing rich.
    say = _Say(sys.stderr.isatty() and sys.stdout.isatty())
    steps = (len(lang) if lang else 1 + len(settings.languages)) + 2
    with say.progress(steps) as progress:
        result = building.build(settings, langs=lang or (), strict=strict, progress=progress)
        if not check_only:
            progress("writing files")
            written, unchanged = building.write_outputs(result)
    say.table(result.languages, settings.title or settings.slug, summary_table)
    blockers = [(r, p) for r in result.languages for p in r.blockers]
    if blockers:
        say.line("\n" + _("{blocked} by {count} problem(s). The first ones:").format(
            blocked=say.red(_("Publishing is blocked")), count=len(blockers)))
        for r, p in blockers[:8]:
            where = f"cue {p.cue} at {r.cue_time(p.cue)}" if p.cue else "the file"
            say.line(f"  • {r.name} ({r.lang}), {where}: {terminal(p.message)}\n"
                     f"    {_('to fix:')} {r.who_fixes()}")
        say.line("  " + _("The full list is in report.html. Fix them, then run 'subtool build' "
                          "again."))
    if check_only:
        say.line(f"\nChecked {len(result.languages)} tracks; nothing written (--check-only).")
    else:
        say.line(f"\nWrote {len(written)} files to {result.output} ({len(unchanged)} unchanged): "
                 "subtitles, transcripts, manifest.json, youtube-upload.csv, report.html.")
        if result.ready:
            say.line(f"{say.green('Ready:')} upload the .srt files in YouTube Studio, one per "
                     "language, as listed in youtube-upload.csv.")
    raise typer.Exit(0 if result.ready else 1)


class _Say:
    """Build output: rich at a terminal, plain text elsewhere."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def red(self, text: str) -> str:
        return f"\x1b[1;31m{text}\x1b[0m" if self.interactive else text

    def green(self, text: str) -> str:
        return f"\x1b[32m{text}\x1b[0m" if self.interactive else text

    def line(self, text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    @contextmanager
    def progress(self, total: int) -> Iterator[Callable[[str], None]]:
        if not self.interactive:
            yield lambda _step: None
            return
        from rich.console import Console  # noqa: PLC0415
        from rich.progress import BarColumn, Progress, TextColumn  # noqa: PLC0415

        with Progress(TextColumn("{task.description:<24}"), BarColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("building", total=total)
            yield lambda step: bar.update(task, description=step, advance=1)

    def table(self, results: Sequence[LanguageResult], title: str,
              plain: Callable[[Sequence[LanguageResult]], str]) -> None:
        if not self.interactive:
            from subtool.render.escape import terminal  # noqa: PLC0415

            sys.stdout.write(f"{terminal(title)}\n{plain(results)}")
            return
        from rich.console import Console  # noqa: PLC0415
        from rich.markup import escape  # noqa: PLC0415
        from rich.table import Table  # noqa: PLC0415

        from subtool.render.escape import terminal  # noqa: PLC0415

        # The title comes from the configuration: neither rich markup ("[link=…]") nor
        # control characters of it may act.
        table = Table(title=escape(terminal(title)), title_justify="left")
        for column in ("Language", "Status", "Errors", "Warnings", "Cues"):
            table.add_column(column, justify="left" if column in ("Language", "Status")
                             else "right")
        for r in results:
            status = "[green]ready[/]" if r.ready else "[bold red]blocked[/]"
            table.add_row(f"{r.name} ({r.lang})", status, str(r.errors), str(r.warnings),
                          str(len(r.track.cues)))
        Console(highlight=False).print(table)


def preview(
    *,
    video: Annotated[str | None, typer.Option(
        help="Video file or URL for the <video> element (relative to the page).",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        help="Page to write. Default: <output>/preview.html.", show_default=False)] = None,
    config: o.Config = None,
) -> None:
    """Write a self-contained HTML page to watch (with --video) or read every language."""
    from subtool.pipeline.build import preview as previewing  # noqa: PLC0415
    from subtool.pipeline.project import project_settings  # noqa: PLC0415

    target, count = previewing(project_settings(config), video=video, output=output)
    sys.stdout.write(f"wrote {target} ({count} languages)\n")


COMMANDS = {"build": build, "preview": preview}
