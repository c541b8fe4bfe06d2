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
from subtool.core.errors import ContentError, ExitCode, SubtoolError, UsageError

if TYPE_CHECKING:
    from subtool.config import Settings
    from subtool.render.build_report import LanguageResult
    from subtool.terms.glossary import Glossary

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
    from subtool.project.files import write_atomic  # noqa: PLC0415

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
    from subtool.engine import check as checker  # noqa: PLC0415
    from subtool.render import report  # noqa: PLC0415

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
    from subtool.project.files import write_atomic  # noqa: PLC0415

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
    translate_first: Annotated[bool, typer.Option(
        "--translate", help="Draft missing translations with the configured provider first.")
    ] = False,
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

    from subtool.pipeline import build as pipeline  # noqa: PLC0415
    from subtool.render.build_report import summary_table  # noqa: PLC0415

    settings = _project(config)
    if output is not None:
        settings = replace(settings, output=str(output.resolve()))
    if translate_first:
        if check_only:
            raise UsageError("--translate writes drafts; it does not go with --check-only")
        _draft(settings, lang or settings.languages, None, None, False)
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
    from subtool.project.files import write_atomic  # noqa: PLC0415
    from subtool.render.preview import preview_html  # noqa: PLC0415

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
    from subtool.engine import check as checker  # noqa: PLC0415
    from subtool.engine import fix as fixer  # noqa: PLC0415
    from subtool.project.files import write_atomic  # noqa: PLC0415

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
    from subtool import formats  # noqa: PLC0415
    from subtool.project.files import write_atomic  # noqa: PLC0415
    from subtool.translation import (  # noqa: PLC0415
        state,
        workflow,
    )

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
    from subtool import formats  # noqa: PLC0415
    from subtool.project.files import write_atomic  # noqa: PLC0415
    from subtool.translation import (  # noqa: PLC0415
        state,
        workflow,
    )

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


@app.command()
def segment(
    transcript: Annotated[Path, typer.Argument(help="A timed transcript (see the README).")],
    *,
    output: Annotated[Path | None, typer.Option(
        help="SRT file to write. Default: standard output.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option(
        help="Language of the transcript. Default: the project's master language, else de.",
        show_default=False)] = None,
    profile: Annotated[str | None, typer.Option(
        help="Limits to segment for. Default: the project's.", show_default=False)] = None,
    speaker_labels: Annotated[bool, typer.Option(
        help="Label every change of named speaker, not only off-screen speakers.")] = False,
    force: Annotated[bool, typer.Option(help="Overwrite OUTPUT if it exists.")] = False,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Turn a timed transcript into a master SRT segmented by the profile's limits."""
    from subtool import formats  # noqa: PLC0415
    from subtool.layout import segment as segmenting  # noqa: PLC0415
    from subtool.layout.reflow import reflow  # noqa: PLC0415
    from subtool.profiles import PROFILES, limits_for  # noqa: PLC0415
    from subtool.project.files import read_bytes, write_atomic  # noqa: PLC0415

    settings = _settings(config)
    chosen = profile or settings.profile
    if chosen not in PROFILES:
        raise UsageError(f"--profile: unknown profile {chosen!r}",
                         hint="allowed values: " + ", ".join(PROFILES))
    language = lang or settings.master_language
    if output is not None and output.exists() and not force:
        raise UsageError("already exists; add --force to overwrite it", path=str(output))
    data = read_bytes(transcript)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError("is not UTF-8 text", path=str(transcript),
                           line=data.count(b"\n", 0, exc.start) + 1,
                           hint="save the transcript as UTF-8") from None
    utterances = segmenting.parse_transcript(text, path=str(transcript))
    track = segmenting.segment(
        utterances, lang=language, limits=limits_for(chosen, language, settings.limits),
        frame_rate=settings.frame_rate, speaker_labels=speaker_labels,
        break_lines=lambda words, width, lines: reflow(words, language, width, lines))
    srt_text = formats.compose(track, "srt")
    if output is None:
        sys.stdout.write(srt_text)
    else:
        write_atomic(output, srt_text.encode("utf-8"))
        sys.stderr.write(f"wrote {output} ({len(track.cues)} cues from {len(utterances)} "
                         "utterances); check it with subtool check\n")


def _exchange_export(lang: str, fmt: str, output: Path | None, config: Path | None) -> None:
    from subtool import formats  # noqa: PLC0415
    from subtool.profiles import limits_for  # noqa: PLC0415
    from subtool.translation import state  # noqa: PLC0415
    from subtool.translation.exchange import po, xliff  # noqa: PLC0415

    settings = _settings(config)
    master_path, track_path = _translation(settings, lang)
    master = formats.read_track(master_path)
    track = formats.read_track(track_path)
    recorded = state.load(settings.state_path(lang)) or state.State()
    exporter = po.export_po if fmt == "po" else xliff.export_xliff
    text = exporter(master, track, recorded, lang=lang, master_lang=settings.master_language,
                    limits=limits_for(settings.profile, lang, settings.limits),
                    title=settings.title)
    _emit(text, output)
    if output is not None:
        sys.stderr.write(f"wrote {output}: {lang}, {len(track.cues)} cues; stale and machine "
                         "cues are marked for review\n")


def _exchange_import(source: Path, fmt: str, config: Path | None) -> None:
    from subtool import formats  # noqa: PLC0415
    from subtool.project.files import read_bytes, write_atomic  # noqa: PLC0415
    from subtool.translation import state  # noqa: PLC0415
    from subtool.translation.exchange import po, xliff  # noqa: PLC0415

    settings = _settings(config)
    data = read_bytes(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError("is not UTF-8", path=str(source),
                           line=data.count(b"\n", 0, exc.start) + 1,
                           hint="save it as UTF-8; nothing was changed") from None
    lang = _declared_language(text, fmt, settings, source)
    master_path, track_path = _translation(settings, lang)
    master = formats.read_track(master_path)
    track = formats.read_track(track_path)
    state_path = settings.state_path(lang)
    recorded = state.load(state_path) or state.State()
    importer = po.import_po if fmt == "po" else xliff.import_xliff
    result = importer(text, master, track, recorded, lang=lang, path=str(source))
    if result.track is not track and result.track != track:
        write_atomic(track_path.with_name(track_path.name + ".bak"), track_path.read_bytes())
        write_atomic(track_path, formats.compose(result.track, formats.format_of(track_path))
                     .encode("utf-8"))
    if result.state is not recorded and result.state != recorded:
        write_atomic(state_path, state.compose(result.state, lang).encode("utf-8"))
    sys.stderr.write(f"{lang}: {len(result.changed)} cue(s) changed, {len(result.accepted)} "
                     "accepted")
    outdated = getattr(result, "outdated", ())
    if outdated:
        sys.stderr.write(f"; the German changed since the export for cues "
                         f"{', '.join(map(str, outdated))}: they stay marked stale")
    sys.stderr.write("\n")


def _declared_language(text: str, fmt: str, settings: Settings, source: Path) -> str:
    """The target language a PO or XLIFF file declares (a project language)."""
    import re  # noqa: PLC0415

    pattern = r'^"Language: *([A-Za-z-_]+)' if fmt == "po" else r'trgLang="([A-Za-z-_]+)"'
    m = re.search(pattern, text, re.M)
    if m is None:
        raise ContentError("does not say its language", path=str(source),
                           hint="export it again with subtool; nothing was changed")
    declared = m.group(1).replace("_", "-")
    for lang in settings.languages:
        if declared.split("-")[0].lower() == lang.lower():  # CAT tools add regions: tr-TR
            return lang
    raise ContentError(f"is for {declared!r}, which is not a language of this project",
                       path=str(source), hint="nothing was changed")


@app.command("export-po")
def export_po(
    lang: Annotated[str, typer.Argument(help="The language, e.g. tr.")],
    *,
    output: Annotated[Path | None, typer.Option(
        help="File to write. Default: standard output.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Export LANG as gettext PO for a CAT tool (German as msgid; stale cues fuzzy)."""
    _exchange_export(lang, "po", output, config)


@app.command("import-po")
def import_po(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="The translated PO file.")],
    *,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Import a translated PO file; validated first, nothing changes when it is refused."""
    _exchange_import(source, "po", config)


@app.command("export-xliff")
def export_xliff(
    lang: Annotated[str, typer.Argument(help="The language, e.g. tr.")],
    *,
    output: Annotated[Path | None, typer.Option(
        help="File to write. Default: standard output.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Export LANG as XLIFF 2.0 for a CAT tool."""
    _exchange_export(lang, "xliff", output, config)


@app.command("import-xliff")
def import_xliff(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="The translated XLIFF file.")],
    *,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Import a translated XLIFF 2.0 file; validated first, nothing changes when refused."""
    _exchange_import(source, "xliff", config)


@app.command()
def diff(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="OLD NEW (two subtitle files), or with --rev one PATH (default: the master).",
        show_default=False)] = None,
    *,
    rev: Annotated[str | None, typer.Option(
        help="Compare PATH at this git revision with the working tree.", show_default=False)
    ] = None,
    stale: Annotated[bool, typer.Option(
        help="The translators' to-do list: stale cues with old and new German, and missing "
             "translations.")] = False,
    lang: Annotated[list[str] | None, typer.Option(
        help="With --stale: only this language (repeatable). Default: all.",
        show_default=False)] = None,
    output_format: Annotated[str, typer.Option(
        "--format", help="terminal, html, md or json.")] = "terminal",
    output: Annotated[Path | None, typer.Option(
        help="Write to this file instead of the terminal.", show_default=False)] = None,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Show what changed between two versions of a track, aligned by time, word by word."""
    from subtool import formats  # noqa: PLC0415
    from subtool.engine import diff as diffing  # noqa: PLC0415

    if output_format not in ("terminal", "html", "md", "json"):
        raise UsageError(f"--format: unknown format {output_format!r}",
                         hint="allowed values: terminal, html, md, json")
    settings = _settings(config)
    color = output is None and output_format == "terminal" and _colour(sys.stdout)
    if stale:
        _emit(_stale_report(settings, lang or [], output_format, color), output)
        return
    if rev is not None:
        if paths and len(paths) > 1:
            raise UsageError("--rev takes one PATH")
        path = paths[0] if paths else settings.master_path
        if path is None:
            raise UsageError("give the PATH to compare (the project has no master)")
        old_track = formats.parse_bytes(_git_show(rev, path), name=path.name)
        old_name, new_name = f"{path} @ {rev}", str(path)
        new_track = formats.read_track(path)
    else:
        if not paths or len(paths) != 2:
            raise UsageError("give two files: subtool diff OLD NEW (or --rev REV, or --stale)")
        old_track, new_track = (formats.read_track(p) for p in paths)
        old_name, new_name = str(paths[0]), str(paths[1])
    for name_, track_ in ((old_name, old_track), (new_name, new_track)):
        broken = [d for d in track_.diagnostics if d.rule == "parse-error"]
        if broken and not track_.cues:
            raise ContentError(f"cannot be compared: {broken[0].message}", path=name_,
                               line=broken[0].line)
        if broken:
            sys.stderr.write(f"{name_}: {len(broken)} parse error(s), first on line "
                             f"{broken[0].line}: cues that could not be read are not compared "
                             "(subtool check shows them)\n")
    compared = diffing.compare_tracks(old_track, new_track)
    from subtool.languages import infer_from_filename  # noqa: PLC0415

    track_lang = infer_from_filename(new_name) or settings.master_language
    if output_format == "terminal":
        text = diffing.render_terminal(compared.changes, color=color, old_name=old_name,
                                       new_name=new_name, unchanged=compared.unchanged)
    elif output_format == "json":
        text = diffing.render_json(compared.changes, old_name=old_name, new_name=new_name,
                                   unchanged=compared.unchanged)
    elif output_format == "md":
        text = diffing.render_markdown(compared.changes, old_name=old_name, new_name=new_name,
                                       unchanged=compared.unchanged)
    else:
        text = diffing.render_html(compared.changes, title=f"Changes: {new_name}",
                                   old_name=old_name, new_name=new_name, lang=track_lang,
                                   unchanged=compared.unchanged)
    _emit(text, output)


def _git_show(rev: str, path: Path) -> bytes:
    """The bytes of ``path`` at git revision ``rev`` (through git itself)."""
    import subprocess  # noqa: PLC0415

    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent or ".",
                             capture_output=True, text=True, check=True).stdout.strip()
        relative = path.resolve().relative_to(Path(top).resolve())
        return subprocess.run(["git", "show", f"{rev}:{relative.as_posix()}"], cwd=top,
                              capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise UsageError("--rev needs git, which is not installed") from None
    except ValueError:
        raise UsageError("is not inside the git repository", path=str(path)) from None
    except subprocess.CalledProcessError as exc:
        message = (exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or "")
        raise UsageError(f"git cannot show {rev}:{path}: {message.strip() or 'unknown error'}",
                         hint="check the revision (git log) and the path") from None


def _stale_report(settings: Settings, langs: list[str], fmt: str, color: bool) -> str:
    import json  # noqa: PLC0415

    from subtool import formats  # noqa: PLC0415
    from subtool.core.timecode import format_short  # noqa: PLC0415
    from subtool.engine import diff as diffing  # noqa: PLC0415
    from subtool.languages import is_rtl, lookup  # noqa: PLC0415
    from subtool.translation import (  # noqa: PLC0415
        state,
        workflow,
    )

    if settings.master_path is None:
        raise UsageError("--stale needs a film project with a master")
    for lang in langs:
        _translation(settings, lang)
    master = formats.read_track(settings.master_path)
    chosen = langs or list(settings.languages)
    lists = {}
    for lang in chosen:
        path = settings.track_path(lang)
        track = formats.read_track(path) if path.is_file() else None
        lists[lang] = workflow.todo(master, track, state.load(settings.state_path(lang)))
    if fmt == "json":
        return json.dumps({lang: [item.__dict__ for item in items]
                           for lang, items in lists.items()}, ensure_ascii=False, indent=2) + "\n"
    total = sum(len(items) for items in lists.values())
    if fmt in ("html", "md"):
        out = []
        for lang, items in lists.items():
            name = lookup(lang).native if lookup(lang) else lang  # type: ignore[union-attr]
            columns = [diffing.Column("German when translated", settings.master_language),
                       diffing.Column("German now", settings.master_language),
                       diffing.Column(f"{name} now", lang, is_rtl(lang))]
            rows = []
            for item in items:
                words = diffing.word_diff(item.old_german, item.new_german)
                old = tuple(w for w in words if w[0] != "insert")
                new = tuple(w for w in words if w[0] != "delete")
                where = f"{item.cue or '–'} {format_short(item.start)}"
                rows.append(diffing.Row(item.kind, (
                    diffing.Cell(where, (old,) if item.old_german else ()),
                    diffing.Cell(where, (new,)),
                    diffing.Cell(where, ((("equal", item.translation),),)
                                 if item.translation else ()))))
            line = f"{name} ({lang}): {sum(i.kind == 'stale' for i in items)} stale, " \
                f"{sum(i.kind == 'missing' for i in items)} missing"
            if fmt == "md":
                out.append(diffing.render_markdown_rows(rows, columns, heading=f"{name} ({lang})",
                                                        summary_line=line))
            else:
                out.append(diffing.render_html_rows(rows, columns,
                                                    title=f"To do for {name} ({lang})",
                                                    summary_line=line))
        return "\n".join(out) if fmt == "md" else out[0] if len(out) == 1 else "\n".join(out)
    lines = []
    for lang, items in lists.items():
        lines.append(f"{lang}: {sum(i.kind == 'stale' for i in items)} stale, "
                     f"{sum(i.kind == 'missing' for i in items)} missing")
        for item in items:
            where = f"cue {item.cue}" if item.cue else "no cue"
            lines.append(f"  {where} at {format_short(item.start)} [{item.kind}]")
            if item.kind == "stale":
                marked = "".join(t if op == "equal" else (f"[-{t}-]" if op == "delete"
                                                           else f"{{+{t}+}}")
                                 for op, t in diffing.word_diff(item.old_german, item.new_german))
                lines.append(f"    German:  {marked}")
                lines.append(f"    {lang}:      {' / '.join(item.translation.splitlines())}")
            else:
                lines.append(f"    German:  {item.new_german}")
    lines.append(f"{total} item(s) to do" if total else "nothing to do: every translation is "
                 "current")
    return "\n".join(lines) + "\n"


@app.command()
def translate(
    *,
    to: Annotated[list[str], typer.Option(
        "--to", help="Language to draft (repeatable).", show_default=False)],
    provider: Annotated[str | None, typer.Option(
        help="libre, deepl, google or pseudo. Default: [tool.subtool.translate] provider.",
        show_default=False)] = None,
    url: Annotated[str | None, typer.Option(
        help="Server address (LibreTranslate). Default: the configured url.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        help="Also replace people's translations (asks first; keeps a .bak copy).")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before --force.")] = False,
    config: Annotated[Path | None, typer.Option(
        help="Configuration file. Default: the nearest one.", show_default=False)] = None,
) -> None:
    """Fill cues without a translation with machine drafts for a translator to review.

    Cues a person translated or accepted are never replaced (unless --force). Drafts are
    recorded as machine drafts in the translation state. API keys come from DEEPL_AUTH_KEY
    and LIBRETRANSLATE_API_KEY only.
    """
    from subtool.project.files import write_atomic  # noqa: PLC0415

    settings = _project(config)
    for lang in to:
        _translation(settings, lang)
    if force:
        if not yes and not typer.confirm(
                f"Replace people's translations in {', '.join(to)} with machine drafts? "
                "(a .bak copy of each file is kept)", default=False):
            raise typer.Exit(int(ExitCode.USAGE))
        for lang in to:
            path = settings.track_path(lang)
            if path.is_file():
                write_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
    _draft(settings, to, provider, url, force)


def _draft(settings: Settings, langs: Sequence[str], provider: str | None, url: str | None,
           force: bool) -> None:
    from subtool.pipeline import build as pipeline  # noqa: PLC0415

    if sys.stderr.isatty():
        from rich.console import Console  # noqa: PLC0415
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
        )

        # One bar per language, advancing as the provider's answers arrive.
        with Progress(TextColumn("{task.description:>4}"), BarColumn(), MofNCompleteColumn(),
                      console=Console(stderr=True)) as bar:
            tasks = {lang: bar.add_task(lang, total=None) for lang in langs}

            def progress(lang: str, done: int, total: int) -> None:
                bar.update(tasks[lang], completed=done, total=total)

            results = pipeline.translate_project(settings, langs, provider_name=provider,
                                                 url=url, force=force, progress=progress)
    else:
        results = pipeline.translate_project(settings, langs, provider_name=provider, url=url,
                                             force=force)
    for r in results:
        sys.stderr.write(f"{r.lang}: {len(r.drafted)} cue(s) drafted ({r.requests} request(s), "
                         f"{r.from_memory} from the translation memory)"
                         + (f"; {len(r.missing)} still missing" if r.missing else "") + "\n")
    sys.stderr.write("Machine drafts are marked in the state: review them, then "
                     "subtool accept LANG.\n")


glossary_app = typer.Typer(help="Terminology: check, apply the house style, exchange as TBX.",
                           no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")


def _project_glossary(config: Path | None, glossary: Path | None) -> tuple[Settings, Glossary]:
    from subtool.engine import check as checker  # noqa: PLC0415

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
    from subtool import formats  # noqa: PLC0415
    from subtool.engine import terminology  # noqa: PLC0415

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
    from subtool import formats  # noqa: PLC0415
    from subtool.engine import terminology  # noqa: PLC0415
    from subtool.project.files import read_bytes, write_atomic  # noqa: PLC0415

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
    from subtool.terms.glossary import to_csv  # noqa: PLC0415

    if output_format not in ("tbx", "csv"):
        raise UsageError(f"--format: unknown format {output_format!r}", hint="use tbx or csv")
    _, loaded = _project_glossary(config, glossary)
    if output_format == "tbx":
        from subtool.terms.tbx import to_tbx  # noqa: PLC0415

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
    from subtool.project.files import write_atomic  # noqa: PLC0415
    from subtool.terms import glossary as glossary_module  # noqa: PLC0415

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
