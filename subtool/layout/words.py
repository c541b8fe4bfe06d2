"""A cue's text as words for line breaking: markup tags and bidi controls glued to the word
they belong to, so a break never leaves ``<i>`` at a line end or ``</i>`` at a line start.

No-break spaces (16 Jahre, 10 %) glue words; every other whitespace separates them.
"""

from __future__ import annotations

from subtool.core.text import BIDI_CHARS, TAG_RE, WORD_SPACE_RE

# Bidi controls that close an embedding or isolate belong to the word before them; the
# others (marks, openers) to the word after them, like opening tags.
_CLOSING_BIDI = "\u202c\u2069"
_OPENING_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202d\u202e\u2066\u2067\u2068"


def words_of(text: str) -> list[str]:
    """The words of whitespace-normalised ``text``, each with its tags and bidi controls."""
    if TAG_RE.search(text) is None and BIDI_CHARS.isdisjoint(text):
        # Nothing to glue (most lines): the words are what the spaces separate.
        return [part for part in WORD_SPACE_RE.split(text) if part]
    return glue(pieces(text))


def pieces(text: str) -> list[list[tuple[str, str]]]:
    """Split whitespace-normalised text into words of (kind, piece): kind is ``text``,
    ``open`` (an opening tag or bidi control) or ``close`` (a closing one)."""
    words: list[list[tuple[str, str]]] = [[]]

    def add_text(segment: str) -> None:
        parts = WORD_SPACE_RE.split(segment)
        for n, part in enumerate(parts):
            if n:
                words.append([])
            run = ""
            for char in part:
                if char in _OPENING_BIDI or char in _CLOSING_BIDI:
                    if run:
                        words[-1].append(("text", run))
                        run = ""
                    words[-1].append(("open" if char in _OPENING_BIDI else "close", char))
                else:
                    run += char
            if run:
                words[-1].append(("text", run))

    pos = 0
    for match in TAG_RE.finditer(text):
        add_text(text[pos:match.start()])
        tag = match.group(0)
        words[-1].append(("close" if tag.startswith("</") else "open", tag))
        pos = match.end()
    add_text(text[pos:])
    return [w for w in words if w]


_Piece = tuple[str, str]  # (kind, piece) as made by pieces


def glue(words: list[list[_Piece]]) -> list[str]:
    """Attach every tag to its word: a closing tag to the word before it, an opening tag to
    the word after it, so a line break never leaves ``<i>`` at a line end or ``</i>`` at a
    line start (``<i> Ich`` becomes ``<i>Ich``)."""
    glued = _merge_tag_only(_glue_opening(_glue_closing(words)))
    return ["".join(piece for _, piece in word) for word in glued]


def _glue_closing(words: list[list[_Piece]]) -> list[list[_Piece]]:
    """The words with each word's leading closing tags moved onto the word before it."""
    backward: list[list[_Piece]] = []
    for word in words:
        lead = 0
        while lead < len(word) and word[lead][0] == "close":
            lead += 1
        if lead and backward:
            backward[-1] = backward[-1] + word[:lead]
        else:
            lead = 0  # nothing before it: the tag stays where it is
        if word[lead:]:
            backward.append(word[lead:])
    return backward


def _glue_opening(words: list[list[_Piece]]) -> list[list[_Piece]]:
    """The words with each word's trailing opening tags moved onto the word after it."""
    forward: list[list[_Piece]] = []
    # Walked from the end, so the word after the current one is already placed.
    for word in reversed(words):
        trail = len(word)
        while trail > 0 and word[trail - 1][0] == "open":
            trail -= 1
        if trail < len(word) and forward:
            forward[-1] = word[trail:] + forward[-1]
        else:
            trail = len(word)  # nothing after it: the tag stays where it is
        if word[:trail]:
            forward.append(word[:trail])
    forward.reverse()
    return forward


def _merge_tag_only(words: list[list[_Piece]]) -> list[list[_Piece]]:
    """The words with a word of tags only (``<i></i>`` between words) joined to the next
    word, or to the last one at the end."""
    merged: list[list[_Piece]] = []
    pending: list[_Piece] = []
    for word in words:
        if all(kind != "text" for kind, _ in word):
            pending.extend(word)
            continue
        merged.append(pending + word)
        pending = []
    if pending:
        if merged:
            merged[-1].extend(pending)
        else:
            merged.append(pending)
    return merged
