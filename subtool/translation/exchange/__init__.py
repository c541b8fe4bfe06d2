"""Round trips through translators' CAT tools: gettext PO (``po``) and XLIFF 2.0 (``xliff``).

Translators who work in Poedit, Weblate, memoQ, Trados or Phrase get the film as one
translation unit per subtitle cue and deliver it back; this package holds what both formats
share, the formats only spell it.

The common model
----------------
- One *unit* per translated cue that aligns with master cue(s) by time
  (``subtool.core.align.align``). Its source is the aligned master text as written (markup kept,
  several master cues joined with ``\\n``), its target the translated cue's text (line breaks
  as ``\\n``). A cue whose aligned German is empty has nothing to translate against and gets
  no unit; neither does a cue without a German cue at the same time.
- The unit id is the translated cue's start time: ``cue@00:01:02.500`` in PO (``msgctxt``),
  ``cue-00:01:02.500`` in XLIFF (``<unit id>`` is an ``xs:NMTOKEN``, which cannot hold ``@``).
  Cue numbers shift when a cue is inserted; start times do not, so import matches units to
  cues by time only. Two cues starting at the same time cannot be told apart and are refused.
- Notes for the translator, per unit: cue number and time range with duration, the maximum
  characters per line and lines for the language, the reading-speed budget in characters
  (``floor(cps_warn × duration / 1000)``, the same figure the ``reading-speed`` rule uses),
  and the translation state. A stale unit also carries the German it was accepted against.

State mapping
-------------
==================================  ======================  ==================================
translation state                   PO                      XLIFF 2.0 ``<segment>``
==================================  ======================  ==================================
accepted (human or machine),        no flag                 ``state="final"``
current German
stale (German changed since)        ``#, fuzzy`` and        ``state="initial"`` and
                                    ``#| msgid`` old German ``<note category="previous-source">``
machine draft, not reviewed         ``#, fuzzy``            ``state="translated"``
                                                            ``subState="subtool:machine"``
human draft, or no state recorded   ``#, fuzzy``            ``state="translated"``
empty translation                   ``msgstr ""``           ``state="initial"``, empty target
==================================  ======================  ==================================

The old German is the text the state file recorded (words separated by single spaces, no
markup: line breaks in the master never make a translation stale, so they are not kept).

Import rules
------------
Everything is validated before anything is returned, and nothing is written here: the
caller writes the track and the state only when ``Imported`` differs from what it had.

- A unit whose target differs from the cue's text replaces the text (times, identifier and
  settings stay; blank lines inside a target are dropped, as SRT and WebVTT cannot hold them).
- A unit marked done (PO without ``fuzzy``, XLIFF ``state="final"``) with a non-empty target
  is recorded as accepted by a person against the German the file shows, unless the text is
  unchanged and the cue was already accepted against that German (or, when the German has
  changed since the export, accepted at all: a later acceptance is not undone). So an export
  followed by an unchanged import returns the very track and state it started from.
- A unit not marked done keeps its state; only when its text was edited and the entry said
  machine does it become a human draft (same German), so that a later machine run (which
  redrafts stale machine drafts) can never overwrite a translator's edit.
- When the German in the file differs from the current German (the master changed between
  export and import), an accepted unit is recorded against the German the translator saw, so
  it shows as stale; its cue number is listed in ``Imported.outdated``.
- Refused with ``ContentError`` (exit 1, path, line where known, what to do): a file for
  another language (by its language field, and by its text, with the same check as a
  delivered subtitle file: ``workflow.check_text_language``), a file that cannot be read, a
  unit id that matches no cue, the same id twice, an empty target (no visible text:
  ``core.text.has_visible_text``, so ``<i></i>`` or a lone U+200B is empty) for a cue that
  has text (the translation would be lost), and a new target with a character an import
  does not let in (``core.text.not_importable``: a control character such as NUL or ESC, a
  lone surrogate, what the control-chars rule reports in the track's language, a tab).
  Cues without a unit in the file stay as they are; none is ever dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from subtool.core.align import Alignment, align
from subtool.core.errors import ContentError
from subtool.core.model import Cue, Track
from subtool.core.text import char_name, has_visible_text, not_importable
from subtool.core.timecode import format_short, format_vtt, parse_clock
from subtool.languages import is_rtl, lookup, primary
from subtool.languages.i18n import _
from subtool.profiles import Limits
from subtool.translation.state import Entry, State, cue_states, master_text, normal_text, record
from subtool.translation.workflow import check_text_language, refusal_reason

PO_ID_PREFIX = "cue@"
XLIFF_ID_PREFIX = "cue-"
MACHINE_SUBSTATE = "subtool:machine"
_UNCHANGED = "nothing was changed"


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation unit: a translated cue, its German and what the state says about it."""

    index: int  # 0-based position of the cue in the track
    cue: Cue
    source: str  # the aligned master text as written, master cues joined with "\n"
    entry: Entry | None
    stale: bool

    @property
    def number(self) -> int:
        """The cue's 1-based number in the track (for people; never used for matching)."""
        return self.index + 1

    @property
    def target(self) -> str:
        """The translation as it stands."""
        return self.cue.text

    @property
    def done(self) -> bool:
        """Accepted against the current German: exported without ``fuzzy`` / as ``final``."""
        return (self.entry is not None and self.entry.status == "accepted" and not self.stale
                and has_visible_text(self.cue.text))

    @property
    def machine_draft(self) -> bool:
        """A machine draft that no person has accepted yet."""
        return self.entry is not None and self.entry.machine and self.entry.status != "accepted"

    @property
    def previous(self) -> str:
        """The German the translation was accepted against, when it has changed since."""
        return self.entry.master if self.stale and self.entry is not None else ""


def unit_id(start: int, prefix: str) -> str:
    """The stable id of the unit of a cue starting at ``start`` ms."""
    return prefix + format_vtt(start)


def start_of(uid: str, prefix: str) -> int | None:
    """The start time named by a unit id, or None when it is not one of ours."""
    if not uid.startswith(prefix):
        return None
    return parse_clock(uid[len(prefix):])


def units(master: Track, track: Track, state: State, *, lang: str = "") -> list[Unit]:
    """The units of ``track`` in track order; two cues with the same start are refused."""
    alignment = align(master.cues, track.cues)
    out: list[Unit] = []
    by_start: dict[int, int] = {}
    for s in cue_states(state, track, master, alignment):
        cue = track.cues[s.index]
        source = "\n".join(master.cues[m].text for m in alignment.master_for[s.index])
        if not has_visible_text(source):
            continue
        if cue.start in by_start:
            raise ContentError(
                f"cues {by_start[cue.start] + 1} and {s.index + 1} of the {lang or 'translated'} "
                f"track both start at {format_short(cue.start)}; translation units are "
                "identified by start time, so these two cannot be told apart",
                hint="correct the timing first (subtool check reports it)")
        by_start[cue.start] = s.index
        out.append(Unit(s.index, cue, source, s.entry, s.stale))
    return out


def budget(limits: Limits, duration: int) -> int:
    """Characters a cue of ``duration`` ms may hold at the warning reading speed."""
    # The reading-speed rule's own figure ("fits"), so the note and the check never disagree.
    return max(math.floor(limits.cps_warn * duration / 1000), 0)


def state_text(unit: Unit) -> str:
    """The translation state in words, as the notes show it."""
    entry = unit.entry
    if entry is None:
        text = "no translation state recorded (not accepted yet)"
    else:
        who = f"machine ({entry.provider})" if entry.machine else "human"
        text = f"{who}, {entry.status}"
    if unit.stale:
        text += "; stale: the German changed since it was accepted"
    return text


def notes(unit: Unit, limits: Limits) -> list[tuple[str, str]]:
    """The translator's notes of a unit as (category, text), in a fixed order."""
    cue = unit.cue
    seconds = f"{cue.duration / 1000:.3f}".rstrip("0").rstrip(".")
    return [
        ("timing", f"cue {unit.number}: {format_vtt(cue.start)} --> {format_vtt(cue.end)} "
                   f"({seconds} s)"),
        ("line-length", f"at most {limits.max_chars} characters per line, "
                        f"{limits.max_lines} lines"),
        ("reading-speed", f"reading speed: at most {budget(limits, cue.duration)} characters "
                          f"in all ({limits.cps_warn:g} per second)"),
        ("state", f"state: {state_text(unit)}"),
        (EXPORTED, f"{EXPORTED_LABEL} {fingerprint(unit.target)}"),
    ]


# The translation as exported, as a short fingerprint in the notes: an import can tell a
# cue the project changed since the export (a later import, a correction) from one the
# translator changed, and never undo the newer text with the file's older one.
EXPORTED = "exported"
EXPORTED_LABEL = "exported translation (subtool compares it on import; leave it):"


def fingerprint(text: str) -> str:
    """12 hex digits of the SHA-256 of ``text``: the same text, the same fingerprint."""
    import hashlib  # noqa: PLC0415 - only exports and imports need it

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def exported_from(note_texts: Sequence[str]) -> str | None:
    """The fingerprint among a delivered unit's notes, if the file still has it (tools
    wrap long comment lines: white space is compared as single spaces)."""
    import re  # noqa: PLC0415

    words = " ".join(" ".join(note_texts).split())
    found = re.search(re.escape(EXPORTED_LABEL) + r" ([0-9a-f]{12})\b", words)
    return found.group(1) if found else None


def language_name(lang: str) -> str:
    """``Turkish (tr)`` for headers that people read."""
    language = lookup(lang)
    return f"{language.english} ({lang})" if language else lang


def same_language(found: str, lang: str) -> bool:
    """Whether a file's language tag names ``lang``: ``tr_TR`` and ``tr-TR`` are Turkish."""
    def norm(tag: str) -> str:
        return tag.strip().replace("_", "-").lower()

    if norm(found) == norm(lang):
        return True
    # CAT tools often write the region (tr_TR); a project language without one accepts it.
    return "-" not in norm(lang) and primary(norm(found)) == norm(lang)


def check_language(found: str | None, lang: str, *, path: str, line: int | None,
                   field: str) -> None:
    """Refuse a file whose language field is missing or names another language."""
    if not found or not found.strip():
        raise ContentError(f"has no {field}: it cannot be checked to be the {lang} file",
                           path=path, line=line,
                           hint=f"set the {field} to {lang!r}, or export the file again with "
                                f"subtool; {_UNCHANGED}")
    if not same_language(found, lang):
        raise ContentError(f"is the {language_name(found.strip())} file ({field} "
                           f"{found.strip()!r}), not {language_name(lang)}", path=path,
                           line=line,
                           hint=f"import it for its own language, or deliver the {lang} file; "
                                f"{_UNCHANGED}")


@dataclass(frozen=True, slots=True)
class Delivered:
    """One unit as read from a delivered file (format-independent)."""

    uid: str
    start: int | None  # from the id; None when the id is not one subtool writes
    source: str
    target: str
    done: bool  # PO without fuzzy, XLIFF state="final"
    line: int | None
    exported: str | None = None  # the fingerprint of the translation as exported


@dataclass(frozen=True)
class Imported:
    """A validated delivery: what the project holds after it.

    ``changed`` lists the 1-based numbers of cues whose text changed, ``accepted`` those
    newly recorded as accepted, ``outdated`` those delivered against German that has changed
    since the export (they stay stale), ``kept`` those whose translation the project changed
    since the export while the file still has the exported text (the newer text stays),
    ``replaced`` those the project and the file both changed (the file's text is taken).
    ``track`` and ``state`` are the very inputs when
    nothing changed, so the caller can leave the files untouched.
    """

    track: Track
    state: State
    changed: tuple[int, ...] = ()
    accepted: tuple[int, ...] = ()
    outdated: tuple[int, ...] = ()
    kept: tuple[int, ...] = ()
    replaced: tuple[int, ...] = ()


def _quote(text: str) -> str:
    lines = text.strip().splitlines()
    return repr(lines[0]) + (" …" if len(lines) > 1 else "")


def _clean_target(text: str) -> str:
    # SRT and WebVTT end a cue at a blank line; the writer would drop empty lines anyway,
    # so the track holds what will be written (parse(compose(t)) == t).
    if "\n\n" in text or text.startswith("\n") or text.endswith("\n"):
        return "\n".join(line for line in text.split("\n") if line.strip())
    return text


def apply(delivered: Sequence[Delivered], master: Track, track: Track, state: State, *,
          lang: str, path: str, id_prefix: str, kind: str) -> Imported:
    """Apply delivered units to ``track`` and ``state`` by the import rules (module doc).

    ``kind`` names the file's unit for messages (``entry`` in PO, ``unit`` in XLIFF).
    """
    where = _Where(path=path, lang=lang, kind=kind, id_prefix=id_prefix)
    by_start = {u.cue.start: u for u in units(master, track, state, lang=lang)}
    _refuse_unholdable(delivered, by_start, path=path, kind=kind, lang=lang)
    # The file's language field is checked by each format; the text itself the same way as
    # a delivered subtitle file's, so a header naming another language cannot slip it in.
    check_text_language((_clean_target(d.target) for d in delivered), lang, path)
    seen: dict[int, Delivered] = {}
    alignment = align(master.cues, track.cues)
    changes = _Changes()
    # Every unit is checked before anything is applied: a refused file changes nothing.
    for d in delivered:
        unit = _unit_for(d, by_start, seen, where)
        seen[unit.cue.start] = d
        target = _target(d, unit, where)
        if d.exported is not None and d.exported != fingerprint(unit.cue.text):
            # The project's translation changed since the export.
            if fingerprint(_clean_target(d.target)) == d.exported:
                changes.kept.append(unit.number)  # the file has the older text: keep the newer
                continue
            if target != unit.cue.text:
                # Both changed (another delivery, a correction, or an earlier import of this
                # very file): the translator's latest text wins, the track keeps a .bak.
                changes.replaced.append(unit.number)
        _take(d, unit, target, changes, master, alignment)
    if not changes.texts and not changes.accept and not changes.to_human_draft:
        return Imported(track, state, outdated=tuple(changes.outdated), kept=tuple(changes.kept),
                        replaced=tuple(changes.replaced))
    cues = list(track.cues)
    for i, text in changes.texts.items():
        cues[i] = cues[i]._replace(text=text)
    new_track = track._replace(cues=tuple(cues))
    new_state = state
    if changes.accept:
        new_state = record(state, new_track, master, alignment, cues=sorted(changes.accept),
                           origin="human", status="accepted")
    new_state = _patch(new_state, new_track, {i: g for i, g in changes.accept.items()
                                              if g != master_text(master, alignment, i)},
                       changes.to_human_draft)
    return Imported(new_track, new_state, tuple(sorted(i + 1 for i in changes.texts)),
                    tuple(sorted(i + 1 for i in changes.accept)), tuple(changes.outdated),
                    tuple(changes.kept), tuple(changes.replaced))


@dataclass(frozen=True, slots=True)
class _Where:
    """The delivered file, as the messages about it name it."""

    path: str
    lang: str
    kind: str  # the file's word for a unit: "entry" (PO) or "unit" (XLIFF)
    id_prefix: str


@dataclass(slots=True)
class _Changes:
    """What a delivery changes, collected unit by unit before anything is applied."""

    texts: dict[int, str] = field(default_factory=dict)  # cue index -> new text
    accept: dict[int, str] = field(default_factory=dict)  # cue index -> German accepted against
    to_human_draft: set[int] = field(default_factory=set)  # edited machine drafts
    outdated: list[int] = field(default_factory=list)  # cue numbers delivered against old German
    kept: list[int] = field(default_factory=list)  # cue numbers changed in the project since
    replaced: list[int] = field(default_factory=list)  # … and in the file too: the file's wins


def _unit_for(d: Delivered, by_start: dict[int, Unit], seen: dict[int, Delivered],
              where: _Where) -> Unit:
    """The unit a delivered one belongs to; refused when it matches none or came before."""
    unit = by_start.get(d.start) if d.start is not None else None
    if unit is None:
        if d.start is None:
            what = f"{where.kind} {d.uid!r} has no cue id written by subtool"
        else:
            what = (f"{where.kind} {d.uid!r} matches no cue of the {where.lang} track that has "
                    f"German at the same time (none starts at {format_short(d.start)})")
        raise ContentError(what, path=where.path, line=d.line,
                           hint=f"ids ({where.id_prefix}<start time>) must stay as exported; "
                                f"export the {where.lang} file again from the current track and "
                                f"redo the edits there; {_UNCHANGED}")
    if d.start in seen:
        raise ContentError(f"{where.kind} {d.uid!r} occurs twice (also line "
                           f"{seen[d.start].line})", path=where.path, line=d.line,
                           hint=f"keep one of the two; {_UNCHANGED}")
    return unit


def _target(d: Delivered, unit: Unit, where: _Where) -> str:
    """The delivered translation as the track will hold it; refused when it is empty and
    the cue has text (the translation would be lost)."""
    target = _clean_target(d.target)
    if not has_visible_text(target) and has_visible_text(unit.cue.text):
        raise ContentError(
            _("{kind} {uid} (cue {number}) has an empty translation (no text a viewer "
              "would see): importing it would lose the translation {translation}").format(
                  kind=where.kind, uid=repr(d.uid), number=unit.number,
                  translation=_quote(unit.cue.text)),
            path=where.path, line=d.line,
            hint=_("translate it again, or delete the {kind} from the file (cues missing "
                   "from the file stay as they are); nothing was changed").format(
                       kind=where.kind))
    return target


def _take(d: Delivered, unit: Unit, target: str, changes: _Changes, master: Track,
          alignment: Alignment) -> None:
    """Note what one delivered unit changes: its text, an acceptance (against the German
    the translator saw), or an edited machine draft that becomes a human one."""
    i = unit.index
    changed = target != unit.cue.text
    if changed:
        changes.texts[i] = target
    if not has_visible_text(target):
        return  # an empty translation is never recorded as accepted
    german = master_text(master, alignment, i)
    same_german = d.source == unit.source or normal_text(d.source) == german
    seen_german = german if same_german else normal_text(d.source)
    if not same_german:
        changes.outdated.append(unit.number)
    entry = unit.entry
    if d.done:
        already = (entry is not None and entry.status == "accepted"
                   and (entry.master == seen_german or not same_german))
        if changed or not already:
            changes.accept[i] = seen_german
    elif changed and entry is not None and entry.machine:
        changes.to_human_draft.add(i)


def _refuse_unholdable(delivered: Sequence[Delivered], by_start: dict[int, Unit], *,
                       path: str, kind: str, lang: str) -> None:
    """Refuse a new target with a character an import does not let in
    (``core.text.not_importable``), naming the unit and the character."""
    rtl = is_rtl(lang)
    for d in delivered:
        unit = by_start.get(d.start) if d.start is not None else None
        if unit is None:
            continue  # apply names units that match no cue
        target = _clean_target(d.target)
        bad = not_importable(target, rtl=rtl) if target != unit.cue.text else None
        if bad is not None:
            raise ContentError(
                _("{kind} {uid} (cue {number}) contains {character}, {why}").format(
                    kind=kind, uid=repr(d.uid), number=unit.number, character=char_name(bad),
                    why=refusal_reason(bad)), path=path, line=d.line,
                hint=_("delete it in the translation tool and deliver again; nothing was "
                       "changed"))


def _patch(state: State, track: Track, german: dict[int, str], human: set[int]) -> State:
    """Record other German for some cues (outdated deliveries) and make edited machine drafts
    human drafts; every other entry stays exactly as it is."""
    if not german and not human:
        return state
    wanted: dict[int, Entry] = {}  # id() of the old entry object -> its replacement
    for i in set(german) | human:
        cue = track.cues[i]
        old = state.entry_for(cue)
        if old is None:
            continue
        entry = replace(old, start=cue.start, end=cue.end)
        if i in german:
            entry = replace(entry, master=german[i])
        if i in human:
            entry = replace(entry, origin="human", status="draft")
        wanted[id(old)] = entry
    entries = tuple(wanted.get(id(e), e) for e in state.entries)
    return State(tuple(sorted(entries, key=lambda e: (e.start, e.end))))
