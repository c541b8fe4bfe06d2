"""Commands for translators: accept, import, PO/XLIFF round trips, diff and to-do lists."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from subtool.cli import options as o
from subtool.cli.output import colour, emit, note
from subtool.languages.i18n import _


def accept(
    lang: o.Language,
    *,
    cue: Annotated[list[int] | None, typer.Option(
        help="Accept only this cue (repeatable). Default: every cue.", show_default=False)
    ] = None,
    descriptions: o.Descriptions = False,
    config: o.Config = None,
) -> None:
    """Confirm the translation of LANG against the current master (records it in the state)."""
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.pipeline.translators import accept as accepting  # noqa: PLC0415

    done = accepting(load_settings(config, descriptions=descriptions), lang, cue)
    note(f"{lang}: accepted {done.count} cue(s) against the current master"
         f"{'' if done.changed else ' (nothing new)'}; state in {done.state_path}")


def import_(
    lang: Annotated[str, typer.Argument(help="The language of the delivered file.")],
    source: Annotated[Path, typer.Argument(metavar="FILE", help="The translator's SRT or VTT.")],
    *,
    descriptions: o.Descriptions = False,
    config: o.Config = None,
) -> None:
    """Import a translator's delivered subtitle file for LANG, aligned to the master by time.

    Refused, with nothing changed, when the file cannot be read, is for another language, or
    would lose existing translations. Cues that align with no master cue are kept and listed.
    """
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.pipeline.translators import import_delivery  # noqa: PLC0415

    done = import_delivery(load_settings(config, descriptions=descriptions), lang, source)
    note(f"{lang}: imported {done.cues} cues from {source}; {len(done.changed)} changed"
         f"{'' if done.track_written else ' (track unchanged)'}")
    if done.converted_from:
        note(f"  the delivery was in {done.converted_from}: its text was converted to UTF-8 "
             "(ask the translator to save as UTF-8 next time)")
    if done.unaligned:
        note(f"  cues without a master cue at their time (kept; subtool check reports them): "
             f"{', '.join(map(str, done.unaligned))}")


def _export(lang: str, fmt: str, output: Path | None, force: bool, config: Path | None,
            descriptions: bool) -> None:
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.pipeline.translators import export_exchange  # noqa: PLC0415

    settings = load_settings(config, descriptions=descriptions)
    text, cues = export_exchange(settings, lang, fmt)
    emit(text, output, force=force, project=settings)
    if output is not None:
        note(f"wrote {output}: {lang}, {cues} cues; stale and machine cues are marked for "
             "review")


def _import(source: Path, fmt: str, config: Path | None, descriptions: bool) -> None:
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.pipeline.translators import import_exchange  # noqa: PLC0415

    done = import_exchange(load_settings(config, descriptions=descriptions), source, fmt)
    message = f"{done.lang}: {len(done.changed)} cue(s) changed, {len(done.accepted)} accepted"
    if done.outdated:
        message += (f"; the German changed since the export for cues "
                    f"{', '.join(map(str, done.outdated))}: they stay marked stale")
    if done.kept:
        message += (f"; cues {', '.join(map(str, done.kept))} changed in the project since the "
                    "export and the file has their older text: the newer text was kept")
    if done.replaced:
        message += (f"; cues {', '.join(map(str, done.replaced))} had changed in the project "
                    "since the export too: the file's text replaced it (the previous track is "
                    "the .bak)")
    note(message)


def export_po(lang: o.Language, *, output: o.Output = None, force: o.Force = False,
              descriptions: o.Descriptions = False, config: o.Config = None) -> None:
    """Export LANG as gettext PO for a CAT tool (German as msgid; stale cues fuzzy)."""
    _export(lang, "po", output, force, config, descriptions)


def import_po(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="The translated PO file.")],
    *, descriptions: o.Descriptions = False, config: o.Config = None,
) -> None:
    """Import a translated PO file; validated first, nothing changes when it is refused."""
    _import(source, "po", config, descriptions)


def export_xliff(lang: o.Language, *, output: o.Output = None, force: o.Force = False,
                 descriptions: o.Descriptions = False, config: o.Config = None) -> None:
    """Export LANG as XLIFF 2.0 for a CAT tool."""
    _export(lang, "xliff", output, force, config, descriptions)


def import_xliff(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="The translated XLIFF file.")],
    *, descriptions: o.Descriptions = False, config: o.Config = None,
) -> None:
    """Import a translated XLIFF 2.0 file; validated first, nothing changes when refused."""
    _import(source, "xliff", config, descriptions)


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
        help="Write to this file instead of the terminal. With --stale: a folder (or a name "
             "with {lang}) writes one file per language.", show_default=False)] = None,
    force: o.Force = False,
    descriptions: o.Descriptions = False,
    config: o.Config = None,
) -> None:
    """Show what changed between two versions of a track, aligned by time, word by word.

    With --descriptions, --stale lists what changed in the audio description script since
    each language's description track was translated (and --rev compares the script)."""
    from subtool.core.errors import UsageError  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.render.diff import FORMATS, render  # noqa: PLC0415

    if output_format not in FORMATS:
        raise UsageError(f"--format: unknown format {output_format!r}",
                         hint="allowed values: " + ", ".join(FORMATS))
    settings = load_settings(config, descriptions=descriptions)
    if stale:
        from subtool.pipeline.project import refuse_output  # noqa: PLC0415
        from subtool.pipeline.translators import todo_outputs  # noqa: PLC0415

        # A per-language list goes into the folder --output names, which may be new; every
        # target is checked before the first is written ('{lang}.srt' names the tracks).
        lists = todo_outputs(settings, lang or [], output_format, output)
        # The folder a per-language list goes into may be made when --output names folders
        # ('todo', 'lists/{lang}/'), not when it names files ('no/such/{lang}.md').
        names_folders = output is not None and not output.suffix
        for target, _text in lists:
            if target is not None:
                refuse_output(target, settings, force=force,
                              folder=target.parent if names_folders else None)
        for target, text in lists:
            emit(text, target, force=force, project=settings,
                 folder=target.parent if names_folders and target is not None else None)
            if target is not None and target != output:
                note(_("Wrote {path}.").format(path=target))
        return
    from subtool.pipeline.diff import compare  # noqa: PLC0415

    compared = compare(settings, paths or [], rev)
    for warning in compared.warnings:
        note(warning)
    color = output is None and output_format == "terminal" and colour(sys.stdout)
    text = render(compared.diff, output_format, old_name=compared.old_name,
                  new_name=compared.new_name, lang=compared.lang, color=color)
    emit(text, output, inputs=tuple(paths or ()), force=force, project=settings)


COMMANDS = {"accept": accept, "import": import_, "export-po": export_po,
            "import-po": import_po, "export-xliff": export_xliff,
            "import-xliff": import_xliff, "diff": diff}
