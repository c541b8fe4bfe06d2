"""Finding and reading a project's configuration file.

The file is ``pyproject.toml`` with a ``[tool.subtool]`` table, or a ``subtool.toml`` for film
projects that are not Python packages; the nearest one at or above the working folder
counts. Validation is ``subtool.config``'s (pure); this module only reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from subtool.config import Settings, from_mapping
from subtool.core.errors import ConfigError, UsageError


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        own = folder / "subtool.toml"
        pyproject = folder / "pyproject.toml"
        configures = pyproject.is_file() and _has_table(pyproject)
        if own.is_file():
            if configures:
                # Two configurations of one project: whichever won, the other's settings
                # would be ignored without a word.
                raise ConfigError("and subtool.toml beside it both configure subtool", path=str(
                    pyproject), hint="keep one: move the settings into one of the two files")
            return own
        if configures:
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        return bool(re.search(r"^\ufeff?\[tool\.subtool[.\]]", pyproject.read_text("utf-8"),
                              re.M))
    except (OSError, UnicodeDecodeError):
        return True  # let read() report why it cannot be read


def read(config_file: Path, known_rules: Iterable[str] = ()) -> Settings:
    """Read and validate a configuration file (pyproject.toml or subtool.toml)."""
    where = str(config_file)
    try:
        raw_text = config_file.read_text("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", path=where,
                          hint="save the file as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot be read: {exc.strerror or exc}", path=where) from None
    # Windows Notepad saved UTF-8 with a byte order mark until 2019; TOML readers differ.
    raw_text = raw_text.removeprefix("\ufeff")
    import tomllib  # noqa: PLC0415 - only with a configuration file (a loose file's check has none)

    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"is not valid TOML: {exc}", path=where,
                          line=int(m.group(1)) if m else None) from None
    except RecursionError:
        # tomllib reads nested arrays and tables recursively: thousands of levels are no
        # configuration (and would otherwise stop Python itself).
        raise ConfigError("nests arrays or tables thousands of levels deep: that is not a "
                          "configuration", path=where) from None
    if config_file.name == "pyproject.toml":
        table = data.get("tool", {}).get("subtool")
        prefix = "tool.subtool."
        if table is None:
            raise ConfigError("has no [tool.subtool] table", path=where,
                              hint="add [tool.subtool] with at least master and languages")
    else:
        table, prefix = data, ""
    return from_mapping(table, root=config_file.parent, source=where, text=raw_text,
                        prefix=prefix, known_rules=known_rules)


def settings(config: Path | None, known_rules: Iterable[str] = ()) -> Settings:
    """The settings of ``--config FILE``, else of the nearest project, else the defaults
    (checking loose files outside a project)."""
    if config is not None:
        if not config.is_file():
            raise UsageError("--config: file not found", path=str(config))
        return read(config, known_rules)
    found = find(Path.cwd())
    if found is None:
        return Settings(root=Path.cwd())
    return read(found, known_rules)


def project_settings(config: Path | None, known_rules: Iterable[str] = ()) -> Settings:
    """Like ``settings``, for commands that need a film project."""
    found = settings(config, known_rules)
    if found.source is None:
        raise UsageError("no film project found here (no [tool.subtool] in pyproject.toml, "
                         "no subtool.toml)",
                         hint="run the command in the project folder, or give --config FILE")
    return found
