"""The voice that speaks each language's audio descriptions, and how fast it speaks.

A stop-gap table until these figures move into the language files (a ``[description]``
section of ``<code>.toml`` with the keys ``voice``, ``rate_wpm`` and ``chars_per_second``).

``voice`` is an espeak-ng voice name, ``rate_wpm`` the rate handed to espeak-ng (its ``-s``,
nominal words per minute), ``chars_per_second`` what that voice really speaks at that rate:
visible characters (grapheme clusters, spaces and punctuation included, as in the reading
speed) per second of trimmed speech, measured on all of the film's cues in that language
(``scripts/measure_description.py --tts``; table and method in ``subtool/media/README.md``).
The description checks use it to tell how long a description takes to say.

Why 150 words per minute for every language: espeak-ng's default is 175, the rate of the
stand-in film's dialogue (German: 18.4 characters per second). The film's audience is older
people, who follow slower speech more easily, so the descriptions are spoken about 14 %
slower than the dialogue (German: 15.9 characters per second); the descriptions still fit
the film's pauses (measured, see the README). One nominal rate for every language, so the
measured characters per second show how the voices differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class DescriptionVoice:
    """How one language's descriptions are spoken (see the module docstring)."""

    voice: str
    rate_wpm: int
    chars_per_second: float


DESCRIPTION_RATE_WPM = 150

# Measured with espeak-ng 1.51 (Debian 12) at 150 wpm on all 104 cues of subtitles/<code>.srt
# (characters of all cues / seconds of all trimmed speech). English uses the British voice,
# as the film's English track is British English. Arabic is read from unvocalised text,
# which espeak-ng pronounces poorly: a native listener should judge it before publishing.
DESCRIPTION_VOICES: Mapping[str, DescriptionVoice] = MappingProxyType({
    "de": DescriptionVoice("de", DESCRIPTION_RATE_WPM, 15.88),
    "en": DescriptionVoice("en-gb", DESCRIPTION_RATE_WPM, 15.70),
    "tr": DescriptionVoice("tr", DESCRIPTION_RATE_WPM, 12.43),
    "ar": DescriptionVoice("ar", DESCRIPTION_RATE_WPM, 9.56),
    "pl": DescriptionVoice("pl", DESCRIPTION_RATE_WPM, 13.19),
    "ro": DescriptionVoice("ro", DESCRIPTION_RATE_WPM, 13.60),
    "bg": DescriptionVoice("bg", DESCRIPTION_RATE_WPM, 13.99),
    "uk": DescriptionVoice("uk", DESCRIPTION_RATE_WPM, 17.34),
    "ru": DescriptionVoice("ru", DESCRIPTION_RATE_WPM, 15.98),
    "it": DescriptionVoice("it", DESCRIPTION_RATE_WPM, 15.33),
    "el": DescriptionVoice("el", DESCRIPTION_RATE_WPM, 15.68),
})


def description_voice(code: str) -> DescriptionVoice | None:
    """The description voice of a language (primary subtag), or None if there is none."""
    return DESCRIPTION_VOICES.get(code.split("-", maxsplit=1)[0].lower())
