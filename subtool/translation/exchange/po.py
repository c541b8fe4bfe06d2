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

polib writes and reads the files. Three of its leniencies are closed here: it reads a string
whose closing quote is missing by dropping its last character, it splits lines at
characters such as U+2028 that PO cannot escape, and it keeps escapes it does not know
(``\\a``, octal ``\\374``, hex ``\\xc3``, or a mistyped ``\\q``) as backslash text. The
first is refused with its line on import, the second on export; for the third, every quoted
string is read here as GNU gettext's own reader does (po-lex.c: ``\\n \\t \\r \\a \\b \\f
\\v \\\\ \\"``, octal ``\\ooo`` and hex ``\\xhh`` escapes, each octal or hex escape one byte of
the file's UTF-8) and handed to polib in the escapes it knows; any other escape (``\\q``,
``\\u00fc``, which gettext rejects as "invalid control sequence") and bytes that are not
UTF-8 (``\\xfc`` alone: Latin-1, not UTF-8) are refused with the line.
"""

from __future__ import annotations

import re

import polib  # type: ignore[import-untyped, unused-ignore]

from subtool.core.errors import ContentError
from subtool.core.model import Track
from subtool.core.text import char_name, has_visible_text
from subtool.languages.i18n import _
from subtool.profiles import Limits
from subtool.translation.exchange import (
    PO_ID_PREFIX,
    Delivered,
    Imported,
    apply,
    check_language,
    exported_from,
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
# gettext's escapes (po-lex.c, control_sequence): one letter, 1-3 octal digits, or x and hex
# digits (all of them, as gettext reads them); anything else after a backslash is an error.
_ESCAPE = re.compile(r'\\(?:([ntrabfv\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))', re.S)
_LETTERS = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"'}
# What polib unescapes (polib.unescape), so that it reads back exactly the decoded string.
_POLIB_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r"),
                  ("\v", "\\v"), ("\b", "\\b"), ("\f", "\\f"))
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
    text = _read_strings(text, path)
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
                                   str(entry.msgstr), "fuzzy" not in entry.flags, line,
                                   exported_from([str(entry.comment or "")])))
    return apply(delivered, master, track, state, lang=lang, path=path,
                 id_prefix=PO_ID_PREFIX, kind="entry")


def _read_strings(text: str, path: str) -> str:
    """The file with every quoted string decoded as gettext reads it and written again in
    the escapes polib knows (module doc). Refuses a quoted string that is not closed (polib
    would silently cut its last character) or has text after its closing quote, and an
    escape gettext does not have."""
    out = []
    # str.splitlines, as polib splits: the line numbers then agree with its messages.
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        line = raw.strip()
        m = _KEYWORD.match(line)
        rest = line[m.end():] if m else line
        if not rest.startswith('"'):
            out.append(raw)
            continue
        if not _QUOTED.fullmatch(rest):
            raise ContentError(_("a quoted string is not closed, or has text after its "
                                 "closing quote (a \" inside a string is written \\\")"),
                               path=path, line=number,
                               hint=_("correct the line, or save the file again from the "
                                      "translation tool; nothing was changed"))
        if "\\" not in rest:
            out.append(raw)
            continue
        start = len(raw) - len(raw.lstrip()) + len(line) - len(rest)
        end = start + len(rest)
        decoded = _unescape(rest[1:-1], path, number)
        for old, new in _POLIB_ESCAPES:
            decoded = decoded.replace(old, new)
        out.append(f'{raw[:start]}"{decoded}"{raw[end:]}')
    return "".join(out)


def _unescape(body: str, path: str, line: int) -> str:
    """A quoted string's content as GNU gettext reads it (module doc), else refused."""
    data = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(body):
        data += body[pos:m.start()].encode("utf-8")
        pos = m.end()
        letter, octal, hexa, _other = m.groups()
        if letter:
            data += _LETTERS[letter].encode("utf-8")
            continue
        value = int(octal, 8) if octal else int(hexa, 16) if hexa else -1
        if not 0 <= value <= 0xFF:
            raise _bad_escape(m.group(), path, line, byte=value >= 0)
        data.append(value)
    data += body[pos:].encode("utf-8")
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(
            _("the escapes in this string do not spell UTF-8 text (an escape such as "
              "\\374 or \\xfc is one byte of UTF-8, not a letter)"), path=path, line=line,
            hint=_("write the characters themselves instead of escapes, or save the file "
                   "again from the translation tool; nothing was changed")) from None
    bad = _UNWRITABLE.search(decoded)
    if bad:
        raise ContentError(
            _("an escape in this string stands for {character}, an invisible line "
              "separator that a PO file cannot hold").format(character=char_name(bad.group())),
            path=path, line=line, hint=_("delete it; nothing was changed"))
    return decoded


def _bad_escape(escape: str, path: str, line: int, *, byte: bool) -> ContentError:
    if byte:
        what = _("the escape {escape} is more than one byte (at most \\377 or \\xff)")
    else:
        what = _("{escape} is not an escape a PO file can hold (they are \\n \\t \\\" "
                 "\\\\ and a few more)")
    return ContentError(what.format(escape=escape), path=path, line=line,
                        hint=_("write the character itself, and a backslash as \\\\; "
                               "nothing was changed"))


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
