"""Whether a language's track can be published: ready, needs review, or blocked.

- **blocked**: a problem at the blocking severity (errors; warnings too under ``--strict``)
  other than the review kinds below — the track cannot go online as it is.
- **needs review**: machine drafts nobody has accepted yet, or translations made for an
  older German text (``machine-translation``, ``stale-translation``) — a person must read
  them; staff may still publish knowingly (``--allow-review``).
- **ready**: neither.

A review kind configured as an error blocks like any error.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from subtool.core.model import DESCRIPTIONS, SUBTITLES, Problem, Severity, Track
from subtool.core.text import visible_lines
from subtool.core.timecode import format_short
from subtool.languages import lookup
from subtool.languages.i18n import _


class Status(StrEnum):
    """A track's publishing status."""

    READY = "ready"
    NEEDS_REVIEW = "needs review"
    BLOCKED = "blocked"


# The rules whose problems mean "a person has to look at this translation".
REVIEW_RULES = frozenset({"stale-translation", "machine-translation"})


@dataclass(frozen=True)
class LanguageResult:
    """Everything the build learned about one language's track."""

    lang: str
    path: str
    is_master: bool
    track: Track
    problems: tuple[Problem, ...]
    blocking: Severity = Severity.ERROR
    kind: str = SUBTITLES  # or DESCRIPTIONS: the language's audio description track

    @property
    def errors(self) -> int:
        """Error-level problems."""
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Warning-level problems."""
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def blockers(self) -> list[Problem]:
        """Problems that keep this track from being published."""
        return [p for p in self.problems if p.severity.rank >= self.blocking.rank
                and (p.rule not in REVIEW_RULES or p.severity is Severity.ERROR)]

    @property
    def review(self) -> list[Problem]:
        """Cues a person has to review before the track is ready (not blocking)."""
        blocking = set(self.blockers)
        return [p for p in self.problems if p.rule in REVIEW_RULES and p not in blocking]

    @property
    def status(self) -> Status:
        """Ready, needs review, or blocked."""
        if self.blockers:
            return Status.BLOCKED
        if self.review:
            return Status.NEEDS_REVIEW
        return Status.READY

    @property
    def ready(self) -> bool:
        """Whether the track can be uploaded as it is."""
        return self.status is Status.READY

    def publishable(self, allow_review: bool = False) -> bool:
        """Ready, or (knowingly) needing review."""
        return self.status is Status.READY or (
            allow_review and self.status is Status.NEEDS_REVIEW)

    @property
    def name(self) -> str:
        """The language's own name (with "audio description" for a description track)."""
        language = lookup(self.lang)
        native = language.native if language else self.lang
        if self.kind == DESCRIPTIONS:
            return _("{language} – audio description").format(language=native)
        return native

    @property
    def english_name(self) -> str:
        """The language's English name (for staff instructions)."""
        language = lookup(self.lang)
        return language.english if language else self.lang

    @cached_property
    def reading_speeds(self) -> list[float]:
        """Characters per second of every cue with text and a positive duration."""
        out = []
        for cue in self.track.cues:
            if cue.duration > 0:
                chars = sum(visible_lines(cue.text)[1])
                if chars:
                    out.append(chars * 1000 / cue.duration)
        return out

    def cue_time(self, cue: int | None) -> str:
        """The start timecode of a cue (1-based), or an empty string."""
        if cue is None or not 0 < cue <= len(self.track.cues):
            return ""
        return format_short(self.track.cues[cue - 1].start)

    def cue_text(self, cue: int | None) -> str:
        """The text of a cue (1-based), or an empty string."""
        if cue is None or not 0 < cue <= len(self.track.cues):
            return ""
        return self.track.cues[cue - 1].text
