"""Translators' workflow: accepting translations and importing delivered subtitle files.

Everything here validates before anything is written and returns new values; the CLI
writes the track and the translation state atomically afterwards. A delivered file is
aligned to the master by time; its cues are never dropped, and a delivery that would lose
existing translations, is for another language, or cannot be read is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from subtool.core.align import Alignment, align
from subtool.core.errors import ContentError, UsageError
from subtool.core.model import Track
from subtool.core.patterns import lazy
from subtool.core.text import (
    char_name,
    has_visible_text,
    not_importable,
    strip_markup,
    unholdable,
)
from subtool.core.timecode import format_short
from subtool.languages import is_rtl, known, lookup
from subtool.languages.i18n import _
from subtool.languages.schema import Language
from subtool.languages.scripts import NAMES, count_letters
from subtool.translation.state import State, normal_text, record


def guess_language(text: str) -> tuple[str | None, str]:
    """(the known language the text most looks like, or None; its ISO 15924 script).

    Among the languages of the text's main script, the one whose alphabet holds the most of
    the text's letters wins (German text has ü and ß, which Finnish lacks), and between
    equals the one with most of its distinctive letters (Russian ы э ё against Bulgarian
    ъ). None unless that language shows at least three distinctive letters: plain Latin
    text could be any of a dozen languages.
    """
    counts = count_letters(text)
    if not counts:
        return None, ""
    script = max(counts, key=lambda s: counts[s])
    letters = Counter(c for c in text.lower() if c.isalpha() and not c.isascii())
    ranked = []
    for code in known():
        language = lookup(code)
        if language is None or language.script != script:
            continue
        foreign = sum(n for c, n in letters.items() if c not in language.alphabet)
        own = sum(text.count(c) for c in language.distinctive)
        ranked.append((foreign, -own, code))
    if not ranked:
        return None, script
    _foreign, best_own, best = min(ranked)
    return (best if -best_own >= 3 else None), script


def check_language(track: Track, lang: str, path: str) -> None:
    """Refuse a file whose text is plainly in another language or script than ``lang``."""
    check_text_language((c.text for c in track.cues), lang, path)


def check_text_language(texts: Iterable[str], lang: str, path: str) -> None:
    """Refuse texts (a delivery's cues or units) plainly in another language or script than
    ``lang``: the one check of every import, whatever the file's format says its language
    is."""
    text = " ".join(strip_markup(t) for t in texts)
    language = lookup(lang)
    guess, script = guess_language(text)
    if language is None or not script:
        return
    if script != language.script:
        raise ContentError(f"is written in the {NAMES.get(script, script)} script, but "
                           f"{language.english} is written in "
                           f"{NAMES.get(language.script, language.script)}: is this the "
                           f"file for {lang}?", path=path,
                           hint="nothing was changed")
    other = lookup(guess)
    if other is not None and other is not language:
        own_count = sum(text.count(c) for c in language.distinctive)
        other_count = sum(text.count(c) for c in other.distinctive)
        if other_count >= 3 * max(own_count, 1):
            raise ContentError(f"looks like {other.english}, not {language.english} (it has "
                               f"{other_count} letters typical of {other.english})", path=path,
                               hint=f"check that this is the {lang} file; nothing was changed")
    _check_common_words(text, language, lang, path)


_WORDS = lazy(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Below this many words a text is too short to tell languages of one script by their words.
_ENOUGH_WORDS = 40


def _common(language: Language) -> frozenset[str]:
    """A language's most common words, from its file: articles, prepositions, conjunctions."""
    return language.segment.function_words | language.segment.conjunctions


def _check_common_words(text: str, language: Language, lang: str, path: str) -> None:
    """Refuse a text in another language of the same script that has no letters of its own
    (English delivered as Turkish, Polish or Italian passed the letter checks): its most
    common words say which language it is."""
    words = _WORDS.findall(text)
    if len(words) < _ENOUGH_WORDS:
        return
    best, best_count, own = None, 0, 0
    for code in known():
        other = lookup(code)
        if other is None or other is language or other.script != language.script:
            continue
        # Words both languages have ("a" and "in" are English and Italian) tell nothing.
        mine, theirs = _common(language), _common(other)
        count = sum(1 for w in words if other.fold(w) in theirs - mine)
        if count > best_count:
            best, best_count = other, count
            own = sum(1 for w in words if language.fold(w) in mine - theirs)
    # Common words are about a fifth of running text; a tenth from another language and
    # five times the claimed one's is no accident.
    if best is not None and best_count >= len(words) // 10 and best_count >= 5 * max(own, 1):
        raise ContentError(
            f"looks like {best.english}, not {language.english}: {best_count} of its "
            f"{len(words)} words are common {best.english} words, {own} common "
            f"{language.english} ones", path=path,
            hint=f"check that this is the {lang} file; nothing was changed")


@dataclass(frozen=True)
class Imported:
    """A validated delivery: the new track and state, and what changed."""

    track: Track
    state: State
    changed: tuple[int, ...]
    unaligned: tuple[int, ...]


def import_track(delivered: Track, current: Track | None, master: Track, state: State | None,
                 *, lang: str, path: str) -> Imported:
    """Validate a delivered translation and return what the project would hold after it."""
    errors = [d for d in delivered.diagnostics if d.rule == "parse-error"]
    if errors:
        raise ContentError(f"cannot be imported: {errors[0].message}", path=path,
                           line=errors[0].line,
                           hint="ask the translator for a corrected file; nothing was changed")
    if not delivered.cues:
        raise ContentError("has no cues", path=path, hint="nothing was changed")
    refuse_unholdable(delivered, path, lang=lang)
    check_language(delivered, lang, path)
    alignment = align(master.cues, delivered.cues)
    unaligned = tuple(i + 1 for i, m in enumerate(alignment.master_for) if not m)
    if current is not None:
        lost = _lost(current, delivered, master)
        if lost:
            raise ContentError(
                f"would lose {len(lost)} existing translation(s): the delivery has no text at "
                + ", ".join(lost[:5]) + (" …" if len(lost) > 5 else ""), path=path,
                hint="ask the translator to deliver the whole track; nothing was changed")
    changed = []
    previous = {(c.start, c.end): normal_text(c.text) for c in (current.cues if current else ())}
    for i, cue in enumerate(delivered.cues):
        if previous.get((cue.start, cue.end)) != normal_text(cue.text):
            changed.append(i)
    unknown = [i for i, cue in enumerate(delivered.cues)
               if state is None or state.entry_for(cue) is None]
    # An empty cue is a missing translation, never one a person accepted.
    to_record = sorted(i for i in set(changed) | set(unknown)
                       if has_visible_text(delivered.cues[i].text))
    new_state = record(state, delivered, master, alignment, cues=to_record, origin="human")
    track = Track(delivered.cues, "srt")
    return Imported(track, new_state, tuple(i + 1 for i in changed), unaligned)


def refuse_unholdable(track: Track, path: str, *, lang: str) -> None:
    """Refuse a delivery with a character an import does not let in
    (``core.text.not_importable``: one a subtitle cannot hold, one the control-chars rule
    reports in ``lang``, a tab), naming the cue, its line and the character."""
    rtl = is_rtl(lang)
    for number, cue in enumerate(track.cues, 1):
        bad = not_importable(cue.text, rtl=rtl)
        if bad is None:
            continue
        line = cue.line + 1 + cue.text.count("\n", 0, cue.text.index(bad)) if cue.line \
            else None
        raise ContentError(_("cue {number} at {time} contains {character}, {why}").format(
            number=number, time=format_short(cue.start), character=char_name(bad),
            why=refusal_reason(bad)), path=path, line=line,
            hint=_("delete it (subtool check names every one) and deliver the file again; "
                   "nothing was changed"))


def refusal_reason(char: str) -> str:
    """Why an import refuses ``char`` (one ``core.text.not_importable`` found), in words."""
    if char == "\t":
        return _("which players show each in their own way: replace it with a space")
    if unholdable(char) is not None:
        return _("which a subtitle cannot hold")
    return _("an invisible character that subtool check reports as an error")


def _lost(current: Track, delivered: Track, master: Track) -> list[str]:
    """Master cues that had a translation and that the delivery leaves without text (no
    cue at their time, or only cues without text)."""
    had = align(master.cues, current.cues)
    gets = align(master.cues, delivered.cues)
    lost = []
    for m, cue in enumerate(master.cues):
        translated = any(has_visible_text(current.cues[t].text) for t in had.translation_for[m])
        kept = any(has_visible_text(delivered.cues[t].text) for t in gets.translation_for[m])
        if translated and not kept:
            lost.append(f"{format_short(cue.start)} (master cue {m + 1})")
    return lost


def accept(state: State | None, track: Track, master: Track,
           cues: Iterable[int] | None = None) -> tuple[State, int]:
    """Record the given cues (1-based; all when None) as accepted against the current master."""
    alignment = align(master.cues, track.cues)
    chosen: list[int] | None = None
    if cues is not None:
        chosen = []
        for number in cues:
            if not 1 <= number <= len(track.cues):
                raise UsageError(f"cue {number}: the track has cues 1 to {len(track.cues)}")
            if number - 1 not in chosen:  # --cue 3 --cue 3 is cue 3 once
                chosen.append(number - 1)
    # A cue without visible text is a missing translation: nothing to accept.
    aligned_cues = [i for i in (chosen if chosen is not None else range(len(track.cues)))
                    if alignment.master_for[i] and has_visible_text(track.cues[i].text)]
    return record(state, track, master, alignment, cues=aligned_cues, status="accepted"), \
        len(aligned_cues)


@dataclass(frozen=True)
class StaleItem:
    """One entry of a translator's to-do list.

    ``kind`` is ``stale`` (a translation to look at again) or ``missing`` (a master cue
    without one). A stale item's ``change`` says what happened to the German:
    ``reworded`` (its words changed), ``split`` (the translated cue now spans several
    master cues: split the translation the same way) or ``merged`` (several translated cues
    share one master cue now: merge them).
    """

    kind: str  # "stale" or "missing"
    cue: int | None  # translated cue number (None when the cue is missing altogether)
    start: int
    old_german: str  # the German the translation was made from ("" when not recorded)
    new_german: str  # the German now, in full
    translation: str  # the translation now, in full (all cues of a merge)
    change: str = ""  # stale items: "reworded", "split" or "merged"
    master_cues: tuple[int, ...] = ()  # the master cues (1-based) it belongs to now
    parts: tuple[str, ...] = ()  # the German of each of those master cues now
    cues: tuple[int, ...] = ()  # the translated cues (1-based) it covers
    translations: tuple[str, ...] = ()  # the text of each of those cues


def _old_german(state: State | None, track: Track, cues: Sequence[int]) -> str:
    if state is None:
        return ""
    entries = [state.entry_for(track.cues[t]) for t in cues]
    return " ".join(e.master for e in entries if e is not None)


def _stale(master: Track, track: Track, state: State | None, alignment: Alignment,
           t: int) -> StaleItem | None:
    """The to-do item of translated cue ``t`` (0-based), or None when it is current."""
    masters = alignment.master_for[t]
    if not masters:
        return None  # a cue without a master cue: cue-parity reports it
    group = alignment.translation_for[masters[0]] if len(masters) == 1 else (t,)
    if len(group) > 1 and t != group[0]:
        return None  # a merge is one item, on its first translated cue
    if not any(has_visible_text(track.cues[k].text) for k in group):
        return None  # nothing translated yet: listed as missing
    parts = tuple(normal_text(master.cues[m].text) for m in masters)
    new = " ".join(parts)
    old = _old_german(state, track, group)
    if len(masters) > 1:
        change = "split"
    elif len(group) > 1:
        change = "merged"
    elif state is not None and old and old != new:
        change = "reworded"
    else:
        return None
    texts = tuple(track.cues[k].text for k in group)
    return StaleItem("stale", t + 1, track.cues[t].start, old, new, "\n".join(texts), change,
                     tuple(m + 1 for m in masters), parts, tuple(k + 1 for k in group), texts)


def todo(master: Track, track: Track | None, state: State | None) -> list[StaleItem]:
    """What a translator has to do, in time order: cues whose German changed since they were
    translated (reworded, split or merged master cues, in full), and master cues still
    without a translation.

    Split and merged cues are found from the alignment by time, so they are listed even
    when their words did not change (the translation must still be cut like the master)
    and even without a recorded state.
    """
    items: list[StaleItem] = []
    if track is None:
        return [StaleItem("missing", None, c.start, "", normal_text(c.text), "",
                          master_cues=(m + 1,), parts=(normal_text(c.text),))
                for m, c in enumerate(master.cues) if has_visible_text(c.text)]
    alignment = align(master.cues, track.cues)
    for t in range(len(track.cues)):
        item = _stale(master, track, state, alignment, t)
        if item is not None:
            items.append(item)
    for m, cue in enumerate(master.cues):
        if not has_visible_text(cue.text):
            continue
        translated = alignment.translation_for[m]
        if not any(has_visible_text(track.cues[t].text) for t in translated):
            text = normal_text(cue.text)
            items.append(StaleItem("missing", translated[0] + 1 if translated else None,
                                   cue.start, "", text, "", master_cues=(m + 1,),
                                   parts=(text,), cues=tuple(t + 1 for t in translated)))
    return sorted(items, key=lambda item: item.start)
