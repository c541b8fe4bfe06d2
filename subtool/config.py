"""Project settings from ``[tool.subtool]`` in pyproject.toml, or from a ``subtool.toml``.

This module is the only place that validates configuration. A wrong key or value raises a
ConfigError naming the file, the line, the key and the allowed values; rules never see raw
configuration, only the frozen ``Settings``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, NamedTuple

from subtool.core.errors import ConfigError
from subtool.core.model import DESCRIPTIONS, SUBTITLES
from subtool.core.patterns import lazy
from subtool.core.timecode import parse_duration
from subtool.languages import (
    DEFAULT_MASTER,
    DescriptionVoice,
    description_voice,
    i18n,
    infer_from_filename,
    primary,
    validate_tag,
)
from subtool.languages import known as known_languages
from subtool.languages.schema import CHARS_PER_SECOND, RATE_WPM
from subtool.profiles import DEFAULT_PROFILE, LIMIT_KEYS, PROFILES

SEVERITY_CHOICES = ("off", "info", "warning", "error")
KEYS = ("title", "slug", "master", "master-language", "languages", "tracks", "state", "profile",
        "frame-rate", "duration", "glossary", "film", "output", "rules", "limits", "translate",
        "ui-language", "youtube-video-id", "youtube-quota-budget", "spelling",
        "descriptions", "description-tracks", "description-state", "description-voice")
PROVIDERS = ("libre", "deepl", "google", "pseudo")
TRANSLATE_KEYS = ("provider", "url", "concurrency", "timeout", "memory")


# The settings' parts (this, ``Options``) are named tuples, not frozen dataclasses: as
# immutable, and made in a sixth of the time (every command makes the classes at start-up;
# README, Performance: start-up).
class TranslateSettings(NamedTuple):
    """``[tool.subtool.translate]``: the machine-translation provider for drafts.

    API keys are never configured here: they come from the environment only
    (``DEEPL_AUTH_KEY``, ``LIBRETRANSLATE_API_KEY``).
    """

    provider: str = "libre"
    url: str | None = None
    concurrency: int | None = None
    timeout: float = 30.0
    memory: str = ".subtool-cache/translation-memory.jsonl"


# Settings are a named tuple too, and so the longest class of all (27 fields) costs 1.5
# million instructions instead of 11 at each start (as a frozen dataclass its generated
# methods were compiled every time). Its empty tables are one shared read-only mapping: a
# default must not be mutable.
_NONE: Mapping[str, Any] = MappingProxyType({})


class Settings(NamedTuple):
    """Validated project settings. Paths are relative to ``root`` (``.`` unless given: the
    current folder when a path is used)."""

    root: Path = Path(".")
    source: str | None = None
    title: str = ""
    slug: str = "film"
    master: str | None = None
    master_language: str = DEFAULT_MASTER
    languages: tuple[str, ...] = ()
    tracks: str = "subtitles/{lang}.srt"
    state: str = "subtitles/state/{lang}.tsv"
    profile: str = DEFAULT_PROFILE
    frame_rate: float = 25.0
    duration: int | None = None
    glossary: str | None = None
    # The film itself (a local video file; not in git: rights and size). Optional: without
    # it nothing is checked against the picture and the sound.
    film: str | None = None
    output: str = "dist"
    rules: Mapping[str, str] = _NONE
    limits: Mapping[str, Mapping[str, float]] = _NONE
    translate: TranslateSettings = TranslateSettings()
    # The language of subtool's messages, reports and pages (None: the locale's).
    ui_language: str | None = None
    # ``subtool publish``: the film's YouTube video, and the quota units a run may spend
    # (the API grants 10,000 a day per project; other tools of the city may share them).
    youtube_video_id: str | None = None
    youtube_quota_budget: int = 10_000
    # ``[tool.subtool.spelling]``: the Hunspell dictionary per language where the project
    # wants another than the language file's (``en = "en_US"``).
    spelling: Mapping[str, str] = _NONE
    # Audio description: the master-language description script (WebVTT, optional), where
    # its translations and their translation state live, and the project's own description
    # voices (``[tool.subtool.description-voice.<lang>]``) over the language files'.
    descriptions: str | None = None
    description_tracks: str = "subtitles/descriptions.{lang}.vtt"
    description_state: str = "subtitles/state/descriptions.{lang}.tsv"
    description_voices: Mapping[str, DescriptionVoice] = _NONE
    # Which tracks ``master``, ``tracks`` and ``state`` name: the subtitles, or (in the view
    # ``for_descriptions`` makes for the translators' commands) the description tracks.
    kind: str = SUBTITLES

    def path(self, relative: str) -> Path:
        """A project-relative path made absolute."""
        return self.root / relative

    def track_path(self, lang: str) -> Path:
        """Where the track for ``lang`` lives."""
        return self.root / self.tracks.format(lang=lang)

    def state_path(self, lang: str) -> Path:
        """Where the translation state of ``lang`` lives."""
        return self.root / self.state.format(lang=lang)

    @property
    def master_path(self) -> Path | None:
        """The master file, if the project names one."""
        return self.root / self.master if self.master else None

    @property
    def film_path(self) -> Path | None:
        """The film, if the project names one (the file may not be there)."""
        return self.root / self.film if self.film else None

    @property
    def descriptions_path(self) -> Path | None:
        """The master-language description script, if the project names one."""
        return self.root / self.descriptions if self.descriptions else None

    def description_track_path(self, lang: str) -> Path:
        """Where the description track of ``lang`` lives (the script for the master's)."""
        if lang == self.master_language and self.descriptions_path is not None:
            return self.descriptions_path
        return self.root / self.description_tracks.format(lang=lang)

    def description_state_path(self, lang: str) -> Path:
        """Where the translation state of ``lang``'s description track lives."""
        return self.root / self.description_state.format(lang=lang)

    def description_voice(self, lang: str | None) -> DescriptionVoice | None:
        """The voice that speaks ``lang``'s descriptions: the project's, else the language
        file's; None when there is neither."""
        if not lang:
            return None
        own = self.description_voices.get(lang) or self.description_voices.get(primary(lang))
        return own or description_voice(lang)

    def for_descriptions(self) -> Settings:
        """The project as the translators' workflow sees its description tracks: the
        description script is the master, each language's description track its track,
        with its own translation state."""
        if self.descriptions is None:
            raise ConfigError("the project has no audio description script",
                              path=self.source, key="tool.subtool.descriptions",
                              hint='add descriptions = "subtitles/descriptions.'
                                   f'{self.master_language}.vtt"')
        return self._replace(kind=DESCRIPTIONS, master=self.descriptions,
                             tracks=self.description_tracks, state=self.description_state)


# Allowed range of each limit (a whole number where the profile's figure is one): values
# outside make no sense for subtitles and some would divide by zero or overflow.
LIMIT_RANGES: dict[str, tuple[float, float]] = {
    "max_lines": (1, 10), "max_chars": (1, 200), "cps_warn": (1, 100), "cps_error": (1, 100),
    "min_duration": (1, 60_000), "max_duration": (1, 600_000), "min_gap_frames": (0, 100),
    "shot_window_frames": (0, 100), "shot_gap_frames": (0, 100), "shot_min_side_ms": (0, 60_000)}
_WHOLE = frozenset({"max_lines", "max_chars", "min_duration", "max_duration", "min_gap_frames",
                    "shot_window_frames", "shot_gap_frames", "shot_min_side_ms"})
# A film of more than a day is a mistyped duration.
MAX_DURATION_MS = 24 * 3_600_000


# Each default is written once, on the class; the reader falls back to these.
_DEFAULTS = Settings(root=Path("."))
_TRANSLATE_DEFAULTS = TranslateSettings()


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key`` (dotted, innermost part last) is set, for error messages."""
    parts = key.split(".")
    for name in reversed(parts):
        for pattern in (rf"^[ \t]*\"?{re.escape(name)}\"?[ \t]*=",
                        rf"(?<![\w-])\"?{re.escape(name)}\"?[ \t]*=",
                        rf"^\[[^\]]*\b{re.escape(name)}\]"):
            m = re.search(pattern, text, re.M)
            if m:
                return text.count("\n", 0, m.start()) + 1
    return None


class _Table:
    """Typed, validated access to one table of the configuration; a mistake raises a
    ConfigError with the file, the line, the full key and what is allowed."""

    def __init__(self, raw: Mapping[str, object], *, source: str | None, text: str,
                 prefix: str) -> None:
        self.raw, self.source, self.source_text, self.prefix = raw, source, text, prefix

    def fail(self, key: str, message: str, hint: str = "") -> ConfigError:
        return ConfigError(message, path=self.source, key=self.prefix + key,
                           line=_line_of(self.source_text, key), hint=hint)

    def sub(self, key: str) -> _Table:
        value = self.raw.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(key, "must be a table")
        return _Table(value, source=self.source, text=self.source_text,
                      prefix=f"{self.prefix}{key}.")

    def only(self, allowed: tuple[str, ...], hint: str = "") -> None:
        for key in self.raw:
            if key not in allowed:
                close = [k for k in allowed if k.replace("-", "_") == key
                         or k.replace("-", "") == key]
                raise self.fail(key, "is not a setting subtool knows",
                                f"did you mean {close[0]!r}?" if close
                                else hint or "known keys: " + ", ".join(allowed))

    def text(self, key: str, default: str, *, empty: bool = True) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(key, f"must be a {'' if empty else 'non-empty '}text, not {value!r}")
        return value

    def optional_text(self, key: str, what: str = "a path") -> str | None:
        value = self.raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail(key, f"must be {what}, not {value!r}")
        return value

    def number(self, key: str, default: float, low: float, high: float, *, whole: bool = False,
               hint: str = "") -> float:
        return _number(self.raw.get(key, default), low, high, whole=whole,
                       fail=lambda message: self.fail(key, message, hint))

    def path(self, key: str, default: str | None = None, what: str = "a path") -> str | None:
        """A path inside the project folder (relative, no ``..``, no NUL), or None."""
        value = self.optional_text(key, what) if default is None else self.text(key, default,
                                                                               empty=False)
        if value is None:
            return None
        # The project's configuration may come with a cloned repository: it must not make
        # subtool read or write outside the project (tracks = "/home/…/.bashrc-{lang}").
        parts = PurePosixPath(value.replace("\\", "/")).parts
        if "\0" in value or value.startswith(("/", "\\", "~")) or ".." in parts \
                or re.match(r"[A-Za-z]:", value):
            raise self.fail(key, f"{value!r} must be a path inside the project folder "
                                 "(relative, without '..')",
                            f"for example {default or 'subtitles/de.srt'}")
        return value

    def pattern(self, key: str, default: str) -> str:
        """A path pattern inside the project with ``{lang}`` and no other placeholder."""
        value = self.path(key, default)
        assert value is not None
        example = f"for example {default}"
        import string  # noqa: PLC0415 - only a configuration with patterns needs it
        try:
            fields = [(name, spec, conv) for _lit, name, spec, conv
                      in string.Formatter().parse(value) if name is not None]
        except ValueError:
            raise self.fail(key, f"{value!r} has an unmatched brace", example) from None
        if not fields or any(f != ("lang", "", None) for f in fields):
            raise self.fail(key, f"{value!r} must contain {{lang}} and no other placeholder",
                            example)
        return value


def _number(value: object, low: float, high: float, *, whole: bool,
            fail: Callable[[str], ConfigError]) -> float:
    """A finite number between ``low`` and ``high`` (a whole one if ``whole``)."""
    kind = ("positive " if low > 0 else "") + ("whole number" if whole else "number")
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not low <= value <= high \
            or (whole and value != int(value)):
        raise fail(f"must be a {kind} from {low:g} to {high:g}, not {value!r}")
    return float(value)


def from_mapping(table: Mapping[str, object], *, root: Path, source: str | None = None,
                 text: str = "", prefix: str = "", known_rules: Iterable[str] = ()) -> Settings:
    """Validate a settings table (already parsed TOML)."""
    if not isinstance(table, Mapping):
        raise ConfigError("must be a table", path=source, key=prefix.rstrip("."))
    t = _Table(table, source=source, text=text, prefix=prefix)
    t.only(KEYS)
    slug = t.text("slug", _DEFAULTS.slug, empty=False)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug):
        raise t.fail("slug", f"{slug!r} is not usable in file names",
                     "use letters, digits, '-', '_' and '.', for example dortmund-seniorenbueros")
    profile = t.text("profile", _DEFAULTS.profile)
    if profile not in PROFILES:
        raise t.fail("profile", f"unknown profile {profile!r}",
                     "allowed values: " + ", ".join(PROFILES))
    master = t.path("master")
    master_language = _master_language(t, master)
    descriptions = t.path("descriptions", what="the path of the description script (a "
                          "WebVTT file)")
    if descriptions is not None and descriptions == master:
        raise t.fail("descriptions", "names the master subtitle file",
                     "the descriptions are a track of their own, for example "
                     f"subtitles/descriptions.{master_language}.vtt")
    tracks = t.pattern("tracks", _DEFAULTS.tracks)
    description_tracks = t.pattern("description-tracks",
                                   _description_tracks(descriptions, master_language))
    if description_tracks == tracks:
        raise t.fail("description-tracks", "is the subtitle tracks' pattern",
                     "the description tracks need files of their own, for example "
                     "subtitles/descriptions.{lang}.vtt")
    found = Settings(
        root=root, source=source, title=t.text("title", ""), slug=slug, master=master,
        master_language=master_language,
        languages=_languages(t, master, master_language, tracks),
        tracks=tracks, state=t.pattern("state", _DEFAULTS.state), profile=profile,
        frame_rate=t.number("frame-rate", _DEFAULTS.frame_rate, 1, 240,
                            hint="for example 25 (PAL), 24, 23.976, 29.97 or 30"),
        duration=_duration(t), glossary=t.path("glossary"),
        # The film is only read (by ffmpeg), so it may live outside the project folder,
        # e.g. on the office's video share.
        film=t.optional_text("film", "the path of the film (a video file)"),
        output=t.path("output", _DEFAULTS.output) or _DEFAULTS.output,
        rules=_rules(t.sub("rules"), known_rules),
        limits=_limits(t.sub("limits")), translate=_translate(t.sub("translate")),
        ui_language=_ui_language(t), youtube_video_id=_video_id(t),
        youtube_quota_budget=int(t.number("youtube-quota-budget",
                                          _DEFAULTS.youtube_quota_budget, 50, 1_000_000,
                                          whole=True)),
        spelling=_spelling(t.sub("spelling")), descriptions=descriptions,
        description_tracks=description_tracks,
        description_state=t.pattern("description-state", _DEFAULTS.description_state),
        description_voices=_description_voices(t.sub("description-voice")))
    _check_output(t, found)
    _check_named_languages(t, found)
    return found


def _check_named_languages(t: _Table, found: Settings) -> None:
    """Limits or a dictionary for a language the project does not have were ignored
    without a word (``[limits.ru]`` in a project without Russian, ``[limits.de-DE]``); and a
    glossary that is one of the subtitle files would be written over by glossary import."""
    langs = {found.master_language, *found.languages}
    # Without a languages list (loose files checked outside a project) any language counts.
    for section, table in (("limits", found.limits), ("spelling", found.spelling)) \
            if found.languages else ():
        for key in table:
            if key != "*" and key not in langs:
                raise t.sub(section).fail(
                    key, f"names {key!r}, which is neither the master's language nor one of "
                         "'languages': the setting would be ignored",
                    "use a language of the project (" + ", ".join(sorted(langs)) + ")")
    if found.glossary is not None:
        glossary = PurePosixPath(found.glossary.replace("\\", "/"))
        tracks = {PurePosixPath(found.tracks.replace("{lang}", lang)) for lang in found.languages}
        if glossary in tracks or (found.master is not None
                                  and glossary == PurePosixPath(found.master)):
            raise t.fail("glossary", f"{found.glossary!r} is one of the subtitle files",
                         "give the glossary's CSV or TBX file, for example glossary/terms.csv")


def _folder_of(path: str) -> tuple[str, ...]:
    """The folder of a configured path or pattern (``subtitles/{lang}.srt`` → ``subtitles``;
    a pattern's folder ends before its first part with a placeholder)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts[:-1]
    cut = next((i for i, part in enumerate(parts) if "{" in part), len(parts))
    return parts[:cut]


def _check_output(t: _Table, found: Settings) -> None:
    """Build writes dozens of files into ``output``: not into the project's root, nor into,
    above or below a folder of its tracks, state, glossary or description script, where
    ``subtool check subtitles/`` would check the built copies as tracks."""
    output = PurePosixPath(found.output.replace("\\", "/")).parts
    if not output:
        raise t.fail("output", f"{found.output!r} is the project's folder: build writes "
                     "dozens of files into its output folder", "for example dist")
    data = {"master": found.master, "tracks": found.tracks, "state": found.state,
            "glossary": found.glossary, "descriptions": found.descriptions,
            "description-tracks": found.description_tracks,
            "description-state": found.description_state}
    for key, value in data.items():
        folder = _folder_of(value) if value is not None else ()
        if folder and (output[:len(folder)] == folder or folder[:len(output)] == output):
            shown = "/".join(folder)
            where = "is" if output == folder else "is inside" if len(output) > len(folder) \
                else "holds"
            raise t.fail("output", f"{found.output!r} {where} {shown}, the folder of the "
                         f"project's '{key}': 'subtool check {shown}' would check the built "
                         "copies as tracks", "give build a folder of its own, for example dist")


def _description_tracks(descriptions: str | None, master_language: str) -> str:
    """Where translations of the description script live by default: its own name with
    the master's language replaced (``descriptions.de.vtt`` → ``descriptions.{lang}.vtt``),
    else ``<name>.{lang}<ext>`` beside it."""
    if descriptions is None:
        return _DEFAULTS.description_tracks
    folder, _sep, name = descriptions.rpartition("/")
    parts = re.split(r"([._])", name)
    for i in range(len(parts) - 3, -1, -2):  # words at even places; not the extension
        if parts[i] == master_language:
            parts[i] = "{lang}"
            return f"{folder}{_sep}{''.join(parts)}"
    stem, dot, ext = name.rpartition(".")
    named = f"{stem}.{{lang}}.{ext}" if dot else f"{name}.{{lang}}"
    return f"{folder}{_sep}{named}"


# What a project may set for a language's description voice (the language file's
# ``[description]`` keys but the container tag).
VOICE_KEYS = ("voice", "rate_wpm", "chars_per_second")


def _description_voices(t: _Table) -> dict[str, DescriptionVoice]:
    """``[tool.subtool.description-voice.<lang>]``: the project's voice for a language."""
    out = {}
    for lang in t.raw:
        reason = validate_tag(lang)
        if reason:
            raise t.fail(lang, reason, "for example [tool.subtool.description-voice.de]")
        out[lang] = _voice(t.sub(lang), lang)
    return out


def _voice(t: _Table, lang: str) -> DescriptionVoice:
    t.only(VOICE_KEYS)
    base = description_voice(lang)
    missing = [key for key in VOICE_KEYS if key not in t.raw]
    if base is None and missing:
        raise t.fail(missing[0], f"is needed: subtool has no description voice for {lang!r}, "
                     "so the project sets voice, rate_wpm and chars_per_second",
                     'for example voice = "pt", rate_wpm = 150, chars_per_second = 15 '
                     "(measure it: README, Audio description)")
    voice = t.optional_text("voice", "an espeak-ng voice name")
    if voice is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_+-]*", voice):
        raise t.fail("voice", f"{voice!r} is not a voice name",
                     "a voice espeak-ng lists (its voices option), for example de or en-gb")
    low, high = RATE_WPM
    rate = int(t.number("rate_wpm", base.rate_wpm if base else 0, low, high, whole=True,
                        hint="espeak-ng's words per minute; 150 is the language files' rate"))
    if "chars_per_second" in t.raw or base is None:
        cps = t.number("chars_per_second", 0, *CHARS_PER_SECOND,
                       hint="measure it: README, Audio description")
    else:
        # espeak-ng's speed scales with its rate (measured: README, Audio description), so
        # a new rate alone keeps the language's measurement, scaled.
        cps = round(base.chars_per_second * rate / base.rate_wpm, 2)
    return DescriptionVoice(voice or (base.voice if base else ""), rate, cps,
                            base.iso639_2 if base else "")

def _video_id(t: _Table) -> str | None:
    value = t.optional_text("youtube-video-id", "a YouTube video id")
    # Eleven characters, as publish checks it (a shorter id passed here and failed there).
    if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{11}", value):
        raise t.fail("youtube-video-id", f"{value!r} is not a YouTube video id",
                     "the part after watch?v= in the video's address, for example "
                     "dQw4w9WgXcQ")
    return value


# A Hunspell dictionary's name: the language, then region or script parts (de_DE,
# en_GB, sr_Latn_RS, ar).
_DICTIONARY_NAME = lazy(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*")


def _spelling(t: _Table) -> dict[str, str]:
    """``[tool.subtool.spelling]``: language = Hunspell dictionary name."""
    out = {}
    for lang, name in t.raw.items():
        reason = validate_tag(lang)
        if reason:
            raise t.fail(lang, reason, "for example en = \"en_US\"")
        if not isinstance(name, str) or not _DICTIONARY_NAME.fullmatch(name):
            raise t.fail(lang, f"must be the name of a Hunspell dictionary, not {name!r}",
                         "for example en_GB, en_US, de_DE, de_AT (the file name without .dic)")
        out[lang] = name
    return out


def _ui_language(t: _Table) -> str | None:
    value = t.optional_text("ui-language", "a language code")
    if value is not None and value not in i18n.available():
        raise t.fail("ui-language", f"subtool has no messages in {value!r}",
                     "allowed values: " + ", ".join(i18n.available()))
    return value


def _languages(t: _Table, master: str | None, master_language: str,
               tracks: str) -> tuple[str, ...]:
    """The translations' tags; never the master's language (``import de`` would overwrite
    the master with a translation)."""
    languages = t.raw.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise t.fail("languages", "must be a list of language tags",
                     "for example languages = ["
                     + ", ".join(f'"{c}"' for c in known_languages()[:3]) + "]")
    for tag in languages:
        reason = validate_tag(tag)
        if reason:
            raise t.fail("languages", reason)
    if len(set(languages)) != len(languages):
        raise t.fail("languages", "lists a language twice")
    for tag in languages:
        own_file = master is not None and \
            PurePosixPath(tracks.format(lang=tag)) == PurePosixPath(master)
        if tag.lower() == master_language.lower():
            raise t.fail("languages", f"lists {tag!r}, the language of the master "
                         f"({master or master_language}): the master is not a translation "
                         "of itself, and importing it would overwrite the master",
                         f"remove {tag!r} from languages; the master is edited directly")
        if own_file:
            raise t.fail("languages", f"lists {tag!r}, whose track ({master}) is the master "
                         "file: importing it would overwrite the master",
                         f"remove {tag!r} from languages, or correct master or tracks")
    return tuple(languages)


def _master_language(t: _Table, master: str | None) -> str:
    value = t.raw.get("master-language") or (
        infer_from_filename(master) if master else None) or DEFAULT_MASTER
    if not isinstance(value, str) or validate_tag(value):
        raise t.fail("master-language", validate_tag(str(value)) or "must be a text")
    return value


def _duration(t: _Table) -> int | None:
    if "duration" not in t.raw:
        return None
    try:
        duration = parse_duration(str(t.raw["duration"]))
    except ValueError as exc:
        raise t.fail("duration", str(exc)) from None
    if not 0 < duration <= MAX_DURATION_MS:
        raise t.fail("duration", f"{t.raw['duration']!r} is not the length of a film",
                     "for example 7:25 (minutes:seconds) or 1:02:30")
    return duration


def _rules(t: _Table, known_rules: Iterable[str]) -> dict[str, str]:
    known = set(known_rules)
    out = {}
    for rule, severity in t.raw.items():
        if known and rule not in known:
            raise t.fail(rule, f"unknown rule {rule!r}",
                         "run 'subtool rules' for the list of rule ids")
        if not isinstance(severity, str) or severity not in SEVERITY_CHOICES:
            raise t.fail(rule, f"severity must be one of {', '.join(SEVERITY_CHOICES)}, "
                         f"not {severity!r}")
        out[rule] = severity
    return out


def _translate(t: _Table) -> TranslateSettings:
    """``[tool.subtool.translate]``: provider, url, concurrency, timeout, memory."""
    for key in t.raw:
        if key not in TRANSLATE_KEYS and "key" in key.lower():
            raise t.fail(key, "is not a setting subtool knows",
                         "API keys come from environment variables only (DEEPL_AUTH_KEY, "
                         "LIBRETRANSLATE_API_KEY)")
    t.only(TRANSLATE_KEYS)
    provider = t.text("provider", _TRANSLATE_DEFAULTS.provider)
    if provider not in PROVIDERS:
        raise t.fail("provider", f"unknown provider {provider!r}",
                     "allowed values: " + ", ".join(PROVIDERS))
    url = t.optional_text("url", "an http(s) address")
    if url is not None and not url.startswith(("http://", "https://")):
        raise t.fail("url", f"must be an http(s) address, not {url!r}",
                     "for example http://localhost:5000 for a LibreTranslate server")
    concurrency = None if "concurrency" not in t.raw else \
        int(t.number("concurrency", 1, 1, 64, whole=True))
    return TranslateSettings(provider, url, concurrency,
                             t.number("timeout", _TRANSLATE_DEFAULTS.timeout, 0.1, 3600),
                             t.path("memory", _TRANSLATE_DEFAULTS.memory)
                             or _TRANSLATE_DEFAULTS.memory)


def _limits(t: _Table) -> dict[str, dict[str, float]]:
    """``limits = {max_chars = 40}`` for all languages, ``[...limits.ru]`` for one."""
    out: dict[str, dict[str, float]] = {}
    for key, value in t.raw.items():
        if isinstance(value, Mapping):
            reason = validate_tag(key)
            if reason:
                raise t.fail(key, reason)
            out[key] = _limit_table(t.sub(key))
        else:
            out.setdefault("*", {})[key] = _limit(t, key)
    for table in out.values():
        if table.get("cps_warn", 0) > table.get("cps_error", math.inf):
            raise t.fail("cps_warn", "must not be above cps_error (the warning comes first)")
        if table.get("min_duration", 0) > table.get("max_duration", math.inf):
            raise t.fail("min_duration", "must not be above max_duration (no cue could be "
                         "shown long enough and briefly enough at once)")
    return out


def _limit_table(t: _Table) -> dict[str, float]:
    return {key: _limit(t, key) for key in t.raw}


def _limit(t: _Table, key: str) -> float:
    if key not in LIMIT_KEYS:
        raise t.fail(key, "is not a limit subtool knows", "known limits: " + ", ".join(LIMIT_KEYS))
    low, high = LIMIT_RANGES[key]
    return t.number(key, 0, low, high, whole=key in _WHOLE)


class Options(NamedTuple):
    """What the person asked for on the command line, validated (None: the project's)."""

    profile: str | None = None
    lang: str | None = None
    master: Path | None = None
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    glossary: Path | None = None
    film: Path | None = None
