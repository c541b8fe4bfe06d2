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

from subtool.core.errors import ContentError
from subtool.core.model import Cue, Diagnostic, Track
from subtool.core.text import char_name, unholdable
from subtool.core.timecode import format_short

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
    import pysubs2  # noqa: PLC0415 - only these rarer formats pay for the import

    if fmt == "microdvd":
        declared = _declared_frame_rate(text)
        if isinstance(declared, Diagnostic):
            return Track((), fmt, diagnostics=(declared,))
        if declared is not None:
            text, frame_rate = declared
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=fmt, fps=frame_rate)
    except Exception as exc:  # noqa: BLE001 - pysubs2 raises many types for bad input
        return Track((), fmt, diagnostics=(Diagnostic(
            "parse-error", None, f"cannot read this {fmt.upper()} file: {exc}"),))
    cues: list[Cue] = []
    problems: list[Diagnostic] = []
    for event in (e for e in subs if not e.is_comment):
        start, end = int(event.start), int(event.end)
        if min(start, end) < 0:
            # A time before the film starts (SAMI Start=-5000, MicroDVD {-100}): no writer can
            # put it back, so the cue is not read rather than moved to 0:00 on the way out.
            problems.append(Diagnostic(
                "parse-error", None, f"cue {len(cues) + len(problems) + 1} has a negative time "
                f"({start} ms to {end} ms): the cue is skipped until it is fixed"))
            continue
        cues.append(Cue(start, end, _ass_to_text(event.text)))
    return Track(tuple(cues), fmt, diagnostics=tuple(problems))


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


def compose(track: Track, fmt: str, frame_rate: float = 25.0) -> str:
    """Write ``track`` in a pysubs2 format.

    Raises ContentError for a time the format cannot hold: pysubs2 would clamp it silently
    (an ASS cue at 10:00:01 would be written at 9:59:59.99), and what is written must read
    back as it was.
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
        text = cue.text
        for code, tag in _STYLE_CODES.items():
            text = text.replace(tag, "{\\" + code + "}")
        text = _RUN_OF_BLOCKS_RE.sub(_merge_blocks, text)
        subs.append(pysubs2.SSAEvent(start=cue.start, end=cue.end, text=text.replace("\n", "\\N")))
    with warnings.catch_warnings():
        # Any other overflow pysubs2 would only warn about (and clamp) stops the write.
        warnings.simplefilter("error", RuntimeWarning)
        try:
            out = str(subs.to_string(fmt, fps=frame_rate))
        except RuntimeWarning as exc:
            raise ContentError(f"cannot be written as {fmt.upper()} exactly: {exc}",
                               hint="convert to SRT or WebVTT; nothing was written") from None
    _reads_back(out, track, fmt, frame_rate)
    return out


def _reads_back(out: str, track: Track, fmt: str, frame_rate: float) -> None:
    """Refuse output that would not read back cue for cue (a control character is not
    allowed in XML, so a TTML file holding one cannot be read by anything)."""
    back = parse(out, fmt, frame_rate)
    if len(back.cues) == len(track.cues) and not back.diagnostics:
        return
    culprit = next((n for n, c in enumerate(track.cues, 1) if unholdable(c.text)), None)
    where = f" (cue {culprit} holds {char_name(unholdable(track.cues[culprit - 1].text) or '')})" \
        if culprit else ""
    raise ContentError(f"cannot be written as {fmt.upper()} so that it reads back{where}",
                       hint="fix it first (subtool check names every control character), or "
                            "convert to SRT or WebVTT; nothing was written")
