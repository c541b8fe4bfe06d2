"""WebVTT: read every file as browsers read it, write it as the specification asks.

Reading follows the W3C "WebVTT parser algorithm" (collect a WebVTT block, collect WebVTT
cue timings and settings, collect a WebVTT timestamp) in the form Chromium implements it
(Blink's ``vtt_parser.cc``), because viewers see what the browser shows: every cue Chromium
exposes through a ``<track>`` element is read with the same identifier, start, end and text.
``scripts/webvtt_conformance.py`` compares the two, file by file, on the web-platform-tests
WebVTT corpus and on ``tests/data/webvtt/``. What that means for a file:

- The signature: the decoder removes one byte order mark; the first line must then start
  with ``WEBVTT`` followed by nothing, a space or a tab. Anything else (a second BOM,
  ``webvtt``, ``WEBVTTX``, an empty file) is refused by browsers: a ``parse-error`` and no
  cues. A NUL character anywhere becomes U+FFFD, as in browsers.
- Only an empty line ends a block. A line of spaces or tabs is a line like any other: cue
  text inside a cue, an identifier before a timing line.
- A line containing ``-->`` ends the cue text above it and is read as the next cue's timing
  line (a missing blank line between cues; an identifier line on top of it then belongs to
  the cue above as its last line of text).
- The line directly above a timing line is the cue's identifier, whatever it says: a
  ``NOTE …`` line without a blank line after it names the cue, which browsers still show.
- Timestamps: ``[h…:]mm:ss.ttt``; hours are any number of digits (one is accepted), minutes
  and seconds two digits up to 59, exactly three digits of milliseconds. Whitespace around
  ``-->`` is optional and may be spaces, tabs or form feeds; the rest of the line after the
  end time is the cue settings, kept as written. A cue that ends before it starts is kept
  (``cue-order`` reports it). A timing line that fails drops its cue and the text under it,
  and so does a time beyond what Chromium can hold (it makes it infinite): a
  ``parse-error`` naming the line and the reason.
- ``STYLE`` blocks are style sheets only before the first cue; browsers ignore them after
  it. Chromium ignores ``REGION`` blocks everywhere. Both are kept for round trips.
- Chromium departs from the specification's text only before the first cue, and the reader
  follows Chromium: a cue's identifier is the last line of an odd-numbered run of lines
  above its timing line, so a header line directly above the first cue, or a line above a
  STYLE block, names that cue; a ``STYLE`` line directly above a timing line is a style
  sheet, not the cue's identifier.

Where the authoring rules (the "WebVTT file" syntax) are broken but browsers still read the
cues, each cue is kept as browsers read it and a ``syntax`` diagnostic names the line:
indented or non-canonical timing lines, a missing blank line, lines of only spaces, NUL,
text that belongs to no cue (kept as a NOTE, so nothing is lost), a STYLE block after the
first cue. ``compose`` writes canonical WebVTT (timing lines, an empty line between blocks,
stray text as a NOTE), so ``subtool fix --write`` repairs those by writing the file again.
Where what browsers read is probably not what the author meant (a NOTE line naming a cue,
a line of spaces inside a cue, a STYLE block after the first cue), the file is written as
browsers read it and the problem is still reported, for a person to decide. Character
references are decoded on reading and written back on writing.
"""

from __future__ import annotations

import html
import re

from subtool.core.model import Block, Cue, Diagnostic, Track
from subtool.core.text import TAG_RE
from subtool.core.timecode import format_vtt
from subtool.formats.lines import normalise_newlines
from subtool.formats.vtt_timing import Timing, collect_timing

# Canonical timing lines, the common case: no indentation, two-digit fields, hours of two to
# six digits, spaces or tabs around the arrow. Anything else takes the step-by-step path.
_FAST = re.compile(
    r"(?:([0-9]{2,6}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})[ \t]+-->[ \t]+"
    r"(?:([0-9]{2,6}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})(?:[ \t]+(.*?))?[ \t]*",
    re.ASCII)
# "Skip whitespace" in the timing line: ASCII whitespace (a line holds no LF or CR).
_SPACE = " \t\x0c"
_NOTE = re.compile(r"NOTE(?:[ \t]|$)")
# Chromium: "STYLE" followed only by spaces, tabs or form feeds opens a style sheet.
_STYLE = re.compile(r"STYLE[ \t\x0c]*\Z")
_REGION = re.compile(r"REGION[ \t\x0c]*\Z")
# Two times on one line: a timing line that lost its arrow (its cue is lost, not a comment).
_LOOKS_TIMED = re.compile(r"[0-9]+:[0-9]{2}[.,:][0-9].*[0-9]+:[0-9]{2}", re.ASCII)
# Chromium adds the fields as base::TimeDelta (int64 microseconds) and exposes a saturated
# sum as +Infinity: such a cue is never shown.
_EXAMPLE = "00:01:02.500 --> 00:01:04.000"
_FIX = "'subtool fix' rewrites it correctly"


def parse(text: str) -> Track:
    """Parse decoded WebVTT text (the decoder has removed one byte order mark) into a track.

    Problems become diagnostics (``parse-error`` for what browsers refuse or drop,
    ``syntax`` for what they read although the authoring rules are broken), never
    exceptions.
    """
    text = normalise_newlines(text)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    diags: list[Diagnostic] = []
    if "\x00" in text:
        _replace_nul(lines, diags)
    refusal = _refusal(lines[0] if text else "")
    if refusal:
        return Track((), "vtt", diagnostics=(Diagnostic("parse-error", 1, refusal),))
    reader = _Reader(lines, diags)
    reader.read()
    return reader.track()


def _replace_nul(lines: list[str], diags: list[Diagnostic]) -> None:
    for i, line in enumerate(lines):
        if "\x00" in line:
            lines[i] = line.replace("\x00", "\ufffd")
            diags.append(Diagnostic(
                "syntax", i + 1,
                f"line {i + 1} contains a NUL character (a zero byte, usually a sign of a "
                "damaged file): browsers show the replacement character \ufffd instead, and "
                "so does the file 'subtool fix' writes; retype the damaged text"))


def _refusal(first: str) -> str | None:
    """Why browsers refuse a file with this first line, or None when they accept it."""
    if first.startswith("WEBVTT") and (len(first) == 6 or first[6] in " \t"):
        return None
    refuse = "browsers refuse the file and show none of its subtitles"
    if not first:
        return (f"the first line is empty or the file is empty: a WebVTT file must start with "
                f"the line WEBVTT, and without it {refuse}; add WEBVTT as the first line")
    if first.startswith("\ufeff"):
        return (f"the file starts with two byte order marks (BOM) and {refuse}: save it as "
                "UTF-8 without BOM in your editor")
    if first.startswith("WEBVTT"):
        return (f"the first line {first[:20]!r} must be WEBVTT followed by a space, a tab or "
                f"the end of the line; otherwise {refuse}")
    if "WEBVTT" in first[:12]:
        return (f"the first line has {first[:first.index('WEBVTT')]!r} before WEBVTT, so "
                f"{refuse}: WEBVTT must be the very first thing in the file")
    if first.upper().startswith("WEBVTT"):
        return f"the first line must be WEBVTT in capital letters, not {first[:6]!r}; " \
               f"otherwise {refuse}"
    return (f"the file does not start with the line WEBVTT, so {refuse}: add WEBVTT and a "
            "blank line at the top (or, if it is an SRT file, give it the extension .srt)")


class _Reader:
    """Chromium's line-by-line states, with the line roles remembered for diagnostics."""

    def __init__(self, lines: list[str], diags: list[Diagnostic]) -> None:
        self.lines = lines
        self.diags = diags
        self.cues: list[Cue] = []
        self.blocks: list[Block] = []
        self.header = lines[0][6:]
        # A line whose missing empty line above has been reported already.
        self.quiet_before = -1
        # The line after the last cue's text: a cue that starts there follows it directly.
        self.text_end = -1

    def track(self) -> Track:
        diags = sorted(self.diags, key=lambda d: d.line or 0)
        return Track(tuple(self.cues), "vtt", header=self.header, blocks=tuple(self.blocks),
                     diagnostics=tuple(diags))

    def read(self) -> None:
        first = _Header(self).read()
        if first is not None:
            self.cues_from(*first)

    # -- after the first cue: Chromium's kId, kTimingsAndSettings, kCueText, kBadCue ------

    def cues_from(self, t: int, ident: str, id_at: int) -> None:
        """Read cues from the timing line ``t`` to the end of the file."""
        lines = self.lines
        n = len(lines)
        i = self.cue(t, ident, id_at)
        while i < n:
            line = lines[i]
            if not line:
                i += 1
            elif "-->" in line:
                i = self.cue(i, "", -1)
            elif i + 1 < n and lines[i + 1]:
                i = self.cue(i + 1, line, i)
            else:
                # An identifier followed by an empty line (or the end): a comment or a
                # stray line, never a cue.
                self.ignored(i, i + 1)
                i += 1

    def cue(self, t: int, ident: str, id_at: int) -> int:
        """Read the cue whose timing line is ``t``; return the next line to look at."""
        lines = self.lines
        m = _FAST.fullmatch(lines[t])
        if m is not None:
            g = m.groups()
            start = int(g[0] or 0) * 3_600_000 + int(g[1]) * 60_000 + int(g[2]) * 1000 \
                + int(g[3])
            end = int(g[4] or 0) * 3_600_000 + int(g[5]) * 60_000 + int(g[6]) * 1000 \
                + int(g[7])
            settings = g[8].strip(_SPACE) if g[8] else ""
        else:
            timing = collect_timing(lines[t])
            if isinstance(timing, str):
                return self.bad_cue(t, id_at, timing)
            start, end, settings = timing.start, timing.end, timing.settings
            if timing.notes:
                self.timing_syntax(t, timing)
        first = id_at if id_at >= 0 else t
        if first and lines[first - 1] and first != self.quiet_before:
            self.no_blank_before(first)
        if ident and (id_at != t - 1 or ident.startswith("NOTE")):
            self.check_identifier(ident, id_at, t)
        n = len(lines)
        j = t + 1
        while j < n:
            line = lines[j]
            if not line or "-->" in line:
                break
            j += 1
        payload = "\n".join(lines[t + 1:j]) if j > t + 1 else ""
        if payload and (payload[0] in _SPACE or "\n " in payload or "\n\t" in payload
                        or "\x0c" in payload):
            self.blank_like(t + 1, j)
        if "&" in payload:
            payload = html.unescape(payload)
        self.cues.append(Cue(start, end, payload, identifier=ident, settings=settings,
                             line=t + 1))
        self.text_end = j
        return j if j < n and lines[j] else j + 1

    def bad_cue(self, t: int, id_at: int, reason: str) -> int:
        """A timing line that fails: skip to an empty line or the next line with ``-->``
        (Chromium's kBadCue); a cue is lost, or only text that was never a cue."""
        lines = self.lines
        n = len(lines)
        k = t + 1
        while k < n and lines[k] and "-->" not in lines[k]:
            k += 1
        if "-->" in lines[t]:
            self.lost_cue(t, reason, k - t - 1)
        else:
            self.ignored(id_at if id_at >= 0 else t, k)
        return k

    def lost_cue(self, at: int, reason: str, text_lines: int) -> None:
        """A ``parse-error``: browsers drop the cue of the timing line ``at``."""
        shown = self.lines[at].strip(_SPACE)
        lost = "" if text_lines <= 0 else " and the line of text under it" if text_lines == 1 \
            else f" and the {text_lines} lines of text under it"
        self.diags.append(Diagnostic(
            "parse-error", at + 1,
            f"line {at + 1}: the timing line {shown[:60]!r} cannot be read ({reason}), so "
            f"browsers drop this cue{lost}: write it like {_EXAMPLE}"))

    def ignored(self, first: int, end: int) -> None:
        """Lines ``first``..``end - 1`` that belong to no cue: a NOTE, STYLE or REGION
        block, a timing line without ``-->`` (a lost cue), or stray text (kept as a NOTE, so
        writing the file again loses nothing)."""
        body = self.lines[first:end]
        head = body[0]
        if all(not line.strip(_SPACE) for line in body):
            self.syntax(first, f"line {first + 1} has only spaces or tabs: it is not an empty "
                        "line, although browsers ignore it here; " + _FIX)
            return
        if _NOTE.match(head):
            kind = "NOTE"
        elif _STYLE.match(head) or _REGION.match(head):
            kind = head.rstrip(_SPACE)
            if self.cues:
                self.syntax(first, f"the {kind} block on line {first + 1} comes after the "
                            "first cue, where browsers ignore it: move it above the first "
                            "cue if it is needed")
        else:
            timed = next((k for k in range(first, end) if _LOOKS_TIMED.search(self.lines[k])),
                         None)
            if timed is not None:
                reason = collect_timing(self.lines[timed])
                self.lost_cue(timed, reason if isinstance(reason, str) else "", end - timed - 1)
                return
            kind = "NOTE"
            self.stray(first, end)
            body = ["NOTE", *body]
        self.blocks.append(Block(kind, "\n".join(body), len(self.cues), line=first + 1))

    # -- syntax diagnostics ------------------------------------------------------------

    def stray(self, first: int, end: int) -> None:
        head = self.lines[first].strip(_SPACE)[:40]
        where = f"lines {first + 1}–{end} ({head!r} …) belong to no cue, so browsers never " \
            "show them" if end - first > 1 else \
            f"line {first + 1} ({head!r}) belongs to no cue, so browsers never show it"
        self.syntax(first, f"{where}: if this is subtitle text, put it under a timing line; "
                    "'subtool fix' keeps it as a NOTE comment")

    def syntax(self, at: int, message: str, cue: int | None = None) -> None:
        self.diags.append(Diagnostic("syntax", at + 1, message, cue=cue))

    def timing_syntax(self, t: int, timing: Timing) -> None:
        self.syntax(t, f"the timing line is not written as WebVTT requires "
                    f"({', '.join(timing.notes)}); browsers still read it as "
                    f"{format_vtt(timing.start)} --> {format_vtt(timing.end)}; {_FIX}",
                    cue=len(self.cues) + 1)

    def no_blank_before(self, first: int) -> None:
        above = self.lines[first - 1].strip(_SPACE)[:40]
        if first == 1:
            what = "the WEBVTT line"
        elif self.cues and first == self.text_end:
            what = "the cue above"
            if self.cues[-1].line < first:
                what += f", so browsers end that cue here (its last line of text is line " \
                        f"{first}, {above!r})"
        else:
            what = f"line {first} ({above!r})"
        self.syntax(first, f"no empty line between this cue and {what}; WebVTT needs an "
                    f"empty line between blocks; {_FIX}", cue=len(self.cues) + 1)

    def check_identifier(self, ident: str, id_at: int, t: int) -> None:
        if ident.startswith("NOTE") and _NOTE.match(ident):
            self.syntax(id_at, f"the comment {ident[:40]!r} on line {id_at + 1} has no empty "
                        "line after it, so browsers take it as the identifier of the cue "
                        "below and show that cue; if it is a comment, add an empty line "
                        "after it", cue=len(self.cues) + 1)
        elif id_at != t - 1:
            self.syntax(id_at, f"line {id_at + 1} ({ident[:40]!r}) is not directly above the "
                        f"timing line on line {t + 1}, yet Chromium takes it as that cue's "
                        "identifier; 'subtool fix' writes it directly above the timing "
                        "line", cue=len(self.cues) + 1)

    def blank_like(self, first: int, end: int) -> None:
        for k in range(first, end):
            if not self.lines[k].strip(_SPACE):
                self.syntax(k, f"line {k + 1} has only spaces or tabs: it does not end the "
                            "cue (only an empty line does), so browsers show the lines after "
                            "it in the same cue; if a new cue was meant, make the line empty",
                            cue=len(self.cues) + 1)


class _Header:
    """Chromium's kHeader state: everything from the signature to the first cue."""

    def __init__(self, reader: _Reader) -> None:
        self.r = reader
        self.lines = reader.lines
        # The previous line as Chromium keeps it: set by a line after an empty one (or after
        # the signature), cleared by the next line; at the first timing line it names the cue.
        self.prev = ""
        self.prev_at = -1
        # What lies before the first cue, in file order: ("style", first, end) blocks and
        # ("text", first, end) runs of lines that belong to nothing.
        self.items: list[tuple[str, int, int]] = []
        self.run: list[int] = []
        self.lost = False

    def read(self) -> tuple[int, str, int] | None:
        """Read the header and the blocks before the first cue; return the first cue's
        timing line, identifier and identifier line, or None when there is no cue."""
        lines = self.lines
        n = len(lines)
        end = 1
        while end < n and lines[end] and "-->" not in lines[end] \
                and not _STYLE.match(lines[end]):
            end += 1
        i = 1
        while i < n:
            line = lines[i]
            if "-->" not in self.prev and _STYLE.match(line):
                found, i = self.style(i)
                if found is not None:
                    return self.finish(end, found, "", -1)
                continue
            if "-->" in line:
                timing = collect_timing(line)
                if not isinstance(timing, str):
                    if self.prev and "-->" not in self.prev:
                        return self.finish(end, i, self.prev, self.prev_at)
                    return self.finish(end, i, "", -1)
                self.r.lost_cue(i, timing, _run_length(lines, i + 1))
                self.lost = True
                if self.run and self.run[-1] == i - 1:
                    self.run.pop()  # the lost cue's identifier
            elif not line:
                self.flush()
                self.lost = False
            elif i >= end and not self.lost:
                self.run.append(i)
            self.prev, self.prev_at = ("", -1) if self.prev else (line, i)
            i += 1
        self.finish(end, None, "", -1)
        return None

    def flush(self) -> None:
        for first, stop in _spans(self.run):
            self.items.append(("text", first, stop))
        self.run = []

    def style(self, i: int) -> tuple[int | None, int]:
        """A STYLE block from line ``i``: (the timing line that ends it or None, next line).

        The empty line that ends it leaves Chromium's previous line as it was."""
        lines = self.lines
        n = len(lines)
        j = i + 1
        while j < n and lines[j] and "-->" not in lines[j]:
            j += 1
        self.flush()
        self.items.append(("style", i, j))
        if j < n and lines[j]:
            timing = collect_timing(lines[j])
            if not isinstance(timing, str):
                return j, j
            self.r.lost_cue(j, timing, _run_length(lines, j + 1))
            self.lost = True
        return None, j + 1

    def finish(self, end: int, t: int | None, ident: str,
               id_at: int) -> tuple[int, str, int] | None:
        """Record the header and the blocks before the first cue."""
        r = self.r
        self.flush()
        header_end = end
        if ident and id_at == end - 1:
            header_end = id_at
            r.quiet_before = id_at
            r.syntax(id_at, f"no empty line after the header: Chromium takes line {id_at + 1} "
                     f"({ident[:40]!r}) as the identifier of the first cue, other browsers "
                     "as part of the header; add an empty line where one is meant",
                     cue=1)
        r.header += "".join("\n" + line for line in self.lines[1:header_end])
        for kind, first, stop in self.items:
            if kind == "style":
                r.blocks.append(Block("STYLE", "\n".join(self.lines[first:stop]), 0,
                                      line=first + 1))
            elif first <= id_at < stop:
                if id_at > first:
                    r.ignored(first, id_at)
            else:
                r.ignored(first, stop)
        return None if t is None else (t, ident, id_at)


def _run_length(lines: list[str], start: int) -> int:
    """How many lines from ``start`` before an empty line or one with ``-->``."""
    k = start
    while k < len(lines) and lines[k] and "-->" not in lines[k]:
        k += 1
    return k - start


def _spans(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of line indices as ``(first, end)`` pairs."""
    spans: list[tuple[int, int]] = []
    for k in indices:
        if spans and spans[-1][1] == k:
            spans[-1] = (spans[-1][0], k + 1)
        else:
            spans.append((k, k + 1))
    return spans


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

    Identifiers (also one of only spaces, which browsers keep), cue settings and
    NOTE/STYLE/REGION blocks are kept unless ``keep_blocks`` is false (YouTube export
    writes no STYLE or REGION). Empty text lines, which WebVTT cannot hold inside a cue,
    are left out; a line of spaces is written, as browsers read it as a line of the cue.
    One identifier cannot be written: ``STYLE`` on the first cue, which Chromium reads as
    the start of a style sheet (the reader never produces it).
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
        lines = [line for line in escape(cue.text).split("\n") if line] if cue.text else []
        head = f"{identifier}\n" if identifier else ""
        body = "".join(f"{line}\n" for line in lines)
        parts.append(f"{head}{format_vtt(cue.start)} --> {format_vtt(cue.end)}{settings}\n{body}")
    for rest in sorted(by_position):
        for block in by_position[rest]:
            parts.append(block.text + "\n")
    return "\n".join(parts)
