"""The Typer app, its commands by group, and the single error boundary (``main``).

Each command group is one module of this package holding plain functions (Typer reads their
``Annotated`` parameters and docstrings); ``COMMANDS`` says which module holds which
command. ``main`` registers only the module of the command being run, so ``subtool check``
never imports the translators' or the glossary's code; help lists them all.
"""

from __future__ import annotations

import atexit
import errno
import gc
import importlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from subtool import __version__
from subtool.core.errors import ExitCode, SubtoolError

# command name → module of ``subtool.cli`` that defines it (as ``COMMANDS`` of its own).
COMMANDS: dict[str, str] = {
    "check": "check", "rules": "check", "fix": "check", "convert": "check",
    "build": "build", "preview": "build",
    "accept": "translators", "import": "translators", "export-po": "translators",
    "import-po": "translators", "export-xliff": "translators", "import-xliff": "translators",
    "diff": "translators",
    "segment": "segment", "translate": "translate", "glossary": "glossary",
    "publish": "publish", "media": "media",
}
HELP = "Subtitle and accessibility toolkit: check, convert and build subtitle tracks."


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"subtool {__version__}\n")
        raise typer.Exit(0)


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Subtitle and accessibility toolkit: check, convert and build subtitle tracks."""


def make_app(names: Sequence[str] | None = None) -> typer.Typer:
    """The app with the commands ``names`` (all when None), in the order of ``COMMANDS``."""
    app = typer.Typer(name="subtool", help=HELP, add_completion=False, no_args_is_help=True,
                      pretty_exceptions_enable=False, rich_markup_mode=None)
    app.callback()(_root)
    wanted = COMMANDS if names is None else {n: COMMANDS[n] for n in COMMANDS if n in names}
    for module_name in dict.fromkeys(wanted.values()):
        module = importlib.import_module(f"subtool.cli.{module_name}")
        table: dict[str, Callable[..., Any] | typer.Typer] = module.COMMANDS
        for name, command in table.items():
            if name not in wanted:
                continue
            if isinstance(command, typer.Typer):
                app.add_typer(command, name=name)
            else:
                app.command(name)(command)
    return app


def _requested(argv: Sequence[str]) -> list[str] | None:
    """The command named on the command line, when it is one (else all: help, typos)."""
    for arg in argv:
        if arg.startswith("-"):
            return None  # an option before the command: --help, --version
        return [arg] if arg in COMMANDS else None
    return None


def _say(text: str) -> None:
    # Messages quote file names and file content: their control characters are shown as
    # escapes, never sent to the terminal as commands.
    from subtool.render.escape import terminal  # noqa: PLC0415

    sys.stderr.write(terminal(text) + "\n")


def outcome(exc: BaseException) -> tuple[int, str]:
    """The exit code and message of an exception that escaped a command: the error
    boundary's one decision (``main`` applies it; the tests drive commands in-process
    through it)."""
    if isinstance(exc, SubtoolError):
        return int(exc.exit_code), f"subtool: error: {exc}"
    if isinstance(exc, KeyboardInterrupt):
        return 130, "subtool: interrupted"
    if isinstance(exc, OSError):
        # The machine refused (a name too long for the file system, a full disk, a path
        # that changed under the command): a path that cannot be used, not a bug.
        where = f"{exc.filename}: " if exc.filename else ""
        if not where and isinstance(exc, FileNotFoundError) and not _cwd_exists():
            where = "the current folder (deleted while you were in it: cd into a folder): "
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        if not where and full:
            where = "writing the output: "  # a file names itself; standard output does not
        hint = "\n  free some space on that disk, or write the output elsewhere" if full else ""
        return int(ExitCode.USAGE), f"subtool: error: {where}{exc.strerror or exc}{hint}"
    return int(ExitCode.INTERNAL), (
        f"subtool: internal error: {type(exc).__name__}: {exc}\n"
        "  This is a bug in subtool. Run again with SUBTOOL_DEBUG=1 to see the details and "
        "report them.")
# Commands that read files, build values and exit: their objects form no reference cycles
# worth collecting, and the cyclic garbage collector took 15-25% of a large check (it walks
# every cue object again each time the heap grows by a quarter). Longer-running commands
# (build, translate: threads, network retries) keep it.
_NO_GC = frozenset({"check", "fix", "convert", "rules"})


def _cwd_exists() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return False
    return True


class _Closed(io.TextIOBase):
    """A standard stream the caller closed (``subtool check >&-``): Python leaves it None.
    Writing to it is an error the user can act on (exit 2), as grep's "write error: Bad
    file descriptor" is, not a crash of subtool."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed: nothing could be written "
                                   "(redirect it to a file or to /dev/null)")


def main() -> None:
    """Entry point: run the app behind the single error boundary."""
    if sys.stdout is None:
        sys.stdout = _Closed("standard output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's life
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A terminal or file in a legacy encoding (a Windows console redirected to a file:
        # cp1252; a Latin-1 locale) cannot hold Arabic or Cyrillic text: people's output
        # shows what it cannot hold as escapes, as standard error does, instead of failing.
        # Data formats are written as UTF-8 (``output.data_output``).
        sys.stdout.reconfigure(errors="backslashreplace")
    requested = _requested(sys.argv[1:])
    if requested is not None and _NO_GC.issuperset(requested):
        gc.disable()
    else:
        # What the imports made lives to the end: never walked again (build of the film:
        # 403 -> 357 ms CPU, medians of 9).
        gc.freeze()
    try:
        _run(requested)
    except SystemExit as done:
        if requested is not None:  # a command ran (not help or --version)
            _exit_now(done.code)
        raise


def _run(requested: list[str] | None) -> None:
    try:
        make_app(requested)()
    except (SubtoolError, KeyboardInterrupt, OSError, Exception) as exc:
        code, message = outcome(exc)
        if code == ExitCode.INTERNAL and os.environ.get("SUBTOOL_DEBUG"):
            raise
        _say(message)
        sys.exit(code)


def _exit_now(code: object) -> None:
    """End a command without tearing the interpreter down, as mypy does (its
    ``fast_exit``): freeing every module and object and the final collection took 14 ms of
    the 100 ms of a check of 100 cues. Every write of a command is complete and closed when
    it returns (``project.files``: atomic writes). What ``atexit`` holds still runs (the
    word caches' save); the output is flushed first, and any doubt (a thread still running,
    an exit code that is not a number, an output that cannot be flushed) leaves the exit to
    Python."""
    threads = sys.modules.get("threading")
    if not (code is None or isinstance(code, int)) or (
            threads is not None and threads.active_count() > 1):
        return
    if not _flushed():
        return  # a closed pipe or stream: Python's own exit reports it as it always has
    atexit._run_exitfuncs()  # what Python runs at exit; they run once (the list is cleared)
    if _flushed():
        os._exit(code or 0)


def _flushed() -> bool:
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    return True
