"""Commands on subtitle files: check, rules, fix, convert."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from subtool.cli import options as o
from subtool.cli.media import film_note
from subtool.cli.output import colour, data_output, emit, note


def _format_help() -> str:
    from subtool.render.check import FORMATS  # noqa: PLC0415

    return "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())


def check(
    paths: o.Paths = None,
    *,
    profile: o.Profile = None,
    lang: o.Lang = None,
    master: Annotated[Path | None, typer.Option(
        help="Master file to compare translations with (cue-parity, numbers, …).",
        show_default=False, readable=False)] = None,
    select: o.Select = None,
    ignore: o.Ignore = None,
    strict: Annotated[bool, typer.Option(help="Warnings fail too (exit 1).")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="text, json, github, junit, sarif or summary (Markdown for a CI job "
        "summary).")] = "text",
    max_annotations: Annotated[int, typer.Option(
        min=0, help="With --format github: annotate at most this many problems of each "
        "severity (GitHub shows 10 per kind and step); the rest go into a collapsed log "
        "group.")] = 10,
    output: o.Output = None,
    force: o.Force = False,
    glossary: o.Glossary = None,
    film: o.Film = None,
    config: o.Config = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, show_default=False,
        help="Check files in this many processes (default: the usable CPUs; a few small "
        "files are checked in one). The report is the same for any number.")] = None,
) -> None:
    """Check subtitle files against the rules; exit 1 if any error-level problem is found."""
    from subtool.core.errors import UsageError  # noqa: PLC0415
    from subtool.engine.check import exit_status  # noqa: PLC0415
    from subtool.pipeline import check as checking  # noqa: PLC0415
    from subtool.pipeline import options as settings_module  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.render import check as report  # noqa: PLC0415
    from subtool.rules import BY_ID  # noqa: PLC0415

    if output_format not in report.FORMATS:
        raise UsageError(f"--format: unknown format {output_format!r}",
                         hint="allowed values: " + _format_help())
    settings = load_settings(config)
    chosen = settings_module.resolve(known_rules=BY_ID, profile=profile, lang=lang,
                                     master=master, select=select or (), ignore=ignore or (),
                                     glossary=glossary, film=film)
    files = checking.files_to_check(paths or [], settings)
    film_note(settings, chosen.film)
    results = checking.check_files(files, settings, chosen,
                                   jobs=jobs or checking.usable_cpus())
    chunks = report.render_chunks(results, output_format, strict=strict,
                                  max_annotations=max_annotations,
                                  color=output is None and output_format == "text"
                                  and colour(sys.stdout))
    if output is None:
        if output_format != "text":
            data_output()
        # Written as it is made: a report of a million problems is never one string.
        sys.stdout.writelines(chunks)
        sys.stdout.flush()
    else:
        emit("".join(chunks), output, inputs=tuple(files), force=force, project=settings)
    raise typer.Exit(exit_status(results, strict=strict))


def rules(
    rule_id: Annotated[str | None, typer.Argument(
        metavar="ID", help="Print the manual of this rule.", show_default=False)] = None,
) -> None:
    """List every rule (id, default severity, summary), or print one rule's manual."""
    from subtool.render.rules import render_list, render_manual  # noqa: PLC0415

    emit(render_manual(rule_id) if rule_id is not None else render_list(), None)


def fix(
    paths: o.Paths = None,
    *,
    write: Annotated[bool, typer.Option(
        help="Write the fixes (atomically, keeping a .bak copy). Default: show a diff.")
    ] = False,
    select: o.Select = None,
    ignore: o.Ignore = None,
    profile: o.Profile = None,
    lang: o.Lang = None,
    glossary: o.Glossary = None,
    force: Annotated[bool, typer.Option(
        help="Also write a file with damaged (not UTF-8) lines, as it was read.")] = False,
    film: o.Film = None,
    config: o.Config = None,
) -> None:
    """Fix what has one right mechanical fix. Without --write: a diff, exit 1 if anything
    would change. A file with parse errors is never written. In a project, times the master
    moves are moved in every translation too (with its translation state)."""
    from subtool.pipeline import fix as fixing  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.render.fix import describe, unified_diff  # noqa: PLC0415

    settings = load_settings(config)
    plan = fixing.plan(settings, paths or [], select=select or (), ignore=ignore or (),
                       profile=profile, lang=lang, glossary=glossary, force=force, film=film)
    film_note(settings, plan.options.film)
    pending = refused = False
    for result in fixing.fix_files(plan):
        if result.after is None:
            refused = True
            note(f"{result.shown}: {result.refused}")
            continue
        if not result.changed:
            continue
        pending = True
        if write:
            fixing.write_fixed(result, settings)
            note(f"{result.shown}: fixed {describe(result)} (previous version in "
                 f"{result.path.name}.bak)")
        else:
            data_output()
            sys.stdout.write(unified_diff(result.before, result.after, result.shown))
            note(f"{result.shown}: would fix {describe(result)}")
    if not pending and not refused:
        note("nothing to fix")
    raise typer.Exit(1 if refused or (pending and not write) else 0)


def convert(
    source: Annotated[Path, typer.Argument(metavar="IN", help="File to read.",
                                           readable=False)],
    target: Annotated[Path, typer.Argument(metavar="OUT", help="File to write; the format "
                                           "comes from its extension.")],
    *,
    force: Annotated[bool, typer.Option(
        help="Overwrite OUT if it exists; convert even a file with damaged lines.")] = False,
    frame_rate: Annotated[float, typer.Option(help="Frames per second, for frame-based "
                                              "formats such as MicroDVD (.sub).")] = 25.0,
    lang: o.Lang = None,
) -> None:
    """Convert a subtitle file to another format (SRT, WebVTT, SBV, ASS/SSA, TTML, …).

    OUT.json writes what subtool read (cues and problems) even from a file with problems
    (exit 1 then): the read-out, not a publication.
    """
    from subtool.pipeline import options as settings_module  # noqa: PLC0415
    from subtool.pipeline.convert import convert as converting  # noqa: PLC0415
    from subtool.pipeline.convert import read_out  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415

    rate = settings_module.frame_rate(frame_rate)
    settings = load_settings(None)
    if target.suffix.lower() == ".json":
        done = read_out(source, target, settings, force=force, frame_rate=rate, lang=lang)
    else:
        done = converting(source, target, settings, force=force, frame_rate=rate, lang=lang)
    note(f"wrote {done.target} ({done.cues} cue{'' if done.cues == 1 else 's'}, {done.format})"
         + (f"; converted from {done.converted_from} to UTF-8" if done.converted_from else ""))
    raise typer.Exit(1 if done.blocking else 0)


COMMANDS = {"check": check, "rules": rules, "fix": fix, "convert": convert}
