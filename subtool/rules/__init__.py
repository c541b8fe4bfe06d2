"""The rule catalogue: one module per rule, registered here in one explicit tuple.

Rule ids are part of the public interface (CI configurations name them); ``subtool rules``
lists them and ``subtool rules ID`` prints a rule's module docstring as its manual.
"""

from __future__ import annotations

from subtool.rules import (
    control_chars,
    cue_order,
    cue_parity,
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
    stale_translation.RULE,
    machine_translation.RULE,
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

__all__ = ["BY_ID", "RULES", "Context", "Rule"]
