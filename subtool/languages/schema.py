"""The typed form of a language file (``subtool/languages/<code>.toml``) and its validation.

Every section and key is required, so a language is either complete or not listed: a file
that lacks a key, has an unknown one or a value of the wrong type stops with a
``LanguageDataError`` naming the file and the key. The one optional section is
``[description]`` (the audio description's voice): a language gets it once its voice has
been measured, complete like every other section. The meaning of every key is documented in
``README.md`` in this folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from subtool.core.errors import LanguageDataError
from subtool.languages.usercache import remembered

SCRIPTS = ("Latn", "Cyrl", "Grek", "Arab", "Hebr")
CASEFOLD_RULES = ("default", "turkic")
# Profiles whose figures a language may override (the profiles themselves: subtool.profiles).
PROFILE_NAMES = ("netflix", "broadcast-de", "senior")
LIMIT_NAMES = ("max_lines", "max_chars", "cps_warn", "cps_error", "min_duration",
               "max_duration", "min_gap_frames", "shot_window_frames", "shot_gap_frames",
               "shot_min_side_ms")
PROVIDER_NAMES = ("deepl", "google", "libre")

# Arabic harakat, superscript alef and tatweel: optional marks, never part of a look-up key.
_ARABIC_MARKS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654"
                          "\u0655\u0656\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e"
                          "\u065f\u0670\u0640")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
# Deleting them with ``str.translate`` (C) rather than a test of each character in Python:
# the line-break word lists fold some 600 words on a check's first line break.
_NO_ARABIC_MARKS = dict.fromkeys(map(ord, _ARABIC_MARKS))


# A language's sections are named tuples, not frozen dataclasses: as immutable, and made
# in a sixth of the time (every command makes the classes at start-up; README,
# Performance: start-up).
class LineBreak(NamedTuple):
    """Where a line of this language may break (``[linebreak]``; README.md has the costs).

    Words are stored folded (see ``Language.fold``), the form a word of the text is looked
    up in.
    """

    no_break_after: frozenset[str]
    no_break_before: frozenset[str]
    complement_markers: frozenset[str]
    subject_pronouns: frozenset[str]
    conjunctions: frozenset[str]
    prepositions: frozenset[str]
    postpositions: frozenset[str]
    keep_together: frozenset[tuple[str, str]]
    abbreviations: frozenset[str]
    first_names: frozenset[str]
    capitalised_nouns: bool
    verb_second: bool
    adjective_endings: tuple[str, ...]
    attached_prefixes: tuple[str, ...]
    sentence_end: str


EMPTY_LINEBREAK = LineBreak(frozenset(), frozenset(), frozenset(), frozenset(), frozenset(),
                            frozenset(), frozenset(), frozenset(), frozenset(), frozenset(),
                            False, False, (), (), "")


class Segmenting(NamedTuple):
    """How a transcript of this language is cut into cues (``[segment]``)."""

    ordinal_dot: bool
    conjunctions: frozenset[str]
    function_words: frozenset[str]
    name_particles: frozenset[str]


# The analysers a language's terminology matching may unite (``[morphology] method``):
# field libraries, and the hand-written rules for what no library serves.
ANALYSERS = ("simplemma", "hunspell", "snowball", "pymorphy3", "clitics", "endings")


class Morphology(NamedTuple):
    """How glossary terms are found in their inflected forms (``[morphology]``).

    ``method`` names the analysers whose keys (lemmas, stems) are united for a word;
    ``endings`` and ``prefixes`` are the hand-written rules for names (which no lexicon
    has) and for languages no library serves (method ``endings``).
    """

    method: tuple[str, ...]
    reason: str
    simplemma: str
    greedy: bool
    fallback: bool
    snowball: str
    hand_written: str
    term_suffixes: tuple[str, ...]
    enclitics: tuple[str, ...]
    clitic_spelling: Mapping[str, str]
    number_endings: Mapping[str, str]
    endings: tuple[str, ...]
    prefixes: tuple[str, ...]

    @property
    def library(self) -> bool:
        """Whether a field library analyses the words (not only the ending lists)."""
        return any(name != "endings" for name in self.method)


class DescriptionVoice(NamedTuple):
    """How this language's audio descriptions are spoken (``[description]``).

    ``voice`` is an espeak-ng voice name, ``rate_wpm`` the rate handed to espeak-ng (its
    ``-s``, nominal words per minute), ``chars_per_second`` what that voice really speaks at
    that rate (visible characters per second of trimmed speech, measured: README.md), which
    the ``description-fit`` rule uses to tell how long a description takes to say.
    ``iso639_2`` is the language's ISO 639-2/T code, the tag MP4 and Matroska files give a
    sound track (``deu``).
    """

    voice: str
    rate_wpm: int
    chars_per_second: float
    iso639_2: str = ""


# espeak-ng's useful range of rates (its -s): slower is drawn out, faster garbled.
RATE_WPM = (80, 450)
# Characters per second a voice may be measured at: well outside any language's speech.
CHARS_PER_SECOND = (1.0, 40.0)


class Language(NamedTuple):
    """Everything subtool knows about one language, from its file.

    The word lists (``segment``, ``linebreak``) are validated and folded on first use: most
    commands never break a line, and folding a thousand words costs milliseconds at start-up.
    A named tuple like its sections (made at every start; as a frozen dataclass of 29 fields
    its generated methods were compiled each time): the sections parsed on first use are
    kept in ``parsed``, which ``parse`` gives each language of its own.
    """

    code: str
    english: str
    native: str
    aliases: tuple[str, ...]
    mistakes: tuple[str, ...]
    script: str
    rtl: bool
    alphabet: str
    distinctive: str
    casefold_rule: str
    fold_marks: bool
    latin_i_twin: bool
    legacy_encodings: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]
    ellipsis: bool
    question_mark: str
    comma: str
    semicolon: str
    legacy_letters: Mapping[str, str]
    limits: Mapping[str, Mapping[str, float]]
    morphology: Morphology
    spelling: str
    spelling_package: str
    dialogue_dash: str
    providers: Mapping[str, str]
    raw: Mapping[str, Any]
    # The word-list sections parsed so far, by section name (``segment``, ``linebreak``).
    parsed: dict[str, Segmenting | LineBreak]
    # None: no measured description voice for this language (the section is optional).
    description: DescriptionVoice | None = None
    file: str = ""
    # The text of the word-list sections, parsed on first use (see ``parse``).
    later: Mapping[str, str] = MappingProxyType({})

    @property
    def segment(self) -> Segmenting:
        """How a transcript of this language is cut into cues."""
        found = self.parsed.get("segment")
        if not isinstance(found, Segmenting):
            found = self.parsed["segment"] = _segment(self._top("segment"), self.fold)
        return found

    @property
    def linebreak(self) -> LineBreak:
        """Where a line of this language may break."""
        found = self.parsed.get("linebreak")
        if not isinstance(found, LineBreak):
            found = self.parsed["linebreak"] = _linebreak(self._top("linebreak"), self.fold)
        return found

    def _top(self, section: str) -> _Reader:
        raw = self.raw
        if section not in raw and section in self.later:
            raw = {**raw, **_loads(self.later[section], self.file)}
        return _Reader(raw, self.file)

    def casefold(self, text: str) -> str:
        """Case-insensitive form of ``text`` with this language's rules (NFC first)."""
        return casefold_with(self.casefold_rule, text)

    def fold(self, word: str) -> str:
        """The look-up form of a word: case-folded, one apostrophe, no Arabic marks."""
        folded = self.casefold(word.translate(_APOSTROPHES))
        if not _ARABIC_MARKS.isdisjoint(folded):
            folded = folded.translate(_NO_ARABIC_MARKS)
        return folded


def casefold_with(rule: str, text: str) -> str:
    """Case-insensitive form of ``text``: NFC, then Unicode case folding.

    ``turkic`` pairs dotted İ/i and dotless I/ı (Turkish, Azerbaijani); ``str.casefold``
    already folds German ß/ẞ to ``ss`` and Greek final sigma to σ.
    """
    text = unicodedata.normalize("NFC", text)
    if rule == "turkic":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.casefold()


def fold_default(word: str) -> str:
    """``Language.fold`` for text of no known language."""
    return casefold_with("default", word.translate(_APOSTROPHES)).translate(_NO_ARABIC_MARKS)


class _Reader:
    """Typed access to one parsed file; every mistake names the file and the key."""

    def __init__(self, raw: Mapping[str, Any], name: str, prefix: str = "") -> None:
        self.raw = raw
        self.name = name
        self.prefix = prefix

    def fail(self, key: str, message: str) -> LanguageDataError:
        return LanguageDataError(f"[{self.prefix}{key}] {message}", path=self.name,
                                 hint="the keys are documented in subtool/languages/README.md")

    def table(self, key: str, allowed: tuple[str, ...]) -> _Reader:
        value = self.raw.get(key)
        if not isinstance(value, Mapping):
            raise self.fail(key, "must be a table")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}", "is not a key of this section; allowed: "
                            + ", ".join(allowed))
        return _Reader(value, self.name, f"{self.prefix}{key}.")

    def value(self, key: str, kind: type, check: Callable[[Any], bool] = lambda _v: True,
              what: str = "") -> Any:
        if key not in self.raw:
            raise self.fail(key, "is missing (every key is required: a language is complete "
                            "or not listed)")
        value = self.raw[key]
        if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool) \
                or not check(value):
            raise self.fail(key, f"must be {what or kind.__name__}, not {value!r}")
        return value

    def text(self, key: str, *, empty: bool = True) -> str:
        return str(self.value(key, str, lambda v: empty or bool(v.strip()),
                              "a text" if empty else "a non-empty text"))

    def flag(self, key: str) -> bool:
        return bool(self.value(key, bool, what="true or false"))

    def strings(self, key: str) -> list[str]:
        value = self.value(key, list, lambda v: all(isinstance(x, str) and x.strip()
                                                    for x in v),
                           "a list of non-empty texts")
        return [str(x).strip() for x in value]

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        return str(self.value(key, str, lambda v: v in allowed, "one of " + ", ".join(allowed)))


_TOP = ("code", "english", "native", "aliases", "mistakes", "script", "encodings",
        "typography", "limits", "segment", "morphology", "spelling", "providers", "linebreak",
        "description")
_DESCRIPTION = ("voice", "rate_wpm", "chars_per_second", "iso639_2")
_SCRIPT = ("name", "direction", "alphabet", "distinctive", "casefold", "fold_marks",
           "latin_i_twin")
_TYPOGRAPHY = ("quotes", "ellipsis", "question_mark", "comma", "semicolon", "legacy_letters",
               "dialogue_dash")
_MORPHOLOGY = ("method", "reason", "simplemma", "greedy", "fallback", "snowball", "hand_written",
               "term_suffixes", "enclitics", "clitic_spelling", "number_endings", "endings",
               "prefixes")
# How a dialogue line opens: a hyphen and a space ("- Ja."), or a hyphen alone ("-Yes.").
DIALOGUE_DASHES = ("- ", "-")
_SPELLING = ("dictionary", "package")
_SEGMENT = ("ordinal_dot", "conjunctions", "function_words", "name_particles")
_WORD_LISTS = ("no_break_after", "no_break_before", "complement_markers", "subject_pronouns",
               "conjunctions", "prepositions", "postpositions", "abbreviations", "first_names")
_LINEBREAK = (*_WORD_LISTS, "keep_together", "capitalised_nouns", "verb_second",
              "adjective_endings", "attached_prefixes", "sentence_end")


# A top-level table header (``[linebreak]``, ``[limits.senior]``) at the start of a line.
_HEADER = re.compile(r"^\[([A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_.-]+)?\][ \t]*(?:#.*)?$", re.M)
# Sections read on first use: the word lists, five in six of a file's text, which a check
# never needs (parsing all of de.toml took 0.66 ms, the rest of it 0.12 ms).
_LATER = ("segment", "linebreak")


def _loads(source: str, name: str) -> dict[str, Any]:
    # Read once per text and kept (``languages.usercache``): the TOML reader is imported only
    # when a language file or section is new (its import and parse: a twentieth of a check).
    def read(text: str) -> dict[str, Any]:
        import tomllib  # noqa: PLC0415 - see above

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise LanguageDataError(f"is not valid TOML: {exc}", path=name) from None

    found = remembered("language", source, read)
    if not isinstance(found, dict):  # a cache file that holds something else: read anew
        return read(source)
    return found


def _split(source: str) -> tuple[str, dict[str, str]]:
    """The file's text without the ``_LATER`` sections, and their texts by name."""
    now: list[str] = []
    later: dict[str, list[str]] = {}
    start, section = 0, ""
    for match in _HEADER.finditer(source):
        part = source[start:match.start()]
        (later.setdefault(section, []) if section in _LATER else now).append(part)
        start, section = match.start(), match.group(1)
    (later.setdefault(section, []) if section in _LATER else now).append(source[start:])
    return "".join(now), {key: "".join(parts) for key, parts in later.items()}


def parse(source: str, name: str) -> Language:
    """Validate one language file's text; ``name`` is the file name for messages.

    The word-list sections are validated on first use (``validate`` does it at once).
    """
    eager, later = _split(source)
    raw = _loads(eager, name)
    later = {key: text for key, text in later.items() if key not in raw}
    top = _Reader(raw, name)
    unknown = sorted(set(raw) - set(_TOP))
    if unknown:
        raise top.fail(unknown[0], "is not a key of a language file; allowed: "
                       + ", ".join(_TOP))
    code = top.text("code", empty=False)
    if name != "<text>" and not name.endswith(f"{code}.toml"):
        raise top.fail("code", f"{code!r} does not match the file name {name}")
    script = top.table("script", _SCRIPT)
    rule = script.choice("casefold", CASEFOLD_RULES)
    typography = top.table("typography", _TYPOGRAPHY)
    language = Language(
        code=code, english=top.text("english", empty=False),
        native=top.text("native", empty=False),
        aliases=tuple(top.strings("aliases")), mistakes=tuple(top.strings("mistakes")),
        script=script.choice("name", SCRIPTS),
        rtl=script.choice("direction", ("ltr", "rtl")) == "rtl",
        alphabet=script.text("alphabet", empty=False), distinctive=script.text("distinctive"),
        casefold_rule=rule, fold_marks=script.flag("fold_marks"),
        latin_i_twin=script.flag("latin_i_twin"),
        legacy_encodings=_encodings(top),
        quotes=_quotes(typography), ellipsis=typography.flag("ellipsis"),
        question_mark=typography.text("question_mark", empty=False),
        comma=typography.text("comma", empty=False),
        semicolon=typography.text("semicolon", empty=False),
        legacy_letters=_letters(typography),
        limits=_limits(top), morphology=_morphology(top),
        spelling=top.table("spelling", _SPELLING).text("dictionary", empty=False),
        spelling_package=top.table("spelling", _SPELLING).text("package"),
        dialogue_dash=typography.choice("dialogue_dash", DIALOGUE_DASHES),
        providers=_providers(top), raw=raw, parsed={}, file=name, later=later,
        description=_description(top) if "description" in raw else None)
    for section, keys in (("segment", _SEGMENT), ("linebreak", _LINEBREAK)):
        if section in raw or section not in later:
            top.table(section, keys)  # known keys now (missing: named); word lists on use
    return language


def validate(language: Language) -> None:
    """Validate what is checked lazily too (the tests call this for every file)."""
    import codecs  # noqa: PLC0415 - only while validating

    _ = language.segment, language.linebreak
    for name in language.legacy_encodings:
        try:
            codecs.lookup(name)
        except LookupError:
            raise LanguageDataError(f"[encodings.legacy] {name!r} is not an encoding Python "
                                    "knows", path=language.file) from None


def _encodings(top: _Reader) -> tuple[str, ...]:
    # The names are checked against Python's codecs in ``validate`` (a look-up imports the
    # codec's module: milliseconds each, for code pages most runs never use).
    return tuple(top.table("encodings", ("legacy",)).strings("legacy"))


def _quotes(typography: _Reader) -> tuple[tuple[str, str], ...]:
    pairs = typography.value("quotes", list, lambda v: all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(q, str) and len(q) == 1
                                                    for q in p) for p in v) and bool(v),
        "a list of [opening, closing] pairs of single characters")
    return tuple((str(a), str(b)) for a, b in pairs)


def _letters(typography: _Reader) -> dict[str, str]:
    value = typography.value("legacy_letters", dict, lambda v: all(
        isinstance(k, str) and isinstance(x, str) and len(k) == 1 and len(x) == 1
        for k, x in v.items()), "a table of single letters (wrong = right)")
    return {str(k): str(v) for k, v in value.items()}


def _limits(top: _Reader) -> dict[str, dict[str, float]]:
    table = top.table("limits", PROFILE_NAMES)
    out: dict[str, dict[str, float]] = {}
    for profile in PROFILE_NAMES:
        section = table.table(profile, LIMIT_NAMES)
        out[profile] = {key: float(section.value(
            key, (int, float), lambda v: 0 < v < 1e6, "a positive number"))  # type: ignore[arg-type]
            for key in LIMIT_NAMES if key in section.raw}
    return out


def _segment(top: _Reader, fold: Callable[[str], str]) -> Segmenting:
    section = top.table("segment", _SEGMENT)
    return Segmenting(section.flag("ordinal_dot"),
                      frozenset(fold(w) for w in section.strings("conjunctions")),
                      frozenset(fold(w) for w in section.strings("function_words")),
                      frozenset(fold(w) for w in section.strings("name_particles")))


def _morphology(top: _Reader) -> Morphology:
    section = top.table("morphology", _MORPHOLOGY)
    method = section.strings("method")
    unknown = [name for name in method if name not in ANALYSERS]
    if unknown or not method:
        raise section.fail("method", f"must list analysers out of {', '.join(ANALYSERS)}, "
                           f"not {method!r}")
    simplemma, snowball = section.text("simplemma"), section.text("snowball")
    for name, code in (("simplemma", simplemma), ("snowball", snowball)):
        if (name in method or (name == "simplemma" and "clitics" in method)) != bool(code):
            raise section.fail(name, f"names the library's code for this language exactly "
                               f"when the method uses {name}")
    return Morphology(
        method=tuple(method), reason=section.text("reason", empty=False),
        simplemma=simplemma, greedy=section.flag("greedy"), fallback=section.flag("fallback"),
        snowball=snowball,
        hand_written=section.text("hand_written"),
        term_suffixes=tuple(section.strings("term_suffixes")),
        enclitics=tuple(section.strings("enclitics")),
        clitic_spelling=_table_of_texts(section, "clitic_spelling"),
        number_endings=_table_of_texts(section, "number_endings"),
        endings=tuple(section.strings("endings")), prefixes=tuple(section.strings("prefixes")))


def _table_of_texts(section: _Reader, key: str) -> dict[str, str]:
    value = section.value(key, dict, lambda v: all(
        isinstance(k, str) and k and isinstance(x, str) for k, x in v.items()),
        "a table of texts (written = base)")
    return {str(k): str(v) for k, v in value.items()}


def _description(top: _Reader) -> DescriptionVoice:
    section = top.table("description", _DESCRIPTION)
    low, high = RATE_WPM
    rate = section.value("rate_wpm", int, lambda v: low <= v <= high,
                         f"a whole number of words per minute from {low} to {high}")
    low_cps, high_cps = CHARS_PER_SECOND
    cps = section.value("chars_per_second", (int, float),  # type: ignore[arg-type]
                        lambda v: low_cps <= v <= high_cps,
                        f"a number from {low_cps:g} to {high_cps:g}")
    code = section.value("iso639_2", str, lambda v: len(v) == 3 and v.isascii()
                         and v.isalpha() and v.islower(), "a three-letter ISO 639-2 code")
    return DescriptionVoice(section.text("voice", empty=False), int(rate), float(cps),
                            str(code))


def _providers(top: _Reader) -> dict[str, str]:
    section = top.table("providers", PROVIDER_NAMES)
    return {name: section.text(name, empty=False) for name in PROVIDER_NAMES}


def _linebreak(top: _Reader, fold: Callable[[str], str]) -> LineBreak:
    section = top.table("linebreak", _LINEBREAK)
    words: dict[str, frozenset[str]] = {}
    for key in _WORD_LISTS:
        entries = section.strings(key)
        spaced = [w for w in entries if len(w.split()) != 1]
        if spaced:
            raise section.fail(key, f"entry {spaced[0]!r} must be one word "
                               "(use keep_together for pairs)")
        words[key] = frozenset(fold(w) for w in entries)
    pairs = set()
    for phrase in section.strings("keep_together"):
        parts = phrase.split()
        if len(parts) != 2:
            raise section.fail("keep_together", f"entry {phrase!r} must be two words")
        pairs.add((fold(parts[0]), fold(parts[1])))
    return LineBreak(
        no_break_after=words["no_break_after"], no_break_before=words["no_break_before"],
        complement_markers=words["complement_markers"],
        subject_pronouns=words["subject_pronouns"], conjunctions=words["conjunctions"],
        prepositions=words["prepositions"], postpositions=words["postpositions"],
        keep_together=frozenset(pairs), abbreviations=words["abbreviations"],
        first_names=words["first_names"], capitalised_nouns=section.flag("capitalised_nouns"),
        verb_second=section.flag("verb_second"),
        adjective_endings=tuple(fold(e) for e in section.strings("adjective_endings")),
        attached_prefixes=tuple(section.strings("attached_prefixes")),
        sentence_end=section.text("sentence_end"))
