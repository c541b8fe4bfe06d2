"""``subtool glossary``: check the terms, apply the house style, exchange as TBX."""

from pathlib import Path
from typing import Annotated

import typer

from subtool.cli import options as o
from subtool.cli.output import emit, note

app = typer.Typer(help="Terminology: check, apply the house style, exchange as TBX.",
                  no_args_is_help=True, rich_markup_mode=None)


@app.command("check")
def check(*, glossary: o.Glossary = None, config: o.Config = None) -> None:
    """Show terms × languages: where each term occurs in the master, whether tracks comply."""
    from subtool.pipeline.glossary import matrix  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.render.terms import render_text  # noqa: PLC0415

    rows, langs = matrix(load_settings(config), glossary)
    emit(render_text(rows, langs), None)
    raise typer.Exit(1 if any(r.missing for r in rows) else 0)


@app.command("apply")
def apply(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files in the master's language. Default: the project's master.",
        show_default=False)] = None,
    *,
    write: Annotated[bool, typer.Option(
        help="Write the changes (atomically, keeping a .bak copy); default: show a diff.")
    ] = False,
    glossary: o.Glossary = None,
    config: o.Config = None,
) -> None:
    """Rewrite the master to the house style. Without --write: a diff, exit 1 if it would change."""
    from subtool.pipeline.glossary import apply_style  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.render.fix import plain_diff  # noqa: PLC0415

    pending = False
    for done in apply_style(load_settings(config), glossary, paths or [], write=write):
        if done.after == done.before:
            note(f"{done.path}: follows the house style")
            continue
        pending = True
        if write:
            note(f"{done.path}: house style applied to {len(done.changed_cues)} cues "
                 f"(previous version in {done.path.name}.bak)")
        else:
            emit(plain_diff(done.before, done.after, str(done.path)), None)
    raise typer.Exit(1 if pending and not write else 0)


@app.command("export")
def export(
    *,
    output_format: Annotated[str, typer.Option("--format", help="tbx or csv.")] = "tbx",
    output: o.Output = None,
    force: o.Force = False,
    glossary: o.Glossary = None,
    config: o.Config = None,
) -> None:
    """Export the glossary as TBX (for CAT tools) or CSV."""
    from subtool.pipeline.glossary import export as exporting  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415

    settings = load_settings(config)
    emit(exporting(settings, glossary, output_format), output, force=force, project=settings)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="TBX (or CSV) file to import.")],
    *,
    output: Annotated[Path | None, typer.Option(
        help="CSV to write. Default: the project's glossary.", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        help="Replace an existing glossary that differs (a .bak copy is kept).")] = False,
    config: o.Config = None,
) -> None:
    """Import a TBX glossary from a CAT tool into the project's CSV glossary."""
    from subtool.pipeline.glossary import import_tbx  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415

    done = import_tbx(load_settings(config), source, output, force=force)
    if not done.changed:
        note(f"{done.target}: already up to date")
        return
    note(f"wrote {done.target} ({done.concepts} concepts, {done.languages} languages)")


COMMANDS = {"glossary": app}
