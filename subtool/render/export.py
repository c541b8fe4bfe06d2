"""Upload-ready files: SRT and WebVTT for YouTube, transcripts, manifest and upload sheet.

Pure functions from tracks to text. What YouTube needs (subtitle-standards.md, "YouTube"):
UTF-8 without BOM, LF line ends; SRT with no markup at all (YouTube shows tags as text);
WebVTT without STYLE/REGION blocks and with at most ``<i>``/``<b>``/``<u>``; Arabic lines
that a browser would lay out left to right start with U+200F (RLM). Text is NFC-normalised.
Nothing here reads the clock, so a second build produces byte-identical files.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from subtool import __version__
from subtool.core.model import Cue, Track
from subtool.core.text import TAG_RE, strip_markup, visible
from subtool.core.timecode import format_short
from subtool.formats import srt, vtt
from subtool.languages import is_rtl, lookup
from subtool.rules.foreign_script import foreign
from subtool.rules.rtl_direction import RLM, needs_rlm

_KEEP_IN_VTT = re.compile(r"</?[ibu]>")


def _clean_line(line: str, *, keep_basic_tags: bool, rtl: str | None) -> str:
    """The line as uploaded; ``rtl`` is the script of a right-to-left track (its lines get
    a right-to-left mark where a browser would lay them out left to right, except lines
    in another script altogether: a mark would not make them right; the ``rtl-direction``
    fix, applied before export, has put marks on names and addresses)."""
    if keep_basic_tags:
        line = TAG_RE.sub(lambda m: m.group(0) if _KEEP_IN_VTT.fullmatch(m.group(0)) else "", line)
    else:
        line = strip_markup(line)
    line = " ".join(line.split())
    if rtl:
        line = line.lstrip(RLM)
        if needs_rlm(line) and not foreign(line, rtl, frozenset()):
            line = RLM + line
    return line


def upload_track(track: Track, lang: str, fmt: str) -> Track:
    """The track as it is uploaded: clean text, no identifiers, no extra blocks."""
    language = lookup(lang)
    rtl = language.script if language is not None and language.rtl else None
    cues = []
    for cue in track.cues:
        text = unicodedata.normalize("NFC", cue.text)
        lines = [_clean_line(line, keep_basic_tags=fmt == "vtt", rtl=rtl)
                 for line in text.split("\n")]
        cues.append(Cue(cue.start, cue.end, "\n".join(line for line in lines if line.strip()),
                        settings=cue.settings if fmt == "vtt" else ""))
    return Track(tuple(cues), fmt)


def srt_text(track: Track, lang: str) -> str:
    """SRT for YouTube: numbered 1..n, no markup."""
    return srt.compose(upload_track(track, lang, "srt"), plain=True)


def vtt_text(track: Track, lang: str, title: str = "") -> str:
    """WebVTT for YouTube and browsers: no STYLE/REGION, basic tags only."""
    header = f" - {title}" if title else ""
    return vtt.compose(replace(upload_track(track, lang, "vtt"), header=header),
                       keep_blocks=False)


@dataclass(frozen=True)
class Paragraph:
    """A stretch of speech without a pause longer than the paragraph gap."""

    start: int
    text: str


def paragraphs(track: Track, *, pause: int = 1500) -> list[Paragraph]:
    """Running text of a track, split into paragraphs at pauses (scene or speaker changes)."""
    out: list[Paragraph] = []
    current: list[str] = []
    start = 0
    previous_end: int | None = None
    for cue in track.cues:
        text = " ".join(visible(cue.text).split())
        if not text:
            continue
        if previous_end is not None and cue.start - previous_end > pause and current:
            out.append(Paragraph(start, " ".join(current)))
            current = []
        if not current:
            start = cue.start
        current.append(text)
        previous_end = cue.end
    if current:
        out.append(Paragraph(start, " ".join(current)))
    return out


def transcript_text(track: Track, lang: str, title: str) -> str:
    """A plain-text transcript ("Textfassung") with a timecode per paragraph."""
    language = lookup(lang)
    name = language.native if language else lang
    head = f"{title}\n{name}\n\n" if title else f"{name}\n\n"
    body = "\n\n".join(f"[{format_short(p.start)[:-4]}] {p.text}" for p in paragraphs(track))
    return head + body + "\n"


def transcript_html(tracks: Sequence[tuple[str, Track]], title: str, master_lang: str) -> str:
    """One accessible HTML page with the transcript in every language.

    Each section carries its ``lang`` and ``dir``, so screen readers switch voice and Arabic
    runs right to left; a list of links lets people jump to their language.
    """
    esc = html.escape
    nav = []
    sections = []
    for lang, track in tracks:
        language = lookup(lang)
        name = language.native if language else lang
        direction = "rtl" if is_rtl(lang) else "ltr"
        nav.append(f'<li><a href="#{esc(lang)}" lang="{esc(lang)}" dir="{direction}">'
                   f"{esc(name)}</a></li>")
        paras = "\n".join(f'<p><span class="time">{esc(format_short(p.start)[:-4])}</span> '
                          f"{esc(p.text)}</p>" for p in paragraphs(track))
        sections.append(f'<section id="{esc(lang)}" lang="{esc(lang)}" dir="{direction}">\n'
                        f"<h2>{esc(name)}</h2>\n{paras}\n</section>")
    return f"""<!DOCTYPE html>
<html lang="{esc(master_lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – Textfassung</title>
<style>
body {{ font: 1.15rem/1.6 system-ui, sans-serif; max-width: 46rem; margin: 0 auto;
        padding: 1rem; color: #111; background: #fff; }}
nav ul {{ display: flex; flex-wrap: wrap; gap: .5rem 1rem; padding: 0; list-style: none; }}
a {{ color: #0645ad; }}
.time {{ color: #555; font-variant-numeric: tabular-nums; margin-inline-end: .5rem; }}
section {{ border-top: 1px solid #ccc; margin-top: 2rem; }}
</style>
</head>
<body>
<header><h1>{esc(title)}</h1><p>Textfassung in {len(tracks)} Sprachen</p></header>
<nav aria-label="Sprachen"><ul>
{chr(10).join(nav)}
</ul></nav>
<main>
{chr(10).join(sections)}
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class TrackEntry:
    """One row of the manifest and the upload sheet."""

    lang: str
    srt: str
    vtt: str
    txt: str
    cues: int
    status: str  # "ready", "needs review" or "blocked" (subtool.engine.status)
    errors: int
    warnings: int
    is_master: bool = False

    @property
    def ready(self) -> bool:
        """Whether the track is ready to publish."""
        return self.status == "ready"

    @property
    def name(self) -> str:
        """The language's own name: the YouTube track title."""
        language = lookup(self.lang)
        return language.native if language else self.lang


def manifest_json(entries: Sequence[TrackEntry], *, title: str, slug: str,
                  extra: dict[str, str]) -> str:
    """Machine-readable list of every track and file (``subtool publish`` reads it)."""
    doc = {
        "generator": f"subtool {__version__}",
        "title": title,
        "slug": slug,
        "complete": True,
        "ready": all(e.ready for e in entries),
        "files": extra,
        "tracks": [{
            "language": e.lang, "name": e.name, "srt": e.srt, "vtt": e.vtt, "transcript": e.txt,
            "cues": e.cues, "status": e.status, "ready": e.ready, "errors": e.errors,
            "warnings": e.warnings, "master": e.is_master,
        } for e in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# German Excel (the city's) opens a CSV file with its list separator, the semicolon, and
# reads it as UTF-8 only when the file starts with a byte order mark.
SHEET_SEPARATOR = ";"


def upload_csv(entries: Sequence[TrackEntry]) -> str:
    """The sheet for YouTube Studio: language tag, track title, files, cues, status.

    UTF-8 with a byte order mark, semicolon-separated, CRLF line ends: what German Excel
    opens correctly in columns (English Excel expects commas: there, use Data → From
    Text/CSV and choose the semicolon); LibreOffice and scripts read it as well.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SHEET_SEPARATOR, lineterminator="\r\n")
    writer.writerow(["language", "track_name", "srt_file", "vtt_file", "cues", "status",
                     "ready"])
    for e in entries:
        writer.writerow([e.lang, e.name, e.srt, e.vtt, e.cues, e.status,
                         "yes" if e.ready else "no"])
    return "\ufeff" + buffer.getvalue()
