"""``subtool fix``: fix files in memory, then show a diff or write them (with a backup).

In a project the master owns the timing: when fixing the master moves its times (snapping
to the film's cuts, chaining gaps), every translation of the project is moved with it, cue
for cue, and its translation state is re-keyed to the new times and written together with
it, so the tracks stay aligned and no translation becomes stale by a pure retiming.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Options, Settings
from subtool.core.errors import UsageError
from subtool.core.model import DESCRIPTIONS, Track
from subtool.engine.check import make_context
from subtool.engine.fix import FileFix, FixResult, fix_track, fixable_rules
from subtool.formats import NATIVE, compose, parse_decoded
from subtool.formats.encoding import code_page_name, decode, hint_for
from subtool.formats.lines import line_ends_of, normalise_newlines
from subtool.pipeline import descriptions as describing
from subtool.pipeline import film as film_module
from subtool.pipeline.check import files_to_check
from subtool.pipeline.options import resolve
from subtool.profiles import limits_for
from subtool.project.files import read_bytes, same_file, write_together, write_with_backup
from subtool.project.store import project_glossary, read_state
from subtool.project.tracks import display, language_of, read_translation
from subtool.rules import BY_ID, Context, Rule
from subtool.translation import state as state_module
from subtool.translation.retime import reading_times, rekey, retime

if TYPE_CHECKING:
    from subtool.core.film import FilmFacts
    from subtool.terms.glossary import Glossary

# The rule whose fix moves start times: only the master's, translations follow it.
MASTER_TIMING = "shot-change"
# How the cues that followed the master are listed among the fixes (``FixResult.summary``).
MOVED = "moved with the master"


@dataclass(frozen=True)
class Plan:
    """What ``subtool fix`` will do: which files, under which settings, with which fixes."""

    files: tuple[Path, ...]
    settings: Settings
    options: Options
    rules: tuple[Rule, ...]
    glossary: Glossary | None
    force: bool = False
    film: FilmFacts | None = None


def plan(settings: Settings, paths: Sequence[Path], *, select: Sequence[str],
         ignore: Sequence[str], profile: str | None, lang: str | None,
         glossary: Path | None, force: bool = False, film: Path | None = None) -> Plan:
    """Validate the options and gather the files and fixes (nothing is read but the
    glossary and the film's analysis)."""
    options = resolve(known_rules=BY_ID, profile=profile, lang=lang, select=select,
                      ignore=ignore, glossary=glossary, film=film)
    not_fixable = sorted(r for r in options.select if not BY_ID[r].fixable)
    if not_fixable:
        raise UsageError(f"--select: {', '.join(not_fixable)} cannot be fixed automatically",
                         hint="'subtool rules' marks the fixable rules with 'fix'")
    rules = [r for r in fixable_rules(options.select or None) if r.id not in options.ignore]
    files = files_to_check(paths, settings, "fix")
    return Plan(tuple(files), settings, options, tuple(rules),
                project_glossary(settings, options), force,
                film_module.facts(settings, options.film))


@dataclass(frozen=True)
class TrackFix(FileFix):
    """What fixing one file would change, with the track as read (``original``).

    For a translation moved with the master's timing: ``retimed``, the cues (1-based) whose
    times changed; ``state_path``, ``state_before``/``state_after``, its translation state
    file, written together with the track (None: there is none).
    """

    original: Track | None = None
    retimed: tuple[int, ...] = ()
    state_path: Path | None = None
    state_before: bytes | None = None
    state_after: bytes | None = None

    @property
    def changed(self) -> bool:
        """Whether writing would change the track or its state."""
        return super().changed or self.state_after != self.state_before


def fix_files(chosen: Plan) -> Iterator[FileFix]:
    """Fix each file of the plan in memory, one after the other; in a project the master
    first, and its time changes carried over to every translation."""
    settings = chosen.settings
    master = settings.master_path if settings.source is not None else None
    lead = next((p for p in chosen.files if master is not None and same_file(p, master)), None)
    if lead is None:
        for path in chosen.files:
            yield fix_file(path, chosen.settings, chosen.options, chosen.rules,
                           chosen.glossary, force=chosen.force, film=chosen.film)
        return
    first = fix_file(lead, settings, chosen.options, chosen.rules, chosen.glossary,
                     force=chosen.force, film=chosen.film,
                     followers=_followers(chosen) if chosen.film is not None else None)
    yield first
    moved = _moved_master(first)
    followers = {lang: settings.track_path(lang) for lang in settings.languages}
    for path in chosen.files:
        if path == lead:
            continue
        lang = next((k for k, v in followers.items() if same_file(path, v)), None)
        if lang is None:
            yield fix_file(path, settings, chosen.options, chosen.rules, chosen.glossary,
                           force=chosen.force, film=chosen.film)
            continue
        followers.pop(lang)
        yield follow_master(path, lang, chosen, moved, own_fixes=True)
    if moved is not None:
        # A retimed master retimes every track, also those not named on the command line.
        for lang, path in followers.items():
            if path.is_file():
                yield follow_master(path, lang, chosen, moved, own_fixes=False)


def _followers(chosen: Plan) -> list[tuple[Track, float]]:
    """The project's translations with their reading-speed limits: a retiming of the master
    must keep them readable too."""
    settings = chosen.settings
    profile = chosen.options.profile or settings.profile
    found = []
    for lang in settings.languages:
        track = read_translation(settings, lang)
        if track is not None:
            found.append((track, limits_for(profile, lang, settings.limits).cps_warn))
    return found


def _moved_master(fixed: TrackFix) -> tuple[Track, Track] | None:
    """(old, new) master when fixing it moved any time, else None."""
    if fixed.result is None or fixed.original is None:
        return None
    old, new = fixed.original, fixed.result.track
    if [(c.start, c.end) for c in old.cues] == [(c.start, c.end) for c in new.cues]:
        return None
    return old, new


def follow_master(path: Path, lang: str, chosen: Plan, moved: tuple[Track, Track] | None,
                  *, own_fixes: bool) -> TrackFix:
    """A translation retimed with the master (``moved``: old and new master), then fixed
    by its own rules (``own_fixes``; never the master's timing fix), with its state."""
    settings, options = chosen.settings, chosen.options
    rules = [r for r in chosen.rules if r.id != MASTER_TIMING] if own_fixes else []
    state_path = settings.state_path(lang)
    fixed = fix_file(path, settings, options, rules, chosen.glossary, force=chosen.force,
                     film=chosen.film, lang=lang, before_fixes=moved)
    if fixed.result is None or fixed.original is None:
        return fixed
    state = read_state(state_path)
    old_state = state_module.compose(state, lang).encode("utf-8") if state else None
    new_state = state_module.compose(rekey(state, fixed.original, fixed.result.track),
                                     lang).encode("utf-8") if state else None
    retimed = tuple(i + 1 for i, (a, b) in enumerate(zip(fixed.original.cues,
                                                          fixed.result.track.cues, strict=True))
                    if (a.start, a.end) != (b.start, b.end))
    return replace(fixed, retimed=retimed, state_path=state_path if state else None,
                   state_before=old_state, state_after=new_state)


def fix_file(path: Path, settings: Settings, options: Options, rules: Sequence[Rule],
             glossary: Glossary | None = None, *, force: bool = False,
             film: FilmFacts | None = None, lang: str | None = None,
             before_fixes: tuple[Track, Track] | None = None,
             followers: Sequence[tuple[Track, float]] | None = None) -> TrackFix:
    """Fix one file in memory. A file with parse errors is refused: writing it back would
    lose the cue that could not be read. ``before_fixes`` (old and new master): retime the
    track with the master first; ``followers``: the tracks that will follow this one's
    timing, with their reading-speed limits."""
    data = read_bytes(path)
    shown = display(path)
    lang = lang or language_of(path, settings, options)
    decoded = decode(data, hint_for(lang))
    track = parse_decoded(decoded, name=path.name, frame_rate=settings.frame_rate)
    # What the file says, as the writer would put it: LF line ends, and no blank lines at
    # the end (editors and srt.compose add one; it is not a change).
    before = normalise_newlines(decoded.text).rstrip("\n") + "\n"
    if decoded.damaged and not force:
        return TrackFix(path, shown, before, None, None,
                       "not written: some lines are not valid UTF-8 and were read with "
                       "replacement characters (subtool check names them); fix them in your "
                       "editor, or add --force to write the file as it was read")
    broken = [d for d in track.diagnostics if d.rule == "parse-error"]
    if broken:
        where = f" (line {broken[0].line})" if broken[0].line else ""
        return TrackFix(path, shown, before, None, None,
                       f"not written: it has {len(broken)} parse error(s){where}, and writing it "
                       "back would lose the cues that could not be read; fix those first")
    if track.format not in NATIVE:
        return TrackFix(path, shown, before, None, None,
                       f"not written: subtool fix writes SRT, WebVTT and SBV, not {track.format} "
                       "(convert it first with subtool convert)")

    reading = reading_times(track, followers) if followers else None
    # An audio description track gets only the fixes of its kind (no reflow, no retiming).
    description = describing.setup(settings, lang, None) \
        if describing.kind_of(path, settings) == DESCRIPTIONS else None

    def context(current: Track) -> Context:
        return make_context(shown, current, lang=lang, settings=settings, options=options,
                            glossary=glossary, film=film, reading_time=reading,
                            description=description)

    start = retime(track, *before_fixes) if before_fixes is not None else track
    result = fix_track(start, context, rules)
    if start is not track:
        result = _with_retime(result, track, start)
    after = compose(result.track, track.format)
    note = code_page_name(decoded.encoding) if decoded.encoding != "utf-8" else ""
    return TrackFix(path, shown, before, after, result, reencoded=note, original=track,
                    line_ends=line_ends_of(decoded.text))


def _with_retime(result: FixResult, track: Track, retimed: Track) -> FixResult:
    """The fix result with the cues that followed the master listed first."""
    moved = tuple(i + 1 for i, (a, b) in enumerate(zip(track.cues, retimed.cues, strict=True))
                  if a != b)
    return FixResult(result.track, {MOVED: moved, **result.changes}, result.passes,
                     result.settled)


def write_fixed(fixed: FileFix, settings: Settings | None = None) -> bool:
    """Write a fixed file over the original, keeping the previous version as ``.bak``; a
    translation that followed the master is written together with its state."""
    assert fixed.after is not None
    if isinstance(fixed, TrackFix) and fixed.state_path is not None \
            and fixed.state_after is not None and settings is not None:
        return bool(write_together([(fixed.path, fixed.after.encode("utf-8")),
                                    (fixed.state_path, fixed.state_after)],
                                   journal_dir=settings.root, backup=[fixed.path]))
    return write_with_backup(fixed.path, fixed.after.encode("utf-8"))
