"""``subtool segment``: a timed transcript into a master SRT cut to the profile's limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from subtool.config import Options, Settings
from subtool.core.errors import ContentError
from subtool.core.model import Problem, Severity, Track
from subtool.core.text import char_name, unholdable
from subtool.engine.check import check_track
from subtool.formats import compose
from subtool.formats.lines import normalise_newlines
from subtool.layout import segment as segmenting
from subtool.layout.reflow import reflow
from subtool.pipeline.project import refuse_output
from subtool.profiles import limits_for
from subtool.project.files import read_utf8, write_with_backup


def _refuse_unholdable(text: str, transcript: Path) -> None:
    """A transcript with a character no subtitle can hold (NUL, ESC, …) is refused with
    its line: the master made from it would carry the character into every track."""
    for number, line in enumerate(normalise_newlines(text).split("\n"), 1):
        bad = unholdable(line)
        if bad is not None:
            raise ContentError(f"contains {char_name(bad)}, which a subtitle cannot hold",
                               path=str(transcript), line=number,
                               hint="delete it from the transcript; nothing was written")


@dataclass(frozen=True)
class Segmented:
    """The master made from a transcript, as SRT text; ``written`` when saved to a file.
    ``blocking``: the error-level problems ``subtool check`` finds in it (a transcript's
    times can leave too little time for its words: segmenting cannot add time)."""

    track: Track
    srt: str
    utterances: int
    written: Path | None
    blocking: tuple[Problem, ...] = ()


def segment_transcript(settings: Settings, options: Options, transcript: Path,
                       *, output: Path | None, force: bool, speaker_labels: bool) -> Segmented:
    """Read the transcript, segment it, and write the SRT to ``output`` (if given)."""
    profile = options.profile or settings.profile
    language = options.lang or settings.master_language
    if output is not None:
        # Its job is the master: that one it may replace (with --force, keeping a .bak).
        refuse_output(output, settings, force=force, allowed=[settings.master_path]
                      if settings.master_path is not None else [])
    text = read_utf8(transcript, what="transcript")
    _refuse_unholdable(text, transcript)
    utterances = segmenting.parse_transcript(text, path=str(transcript))
    if not utterances:
        raise ContentError("has no utterances: nothing to segment", path=str(transcript),
                           hint="each utterance starts with a timestamp such as "
                                "[00:00:04.880] (see the README); nothing was written")
    track = segmenting.segment(
        utterances, lang=language, limits=limits_for(profile, language, settings.limits),
        frame_rate=settings.frame_rate, speaker_labels=speaker_labels,
        break_lines=lambda words, width, lines: reflow(words, language, width, lines))
    srt_text = compose(track, "srt")
    if output is not None:
        write_with_backup(output, srt_text.encode("utf-8"))
    problems = check_track(str(output or transcript), track, lang=language, settings=settings,
                           options=Options(profile=profile, lang=language))
    blocking = tuple(p for p in problems if p.severity is Severity.ERROR)
    return Segmented(track, srt_text, len(utterances), output, blocking)
