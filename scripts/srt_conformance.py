"""Conformance of subtool's SRT reader with ffmpeg and with each file's true text.

Run: ``.venv/bin/python scripts/srt_conformance.py [CORPUS]`` (default
``../shared/corpus/srt-real`` beside the repository). Needs ``ffprobe`` (Debian's ffmpeg).
Prints one line per file and exits 1 when any file fails.

For every file listed in the corpus's ``SOURCES.tsv``:

1. The true text: the bytes decoded with the encoding ``SOURCES.tsv`` gives (``utf-8 with
   invalid bytes``: UTF-8 with U+FFFD for the bad bytes, as browsers and Python decode it).
2. The reference cues: ffmpeg's SRT demuxer (``ffprobe -f srt -show_packets -show_data``)
   on the true text saved as UTF-8, so that every file has a reference in its true
   characters (ffmpeg's demuxer passes legacy bytes through undecoded and cannot read
   UTF-32 at all). ``ffmpeg`` is also run on the original file, and how many cues it reads
   there is reported (``-f srt`` forced: ffmpeg's probe does not recognise some files).
3. subtool's cues: ``subtool.formats.parse_bytes`` on the original bytes, with the track
   language a project would configure for the file (``HINTS`` below: from the file's name —
   ``_Russian``, ``.es.`` — or, where the name only gives a code page, from reading it).
4. The checks:
   - every reference cue is a subtool cue with the same start, end and text, or subtool
     reports a located problem (``parse-error``, ``syntax``, or a damaged line of
     ``encoding``) within that cue's lines: no cue is lost or changed silently;
   - every subtool cue is a reference cue, or is one ffmpeg leaves out (empty text, an exact
     duplicate), or has a located problem within its lines;
   - every line of every subtool cue is a line of the true text (the decoding is right).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from subtool.core.model import Cue, Track  # noqa: E402
from subtool.formats import parse_bytes  # noqa: E402
from subtool.formats.encoding import LanguageHint, decode  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "srt-real"

# Languages outside the film's, with the same facts the film's language files give.
LANGUAGES = {
    "en": LanguageHint("en", "Latn", ("cp1252",), ""),
    "es": LanguageHint("es", "Latn", ("cp1252", "iso-8859-15"), "áéíóúñüÁÉÍÓÚÑÜ"),
    "fr": LanguageHint("fr", "Latn", ("cp1252", "iso-8859-15"),
                       "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ"),
    "da": LanguageHint("da", "Latn", ("cp1252", "iso-8859-15"), "æøåÆØÅ"),
    "ru": LanguageHint("ru", "Cyrl", ("cp1251", "koi8-r"), "ёыэъ"),
    "sr": LanguageHint("sr", "Cyrl", ("cp1251", "iso-8859-5"), "ђјљњћџЂЈЉЊЋЏ"),
    "sr-Latn": LanguageHint("sr-Latn", "Latn", ("cp1250", "iso-8859-2"), "čćđšžČĆĐŠŽ"),
}
# The track language per file, as a project would configure it. By name where the name
# says it; the two Subtitle Edit files named only by code page were read by a person
# (Serbian: "Neće da izađe odatle", "Из зоре времена долазимо"), and pysrt's
# windows-1252 file is French ("CE FILM RELATE DES ÉVÉNEMENTS").
NAME_PATTERNS = (("_Russian", "ru"), ("_Danish", "da"), (".es.", "es"), (".en.", "en"),
                 ("_spain_", "es"), ("_eng_", "en"))
BY_READING = {
    "subtitleedit__tests__libse__Files__auto_detect_windows-1250.srt": "sr-Latn",
    "subtitleedit__tests__libse__Files__auto_detect_windows-1251.srt": "sr",
    "pysrt__tests__static__windows-1252.srt": "fr",
}
TRUE_ENCODINGS = {"utf-8": "utf-8", "utf-8 (BOM)": "utf-8-sig", "utf-16 (BOM)": "utf-16",
                  "utf-32 (BOM)": "utf-32", "utf-8 with invalid bytes": "utf-8"}


def hint_for(name: str) -> LanguageHint | None:
    """The language a project would give this file's track (None: not known)."""
    code = BY_READING.get(name)
    if code is None:
        code = next((lang for pattern, lang in NAME_PATTERNS if pattern in name), None)
    return LANGUAGES[code] if code else None


def true_text(data: bytes, encoding: str) -> str:
    """The file's text decoded with its true encoding from SOURCES.tsv."""
    codec = TRUE_ENCODINGS.get(encoding, encoding)
    errors = "replace" if "invalid" in encoding else "strict"
    return data.decode(codec, errors)


@dataclass(frozen=True)
class RefCue:
    """A cue as ffmpeg reads it, with the lines it spans in the file."""

    start: int
    end: int
    text: str
    first: int  # the line before the timing line (its number line)
    last: int


def _lines_before(data: bytes, offset: int) -> int:
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")


def _hex_payload(dump: str) -> bytes:
    out = bytearray()
    for row in dump.strip("\n").split("\n"):
        if ": " in row:
            out += bytes.fromhex(row.split(": ", 1)[1][:39].replace(" ", ""))
    return bytes(out)


def ffprobe_packets(path: Path) -> list[tuple[int, int, int, bytes]] | None:
    """``(pos, start, end, payload)`` of each packet ffmpeg's SRT demuxer reads, or None
    when ffmpeg cannot read the file."""
    run = subprocess.run(["ffprobe", "-v", "error", "-f", "srt", "-show_packets",
                          "-show_data", "-of", "json", str(path)],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return None
    packets = json.loads(run.stdout or "{}").get("packets", [])
    return [(int(p.get("pos", -1)), int(p["pts"]), int(p["pts"]) + int(p.get("duration", 0)),
             _hex_payload(p.get("data", ""))) for p in packets]


def reference_cues(text: str) -> list[RefCue] | None:
    """ffmpeg's cues from ``text`` saved as UTF-8, in file order, with their line spans."""
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "true.srt"
        path.write_bytes(data)
        packets = ffprobe_packets(path)
    if packets is None:
        return None
    packets.sort()
    total = _lines_before(data, len(data)) + 1
    starts = [_lines_before(data, pos) + 1 for pos, *_ in packets]
    cues = []
    for k, (_, start, end, payload) in enumerate(packets):
        last = starts[k + 1] - 2 if k + 1 < len(packets) else total
        cues.append(RefCue(start, end, payload.decode("utf-8", "replace"),
                           max(starts[k] - 1, 1), max(last, starts[k])))
    return cues


@dataclass
class Result:
    """What the comparison found for one file."""

    name: str
    encoding: str
    hint: str
    read_as: str
    ffmpeg_original: int | None
    subtool: int
    reference: int
    matched: int = 0
    explained: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One report line."""
        status = "FAIL" if self.failures else "ok"
        ff = "-" if self.ffmpeg_original is None else str(self.ffmpeg_original)
        extra = f"; explained: {'; '.join(self.explained)}" if self.explained else ""
        fails = f"; FAILURES: {'; '.join(self.failures)}" if self.failures else ""
        return (f"{status:4} {self.name}  [{self.encoding} → read as {self.read_as}, "
                f"hint {self.hint}]  cues: subtool {self.subtool}, ffmpeg {ff} (original), "
                f"{self.reference} (true text), same {self.matched}{extra}{fails}")


def _located(track: Track, damaged: bool, refused: bool) -> list[tuple[int, str]]:
    """Lines where subtool reported a located problem with the cues' text or timing (line 0:
    the whole file, refused because its encoding could not be told)."""
    out = [(0, "parse-error (file refused)")] if refused else []
    for d in track.diagnostics:
        if d.line is None:
            continue
        if d.rule in ("parse-error", "syntax") or (damaged and d.rule == "encoding"):
            out.append((d.line, d.rule))
    return out


def _explain(located: Iterable[tuple[int, str]], first: int, last: int) -> str | None:
    for line, rule in located:
        if line == 0 or first <= line <= last:
            return f"{rule} on line {line}"
    return None


def compare(name: str, data: bytes, encoding: str, *, probe_original: bool = True) -> Result:
    """Check subtool against ffmpeg and the true text for one file (``probe_original``:
    also count the cues ffmpeg reads from the original bytes, for the report)."""
    hint = hint_for(name)
    truth = true_text(data, encoding)
    decoded = decode(data, hint)
    track = parse_bytes(data, "srt", hint=hint)
    packets = None
    if probe_original:
        with tempfile.TemporaryDirectory() as folder:
            original = Path(folder) / "original.srt"
            original.write_bytes(data)
            packets = ffprobe_packets(original)
    refs = reference_cues(truth) or []
    result = Result(name, encoding, hint.code if hint else "none", decoded.encoding,
                    None if packets is None else len(packets), len(track.cues), len(refs))
    located = _located(track, decoded.damaged, decoded.refused)
    _check_reference(result, refs, track.cues, located)
    _check_subtool(result, refs, track.cues, located)
    _check_truth(result, truth, track.cues)
    return result


def _key(start: int, end: int, text: str) -> tuple[int, int, str]:
    return start, end, text


def _check_reference(result: Result, refs: Sequence[RefCue], cues: Sequence[Cue],
                     located: list[tuple[int, str]]) -> None:
    ours = {_key(c.start, c.end, c.text) for c in cues}
    for ref in refs:
        if _key(ref.start, ref.end, ref.text) in ours:
            result.matched += 1
            continue
        why = _explain(located, ref.first, ref.last)
        where = f"ffmpeg cue at {ref.start} ms (lines {ref.first}–{ref.last})"
        if why:
            result.explained.append(f"{where}: {why}")
        else:
            result.failures.append(f"{where} {ref.text[:40]!r} lost or changed silently")


def _check_subtool(result: Result, refs: Sequence[RefCue], cues: Sequence[Cue],
                   located: list[tuple[int, str]]) -> None:
    theirs = {_key(r.start, r.end, r.text) for r in refs}
    seen: set[tuple[int, int, str]] = set()
    for cue in cues:
        key = _key(cue.start, cue.end, cue.text)
        duplicate = key in seen
        seen.add(key)
        if key in theirs or not cue.text or duplicate:
            continue  # ffmpeg drops empty cues and exact duplicates
        why = _explain(located, max(cue.line - 1, 1), cue.line + cue.text.count("\n") + 1)
        if why is None:
            result.failures.append(f"subtool cue at line {cue.line} {cue.text[:40]!r} is not "
                                   "what ffmpeg reads, and no problem says why")


def _check_truth(result: Result, truth: str, cues: Sequence[Cue]) -> None:
    lines = set(truth.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n"))
    for cue in cues:
        for text_line in cue.text.split("\n"):
            if cue.text and text_line not in lines:
                result.failures.append(f"cue at line {cue.line}: {text_line[:40]!r} is not in "
                                       "the file's true text")
                return


def sources(corpus: Path) -> list[dict[str, str]]:
    """The rows of the corpus's SOURCES.tsv."""
    with (corpus / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def run(corpus: Path) -> list[Result]:
    """Compare every file of the corpus."""
    return [compare(row["file"], (corpus / row["file"]).read_bytes(), row["encoding"])
            for row in sources(corpus)]


def main(argv: list[str]) -> int:
    """Print the per-file report; 1 when any file fails."""
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    results = run(corpus)
    for result in results:
        print(result.line())
    failed = sum(1 for r in results if r.failures)
    cues = sum(r.subtool for r in results)
    print(f"\n{len(results)} files, {cues} cues read by subtool, {failed} file(s) failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
