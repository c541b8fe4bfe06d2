"""The project a command works on: its validated settings, any interrupted write finished
and the temporary files of killed runs removed."""

from __future__ import annotations

from pathlib import Path

from subtool.config import Settings
from subtool.languages import i18n
from subtool.project import config as config_file
from subtool.project.files import recover, remove_stale_temporaries
from subtool.rules import BY_ID


def settings(config: Path | None) -> Settings:
    """The settings of ``--config``, the nearest project, or the defaults outside one."""
    found = config_file.settings(config, known_rules=BY_ID)
    if found.source is not None:
        _tidy(found)
    if found.ui_language is not None:
        i18n.use(found.ui_language)
    return found


def project_settings(config: Path | None) -> Settings:
    """Like ``settings``, for commands that need a film project."""
    found = config_file.project_settings(config, known_rules=BY_ID)
    _tidy(found)
    if found.ui_language is not None:
        i18n.use(found.ui_language)
    return found


def _tidy(found: Settings) -> None:
    """Finish a write that a killed run left half done, then remove the temporary files
    killed runs left in the folders subtool writes to."""
    recover(found.root)
    files = [*(found.track_path(lang) for lang in found.languages),
             *(found.state_path(lang) for lang in found.languages),
             found.path(found.translate.memory)]
    if found.master_path is not None:
        files.append(found.master_path)
    if found.glossary is not None:
        files.append(found.path(found.glossary))
    remove_stale_temporaries([found.root, found.path(found.output),
                              *(path.parent for path in files)])
