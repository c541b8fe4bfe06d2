"""WebVTT: a located, lenient reader and a writer that keeps identifiers, settings and NOTEs.

Why not ``webvtt-py`` for reading: it silently drops invalid cues unless strict, reports no
line numbers, and ``pysubs2`` appends identifiers and NOTE blocks to the previous cue's
text. This reader follows the W3C parsing rules closely enough for validation: the
``WEBVTT`` signature, NOTE/STYLE/REGION blocks, optional cue identifiers, ``[hh:]mm:ss.ttt``
timestamps with cue settings, and payloads that end at a blank line or at a line containing
``-->``. Character references are decoded on reading and written back on writing.
"""

from __future__ import annotations

import html
import re

from subtool.core.model import Block, Cue, Diagnostic, Track
from subtool.core.text import TAG_RE
from subtool.core.timecode import format_vtt
from subtool.formats.lines import blocks as text_blocks
from subtool.formats.lines import normalise_newlines
from subtool.formats.srt import explain_timing

_TS = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING_RE = re.compile(rf"^{_TS}[ \t]+-->[ \t]+{_TS}(?:[ \t]+(.*?))?[ \t]*$")
_HEADER_RE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_META_RE = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)")


def _ms(h: str | None, m: str, s: str, f: str) -> int:
    return int(h or 0) * 3_600_000 + int(m) * 60_000 + int(s) * 1000 + int(f)


def parse(text: str) -> Track:
    """Parse WebVTT text into a track; problems become diagnostics, never exceptions."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = normalise_newlines(text).replace("\x00", "\ufffd").split("\n")
    diags: list[Diagnostic] = []
    cues: list[Cue] = []
    blocks: list[Block] = []
    header = ""
    i = 0
    n = len(lines)
    if _HEADER_RE.match(lines[0]):
        j = 0
        while j < n and lines[j].strip():
            if "-->" in lines[j] and j > 0:
                break
            j += 1
        header = "\n".join(lines[:j])[6:]
        i = j
    else:
        diags.append(Diagnostic(
            "parse-error", 1, "missing WEBVTT header: the first line of a WebVTT file must be "
            "'WEBVTT' (add it, followed by a blank line)"))
    for first, end in text_blocks(lines, i):
        _parse_block(lines, first, end, cues, blocks, diags)
    return Track(tuple(cues), "vtt", header=header, blocks=tuple(blocks),
                 diagnostics=tuple(diags))


def _parse_block(lines: list[str], start: int, end: int, cues: list[Cue], blocks: list[Block],
                 diags: list[Diagnostic]) -> None:
    first = lines[start]
    meta = _META_RE.match(first)
    if meta and "-->" not in first:
        blocks.append(Block(meta.group(1), "\n".join(lines[start:end]), len(cues), line=start + 1))
        return
    k = start
    while k < end:
        identifier = ""
        if "-->" in lines[k]:
            timing_at = k
        elif k + 1 < end and "-->" in lines[k + 1]:
            identifier = lines[k]
            timing_at = k + 1
        else:
            diags.append(Diagnostic(
                "parse-error", k + 1,
                f"line {k + 1} is not part of any cue (no timing line): add a timing line "
                "like 00:01:02.500 --> 00:01:04.000, or remove the text"))
            return
        # A payload line containing "-->" ends the cue and starts the next one (W3C WebVTT
        # parser); in practice it is a missing blank line.
        t = timing_at + 1
        while t < end and "-->" not in lines[t]:
            t += 1
        m = TIMING_RE.match(lines[timing_at])
        if m is None:
            diags.append(Diagnostic(
                "parse-error", timing_at + 1,
                f"timing line {lines[timing_at].strip()!r} cannot be read: "
                + explain_timing(lines[timing_at], "00:01:02.500 --> 00:01:04.000")
                + "; the cue is skipped until it is fixed"))
        else:
            g = m.groups()
            payload = "\n".join(lines[timing_at + 1:t])
            if "&" in payload:
                payload = html.unescape(payload)
            cues.append(Cue(_ms(*g[0:4]), _ms(*g[4:8]), payload, identifier=identifier,
                            settings=g[8] or "", line=timing_at + 1))
        if t < end:
            diags.append(Diagnostic(
                "parse-error", t + 1,
                f"a new cue starts on line {t + 1} without a blank line before it "
                "('-->' is not allowed inside cue text): add the blank line", cue=len(cues)))
        k = t


def escape(text: str) -> str:
    """Escape cue text for a WebVTT payload; markup tags stay tags."""
    if "&" not in text and "<" not in text and ">" not in text:
        return text
    out: list[str] = []
    pos = 0
    for m in TAG_RE.finditer(text):
        out.append(_escape_plain(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def compose(track: Track, *, keep_blocks: bool = True) -> str:
    """Write a track as WebVTT: UTF-8 text, LF line ends, final newline.

    Identifiers, cue settings and NOTE/STYLE/REGION blocks are kept unless ``keep_blocks``
    is false (YouTube export writes no STYLE or REGION).
    """
    header = track.header if track.header.startswith((" ", "\t", "\n")) or not track.header \
        else " " + track.header
    parts = [f"WEBVTT{header}\n"]
    by_position: dict[int, list[Block]] = {}
    if keep_blocks:
        for block in track.blocks:
            by_position.setdefault(block.before, []).append(block)
    for index, cue in enumerate(track.cues):
        for block in by_position.pop(index, ()):
            parts.append(block.text + "\n")
        identifier = cue.identifier.replace("-->", "->").replace("\n", " ")
        settings = f" {cue.settings}" if cue.settings else ""
        lines = [line for line in escape(cue.text).split("\n") if line.strip()] if cue.text \
            else []
        head = f"{identifier}\n" if identifier.strip() else ""
        body = "".join(f"{line}\n" for line in lines)
        parts.append(f"{head}{format_vtt(cue.start)} --> {format_vtt(cue.end)}{settings}\n{body}")
    for rest in sorted(by_position):
        for block in by_position[rest]:
            parts.append(block.text + "\n")
    return "\n".join(parts)
