"""The project a command works on: its validated settings, any interrupted write finished."""

from __future__ import annotations

from pathlib import Path

from subtool.config import Settings
from subtool.languages import i18n
from subtool.project import config as config_file
from subtool.project.files import recover
from subtool.rules import BY_ID


def settings(config: Path | None, *, descriptions: bool = False) -> Settings:
    """The settings of ``--config``, the nearest project, or the defaults outside one;
    with ``descriptions``, as the translators' commands see the audio description tracks
    (``Settings.for_descriptions``)."""
    found = config_file.settings(config, known_rules=BY_ID)
    if found.source is not None:
        recover(found.root)  # a write a killed run left half done is finished first
    if found.ui_language is not None:
        i18n.use(found.ui_language)
    return found.for_descriptions() if descriptions else found


def project_settings(config: Path | None, *, descriptions: bool = False) -> Settings:
    """Like ``settings``, for commands that need a film project."""
    found = config_file.project_settings(config, known_rules=BY_ID)
    recover(found.root)
    if found.ui_language is not None:
        i18n.use(found.ui_language)
    return found.for_descriptions() if descriptions else found
