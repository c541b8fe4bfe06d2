"""The translators' workflow on a project: accept, import a delivery, PO/XLIFF round trips,
and the to-do lists of what changed in the master since each language was translated.

Every write of a track goes together with its translation state (``write_together``): a run
killed at any moment leaves both old or both new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import ContentError, UsageError
from subtool.core.model import DESCRIPTIONS, Track
from subtool.formats import compose, format_of
from subtool.languages import same_language
from subtool.languages.i18n import _
from subtool.profiles import limits_for
from subtool.project import git
from subtool.project.files import modified_on, read_utf8, write_together
from subtool.project.store import read_state
from subtool.project.tracks import read_file, read_master, read_track, read_translation
from subtool.render.todo import Step, Todo, TodoList
from subtool.translation import state as state_module
from subtool.translation import workflow
from subtool.translation.state import State
from subtool.translation.workflow import StaleItem


@dataclass(frozen=True)
class Translation:
    """A language of the project with its master, track and recorded state."""

    lang: str
    master: Track
    track: Track | None
    state: State | None
    track_path: Path
    state_path: Path


def translation(settings: Settings, lang: str, *, need_track: bool = True) -> Translation:
    """Read what belongs to one translation of the project."""
    if settings.source is None or settings.master_path is None:
        raise UsageError("no film project found here (no [tool.subtool] with a master)")
    track_path = settings.track_path(lang)
    if lang.lower() == settings.master_language.lower() \
            or track_path.resolve() == settings.master_path.resolve():
        raise UsageError(_("{lang} is the language of the master ({path}): the master is "
                           "edited directly, never imported or accepted as a "
                           "translation").format(lang=lang, path=settings.master),
                         hint=_("name one of the translations: {languages}").format(
                             languages=", ".join(settings.languages)))
    if lang not in settings.languages:
        raise UsageError(f"{lang!r} is not a translation of this project",
                         hint="the project's languages: " + ", ".join(settings.languages))
    master = read_master(settings)
    track = read_track(track_path, lang=lang, frame_rate=settings.frame_rate) \
        if need_track or track_path.is_file() else None
    state_path = settings.state_path(lang)
    return Translation(lang, master, track, read_state(state_path), track_path, state_path)


def _save(settings: Settings, t: Translation, track: Track | None, state: State | None,
          *, backup: bool) -> bool:
    """Write the track and the state together; whether the track's file changed."""
    items = []
    if track is not None:
        text = compose(track, format_of(t.track_path))
        items.append((t.track_path, text.encode("utf-8")))
    if state is not None:
        items.append((t.state_path, state_module.compose(state, t.lang).encode("utf-8")))
    changed = write_together(items, journal_dir=settings.root,
                             backup=[t.track_path] if backup else [])
    return t.track_path.resolve() in {p.resolve() for p in changed}


def _refuse_broken(track: Track, path: Path, what: str) -> None:
    broken = [d for d in track.diagnostics if d.rule == "parse-error"]
    if broken:
        raise ContentError(f"not {what}: {broken[0].message}", path=str(path),
                           line=broken[0].line, hint="fix the file first; nothing was changed")


@dataclass(frozen=True)
class Accepted:
    """What ``accept`` recorded."""

    lang: str
    count: int
    changed: bool
    state_path: Path


def accept(settings: Settings, lang: str, cues: Iterable[int] | None) -> Accepted:
    """Confirm the translation of ``lang`` (or the given cues) against the current master."""
    t = translation(settings, lang)
    assert t.track is not None
    _refuse_broken(t.track, t.track_path, "accepted")
    new, count = workflow.accept(t.state, t.track, t.master, cues)
    changed = bool(write_together([(t.state_path,
                                    state_module.compose(new, lang).encode("utf-8"))],
                                  journal_dir=settings.root))
    return Accepted(lang, count, changed, t.state_path)


@dataclass(frozen=True)
class Delivery:
    """What importing a translator's subtitle file did."""

    lang: str
    cues: int
    changed: tuple[int, ...]
    track_written: bool
    unaligned: tuple[int, ...]
    converted_from: str = ""  # the delivery's legacy code page, converted to UTF-8


def import_delivery(settings: Settings, lang: str, source: Path) -> Delivery:
    """Import a translator's SRT/VTT for ``lang``, aligned to the master by time."""
    t = translation(settings, lang, need_track=False)
    read = read_file(source, lang=lang, frame_rate=settings.frame_rate)
    if read.damaged:
        raise ContentError("has lines that are not valid UTF-8 (subtool check names them)",
                           path=str(source),
                           hint="ask the translator to save the file as UTF-8 again; "
                                "nothing was changed")
    result = workflow.import_track(read.track, t.track, t.master, t.state, lang=lang,
                                   path=str(source))
    written = _save(settings, t, result.track, result.state, backup=t.track is not None)
    return Delivery(lang, len(result.track.cues), result.changed, written, result.unaligned,
                    read.converted_from)


def export_exchange(settings: Settings, lang: str, fmt: str) -> tuple[str, int]:
    """LANG as PO or XLIFF for a CAT tool; the text and the number of cues."""
    from subtool.translation.exchange import po, xliff  # noqa: PLC0415

    t = translation(settings, lang)
    assert t.track is not None
    exporter = po.export_po if fmt == "po" else xliff.export_xliff
    limits = limits_for(settings.profile, lang, settings.limits)
    title = settings.title
    voice = settings.description_voice(lang)
    if settings.kind == DESCRIPTIONS:
        title = _("{title} (audio description)").format(title=title or settings.slug)
        if voice is not None:
            # A description is spoken: its budget is what the voice says in the cue's time.
            limits = limits._replace(cps_warn=voice.chars_per_second)
    text = exporter(t.master, t.track, t.state or State(), lang=lang,
                    master_lang=settings.master_language, limits=limits, title=title)
    return text, len(t.track.cues)


@dataclass(frozen=True)
class ExchangeImport:
    """What importing a PO or XLIFF file did."""

    lang: str
    changed: tuple[int, ...]
    accepted: tuple[int, ...]
    outdated: tuple[int, ...]
    kept: tuple[int, ...] = ()
    replaced: tuple[int, ...] = ()


def import_exchange(settings: Settings, source: Path, fmt: str) -> ExchangeImport:
    """Import a translated PO or XLIFF file; validated first, nothing changes if refused."""
    from subtool.translation.exchange import po, xliff  # noqa: PLC0415

    text = read_utf8(source, what="PO file" if fmt == "po" else "XLIFF file")
    lang = declared_language(text, fmt, settings.languages, source)
    t = translation(settings, lang)
    assert t.track is not None
    recorded = t.state or State()
    importer = po.import_po if fmt == "po" else xliff.import_xliff
    result = importer(text, t.master, t.track, recorded, lang=lang, path=str(source))
    track_changed = result.track is not t.track and result.track != t.track
    state_changed = result.state is not recorded and result.state != recorded
    if track_changed or state_changed:
        _save(settings, t, result.track if track_changed else None,
              result.state if state_changed else None, backup=track_changed)
    return ExchangeImport(lang, result.changed, result.accepted, result.outdated, result.kept,
                          result.replaced)


def declared_language(text: str, fmt: str, languages: Sequence[str], source: Path) -> str:
    """The project language a PO or XLIFF file declares (``tr_TR`` and ``tr-TR`` name
    ``tr``; a project's ``en-GB`` accepts ``en_GB``)."""
    pattern = r'^"Language: *([A-Za-z_-]+)' if fmt == "po" else r'trgLang="([A-Za-z_-]+)"'
    m = re.search(pattern, text, re.M)
    if m is None:
        raise ContentError("does not say its language", path=str(source),
                           hint="export it again with subtool; nothing was changed")
    declared = m.group(1)
    for lang in languages:
        if same_language(declared, lang):
            return lang
    raise ContentError(f"is for {declared!r}, which is not a language of this project",
                       path=str(source), hint="nothing was changed")


def todo_lists(settings: Settings, langs: Sequence[str]) -> dict[str, list[StaleItem]]:
    """Per language: stale cues (old and new German, the translation; split and merged
    master cues named) and cues still without a translation."""
    if settings.master_path is None:
        raise UsageError("--stale needs a film project with a master")
    for lang in langs:
        translation(settings, lang, need_track=False)  # validates the language
    master = read_master(settings)
    lists = {}
    for lang in langs or translated(settings):
        track = read_translation(settings, lang)
        lists[lang] = workflow.todo(master, track, read_state(settings.state_path(lang)))
    return lists


def translated(settings: Settings) -> list[str]:
    """The languages with a track to keep up to date: every one for subtitles; for audio
    descriptions those that have a translation of the script (translating it is optional)."""
    if settings.kind != DESCRIPTIONS:
        return list(settings.languages)
    return [lang for lang in settings.languages if settings.track_path(lang).is_file()]


def master_changed(settings: Settings) -> date | None:
    """The day the master last changed: its last commit when it is as committed, else the
    file's modification day. Not today: the same master gives the same list, whenever (and
    however often) it is made, and the date tells which German the list describes."""
    if settings.master_path is None:
        return None
    return git.last_change(settings.master_path) or modified_on(settings.master_path)


def next_steps(settings: Settings, lang: str, items: Sequence[StaleItem]) -> list[Step]:
    """What the translator of ``lang`` does with the list, with the commands for it (here,
    where command-line options may be named)."""
    track = settings.track_path(lang)
    shown = track.relative_to(settings.root).as_posix() if track.is_relative_to(settings.root) \
        else str(track)
    kind = " --descriptions" if settings.kind == DESCRIPTIONS else ""
    steps = [
        Step(_("Translate each cue listed here again, so that it says what the German says "
               "now. Keep the times of the German cues; where German cues were split or "
               "merged, split or merge your cues the same way.")),
        Step(_("If you work on the subtitle file ({path}) in a subtitle editor: send it back; "
               "it is imported with:").format(path=shown),
             (f"subtool import {lang} {track.name}{kind}",)),
        Step(_("If you work in a CAT tool: ask for the PO file and send it back translated:"),
             (f"subtool export-po {lang}{kind} --output {lang}.po",
              f"subtool import-po {lang}.po{kind}")),
        Step(_("… or for the XLIFF file:"),
             (f"subtool export-xliff {lang}{kind} --output {lang}.xlf",
              f"subtool import-xliff {lang}.xlf{kind}")),
    ]
    unchanged = [i.cue for i in items if i.change == "reworded" and i.cue]
    if unchanged:
        accept = " ".join(["subtool accept", lang, *(f"--cue {n}" for n in unchanged)]) + kind
        steps.append(Step(_("A cue whose translation still says the same needs no change: "
                            "confirm it with:"), (accept,)))
    steps.append(Step(_("Finally, check the track:"), (f"subtool check {shown}",)))
    return steps


def todo(settings: Settings, langs: Sequence[str]) -> Todo:
    """The to-do lists of the given languages (all when none), ready to render."""
    lists = todo_lists(settings, langs)
    title = settings.title or settings.slug
    if settings.kind == DESCRIPTIONS:
        title = _("{title} (audio description)").format(title=title)
    return Todo(title, settings.master_language,
                [TodoList(lang, items, next_steps(settings, lang, items))
                 for lang, items in lists.items()], master_changed(settings))


_EXTENSIONS = {"html": "html", "md": "md", "json": "json", "terminal": "txt"}


def todo_outputs(settings: Settings, langs: Sequence[str], fmt: str,
                 output: Path | None) -> list[tuple[Path | None, str]]:
    """The to-do lists rendered in ``fmt``, each with where it goes (None: standard output).

    One document for every language asked for, unless ``output`` asks for one file per
    language: a folder (an existing one, or a name without an extension), where each list
    is ``<slug>.<lang>.todo.<ext>`` (``<slug>.descriptions.<lang>.todo.<ext>`` for the
    description tracks), or a name with ``{lang}`` in it (``todo-{lang}.html``; without an
    extension, ``{lang}/``: a folder per language).
    """
    from subtool.render.todo import render  # noqa: PLC0415

    whole = todo(settings, langs)
    if output is None or not _per_language(output):
        return [(output, render(whole, fmt))]
    out: list[tuple[Path | None, str]] = []
    kind = "descriptions." if settings.kind == DESCRIPTIONS else ""
    for t in whole.lists:
        target = Path(str(output).replace("{lang}", t.lang))
        if target.is_dir() or not target.suffix:  # a folder (``{lang}/``: one per language)
            target = target / f"{settings.slug}.{kind}{t.lang}.todo.{_EXTENSIONS[fmt]}"
        out.append((target, render(replace(whole, lists=[t]), fmt)))
    return out


def _per_language(output: Path) -> bool:
    return "{lang}" in str(output) or output.is_dir() or not output.suffix
