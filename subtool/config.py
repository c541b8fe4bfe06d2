"""Project settings from ``[tool.subtool]`` in pyproject.toml, or from a ``subtool.toml``.

This module is the only place that validates configuration. A wrong key or value raises a
ConfigError naming the file, the line, the key and the allowed values; rules never see raw
configuration, only the frozen ``Settings``.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from subtool.core.errors import ConfigError
from subtool.core.timecode import parse_duration
from subtool.languages import DEFAULT_MASTER, i18n, infer_from_filename, validate_tag
from subtool.languages import known as known_languages
from subtool.profiles import DEFAULT_PROFILE, LIMIT_KEYS, PROFILES

SEVERITY_CHOICES = ("off", "info", "warning", "error")
KEYS = ("title", "slug", "master", "master-language", "languages", "tracks", "state", "profile",
        "frame-rate", "duration", "glossary", "output", "rules", "limits", "translate",
        "ui-language")
PROVIDERS = ("libre", "deepl", "google", "pseudo")
TRANSLATE_KEYS = ("provider", "url", "concurrency", "timeout", "memory")


@dataclass(frozen=True)
class TranslateSettings:
    """``[tool.subtool.translate]``: the machine-translation provider for drafts.

    API keys are never configured here: they come from the environment only
    (``DEEPL_AUTH_KEY``, ``LIBRETRANSLATE_API_KEY``).
    """

    provider: str = "libre"
    url: str | None = None
    concurrency: int | None = None
    timeout: float = 30.0
    memory: str = ".subtool-cache/translation-memory.jsonl"


@dataclass(frozen=True)
class Settings:
    """Validated project settings. Paths are relative to ``root``."""

    root: Path = field(default_factory=Path.cwd)
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
    output: str = "dist"
    rules: Mapping[str, str] = field(default_factory=dict)
    limits: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    translate: TranslateSettings = field(default_factory=TranslateSettings)
    # The language of subtool's messages, reports and pages (None: the locale's).
    ui_language: str | None = None

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


# Allowed range of each limit (a whole number where the profile's figure is one): values
# outside make no sense for subtitles and some would divide by zero or overflow.
LIMIT_RANGES: dict[str, tuple[float, float]] = {
    "max_lines": (1, 10), "max_chars": (1, 200), "cps_warn": (1, 100), "cps_error": (1, 100),
    "min_duration": (1, 60_000), "max_duration": (1, 600_000), "min_gap_frames": (0, 100)}
_WHOLE = frozenset({"max_lines", "max_chars", "min_duration", "max_duration", "min_gap_frames"})
# A film of more than a day is a mistyped duration.
MAX_DURATION_MS = 24 * 3_600_000


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

    def path(self, key: str, default: str | None = None) -> str | None:
        """A path inside the project folder (relative, no ``..``, no NUL), or None."""
        value = self.optional_text(key) if default is None else self.text(key, default,
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
    slug = t.text("slug", "film", empty=False)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug):
        raise t.fail("slug", f"{slug!r} is not usable in file names",
                     "use letters, digits, '-', '_' and '.', for example dortmund-seniorenbueros")
    profile = t.text("profile", DEFAULT_PROFILE)
    if profile not in PROFILES:
        raise t.fail("profile", f"unknown profile {profile!r}",
                     "allowed values: " + ", ".join(PROFILES))
    master = t.path("master")
    return Settings(
        root=root, source=source, title=t.text("title", ""), slug=slug, master=master,
        master_language=_master_language(t, master), languages=_languages(t),
        tracks=t.pattern("tracks", "subtitles/{lang}.srt"),
        state=t.pattern("state", "subtitles/state/{lang}.tsv"), profile=profile,
        frame_rate=t.number("frame-rate", 25.0, 1, 240,
                            hint="for example 25 (PAL), 24, 23.976, 29.97 or 30"),
        duration=_duration(t), glossary=t.path("glossary"),
        output=t.path("output", "dist") or "dist", rules=_rules(t.sub("rules"), known_rules),
        limits=_limits(t.sub("limits")), translate=_translate(t.sub("translate")),
        ui_language=_ui_language(t))


def _ui_language(t: _Table) -> str | None:
    value = t.optional_text("ui-language", "a language code")
    if value is not None and value not in i18n.available():
        raise t.fail("ui-language", f"subtool has no messages in {value!r}",
                     "allowed values: " + ", ".join(i18n.available()))
    return value


def _languages(t: _Table) -> tuple[str, ...]:
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
    provider = t.text("provider", "libre")
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
                             t.number("timeout", 30.0, 0.1, 3600),
                             t.path("memory", TranslateSettings.memory) or "")


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
    return out


def _limit_table(t: _Table) -> dict[str, float]:
    return {key: _limit(t, key) for key in t.raw}


def _limit(t: _Table, key: str) -> float:
    if key not in LIMIT_KEYS:
        raise t.fail(key, "is not a limit subtool knows", "known limits: " + ", ".join(LIMIT_KEYS))
    low, high = LIMIT_RANGES[key]
    return t.number(key, 0, low, high, whole=key in _WHOLE)


@dataclass(frozen=True)
class Options:
    """What the person asked for on the command line, validated (None: the project's)."""

    profile: str | None = None
    lang: str | None = None
    master: Path | None = None
    select: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    glossary: Path | None = None
