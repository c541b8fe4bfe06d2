"""Errors of the film analysis.

``MediaError`` belongs in ``subtool.core.errors`` beside the other domain exceptions; it lives
here until the lead moves it (the subclasses move with it).
"""

from __future__ import annotations

from subtool.core.errors import SubtoolError


class MediaError(SubtoolError):
    """The film cannot be analysed: a missing tool, an unreadable or unsuitable file."""


class ToolMissingError(MediaError):
    """ffmpeg or ffprobe is not installed (or not on PATH)."""

    def __init__(self, tool: str) -> None:
        super().__init__(f"{tool} is needed to analyse the film but was not found",
                         hint="install ffmpeg: sudo apt-get install ffmpeg")
        self.tool = tool


class NotAVideoError(MediaError):
    """The file is not a video ffmpeg can read (or has no picture)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"this is not a video file subtool can read: {reason}", path=path,
                         hint="give the film itself (for example an .mp4, .mov or .mkv file)")
        self.reason = reason


class NoAudioError(MediaError):
    """The video has no sound track, so there is no speech to check against."""

    def __init__(self, path: str) -> None:
        super().__init__("the video has no sound track, so speech cannot be checked", path=path,
                         hint="use the version of the film with sound")


class AnalysisError(MediaError):
    """ffmpeg started but failed while decoding the film."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"ffmpeg could not decode the film: {reason}", path=path,
                         hint="check that the file plays in a video player; "
                         "a partly copied file is the usual cause")
        self.reason = reason
