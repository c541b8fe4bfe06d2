"""Decode subtitle bytes to text, and say what was unusual about them.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM (and without BOM when the NUL pattern
makes it certain), and a Windows-1252 fallback for legacy German files. Anything decoded
other than as plain UTF-8 is reported as an ``encoding`` diagnostic so a person can re-save
the file; binary content is a ``parse-error`` with no cues.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from subtool.core.model import Diagnostic


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding's name and anything worth reporting."""

    text: str
    encoding: str
    diagnostics: tuple[Diagnostic, ...]
    binary: bool = False


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_utf16(data: bytes) -> str | None:
    """Detect BOM-less UTF-16 by the NUL bytes that ASCII characters leave behind."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode subtitle file bytes; never raises."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, "utf-8-sig", (Diagnostic(
                "encoding", 1, "file starts with a UTF-8 byte order mark (BOM); YouTube and "
                "some players show it as a stray character: save as UTF-8 without BOM"),))
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[2:].decode(name)
            except UnicodeDecodeError:
                break
            return Decoded(text, name, (Diagnostic(
                "encoding", 1,
                f"file is {name.upper()} with a byte order mark: save it as UTF-8"),))
    if b"\x00" in data:
        guess = _looks_utf16(data)
        if guess:
            try:
                text = data.decode(guess)
            except UnicodeDecodeError:
                pass
            else:
                return Decoded(text, guess, (Diagnostic(
                    "encoding", 1, f"file is {guess.upper()} without a byte order mark: "
                    "save it as UTF-8"),))
        first_nul = data.index(b"\x00")
        return Decoded("", "binary", (Diagnostic(
            "parse-error", _line_of(data, first_nul),
            "this is a binary file, not a subtitle file (it contains NUL bytes): "
            "check that the right file was given"),), binary=True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
        bad_byte = data[exc.start]
    # Windows-1252 leaves five bytes undefined; decode them as Latin-1 so nothing is lost
    # (they then show up as control characters, which the control-chars rule reports).
    text = "".join(_cp1252_char(b) for b in data) if _has_undefined_cp1252(data) \
        else data.decode("cp1252")
    return Decoded(text, "cp1252", (Diagnostic(
        "encoding", bad_line,
        f"file is not valid UTF-8 (byte 0x{bad_byte:02X} on line {bad_line}); read it as "
        "Windows-1252: check the umlauts and save the file as UTF-8"),))


_UNDEFINED_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _has_undefined_cp1252(data: bytes) -> bool:
    return any(b in _UNDEFINED_CP1252 for b in data)


def _cp1252_char(byte: int) -> str:
    if byte in _UNDEFINED_CP1252:
        return chr(byte)
    return bytes((byte,)).decode("cp1252")
