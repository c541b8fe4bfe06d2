"""Project settings from ``[tool.subtool]`` in pyproject.toml, or from a ``subtool.toml``.

This module is the only place that validates configuration. A wrong key or value raises a
ConfigError naming the file, the line, the key and the allowed values; rules never see raw
configuration, only the frozen ``Settings``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from subtool.core.errors import ConfigError
from subtool.core.timecode import parse_duration
from subtool.languages import DEFAULT_MASTER, infer_from_filename, validate_tag
from subtool.languages import known as known_languages
from subtool.profiles import DEFAULT_PROFILE, LIMIT_KEYS, PROFILES

SEVERITY_CHOICES = ("off", "info", "warning", "error")
KEYS = ("title", "slug", "master", "master-language", "languages", "tracks", "state", "profile",
        "frame-rate", "duration", "glossary", "output", "rules", "limits", "translate")
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


def from_mapping(table: Mapping[str, Any], *, root: Path, source: str | None = None,
                 text: str = "", prefix: str = "", known_rules: Iterable[str] = ()) -> Settings:
    """Validate a settings table (already parsed TOML)."""

    def fail(key: str, message: str, hint: str = "") -> ConfigError:
        return ConfigError(message, path=source, key=prefix + key, line=_line_of(text, key),
                           hint=hint)

    if not isinstance(table, Mapping):
        raise fail("", "must be a table")
    for key in table:
        if key not in KEYS:
            close = [k for k in KEYS if k.replace("-", "_") == key or k.replace("-", "") == key]
            raise fail(key, "is not a setting subtool knows",
                       f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(KEYS))

    def text_value(key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or (key in ("slug", "output") and not value.strip()):
            raise fail(key, f"must be a non-empty text, not {value!r}")
        return value

    slug = text_value("slug", "film")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug):
        raise fail("slug", f"{slug!r} is not usable in file names",
                   "use letters, digits, '-', '_' and '.', for example dortmund-seniorenbueros")
    profile = text_value("profile", DEFAULT_PROFILE)
    if profile not in PROFILES:
        raise fail("profile", f"unknown profile {profile!r}",
                   "allowed values: " + ", ".join(PROFILES))
    tracks = text_value("tracks", "subtitles/{lang}.srt")
    if "{lang}" not in tracks:
        raise fail("tracks", f"{tracks!r} must contain {{lang}}",
                   "for example subtitles/{lang}.srt")
    state = text_value("state", "subtitles/state/{lang}.tsv")
    if "{lang}" not in state:
        raise fail("state", f"{state!r} must contain {{lang}}",
                   "for example subtitles/state/{lang}.tsv")
    languages = table.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise fail("languages", "must be a list of language tags",
                   "for example languages = [" + ", ".join(f'"{c}"' for c in known_languages()[:3])
                   + "]")
    for tag in languages:
        reason = validate_tag(tag)
        if reason:
            raise fail("languages", reason)
    if len(set(languages)) != len(languages):
        raise fail("languages", "lists a language twice")
    master = table.get("master")
    if master is not None and not isinstance(master, str):
        raise fail("master", f"must be a path, not {master!r}")
    master_language = table.get("master-language") or (
        infer_from_filename(master) if master else None) or DEFAULT_MASTER
    if not isinstance(master_language, str) or validate_tag(master_language):
        raise fail("master-language", validate_tag(str(master_language)) or "must be a text")
    rate = table.get("frame-rate", 25.0)
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 1 <= rate <= 240:
        raise fail("frame-rate", f"must be a number of frames per second, not {rate!r}",
                   "for example 25 (PAL), 24, 23.976, 29.97 or 30")
    duration: int | None = None
    if "duration" in table:
        try:
            duration = parse_duration(str(table["duration"]))
        except ValueError as exc:
            raise fail("duration", str(exc)) from None
    glossary = table.get("glossary")
    if glossary is not None and not isinstance(glossary, str):
        raise fail("glossary", f"must be a path, not {glossary!r}")
    known = set(known_rules)
    rules = table.get("rules", {})
    if not isinstance(rules, Mapping):
        raise fail("rules", "must be a table of rule-id = severity")
    for rule, severity in rules.items():
        if known and rule not in known:
            raise fail(f"rules.{rule}", f"unknown rule {rule!r}",
                       "run 'subtool rules' for the list of rule ids")
        if severity not in SEVERITY_CHOICES:
            raise fail(f"rules.{rule}", f"severity must be one of {', '.join(SEVERITY_CHOICES)}, "
                       f"not {severity!r}")
    limits = _limits(table.get("limits", {}), fail)
    translate = _translate(table.get("translate", {}), fail)
    return Settings(root=root, source=source, title=text_value("title", ""), slug=slug,
                    master=master, master_language=master_language,
                    languages=tuple(languages), tracks=tracks, state=state, profile=profile,
                    frame_rate=float(rate), duration=duration, glossary=glossary,
                    output=text_value("output", "dist"), rules=dict(rules), limits=limits,
                    translate=translate)


def _translate(raw: Any, fail: Any) -> TranslateSettings:
    """``[tool.subtool.translate]``: provider, url, concurrency, timeout, memory."""
    if not isinstance(raw, Mapping):
        raise fail("translate", "must be a table")
    for key in raw:
        if key not in TRANSLATE_KEYS:
            hint = "API keys come from environment variables only (DEEPL_AUTH_KEY, " \
                "LIBRETRANSLATE_API_KEY)" if "key" in key.lower() else \
                "known keys: " + ", ".join(TRANSLATE_KEYS)
            raise fail(f"translate.{key}", "is not a setting subtool knows", hint)
    provider = raw.get("provider", "libre")
    if provider not in PROVIDERS:
        raise fail("translate.provider", f"unknown provider {provider!r}",
                   "allowed values: " + ", ".join(PROVIDERS))
    url = raw.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(("http://",
                                                                            "https://"))):
        raise fail("translate.url", f"must be an http(s) address, not {url!r}",
                   "for example http://localhost:5000 for a LibreTranslate server")
    concurrency = raw.get("concurrency")
    if concurrency is not None and (isinstance(concurrency, bool)
                                    or not isinstance(concurrency, int) or concurrency < 1):
        raise fail("translate.concurrency", f"must be a whole number ≥ 1, not {concurrency!r}")
    timeout = raw.get("timeout", 30.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise fail("translate.timeout", f"must be a number of seconds, not {timeout!r}")
    memory = raw.get("memory", TranslateSettings.memory)
    if not isinstance(memory, str) or not memory:
        raise fail("translate.memory", "must be a path")
    return TranslateSettings(provider, url, concurrency, float(timeout), memory)


def _limits(raw: Any, fail: Any) -> dict[str, dict[str, float]]:
    """``limits = {max_chars = 40}`` for all languages, ``[...limits.ru]`` for one."""
    if not isinstance(raw, Mapping):
        raise fail("limits", "must be a table")
    out: dict[str, dict[str, float]] = {}

    def check(key: str, value: Any, where: str) -> float:
        if key not in LIMIT_KEYS:
            raise fail(where, "is not a limit subtool knows",
                       "known limits: " + ", ".join(LIMIT_KEYS))
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise fail(where, f"must be a positive number, not {value!r}")
        return float(value)

    for key, value in raw.items():
        if isinstance(value, Mapping):
            reason = validate_tag(key)
            if reason:
                raise fail(f"limits.{key}", reason)
            out[key] = {k: check(k, v, f"limits.{key}.{k}") for k, v in value.items()}
        else:
            out.setdefault("*", {})[key] = check(key, value, f"limits.{key}")
    return out


@dataclass(frozen=True)
class Options:
    """What the person asked for on the command line, validated (None: the project's)."""

    profile: str | None = None
    lang: str | None = None
    master: Path | None = None
    select: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    glossary: Path | None = None
