"""The rule catalogue: one module per rule, registered here in one explicit tuple.

Rule ids are part of the public interface (CI configurations name them); ``subtool rules``
lists them and ``subtool rules ID`` prints a rule's module docstring as its manual.
"""

from __future__ import annotations

from subtool.core.model import DESCRIPTIONS
from subtool.rules import (
    control_chars,
    cue_order,
    cue_parity,
    description_coverage,
    description_fit,
    do_not_translate,
    duplicate_id,
    ellipsis,
    empty_cue,
    encoding,
    forbidden_term,
    foreign_script,
    glossary_term,
    greek_question_mark,
    house_style,
    legacy_diacritics,
    line_break,
    line_length,
    machine_translation,
    markup,
    max_duration,
    max_lines,
    min_duration,
    min_gap,
    missing_translation,
    mixed_script,
    numbering,
    numbers,
    overlap,
    parse_error,
    reading_speed,
    rtl_direction,
    rtl_punctuation,
    shot_change,
    speech_sync,
    speech_without_cue,
    spelling,
    stale_translation,
    syntax,
    unbalanced,
    untranslated,
    whitespace,
)
from subtool.rules.base import Context, Rule

RULES: tuple[Rule, ...] = (
    parse_error.RULE,
    syntax.RULE,
    encoding.RULE,
    numbering.RULE,
    duplicate_id.RULE,
    cue_order.RULE,
    overlap.RULE,
    min_gap.RULE,
    min_duration.RULE,
    max_duration.RULE,
    reading_speed.RULE,
    shot_change.RULE,
    speech_sync.RULE,
    speech_without_cue.RULE,
    line_length.RULE,
    max_lines.RULE,
    line_break.RULE,
    empty_cue.RULE,
    whitespace.RULE,
    control_chars.RULE,
    unbalanced.RULE,
    markup.RULE,
    ellipsis.RULE,
    greek_question_mark.RULE,
    legacy_diacritics.RULE,
    mixed_script.RULE,
    foreign_script.RULE,
    rtl_punctuation.RULE,
    rtl_direction.RULE,
    cue_parity.RULE,
    missing_translation.RULE,
    untranslated.RULE,
    numbers.RULE,
    glossary_term.RULE,
    do_not_translate.RULE,
    forbidden_term.RULE,
    house_style.RULE,
    spelling.RULE,
    stale_translation.RULE,
    machine_translation.RULE,
    description_fit.RULE,
    description_coverage.RULE,
)

for _rule in RULES:
    _rule.validate()

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

# An audio description track is spoken, not read: it gets the rules for a text that is
# read aloud and translated (file, encoding, characters, order, words, terminology,
# translation) and its own, not those made for reading subtitles on screen (reading
# speed, line length and count, line breaks, durations and gaps, cues against the film's
# cuts and speech, right-to-left display marks). Every rule is in exactly one of the two
# sets (tests/test_description_rules.py checks it), so a new rule is a decision.
FOR_DESCRIPTIONS = frozenset({
    "parse-error", "syntax", "encoding", "numbering", "duplicate-id", "cue-order", "overlap",
    "empty-cue", "whitespace", "control-chars", "unbalanced", "markup", "ellipsis",
    "greek-question-mark", "legacy-diacritics", "mixed-script", "foreign-script",
    "rtl-punctuation", "cue-parity", "missing-translation", "untranslated", "numbers",
    "glossary-term", "do-not-translate", "forbidden-term", "house-style", "spelling",
    "stale-translation", "machine-translation", "description-fit", "description-coverage"})
SUBTITLES_ONLY = frozenset({
    "min-gap", "min-duration", "max-duration", "reading-speed", "shot-change", "speech-sync",
    "speech-without-cue", "line-length", "max-lines", "line-break", "rtl-direction"})
DESCRIPTIONS_ONLY = frozenset({"description-fit", "description-coverage"})


def applies(rule: Rule, kind: str) -> bool:
    """Whether ``rule`` checks a track of ``kind`` (subtitles or descriptions)."""
    if kind == DESCRIPTIONS:
        return rule.id in FOR_DESCRIPTIONS
    return rule.id not in DESCRIPTIONS_ONLY


__all__ = ["BY_ID", "DESCRIPTIONS_ONLY", "FOR_DESCRIPTIONS", "RULES", "SUBTITLES_ONLY",
           "Context", "Rule", "applies"]
