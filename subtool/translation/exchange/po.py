"""gettext PO export and import of a translated track (Poedit, Weblate, Lokalize, OmegaT …).

One entry per unit (see ``subtool.translation.exchange`` for the model, the state
mapping and the import rules)::

    #. cue 2: 00:00:04.880 --> 00:00:11.000 (6.12 s)
    #. at most 42 characters per line, 2 lines
    #. reading speed: at most 79 characters in all (13 per second)
    #. state: human, accepted; stale: the German changed since it was accepted
    #, fuzzy
    #| msgid "Seit 16 Jahren gibt es die Dortmunder Seniorenbüros."
    msgctxt "cue@00:00:04.880"
    msgid ""
    "(Sprecherin) Seit über 16 Jahren\\n"
    "gibt es die Dortmunder Seniorenbüros."
    msgstr ""
    "(Anlatıcı) 16 yılı aşkın süredir\\n"
    "Dortmund'da yaşlı danışma büroları var."

``msgctxt`` makes every entry unique even where the German repeats (``[Musik]``), and is the
id import matches by. The header carries ``Language``, UTF-8, ``X-Generator: subtool``,
``X-Source-Language`` and the film's title as ``Project-Id-Version``; it has no dates, so
exporting an unchanged track gives byte-identical files (CAT tools add ``PO-Revision-Date``).

polib writes and reads the files. Two of its leniencies are closed here: it reads a string
whose closing quote is missing by dropping its last character, and it splits lines at
characters such as U+2028 that PO cannot escape; the first is refused with its line on
import, the second on export.
"""

from __future__ import annotations

import re

import polib  # type: ignore[import-untyped, unused-ignore]

from subtool.core.errors import ContentError
from subtool.core.model import Track
from subtool.core.text import has_visible_text
from subtool.profiles import Limits
from subtool.translation.exchange import (
    PO_ID_PREFIX,
    Delivered,
    Imported,
    apply,
    check_language,
    language_name,
    notes,
    start_of,
    unit_id,
    units,
)
from subtool.translation.state import State

# PO escapes \n \t \r \v \b \f only; polib splits lines with str.splitlines, which also
# breaks at these, so a string holding one would come back cut in two.
_UNWRITABLE = re.compile("[\x1c\x1d\x1e\x85\u2028\u2029]")
_WRAP = 78  # gettext's own width (msgmerge, xgettext), so tools rewrap nothing
_KEYWORD = re.compile(r"(?:#~\s*)?(?:#\|\s*)?(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
_UNCHANGED = "nothing was changed"


def export_po(master: Track, track: Track, state: State, *, lang: str, master_lang: str,
              limits: Limits, title: str = "") -> str:
    """The PO file of ``track`` for translators (deterministic: same input, same bytes)."""
    po = polib.POFile(wrapwidth=_WRAP)
    film = f"“{title}”" if title else "the film"
    po.header = "\n".join([
        f"Subtitles of {film}:",
        f"{language_name(master_lang)} → {language_name(lang)}.",
        "Exported by subtool: one entry per subtitle cue. msgctxt (cue@start time) identifies",
        "the cue: do not change it. Keep every line within the limits noted above the entry;",
        "a line break is \\n. Entries marked fuzzy need review: the German changed (#| shows",
        "the old German) or the translation is a draft. Remove fuzzy when it is right.",
        "Deliver the file back; it is imported with: subtool import-po FILE",
    ])
    po.metadata = {
        "Project-Id-Version": title or "subtitles",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "subtool",
        "X-Source-Language": master_lang,
    }
    for unit in units(master, track, state, lang=lang):
        for what, text in (("German", unit.source), ("translation", unit.target),
                           ("previous German", unit.previous)):
            bad = _UNWRITABLE.search(text)
            if bad:
                raise ContentError(
                    f"the {what} of cue {unit.number} contains U+{ord(bad.group()):04X}, an "
                    "invisible line separator that a PO file cannot hold",
                    hint="delete it from the subtitle file and export again")
        fuzzy = has_visible_text(unit.target) and not unit.done
        po.append(polib.POEntry(
            msgctxt=unit_id(unit.cue.start, PO_ID_PREFIX),
            msgid=unit.source,
            msgstr=unit.target,
            comment="\n".join(text for _, text in notes(unit, limits)),
            flags=["fuzzy"] if fuzzy else [],
            # msgmerge's convention: the old source of a fuzzy entry, shown as a diff by Poedit.
            previous_msgid=unit.previous if fuzzy and unit.previous else None,
        ))
    out: str = po.__unicode__()
    return out.rstrip("\n") + "\n"


def import_po(text: str, master: Track, track: Track, state: State, *, lang: str,
              path: str = "") -> Imported:
    """Apply a delivered PO file to ``track`` and ``state``.

    The rules are in ``subtool.translation.exchange``.

    Raises ContentError, with the line where known, for a file that cannot be read, is for
    another language, or holds an entry that would lose a translation or matches no cue.
    """
    if text.startswith("\ufeff"):
        text = text[1:]  # editors save UTF-8 with a BOM
    if not text.strip():
        raise ContentError("is empty", path=path,
                           hint=f"deliver the translated PO file; {_UNCHANGED}")
    _check_strings(text, path)
    if "\n" not in text:
        # polib takes a string without a line break for a file name and would open it.
        text += "\n"
    try:
        po = polib.pofile(text, encoding="utf-8", wrapwidth=_WRAP)
    except (OSError, ValueError) as exc:
        m = _POLIB_LINE.search(str(exc))
        reason = (m.group(2) if m and m.group(2) else "syntax error").rstrip(".")
        raise ContentError(f"is not a readable PO file ({reason})",
                           path=path, line=int(m.group(1)) if m else None,
                           hint="correct the line, or save the file again from the "
                                f"translation tool; {_UNCHANGED}") from None
    metadata: dict[str, str] = po.metadata
    check_language(metadata.get("Language"), lang, path=path, line=_header_line(text),
                   field="Language header")
    delivered: list[Delivered] = []
    for entry in po:
        if entry.obsolete:
            continue  # "#~" entries are what the tool kept of removed ones: not delivered
        line: int | None = entry.linenum or None
        uid = str(entry.msgctxt or "")
        if entry.msgid_plural:
            raise ContentError(f"entry {uid or entry.msgid!r} has plural forms, which no "
                               "subtitle cue has", path=path, line=line,
                               hint=f"export the file again with subtool; {_UNCHANGED}")
        delivered.append(Delivered(uid, start_of(uid, PO_ID_PREFIX), str(entry.msgid),
                                   str(entry.msgstr), "fuzzy" not in entry.flags, line))
    return apply(delivered, master, track, state, lang=lang, path=path,
                 id_prefix=PO_ID_PREFIX, kind="entry")


def _check_strings(text: str, path: str) -> None:
    """Refuse a quoted string that is not closed (polib would silently cut its last
    character) or has text after its closing quote."""
    # str.splitlines, as polib splits: the line numbers then agree with its messages.
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        m = _KEYWORD.match(line)
        rest = line[m.end():] if m else line
        if rest.startswith('"') and not _QUOTED.fullmatch(rest):
            raise ContentError("a quoted string is not closed, or has text after its "
                               "closing quote (a \" inside a string is written \\\")",
                               path=path, line=number,
                               hint=f"correct the line, or save the file again from the "
                                    f"translation tool; {_UNCHANGED}")


def _header_line(text: str) -> int | None:
    """The line of the Language header (or of the header), for messages."""
    first = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith('"Language:'):
            return number
        if first is None and stripped.startswith("msgid"):
            first = number
    return first
