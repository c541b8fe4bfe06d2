"""Domain exceptions and exit codes.

Exceptions carry data (path, line, key, reason) so that the single error boundary in
``subtool.cli`` can turn them into one clear message and a documented exit code.
"""

from __future__ import annotations

from enum import IntEnum


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
