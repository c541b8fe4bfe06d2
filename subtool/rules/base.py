"""What every rule is: an id, a default severity, a manual, and a pure check function.

A rule receives a ``Context`` (the track, its language and limits, the master if any) and
yields ``Problem`` values. Rules never print, never read files and never change settings.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from itertools import accumulate
from operator import attrgetter, methodcaller, sub
from typing import TYPE_CHECKING, NamedTuple

from subtool.core.model import DESCRIPTIONS, SUBTITLES, Cue, Problem, Severity, Track
from subtool.core.text import VisibleLines, has_unusual, line_chunks, line_lengths
from subtool.profiles import DEFAULT_PROFILE, Limits

if TYPE_CHECKING:
    # Only annotations: the glossary module is imported when a glossary is loaded, and
    # alignment and translation state when there is a master, so a check of one file
    # does not pay for them at start-up.
    from subtool.core.align import Alignment
    from subtool.core.description import DescriptionSetup
    from subtool.core.film import FilmFacts
    from subtool.terms.glossary import Entry, Glossary
    from subtool.terms.lexicon import Lexicon
    from subtool.translation.state import CueState, State
from subtool.core.timecode import frames_to_ms


class TermHits(NamedTuple):
    """Glossary concepts found per cue, computed once per track for all terminology rules.

    ``source``: per master cue, approved and do-not-translate concepts in its text;
    ``target``: per translated cue, those concepts in the track's language (names also in
    their master spelling).
    """

    source: list[frozenset[int]]
    target: list[frozenset[int]]


class Context:
    """Everything a rule may look at for one track; derived values are computed once."""

    def __init__(self, path: str, track: Track, *, lang: str | None, limits: Limits,
                 frame_rate: float = 25.0, master: Track | None = None,
                 master_lang: str | None = None, profile: str = DEFAULT_PROFILE,
                 film_duration: int | None = None, glossary: Glossary | None = None,
                 state: State | None = None, lexicon: Lexicon | None = None,
                 film: FilmFacts | None = None,
                 reading_time: Sequence[int] | None = None,
                 description: DescriptionSetup | None = None) -> None:
        self.path = path
        self.track = track
        self.cues = track.cues
        self.lang = lang
        self.limits = limits
        self.frame_rate = frame_rate
        self.master = master
        self.master_lang = master_lang
        self.profile = profile
        self.film_duration = film_duration
        self.glossary = glossary
        self.state = state
        self._lexicon = lexicon
        # The film's speech and shot changes, when a film is given (the timing rules
        # against the film check nothing without it).
        self.film = film
        # Per cue, the shortest time (ms) any track that follows this one's timing (the
        # master's translations) needs to be read within its reading-speed limit: a timing
        # fix that shortens a master cue keeps every track readable.
        self.reading_time = reading_time
        # Set for an audio description track (its voice's rate, the master's dialogue): the
        # track is spoken, not read, and gets the description rule set (``kind``).
        self.description = description
        # The rule being run: the engine sets it before calling the rule's check, so that a
        # rule never writes its own id or severity.
        self.rule: Rule = _NO_RULE
        # Each distinct message once: a file full of problems says the same few hundred
        # things a hundred thousand times (a million cues' messages: 215 MB, shared 20 MB).
        self._messages: dict[str, str] = {}

    def prepare(self) -> None:
        """Compute what most rules ask of the track (its texts, the text of the whole track
        and whether it is plain) now rather than on the first rule's demand."""
        _ = self.plain  # needs all_text, which needs texts

    @cached_property
    def texts(self) -> list[str]:
        """Every cue's text, in order."""
        return [cue.text for cue in self.cues]

    @cached_property
    def all_text(self) -> str:
        """Every cue's text, one after the other, separated by line breaks.

        One search of it (``in``, a compiled pattern) says at C speed whether any cue has
        what a rule looks for: most rules find nothing in most files, and looking at
        100,000 cues one by one in Python is what made checking slow.
        """
        return "\n".join(self.texts)

    # Arrays, not lists: a list of a million numbers above 256 holds a million int objects
    # (36 MB), an array 8 MB.

    @cached_property
    def starts(self) -> array[int]:
        """Every cue's start (ms), in order: the timing rules compare them at C speed."""
        return array("q", map(attrgetter("start"), self.cues))

    @cached_property
    def ends(self) -> array[int]:
        """Every cue's end (ms), in order."""
        return array("q", map(attrgetter("end"), self.cues))

    @cached_property
    def durations(self) -> array[int]:
        """Every cue's duration (ms), in order."""
        return array("q", map(sub, self.ends, self.starts))

    @cached_property
    def offsets(self) -> array[int]:
        """Where each cue's text starts in ``all_text``, and (last) where it ends + 1."""
        return array("q", accumulate(map(len, self.texts), lambda at, size: at + size + 1,
                                     initial=0))

    def cues_with(self, needles: Iterable[str]) -> list[int]:
        """The cues whose text may hold one of ``needles``, in order: found by searching
        ``all_text`` (at C speed), at most once per cue and needle, so a rule looks only at
        the cues that may concern it. A needle with a line break may also be found across
        two cues (``all_text`` joins them with one): both are returned."""
        text, offsets = self.all_text, self.offsets
        last = len(offsets) - 2
        found: set[int] = set()
        for needle in needles:
            at = text.find(needle) if needle else -1
            while at >= 0:
                i = bisect_right(offsets, at) - 1
                j = bisect_right(offsets, at + len(needle) - 1) - 1
                found.update(range(i, j + 1))
                at = text.find(needle, offsets[i + 1]) if i < last else -1
        return sorted(found)

    @cached_property
    def visible_lines(self) -> Sequence[tuple[str, ...]]:
        """Per cue, its lines as a viewer sees them (no markup, no bidi controls); made
        when asked for, not kept (a million cues' lines are 170 MB)."""
        return VisibleLines([cue.text for cue in self.cues])

    @cached_property
    def line_lengths(self) -> list[tuple[int, ...]]:
        """Per cue, the grapheme length of each visible line."""
        return line_lengths(self.texts, self.plain)

    @cached_property
    def characters(self) -> list[int]:
        """Per cue, the grapheme clusters of its visible lines (line breaks not counted)."""
        if self.plain and "line_lengths" not in self.__dict__:
            texts = self.texts  # as written: counted at C speed
            return list(map(sub, map(len, texts), map(methodcaller("count", "\n"), texts)))
        return list(map(sum, self.line_lengths))

    def longest_line(self) -> int:
        """The length of the longest visible line of any cue."""
        if self.plain and "line_lengths" not in self.__dict__:
            return max((max(map(len, chunk.split("\n"))) for chunk in line_chunks(self.all_text)),
                       default=0)
        return max((max(lengths, default=0) for lengths in self.line_lengths), default=0)

    @cached_property
    def plain(self) -> bool:
        """Whether every cue is its own visible form, measured with ``len``: no markup, bidi
        control, unusual whitespace or character that may join a cluster (one search of
        the whole track; most tracks are so, and their rules skip the cue-by-cue look)."""
        return not has_unusual(self.all_text)

    @cached_property
    def alignment(self) -> Alignment | None:
        """Time alignment of this track to the master, when there is one."""
        if self.master is None:
            return None
        from subtool.core.align import align  # noqa: PLC0415 - only with a master

        return align(self.master.cues, self.cues)

    @cached_property
    def term_hits(self) -> TermHits | None:
        """Glossary concepts per cue of the master and of this translation, found once for
        all terminology rules (None without a glossary or a master in another language)."""
        glossary, master = self.glossary, self.master
        if glossary is None or master is None or not self.is_translation:
            return None
        wanted = glossary.status_set("approved", "do-not-translate")
        source = [found & wanted for found in glossary.find_in_source(master.cues)]
        relevant = frozenset().union(*source)
        keep = relevant & glossary.status_set("do-not-translate")
        matcher = glossary.matcher(self.lang or "", relevant, also_source=keep)
        return TermHits(source, matcher.find_in_cues(self.cues))

    @property
    def lexicon(self) -> Lexicon:
        """The language tools (word keys, spelling): the run's, the glossary's, or the
        in-memory default."""
        if self._lexicon is not None:
            return self._lexicon
        if self.glossary is not None:
            return self.glossary.tools()
        from subtool.terms.lexicon import DEFAULT  # noqa: PLC0415

        return DEFAULT

    @cached_property
    def cue_states(self) -> list[CueState]:
        """The translation state of every aligned cue (empty without state or master)."""
        if self.state is None or self.master is None or self.alignment is None \
                or not self.is_translation:
            return []
        from subtool.translation.state import cue_states  # noqa: PLC0415 - only with state

        return cue_states(self.state, self.track, self.master, self.alignment)

    @property
    def min_gap(self) -> int:
        """The minimum gap between cues in milliseconds at the project frame rate."""
        return frames_to_ms(self.limits.min_gap_frames, self.frame_rate)

    @property
    def kind(self) -> str:
        """``descriptions`` for an audio description track, else ``subtitles``."""
        return DESCRIPTIONS if self.description is not None else SUBTITLES

    @property
    def is_translation(self) -> bool:
        """Whether there is a master in another language to compare with."""
        return self.master is not None and (self.lang or "") != (self.master_lang or "")

    def problem(self, index: int | None, message: str, *, text_line: int | None = None,
                line: int | None = None, severity: Severity | None = None) -> Problem:
        """A problem of the running rule at cue ``index`` (0-based); ``text_line`` picks a
        line of the cue text. The rule's id and default severity are filled in here (a rule
        passes ``severity`` only to escalate, as reading-speed does above its hard limit)."""
        rule = self.rule
        found = rule.severity if severity is None else severity
        message = self._messages.setdefault(message, message)
        if index is None:
            return Problem(self.path, rule.id, found, None, line, message)
        cue: Cue = self.cues[index]
        if line is None and cue.line:
            line = cue.line + (1 + text_line if text_line is not None else 0)
        return Problem(self.path, rule.id, found, index + 1, line, message)


def missing_terms(ctx: Context, statuses: tuple[str, ...]) -> Iterator[tuple[int, Entry]]:
    """(translated cue index, entry) for master terms the translation does not carry.

    A term of a master cue must appear in a translated cue aligned with it, or in the cue
    before or after one of those (a sentence may run across cues). do-not-translate terms
    also count in their master spelling. Each missing term is reported once per master cue,
    at its first aligned translated cue.
    """
    hits, glossary, alignment = ctx.term_hits, ctx.glossary, ctx.alignment
    if hits is None or glossary is None or alignment is None:
        return
    lang = ctx.lang or ""
    chosen = glossary.status_set(*statuses)
    keep_source = "do-not-translate" in statuses
    n = len(ctx.cues)
    for m, translated in enumerate(alignment.translation_for):
        wanted = hits.source[m] & chosen
        if not wanted or not translated:
            continue
        nearby = {j for t in translated for j in (t - 1, t, t + 1) if 0 <= j < n}
        have: set[int] = set().union(*(hits.target[j] for j in nearby))
        for index in sorted(wanted - have):
            entry = glossary.entries[index]
            if entry.forms(lang) or keep_source:
                yield translated[0], entry


# The order in which fixes run: characters (controls become spaces) before text (spacing,
# typography), text before line layout (reflow needs the final words), layout before
# timing (reading speed depends on the text), and renumbering last.
PHASES = ("characters", "text", "layout", "timing", "structure")

CheckFunction = Callable[[Context], Iterable[Problem]]
# A fix returns the whole track, changed only where its rule finds a problem; it never
# moves a start time, never drops or reorders a word, and is idempotent.
FixFunction = Callable[[Context], Track]


def map_text(ctx: Context, change: Callable[[str], str],
             when: Callable[[str], object] | None = None,
             only: Iterable[int] | None = None) -> Track:
    """The track with ``change`` applied to every cue's text (the same track object, and
    the same cue objects, where nothing changes). ``when`` is a cheap test that a text may
    need the change at all (usually the rule's compiled pattern's ``search``); ``only``: the
    cues that may need it, when the rule knows (the others are not looked at)."""
    cues: list[Cue] | None = None
    track_cues = ctx.cues
    for i in range(len(track_cues)) if only is None else only:
        cue = track_cues[i]
        if when is not None and not when(cue.text):
            continue
        text = change(cue.text)
        if text != cue.text:
            if cues is None:
                cues = list(ctx.cues)
            cues[i] = cue.with_text(text)
    return ctx.track._replace(cues=tuple(cues)) if cues is not None else ctx.track


def map_lines(ctx: Context, change: Callable[[str], str],
              when: Callable[[str], object] | None = None) -> Track:
    """``map_text`` line by line."""
    return map_text(ctx, lambda text: "\n".join(change(line) for line in text.split("\n")),
                    when)


def with_ends(ctx: Context, ends: dict[int, int]) -> Track:
    """The track with new end times for the cues at the given indices."""
    if not ends:
        return ctx.track
    cues = list(ctx.cues)
    for i, end in ends.items():
        cues[i] = cues[i].with_end(end)
    return ctx.track._replace(cues=tuple(cues))


def extend_to(ctx: Context, i: int, wanted: int) -> int:
    """The latest end up to ``wanted`` that cue ``i`` may take without crowding the next
    cue, passing the film's end or the maximum duration (never earlier than its end)."""
    cue = ctx.cues[i]
    limit = min(wanted, cue.start + ctx.limits.max_duration)
    room = free_until(ctx, i)
    if room is not None:
        limit = min(limit, room)
    return max(limit, cue.end)


def free_until(ctx: Context, i: int) -> int | None:
    """How far cue ``i`` may run: the next cue's start less the minimum gap, or the film's
    end for the last cue (None when the film's duration is not configured)."""
    if i + 1 < len(ctx.cues):
        return ctx.cues[i + 1].start - ctx.min_gap
    return ctx.film_duration


class Rule(NamedTuple):
    """A registered rule. ``doc`` (the module docstring) is its manual.

    A named tuple, not a frozen dataclass, as the other values ``subtool check`` makes at
    start-up (``subtool.core.model``): a named tuple cannot check itself when made, so
    the registry (``subtool.rules``) calls ``validate`` for every rule.
    """

    id: str
    severity: Severity
    summary: str
    check: CheckFunction
    doc: str
    needs_master: bool = False
    fix: FixFunction | None = None
    # When the fix runs (``PHASES``: characters before text, text before line layout, layout
    # before timing), and whether ``subtool build`` may apply it to the files it exports:
    # only fixes that change neither timing nor line layout are.
    phase: str = ""
    export_safe: bool = False
    # Whether the fix of a cue depends only on the cue and its neighbours, so that later
    # passes of ``subtool fix`` may show it only the cues next to what changed. Not so for a
    # fix that weighs the whole track (shot-change: the track's constant shift against the
    # film's speech).
    local: bool = True
    # Whether the check records what it looked up in the run's word caches (saved when the
    # command ends): such a rule runs in the main process when a large track's rules are
    # shared between two (``subtool.pipeline.rule_split``).
    learns: bool = False

    def validate(self) -> None:
        """Raise ``ValueError`` if the rule's fix, phase and ``export_safe`` disagree
        (the registry calls it for every rule it holds)."""
        if (self.fix is None) != (self.phase == "") or (self.phase and self.phase not in PHASES):
            raise ValueError(f"rule {self.id}: a fix needs a phase out of {PHASES}, and only a "
                             "fix has one")
        if self.export_safe and self.fix is None:
            raise ValueError(f"rule {self.id}: export_safe without a fix")

    @property
    def fixable(self) -> bool:
        """Whether ``subtool fix`` can repair what this rule finds."""
        return self.fix is not None


def _no_check(_ctx: Context) -> Iterable[Problem]:
    return ()


_NO_RULE = Rule("", Severity.ERROR, "", _no_check, "")
