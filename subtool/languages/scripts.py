"""Writing systems: which script a letter belongs to, and the letters that look alike.

Facts about scripts rather than languages (a language file names its script by its ISO 15924
code); used by the script checks (``mixed-script``, ``foreign-script``), by the delivery check
of ``subtool import`` and by the decoder's plausibility test for legacy code pages.
"""

from __future__ import annotations

import re

from subtool.core.patterns import lazy

# ISO 15924 code → English name, for the scripts subtool classifies.
NAMES: dict[str, str] = {"Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek",
                         "Arab": "Arabic", "Hebr": "Hebrew", "Armn": "Armenian",
                         "Geor": "Georgian"}

# Code point ranges of the letters of each script (Unicode Scripts.txt, the blocks in use).
RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"), (0x0061, 0x007A, "Latn"), (0x00C0, 0x024F, "Latn"),
    (0x1E00, 0x1EFF, "Latn"), (0x0370, 0x03FF, "Grek"), (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"), (0x1C80, 0x1C8F, "Cyrl"), (0x2DE0, 0x2DFF, "Cyrl"),
    (0xA640, 0xA69F, "Cyrl"), (0x0590, 0x05FF, "Hebr"), (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"), (0x08A0, 0x08FF, "Arab"), (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"), (0x0530, 0x058F, "Armn"), (0x10A0, 0x10FF, "Geor"),
)

# Latin letters with an identical-looking twin in the scripts they are mistaken in.
TWINS: dict[str, dict[str, str]] = {
    "Cyrl": dict(zip("aeopcxyiAEOPCXHKMTBj", "аеорсхуіАЕОРСХНКМТВј", strict=True)),
    "Grek": dict(zip("oAEOHIKMNPTXYZBv", "οΑΕΟΗΙΚΜΝΡΤΧΥΖΒν", strict=True)),
}


def script_of(char: str) -> str | None:
    """The ISO 15924 script of a letter; None for digits, marks and unlisted scripts."""
    if not char.isalpha():
        return None
    cp = ord(char)
    if cp < 0x80:
        return "Latn"
    for lo, hi, code in RANGES:
        if lo <= cp <= hi:
            return code
    return None


def scripts_in(word: str) -> dict[str, list[str]]:
    """Letters of ``word`` grouped by script, in order of appearance."""
    groups: dict[str, list[str]] = {}
    for char in word:
        code = script_of(char)
        if code:
            groups.setdefault(code, []).append(char)
    return groups


def _class(codes: set[str]) -> str:
    return "[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi, c in RANGES if c in codes) + "]"


# One pattern per script finds its letters; text without letters of any script but Latin is
# Latin-only (or letterless), the common case answered by one search.
PATTERNS: dict[str, re.Pattern[str]] = {code: lazy(_class({code}))
                                        for code in dict.fromkeys(c for _, _, c in RANGES)}
NON_LATIN = lazy(_class({c for _, _, c in RANGES if c != "Latn"}))


def single_script(text: str) -> bool:
    """Whether the letters of ``text`` come from one script at most."""
    if not NON_LATIN.search(text):
        return True
    found = 0
    for pattern in PATTERNS.values():
        if pattern.search(text):
            found += 1
            if found > 1:
                return False
    return True


def count_letters(text: str) -> dict[str, int]:
    """How many letters of each script ``text`` has (scripts without any are left out)."""
    counts = {code: len(pattern.findall(text)) for code, pattern in PATTERNS.items()}
    return {code: n for code, n in counts.items() if n}


def has_letters_of(text: str, script: str) -> bool:
    """Whether ``text`` has at least one letter of ``script`` (ISO 15924)."""
    pattern = PATTERNS.get(script)
    return bool(pattern and pattern.search(text))


def foreign_line(line: str, script: str) -> bool:
    """Whether a line of a track in ``script`` has letters but none of ``script``: text in
    another language (a translator's note, an untranslated line). Only for non-Latin
    scripts: Latin letters are everywhere (names, addresses) in Latin-script tracks."""
    if script == "Latn" or script not in PATTERNS:
        return False
    return any(c.isalpha() for c in line) and not has_letters_of(line, script)
