"""Commands for communications staff: build (everything for YouTube) and preview."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from subtool.cli import options as o
from subtool.languages.i18n import _, ngettext

if TYPE_CHECKING:
    from subtool.config import Settings
    from subtool.core.model import Problem
    from subtool.engine.status import LanguageResult
    from subtool.pipeline import build as building


def build(
    *,
    lang: Annotated[list[str] | None, typer.Option(
        help="Write only this language's files (repeatable); the report, upload sheet, "
             "manifest and transcript page still cover every language.",
        show_default=False)] = None,
    check_only: Annotated[bool, typer.Option(
        "--check-only", help="Run everything but write nothing.")] = False,
    translate_first: Annotated[bool, typer.Option(
        "--translate", help="Draft missing translations with the configured provider first.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Warnings block publishing too.")] = False,
    allow_review: Annotated[bool, typer.Option(
        "--allow-review", help="Tracks that still need review (machine drafts, translations "
        "of an older German text) may be published: exit 0 when nothing is blocked.")] = False,
    output: Annotated[Path | None, typer.Option(
        help="Output folder. Default: the project's 'output' (dist).", show_default=False)] = None,
    film: o.Film = None,
    config: o.Config = None,
) -> None:
    """Build the upload-ready subtitles of every language into dist/, with a report.

    With an audio description script, also its WebVTT tracks and, when the film is there,
    the described version of the film (sound and video with the descriptions spoken).

    Exit 0 when every track is ready (or, with --allow-review, at least needs no more than
    review), 1 when any is blocked or needs review, 2 for a configuration error or when
    the described version could not be made (ffmpeg or espeak-ng missing, an unreadable
    film; everything else is written first).
    """

    from subtool.core.description import UNCHANGED, WRITTEN  # noqa: PLC0415
    from subtool.core.errors import UsageError  # noqa: PLC0415
    from subtool.pipeline import build as building  # noqa: PLC0415
    from subtool.pipeline.project import project_settings, refuse_output_folder  # noqa: PLC0415
    from subtool.render.build_report import summary_table  # noqa: PLC0415

    settings = with_film(project_settings(config), film)
    if output is not None:
        # absolute(), not resolve(): a loop of links is the writer's to report (exit 2).
        settings = settings._replace(output=str(output.absolute()))
        refuse_output_folder(settings.path(settings.output), settings)
    if translate_first:
        if check_only:
            raise UsageError("--translate writes drafts; it does not go with --check-only")
        from subtool.cli.translate import draft  # noqa: PLC0415

        draft(settings, lang or settings.languages, None, None, force=False)
    # rich (progress bar, coloured table) only for a person at a terminal; logs and CI get
    # plain text, and the build does not pay for importing rich.
    say = _Say(sys.stderr.isatty() and sys.stdout.isatty())
    steps = 1 + 2 * (len(settings.languages) + 1) + 2
    with say.progress(steps) as progress:
        result = building.build(settings, langs=lang or (), strict=strict, progress=progress,
                                 media=not check_only)
        if not check_only:
            progress(_("writing files"))
            written, unchanged = building.write_outputs(result)
    say.table(result.built, settings.title or settings.slug, summary_table)
    for line in summary_lines(result.built + result.built_descriptions,
                              allow_review=allow_review, mark=say.mark):
        say.line(line)
    for line in description_lines(result):
        say.line(line)
    say.line("")
    if check_only:
        say.line(_("Checked {count} tracks; nothing written (--check-only).").format(
            count=len(result.built)))
    else:
        made = [v for v in result.described if v.state == WRITTEN]
        kept = [v for v in result.described if v.state == UNCHANGED]
        say.line(_("Wrote {written} files to {folder} ({unchanged} unchanged): subtitles, "
                   "transcripts, manifest.json, youtube-upload.csv, report.html.").format(
            written=len(written) + 2 * len(made), folder=result.output,
            unchanged=len(unchanged) + 2 * len(kept)))
        if result.ready:
            say.line(say.mark("ready", _("Ready:")) + " " + _(
                "upload the .srt files in YouTube Studio, one per language, as listed in "
                "youtube-upload.csv."))
        elif result.publishable(allow_review):
            say.line(say.mark("review", _("Publishing knowingly (--allow-review):")) + " " + _(
                "the tracks marked 'needs review' go online before a person has checked "
                "them."))
    if result.failed:
        from subtool.core.errors import ExitCode  # noqa: PLC0415

        say.line(_("The described version of the film could not be made (see above); "
                   "everything else was written."))
        raise typer.Exit(int(ExitCode.USAGE))
    raise typer.Exit(0 if result.publishable(allow_review) else 1)


def description_lines(result: building.BuildResult) -> list[str]:
    """The audio description in the summary: per description track how it fits and what
    became of its described version; once, the languages without one."""
    from subtool.render.build_report import described_state, description_fit  # noqa: PLC0415

    if not result.descriptions:
        return []
    versions = {v.lang: v for v in result.described}
    out = ["", _("Audio description:")]
    for r in result.built_descriptions:
        parts = [description_fit(r)]
        if r.lang in versions:
            parts.append(described_state(versions[r.lang], this_run=True))
        out.append(f"  • {r.name} ({r.lang}): " + "; ".join(parts))
    if result.undescribed:
        from subtool.languages.i18n import language_name  # noqa: PLC0415

        out.append("  " + _("Not described (no audio description track): {languages}.").format(
            languages=", ".join(language_name(lang) for lang in result.undescribed)))
    return out


_COLOURS = {"blocked": "\x1b[1;31m", "review": "\x1b[1;33m", "ready": "\x1b[32m"}


class _Say:
    """Build output: rich at a terminal, plain text elsewhere."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def mark(self, kind: str, text: str) -> str:
        """``text`` coloured for its kind at a terminal."""
        return f"{_COLOURS[kind]}{text}\x1b[0m" if self.interactive else text

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

        from subtool.engine.status import Status  # noqa: PLC0415
        from subtool.render.build_report import status_label  # noqa: PLC0415

        styles = {Status.READY: "green", Status.NEEDS_REVIEW: "bold yellow",
                  Status.BLOCKED: "bold red"}
        from subtool.render.escape import terminal  # noqa: PLC0415

        # The title comes from the configuration: neither rich markup ("[link=…]") nor
        # control characters of it may act.
        table = Table(title=escape(terminal(title)), title_justify="left")
        for column, justify in ((_("Language"), "left"), (_("Status"), "left"),
                                (_("Errors"), "right"), (_("Warnings"), "right"),
                                (_("Cues"), "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for r in results:
            status = f"[{styles[r.status]}]{status_label(r.status)}[/]"
            table.add_row(f"{r.name} ({r.lang})", status, str(r.errors), str(r.warnings),
                          str(len(r.track.cues)))
        Console(highlight=False).print(table)


def preview(
    *,
    video: Annotated[str | None, typer.Option(
        help="The film: a file (linked from the page by its relative path) or an http(s) "
             "address. Default: the project's film (or --film).", show_default=False)] = None,
    copy_video: Annotated[bool, typer.Option(
        "--copy-video", help="Copy the film file next to the page instead of linking it "
                             "(to move or send the folder as a whole).")] = False,
    output: Annotated[Path | None, typer.Option(
        help="Page to write. Default: <output>/preview.html.", show_default=False)] = None,
    film: o.Film = None,
    force: o.Force = False,
    config: o.Config = None,
) -> None:
    """Write an HTML page to watch (with the project's film, --film or --video) or read
    every language, cue by cue."""
    from subtool.pipeline.build import preview as previewing  # noqa: PLC0415
    from subtool.pipeline.project import project_settings  # noqa: PLC0415

    settings = with_film(project_settings(config), film)
    done = previewing(settings, video=video, output=output, copy_video=copy_video, force=force)
    sys.stdout.write(ngettext("Wrote {page} ({count} language).",
                              "Wrote {page} ({count} languages).", done.languages).format(
        page=done.page, count=done.languages) + "\n")
    if done.copied is not None:
        sys.stdout.write(_("The film was copied next to it: {path}").format(path=done.copied)
                         + "\n")
    elif done.video is not None and "://" not in done.video:
        sys.stdout.write(_("The page plays the film from {address} (relative to the page): "
                           "keep both where they are, or use --copy-video.").format(
            address=done.video) + "\n")


def with_film(settings: Settings, film: Path | None) -> Settings:
    """The settings with the film given on the command line (validated), and a note when
    the project's film is not there."""

    from subtool.cli.media import film_note  # noqa: PLC0415
    from subtool.pipeline.options import film_file  # noqa: PLC0415

    chosen = film_file(film)
    film_note(settings, chosen)
    return settings if chosen is None else settings._replace(film=str(chosen.resolve()))


def summary_lines(results: Sequence[LanguageResult], *, allow_review: bool,
                  mark: Callable[[str, str], str] = lambda _kind, text: text) -> list[str]:
    """What blocks publishing and what needs review, who acts and what to send them.

    ``mark(kind, text)`` may colour ``text`` (kinds: ``blocked``, ``review``, ``ready``).
    """
    from subtool.pipeline.build import todo_command  # noqa: PLC0415
    from subtool.render.build_report import review_counts, who_fixes  # noqa: PLC0415
    from subtool.render.escape import terminal  # noqa: PLC0415

    out: list[str] = []
    blockers = [(r, p) for r in results for p in r.blockers]
    if blockers:
        out.append("")
        out.append(ngettext("{blocked} by {count} problem:", "{blocked} by {count} problems. "
                            "The first ones:", len(blockers)).format(
            blocked=mark("blocked", _("Publishing is blocked")), count=len(blockers)))
        for r, p, alike in first_blockers(results):
            where = (_("cue {cue} at {time}").format(cue=p.cue, time=r.cue_time(p.cue))
                     if p.cue else _("the file"))
            more = " " + ngettext("(and {count} more like it)", "(and {count} more like it)",
                                  alike).format(count=alike) if alike else ""
            out.append(f"  • {r.name} ({r.lang}), {where}: {terminal(p.message)}{more}")
            out.append("    " + _("to fix:") + " " + who_fixes(r))
        out.append("  " + _("The full list is in report.html. Fix them, then run 'subtool build' "
                            "again."))
    review = [r for r in results if r.review and not r.blockers]
    if review:
        out.append("")
        out.append(mark("review", ngettext(
            "{count} track needs review before it is published:",
            "{count} tracks need review before they are published:",
            len(review)).format(count=len(review))))
        for r in review:
            out.append(f"  • {r.name} ({r.lang}): {review_counts(r)}")
            out.append("    " + _("who acts: {who}; send the to-do list, made with: "
                                  "{command}").format(who=who_fixes(r),
                                                      command=todo_command(r.lang, r.kind)))
        if not allow_review and not blockers:
            out.append("  " + _("To publish them as they are, knowingly: subtool build "
                                "--allow-review"))
    return out


# What makes the rest follow comes first: a file that cannot be read (binary, truncated,
# wrongly encoded) leaves every cue of the master without a translation.
_ROOT_CAUSES = {"parse-error": 0, "encoding": 1}
_SHOWN = 8


def first_blockers(results: Sequence[LanguageResult]) -> list[tuple[LanguageResult, Problem,
                                                                     int]]:
    """The blocking problems to show staff first: one of each kind per track (with how
    many more of that kind the track has), a file's reading problems first, and every
    blocked track's first kind before any track's second."""
    kinds: list[list[tuple[LanguageResult, Problem, int]]] = []
    for r in results:
        by_rule: dict[str, list[Problem]] = {}
        for p in r.blockers:
            by_rule.setdefault(p.rule, []).append(p)
        ordered = sorted(by_rule.values(), key=lambda ps: _ROOT_CAUSES.get(ps[0].rule, 2))
        kinds.append([(r, ps[0], len(ps) - 1) for ps in ordered])
    shown: list[tuple[LanguageResult, Problem, int]] = []
    depth = 0
    while len(shown) < _SHOWN and any(depth < len(k) for k in kinds):
        shown += [k[depth] for k in kinds if depth < len(k)][:_SHOWN - len(shown)]
        depth += 1
    return shown


COMMANDS = {"build": build, "preview": preview}
