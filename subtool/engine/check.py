"""Run the rules over a track and collect located problems (pure).

Rules are pure; the engine tells each rule's problems its id and severity, and applies the
configuration's severity overrides and ``--select``/``--ignore`` here, never inside a rule.
Reading the files is the project layer's job (``subtool.pipeline.check``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter, countOf
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from subtool.config import Options, Settings
from subtool.core.model import Cue, Problem, Severity, Track
from subtool.profiles import limits_for
from subtool.rules import RULES, Context, Rule, applies

if TYPE_CHECKING:
    from subtool.core.description import DescriptionSetup
    from subtool.core.film import FilmFacts
    from subtool.terms.glossary import Glossary
    from subtool.terms.lexicon import Lexicon
    from subtool.translation.state import State


# A named tuple, like the values it holds (``subtool.core.model``): as a frozen dataclass it
# was the last one a check made at start-up, and the only reason to import dataclasses.
class FileResult(NamedTuple):
    """The outcome of checking one file.

    ``texts`` are cue texts by cue number (1-based), at least of the cues the problems are
    about: reports that must recognise a problem again in the next run (SARIF fingerprints)
    key it by its cue's text, not by a line number.
    """

    path: str
    lang: str | None
    format: str
    cues: int
    problems: tuple[Problem, ...]
    texts: Mapping[int, str] = MappingProxyType({})

    def count_of(self, severity: Severity) -> int:
        """How many problems of ``severity`` the file has (counted at C speed)."""
        return countOf(map(attrgetter("severity"), self.problems), severity)


class CueTexts(Mapping[int, str]):
    """The texts of a track's cues by cue number (1-based). Holds the texts, not the cues,
    which a report of many files would otherwise keep until the end."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.texts: list[str] = list(map(attrgetter("text"), cues))

    def __getitem__(self, number: int) -> str:
        if not 0 < number <= len(self.texts):
            raise KeyError(number)
        return self.texts[number - 1]

    def __iter__(self) -> Iterator[int]:
        return iter(range(1, len(self.texts) + 1))

    def __len__(self) -> int:
        return len(self.texts)


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


def make_context(path: str, track: Track, *, lang: str | None, settings: Settings,
                 options: Options, master: Track | None = None, master_lang: str | None = None,
                 glossary: Glossary | None = None, state: State | None = None,
                 lexicon: Lexicon | None = None, film: FilmFacts | None = None,
                 reading_time: Sequence[int] | None = None,
                 description: DescriptionSetup | None = None) -> Context:
    """The rules' view of one track under the project's settings and the options;
    ``film``: the facts of the film (``--film`` or the project's), analysed by the caller;
    ``reading_time``: per cue, the time the tracks that follow its timing need to be read;
    ``description``: set for an audio description track (it gets their rule set)."""
    profile = options.profile or settings.profile
    duration = settings.duration if settings.duration is not None or film is None \
        else film.duration
    return Context(path, track, lang=lang, limits=limits_for(profile, lang, settings.limits),
                   frame_rate=settings.frame_rate, master=master,
                   master_lang=master_lang or settings.master_language, profile=profile,
                   film_duration=duration, glossary=glossary, state=state,
                   lexicon=lexicon, film=film, reading_time=reading_time,
                   description=description)


def check_track(path: str, track: Track, *, lang: str | None, settings: Settings,
                options: Options, master: Track | None = None,
                master_lang: str | None = None, glossary: Glossary | None = None,
                state: State | None = None, lexicon: Lexicon | None = None,
                film: FilmFacts | None = None,
                description: DescriptionSetup | None = None,
                runner: Runner | None = None) -> tuple[Problem, ...]:
    """All problems of one track, sorted by line; an audio description track (with
    ``description``) gets the rules of its kind. ``runner`` runs the rules (default: one
    after the other, ``run_in_order``); it must return their problems in the rules' order."""
    problems = _problems(make_context(
        path, track, lang=lang, settings=settings, options=options, master=master,
        master_lang=master_lang, glossary=glossary, state=state, lexicon=lexicon, film=film,
        description=description), settings, options, runner or run_in_order)
    # Sorted once the context (the track's text, its lines and times: a fifth of the
    # memory at a million cues) is gone; by one number per problem, not a tuple.
    problems.sort(key=_position)
    return tuple(problems)


def _position(p: Problem) -> int:
    return ((p.line or 0) << 32) + (p.cue or 0)


# The rules to run on a track, each with its configured severity.
Plan = list[tuple[Rule, Severity | None]]
# Runs every rule of a plan on a context: per rule (in the plan's order), its problems.
Runner = Callable[[Context, Plan], list[list[Problem]]]


def _problems(ctx: Context, settings: Settings, options: Options,
              runner: Runner) -> list[Problem]:
    plan = [(rule, severity) for rule, severity in active_rules(settings, options)
            if (ctx.master is not None or not rule.needs_master) and applies(rule, ctx.kind)]
    return [p for found in runner(ctx, plan) for p in found]


def run_rule(ctx: Context, rule: Rule, severity: Severity | None) -> list[Problem]:
    """The problems one rule finds, with the configured severity (None: the rule's own)."""
    ctx.rule = rule
    found = rule.check(ctx)
    if severity is None:
        return list(found)
    return [Problem(p.path, p.rule, severity, p.cue, p.line, p.message) for p in found]


def run_in_order(ctx: Context, plan: Plan) -> list[list[Problem]]:
    """Run the rules one after the other."""
    return [run_rule(ctx, rule, severity) for rule, severity in plan]


def exit_status(results: Iterable[FileResult], *, strict: bool) -> int:
    """0 when nothing blocks, 1 for errors (or warnings under ``strict``)."""
    for result in results:
        if result.count_of(Severity.ERROR) or (strict and result.count_of(Severity.WARNING)):
            return 1
    return 0
