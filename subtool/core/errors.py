"""Domain exceptions and exit codes.

Exceptions carry data (path, line, key, reason) so that the single error boundary in
``subtool.cli`` can turn them into one clear message and a documented exit code.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from subtool.core.secrets import redact


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    PROBLEMS = 1
    USAGE = 2
    INTERNAL = 3


class SubtoolError(Exception):
    """Base of every error subtool reports to a person (never shown as a traceback)."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f"\n  {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class ConfigError(SubtoolError):
    """A configuration file or value is wrong; ``key`` names the offending setting."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None,
                 line: int | None = None, hint: str = "") -> None:
        if key:
            message = f"[{key}] {message}"
        super().__init__(message, path=path, line=line, hint=hint)
        self.key = key


class ContentError(SubtoolError):
    """A file was not written or changed because its content has problems (exit 1)."""

    exit_code = ExitCode.PROBLEMS


class UsageError(SubtoolError):
    """A command was called with arguments that do not fit together."""


class ReadError(SubtoolError):
    """A path cannot be read at all (missing, a directory, no permission)."""


class WriteError(SubtoolError):
    """An output file cannot be written."""


class LanguageDataError(SubtoolError):
    """A language file of subtool (``subtool/languages/<code>.toml``) is malformed: a bug in
    subtool's data, reported with the file and the key rather than as a traceback."""

    exit_code = ExitCode.INTERNAL


class GlossaryError(SubtoolError):
    """The glossary file is malformed; names the row (file line) and the column."""

    def __init__(self, message: str, *, path: str | None, row: int | None = None,
                 column: str | None = None, hint: str = "") -> None:
        where = f"row {row}" + (f", column {column!r}" if column else "") if row else ""
        super().__init__(f"{where}: {message}" if where else message, path=path, line=row,
                         hint=hint)
        self.row = row
        self.column = column


class ProviderError(SubtoolError):
    """A provider's request failed. Carries what the engine needs to decide what to do.

    ``retryable``: the same request may succeed later (429, 5xx, timeout, connection lost,
    garbled answer). ``retry_after``: seconds the service asked to wait (429 Retry-After).
    ``fatal``: no request to this provider can succeed now (bad or missing key, quota
    exhausted, a language the server does not offer, a URL that cannot work): the engine
    stops sending, and the hint says what to fix. ``connection``: the service could not be
    reached or did not answer in time (a batch that exhausts its retries on such a failure
    stops the others: they would only wait out the same dead server). The message never
    contains an API key.
    """

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, provider: str, retryable: bool = False,
                 retry_after: float | None = None, fatal: bool = False,
                 status: int | None = None, hint: str = "", connection: bool = False) -> None:
        super().__init__(redact(f"{provider}: {message}"), hint=redact(hint))
        self.provider = provider
        self.retryable = retryable
        self.retry_after = retry_after
        self.fatal = fatal
        self.status = status
        self.connection = connection


class DraftIncompleteError(ProviderError):
    """Drafting ended with cues still missing; what arrived is saved (run again to resume).

    ``missing`` is how many cues still have no draft, ``total`` how many needed one, and
    ``cause`` the provider error that stopped the run.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, *, provider: str, lang: str, missing: int, total: int,
                 cause: ProviderError) -> None:
        reason = cause.message.removeprefix(f"{provider}: ")
        # Running again only helps when the failure may pass (a busy or unreachable server);
        # for one that cannot (a refused key, a language the server lacks) the hint of the
        # cause says what to fix first.
        again = "run the command again to resume" if cause.retryable or not cause.hint \
            else "fix that first, then run the command again"
        super().__init__(f"{lang}: {missing} of {total} cue(s) still have no draft ({reason})",
                         provider=provider, retryable=cause.retryable,
                         retry_after=cause.retry_after, fatal=cause.fatal, status=cause.status,
                         hint=(f"{cause.hint}; " if cause.hint else "")
                         + f"the drafts that arrived are saved in the translation memory; {again}",
                         connection=cause.connection)
        self.lang = lang
        self.missing = missing
        self.total = total
        self.cause = cause


class StateError(SubtoolError):
    """A translation state file is malformed (names the line)."""


class MalformedXMLError(Exception):
    """The text is not well-formed XML (``line``, ``column``, expat's ``reason``); the
    reader that met it raises its own located error from it."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column


class RefusedXMLError(Exception):
    """The XML uses something subtool does not read (a DOCTYPE, an undefined entity, elements
    nested too deep); ``hint`` says what to do when it is not the DOCTYPE's advice."""

    def __init__(self, message: str, line: int, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


class TranscriptError(SubtoolError):
    """A transcript cannot be read; ``path`` and the 1-based ``line`` say where.

    Bad content, not a usage error: exit code 1, like a subtitle file with problems.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str, *, path: str, line: int, hint: str = "") -> None:
        super().__init__(message, path=path, line=line, hint=hint)

    def __str__(self) -> str:
        if self.path:
            return super().__str__()
        hint = f"\n  {self.hint}" if self.hint else ""
        return f"line {self.line}: {self.message}{hint}"


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


# -- subtool publish (YouTube) ------------------------------------------------------------

# The CLI names the option; below it, the hint says what to do in words.
LOGIN_HINT = "log in to YouTube again (with subtool publish), then run the same command again"


class PublishError(SubtoolError):
    """Base of every publish failure.

    ``completed`` names the languages that were published (and recorded) in this run before
    the failure, so the message can say that a rerun continues after them.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str = "") -> None:
        super().__init__(message, path=path, line=line, hint=hint)
        self.completed: tuple[str, ...] = ()


class RecordError(PublishError):
    """The publish record (``subtitles/state/youtube.json``) cannot be read as a record."""


class PlanError(PublishError):
    """The tracks to publish do not fit together (e.g. one language twice)."""


class BudgetError(PublishError):
    """The plan costs more quota units than the configured daily budget: nothing was sent."""

    def __init__(self, message: str, *, cost: int, budget: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.cost = cost
        self.budget = budget


class LoginError(PublishError):
    """No login, or YouTube refused it (expired, withdrawn, or without the needed permission)."""


class QuotaError(PublishError):
    """The project's daily YouTube quota is used up; ``resets_at`` is when it resets."""

    def __init__(self, message: str, *, resets_at: datetime | None, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.resets_at = resets_at


class VideoAccessError(PublishError):
    """The video does not exist or belongs to a channel this login may not change."""

    def __init__(self, message: str, *, video_id: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.video_id = video_id


class NetworkError(PublishError):
    """YouTube could not be reached, or kept failing, after the retries."""


class ApiError(PublishError):
    """YouTube refused a request for another reason (its reason and message are quoted)."""

    def __init__(self, message: str, *, status: int, reason: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.reason = reason


# -- audio description: speech synthesis and the described mix -----------------------------

class SpeechEngineMissingError(MediaError):
    """espeak-ng, the speech synthesiser that speaks the descriptions, is not installed."""

    def __init__(self, engine: str) -> None:
        super().__init__(f"{engine} is needed to speak the audio descriptions but was not found",
                         hint=f"install it: sudo apt-get install {engine}")
        self.engine = engine


class VoiceMissingError(MediaError):
    """The speech synthesiser has no voice for the descriptions' language."""

    def __init__(self, voice: str, language: str) -> None:
        super().__init__(f"the speech synthesiser has no voice {voice!r} for the "
                         f"descriptions in {language!r}",
                         hint="install the full espeak-ng package (espeak-ng-data holds "
                         "every voice), or set another voice for this language")
        self.voice = voice
        self.language = language


class SynthesisError(MediaError):
    """The speech synthesiser failed on a description, or produced no sound for it."""

    def __init__(self, text: str, reason: str) -> None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        super().__init__(f"the description {shown!r} could not be spoken: {reason}",
                         hint="check the description's text; run the same command again to "
                         "rule out a passing fault")
        self.text = text
        self.reason = reason


class MixError(MediaError):
    """ffmpeg failed while mixing the descriptions into the film's sound."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"ffmpeg could not make the described version: {reason}", path=path,
                         hint="check that the film plays in a video player and that the "
                         "output folder has free space")
        self.reason = reason
