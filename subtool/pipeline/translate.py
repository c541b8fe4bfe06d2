"""``subtool translate`` and ``build --translate``: machine drafts for a project's tracks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from subtool.config import Settings
from subtool.core.errors import ConfigError, ContentError, UsageError
from subtool.core.model import DESCRIPTIONS, Cue, Track
from subtool.formats import compose, format_of
from subtool.project.files import write_together
from subtool.project.store import project_glossary, read_state
from subtool.project.tracks import read_master, read_translation

if TYPE_CHECKING:
    from subtool.terms.glossary import Glossary
    from subtool.translation.mt import Drafted, Provider, TranslationMemory


def _needs_drafts(master: Track, track: Track | None, settings: Settings, lang: str) -> bool:
    """Whether a language has cues a machine may draft (see ``state.drafts_needed``)."""
    from subtool.core.align import align  # noqa: PLC0415
    from subtool.translation.state import drafts_needed  # noqa: PLC0415

    if track is None:
        return True
    alignment = align(master.cues, track.cues)
    if any(not t for t in alignment.translation_for):
        return True  # a master cue has no translated cue at all
    return bool(drafts_needed(read_state(settings.state_path(lang)), track, master, alignment))


@dataclass(frozen=True)
class LanguageDraft:
    """What ``translate_project`` did for one language."""

    lang: str
    drafted: tuple[int, ...]
    requests: int
    from_memory: int
    missing: tuple[int, ...]
    lost_terms: tuple[int, ...] = ()  # cues whose protected glossary term did not come back
    # Stale machine drafts left as they are: a person edited them since (``kept``), or no
    # record of the draft is left to tell (``kept_unknown``). Cue numbers, 1-based.
    kept: tuple[int, ...] = ()
    kept_unknown: tuple[int, ...] = ()


def check_languages(settings: Settings, langs: Sequence[str],
                    provider_name: str | None = None, url: str | None = None) -> None:
    """Stop before anything is read or sent: a language or provider the project lacks, a
    server URL that cannot work."""
    from subtool.config import PROVIDERS  # noqa: PLC0415
    from subtool.translation.mt.http import check_url  # noqa: PLC0415

    if url is not None:
        check_url(url, provider=provider_name or settings.translate.provider)

    if settings.master_path is None or not settings.master_path.is_file():
        raise ConfigError("no master subtitle file to translate from", path=settings.source,
                          key="tool.subtool.master")
    unknown = [lang for lang in langs if lang not in settings.languages]
    if unknown:
        raise UsageError(f"--to: {', '.join(unknown)} is not a translation of this project",
                         hint="the project's languages: " + ", ".join(settings.languages))
    if provider_name is not None and provider_name not in PROVIDERS:
        raise UsageError(f"--provider: unknown provider {provider_name!r}",
                         hint="allowed values: " + ", ".join(PROVIDERS))


def translate_project(settings: Settings, langs: Sequence[str], *, provider_name: str | None = None,
                      url: str | None = None, force: bool = False,
                      progress: Callable[[str, int, int], None] | None = None,
                      ) -> list[LanguageDraft]:
    """Fill the cues of ``langs`` that have no translation (and stale machine drafts) with
    machine drafts, recorded as such in the translation state.

    People's cues are never touched unless ``force`` (then a ``.bak`` copy of each track is
    kept). Each language's track and state are written together as soon as it is drafted
    (a run killed in between leaves both old or both new), so a failure in one language
    keeps what the others (and the memory) already hold; the first failure is raised after.
    """
    from subtool.project.memory import Memory  # noqa: PLC0415
    from subtool.translation.mt import create_provider  # noqa: PLC0415

    check_languages(settings, langs, provider_name, url)
    assert settings.master_path is not None
    master = read_master(settings)
    tracks = {lang: read_translation(settings, lang) for lang in langs}
    for lang, track in tracks.items():
        if track is not None and any(d.rule == "parse-error" for d in track.diagnostics):
            raise ContentError(f"not translated: {lang} has parse errors, and writing it would "
                               "lose the cues that could not be read",
                               path=str(settings.track_path(lang)),
                               hint="fix them first (subtool check)")
    if not force and not any(_needs_drafts(master, tracks[lang], settings, lang)
                             for lang in langs):
        # Nothing to draft: no provider, memory or glossary to set up (a repeated
        # `build --translate` then costs what a plain build costs).
        return [LanguageDraft(lang, (), 0, 0, ()) for lang in langs]
    options = settings.translate
    provider = create_provider(provider_name or options.provider, url=url or options.url,
                               timeout=options.timeout, max_concurrency=options.concurrency)
    glossary = project_glossary(settings)
    done = []
    with Memory(settings.path(options.memory)) as memory:
        for lang in langs:
            result = _draft_language(settings, lang, master, tracks[lang], provider=provider,
                                     glossary=glossary, memory=memory, force=force,
                                     progress=progress)
            done.append(LanguageDraft(lang, result.drafted, result.requests,
                                      result.from_memory, result.missing, result.lost_terms,
                                      result.kept, result.kept_unknown))
            if result.error is not None:
                raise result.error
        # One line per text from now on: superseded drafts and lines cut short by an
        # earlier crash are dropped, so the memory does not grow with every run.
        memory.compact()
    return done


def _draft_language(settings: Settings, lang: str, master: Track, track: Track | None, *,
                    provider: Provider, glossary: Glossary | None, memory: TranslationMemory,
                    force: bool,
                    progress: Callable[[str, int, int], None] | None) -> Drafted:
    from subtool.layout.reflow import reflow  # noqa: PLC0415
    from subtool.profiles import limits_for  # noqa: PLC0415
    from subtool.translation import state as state_module  # noqa: PLC0415
    from subtool.translation.mt.engine import draft  # noqa: PLC0415
    from subtool.translation.mt.memory import draft_record_key  # noqa: PLC0415

    limits = limits_for(settings.profile, lang, settings.limits)

    def lines(text: str) -> str:
        # A description is spoken, not read: it keeps the one line it is drafted in.
        if settings.kind == DESCRIPTIONS:
            return text
        return reflow(text, lang, limits.max_chars, limits.max_lines) or text

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(lang, done, total)

    path, state_path = settings.track_path(lang), settings.state_path(lang)
    # The cue's track by its place in the project, so that subtitles and audio descriptions
    # of one language keep their records apart.
    track_id = path.relative_to(settings.root).as_posix() \
        if path.is_relative_to(settings.root) else str(path)

    def recorded(cue: Cue) -> str | None:
        return memory.get(draft_record_key(track_id, cue.start, cue.end))

    result = draft(master, track, read_state(state_path), lang=lang,
                   master_lang=settings.master_language, provider=provider,
                   glossary=glossary, memory=memory, progress=report, force=force,
                   break_lines=lines, recorded=recorded)
    if result.drafted or result.kept:
        # --force keeps a backup of both files, each beside (never over) an earlier one: the
        # first backup holds the person's original.
        write_together([(path, compose(result.track, format_of(path)).encode("utf-8")),
                        (state_path, state_module.compose(result.state, lang).encode("utf-8"))],
                       journal_dir=settings.root, backup=[path, state_path] if force else [],
                       numbered=True)
    # Recorded only once the track holds them: what a later run compares each cue with.
    for number in result.drafted:
        cue = result.track.cues[number - 1]
        memory.put(draft_record_key(track_id, cue.start, cue.end), cue.text,
                   provider="draft-record", pair=lang)
    return result
