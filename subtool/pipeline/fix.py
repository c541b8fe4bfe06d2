"""``subtool fix``: fix files in memory, then show a diff or write them (with a backup)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.config import Options, Settings
from subtool.core.errors import UsageError
from subtool.core.model import Track
from subtool.engine.check import make_context
from subtool.engine.fix import FileFix, fix_track, fixable_rules
from subtool.formats import NATIVE, compose, parse_decoded
from subtool.formats.encoding import code_page_name, decode, hint_for
from subtool.formats.lines import normalise_newlines
from subtool.pipeline.check import files_to_check
from subtool.pipeline.options import resolve
from subtool.project.files import read_bytes, write_with_backup
from subtool.project.store import project_glossary
from subtool.project.tracks import display, language_of
from subtool.rules import BY_ID, Context, Rule

if TYPE_CHECKING:
    from subtool.terms.glossary import Glossary


@dataclass(frozen=True)
class Plan:
    """What ``subtool fix`` will do: which files, under which settings, with which fixes."""

    files: tuple[Path, ...]
    settings: Settings
    options: Options
    rules: tuple[Rule, ...]
    glossary: Glossary | None
    force: bool = False


def plan(settings: Settings, paths: Sequence[Path], *, select: Sequence[str],
         ignore: Sequence[str], profile: str | None, lang: str | None,
         glossary: Path | None, force: bool = False) -> Plan:
    """Validate the options and gather the files and fixes (nothing is read but the
    glossary)."""
    options = resolve(known_rules=BY_ID, profile=profile, lang=lang, select=select,
                      ignore=ignore, glossary=glossary)
    not_fixable = sorted(r for r in options.select if not BY_ID[r].fixable)
    if not_fixable:
        raise UsageError(f"--select: {', '.join(not_fixable)} cannot be fixed automatically",
                         hint="'subtool rules' marks the fixable rules with 'fix'")
    rules = [r for r in fixable_rules(options.select or None) if r.id not in options.ignore]
    files = files_to_check(paths, settings, "fix")
    return Plan(tuple(files), settings, options, tuple(rules),
                project_glossary(settings, options), force)


def fix_files(chosen: Plan) -> Iterator[FileFix]:
    """Fix each file of the plan in memory, one after the other."""
    for path in chosen.files:
        yield fix_file(path, chosen.settings, chosen.options, chosen.rules, chosen.glossary,
                       force=chosen.force)


def fix_file(path: Path, settings: Settings, options: Options, rules: Sequence[Rule],
             glossary: Glossary | None = None, *, force: bool = False) -> FileFix:
    """Fix one file in memory. A file with parse errors is refused: writing it back would
    lose the cue that could not be read."""
    data = read_bytes(path)
    shown = display(path)
    lang = language_of(path, settings, options)
    decoded = decode(data, hint_for(lang))
    track = parse_decoded(decoded, name=path.name, frame_rate=settings.frame_rate)
    # What the file says, as the writer would put it: LF line ends, and no blank lines at
    # the end (editors and srt.compose add one; it is not a change).
    before = normalise_newlines(decoded.text).rstrip("\n") + "\n"
    if decoded.damaged and not force:
        return FileFix(path, shown, before, None, None,
                       "not written: some lines are not valid UTF-8 and were read with "
                       "replacement characters (subtool check names them); fix them in your "
                       "editor, or add --force to write the file as it was read")
    broken = [d for d in track.diagnostics if d.rule == "parse-error"]
    if broken:
        where = f" (line {broken[0].line})" if broken[0].line else ""
        return FileFix(path, shown, before, None, None,
                       f"not written: it has {len(broken)} parse error(s){where}, and writing it "
                       "back would lose the cues that could not be read; fix those first")
    if track.format not in NATIVE:
        return FileFix(path, shown, before, None, None,
                       f"not written: subtool fix writes SRT, WebVTT and SBV, not {track.format} "
                       "(convert it first with subtool convert)")
    def context(current: Track) -> Context:
        return make_context(shown, current, lang=lang, settings=settings, options=options,
                            glossary=glossary)

    result = fix_track(track, context, rules)
    after = compose(result.track, track.format)
    note = code_page_name(decoded.encoding) if decoded.encoding != "utf-8" else ""
    return FileFix(path, shown, before, after, result, reencoded=note)


def write_fixed(fixed: FileFix) -> bool:
    """Write a fixed file over the original, keeping the previous version as ``.bak``."""
    assert fixed.after is not None
    return write_with_backup(fixed.path, fixed.after.encode("utf-8"))
