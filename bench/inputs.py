"""Generated inputs of the benchmark: SRT files of any size, clean or full of problems, and a
city's library of films.

Every generator is seeded, so a file of ``n`` cues is the same in every run and on every
machine. The texts are German, as the city's masters are: words of everyday German (with
umlauts and ß), cut into lines the way a subtitle editor would cut them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

# Everyday German of the city's films (the senior-citizen advice offices, their visitors):
# enough words that almost every generated cue is a text of its own. All in the German
# Hunspell dictionary, so that a clean file passes the spelling rule outside a project too
# (the districts' names are in the film's own word list, not in the dictionary).
WORDS = (
    "Angebot Beratung Hilfe Stadtbezirk Nachbarschaft Pflege Wohnung Alltag Familie Antrag "
    "Termin Sprechstunde Besuch Gespräch Frage Antwort Leben Zukunft Gesundheit Freizeit "
    "Verein Kirche Gemeinde Bürgerin Bürger Mensch Menschen Senioren Seniorinnen Büro "
    "Mitarbeiterin Mitarbeiter Stadt Dortmund Innenstadt Quartier Straße Haltestelle Bus "
    "Bahn Apotheke Arzt Ärztin Krankenhaus Einkauf Markt Bäckerei Garten Park Spaziergang "
    "Kaffee Kuchen Nachmittag Vormittag Abend Woche Monat Jahr Sommer Winter Frühling Herbst "
    "Telefon Brief Nachricht Formular Rente Geld Miete Heizung Strom Versicherung Kasse "
    "Unterstützung Begleitung Fahrdienst Hausbesuch Treffpunkt Gruppe Kurs Tanz Musik Chor "
    "Gymnastik Ausflug Reise Erinnerung Geschichte Foto Enkel Enkelin Tochter Sohn Freundin "
    "Freund Nachbarin Nachbar Ehrenamt Ehrenamtliche Netzwerk Runde Tisch Essen Mittagstisch "
    "kommt geht hilft berät fragt erzählt besucht findet braucht kennt weiß sagt zeigt "
    "bringt holt nimmt gibt macht hört sieht wohnt lebt arbeitet lacht plant trifft ruft "
    "schreibt liest kocht backt singt tanzt fährt wartet bleibt beginnt endet öffnet "
    "gern oft manchmal immer heute morgen gestern jetzt später früher gemeinsam allein "
    "zusammen schnell langsam freundlich kostenlos unabhängig persönlich direkt nah "
    "wichtig schön gut neu alt jung groß klein leicht schwer ruhig laut herzlich offen "
    "und oder aber denn weil wenn dass ob auch noch schon sehr ganz viel wenig mehr "
    "mit für über unter nach vor bei von zu im am ins zum zur durch ohne gegen um"
).split()
# Words that belong with the word after them (conjunctions, prepositions; and a lower-case
# word with an adjective's ending, which may be one before a noun): a line never ends on one,
# as the line-break rule asks (subtool/languages/de.toml, [linebreak]).
JOINING = frozenset(
    "und oder aber denn weil wenn dass ob mit für über unter nach vor bei von zu im am ins zum "
    "zur durch ohne gegen um".split())
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# German under the ``senior`` profile (subtitle-standards.md): 37 characters a line, two
# lines, 13 characters per second, 1.5 to 7 seconds, 2 frames (80 ms) between cues.
MAX_CHARS = 37
CPS = 12
MIN_MS, MAX_MS, GAP_MS = 1500, 7000, 80


def timecode(ms: int) -> str:
    """``HH:MM:SS,mmm``."""
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _line(rng: random.Random, limit: int) -> str:
    words: list[str] = []
    length = -1
    target = rng.randint(limit * 2 // 3, limit)
    while True:
        word = rng.choice(WORDS)
        if length + 1 + len(word) > target:
            while len(words) > 1 and (words[-1] in JOINING or (
                    words[-1].islower() and words[-1].endswith(ADJECTIVE_ENDINGS))):
                words.pop()
            return " ".join(words) if words else word[:limit]
        words.append(word)
        length += 1 + len(word)


def _text(rng: random.Random) -> str:
    # One character is kept for the punctuation at the end.
    lines = [_line(rng, MAX_CHARS - 1) for _ in range(rng.choice((1, 2, 2, 2)))]
    lines[0] = lines[0][:1].upper() + lines[0][1:]
    end = rng.choice((".", ".", ",", "!", "?", ":", ""))
    if sum(map(len, lines)) + len(lines) - 1 + len(end) <= MAX_CHARS:
        lines = [" ".join(lines)]  # what fits on one line stays on one (line-break rule)
    return "\n".join(lines) + end


def _duration(text: str) -> int:
    chars = len(text.replace("\n", ""))
    return max(MIN_MS, min(MAX_MS, chars * 1000 // CPS + 200))


def clean_cues(count: int, seed: int = 1) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of ``count`` cues that break no rule of German under ``senior``,
    each with a text of its own."""
    rng = random.Random(seed)
    start = 1000
    for _ in range(count):
        text = _text(rng)
        end = start + _duration(text)
        yield start, end, text
        # The minimum gap exactly: clean for min-gap, and already chained for its fix.
        start = end + GAP_MS


# One defect per kind, each what a rule finds (and, where it has one, its fix repairs).
def _defects(rng: random.Random, text: str, start: int, end: int, previous_end: int
             ) -> tuple[int, int, str]:
    kind = rng.randrange(8)
    if kind == 0:  # line-length (fix: reflow)
        text = text.replace("\n", " ")
        while len(text) <= MAX_CHARS:
            text += " " + rng.choice(WORDS)
    elif kind == 1:  # whitespace
        text = text.replace(" ", "  ", 1) + " "
    elif kind == 2:  # reading-speed (fix: shown longer into the gap after it)
        end = start + len(text) * 1000 // 18
    elif kind == 3:  # ellipsis, and a gap that min-gap closes
        text = text.rstrip(".,!?:") + "..."
        start = max(start, previous_end + 20)
    elif kind == 4:  # max-lines (three lines; fix: reflow into two when the words fit)
        text = "\n".join(text.split(" ", 2)) if text.count(" ") >= 2 else text + "\nja\nnein"
    elif kind == 5:  # min-duration
        end = start + 900
    elif kind == 6:  # line-length that no reflow can repair (one very long word)
        text = "Seniorenbüroberatungsangebotsübersicht" + "s" * rng.randint(1, 9)
    else:  # overlap with the previous cue, and an unbalanced quote
        start = previous_end - 200
        text = "„" + text
    return start, max(end, start + 1), text


def problem_cues(count: int, seed: int = 2) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of ``count`` cues of which every one has at least one problem."""
    rng = random.Random(seed)
    previous_end = 0
    for start, end, text in clean_cues(count, seed):
        cue = _defects(rng, text, start + 300, end + 300, previous_end)
        previous_end = cue[1]
        yield cue


def compose(cues: Iterator[tuple[int, int, str]], *, final_blank: bool = False) -> str:
    """SRT text; ``final_blank`` ends it with an empty line as ``srt.compose`` and most
    editors do."""
    blocks = [f"{i}\n{timecode(s)} --> {timecode(e)}\n{t}\n"
              for i, (s, e, t) in enumerate(cues, 1)]
    return "\n".join(blocks) + ("\n" if final_blank else "")


def write_srt(path: Path, count: int, *, problems: bool, final_blank: bool = False) -> Path:
    """Write a generated SRT file (UTF-8, LF) and return its path."""
    cues = problem_cues(count) if problems else clean_cues(count)
    path.write_text(compose(cues, final_blank=final_blank), encoding="utf-8")
    return path


def write_library(folder: Path, film_tracks: dict[str, str], films: int = 500) -> list[Path]:
    """A city's library: ``films`` folders, each with the film's tracks (``film_tracks``:
    language → SRT text), every film shifted in time and with a few cues of its own so that
    no two films are the same file. Returns the paths, sorted."""
    rng = random.Random(3)
    paths = []
    for n in range(films):
        film = folder / f"film-{n:03d}"
        film.mkdir(parents=True, exist_ok=True)
        shift = rng.randrange(0, 60_000, 40)
        for lang, text in film_tracks.items():
            path = film / f"film-{n:03d}.{lang}.srt"
            path.write_text(_shifted(text, shift, n), encoding="utf-8")
            paths.append(path)
    return sorted(paths)


def _shifted(text: str, shift: int, n: int) -> str:
    """The SRT text with every time moved by ``shift`` ms and the film's number in cue 1."""
    out = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if len(lines) >= 2 and " --> " in lines[1]:
            start, end = (_ms(t) + shift for t in lines[1].split(" --> "))
            lines[1] = f"{timecode(start)} --> {timecode(end)}"
        out.append("\n".join(lines))
    out[0] += f" {n}"
    return "\n\n".join(out) + "\n"


def _ms(code: str) -> int:
    hours, minutes, rest = code.strip().split(":")
    seconds, millis = rest.replace(".", ",").split(",")
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)
