"""XLIFF 2.0 export and import of a translated track (memoQ, Trados, Phrase, Okapi, Weblate …).

One ``<unit>`` per unit (see ``subtool.translation.exchange`` for the model, the state
mapping and the import rules)::

    <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="<master>"
           trgLang="<language>">
      <file id="subtitles" canResegment="no" xml:space="preserve">
        <notes><note category="instructions">…</note></notes>
        <unit id="cue-00:00:04.880">
          <notes>
            <note category="timing">cue 2: 00:00:04.880 --> 00:00:11.000 (6.12 s)</note>
            <note category="line-length" appliesTo="target">at most 42 characters …</note>
            <note category="reading-speed" appliesTo="target">reading speed: at most 79 …</note>
            <note category="state">state: human, accepted</note>
            <note category="previous-source" appliesTo="source">Seit 16 Jahren …</note>
          </notes>
          <segment state="final">
            <source>(Sprecherin) Seit über 16 Jahren
    gibt es die Dortmunder Seniorenbüros.</source>
            <target>…</target>
          </segment>
        </unit>

Why so: ``canResegment="no"`` because a cue is shown as a whole and must come back as one;
``xml:space="preserve"`` because a line break inside a cue is part of the subtitle, and
XLIFF's default lets tools collapse whitespace. Unit ids are ``xs:NMTOKEN``, so ``cue-`` and
not PO's ``cue@``. ``trgDir="rtl"`` is set for right-to-left languages. Characters XML 1.0
cannot hold travel as ``<cp hex="…"/>``, as XLIFF 2.0 prescribes. Output is deterministic
(UTF-8, two-space indentation, LF line ends).

Reading: ``<segment state="final">`` counts as accepted; ``initial``, ``translated`` and
``reviewed`` as not yet (``subState`` is ignored). A unit that a tool split anyway (a second
``<segment>``, or an ``<ignorable>``) is refused with the line: gluing the parts back could
make text and German that never existed. Inline ``<cp>`` and the annotation markers ``<mrk>``,
``<sm>``, ``<em>`` are read; codes (``<ph>``, ``<pc>``, ``<sc>``, ``<ec>``) are refused, since
the export has none and their meaning cannot be put back into a subtitle. The XML is parsed
by expat, driven directly for line numbers; any DOCTYPE is refused (XLIFF 2.0 has no DTD, and
a DOCTYPE is where entity expansion and external-entity reads come from).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

from subtool.core import xmlsafe
from subtool.core.errors import ContentError, MalformedXMLError, RefusedXMLError
from subtool.core.model import Track
from subtool.core.text import has_visible_text
from subtool.languages import is_rtl
from subtool.languages.i18n import _
from subtool.profiles import Limits
from subtool.translation.exchange import (
    EXPORTED,
    MACHINE_SUBSTATE,
    XLIFF_ID_PREFIX,
    Delivered,
    Imported,
    Unit,
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

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
STATES = ("initial", "translated", "reviewed", "final")
_NS = f"{{{XLIFF_NAMESPACE}}}"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
# Characters XML 1.0 cannot hold, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TARGET_NOTES = ("line-length", "reading-speed")
_UNCHANGED = "nothing was changed"
_IND = "  "


# --- writing ----------------------------------------------------------------------------

def export_xliff(master: Track, track: Track, state: State, *, lang: str, master_lang: str,
                 limits: Limits, title: str = "") -> str:
    """The XLIFF 2.0 file of ``track`` for translators (deterministic: same input, same
    bytes)."""
    direction = ' trgDir="rtl"' if is_rtl(lang) else ""
    film = f"“{title}”" if title else "the film"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{XLIFF_NAMESPACE}" version="2.0" srcLang={_attr(master_lang)} '
        f"trgLang={_attr(lang)}>",
        f'{_IND}<file id="subtitles" canResegment="no" xml:space="preserve"{direction}>',
        f"{_IND * 2}<notes>",
    ]
    if title:
        out.append(f'{_IND * 3}<note category="title">{_note(title)}</note>')
    instructions = (
        f"Subtitles of {film}, {language_name(master_lang)} → {language_name(lang)}, "
        "exported by subtool: one unit per subtitle cue, identified by its start time (do "
        "not change the ids). Keep every line within the limits in the unit's notes; keep "
        "line breaks where lines should break. Set a segment to final when its translation "
        "is right. Deliver the file back; it is imported with: subtool import-xliff FILE")
    out.append(f'{_IND * 3}<note category="instructions">{_note(instructions)}</note>')
    out.append(f"{_IND * 2}</notes>")
    for unit in units(master, track, state, lang=lang):
        out += _unit(unit, limits)
    out += [f"{_IND}</file>", "</xliff>", ""]
    return "\n".join(out)


def _segment_state(unit: Unit) -> str:
    if not has_visible_text(unit.target) or unit.stale:
        return 'state="initial"'
    if unit.done:
        return 'state="final"'
    if unit.machine_draft:
        return f'state="translated" subState="{MACHINE_SUBSTATE}"'
    return 'state="translated"'


def _unit(unit: Unit, limits: Limits) -> list[str]:
    ind = _IND * 2
    out = [f"{ind}<unit id={_attr(unit_id(unit.cue.start, XLIFF_ID_PREFIX))}>",
           f"{ind}{_IND}<notes>"]
    for category, text in notes(unit, limits):
        applies = ' appliesTo="target"' if category in _TARGET_NOTES else ""
        out.append(f'{ind}{_IND * 2}<note category="{category}"{applies}>{_note(text)}</note>')
    if unit.previous:
        out.append(f'{ind}{_IND * 2}<note category="previous-source" appliesTo="source">'
                   f"{_note(unit.previous)}</note>")
    out += [f"{ind}{_IND}</notes>",
            f"{ind}{_IND}<segment {_segment_state(unit)}>",
            f"{ind}{_IND * 2}<source>{_inline(unit.source)}</source>",
            f"{ind}{_IND * 2}<target>{_inline(unit.target)}</target>",
            f"{ind}{_IND}</segment>",
            f"{ind}</unit>"]
    return out


def _attr(value: str) -> str:
    return '"' + escape(value, {'"': "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"}) + '"'


def _escape(text: str) -> str:
    # ">" needs escaping only in "]]>"; left alone, notes such as "00:01 --> 00:02" stay
    # readable. A parser turns a literal CR into LF; a character reference keeps it.
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace("]]>", "]]&gt;")
            .replace("\r", "&#13;"))


def _inline(text: str) -> str:
    text = _escape(text)
    return _NOT_XML.sub(lambda m: f'<cp hex="{ord(m.group()):04X}"/>', text)


def _note(text: str) -> str:
    # Notes are plain text in XLIFF 2.0 (no <cp>): characters XML cannot hold are left out.
    return _NOT_XML.sub("", _escape(text))


# --- reading ----------------------------------------------------------------------------

def import_xliff(text: str, master: Track, track: Track, state: State, *, lang: str,
                 path: str = "") -> Imported:
    """Apply a delivered XLIFF 2.0 file to ``track`` and ``state`` (rules:
    ``subtool.translation.exchange``).

    Raises ContentError, with the line where known, for malformed XML, a DOCTYPE, a file that
    is not XLIFF 2.0 or is for another language, and units that would lose a translation or
    match no cue.
    """
    if text.startswith("\ufeff"):
        text = text[1:]  # editors save UTF-8 with a BOM
    if not text.strip():
        raise ContentError("is empty", path=path,
                           hint=f"deliver the translated XLIFF file; {_UNCHANGED}")
    root, lines = _read_xml(text, path)
    if root.tag != f"{_NS}xliff":
        namespace, _, local = root.tag[1:].partition("}") if root.tag.startswith("{") \
            else ("", "", root.tag)
        found = f"XLIFF {root.get('version', '')} ({namespace or 'no namespace'})" \
            if local == "xliff" else f"<{local}>"
        raise ContentError(f"is not XLIFF 2.0: the document is {found}", path=path,
                           line=lines[root],
                           hint="export it from the translation tool as XLIFF 2.0; "
                                + _UNCHANGED)
    version = root.get("version", "")
    if not version.startswith("2."):
        raise ContentError(f"has version {version!r}, not XLIFF 2.x", path=path,
                           line=lines[root], hint=f"export it as XLIFF 2.0; {_UNCHANGED}")
    check_language(root.get("trgLang"), lang, path=path, line=lines[root], field="trgLang")
    delivered = [_delivered(unit, lines, path) for unit in root.iter(f"{_NS}unit")]
    return apply(delivered, master, track, state, lang=lang, path=path,
                 id_prefix=XLIFF_ID_PREFIX, kind="unit")


def _delivered(unit: Element, lines: dict[Element, int], path: str) -> Delivered:
    line = lines[unit]
    uid = unit.get("id", "")
    parts = [c for c in unit if c.tag in (f"{_NS}segment", f"{_NS}ignorable")]
    if not parts or parts[0].tag != f"{_NS}segment":
        raise ContentError(_("unit {uid} has no <segment>").format(uid=repr(uid)), path=path,
                           line=lines[parts[0]] if parts else line,
                           hint=_("export the file again; nothing was changed"))
    if len(parts) > 1:
        # The export writes one segment per cue (canResegment="no"): a tool that split one
        # anyway leaves no way to know which German each part translates.
        raise ContentError(
            _("unit {uid} was split into {count} parts (<segment>/<ignorable>), but a "
              "subtitle cue is translated as a whole").format(uid=repr(uid), count=len(parts)),
            path=path, line=lines[parts[1]],
            hint=_("join the segments again in the translation tool (or translate the cue "
                   "in one segment) and deliver again; nothing was changed"))
    segment = parts[0]
    source = segment.find(f"{_NS}source")
    target = segment.find(f"{_NS}target")
    if source is None:
        raise ContentError(f"unit {uid!r} has a segment without <source>", path=path,
                           line=lines[segment], hint=f"export the file again; {_UNCHANGED}")
    state = segment.get("state", "initial")  # the schema's default
    if state not in STATES:
        raise ContentError(f"unit {uid!r}: state {state!r} is not one of "
                           f"{', '.join(STATES)}", path=path, line=lines[segment],
                           hint=f"correct the state; {_UNCHANGED}")
    exported = exported_from([note.text or "" for note in unit.iter(f"{_NS}note")
                              if note.get("category") == EXPORTED])
    return Delivered(uid, start_of(uid, XLIFF_ID_PREFIX), _text(source, lines, path),
                     _text(target, lines, path) if target is not None else "",
                     state == "final", line, exported)


def _text(element: Element, lines: dict[Element, int], path: str) -> str:
    """The text of a <source> or <target>, with <cp> decoded and markers dropped."""
    parts = [element.text or ""]
    for child in element:
        local = child.tag.removeprefix(_NS)
        if local == "cp":
            parts.append(_code_point(child, lines, path))
        elif local == "mrk":
            parts.append(_text(child, lines, path))  # an annotation: its content is text
        elif local not in ("sm", "em"):
            raise ContentError(f"has inline <{local}>, which cannot be put back into a "
                               "subtitle", path=path, line=lines[child],
                               hint="replace it by the text it stands for (subtitle markup "
                                    f"such as <i> is written as text); {_UNCHANGED}")
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(element: Element, lines: dict[Element, int], path: str) -> str:
    value = element.get("hex", "")
    try:
        return chr(int(value, 16))
    except (ValueError, OverflowError):
        raise ContentError(f"<cp hex={value!r}> is not a code point", path=path,
                           line=lines[element], hint=f"correct it; {_UNCHANGED}") from None


def _read_xml(text: str, path: str) -> tuple[Element, dict[Element, int]]:
    try:
        return xmlsafe.parse(text, name=_clark, attribute=_clark, allow_external_doctype=False,
                             doctype_message="has a DOCTYPE, which XLIFF 2.0 does not use and "
                             "subtool does not read (it can expand entities or read other "
                             "files)")
    except MalformedXMLError as exc:
        raise ContentError(f"is not well-formed XML ({exc.reason}, column {exc.column})",
                           path=path, line=exc.line,
                           hint="the file is damaged: export it again from the translation "
                                f"tool, or correct the XML at that position; {_UNCHANGED}"
                           ) from None
    except RefusedXMLError as exc:
        advice = exc.hint or ("remove the <!DOCTYPE …> declaration and any entity references, "
                              "or export again from the tool")
        raise ContentError(exc.message, path=path, line=exc.line,
                           hint=f"{advice}; {_UNCHANGED}") from None


def _clark(name: str) -> str:
    # expat gives namespaced names as "uri local"; ElementTree spells them "{uri}local".
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local
