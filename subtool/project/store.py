"""The film project's own files besides the tracks: translation state and glossary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Options, Settings
from subtool.core.errors import ConfigError
from subtool.project.files import read_bytes

if TYPE_CHECKING:
    # Only annotations: the glossary modules are imported when a glossary is loaded, and
    # the state's when there is a state file, so a check of a file does not pay for them
    # at start-up.
    from subtool.terms.glossary import Glossary
    from subtool.terms.lexicon import Lexicon
    from subtool.translation.state import State


def read_state(path: Path) -> State | None:
    """The translation state in ``path``, or None when there is no such file yet."""
    if not path.is_file():
        return None
    from subtool.translation import state as state_module  # noqa: PLC0415

    return state_module.parse_bytes(read_bytes(path), path=str(path))


def project_state(settings: Settings, lang: str | None) -> State | None:
    """The recorded translation state of ``lang`` in a project (None outside one)."""
    if settings.source is None or not lang or lang not in settings.languages:
        return None
    return read_state(settings.state_path(lang))


def read_glossary(path: Path, *, source: str, languages: tuple[str, ...] = ()) -> Glossary:
    """A glossary file: CSV, or TBX by its extension; errors name row and column."""
    from subtool.terms.files import parse_file  # noqa: PLC0415

    return parse_file(read_bytes(path), path=str(path), source=source,
                                      tbx=path.suffix.lower() in (".tbx", ".xml"),
                                      languages=languages)


def project_glossary(settings: Settings, options: Options | None = None) -> Glossary | None:
    """The glossary of ``--glossary`` or of the project, or None when there is none; it
    matches with the project's language tools (``project_lexicon``)."""
    override = options.glossary if options is not None else None
    if override is not None:
        return _with_lexicon(read_glossary(override, source=settings.master_language), settings)
    if settings.glossary is None:
        return None
    path = settings.path(settings.glossary)
    if not path.is_file():
        raise ConfigError(f"the glossary {settings.glossary} does not exist", path=settings.source,
                          key="tool.subtool.glossary",
                          hint="create it (see glossary/README.md) or remove the setting")
    return _with_lexicon(read_glossary(path, source=settings.master_language), settings)


def _with_lexicon(glossary: Glossary, settings: Settings) -> Glossary:
    from dataclasses import replace  # noqa: PLC0415 - with a glossary only (start-up of a check)

    from subtool.project.lexicon import project_lexicon  # noqa: PLC0415

    return replace(glossary, lexicon=project_lexicon(settings, glossary.all_words(),
                                                     glossary.name_words()))


def project_tools(settings: Settings, glossary: Glossary | None) -> Lexicon:
    """The language tools for a check: the glossary's, or the project's without one."""
    if glossary is not None and glossary.lexicon is not None:
        return glossary.lexicon
    from subtool.project.lexicon import project_lexicon  # noqa: PLC0415

    return project_lexicon(settings)
