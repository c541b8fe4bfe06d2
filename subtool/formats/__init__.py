"""Reading and writing subtitle files by format.

SRT, WebVTT and SBV are read by subtool's own located readers; ASS/SSA, MicroDVD, SAMI,
TTML and MPL2 go through pysubs2 (see ``subtool.formats.pysubs``). The format comes from the
file extension, or from the content when the extension says nothing.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from subtool.core.errors import UsageError
from subtool.core.model import Cue, Diagnostic, Severity, Track
from subtool.formats import encoding

if TYPE_CHECKING:
    from subtool.formats.encoding import LanguageHint

NATIVE = ("srt", "vtt", "sbv")
VIA_PYSUBS2 = {"ass": "ass", "ssa": "ssa", "sub": "microdvd", "smi": "sami", "sami": "sami",
               "ttml": "ttml", "dfxp": "ttml", "mpl": "mpl2"}
EXTENSIONS = NATIVE + tuple(VIA_PYSUBS2)
# pysubs2 reads SAMI but cannot write it.
READ_ONLY = frozenset({"smi", "sami"})
WRITABLE = tuple(ext for ext in EXTENSIONS if ext not in READ_ONLY)
SUBTITLE_SUFFIXES = frozenset(f".{ext}" for ext in EXTENSIONS)


def format_of(path: Path | str, text: str | None = None) -> str:
    """The format named by the path's extension (``srt``, ``vtt``, ``ass``…), else sniffed."""
    ext = Path(path).suffix.lower().lstrip(".")
    if ext in NATIVE or ext in VIA_PYSUBS2:
        return ext
    if text is not None:
        head = text.lstrip("\ufeff")[:200]
        if head.startswith("WEBVTT"):
            return "vtt"
        if head.lstrip().startswith("[Script Info]"):
            return "ass"
        return "srt"
    raise UsageError(f"unknown subtitle format {ext or '(no extension)'!r}",
                     path=str(path), hint="use one of: " + ", ".join(EXTENSIONS))


def native(fmt: str) -> ModuleType:
    """The reader and writer of a native format (``srt``, ``vtt``, ``sbv``), imported on
    first use: checking SRT files never loads the WebVTT reader and its HTML entities."""
    if fmt == "srt":
        from subtool.formats import srt  # noqa: PLC0415

        return srt
    if fmt == "vtt":
        from subtool.formats import vtt  # noqa: PLC0415

        return vtt
    from subtool.formats import sbv  # noqa: PLC0415

    return sbv


def parse_text(text: str, fmt: str, *, frame_rate: float = 25.0) -> Track:
    """Parse already-decoded text in ``fmt``."""
    if fmt in NATIVE:
        track: Track = native(fmt).parse(text)
        return track
    from subtool.formats import pysubs  # noqa: PLC0415 - keeps pysubs2 off the common path

    return pysubs.parse(text, VIA_PYSUBS2.get(fmt, fmt), frame_rate)


def parse_bytes(data: bytes, fmt: str | None = None, *, name: str = "",
                frame_rate: float = 25.0, hint: LanguageHint | None = None) -> Track:
    """Decode and parse file content; encoding findings join the parser's diagnostics.

    ``hint`` is the track's language, which decides the code page of a file that is not
    UTF-8; without it such a file is refused (no cues, a ``parse-error``), never guessed.
    """
    return parse_decoded(encoding.decode(data, hint), fmt, name=name, frame_rate=frame_rate)


def parse_decoded(decoded: encoding.Decoded, fmt: str | None = None, *, name: str = "",
                  frame_rate: float = 25.0) -> Track:
    """Parse text the decoder made of a file (for callers that also need the decoding)."""
    if not decoded.readable:
        return Track((), fmt or "srt", diagnostics=decoded.diagnostics)
    fmt = fmt or format_of(name or "x", decoded.text)
    track = parse_text(decoded.text, fmt, frame_rate=frame_rate)
    if decoded.diagnostics:
        track = track._replace(diagnostics=decoded.diagnostics + track.diagnostics)
    if not track.cues and not any(d.rule == "parse-error" for d in track.diagnostics):
        # An empty file (or one of only a byte order mark) passed as clean: a track that
        # shows nothing is a mistake (a failed export, a wrong file). A WebVTT file of its
        # header alone is valid (browsers read it, with no cues): a warning.
        empty = not decoded.text.strip("\ufeff \t\r\n")
        track = track._replace(diagnostics=(*track.diagnostics, Diagnostic(
            "parse-error" if empty else "syntax", 1, "the file holds no cues: it is empty"
            + ("" if empty else " but for its header") + "; check that the right file was given",
            severity=None if empty else Severity.WARNING),))
    return track


def check_writable(fmt: str) -> None:
    """Stop before any work when subtool cannot write ``fmt``."""
    if fmt not in WRITABLE:
        raise UsageError(f"cannot write {fmt!r} files (subtool reads them only)",
                         hint="write one of: " + ", ".join(WRITABLE))


def retarget(track: Track, fmt: str) -> Track:
    """The track as it should be written in ``fmt``.

    SRT numbers are positions, not names: they do not become WebVTT identifiers.
    """
    if track.format == "srt" and fmt != "srt":
        track = track._replace(cues=tuple(c._replace(identifier="") for c in track.cues))
    return track._replace(format=fmt)


def _plainly_structured(text: str, cues: int) -> bool:
    """Whether SRT or WebVTT text can only read back as it was written: a cue's structure
    is its timing line (the writers drop blank lines inside cues), so with one arrow per cue
    and no character the readers turn into another (CR becomes a line end, NUL U+FFFD),
    reading it again gives the same cues. Three searches at C speed instead of a second
    parse: ``fix`` of 100,000 cues writes its result once per run."""
    return text.count("-->") == cues and "\r" not in text and "\x00" not in text


def _native_explain(cue: Cue) -> str | None:
    """What in a cue SRT, WebVTT and SBV cannot hold as written."""
    if "-->" in cue.text:
        return "it holds “-->”, which marks a timing line: players would start a new cue there"
    if "\r" in cue.text:
        return "it holds a carriage return, which readers take for the end of a line"
    return None


def compose(track: Track, fmt: str, *, frame_rate: float = 25.0) -> str:
    """Write ``track`` as text in ``fmt``, verified: the text is read back with subtool's
    reader of ``fmt`` and must hold every cue with its times (to the format's precision) and
    its text as viewers see it, else ContentError names the first cue that would change.
    SRT and WebVTT are read back only when ``_plainly_structured`` cannot promise it."""
    from subtool.formats import verify  # noqa: PLC0415

    if fmt in NATIVE:
        text: str = native(fmt).compose(track)
        if fmt == "sbv" or not _plainly_structured(text, len(track.cues)):
            verify.verify(track, parse_text(text, fmt), fmt, frame_rate=frame_rate,
                          explain=_native_explain)
        return text
    if fmt in VIA_PYSUBS2 and fmt not in READ_ONLY:
        from subtool.formats import pysubs  # noqa: PLC0415

        name = VIA_PYSUBS2[fmt]
        text = pysubs.compose(track, name, frame_rate)
        verify.verify(track, pysubs.parse(text, name, frame_rate), name, frame_rate=frame_rate,
                      explain=lambda cue: pysubs.explain(cue, name))
        return text
    raise UsageError(f"cannot write format {fmt!r}", hint="use one of: " + ", ".join(WRITABLE))
