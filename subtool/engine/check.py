"""Run the rules over subtitle files and collect located problems.

Pure orchestration: files are read once at the start (the master once for all its
translations); rules are pure; severity overrides from the configuration and
``--select``/``--ignore`` are applied here, never inside a rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Settings
from subtool.core.errors import ConfigError, ReadError, UsageError
from subtool.core.model import Problem, Severity, Track
from subtool.formats import SUBTITLE_SUFFIXES, read_track
from subtool.languages import infer_from_filename, primary, validate_tag
from subtool.profiles import PROFILES, limits_for
from subtool.rules import BY_ID, RULES, Context, Rule
from subtool.translation import state as state_module
from subtool.translation.state import State

if TYPE_CHECKING:
    from subtool.terms.glossary import Glossary


@dataclass(frozen=True)
class FileResult:
    """The outcome of checking one file."""

    path: str
    lang: str | None
    format: str
    cues: int
    problems: tuple[Problem, ...]

    def count(self, severity: Severity) -> int:
        """How many problems of ``severity`` the file has."""
        return sum(1 for p in self.problems if p.severity is severity)


@dataclass(frozen=True)
class Options:
    """What the person asked for on the command line (None: use the project's settings)."""

    profile: str | None = None
    lang: str | None = None
    master: Path | None = None
    select: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    glossary: Path | None = None
    state: bool = True


def validate_rule_ids(ids: Iterable[str], option: str) -> frozenset[str]:
    """Check rule ids given on the command line; unknown ids are a usage error."""
    out = set()
    for raw in ids:
        for rule_id in filter(None, (x.strip() for x in raw.split(","))):
            if rule_id not in BY_ID:
                raise UsageError(f"{option}: unknown rule {rule_id!r}",
                                 hint="run 'subtool rules' for the list of rule ids")
            out.add(rule_id)
    return frozenset(out)


def active_rules(settings: Settings, options: Options) -> list[tuple[Rule, Severity | None]]:
    """The rules to run, each with its configured severity (None: the rule decides)."""
    chosen = []
    for rule in RULES:
        if options.select and rule.id not in options.select:
            continue
        if rule.id in options.ignore:
            continue
        configured = settings.rules.get(rule.id)
        if configured == "off" and rule.id not in options.select:
            continue
        chosen.append((rule, Severity(configured) if configured not in (None, "off") else None))
    return chosen


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """Expand folders into the subtitle files below them (sorted, hidden folders skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.suffix.lower() in SUBTITLE_SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise ReadError("contains no subtitle files", path=str(path),
                                hint="subtool reads " + ", ".join(sorted(SUBTITLE_SUFFIXES)))
            out.extend(found)
        elif path.exists() or path.is_symlink():
            out.append(path)
        else:
            raise ReadError("file not found", path=str(path))
    return out


def project_paths(settings: Settings) -> list[Path]:
    """The master and every configured translation of a project."""
    paths = []
    if settings.master_path is not None:
        paths.append(settings.master_path)
    paths.extend(settings.track_path(lang) for lang in settings.languages)
    for path in paths:
        if not path.is_file():
            raise ReadError("is configured in [tool.subtool] but does not exist", path=str(path),
                            hint="create the track, or remove its language from 'languages'")
    return paths


def language_of(path: Path, settings: Settings, options: Options) -> str | None:
    """The language of a file: --lang, the project's configuration, or the file name."""
    if options.lang:
        return options.lang
    if settings.master_path is not None and _same(path, settings.master_path):
        return settings.master_language
    for lang in settings.languages:
        if _same(path, settings.track_path(lang)):
            return lang
    return infer_from_filename(path.name)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def load_glossary(settings: Settings, options: Options) -> Glossary | None:
    """The glossary of ``--glossary`` or of the project, or None when there is none."""
    from subtool.terms import glossary as glossary_module  # noqa: PLC0415 - only with a glossary

    if options.glossary is not None:
        return glossary_module.load(options.glossary, source=settings.master_language)
    if settings.glossary is None:
        return None
    path = settings.path(settings.glossary)
    if not path.is_file():
        raise ConfigError(f"the glossary {settings.glossary} does not exist", path=settings.source,
                          key="tool.subtool.terms.glossary",
                          hint="create it (see glossary/README.md) or remove the setting")
    return glossary_module.load(path, source=settings.master_language)


def make_context(path: str, track: Track, *, lang: str | None, settings: Settings,
                 options: Options, master: Track | None = None, master_lang: str | None = None,
                 glossary: Glossary | None = None, state: State | None = None) -> Context:
    """The rules' view of one track under the project's settings and the options."""
    profile = options.profile or settings.profile
    return Context(path, track, lang=lang, limits=limits_for(profile, lang, settings.limits),
                   frame_rate=settings.frame_rate, master=master,
                   master_lang=master_lang or settings.master_language, profile=profile,
                   film_duration=settings.duration, glossary=glossary, state=state)


def load_state(settings: Settings, lang: str | None) -> State | None:
    """The recorded translation state of ``lang`` in a project (None outside one)."""
    if settings.source is None or not lang or lang not in settings.languages:
        return None
    return state_module.load(settings.state_path(lang))


def check_track(path: str, track: Track, *, lang: str | None, settings: Settings,
                options: Options, master: Track | None = None,
                master_lang: str | None = None, glossary: Glossary | None = None,
                state: State | None = None) -> tuple[Problem, ...]:
    """All problems of one track, sorted by line."""
    ctx = make_context(path, track, lang=lang, settings=settings, options=options,
                       master=master, master_lang=master_lang, glossary=glossary, state=state)
    problems: list[Problem] = []
    for rule, severity in active_rules(settings, options):
        if rule.needs_master and master is None:
            continue
        ctx.rule = rule
        found = rule.check(ctx)
        if severity is None:
            problems.extend(found)
        else:
            problems.extend(Problem(p.path, p.rule, severity, p.cue, p.line, p.message)
                            for p in found)
    problems.sort(key=lambda p: (p.line or 0, p.cue or 0))
    return tuple(problems)


def check_files(paths: Sequence[Path], settings: Settings, options: Options,
                *, display_root: Path | None = None) -> list[FileResult]:
    """Check files; translations are compared with the master where there is one."""
    if options.profile and options.profile not in PROFILES:
        raise UsageError(f"--profile: unknown profile {options.profile!r}",
                         hint="allowed values: " + ", ".join(PROFILES))
    if options.lang and validate_tag(options.lang):
        raise UsageError(f"--lang: {validate_tag(options.lang)}")
    master_path = options.master or settings.master_path
    master: Track | None = None
    if options.master is not None and not options.master.is_file():
        raise ReadError("master file not found", path=str(options.master))
    if master_path is not None and master_path.is_file():
        master = read_track(master_path, frame_rate=settings.frame_rate)
    master_lang = (infer_from_filename(options.master.name) or settings.master_language) \
        if options.master else settings.master_language
    glossary = load_glossary(settings, options)
    results = []
    for path in paths:
        track = read_track(path, frame_rate=settings.frame_rate)
        lang = language_of(path, settings, options)
        is_master = master_path is not None and _same(path, master_path)
        compare = master if master is not None and not is_master and (
            options.master is not None or lang is None
            or primary(lang) != primary(master_lang)) else None
        shown = _display(path, display_root)
        recorded = load_state(settings, lang) if compare is not None else None
        problems = check_track(shown, track, lang=lang, settings=settings, options=options,
                               master=compare, master_lang=master_lang, glossary=glossary,
                               state=recorded)
        results.append(FileResult(shown, lang, track.format, len(track.cues), problems))
    return results


def _display(path: Path, root: Path | None) -> str:
    """A path as people should see it: relative to the working folder when possible."""
    base = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def exit_status(results: Iterable[FileResult], *, strict: bool) -> int:
    """0 when nothing blocks, 1 for errors (or warnings under ``strict``)."""
    worst = Severity.WARNING if strict else Severity.ERROR
    for result in results:
        if any(p.severity.rank >= worst.rank for p in result.problems):
            return 1
    return 0
