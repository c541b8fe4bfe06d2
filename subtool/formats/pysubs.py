"""Import and export of ASS/SSA, MicroDVD, SAMI, TTML and MPL2 through pysubs2.

pysubs2 is the right tool for these formats (it knows their headers, styles and frame
arithmetic), but it keeps ASS override codes in the text and drops ``<b>`` when writing
SRT, so subtool only takes times and text from it and translates styling itself:
``{\\i1}…{\\i0}`` becomes ``<i>…</i>`` (likewise bold and underline), other override blocks
are dropped, ``\\N`` is a line break. Comment events are skipped.
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any

from subtool.core.errors import ContentError
from subtool.core.model import Cue, Diagnostic, Track
from subtool.core.timecode import format_short
from subtool.formats import substation, ttml, verify

_OVERRIDE_RE = re.compile(r"\{([^{}]*)\}")
_STYLE_CODES = {"i1": "<i>", "i0": "</i>", "b1": "<b>", "b0": "</b>", "u1": "<u>", "u0": "</u>"}


def _ass_to_text(text: str) -> str:
    def block(m: re.Match[str]) -> str:
        codes = [c for c in m.group(1).split("\\") if c]
        return "".join(_STYLE_CODES.get(c, "") for c in codes)

    text = _OVERRIDE_RE.sub(block, text)
    return text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")


# MicroDVD counts frames; a first line {1}{1}25.0 (VLC's convention; pysubs2 writes {0}{0})
# declares the frame rate the file was made for and is no subtitle.
_FPS_LINE_RE = re.compile(r"[ \ufeff]*\{ *([01]) *\} *\{ *([01]) *\} *([0-9.]+) *(?:\n|$)")


def _declared_frame_rate(text: str) -> tuple[str, float] | Diagnostic | None:
    """The MicroDVD text without its frame-rate line and the rate it declares (None when
    it declares none; a parse error when the rate is not one)."""
    m = _FPS_LINE_RE.match(text.lstrip("\r\n"))
    if m is None or m.group(1) != m.group(2):
        return None
    try:
        rate = float(m.group(3))
    except ValueError:
        return None
    if not (math.isfinite(rate) and 1 <= rate <= 1000):
        return Diagnostic("parse-error", 1, f"the file declares a frame rate of {m.group(3)[:20]} "
                          "frames per second, which no video has (1 to 1000)")
    return text.lstrip("\r\n")[m.end():], rate


def parse(text: str, fmt: str, frame_rate: float = 25.0) -> Track:
    """Parse ``text`` in a pysubs2 format (``ass``, ``ssa``, ``microdvd``, ``sami``, ``ttml``…)."""
    problems: list[Diagnostic] = []
    numbers: tuple[int, ...] = ()
    if fmt == "microdvd":
        declared = _declared_frame_rate(text)
        if isinstance(declared, Diagnostic):
            return Track((), fmt, diagnostics=(declared,))
        if declared is not None:
            text, frame_rate = declared
    if fmt in ("ass", "ssa"):
        scanned = substation.scan(text, fmt)
        text, numbers, problems = scanned.text, scanned.lines, list(scanned.problems)
        if not text:
            return Track((), fmt, diagnostics=tuple(problems))
    elif _HOLDS_SENTINEL_RE.search(text):
        return Track((), fmt, diagnostics=(Diagnostic(
            "parse-error", None, "the file holds a Unicode noncharacter (U+FDD0 to U+FDD2), "
            "which no subtitle holds: it is not read"),))
    events = _read_events(_protect(text, fmt), "ass" if fmt == "ssa" else fmt, frame_rate,
                          problems)
    if events is None:
        return Track((), fmt, diagnostics=tuple(problems))
    styled = ttml.texts(text) if fmt == "ttml" else None
    if styled is not None and len(styled) != len(events):
        styled = None
    cues: list[Cue] = []
    position = 0
    for index, event in enumerate(events):
        line = numbers[index] if index < len(numbers) else 0
        if event.is_comment:
            continue
        position += 1
        start, end = int(event.start), int(event.end)
        if min(start, end) < 0:
            # A time before the film starts (SAMI Start=-5000, MicroDVD {-100}): no writer can
            # put it back, so the cue is not read rather than moved to 0:00 on the way out.
            problems.append(Diagnostic(
                "parse-error", line or None, f"cue {position} has a negative time "
                f"({start} ms to {end} ms): the cue is skipped until it is fixed"))
            continue
        body = styled[index] if styled is not None else _unprotect(_ass_to_text(event.text))
        cues.append(Cue(start, end, body, line=line))
    return Track(tuple(cues), fmt, diagnostics=tuple(problems))


def _read_events(text: str, fmt: str, frame_rate: float,
                 problems: list[Diagnostic]) -> list[Any] | None:
    """pysubs2's events of ``text`` (None when it cannot read it); what pysubs2 only warns
    about (a field it replaced by its default) joins ``problems`` instead of standard error."""
    import pysubs2  # noqa: PLC0415 - only these rarer formats pay for the import

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            subs = pysubs2.SSAFile.from_string(text, format_=fmt, fps=frame_rate)
        except Exception as exc:  # noqa: BLE001 - pysubs2 raises many types for bad input
            problems.append(Diagnostic("parse-error", None,
                                       f"cannot read this {fmt.upper()} file: {exc}"))
            return None
    for warning in caught:
        problems.append(Diagnostic("parse-error", None,
                                   f"the {fmt.upper()} reader could not read all of the file "
                                   f"({warning.message}): a value was guessed"))
    return list(subs.events)


# Adjacent override blocks ({\i1}{\i1}{\b1}…): pysubs2 applies each block to a copy of the
# style so far, which takes quadratic time (50,000 nested <i> took over 20 minutes); one
# block with each code once, the last setting of i, b and u winning, means the same.
_RUN_OF_BLOCKS_RE = re.compile(r"(?:\{\\[^{}]*\})+")
_CODE_RE = re.compile(r"\\([^\\{}]+)")


def _merge_blocks(match: re.Match[str]) -> str:
    codes: dict[str, str] = {}
    for code in _CODE_RE.findall(match.group()):
        key = code[0] if code in _STYLE_CODES else code
        codes.pop(key, None)  # a later setting replaces an earlier one, and comes last
        codes[key] = code
    return "{" + "".join("\\" + code for code in codes.values()) + "}"


def _latest(fmt: str) -> int | None:
    """The latest time ``fmt`` can hold, in ms (ASS and SSA: 9:59:59.99), from pysubs2."""
    if fmt not in ("ass", "ssa"):
        return None
    from pysubs2.formats import substation  # noqa: PLC0415

    return int(substation.MAX_REPRESENTABLE_TIME)


# Characters that are markup to pysubs2 (its ASS-style event text) but plain text in TTML and
# MPL2 (backslash, braces) or MicroDVD (backslash): held as noncharacters while pysubs2 reads
# or writes, so that "C:\\neu" stays a path and "{Anmerkung}" stays a note.
_SENTINELS = {"\\": "\ufdd0", "{": "\ufdd1", "}": "\ufdd2"}
_LITERAL = {"ttml": "\\{}", "mpl2": "\\{}", "microdvd": "\\"}


def _protect(text: str, fmt: str) -> str:
    for char in _LITERAL.get(fmt, ""):
        text = text.replace(char, _SENTINELS[char])
    return text


def _unprotect(text: str) -> str:
    for char, sentinel in _SENTINELS.items():
        # ElementTree writes a noncharacter as a character reference (TTML).
        text = text.replace(sentinel, char).replace(f"&#{ord(sentinel)};", char)
    return text


# A file that holds a sentinel (or, in XML, a reference to one) could not be told from text.
_HOLDS_SENTINEL_RE = re.compile(r"[\ufdd0-\ufdd2]|&#(?:6497[678]|[xX]0*[fF][dD][dD][012]);")


# MPL2 marks a line italic by a "/" before it (pysubs2 reads it so, but writes no styling).
def _mpl2_italics(text: str) -> str:
    lines: list[list[tuple[str, str]]] = [[]]
    for char, styles in verify.styled_chars(text):
        if char == "\n":
            lines.append([])
        else:
            lines[-1].append((char, styles))
    if not any(styles for line in lines for _, styles in line):
        return text
    out = []
    for line in lines:
        shown = {styles for char, styles in line if not char.isspace()}
        plain = "".join(char for char, _ in line)
        # A line with other styling is written with its tags, and verify refuses it.
        out.append("/" + plain if shown == {"i"} else plain if not shown else
                   "".join(f"<{s}>{c}</{s}>" if s else c for c, s in line))
    return "\n".join(out)


def _event_text(text: str, fmt: str) -> str:
    """A cue's text as pysubs2's event text (ASS markup) for ``fmt``."""
    if fmt == "mpl2":
        text = _mpl2_italics(text)
    text = _protect(text, fmt)
    for code, tag in _STYLE_CODES.items():
        text = text.replace(tag, "{\\" + code + "}")
    text = _RUN_OF_BLOCKS_RE.sub(_merge_blocks, text)
    return text.replace("\n", "\\N")


def compose(track: Track, fmt: str, frame_rate: float = 25.0) -> str:
    """Write ``track`` in a pysubs2 format.

    Raises ContentError for a time the format cannot hold: pysubs2 would clamp it silently
    (an ASS cue at 10:00:01 would be written at 9:59:59.99), and what is written must read
    back as it was (``subtool.formats.verify``, run by ``formats.compose``).
    """
    import pysubs2  # noqa: PLC0415

    latest = _latest(fmt)
    subs = pysubs2.SSAFile()
    for number, cue in enumerate(track.cues, 1):
        if latest is not None and max(cue.start, cue.end) > latest:
            raise ContentError(
                f"cue {number} ends at {format_short(max(cue.start, cue.end))}, later than the "
                f"{fmt.upper()} format can hold ({format_short(latest)}): it would be cut short",
                hint="convert to SRT or WebVTT, which hold any time; nothing was written")
        subs.append(pysubs2.SSAEvent(start=cue.start, end=cue.end,
                                     text=_event_text(cue.text, fmt)))
    with warnings.catch_warnings():
        # Any other overflow pysubs2 would only warn about (and clamp) stops the write.
        warnings.simplefilter("error", RuntimeWarning)
        try:
            out = str(subs.to_string(fmt, fps=frame_rate))
        except RuntimeWarning as exc:
            raise ContentError(f"cannot be written as {fmt.upper()} exactly: {exc}",
                               hint="convert to SRT or WebVTT; nothing was written") from None
    return _unprotect(out)


_STYLED_RE = re.compile(r"</?[ibu]>", re.IGNORECASE)
_MARKUP = {
    "ass": ((r"\\[nNh]", "which {fmt} shows as a line break or a space, not as written"),
            (r"\{[^{}]*\}", "which {fmt} takes for an override block and does not show")),
    "microdvd": ((r"\|", "which MicroDVD shows as a line break"),
                 (r"\{[^{}]*\}", "which MicroDVD takes for a control code and does not show")),
    "mpl2": ((r"\|", "which MPL2 shows as a line break"),
             (r"(?m)^[ \t]*/", "which at the start of a line makes MPL2 show it in italics")),
}
_STYLING = {
    "microdvd": "MicroDVD, as subtool writes it, can only make a whole cue italic (no bold, "
                "no underline, no italic part)",
    "mpl2": "MPL2 can only make whole lines italic (no bold, no underline, no italic part "
            "of a line)",
}


def explain(cue: Cue, fmt: str) -> str | None:
    """What in ``cue`` ``fmt`` cannot hold as written, for the message of a refused write."""
    for pattern, why in _MARKUP.get("ass" if fmt == "ssa" else fmt, ()):
        m = re.search(pattern, cue.text)
        if m:
            return f"it holds “{m.group().strip()}”, " + why.format(fmt=fmt.upper())
    if fmt in _STYLING and _STYLED_RE.search(cue.text):
        return _STYLING[fmt]
    return None
