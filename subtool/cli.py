"""The command line: thin Typer commands and the single error boundary.

This is the only module that prints or exits. Each command validates its options, hands
off to one function of a lower layer, and renders the result. Heavier modules are imported
inside the commands so that ``subtool check`` starts quickly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from subtool import __version__
from subtool.errors import ContentError, ExitCode, SubtoolError, UsageError

if TYPE_CHECKING:
    from subtool.build_report import LanguageResult
    from subtool.config import Settings
    from subtool.glossary import Glossary

app = typer.Typer(
    name="subtool",
    help="Subtitle and accessibility toolkit: check, convert and build subtitle tracks.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    sys.stderr.write(f"subtool: error: {message}\n")
    raise typer.Exit(int(code))


def _colour(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _settings(config: Path | None) -> Settings:
    """The project's settings (nearest configuration), or defaults outside a project."""
    from subtool import config as cfg  # noqa: PLC0415
    from subtool.rules import BY_ID  # noqa: PLC0415

    if config is not None:
        if not config.is_file():
            raise UsageError("--config: file not found", path=str(config))
        return cfg.load(config, known_rules=BY_ID)
    found = cfg.find_project(Path.cwd())
    if found is None:
        return cfg.Settings(root=Path.cwd())
    return cfg.load(found, known_rules=BY_ID)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from subtool.fileio import write_atomic  # noqa: PLC0415

    write_atomic(output, text.encode("utf-8"))


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"subtool {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Subtitle and accessibility toolkit: check, convert and build subtitle tracks."""


@app.command()
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Subtitle files or folders. Default: the tracks of the project in "
             "[tool.subtool].", show_default=False)] = None,
    *,
    profile: Annotated[str | None, typer.Option(
        help="Limits to apply: senior, broadcast-de or netflix. Default: the project's.",
        show_default=False)] = None,
    lang: Annotated[str | None, typer.Option(
        help="Language of the files (BCP-47). Default: from the file name (de.srt, "
             "film.de.vtt).", show_default=False)] = None,
    master: Annotated[Path | None, typer.Option(
        help="Master file to compare translations with (cue-parity, numbers, …).",
        show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(
        help="Run only these rule ids (repeat or separate with commas).",
        show_default=False)] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        help="Do not run these rule ids.", show_default=False)] = None,
    strict: Annotated[bool, typer.Option(help="Warnings fail too (exit 1).")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="text, json, github, junit or sarif.")] = "text",
    output: Annotated[Path | None, typer.Option(
        help="Write the report to this file instead of the terminal.",
        show_default=False)] = None,
    glossary: Annotated[Path | None, typer.Option(
        help="Glossary (CSV or TBX) for the terminology rules. Default: the project's.",
        show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file (pyproject.toml or subtool.toml). Default: the nearest one.",
        show_default=False)] = None,
) -> None:
    """Check subtitle files against the rules; exit 1 if any error-level problem is found."""
    from subtool import checker, report  # noqa: PLC0415

    if output_format not in report.FORMATS:
        raise UsageError(f"--format: unknown format {output_format!r}",
                         hint="allowed values: " + ", ".join(report.FORMATS))
    settings = _settings(config)
    options = checker.Options(
        profile=profile, lang=lang, master=master,
        select=checker.validate_rule_ids(select or (), "--select"),
        ignore=checker.validate_rule_ids(ignore or (), "--ignore"), glossary=glossary)
    if paths:
        files = checker.collect_paths(paths)
    elif settings.source is not None:
        files = checker.project_paths(settings)
    else:
        raise UsageError("no files given and no [tool.subtool] project found here",
                         hint="give files or folders: subtool check subtitles/")
    results = checker.check_files(files, settings, options)
    text = report.render(results, output_format, strict=strict,
                         color=output is None and output_format == "text" and _colour(sys.stdout))
    _emit(text, output)
    raise typer.Exit(checker.exit_status(results, strict=strict))


@app.command()
def rules(
    rule_id: Annotated[str | None, typer.Argument(
        metavar="ID", help="Print the manual of this rule.", show_default=False)] = None,
) -> None:
    """List every rule (id, default severity, summary), or print one rule's manual."""
    from subtool.rules import BY_ID, RULES  # noqa: PLC0415

    if rule_id is not None:
        rule = BY_ID.get(rule_id)
        if rule is None:
            raise UsageError(f"unknown rule {rule_id!r}",
                             hint="run 'subtool rules' for the list of rule ids")
        extra = [f"default severity: {rule.severity.value}"]
        if rule.needs_master:
            extra.append("needs a master (--master, or a project)")
        if rule.fixable:
            extra.append("fixable with 'subtool fix'")
        sys.stdout.write(f"{rule.doc.strip()}\n\n" + "; ".join(extra) + "\n")
        return
    width = max(len(r.id) for r in RULES)
    lines = [f"{r.id:<{width}}  {r.severity.value:<7}  {'fix' if r.fixable else '   '}  "
             f"{r.summary}" for r in RULES]
    sys.stdout.write("\n".join(lines) + "\n")


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(metavar="IN", help="File to read.")],
    target: Annotated[Path, typer.Argument(metavar="OUT", help="File to write; the format "
                                           "comes from its extension.")],
    *,
    force: Annotated[bool, typer.Option(help="Overwrite OUT if it exists.")] = False,
    frame_rate: Annotated[float, typer.Option(help="Frames per second, for frame-based "
                                              "formats such as MicroDVD (.sub).")] = 25.0,
) -> None:
    """Convert a subtitle file to another format (SRT, WebVTT, SBV, ASS/SSA, TTML, …)."""
    from subtool import formats  # noqa: PLC0415
    from subtool.fileio import write_atomic  # noqa: PLC0415

    fmt = formats.format_of(target)
    if target.exists() and not force:
        raise UsageError("already exists; add --force to overwrite it", path=str(target))
    track = formats.read_track(source, frame_rate=frame_rate)
    blocking = [d for d in track.diagnostics if d.rule == "parse-error"]
    if blocking:
        first = blocking[0]
        raise ContentError(
            f"cannot be converted: {first.message}"
            + (f" (and {len(blocking) - 1} more problems)" if len(blocking) > 1 else ""),
            path=str(source), line=first.line,
            hint="run 'subtool check' on it and fix the parse errors first; nothing was written")
    out = formats.compose(formats.retarget(track, fmt), fmt, frame_rate=frame_rate)
    write_atomic(target, out.encode("utf-8"))
    sys.stderr.write(f"wrote {target} ({len(track.cues)} cues, {fmt})\n")


def _project(config: Path | None) -> Settings:
    settings = _settings(config)
    if settings.source is None:
        raise UsageError("no film project found here (no [tool.subtool] in pyproject.toml, "
                         "no subtool.toml)",
                         hint="run the command in the project folder, or give --config FILE")
    return settings


@app.command()
def build(
    *,
    lang: Annotated[list[str] | None, typer.Option(
        help="Build only this language (repeatable). Default: all.", show_default=False)] = None,
    check_only: Annotated[bool, typer.Option(
        "--check-only", help="Run everything but write nothing.")] = False,
    strict: Annotated[bool, typer.Option(help="Warnings block publishing too.")] = False,
    output: Annotated[Path | None, typer.Option(
        help="Output folder. Default: the project's 'output' (dist).", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Build the upload-ready subtitles of every language into dist/, with a report.

    Exit 0 when every track is ready, 1 when any is blocked, 2 for a configuration error.
    """
    from dataclasses import replace  # noqa: PLC0415

    from subtool import pipeline  # noqa: PLC0415
    from subtool.build_report import summary_table  # noqa: PLC0415

    settings = _project(config)
    if output is not None:
        settings = replace(settings, output=str(output.resolve()))
    # rich (progress bar, coloured table) only for a person at a terminal; logs and CI get
    # plain text, and the build does not pay for importing rich.
    interactive = sys.stderr.isatty() and sys.stdout.isatty()
    say = _Say(interactive)
    steps = (len(lang) if lang else 1 + len(settings.languages)) + 2
    with say.progress(steps) as progress:
        result = pipeline.build(settings, langs=lang or (), strict=strict, progress=progress)
        if not check_only:
            progress("writing files")
            written, unchanged = pipeline.write_outputs(result)
    say.table(result.languages, settings.title or settings.slug, summary_table)
    blockers = [(r, p) for r in result.languages for p in r.blockers]
    if blockers:
        say.line(f"\n{say.red('Publishing is blocked')} by {len(blockers)} problem(s). "
                 "The first ones:")
        for r, p in blockers[:8]:
            where = f"cue {p.cue} at {r.cue_time(p.cue)}" if p.cue else "the file"
            say.line(f"  • {r.name} ({r.lang}), {where}: {p.message}\n"
                     f"    to fix: {r.who_fixes()}")
        say.line("  The full list is in report.html. Fix them, then run 'subtool build' again.")
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
            sys.stdout.write(f"{title}\n{plain(results)}")
            return
        from rich.console import Console  # noqa: PLC0415
        from rich.table import Table  # noqa: PLC0415

        table = Table(title=title, title_justify="left")
        for column in ("Language", "Status", "Errors", "Warnings", "Cues"):
            table.add_column(column, justify="left" if column in ("Language", "Status")
                             else "right")
        for r in results:
            status = "[green]ready[/]" if r.ready else "[bold red]blocked[/]"
            table.add_row(f"{r.name} ({r.lang})", status, str(r.errors), str(r.warnings),
                          str(len(r.track.cues)))
        Console(highlight=False).print(table)


@app.command()
def preview(
    *,
    video: Annotated[str | None, typer.Option(
        help="Video file or URL for the <video> element (relative to the page).",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        help="Page to write. Default: <output>/preview.html.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Write a self-contained HTML page to watch (with --video) or read every language."""
    from subtool import formats  # noqa: PLC0415
    from subtool.fileio import write_atomic  # noqa: PLC0415
    from subtool.preview import preview_html  # noqa: PLC0415

    settings = _project(config)
    if settings.master_path is None:
        raise UsageError("no master subtitle file is configured", path=settings.source)
    tracks = [(settings.master_language, formats.read_track(settings.master_path))]
    for lang in settings.languages:
        path = settings.track_path(lang)
        if path.is_file():
            tracks.append((lang, formats.read_track(path)))
    page = preview_html(tracks, title=settings.title or settings.slug,
                        master_lang=settings.master_language, video=video)
    target = output or settings.path(settings.output) / "preview.html"
    write_atomic(target, page.encode("utf-8"))
    sys.stdout.write(f"wrote {target} ({len(tracks)} languages)\n")


@app.command()
def fix(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Subtitle files or folders. Default: the tracks of the project.",
        show_default=False)] = None,
    *,
    write: Annotated[bool, typer.Option(
        help="Write the fixes (atomically, keeping a .bak copy). Default: show a diff.")
    ] = False,
    select: Annotated[list[str] | None, typer.Option(
        help="Apply only these rules' fixes (repeat or separate with commas).",
        show_default=False)] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        help="Do not apply these rules' fixes.", show_default=False)] = None,
    profile: Annotated[str | None, typer.Option(
        help="Limits to apply. Default: the project's.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option(
        help="Language of the files. Default: from the file name.", show_default=False)] = None,
    glossary: Annotated[Path | None, typer.Option(
        help="Glossary for the house style. Default: the project's.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Fix what has one right mechanical fix. Without --write: a diff, exit 1 if anything
    would change. A file with parse errors is never written."""
    from subtool import checker, fixer  # noqa: PLC0415
    from subtool.fileio import write_atomic  # noqa: PLC0415

    settings = _settings(config)
    chosen = checker.validate_rule_ids(select or (), "--select")
    skipped = checker.validate_rule_ids(ignore or (), "--ignore")
    not_fixable = sorted(r for r in chosen if not _is_fixable(r))
    if not_fixable:
        raise UsageError(f"--select: {', '.join(not_fixable)} cannot be fixed automatically",
                         hint="'subtool rules' marks the fixable rules with 'fix'")
    rules_ = [r for r in fixer.fixable_rules(chosen or None) if r.id not in skipped]
    options = checker.Options(profile=profile, lang=lang, glossary=glossary)
    if options.profile is not None or options.lang is not None:
        checker.check_files([], settings, options)  # validates --profile and --lang
    if paths:
        files = checker.collect_paths(paths)
    elif settings.source is not None:
        files = checker.project_paths(settings)
    else:
        raise UsageError("no files given and no [tool.subtool] project found here",
                         hint="give files or folders: subtool fix subtitles/")
    loaded = checker.load_glossary(settings, options)
    pending = refused = False
    for path in files:
        result = fixer.fix_file(path, settings, options, rules_, loaded)
        if result.after is None:
            refused = True
            sys.stderr.write(f"{result.shown}: {result.refused}\n")
            continue
        if not result.changed:
            continue
        pending = True
        assert result.result is not None
        what = result.result.summary() or f"re-saved as UTF-8 (was {result.reencoded})"
        if not result.result.settled:
            what += f" (still changing after {fixer.MAX_PASSES} passes: please report this)"
        if write:
            write_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
            write_atomic(path, result.after.encode("utf-8"))
            sys.stderr.write(f"{result.shown}: fixed {what} (previous version in "
                             f"{path.name}.bak)\n")
        else:
            sys.stdout.write(fixer.unified_diff(result.before, result.after, result.shown))
            sys.stderr.write(f"{result.shown}: would fix {what}\n")
    if not pending and not refused:
        sys.stderr.write("nothing to fix\n")
    raise typer.Exit(1 if refused or (pending and not write) else 0)


def _is_fixable(rule_id: str) -> bool:
    from subtool.rules import BY_ID  # noqa: PLC0415

    return BY_ID[rule_id].fixable


def _translation(settings: Settings, lang: str) -> tuple[Path, Path]:
    if settings.source is None or settings.master_path is None:
        raise UsageError("no film project found here (no [tool.subtool] with a master)")
    if lang not in settings.languages:
        raise UsageError(f"{lang!r} is not a translation of this project",
                         hint="the project's languages: " + ", ".join(settings.languages))
    return settings.master_path, settings.track_path(lang)


@app.command()
def accept(
    lang: Annotated[str, typer.Argument(help="The language, e.g. tr.")],
    *,
    cue: Annotated[list[int] | None, typer.Option(
        help="Accept only this cue (repeatable). Default: every cue.", show_default=False)
    ] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Confirm the translation of LANG against the current master (records it in the state)."""
    from subtool import formats, state, workflow  # noqa: PLC0415
    from subtool.fileio import write_atomic  # noqa: PLC0415

    settings = _settings(config)
    master_path, track_path = _translation(settings, lang)
    master = formats.read_track(master_path)
    track = formats.read_track(track_path)
    broken = [d for d in track.diagnostics if d.rule == "parse-error"]
    if broken:
        raise ContentError(f"not accepted: {broken[0].message}", path=str(track_path),
                           line=broken[0].line, hint="fix the file first")
    path = settings.state_path(lang)
    new, count = workflow.accept(state.load(path), track, master, cue)
    changed = write_atomic(path, state.compose(new, lang).encode("utf-8"), only_if_changed=True)
    sys.stderr.write(f"{lang}: accepted {count} cue(s) against the current master"
                     f"{'' if changed else ' (nothing new)'}; state in {path}\n")


@app.command("import")
def import_(
    lang: Annotated[str, typer.Argument(help="The language of the delivered file.")],
    source: Annotated[Path, typer.Argument(metavar="FILE", help="The translator's SRT or VTT.")],
    *,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Import a translator's delivered subtitle file for LANG, aligned to the master by time.

    Refused, with nothing changed, when the file cannot be read, is for another language, or
    would lose existing translations. Cues that align with no master cue are kept and listed.
    """
    from subtool import formats, state, workflow  # noqa: PLC0415
    from subtool.fileio import write_atomic  # noqa: PLC0415

    settings = _settings(config)
    master_path, track_path = _translation(settings, lang)
    master = formats.read_track(master_path)
    current = formats.read_track(track_path) if track_path.is_file() else None
    delivered = formats.read_track(source)
    state_path = settings.state_path(lang)
    result = workflow.import_track(delivered, current, master, state.load(state_path),
                                   lang=lang, path=str(source))
    track_text = formats.compose(result.track, formats.format_of(track_path))
    if current is not None and track_path.read_bytes() != track_text.encode("utf-8"):
        write_atomic(track_path.with_name(track_path.name + ".bak"), track_path.read_bytes())
    wrote = write_atomic(track_path, track_text.encode("utf-8"), only_if_changed=True)
    write_atomic(state_path, state.compose(result.state, lang).encode("utf-8"),
                 only_if_changed=True)
    sys.stderr.write(f"{lang}: imported {len(result.track.cues)} cues from {source}; "
                     f"{len(result.changed)} changed"
                     f"{'' if wrote else ' (track unchanged)'}\n")
    if result.unaligned:
        sys.stderr.write(f"  cues without a master cue at their time (kept; subtool check "
                         f"reports them): {', '.join(map(str, result.unaligned))}\n")


glossary_app = typer.Typer(help="Terminology: check, apply the house style, exchange as TBX.",
                           no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")


def _project_glossary(config: Path | None, glossary: Path | None) -> tuple[Settings, Glossary]:
    from subtool import checker  # noqa: PLC0415

    settings = _settings(config)
    loaded = checker.load_glossary(settings, checker.Options(glossary=glossary))
    if loaded is None:
        raise UsageError("no glossary: the project has no 'glossary' setting",
                         hint="give one with --glossary FILE")
    return settings, loaded


@glossary_app.command("check")
def glossary_check(
    *,
    glossary: Annotated[Path | None, typer.Option(
        help="Glossary file. Default: the project's.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Show terms × languages: where each term occurs in the master, whether tracks comply."""
    from subtool import formats, terminology  # noqa: PLC0415

    settings, loaded = _project_glossary(config, glossary)
    if settings.master_path is None:
        raise UsageError("the project has no master", path=settings.source)
    master = formats.read_track(settings.master_path)
    tracks = [(lang, formats.read_track(settings.track_path(lang)))
              for lang in settings.languages if settings.track_path(lang).is_file()]
    rows = terminology.matrix(loaded, master, tracks)
    sys.stdout.write(terminology.render_text(rows, [lang for lang, _ in tracks]))
    raise typer.Exit(1 if any(r.missing for r in rows) else 0)


@glossary_app.command("apply")
def glossary_apply(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files in the master's language. Default: the project's master.",
        show_default=False)] = None,
    *,
    write: Annotated[bool, typer.Option(
        help="Write the changes (atomically, keeping a .bak copy); default: show a diff.")
    ] = False,
    glossary: Annotated[Path | None, typer.Option(
        help="Glossary file. Default: the project's.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Rewrite the master to the house style. Without --write: a diff, exit 1 if it would change."""
    from subtool import formats, terminology  # noqa: PLC0415
    from subtool.fileio import read_bytes, write_atomic  # noqa: PLC0415

    settings, loaded = _project_glossary(config, glossary)
    targets = paths or ([settings.master_path] if settings.master_path else [])
    if not targets:
        raise UsageError("no file given and the project has no master")
    pending = False
    for path in targets:
        data = read_bytes(path)
        track = formats.parse_bytes(data, name=path.name)
        broken = [d for d in track.diagnostics if d.rule in ("parse-error", "encoding")]
        if broken:
            raise ContentError(f"not changed: {broken[0].message}", path=str(path),
                               line=broken[0].line,
                               hint="fix it first (subtool check shows every problem)")
        before = data.decode("utf-8")
        result = terminology.restyle_source(before, track, loaded)
        if result.text == before:
            sys.stderr.write(f"{path}: follows the house style\n")
            continue
        pending = True
        if write:
            write_atomic(path.with_name(path.name + ".bak"), data)
            write_atomic(path, result.text.encode("utf-8"))
            sys.stderr.write(f"{path}: house style applied to {len(result.changed_cues)} cues "
                             f"(previous version in {path.name}.bak)\n")
        else:
            sys.stdout.write(result.diff(before, str(path)))
    raise typer.Exit(1 if pending and not write else 0)


@glossary_app.command("export")
def glossary_export(
    *,
    output_format: Annotated[str, typer.Option("--format", help="tbx or csv.")] = "tbx",
    output: Annotated[Path | None, typer.Option(
        help="File to write. Default: standard output.", show_default=False)] = None,
    glossary: Annotated[Path | None, typer.Option(
        help="Glossary file. Default: the project's.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Export the glossary as TBX (for CAT tools) or CSV."""
    from subtool.glossary import to_csv  # noqa: PLC0415

    if output_format not in ("tbx", "csv"):
        raise UsageError(f"--format: unknown format {output_format!r}", hint="use tbx or csv")
    _, loaded = _project_glossary(config, glossary)
    if output_format == "tbx":
        from subtool.tbx import to_tbx  # noqa: PLC0415

        text = to_tbx(loaded)
    else:
        text = to_csv(loaded)
    _emit(text, output)


@glossary_app.command("import")
def glossary_import(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="TBX (or CSV) file to import.")],
    *,
    output: Annotated[Path | None, typer.Option(
        help="CSV to write. Default: the project's glossary.", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        help="Replace an existing glossary that differs (a .bak copy is kept).")] = False,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Import a TBX glossary from a CAT tool into the project's CSV glossary."""
    from subtool import glossary as glossary_module  # noqa: PLC0415
    from subtool.fileio import write_atomic  # noqa: PLC0415

    settings = _settings(config)
    loaded = glossary_module.load(source, source=settings.master_language,
                                  languages=(settings.master_language, *settings.languages))
    target = output or (settings.path(settings.glossary) if settings.glossary else None)
    if target is None:
        raise UsageError("where to? the project has no 'glossary' setting; give --output FILE")
    text = glossary_module.to_csv(loaded)
    if target.exists():
        old = target.read_bytes()
        if old == text.encode("utf-8"):
            sys.stderr.write(f"{target}: already up to date\n")
            return
        if not force:
            raise UsageError("exists and differs; nothing was changed", path=str(target),
                             hint="add --force to replace it (a .bak copy is kept)")
        write_atomic(target.with_name(target.name + ".bak"), old)
    write_atomic(target, text.encode("utf-8"))
    sys.stderr.write(f"wrote {target} ({len(loaded.entries)} concepts, "
                     f"{len(loaded.languages)} languages)\n")


def main() -> None:
    """Entry point: run the app behind the single error boundary."""
    try:
        app()
    except SubtoolError as exc:
        sys.stderr.write(f"subtool: error: {exc}\n")
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        sys.stderr.write("subtool: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SUBTOOL_DEBUG"):
            raise
        sys.stderr.write(f"subtool: internal error: {type(exc).__name__}: {exc}\n"
                         "  This is a bug in subtool. Run again with SUBTOOL_DEBUG=1 to see "
                         "the details and report them.\n")
        sys.exit(int(ExitCode.INTERNAL))
