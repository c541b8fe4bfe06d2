"""Domain exceptions and exit codes.

Exceptions carry data (path, line, key, reason) so that the single error boundary in
``subtool.cli`` can turn them into one clear message and a documented exit code.
"""

from __future__ import annotations

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
    exhausted): the engine stops sending. The message never contains an API key.
    """

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, provider: str, retryable: bool = False,
                 retry_after: float | None = None, fatal: bool = False,
                 status: int | None = None, hint: str = "") -> None:
        super().__init__(redact(f"{provider}: {message}"), hint=redact(hint))
        self.provider = provider
        self.retryable = retryable
        self.retry_after = retry_after
        self.fatal = fatal
        self.status = status


class DraftIncompleteError(ProviderError):
    """Drafting ended with cues still missing; what arrived is saved (run again to resume).

    ``missing`` is how many cues still have no draft, ``total`` how many needed one, and
    ``cause`` the provider error that stopped the run.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, *, provider: str, lang: str, missing: int, total: int,
                 cause: ProviderError) -> None:
        reason = cause.message.removeprefix(f"{provider}: ")
        super().__init__(f"{lang}: {missing} of {total} cue(s) still have no draft ({reason})",
                         provider=provider, retryable=cause.retryable,
                         retry_after=cause.retry_after, fatal=cause.fatal, status=cause.status,
                         hint=(f"{cause.hint}; " if cause.hint else "")
                         + "the drafts that arrived are saved in the translation memory; "
                           "run the command again to resume")
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
