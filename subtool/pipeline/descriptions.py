"""The project's audio description tracks: which files they are, and what their rules need.

A project names its master-language description script (``descriptions`` in
``[tool.subtool]``); its translations live where ``description-tracks`` says. A file is a
description track when it is one of those (by the configured names, for any language):
``subtool check`` then runs the description rule set on it and compares a translation with
the script, not with the subtitle master. The translators' commands work on them through
``Settings.for_descriptions`` (``--descriptions``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Settings
from subtool.core.errors import ReadError
from subtool.core.model import DESCRIPTIONS, SUBTITLES, Track
from subtool.project.files import same_file

if TYPE_CHECKING:
    # Imported when there are descriptions: a check of subtitles does not pay for them.
    from subtool.core.description import DescriptionSetup


def _pattern(settings: Settings) -> re.Pattern[str]:
    literal = [re.escape(part) for part in settings.description_tracks.split("{lang}")]
    return re.compile("(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)".join(literal))


def kind_of(path: Path, settings: Settings) -> str:
    """Whether ``path`` holds the project's audio descriptions or subtitles."""
    script = settings.descriptions_path
    if script is None:
        return SUBTITLES
    if same_file(path, script):
        return DESCRIPTIONS
    try:
        relative = path.resolve().relative_to(settings.root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return SUBTITLES
    return DESCRIPTIONS if _pattern(settings).fullmatch(relative) else SUBTITLES


def view(path: Path, settings: Settings) -> Settings:
    """The settings ``path`` is checked under: the description view for a description
    track (the script as its master, its own translation state), else the project's."""
    return settings.for_descriptions() if kind_of(path, settings) == DESCRIPTIONS else settings


def setup(settings: Settings, lang: str | None, master: Track | None) -> DescriptionSetup:
    """What the description rules need for a track in ``lang``: its voice's speaking rate,
    and the dialogue cues of the subtitle ``master`` (the speech without a film)."""
    from subtool.core.description import DescriptionSetup  # noqa: PLC0415
    from subtool.core.film import is_dialogue  # noqa: PLC0415

    voice = settings.description_voice(lang)
    found = [(i + 1, (c.start, c.end)) for i, c in enumerate(master.cues if master else ())
             if is_dialogue(c.text)]
    return DescriptionSetup(voice.chars_per_second if voice is not None else None,
                            tuple(segment for _n, segment in found),
                            tuple(n for n, _segment in found))


def track_paths(settings: Settings) -> list[Path]:
    """The description script (when the project names one) and the translations of it
    that exist: translations are optional, a language without one is not described."""
    if settings.descriptions_path is None:
        return []
    if not settings.descriptions_path.is_file():
        raise ReadError("is configured in [tool.subtool] but does not exist",
                        path=str(settings.descriptions_path),
                        hint="write the description script, or remove 'descriptions' from "
                             "[tool.subtool]")
    found = [settings.description_track_path(lang) for lang in settings.languages]
    return [settings.descriptions_path, *(path for path in found if path.is_file())]


def described_languages(settings: Settings) -> list[str]:
    """The project's languages with a description track, the master's first (none while
    the script itself is missing)."""
    if settings.descriptions_path is None or not settings.descriptions_path.is_file():
        return []
    return [lang for lang in (settings.master_language, *settings.languages)
            if lang == settings.master_language
            or settings.description_track_path(lang).is_file()]
