"""The project a command works on: its validated settings, any interrupted write finished
and the temporary files of killed runs removed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import UsageError
from subtool.languages import i18n
from subtool.languages.i18n import _
from subtool.project import config as config_file
from subtool.project.files import (
    identity,
    recover,
    refuse_overwrite,
    remove_stale_temporaries,
    resolved,
    same_file,
)
from subtool.rules import BY_ID


def settings(config: Path | None, *, descriptions: bool = False) -> Settings:
    """The settings of ``--config``, the nearest project, or the defaults outside one;
    with ``descriptions``, as the translators' commands see the audio description tracks
    (``Settings.for_descriptions``)."""
    found = config_file.settings(config, known_rules=BY_ID)
    if found.source is not None:
        _tidy(found)
    if found.ui_language is not None:
        i18n.use(found.ui_language)
    return found.for_descriptions() if descriptions else found


def project_settings(config: Path | None, *, descriptions: bool = False) -> Settings:
    """Like ``settings``, for commands that need a film project."""
    found = config_file.project_settings(config, known_rules=BY_ID)
    _tidy(found)
    if found.ui_language is not None:
        i18n.use(found.ui_language)
    return found.for_descriptions() if descriptions else found


def inputs(found: Settings) -> list[Path]:
    """The project's own files: configuration, master, tracks, state files, glossary, and
    the audio description script, its translations and their state files."""
    files = [*(found.track_path(lang) for lang in found.languages),
             *(found.state_path(lang) for lang in found.languages)]
    if found.master_path is not None:
        files.append(found.master_path)
    if found.descriptions_path is not None:
        files.append(found.descriptions_path)
        files += [found.description_track_path(lang) for lang in found.languages]
        files += [found.description_state_path(lang) for lang in found.languages]
    if found.glossary is not None:
        files.append(found.path(found.glossary))
    if found.source is not None:
        files.append(Path(found.source))
    return files


# What each of the project's own files is, for the message that refuses to write over it.
_WHAT: dict[str, Callable[[str], str]] = {
    "master": lambda language: _("the {language} master of the project").format(
        language=language),
    "track": lambda language: _("the {language} track of the project").format(
        language=language),
    "state": lambda language: _("the translation state of the {language} track").format(
        language=language),
    "script": lambda language: _("the {language} audio description script of the "
                                 "project").format(language=language),
    "description-track": lambda language: _("the {language} audio description track of "
                                            "the project").format(language=language),
    "description-state": lambda language: _("the translation state of the {language} "
                                            "audio description track").format(
        language=language),
    "glossary": lambda _language: _("the glossary of the project"),
    "config": lambda _language: _("the configuration of the project"),
    "film": lambda _language: _("the film of the project"),
    "memory": lambda _language: _("the translation memory of the project"),
}


def own_files(found: Settings) -> list[tuple[Path, str, str]]:
    """The project's own files, each with what it is (a key of ``_WHAT``) and its
    language: what no report or export may replace, ``--force`` or not."""
    master = found.master_language
    files = [(found.track_path(lang), "track", lang) for lang in found.languages]
    files += [(found.state_path(lang), "state", lang) for lang in found.languages]
    if found.master_path is not None:
        files.append((found.master_path, "master", master))
    if found.descriptions_path is not None:
        files.append((found.descriptions_path, "script", master))
        files += [(found.description_track_path(lang), "description-track", lang)
                  for lang in found.languages]
        files += [(found.description_state_path(lang), "description-state", lang)
                  for lang in found.languages]
    if found.glossary is not None:
        files.append((found.path(found.glossary), "glossary", ""))
    if found.source is not None:
        files.append((Path(found.source), "config", ""))
        files.append((found.path(found.translate.memory), "memory", ""))
    if found.film_path is not None:
        files.append((found.film_path, "film", ""))
    return files


def refuse_inputs(targets: Iterable[Path], found: Settings, *,
                  allowed: Iterable[Path] = ()) -> None:
    """Stop before an output would replace one of the project's own files (``own_files``,
    but those in ``allowed``: what the command is there to write), whatever ``--force``
    says: a report written over the master loses the film's subtitles, and no ``.bak``
    is kept of an output."""
    # Each path resolved once (links and ".." followed), not once per pair: a build's
    # 40 outputs against the project's 43 files took 0.14 s of a 0.4 s build. A hard link
    # has a name of its own: it is known by its device and inode.
    free = {key for path in allowed if (key := resolved(path)) is not None}
    own: dict[object, tuple[Path, str, str]] = {}
    for entry in own_files(found):
        key = resolved(entry[0])
        if key is None or key in free:
            continue
        own[key] = entry
        if (inode := identity(entry[0])) is not None:
            own[inode] = entry
    for target in targets:
        hit = own.get(resolved(target)) or own.get(identity(target))
        if hit is not None:
            path, kind, lang = hit
            what = _WHAT[kind](i18n.language_name(lang) if lang else "")
            raise UsageError(_("is {what} ({name}): no report, export or built file "
                               "replaces it, not even with --force").format(
                what=what, name=path.name),
                             path=str(target),
                             hint=_("choose another output file; nothing was written"))


def refuse_output(target: Path, found: Settings, *, force: bool, inputs: Iterable[Path] = (),
                  allowed: Iterable[Path] = (), folder: Path | None = None) -> None:
    """The one check of a file a command was asked to write (``--output``, convert's OUT):
    never one of the project's own files (``refuse_inputs``) or of the files the command
    reads, never into a folder that does not exist (only ``folder``, a per-language output
    folder the command was given, may be made, inside one that exists), and over an
    existing file only with ``force``."""
    refuse_inputs([target], found, allowed=allowed)
    if any(same_file(target, given) for given in inputs):
        raise UsageError(_("is one of the files being read: give another --output file"),
                         path=str(target), hint=_("nothing was written"))
    parent = target.parent if folder is None or target.parent != folder else folder.parent
    if not parent.is_dir():
        raise UsageError(_("no such folder: {folder}").format(folder=parent),
                         path=str(target),
                         hint=_("create the folder first, or give an output in an existing "
                                "one; nothing was written"))
    refuse_overwrite(target, force=force)


def refuse_output_folder(folder: Path, found: Settings) -> None:
    """Stop before build writes its outputs into the project's root, a folder of its
    tracks, state, glossary or description script, into a folder inside one of those or
    into one that holds them: ``check subtitles/`` would then check the copies as tracks
    (a configured ``output`` is refused earlier, as a configuration error)."""
    target = resolved(folder)
    root = resolved(found.root)
    if target is None or root is None:
        return
    if not target.exists() and not target.parent.is_dir():
        raise UsageError(_("no such folder: {folder}").format(folder=folder.parent),
                         path=str(folder), hint=_("build makes its output folder, not the "
                                                  "folders above it: create them first"))
    if root.is_relative_to(target):
        raise UsageError(_("is the project's folder or holds it: build writes dozens of files "
                           "into its output folder"), path=str(folder),
                         hint=_("give a folder of its own, for example --output dist"))
    for path, kind, lang in own_files(found):
        if kind in ("config", "film", "memory"):
            continue
        data = resolved(path.parent)
        if data is None or data == root:
            continue
        if target.is_relative_to(data) or data.is_relative_to(target):
            what = _WHAT[kind](i18n.language_name(lang) if lang else "")
            shown = data.relative_to(root).as_posix() if data.is_relative_to(root) else data
            message = _("is the folder of {what} ({name})") if target == data else \
                _("is inside the folder of {what} ({name})") \
                if target.is_relative_to(data) else _("holds the folder of {what} ({name})")
            raise UsageError(message.format(what=what, name=path.name) + ": " + _(
                "'subtool check {folder}' would check the built copies as tracks").format(
                folder=shown),
                             path=str(folder),
                             hint=_("give a folder of its own, for example --output dist"))


def _tidy(found: Settings) -> None:
    """Finish a write that a killed run left half done, then remove the temporary files
    killed runs left in the folders subtool writes to."""
    recover(found.root)
    folders = [path.parent for path in inputs(found)]
    remove_stale_temporaries([found.root, found.path(found.output),
                              found.path(found.translate.memory).parent, *folders])
