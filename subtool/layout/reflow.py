"""Line breaking ("reflow"): re-break a cue's text into the best lines that fit.

The rules are the ones Netflix's general requirements, the BBC and ARD agree on
(``shared/reference/subtitle-standards.md``, "Line breaking"):

- keep the text on one line when it fits; otherwise use two lines (or as few as fit);
- make them as balanced as possible, and bottom-heavy (the lower line longer) when unequal;
- break after punctuation, before conjunctions and before prepositions;
- never separate article and noun, adjective and noun, first and last name, subject pronoun
  and verb, a verb and its auxiliary, reflexive pronoun or negation, a prepositional verb and
  its preposition; avoid a one-word line.

A cue has few words, so every way of breaking it is scored with one cost function and the
cheapest wins (ties go to the earliest breaks). The cost function is documented next to its
constants below and in ``subtool/languages/README.md``; the word lists that approximate
the grammar ("an article precedes a noun, so never break right after one") live in one TOML
file per language in ``subtool/languages`` (section ``[linebreak]``).

What reflow never changes: the words and their order (only whitespace and, in right-to-left
tracks, the U+200F marks at line starts), markup tags (a tag stays glued to its word), the
inside of a bracketed SDH label (``[ruhige Musik]``), and dialogue cues (one line per speaker,
each starting with a dash), which are returned as they are. Reflow is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from itertools import accumulate, pairwise
from typing import NamedTuple

from subtool.core.patterns import lazy
from subtool.core.text import (
    BIDI_CONTROLS,
    MAY_EXTEND_RE,
    OTHER_SPACES,
    RLM,
    TAG_RE,
    UNUSUAL_RE,
    WORD_SPACE_RE,
    has_unusual,
    needs_rlm,
    visible,
    visible_length,
)
from subtool.languages import is_rtl, lookup
from subtool.languages.schema import EMPTY_LINEBREAK, LineBreak, fold_default
from subtool.layout.search import fewest_lines, word_width
from subtool.layout.words import words_of

__all__ = ["BreakFault", "break_faults", "fits_one_line", "reflow", "screen_breaks"]


# ---------------------------------------------------------------------------------------
# The cost function. Every way of breaking a cue into lines costs the sum of
#   - one break cost per line break (what the words on either side of it are), and
#   - one shape cost per pair of adjacent lines (how their lengths compare), and
#   - ONE_WORD for each line that holds a single word.
# A break that must never happen (inside a bracketed label, after a lone dialogue dash,
# before a dash that would read as a new speaker) is not scored at all: it is impossible.
# ---------------------------------------------------------------------------------------

# Base cost of a break, by what ends the line. A sentence end is by far the best place (one
# sentence per line), so it beats a balanced break elsewhere even when the top line is some
# 20 characters longer. After a comma and before a conjunction come next, then before a
# preposition: the places Netflix, BBC and ARD name, in their order. The figures were tuned
# on the film's cues whose lines the translators broke by hand: reflow breaks most of them
# the same way, and tests/test_reflow.py keeps it so (most of the rest differ in taste).
SENTENCE = 0        # after . ! ? … ؟ (and the language's own, Greek ";")
CLAUSE = 200        # after , ; : ، ؛ a spaced dash, or a closing bracket (end of an SDH label)
CONJUNCTION = 200   # before a conjunction (and, weil, çünkü, أو …)
PREPOSITION = 250   # before a preposition, or after a postposition (Turkish "için")
PLAIN = 300         # anywhere else between two words

# Added to the base cost. NEVER outweighs the worst base cost, shape and one-word line
# together (300 + 5 × 42 + 20 + 300 = 830), so a "never" break wins only over breaks that
# are bad for other reasons too, or when nothing else fits (rather than returning None, which
# would leave a too-long cue alone).
NEVER = 1000        # after an article, determiner, possessive, numeral, auxiliary,
                    # negation or (clause-opening) subject pronoun; between a first and a
                    # last name; inside a "keep together" pair; before an enclitic
AFTER_PREPOSITION = 500  # a preposition left at a line end, cut off from its noun phrase
AFTER_CONJUNCTION = 300  # a conjunction left at a line end
CAPITALISED_PAIR = 300   # German: two capitalised words (Dortmunder Seniorenbüros, an
                         # apposition); nouns are capitalised, so not necessarily a name
COMPLEMENT = 100         # before a word that joins a noun to its complement ("the death | of
                         # my husband", Greek genitive "του"): a weak place for a break
ADJECTIVE_NOUN = 300     # German: inflected word before a capitalised one after an article
                         # (den freien Verbänden): most likely an adjective before its noun
# ONE_WORD (a line of one short word), BALANCE and TOP_HEAVY (the shape of two adjacent
# lines) are the search's: subtool.layout.search.

# Punctuation that ends a sentence or a clause when it ends a word.
_SENTENCE_CHARS = ".!?…؟‼⁇⁈⁉"
_CLAUSE_CHARS = ",;:،؛–—"
# Stripped from a word's end before looking at its punctuation: quotes and closing brackets.
_TRAILING_QUOTES = "\"'”“’‘»«›‹"
_CLOSING_BRACKETS = ")]"
_BRACKETS = {")": "(", "]": "["}
# Dialogue dashes (subtitle-standards.md: a line per speaker, starting with a dash).
_DASHES = "-–"
# Whitespace separates words, except the no-break spaces, which exist to glue words.
_LINE_START_RE = lazy(rf"^(?:\s|{RLM}|(?:{TAG_RE.pattern}))*")
_NUMERAL_RE = re.compile(r"\d+(?:[.,:/]\d+)*")


# ---------------------------------------------------------------------------------------
# Language data
# ---------------------------------------------------------------------------------------


def _break_data(lang: str | None) -> tuple[LineBreak, Callable[[str], str]]:
    """The language's line-break data and its folding of words; a language without a file
    breaks on punctuation, numbers, names, brackets and line shape alone."""
    language = lookup(lang)
    if language is None:
        return EMPTY_LINEBREAK, fold_default
    return language.linebreak, language.fold


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------


class _Word(NamedTuple):
    """One word of the cue as written (tags glued to it) and what the rules need of it."""

    text: str             # as written, with its tags
    vis: str              # as shown: no tags, no bidi controls
    keys: frozenset[str]  # folded look-up forms (with and without a final ".", prefixes off)
    ending: int           # SENTENCE or CLAUSE (the base cost of a break after it), or
                          # _NO_PUNCTUATION
    capitalised: bool
    dash: bool            # starts with a dialogue dash
    only_dash: bool       # is nothing but a dash (a spaced dialogue or parenthetic dash)
    numeral: bool         # a number that is not a year: the noun it counts follows
    roles: int = 0        # what it can do at a break (``_roles_of_word``)

    def is_in(self, words: frozenset[str]) -> bool:
        return not words.isdisjoint(self.keys)


_NO_PUNCTUATION = -1
# A word ``break_faults`` does not look at (far from every break).
_UNSEEN = _Word(text="", vis="", keys=frozenset(), ending=_NO_PUNCTUATION, capitalised=False,
                dash=False, only_dash=False, numeral=False)


def _strip_core(vis: str) -> str:
    start, end = 0, len(vis)
    while start < end and unicodedata.category(vis[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(vis[end - 1]).startswith("P"):
        end -= 1
    return vis[start:end]


def _analyse(text: str, data: LineBreak, fold: Callable[[str], str]) -> _Word:
    vis = visible(text)
    core = fold(_strip_core(vis))
    # The full form keeps a final "." so that "Dr." or "dvs." are found as abbreviations.
    lead = 0
    while lead < len(vis) and unicodedata.category(vis[lead]).startswith("P"):
        lead += 1
    full = fold(vis[lead:].rstrip(_TRAILING_QUOTES + _CLOSING_BRACKETS))
    keys = {core, full}
    for prefix in data.attached_prefixes:
        # Arabic و/ف are written onto the next word ("ولا" = "و" + "لا").
        if core.startswith(prefix) and len(core) - len(prefix) >= 2:
            keys.add(core[len(prefix):])
    stripped = vis.rstrip(_TRAILING_QUOTES + _CLOSING_BRACKETS)
    bracket_end = any(c in _CLOSING_BRACKETS for c in vis[len(stripped):])
    ending = _NO_PUNCTUATION
    if full in data.abbreviations:
        ending = CLAUSE if bracket_end else _NO_PUNCTUATION
    elif stripped and stripped[-1] in _SENTENCE_CHARS + data.sentence_end:
        ending = SENTENCE
    elif (stripped and stripped[-1] in _CLAUSE_CHARS) or bracket_end:
        ending = CLAUSE
    letter = next((c for c in vis if c.isalpha()), "")
    numeral = (ending == _NO_PUNCTUATION and bool(_NUMERAL_RE.fullmatch(core))
               # A four-digit number is most often a year ("Im Jahr 2020 hat …"), which
               # ends a phrase rather than counting the noun after it.
               and not (len(core) == 4 and core.isdecimal()))
    shown = vis.strip()
    word = _Word(text=text, vis=vis, keys=frozenset(k for k in keys if k), ending=ending,
                 capitalised=letter.isupper(), dash=shown[:1] in tuple(_DASHES),
                 only_dash=bool(shown) and all(c in _DASHES for c in shown), numeral=numeral)
    return word._replace(roles=_roles_of_word(word, data))


# ---------------------------------------------------------------------------------------
# Break costs
# ---------------------------------------------------------------------------------------


def _bracket_groups(words: list[_Word]) -> list[tuple[int, int]]:
    """(first, last) word index of every matched ( … ) or [ … ] spanning several words;
    an unmatched bracket is ignored, so a typo does not freeze the cue."""
    groups: list[tuple[int, int]] = []
    shown = "".join(word.vis for word in words)
    if "(" not in shown and "[" not in shown:
        return groups  # no bracket opens (most cues): no need to look at every character
    stack: list[tuple[str, int]] = []
    for i, word in enumerate(words):
        for char in word.vis:
            if char in "([":
                stack.append((char, i))
            elif char in _BRACKETS and stack and stack[-1][0] == _BRACKETS[char]:
                _, start = stack.pop()
                if start < i:
                    groups.append((start, i))
    return groups


def _is_name_pair(left: _Word, right: _Word, data: LineBreak) -> int:
    """Penalty for breaking between two capitalised words."""
    if not (left.capitalised and right.capitalised):
        return 0
    if not data.capitalised_nouns:
        # Where nouns are written in lower case, two capitalised words in a row are a
        # name (Katrin Wollny, Social Welfare Office) or a sentence start plus a name.
        return NEVER
    # German capitalises every noun: only a known first name makes the pair a name; any
    # other pair (Dortmunder Seniorenbüros, Seniorenbüro Eving) is kept together mildly.
    if left.is_in(data.first_names):
        return NEVER
    if left.is_in(data.subject_pronouns):
        return 0  # "Sie" is capitalised as the polite pronoun, not as a noun
    return CAPITALISED_PAIR


def _break_cost(i: int, words: list[_Word], data: LineBreak,
                speakers: bool) -> int | None:
    """Cost of breaking between ``words[i - 1]`` and ``words[i]``; None: never."""
    left, right = words[i - 1], words[i]
    if left.only_dash and (i == 1 or speakers):
        return None  # a dialogue dash stays with the words it introduces
    if right.dash:
        if not speakers:
            return None  # a line starting with a dash reads as a new speaker
        return SENTENCE  # one line per speaker: exactly the break wanted
    cost = NEVER if speakers else 0  # a speaker's words must not continue on a new line

    if left.ending != _NO_PUNCTUATION:
        return cost + left.ending
    lr, rr = left.roles, right.roles
    cost += _role_cost(lr, rr)
    if lr & rr & _CAPITAL and _is_name_pair(left, right, data) == CAPITALISED_PAIR:
        cost += CAPITALISED_PAIR
    return cost + sum(FAULT_COSTS[fault] for fault in _faults(i, words, data))


@cache  # a few hundred pairs of role sets at most
def _role_cost(left: int, right: int) -> int:
    """What the roles (``_roles_of_word``) of the words beside a break add to its cost:
    the break before a conjunction or preposition is a good one, the break after a
    conjunction or before a complement a poor one."""
    base = PLAIN
    if right & _CONJUNCTION:
        base = min(base, CONJUNCTION)
    if right & _PREPOSITION or left & _POSTPOSITION:
        base = min(base, PREPOSITION)
    if right & _COMPLEMENT:
        base += COMPLEMENT
    if left & _CONJUNCTION and not left & _PREPOSITION:
        base += AFTER_CONJUNCTION
    return base


# What a break may separate that belongs together (Netflix's "never separate" list), and
# what each adds to the break's cost.
FAULT_COSTS = {
    "after": NEVER,        # an article, determiner, possessive, numeral, auxiliary, negation
    "before": NEVER,       # an enclitic, reflexive, negation or postposition after its word
    "pronoun": NEVER,      # a subject pronoun and its verb
    "pair": NEVER,         # a keep_together pair (prepositional verb, fixed phrase)
    "name": NEVER,         # a first and a last name
    "preposition": AFTER_PREPOSITION,  # a preposition and its object
    "adjective": ADJECTIVE_NOUN,       # German: an inflected adjective and its noun
}


def _may_fault(left: int, right: int) -> bool:
    """Whether a break between words of these roles may separate what belongs together or
    a name (``_faults`` and the name pair then look closer); most breaks may not."""
    return bool(left & _MAY_FAULT_LEFT or right & _RIGHT or left & right & _CAPITAL)


def _faults(i: int, words: list[_Word], data: LineBreak) -> list[str]:
    """What a break between ``words[i - 1]`` and ``words[i]`` separates (``FAULT_COSTS``
    keys), when ``words[i - 1]`` ends without punctuation."""
    left, right = words[i - 1], words[i]
    if not _may_fault(left.roles, right.roles):
        return []  # nothing below can hold (most breaks between most words)
    before = words[i - 2] if i >= 2 else None
    found = []
    # A word that closes a fixed pair ("haftada bir": once a week) ends a phrase; it does
    # not open the next one as an article would.
    closes_pair = before is not None and before.ending == _NO_PUNCTUATION and any(
        (a, b) in data.keep_together for a in before.keys for b in left.keys)
    if (left.is_in(data.no_break_after) or left.is_in(data.complement_markers)
            or left.numeral) and not closes_pair:
        found.append("after")
    if right.is_in(data.no_break_before) or right.is_in(data.postpositions):
        found.append("before")  # a postposition follows its noun as a preposition precedes it
    if left.is_in(data.prepositions):
        found.append("preposition")
    if left.is_in(data.subject_pronouns) and not (
            before is not None and before.ending == _NO_PUNCTUATION
            and before.is_in(data.prepositions)):
        # A pronoun after a preposition is its object (la ele, da noi), not a subject.
        # In verb-second German a pronoun after the verb ("Dann machen wir | einen
        # Hausbesuch") ends the verb group; only a clause-opening one precedes its verb.
        opens_clause = (before is None or before.ending != _NO_PUNCTUATION
                        or before.is_in(data.conjunctions))
        if not data.verb_second or opens_clause:
            found.append("pronoun")
    if (data.verb_second and right.is_in(data.subject_pronouns)
            and not left.is_in(data.conjunctions)):
        # ... and such a pronoun after its verb stays with it ("besuche | ich" would split
        # the verb from its subject).
        found.append("pronoun")
    if any((a, b) in data.keep_together for a in left.keys for b in right.keys):
        found.append("pair")
    if _is_name_pair(left, right, data) == NEVER:
        found.append("name")
    if data.capitalised_nouns and _adjective_before_noun(i, words, data):
        found.append("adjective")
    return found


def _adjective_before_noun(i: int, words: list[_Word], data: LineBreak) -> bool:
    """Whether ``words[i - 1]`` looks like an inflected adjective before the noun
    ``words[i]`` (German: "mit den freien | Wohlfahrtsverbänden", "viele ältere | Menschen").

    Only after an article, determiner or preposition: without one, an -e/-en word before a
    capitalised one is as often an adverb or a verb ("heute | Katrin", "haben | Fragen").
    """
    left, right = words[i - 1], words[i]
    before = words[i - 2] if i >= 2 else None
    return (right.capitalised and not left.capitalised and before is not None
            and before.ending == _NO_PUNCTUATION
            and (before.is_in(data.no_break_after) or before.is_in(data.prepositions))
            and not right.is_in(data.first_names)
            and any(len(k) > len(e) + 1 and k.endswith(e)
                    for k in left.keys for e in data.adjective_endings))


# Remembered break costs, per language's line-break data (``_break_costs``); at most this
# many per language (a few MB).
_COSTS: dict[int, dict[tuple[str | None, str, str, bool], int | None]] = {}
_COSTS_KEPT = 1 << 17


def _break_costs(words: list[_Word], data: LineBreak,
                 max_chars: int) -> list[int | None]:
    """Cost of a break before each word (index 0 unused)."""
    # A text that opens with a dash and has another dash word holds several speakers.
    speakers = words[0].dash and any(w.dash for w in words[1:])
    costs: list[int | None] = [None]  # no break before the first word
    # A break's cost depends on the two words beside it and the one before (``_faults``):
    # remembered by those words, which most breaks of a file share.
    memo = _COSTS.setdefault(id(data), {})  # by identity: the data live as long as the run
    for i in range(1, len(words)):
        left, right = words[i - 1], words[i]
        if not (speakers or right.dash or left.only_dash):
            # Most breaks: after punctuation, or between words whose roles rule out every
            # fault and a name pair (``_may_fault``): the cost is the roles'.
            if left.ending != _NO_PUNCTUATION:
                costs.append(left.ending)
                continue
            lr, rr = left.roles, right.roles
            if not _may_fault(lr, rr):
                costs.append(_role_cost(lr, rr))
                continue
        key = (words[i - 2].text if i >= 2 else None, left.text, right.text, speakers)
        if key in memo:
            costs.append(memo[key])
            continue
        if len(memo) >= _COSTS_KEPT:
            memo.clear()
        cost = memo[key] = _break_cost(i, words, data, speakers)
        costs.append(cost)
    for start, end in _bracket_groups(words):
        fits = visible_length(" ".join(w.text for w in words[start:end + 1])) <= max_chars
        for i in range(start + 1, end + 1):
            cost = costs[i]
            # Never break inside an SDH label; one longer than a line must break somewhere.
            costs[i] = None if fits or cost is None else cost + NEVER
    return costs


# ---------------------------------------------------------------------------------------
# Public function
# ---------------------------------------------------------------------------------------


def _strip_leading_rlm(line: str) -> str:
    """The line without U+200F in its leading run of spaces, tags and marks."""
    prefix = _LINE_START_RE.match(line)
    end = prefix.end() if prefix else 0
    return line[:end].replace(RLM, "") + line[end:]


def _is_dialogue(lines: list[str]) -> bool:
    """Two or more lines, each opened by a dialogue dash (a blank line makes it no dialogue:
    reflow then joins the speakers' lines again, one per speaker)."""
    return len(lines) >= 2 and all(visible(line).strip()[:1] in tuple(_DASHES)
                                   for line in lines)


@lru_cache(maxsize=1 << 16)
def _line_words(line: str) -> tuple[str, ...]:
    """The words of one line (whitespace normalised, tags glued on), remembered: the lines
    of a cue are looked at again in every pass of ``subtool fix``."""
    return tuple(words_of(WORD_SPACE_RE.sub(" ", line).strip(" ")))


@lru_cache(maxsize=1 << 14)
def _analysed(text: str, lang: str | None) -> _Word:
    """``_analyse`` remembered per word: a film's cues share most of their words, and
    analysing a word (folding, look-ups in every word list) is most of a reflow's time."""
    data, fold = _break_data(lang)
    return _analyse(text, data, fold)


# Remembered: ``subtool fix`` asks again for every cue that cannot be made to fit, in every
# pass and for line-length and max-lines alike (three in four calls on a file full of long
# lines); the size bounds memory at about 50 MB.
@lru_cache(maxsize=1 << 18)
def reflow(text: str, lang: str | None, max_chars: int, max_lines: int = 2) -> str | None:
    """The cue text re-broken into the best lines of at most ``max_chars`` characters.

    ``max_chars`` counts visible grapheme clusters (``text.visible_length``). Returns
    None when the words cannot fit in ``max_lines`` such lines (the caller then leaves the
    cue alone). The words, their order and their tags are kept; whitespace inside lines
    becomes single spaces. A dialogue cue (every line starts with a dash) comes back
    unchanged when its lines fit, None otherwise. In right-to-left languages U+200F is
    removed from line starts and put back where a line would otherwise run left to right.
    Idempotent: ``reflow(reflow(t)) == reflow(t)``.
    """
    if max_chars < 1 or max_lines < 1:
        raise ValueError("max_chars and max_lines must be at least 1")
    rtl = is_rtl(lang)
    given = text.split("\n")
    if _is_dialogue(given):
        fits = len(given) <= max_lines and all(visible_length(line) <= max_chars
                                               for line in given)
        return text if fits else None

    if rtl:
        text = "\n".join(_strip_leading_rlm(line) for line in text.split("\n"))
    # Whitespace is normalised before tags are found, so the words are the same in every
    # pass (idempotence); a tag's own spaces (<font color=…>) stay inside the tag.
    texts = words_of(WORD_SPACE_RE.sub(" ", text).strip(" "))
    if not texts:
        return ""
    if any(word_width(t) > max_chars for t in texts):
        return None  # a word longer than a line fits nowhere (and weighing breaks is slow)
    data = _break_data(lang)[0]
    words = [_analysed(t, lang) for t in texts]
    costs = _break_costs(words, data, max_chars)
    found = fewest_lines(texts, costs, max_lines, max_chars)
    if found is None:
        return None
    lines = [" ".join(texts[a:b]) for a, b in pairwise((0, *found, len(texts)))]
    if rtl:
        lines = [_strip_leading_rlm(line) for line in lines]
        lines = [RLM + line if needs_rlm(line) else line for line in lines]
    return "\n".join(lines)


class BreakFault(NamedTuple):
    """An existing line break that separates what belongs together.

    ``line`` is the 0-based line the break ends; ``left`` and ``right`` are the words on
    either side (as shown); ``fault`` is a key of ``FAULT_COSTS``.
    """

    line: int
    left: str
    right: str
    fault: str


def break_faults(text: str, lang: str | None, max_chars: int = 0) -> list[BreakFault]:
    """The breaks of a cue's existing lines that separate what the language's line-break
    data says belongs together (the same judgement ``reflow`` uses).

    Never a fault: a break after punctuation, before a dialogue dash or inside a dialogue
    cue; a break before a line that is one word of half ``max_chars`` or more (a web
    address stands alone); a break before a conjunction or a preposition, which opens a
    phrase of its own (so the word before it did not lead into it: Bulgarian "пишете ни |
    или елате", Italian "a lungo | a casa").
    """
    return list(_break_faults(text, lang, max_chars))


# Remembered, as ``reflow`` is: ``subtool fix`` asks again for every cue in every pass, and
# on a file where most cues change each pass reruns the rule over the whole track (a
# 20,000-cue file full of problems: 27,927 calls, 14,969 distinct; fix 1.85x check instead of
# 4x). As large as reflow's: a cache smaller than the file would miss on every call.
@lru_cache(maxsize=1 << 18)
def _break_faults(text: str, lang: str | None, max_chars: int) -> tuple[BreakFault, ...]:
    lines = text.split("\n")
    if len(lines) < 2 or _is_dialogue(lines):
        return ()
    data = _break_data(lang)[0]
    per_line = [_line_words(line) for line in lines]
    texts = [t for line in per_line for t in line]
    # Only the words around a break are analysed (a fault looks two words back).
    near = {i for n in accumulate(len(line) for line in per_line[:-1])
            for i in (n - 2, n - 1, n) if 0 <= i < len(texts)}
    words = [_analysed(t, lang) if i in near else _UNSEEN for i, t in enumerate(texts)]
    found: list[BreakFault] = []
    at = 0
    for n, line in enumerate(per_line[:-1]):
        at += len(line)
        nxt = per_line[n + 1]
        if not line or not nxt:
            continue
        left, right = words[at - 1], words[at]
        if (left.ending != _NO_PUNCTUATION or right.dash or left.only_dash
                or right.is_in(data.conjunctions) or right.is_in(data.prepositions)
                or (len(nxt) == 1 and 2 * visible_length(nxt[0]) >= max_chars > 0)):
            continue
        found += [BreakFault(n, left.vis.strip(), right.vis.strip(), fault)
                  for fault in dict.fromkeys(_faults(at, words, data))]
    return tuple(found)


def fits_one_line(text: str, lang: str | None, max_chars: int) -> bool:
    """Whether a cue of several lines (not a dialogue) would fit on one line."""
    lines = text.split("\n")
    if len(lines) < 2 or _is_dialogue(lines):
        return False
    # One line has no break to choose: it fits when the words and single spaces do.
    return visible_length(WORD_SPACE_RE.sub(" ", " ".join(lines)).strip(" ")) <= max_chars


# ---------------------------------------------------------------------------------------
# Screening a whole track
# ---------------------------------------------------------------------------------------

# What a word can do at a break (bits of ``_Word.roles``); the screen asks only these.
_QUIET = 1        # as the left word: ends in punctuation or is a lone dash (never a fault)
_OPENS = 2        # as the right word: a dash, conjunction or preposition opens a phrase
_LEFT = 4         # as the left word: an article, numeral, preposition, pronoun …
_RIGHT = 8        # as the right word: an enclitic, postposition, pronoun after its verb
_PAIR_FIRST = 16  # the first word of a keep_together pair
_PAIR_SECOND = 32
_CAPITAL = 64
_ADJECTIVE = 128  # not capitalised, with an adjective ending (German: "freien")
_LEADS = 256      # an article, determiner or preposition (before an adjective)
_CONJUNCTION = 512     # in the language's conjunctions
_PREPOSITION = 1024    # in its prepositions
_POSTPOSITION = 2048   # in its postpositions
_COMPLEMENT = 4096     # in its complement markers
# The left word's roles that may make a fault whatever the right word is (``_faults``).
_MAY_FAULT_LEFT = _LEFT | _PAIR_FIRST | _ADJECTIVE

# Text the screen cannot split at its spaces as ``words_of`` does: markup, bidi controls,
# no-break spaces (which glue words).
_GLUED = lazy(f"[<{{{BIDI_CONTROLS}\u00a0\u2007\u202f]")
# Whitespace other than a space or a line break.
_OTHER_SPACE = lazy(f"[{OTHER_SPACES}]")


def _odd_spaces(text: str, unusual: bool = True) -> bool:
    """Whether ``text`` has whitespace other than single spaces between words and single
    line breaks between lines (the screen then splits its lines). Written as substring
    tests: one pattern with these alternatives takes 50 ms on 100,000 cues, these 20.
    ``unusual``: False when ``text`` is known to have no character ``UNUSUAL_RE`` finds,
    which include every other space (the pattern of those is then not needed)."""
    return ("  " in text or " \n" in text or "\n " in text or "\n\n" in text
            or text[:1] in " \n" or text[-1:] in " \n"
            or (unusual and _OTHER_SPACE.search(text) is not None))


def _roles_of_word(word: _Word, data: LineBreak) -> int:
    """What ``word`` can do at a break (the bits ``_QUIET`` … ``_LEADS``)."""
    # Each word list is asked once (a check asks this of every distinct word at a break).
    keys = word.keys
    conjunction = not data.conjunctions.isdisjoint(keys)
    preposition = not data.prepositions.isdisjoint(keys)
    no_break_after = not data.no_break_after.isdisjoint(keys)
    complement = not data.complement_markers.isdisjoint(keys)
    pronoun = not data.subject_pronouns.isdisjoint(keys)
    postposition = not data.postpositions.isdisjoint(keys)
    firsts, seconds = _pair_words(data.keep_together)
    bits = (
        (_QUIET, word.ending != _NO_PUNCTUATION or word.only_dash),
        (_OPENS, word.dash or conjunction or preposition),
        (_LEFT, no_break_after or complement or word.numeral or preposition or pronoun
         or (data.capitalised_nouns and not data.first_names.isdisjoint(keys))),
        (_RIGHT, not data.no_break_before.isdisjoint(keys) or postposition
         or (data.verb_second and pronoun)),
        (_PAIR_FIRST, not firsts.isdisjoint(keys)),
        (_PAIR_SECOND, not seconds.isdisjoint(keys)),
        (_CAPITAL, word.capitalised),
        (_ADJECTIVE, not word.capitalised and any(
            len(k) > len(e) + 1 and k.endswith(e) for k in keys
            for e in data.adjective_endings)),
        (_LEADS, no_break_after or preposition),
        (_CONJUNCTION, conjunction),
        (_PREPOSITION, preposition),
        (_POSTPOSITION, postposition),
        (_COMPLEMENT, complement),
    )
    return sum(bit for bit, holds in bits if holds)


@lru_cache(maxsize=64)
def _pair_words(pairs: frozenset[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """The first and the second words of a language's pairs that stay together."""
    return frozenset(a for a, _ in pairs), frozenset(b for _, b in pairs)


class _Roles(dict[str, int]):
    """Each word's roles (``_roles_of_word``) by the word as written, found on the first
    look-up (``roles[word]``); one per language for the whole run (``_roles_of``), since a
    library's tracks share their words."""

    def __init__(self, lang: str | None) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, token: str) -> int:
        found = self[token] = _analysed(token, self.lang).roles
        return found


@lru_cache(maxsize=64)
def _roles_of(lang: str | None) -> _Roles:
    return _Roles(lang)


class _Screen:
    """What ``screen_breaks`` knows of one track's language and width."""

    def __init__(self, lang: str | None, max_chars: int) -> None:
        self.max_chars = max_chars
        self.roles = _roles_of(lang)
        name_pairs = not _break_data(lang)[0].capitalised_nouns
        # The left word's roles that may make a fault, whatever comes after it.
        self.left_mask = _MAY_FAULT_LEFT | (_CAPITAL if name_pairs else 0)
        self.name_pairs = name_pairs

    def suspect(self, left: int, right: int, before: str | None) -> bool:
        """Whether a break between words of these roles may be a fault (``_faults``;
        ``before``: the word before the left one), unless it cannot be one at all."""
        return bool(left & _LEFT or right & _RIGHT or (left & _PAIR_FIRST and right & _PAIR_SECOND)
                    or (self.name_pairs and left & right & _CAPITAL)
                    or (left & _ADJECTIVE and right & _CAPITAL and before is not None
                        and self.roles[before] & _LEADS))

    def lines(self, text: str) -> bool:
        """The screen of a cue without markup, bidi controls or no-break spaces: whether it
        may have a fault, fit on one line or be a dialogue."""
        words = [line.split() for line in text.split("\n")]
        if not all(words) or words[0][0][0] in _DASHES:
            return True  # an empty line (the exact look skips it), or maybe a dialogue
        size = sum(len(w) for line in words for w in line) + sum(map(len, words)) - 1
        if size <= self.max_chars or MAY_EXTEND_RE.search(text):
            return True  # may fit on one line
        roles = self.roles
        for n in range(len(words) - 1):
            top = words[n]
            left, right = roles[top[-1]], roles[words[n + 1][0]]
            if left & _QUIET or right & _OPENS:
                continue
            before = top[-2] if len(top) > 1 else words[n - 1][-1] if n else None
            if self.suspect(left, right, before):
                return True
        return False


def screen_breaks(texts: Sequence[str], lang: str | None, max_chars: int,
                  all_text: str | None = None, plain: bool | None = None) -> list[int]:
    """The cues ``break_faults``, ``fits_one_line`` and a dialogue's dashes must look at:
    every cue of several lines they could find something in, and (nearly) no other.

    A conservative test at the cost of a dictionary look-up per line break: what the words
    on either side of each break can do (``_Roles``, once per distinct word) rules out most
    breaks without analysing the cue (100,000 cues: 1.4 s → 0.1 s). Cues with markup,
    bidi controls or no-break spaces are always passed on. ``plain``: whether no text has a
    character ``UNUSUAL_RE`` finds (``Context.plain``), when known.
    """
    if all_text is None:
        all_text = "\n".join(texts)
    unusual = has_unusual(all_text) if plain is None else not plain
    odd = _odd_spaces(all_text, unusual)
    screen = _Screen(lang, max_chars)
    roles, suspect, left_mask = screen.roles, screen.suspect, screen.left_mask
    out: list[int] = []
    for i, text in enumerate(texts):
        if "\n" not in text:
            continue
        lines = text.split("\n")
        if unusual and UNUSUAL_RE.search(text):
            if _GLUED.search(text) or screen.lines(text):
                out.append(i)
        elif ((odd and _odd_spaces(text, unusual)) or len(lines) > 2 or len(text) <= max_chars
              or text[0] in _DASHES):
            if screen.lines(text):
                out.append(i)
        else:  # two lines of single-spaced words, the usual cue: the same test, inline
            top, bottom = lines
            cut = top.rfind(" ")
            left, right = roles[top[cut + 1:]], roles[bottom.partition(" ")[0]]
            if (not (left & _QUIET or right & _OPENS) and (left & left_mask or right & _RIGHT)
                    and suspect(left, right,
                                top[:cut].rpartition(" ")[2] if cut >= 0 else None)):
                out.append(i)
    return out
