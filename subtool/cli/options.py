"""Options shared by several commands, each declared once (``Annotated`` aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Config = Annotated[Path | None, typer.Option(
    help="Configuration file (pyproject.toml or subtool.toml). Default: the nearest one.",
    show_default=False, readable=False)]
Profile = Annotated[str | None, typer.Option(
    help="Limits to apply: senior, broadcast-de or netflix. Default: the project's.",
    show_default=False)]
Lang = Annotated[str | None, typer.Option(
    help="Language of the files (BCP-47). Default: from the file name (de.srt, film.de.vtt).",
    show_default=False)]
Glossary = Annotated[Path | None, typer.Option(
    help="Glossary (CSV or TBX). Default: the project's.", show_default=False,
    readable=False)]
Film = Annotated[Path | None, typer.Option(
    help="The film (a video file) to check the cues against: speech and shot changes. "
         "Default: the project's film setting, when the file is there.",
    show_default=False, readable=False)]
Select = Annotated[list[str] | None, typer.Option(
    help="Only these rule ids (repeat or separate with commas).", show_default=False)]
Ignore = Annotated[list[str] | None, typer.Option(
    help="Not these rule ids.", show_default=False)]
Output = Annotated[Path | None, typer.Option(
    help="Write to this file instead of the terminal.", show_default=False)]
Force = Annotated[bool, typer.Option(help="Overwrite the output file if it exists.")]
# readable=False: Click's own refusal ("Invalid value for 'paths': Path … is not readable",
# after a usage line) is for programmers; subtool reads the file and says what to do.
Paths = Annotated[list[Path] | None, typer.Argument(
    help="Subtitle files or folders. Default: the tracks of the project in [tool.subtool].",
    show_default=False, readable=False)]
Language = Annotated[str, typer.Argument(help="The language, e.g. tr.")]
Descriptions = Annotated[bool, typer.Option(
    "--descriptions", help="Work on the audio description track of the language (the "
    "translation of the description script) instead of its subtitles.")]
