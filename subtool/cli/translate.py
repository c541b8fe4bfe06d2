"""``subtool translate``: machine drafts for cues that have no translation."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from subtool.cli import options as o
from subtool.cli.output import note

if TYPE_CHECKING:
    from subtool.config import Settings


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
    descriptions: o.Descriptions = False,
    config: o.Config = None,
) -> None:
    """Fill cues without a translation with machine drafts for a translator to review.

    Cues a person translated or accepted are never replaced (unless --force). Drafts are
    recorded as machine drafts in the translation state. API keys come from DEEPL_AUTH_KEY
    and LIBRETRANSLATE_API_KEY only.
    """
    from subtool.core.errors import ExitCode  # noqa: PLC0415
    from subtool.pipeline.project import project_settings  # noqa: PLC0415
    from subtool.pipeline.translate import check_languages  # noqa: PLC0415

    settings = project_settings(config, descriptions=descriptions)
    check_languages(settings, to, provider, url)
    if force and not yes and not _confirmed(to):
        raise typer.Exit(int(ExitCode.USAGE))
    draft(settings, to, provider, url, force=force)


def _confirmed(langs: Sequence[str]) -> bool:
    """Ask before --force replaces people's work; without a terminal to answer (standard
    input closed, a file or /dev/null) the answer is no, and the message names --yes."""
    from subtool.core.errors import UsageError  # noqa: PLC0415

    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        raise UsageError("--force replaces people's translations and asks first, but there "
                         "is no terminal to answer",
                         hint="add --yes to replace them without asking (a .bak copy of "
                              "each track and state file is kept)")
    try:
        return typer.confirm(
            f"Replace people's translations in {', '.join(langs)} with machine drafts? "
            "(a .bak copy of each track and state file is kept)", default=False)
    except (typer.Abort, EOFError, RuntimeError):
        note("Not replaced: no answer (add --yes to replace without asking).")
        return False


def draft(settings: Settings, langs: Sequence[str], provider: str | None, url: str | None,
          *, force: bool) -> None:
    """Draft ``langs``, with a progress bar per language at a terminal; report per language."""
    from subtool.pipeline.translate import translate_project  # noqa: PLC0415

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

            results = translate_project(settings, langs, provider_name=provider, url=url,
                                        force=force, progress=progress)
    else:
        results = translate_project(settings, langs, provider_name=provider, url=url,
                                    force=force)
    for r in results:
        note(f"{r.lang}: {len(r.drafted)} cue(s) drafted ({r.requests} request(s), "
             f"{r.from_memory} from the translation memory)"
             + (f"; {len(r.missing)} still missing" if r.missing else ""))
        if r.kept:
            note(f"  {r.lang}: kept cue(s) {', '.join(map(str, r.kept))}: a person edited the "
                 "machine draft; the German changed since, so they are stale: review them "
                 f"(subtool diff --stale --lang {r.lang}); --force replaces them")
        if r.kept_unknown:
            note(f"  {r.lang}: kept cue(s) {', '.join(map(str, r.kept_unknown))}: machine drafts "
                 "whose German changed, but no record of the draft is left to tell whether a "
                 "person edited them; they stay stale: review them, or --force replaces them")
        if r.lost_terms:
            note(f"  {r.lang}: the service dropped a glossary term in cue(s) "
                 f"{', '.join(map(str, r.lost_terms))}: the term is missing from the draft, "
                 "check those cues (subtool check reports them)")
    note("Machine drafts are marked in the state: review them, then subtool accept LANG.")


COMMANDS = {"translate": translate}
