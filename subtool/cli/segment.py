"""``subtool segment``: a timed transcript into a master SRT."""

from pathlib import Path
from typing import Annotated

import typer

from subtool.cli import options as o
from subtool.cli.output import emit, note


def segment(
    transcript: Annotated[Path, typer.Argument(help="A timed transcript (see the README).")],
    *,
    output: Annotated[Path | None, typer.Option(
        help="SRT file to write. Default: standard output.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option(
        help="Language of the transcript. Default: the project's master language, else de.",
        show_default=False)] = None,
    profile: o.Profile = None,
    speaker_labels: Annotated[bool, typer.Option(
        help="Label every change of named speaker, not only off-screen speakers.")] = False,
    force: o.Force = False,
    config: o.Config = None,
) -> None:
    """Turn a timed transcript into a master SRT segmented by the profile's limits."""
    from subtool.pipeline.options import resolve  # noqa: PLC0415
    from subtool.pipeline.project import settings as load_settings  # noqa: PLC0415
    from subtool.pipeline.segment import segment_transcript  # noqa: PLC0415
    from subtool.rules import BY_ID  # noqa: PLC0415

    settings = load_settings(config)
    chosen = resolve(known_rules=BY_ID, profile=profile, lang=lang)
    done = segment_transcript(settings, chosen, transcript, output=output, force=force,
                              speaker_labels=speaker_labels)
    if done.written is None:
        emit(done.srt, None)
    else:
        note(f"wrote {done.written} ({len(done.track.cues)} cues from {done.utterances} "
             "utterances); check it with subtool check")
    if done.blocking:
        rules = ", ".join(dict.fromkeys(p.rule for p in done.blocking))
        first = done.blocking[0]
        note(f"the subtitles have {len(done.blocking)} error(s) ({rules}), first in cue "
             f"{first.cue}: {first.message}; the transcript's times may leave too little time "
             "for its words: subtool check names them all")
        raise typer.Exit(1)


COMMANDS = {"segment": segment}
