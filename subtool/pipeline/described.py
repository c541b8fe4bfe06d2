"""The described version of the film, per language with a description track: the
descriptions spoken (espeak-ng) and mixed over the film's sound (ffmpeg), as
``<slug>.described.<lang>.m4a`` and ``.mp4`` in the output folder.

Made by ``subtool build`` when the project's film is there. Not made, with the reason in
the build's summary and report, when a track's problems block it (``description-fit``
errors: descriptions over speech or too long), when its language has no description voice,
or when, spoken, a description turns out longer than its time (the check estimates from
the voice's measured rate; here the synthesised durations are known). A missing ffmpeg or
espeak-ng, or a film ffmpeg cannot read, is a failure of the tools: said in plain words,
and the build exits with code 2 once everything else is written.

Each version is kept under the key of its inputs (``subtool.project.described``): the
film's content hash, the descriptions' times and words, the voice, the mixer's version and
settings, ffmpeg's and espeak-ng's versions. A build with the same inputs makes nothing
and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Settings
from subtool.core.description import (
    FAILED,
    NOT_MADE,
    UNCHANGED,
    WRITTEN,
    DescribedVersion,
    check_fit,
)
from subtool.core.errors import MediaError, SubtoolError
from subtool.core.film import FilmFacts
from subtool.core.model import Cue, Track
from subtool.core.timecode import format_short
from subtool.engine.status import LanguageResult
from subtool.languages import DescriptionVoice
from subtool.languages.i18n import _, language_name, ngettext
from subtool.pipeline import film as film_module
from subtool.project import described as files

if TYPE_CHECKING:
    from subtool.media.mix import MixSettings

Progress = Callable[[str], None]


def names(settings: Settings, lang: str) -> tuple[str, str]:
    """The described version's sound and video file names."""
    return (f"{settings.slug}.described.{lang}.m4a", f"{settings.slug}.described.{lang}.mp4")


def _seconds(ms: int) -> str:
    return _("{value} s").format(value=f"{ms / 1000:.1f}")


def _spoken(track: Track) -> list[Cue]:
    from subtool.media.tts import spoken_text  # noqa: PLC0415

    return [c for c in track.cues if spoken_text(c.text)]


def _settings(lang: str, voice: DescriptionVoice) -> MixSettings:
    from subtool.media.mix import MixSettings  # noqa: PLC0415

    return MixSettings(language=voice.iso639_2,
                       described_title=_("Audio description") + f" ({lang})")


def key(film: str, tools: str, voice: DescriptionVoice, cues: Sequence[Cue],
        settings: MixSettings) -> str:
    """The key of a described version's inputs (SHA-256 of them, in a fixed order)."""
    from subtool.media.mix import VERSION  # noqa: PLC0415

    doc = {"film": film, "tools": tools, "mixer": [VERSION, repr(settings)],
           "voice": [voice.voice, voice.rate_wpm],
           "descriptions": [[c.start, c.end, c.text] for c in cues]}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _not_made(settings: Settings, lang: str, reason: str) -> DescribedVersion:
    return DescribedVersion(lang, NOT_MADE, *names(settings, lang), reason=reason)


def _refusal(settings: Settings, r: LanguageResult) -> DescribedVersion | None:
    """Why this language's described version cannot be made, or None when it can."""
    if r.blockers:
        rules = ", ".join(sorted({p.rule for p in r.blockers}))
        return _not_made(settings, r.lang, _(
            "the descriptions have problems that must be fixed first ({rules})").format(
            rules=rules))
    if settings.description_voice(r.lang) is None:
        return _not_made(settings, r.lang, _("no description voice for {language}").format(
            language=language_name(r.lang)))
    if not _spoken(r.track):
        return _not_made(settings, r.lang, _("the track has no descriptions to speak"))
    return None


def make(settings: Settings, results: Sequence[LanguageResult], exported: dict[str, Track],
         facts: FilmFacts | None, *, progress: Progress | None = None
         ) -> tuple[DescribedVersion, ...]:
    """The described version of every description track in ``results`` (as exported):
    made, kept, or the reason why not."""
    film = film_module.chosen(settings)
    if film is None or facts is None:
        reason = _("the film is not here") if settings.film is not None \
            else _("the project names no film")
        return tuple(_not_made(settings, r.lang, reason) for r in results)
    out = []
    tools = ""
    for r in results:
        refused = _refusal(settings, r)
        if refused is not None:
            out.append(refused)
            continue
        if progress is not None:
            progress(f"describing {r.lang}")
        try:
            if not tools:
                from subtool.media.mix import tool_versions  # noqa: PLC0415

                tools = tool_versions()
            out.append(_version(settings, r.lang, exported.get(r.lang, r.track), film, facts,
                                tools))
        except (MediaError, SubtoolError) as exc:
            out.append(DescribedVersion(r.lang, FAILED, *names(settings, r.lang),
                                        reason=str(exc)))
    return tuple(out)


def _version(settings: Settings, lang: str, track: Track, film: Path, facts: FilmFacts,
             tools: str) -> DescribedVersion:
    from subtool.project.film import cache_dir, film_key  # noqa: PLC0415

    voice = settings.description_voice(lang)
    assert voice is not None
    cues = _spoken(track)
    mix_settings = _settings(lang, voice)
    inputs = key(film_key(film, cache_dir(settings)), tools, voice, cues, mix_settings)
    folder = settings.path(settings.output)
    targets = [folder / name for name in names(settings, lang)]
    record = files.record_path(settings, f"{settings.slug}.described.{lang}")
    if files.is_current(record, inputs, targets):
        return DescribedVersion(lang, UNCHANGED, *names(settings, lang))
    with files.workspace() as work:
        from subtool.media import mix  # noqa: PLC0415

        placements = mix.place(cues, voice, work, language=lang)
        misfit = _measured_misfit(cues, [p.spoken.duration for p in placements], facts,
                                  voice)
        if misfit:
            return _not_made(settings, lang, misfit)
        files.prepare(folder)
        partials = [files.partial(t) for t in targets]
        try:
            mix.mix(film, placements, partials[0], partials[1], mix_settings)
        except BaseException:
            files.discard(partials)  # never half a film, not even under a hidden name
            raise
        files.put_in_place(list(zip(partials, targets, strict=True)))
    files.remember(record, inputs, targets)
    return DescribedVersion(lang, WRITTEN, *names(settings, lang))


def _measured_misfit(cues: Sequence[Cue], spoken: Sequence[int], facts: FilmFacts,
                     voice: DescriptionVoice) -> str:
    """Why the descriptions, as actually spoken, do not fit the film ("" when they do)."""
    fits = check_fit(cues, facts.speech, chars_per_second=voice.chars_per_second,
                     duration=facts.duration, spoken=spoken)
    bad = [f for f in fits if not f.fits]
    if not bad:
        return ""
    first = bad[0]
    return ngettext(
        "spoken, {count} description is longer than its time: at {start} it takes "
        "{needed} and its time lasts {slot}; shorten it or give it more time",
        "spoken, {count} descriptions are longer than their time; the first, at {start}, "
        "takes {needed} and its time lasts {slot}; shorten it or give it more time",
        len(bad)).format(count=len(bad), start=format_short(first.start),
                         needed=_seconds(first.needed), slot=_seconds(first.slot))
