"""``pseudo``: offline pseudo-localisation, to try layout and the whole flow without a service.

``Seit über 16 Jahren`` becomes ``[Šéîţ~ ûƀéŕ~ 16 Ĵåĥŕéñ~~]``: every ASCII letter gets an
accented look-alike (so text that skipped translation stands out, and fonts are tried on
diacritics), the text grows by about a third (translations into most of the film's languages
are longer than the German, and lines must still fit), and brackets show where each
translated text starts and ends (a cut-off cue is visible). It stays readable, and
:func:`unpseudo` turns it back. Protected ``⟦0⟧`` tokens are copied untouched.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from subtool.translation.mt.base import GlossarySupport, PlaceholderStyle

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "åƀçðéƒĝĥîĵķļɱñøþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑØÞǪŔŠŢÛṼŴẊÝŽ"
_TO_PSEUDO = str.maketrans(_PLAIN, _ACCENTED)
_FROM_PSEUDO = str.maketrans(_ACCENTED, _PLAIN)
PAD = "~"
OPEN, CLOSE = "[", "]"
# Growth of about a third: the usual allowance for translations from German or English
# (and the figure pseudo-localisation tools use for short strings).
GROWTH = 1 / 3
_TOKEN = re.compile(r"⟦\d+⟧")


def pseudo(text: str) -> str:
    """The pseudo-localised form of ``text``: accented, ~⅓ longer, in brackets."""
    words = text.split(" ")
    extra = max(math.ceil(len(text) * GROWTH) - len(OPEN) - len(CLOSE), 0)
    # Padding goes to the words in proportion to their length (largest remainder), so each
    # cue a sentence is split across grows too, not only the last one.
    weights = [0 if _TOKEN.fullmatch(w) or not any(c.isalpha() for c in w) else len(w)
               for w in words]
    total = sum(weights)
    pads = [0] * len(words)
    if total:
        exact = [extra * w / total for w in weights]
        pads = [math.floor(x) for x in exact]
        order = sorted(range(len(words)), key=lambda i: exact[i] - pads[i], reverse=True)
        for i in order[:extra - sum(pads)]:
            pads[i] += 1
    out = []
    for word, pad in zip(words, pads, strict=True):
        if _TOKEN.fullmatch(word):
            out.append(word)
            continue
        parts = _TOKEN.split(word)
        tokens = _TOKEN.findall(word)
        accented = parts[0].translate(_TO_PSEUDO)
        for token, part in zip(tokens, parts[1:], strict=True):
            accented += token + part.translate(_TO_PSEUDO)
        out.append(accented + PAD * pad)
    return OPEN + " ".join(out) + CLOSE


def unpseudo(text: str) -> str:
    """Read pseudo-localised text back (brackets, padding and accents removed)."""
    if text.startswith(OPEN) and text.endswith(CLOSE):
        text = text[len(OPEN):-len(CLOSE)]
    return text.replace(PAD, "").translate(_FROM_PSEUDO)


class PseudoProvider:
    """Pseudo-localisation as a provider: no network, no key, instant."""

    name = "pseudo"
    placeholders: PlaceholderStyle = "token"
    max_concurrency = 1
    max_batch = 100

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Pseudo-localise every text (the languages do not matter)."""
        return [pseudo(text) for text in texts]

    def prepare_glossary(self, terms: Mapping[str, str], source: str, target: str,
                         version: str) -> GlossarySupport:
        """No glossary: approved terms are protected and inserted by the engine."""
        return GlossarySupport()
