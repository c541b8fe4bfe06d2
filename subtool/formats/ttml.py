"""The text of TTML paragraphs with their italic, bold and underline.

pysubs2 reads TTML times right but keeps no styling ("No formatting/styling apart from
newlines is supported"), although its writer puts ``tts:fontStyle="italic"`` on the
paragraph or a ``<span>``: ``<i>`` written to TTML came back plain. This walks the same
``<p>`` elements pysubs2 reads (body, div, p, in document order) and gives each one's text
with ``<i>``, ``<b>``, ``<u>`` from the TTML styling attributes (TTML 1, section 8: the
``style`` reference, then the element's own attributes, inherited by its spans); white space
is collapsed as TTML's default ``xml:space`` says, ``<br/>`` is a line break.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # the parser pysubs2 reads the file with

_TT = "{http://www.w3.org/ns/ttml}"
_TTS = "{http://www.w3.org/ns/ttml#styling}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SPACE_RE = re.compile(r"\s+")

Style = frozenset[str]


def texts(text: str) -> list[str] | None:
    """Each ``<p>``'s text, in the order pysubs2 reads them (None if not XML)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    named = {s.get(_XML_ID) or s.get("id") or "": s for s in root.iter(f"{_TT}style")}
    body = root.find(f"{_TT}body")
    if body is None:
        return []
    out = []
    for div in body.iterfind(f"{_TT}div"):
        for p in div.iterfind(f"{_TT}p"):
            base = _styled(named.get(p.get("style", ""), p), frozenset())
            chunks: list[tuple[str, Style]] = []
            _walk(p, _styled(p, base), chunks)
            out.append(_joined(chunks))
    return out


def _styled(element: ET.Element, inherited: Style) -> Style:
    styles = set(inherited)
    for attr, on, key in (("fontStyle", ("italic", "oblique"), "i"),
                          ("fontWeight", ("bold",), "b")):
        value = element.get(_TTS + attr)
        if value is not None:
            styles.discard(key)
            if value in on:
                styles.add(key)
    decoration = (element.get(_TTS + "textDecoration") or "").split()
    if "underline" in decoration:
        styles.add("u")
    elif "noUnderline" in decoration:
        styles.discard("u")
    return frozenset(styles)


def _walk(element: ET.Element, style: Style, chunks: list[tuple[str, Style]]) -> None:
    if element.text:
        chunks.append((_SPACE_RE.sub(" ", element.text), style))
    for child in element:
        if child.tag == f"{_TT}br":
            chunks.append(("\n", frozenset()))
        elif child.tag == f"{_TT}span":
            _walk(child, _styled(child, style), chunks)
        if child.tail:
            chunks.append((_SPACE_RE.sub(" ", child.tail), style))


def _joined(chunks: list[tuple[str, Style]]) -> str:
    parts = []
    for chunk, style in chunks:
        if not style or not chunk.strip():
            parts.append(chunk)
            continue
        order = [s for s in "ibu" if s in style]
        parts.append("".join(f"<{s}>" for s in order) + chunk
                     + "".join(f"</{s}>" for s in reversed(order)))
    text = "".join(parts).strip()
    return re.sub(r" *\n *", "\n", text)
