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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from subtool import __version__
from subtool.core.description import DescribedVersion
from subtool.core.model import DESCRIPTIONS, SUBTITLES, Cue, Track
from subtool.core.text import TAG_RE, strip_markup, visible
from subtool.core.timecode import format_short
from subtool.formats import srt, vtt
from subtool.languages import i18n, lookup, native_name
from subtool.languages.i18n import _, ngettext
from subtool.render import page
from subtool.render.page import text_attrs
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
    return vtt.compose(upload_track(track, lang, "vtt")._replace(header=header),
                       keep_blocks=False)


# A new paragraph may start at a sentence end once the paragraph holds this many visible
# characters: about four lines of the transcript page (46rem, ~75 characters a line), three
# or four of the film's sentences. Plain-language guidance for public bodies asks for short
# paragraphs of a few sentences; one paragraph per cue (~60 characters) would be a list, one
# per speaker turn (up to 1,000 characters in the film) a wall of text.
PARAGRAPH_CHARS = 300
# A pause this long between two cues at a sentence end is a change of scene or speaker: the
# film leaves 480 ms there and 80 ms (2 frames, chained) between the cues of one stretch of
# speech. Shorter than Netflix's 0.5 s chaining limit, so chaining the film's gaps
# (subtool fix) removes them and the transcript then breaks by size and labels alone.
PARAGRAPH_PAUSE = 400

# SDH conventions (subtitle-standards.md, de): "(Sprecherin)" at the start of a line names
# the speaker; "[Musik]" describes a sound; a dialogue dash starts another speaker's line.
_SPEAKER = re.compile(r"^\(([^()\n]{1,60})\)\s*")
_SOUND = re.compile(r"^\[[^\[\]\n]{1,80}\]")
_DASH = re.compile(r"^[-–—]\s+")
_SENTENCE_ENDS = ".!?…؟‼⁇⁈⁉"
_CLOSERS = "\"'”’»«“‘)]›‹"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the reading text: where it starts in the film, its text, the speaker
    named by an SDH label where one starts a turn, and whether it is a sound label or an
    audio description."""

    start: int
    text: str
    speaker: str = ""
    sound: bool = False
    description: bool = False


@dataclass(frozen=True)
class _Piece:
    """A run of text of one cue: speech, a sound label, or the start of a speaker's turn."""

    start: int
    text: str
    kind: str  # "text", "sound", "speaker" (text follows the label) or "dash"
    speaker: str = ""


def _pieces(start: int, text: str) -> list[_Piece]:
    out: list[_Piece] = []
    for raw in visible(text).split("\n"):
        line = " ".join(raw.split())
        while line:
            sound = _SOUND.match(line)
            if sound:
                out.append(_Piece(start, sound.group(0), "sound"))
                line = line[sound.end():].lstrip()
                continue
            speaker = _SPEAKER.match(line)
            dash = _DASH.match(line)
            if speaker:
                out.append(_Piece(start, line[speaker.end():], "speaker", speaker.group(1)))
            elif dash:
                out.append(_Piece(start, line[dash.end():], "dash"))
            else:
                out.append(_Piece(start, line, "text"))
            break
    return out


class _Sentences:
    """Whether a text ends a sentence, in one language (its question mark, its own sentence
    ends, its abbreviations and ordinal dots)."""

    def __init__(self, lang: str) -> None:
        language = lookup(lang)
        own = (language.question_mark + language.linebreak.sentence_end) if language else ""
        self.ends = set(_SENTENCE_ENDS + own.replace(",", ""))
        self.abbreviations = language.linebreak.abbreviations if language else frozenset()
        self.ordinal = language is None or language.segment.ordinal_dot

    def end(self, text: str) -> bool:
        """Whether ``text`` ends with a sentence end (not an abbreviation or ordinal)."""
        words = text.split()
        if not words:
            return False
        core = words[-1].rstrip(_CLOSERS)
        if core[-1:] not in self.ends:
            return False
        stem = core[:-1].lstrip("(\"„«")
        if core[-1] != "." or not stem:
            return True
        if stem.isdigit():
            return not (self.ordinal and len(stem) <= 3)
        return not ("." in stem or (len(stem) == 1 and stem.isalpha())
                    or core.lower() in self.abbreviations)


class _Builder:
    """Collects pieces into paragraphs (see :func:`paragraphs`)."""

    def __init__(self, lang: str) -> None:
        self.sentences = _Sentences(lang)
        self.out: list[Paragraph] = []
        self.words: list[str] = []
        self.start = 0
        self.named = ""  # the speaker's name, on the first paragraph of their turn
        self.waiting: list[Paragraph] = []  # descriptions due, held until a sentence ends

    def describe(self, due: list[Paragraph]) -> None:
        """Audio descriptions whose time has come: each a paragraph of its own, placed at
        once between sentences, else after the sentence being read ends (a description
        never splits a sentence)."""
        self.waiting += due
        if self.waiting and (not self.words or self.at_sentence_end()):
            self.flush()
            self.out += self.waiting
            self.waiting = []

    def flush(self) -> None:
        if self.words:
            self.out.append(Paragraph(self.start, " ".join(self.words), self.named))
        self.words, self.named = [], ""

    def begin_turn(self, piece: _Piece, speaker: str) -> None:
        self.flush()
        self.named = speaker
        if piece.text:
            self.add(piece)

    def add(self, piece: _Piece) -> None:
        if not self.words:
            self.start = piece.start
        self.words.append(piece.text)

    def at_sentence_end(self) -> bool:
        return bool(self.words) and self.sentences.end(self.words[-1])

    def size(self) -> int:
        return sum(len(w) + 1 for w in self.words)

    def take(self, piece: _Piece, paused: bool) -> None:
        if piece.kind == "sound":
            self.flush()
            self.out.append(Paragraph(piece.start, piece.text, sound=True))
        elif piece.kind == "speaker":
            self.begin_turn(piece, piece.speaker)
        elif piece.kind == "dash":
            self.begin_turn(piece, "")
        else:
            if self.at_sentence_end() and (paused or self.size() >= PARAGRAPH_CHARS):
                self.flush()
            self.add(piece)


def _described(descriptions: Track | None) -> list[Paragraph]:
    out = []
    for cue in sorted(descriptions.cues if descriptions else (), key=lambda c: c.start):
        text = " ".join(visible(cue.text).split())
        if text:
            out.append(Paragraph(cue.start, text, description=True))
    return out


def paragraphs(track: Track, lang: str = "",
               descriptions: Track | None = None) -> list[Paragraph]:
    """The track as a reading text: paragraphs with the time they start in the film.

    A paragraph ends only at a sentence end (never in the middle of a sentence): where a
    pause of ``PARAGRAPH_PAUSE`` ms or more follows (a change of scene or speaker), or once
    it holds ``PARAGRAPH_CHARS`` characters. An SDH speaker label (``(Sprecherin)``) or a
    dialogue dash starts a new paragraph, with the speaker's name where the label gives it;
    a sound label (``[Musik]``) stands on its own. The audio ``descriptions`` (a track in the
    same language), when given, come in sequence with the dialogue, each a paragraph of
    its own, at the first sentence end at or after their time.
    """
    builder = _Builder(lang)
    pending = _described(descriptions)
    previous_end: int | None = None
    for cue in track.cues:
        pieces = _pieces(cue.start, cue.text)
        if not pieces:
            continue
        due = [p for p in pending if p.start <= cue.start]
        pending = pending[len(due):]
        builder.describe(due)
        paused = previous_end is not None and cue.start - previous_end >= PARAGRAPH_PAUSE
        for k, piece in enumerate(pieces):
            builder.take(piece, paused and k == 0)
            builder.describe([])
        previous_end = cue.end
    builder.flush()
    builder.describe(pending)
    return builder.out


def _clock(ms: int) -> str:
    """``0:04`` or ``1:02:03``: the time a paragraph starts, to the second."""
    return format_short(ms).rsplit(".", 1)[0]


def description_label() -> str:
    """How an audio description is marked in the transcripts (the reader's language)."""
    return _("Audio description")


def transcript_text(track: Track, lang: str, title: str,
                    descriptions: Track | None = None) -> str:
    """A plain-text transcript ("Textfassung"): a paragraph per block, each starting with
    its time code (``[0:04]``) and, where known, the speaker (``Sprecherin:``); an audio
    description is marked as one (``Audiodeskription:``)."""
    name = native_name(lang)
    head = f"{title}\n{name}\n\n" if title else f"{name}\n\n"
    blocks = []
    for p in paragraphs(track, lang, descriptions):
        speaker = p.speaker or (description_label() if p.description else "")
        blocks.append(f"[{_clock(p.start)}] {speaker + ': ' if speaker else ''}{p.text}")
    return head + "\n\n".join(blocks) + "\n"


_TRANSCRIPT_CSS = """
body { font-size: 1.15rem; line-height: 1.6; max-width: 46rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .5rem 1rem; padding: 0; list-style: none; }
.time { color: #555; font-variant-numeric: tabular-nums; margin-inline-end: .5rem; }
.speaker { font-weight: 700; }
.sound { font-style: italic; color: #333; }
.described { border-inline-start: .3rem double #444; padding-inline-start: .6rem;
             font-style: italic; }
.described .label { font-style: normal; font-weight: 700; text-transform: uppercase;
                    letter-spacing: .04em; font-size: .85em; }
section { border-top: 1px solid #ccc; margin-top: 2rem; }
"""


def _paragraph_html(p: Paragraph) -> str:
    esc = html.escape
    time = f'<span class="time">{esc(_clock(p.start))}</span> '
    if p.sound:
        return f'<p class="sound">{time}{esc(p.text)}</p>'
    if p.description:
        # Marked in words (read out by screen readers, in the reader's language), and
        # set apart by a rule and italics, not by colour.
        label = (f'<span class="label" lang="{esc(i18n.language())}">'
                 f"{esc(description_label())}:</span> ")
        return f'<p class="described">{time}{label}{esc(p.text)}</p>'
    speaker = f'<span class="speaker">{esc(p.speaker)}:</span> ' if p.speaker else ""
    return f"<p>{time}{speaker}{esc(p.text)}</p>"


def transcript_html(tracks: Sequence[tuple[str, Track]], title: str,
                    descriptions: Mapping[str, Track] | None = None) -> str:
    """One accessible HTML page with the transcript in every language.

    Each section carries its ``lang`` and ``dir``, so screen readers switch voice and Arabic
    runs right to left; a list of links lets people jump to their language. The page's own
    words are in the reader's language (``i18n``). A language with audio ``descriptions``
    has them in sequence with the dialogue, each marked as an audio description.
    """
    esc = html.escape
    nav = []
    sections = []
    for lang, track in tracks:
        name = native_name(lang)
        nav.append(f'<li><a href="#{esc(lang)}" {text_attrs(lang)}>{esc(name)}</a></li>')
        described = (descriptions or {}).get(lang)
        paras = "\n".join(_paragraph_html(p) for p in paragraphs(track, lang, described))
        sections.append(f'<section id="{esc(lang)}" {text_attrs(lang)} '
                        f'aria-labelledby="h-{esc(lang)}">\n'
                        f'<h2 id="h-{esc(lang)}">{esc(name)}</h2>\n{paras}\n</section>')
    count = len(tracks)
    lead = "<p>" + esc(ngettext("Transcript in {count} language",
                                "Transcript in {count} languages", count).format(count=count))
    lead += "</p>"
    languages = _("Languages")
    nav_html = (f'<nav aria-label="{esc(languages)}"><ul>\n{chr(10).join(nav)}\n'
                "</ul></nav>")
    return page.render(page.Page(
        title=_("{title} – transcript").format(title=title), heading=esc(title), lead=lead,
        nav=nav_html, main="\n".join(sections), css=_TRANSCRIPT_CSS))


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
    kind: str = SUBTITLES  # DESCRIPTIONS: an audio description track (a .vtt only)

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
                  extra: dict[str, str], described: Sequence[DescribedVersion] = ()) -> str:
    """Machine-readable list of every track and file (``subtool publish`` reads it).

    ``tracks`` are the subtitles (what publish uploads as captions); ``descriptions`` the
    audio description tracks (kind ``descriptions``, a WebVTT file each); ``described`` the
    described versions of the film in the output folder.
    """
    doc = {
        "generator": f"subtool {__version__}",
        "title": title,
        "slug": slug,
        "complete": True,
        "ready": all(e.ready for e in entries),
        "files": extra,
        "tracks": [{
            "language": e.lang, "name": e.name, "kind": e.kind, "srt": e.srt, "vtt": e.vtt,
            "transcript": e.txt, "cues": e.cues, "status": e.status, "ready": e.ready,
            "errors": e.errors, "warnings": e.warnings, "master": e.is_master,
        } for e in entries if e.kind == SUBTITLES],
    }
    spoken = [e for e in entries if e.kind == DESCRIPTIONS]
    if spoken:
        doc["descriptions"] = [{
            "language": e.lang, "name": e.name, "kind": e.kind, "vtt": e.vtt, "cues": e.cues,
            "status": e.status, "ready": e.ready, "errors": e.errors, "warnings": e.warnings,
            "master": e.is_master} for e in spoken]
        doc["described"] = [{"language": v.lang, "audio": v.audio, "video": v.video}
                            for v in described if v.exists]
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
    # Captions only: the audio description tracks are not uploaded as subtitles.
    for e in (e for e in entries if e.kind == SUBTITLES):
        writer.writerow([e.lang, e.name, e.srt, e.vtt, e.cues, e.status,
                         "yes" if e.ready else "no"])
    return "\ufeff" + buffer.getvalue()
