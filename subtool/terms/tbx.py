"""TBX import and export of the glossary (TermBase eXchange, ISO 30042:2019, TBX-Basic).

Translators keep terminology in CAT tools (memoQ, Trados, Phrase, Weblate …), which exchange
it as TBX; communications staff keep it as ``glossary/terms.csv``. ``to_tbx`` writes the
glossary for the CAT tools, ``parse_tbx`` reads it back, and reads what the tools write.

Writing: TBX v3, dialect TBX-Basic, DCA style
---------------------------------------------
::

    <tbx type="TBX-Basic" style="dca" xml:lang="<master>" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc>
        <p>Exported by subtool …</p>
        <p>Languages: de, en, tr, …</p>                    the glossary's columns, in order
      </sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="old-peoples-home-forbidden">     one per glossary row
          <descrip type="definition">do not use; …</descrip>   column ``note``
          <note>use: Seniorenheim</note>                  column ``use``
          <note>compound: yes</note>                      ``compound = yes``
          <langSec xml:lang="<tag>">                        one per language with forms
            <termSec>                                     one per form, in cell order
              <term>Altenheim</term>                      (the first is the base form)
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
            </termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>

The glossary status becomes data categories on every term of the concept:

================  ==================================  =====================
glossary status   ``administrativeStatus``             ``partOfSpeech``
================  ==================================  =====================
approved          ``preferredTerm-admn-sts``
do-not-translate  ``preferredTerm-admn-sts``           ``properNoun``
forbidden         ``deprecatedTerm-admn-sts``
variant           ``supersededTerm-admn-sts``
================  ==================================  =====================

Why these values: the TBX-Basic picklist for ``administrativeStatus`` has exactly four values,
preferred-, admitted-, deprecated- and supersededTerm-admn-sts; "not recommended" and
"obsolete" are TBX-Min's names for the last two, which the TBX-Min → TBX-Basic conversion maps
to deprecated and superseded. ``notRecommendedTerm-admn-sts`` is in no picklist, and tools
such as translate-toolkit (Weblate) only recognise ``deprecatedTerm-admn-sts``. Reading
accepts every spelling. ``properNoun`` is not in TBX-Basic's ``partOfSpeech`` picklist (noun,
verb, adjective, adverb, other) but is the ISO 12620 value, and TBX-Basic has no category that
says "do not translate"; a strict TBX-Basic validator reports it, CAT tools import it.

``use`` and ``compound`` have no TBX-Basic data category: "use instead" is not a
cross-reference (the term need not be a concept of its own, and ``relatedConcept`` needs an id
to point to), and nothing describes matching inside compounds. They are concept-level
``<note>`` elements with the prefixes ``use: `` and ``compound: ``: conformant, shown to
translators by every CAT tool, and read back exactly. The note column is the concept-level
``definition``, which TBX-Basic allows at concept and language level.

Entry ids are the ``id`` attribute; an id starting with a digit gets a leading ``_``, because
XML ids must not start with one (removed again on reading). The header's ``Languages:``
paragraph keeps the column order and columns without any term, so a glossary survives
``parse_tbx(to_tbx(g))`` unchanged (``Entry.row`` aside, which becomes the XML line; and a
note with a line break followed by spaces, which reading takes for editor wrapping, below).
Output is deterministic: UTF-8, two-space indentation, LF line ends.

Reading
-------
``parse_tbx`` reads this module's output and TBX from CAT tools: TBX v3 with or without its
namespace (DCA style; DCT-style elements are recognised by their local names), and TBX v2
(``martif``/``termEntry``/``langSet``/``tig``/``ntig``). Data categories other than the ones
above are ignored. Per term, ``administrativeStatus`` (or ``normativeAuthorization``)
preferred/admitted (also standardized, legal, regulated) → approved, notRecommended,
deprecated or forbidden → forbidden, obsolete or superseded → variant, none → approved;
``partOfSpeech`` ``properNoun`` turns approved into do-not-translate.

A concept whose terms have different statuses (``Seniorenheim`` preferred, ``Altenheim``
deprecated) becomes one row per status: the approved row keeps the concept id, the others get
``<id>-forbidden`` / ``<id>-variant`` and, without a ``use:`` note, the approved row's base
form as ``use``. Every row needs a term in the master's language, as in the CSV.

The note is the concept-level definition, else the master language's, else the first
language's. Ids are kept when they are glossary ids (lower-case letters, digits, ``-``),
otherwise made into one (``TE_0001`` → ``te-0001``); a concept without an id gets one from its
base form (``Essen auf Rädern`` → ``essen-auf-raedern``); clashes get ``-2``, ``-3``.
A tag that the header's ``Languages:`` lists is a column of its own (so ``en-GB`` survives a
round trip); any other tag names the column of the master's language or of one of
``languages`` that it is the same language as (``languages.same_language``: ``en-US``,
``en_us`` and ``EN`` → ``en``; ``de-DE`` → ``de``; with ``en-GB`` in the project, ``en`` →
``en-GB`` but ``en-US`` stays a column of its own), whatever else the file uses. A concept
with terms under two tags that would share a column (``en`` and ``en-US``) is refused with
its line: their terms would be mixed into one cell. Columns: the header's ``Languages:`` order
if present, else the master's language first and the others in order of first appearance.
Text that an editor wrapped and indented is joined into one line.

Security: the XML is parsed by expat (the parser beneath ``xml.etree.ElementTree``) into
ElementTree elements, driven directly because ElementTree keeps no line numbers and every
error names its line. No DTD and no external entity is ever loaded. A DOCTYPE with an internal
subset (where entities are declared: "billion laughs" expansion, external-entity file reads)
is rejected; a bare ``<!DOCTYPE martif SYSTEM "…dtd">``, which TBX v2 exports carry, is
accepted and its DTD ignored, and any entity it might have defined is an error.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from subtool.core import xmlsafe
from subtool.core.errors import GlossaryError, MalformedXMLError, RefusedXMLError
from subtool.languages import DEFAULT_MASTER, primary, same_language, validate_tag
from subtool.terms.glossary import Entry, Glossary

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
ADMINISTRATIVE_STATUS = {
    "approved": "preferredTerm-admn-sts",
    "do-not-translate": "preferredTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
    "variant": "supersededTerm-admn-sts",
}
PROPER_NOUN = "properNoun"
USE_NOTE = "use: "
COMPOUND_NOTE = "compound: "
LANGUAGES_NOTE = "Languages: "

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# Characters XML 1.0 cannot hold, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_IND = "  "


# --- writing ----------------------------------------------------------------------------

def to_tbx(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic document (TBX v3, DCA style); same glossary, same text.

    Raises GlossaryError (row and column of the CSV) for text XML cannot hold: control
    characters other than tab and line breaks.
    """
    languages = ", ".join(glossary.languages)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tbx type="TBX-Basic" style="dca" xml:lang="{_attr(glossary.source)}" '
        f'xmlns="{TBX_NAMESPACE}">',
        f"{_IND}<tbxHeader>",
        f"{_IND * 2}<fileDesc>",
        f"{_IND * 3}<sourceDesc>",
        # The version (a content hash) tells a translator's copy from the current glossary;
        # the path is left out because it depends on where the command ran.
        f"{_IND * 4}<p>Exported by subtool from its glossary (version {glossary.version}, "
        f"{len(glossary.entries)} concepts). A concept note 'use: …' names the term to use "
        "instead; 'compound: yes' means the term also counts inside longer words.</p>",
        f"{_IND * 4}<p>{LANGUAGES_NOTE}{_text(languages)}</p>",
        f"{_IND * 3}</sourceDesc>",
        f"{_IND * 2}</fileDesc>",
        f"{_IND}</tbxHeader>",
        f"{_IND}<text>",
        f"{_IND * 2}<body>",
    ]
    for entry in glossary.entries:
        lines += _concept_lines(entry, glossary)
    lines += [f"{_IND * 2}</body>", f"{_IND}</text>", "</tbx>", ""]
    return "\n".join(lines)


def _concept_lines(entry: Entry, glossary: Glossary) -> list[str]:
    def xml_text(value: str, column: str) -> str:
        found = _NOT_XML.search(value)
        if found:
            raise GlossaryError(
                f"contains the control character U+{ord(found.group(0)):04X}, which XML "
                "cannot hold", path=glossary.path or None, row=entry.row or None,
                column=column, hint="delete it from the cell, then export again")
        return _text(value)

    status = ADMINISTRATIVE_STATUS.get(entry.status)
    if status is None:
        raise GlossaryError(f"status {entry.status!r} has no TBX equivalent",
                            path=glossary.path or None, row=entry.row or None, column="status")
    # An XML id must not start with a digit; "_" never occurs in glossary ids, so it marks
    # the prefix unambiguously for parse_tbx to remove.
    xml_id = f"_{entry.id}" if entry.id[:1].isdigit() else entry.id
    d = [_IND * n for n in range(3, 8)]
    out = [f'{d[0]}<conceptEntry id="{_attr(xml_text(xml_id, "id"))}">']
    if entry.note:
        out.append(f'{d[1]}<descrip type="definition">{xml_text(entry.note, "note")}</descrip>')
    if entry.use:
        out.append(f"{d[1]}<note>{USE_NOTE}{xml_text(entry.use, 'use')}</note>")
    if entry.compound:
        out.append(f"{d[1]}<note>{COMPOUND_NOTE}yes</note>")
    languages = [lang for lang in glossary.languages if entry.forms(lang)]
    languages += [lang for lang in entry.terms if lang not in languages and entry.forms(lang)]
    for lang in languages:
        out.append(f'{d[1]}<langSec xml:lang="{_attr(xml_text(lang, lang))}">')
        for form in entry.forms(lang):
            out += [f"{d[2]}<termSec>",
                    f"{d[3]}<term>{xml_text(form, lang)}</term>",
                    f'{d[3]}<termNote type="administrativeStatus">{status}</termNote>']
            if entry.status == "do-not-translate":
                out.append(f'{d[3]}<termNote type="partOfSpeech">{PROPER_NOUN}</termNote>')
            out.append(f"{d[2]}</termSec>")
        out.append(f"{d[1]}</langSec>")
    out.append(f"{d[0]}</conceptEntry>")
    return out


def _text(value: str) -> str:
    # A literal CR would come back as LF (XML normalises line ends); a reference survives.
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _attr(value: str) -> str:
    # Attribute values have their whitespace normalised to spaces unless written as references.
    return (_text(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


# --- reading ----------------------------------------------------------------------------

@dataclass
class _Term:
    lang: str
    text: str
    status: str  # approved, forbidden or variant
    proper: bool


@dataclass
class _Concept:
    id: str
    line: int
    literal: bool  # the file's id is a glossary id as written (not made into one)
    terms: list[_Term] = field(default_factory=list)
    note: str = ""
    use: str = ""
    compound: bool = False


# Statuses by their bare name: "deprecatedTerm-admn-sts", "deprecated", "Deprecated term"
# all become "deprecated" (_status_word).
_STATUS_WORDS = {
    "preferred": "approved", "admitted": "approved", "standardized": "approved",
    "legal": "approved", "regulated": "approved",
    "notrecommended": "forbidden", "deprecated": "forbidden", "forbidden": "forbidden",
    "obsolete": "variant", "superseded": "variant",
}
_STATUS_CATEGORIES = ("administrativeStatus", "normativeAuthorization")
# DCA-style elements name their data category in "type"; in DCT style (and TBX-Min) the
# element's local name is the category.
_DCA_ELEMENTS = frozenset({"termNote", "descrip", "admin", "adminNote", "descripNote",
                           "transac", "transacNote", "ref", "xref"})
_TERM_SECTIONS = ("termSec", "tig", "ntig")
_GROUP_ORDER = ("approved", "forbidden", "variant")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                         "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "Ss"})


def parse_tbx(text: str, *, path: str = "", source: str = DEFAULT_MASTER,
              languages: Sequence[str] = ()) -> Glossary:
    """Read a TBX glossary (TBX v3 or v2, from ``to_tbx`` or a CAT tool); see the module.

    ``source`` is the master's language: every concept needs a term in it. ``languages``
    (optional, the project's languages) lets region tags such as ``en-GB`` become ``en``.
    Malformed XML, a refused DOCTYPE and every concept the glossary cannot hold raise
    GlossaryError naming the line.
    """
    if text.startswith("\ufeff"):
        text = text[1:]  # editors save UTF-8 with a BOM
    root, lines = _read_xml(text, path)
    if root.tag not in ("tbx", "martif"):
        raise _error(f"is not TBX: the document element is <{root.tag}>, not <tbx> or "
                     "<martif>", lines[root], path=path,
                     hint="export the termbase from the CAT tool as TBX")
    declared = _declared_languages(root)
    concepts: list[_Concept] = []
    for element in root.iter():
        if element.tag in ("conceptEntry", "termEntry"):
            concepts.append(_read_concept(element, lines, path, source))
    wanted = tuple(dict.fromkeys((source, *languages)))

    def column(tag: str) -> str:
        # A tag the header lists is a column of its own (subtool's export of a glossary
        # with a de-AT column); any other names the project language it is the same
        # language as: en-US is English, while an en-GB column takes only its own region
        # or none, so en-US never lands there.
        if tag in wanted or tag in declared:
            return tag
        same = [w for w in wanted if same_language(tag, w)]
        return same[0] if len(same) == 1 else tag

    order = list(dict.fromkeys(column(tag) for tag in declared))
    if source not in order:
        order.insert(0, source)
    entries: list[Entry] = []
    taken: set[str] = set()
    # Ids written as glossary ids are reserved first, so that neither a generated id nor
    # one made from "C_0001" takes an id that a later concept names literally.
    reserved = {c.id for c in concepts if c.literal}
    for concept in concepts:
        _map_languages(concept, column, path)
        for term in concept.terms:
            if term.lang not in order:
                order.append(term.lang)
        entries += _entries(concept, source, taken, reserved, path)
    return Glossary(tuple(entries), tuple(order), source, path)


def _map_languages(concept: _Concept, column: Callable[[str], str], path: str) -> None:
    """Put each term of ``concept`` in its glossary column; refused when two of the file's
    tags (en and en-US, en-US and en-GB) would share one, as their terms would be mixed."""
    tags: dict[str, str] = {}
    for term in concept.terms:
        target = column(term.lang)
        first = tags.setdefault(target, term.lang)
        if first != term.lang:
            raise _error(f"concept {concept.id or '(no id)'!r} has terms for {first!r} and "
                         f"{term.lang!r}, which would both go into the {target!r} column",
                         concept.line, path=path,
                         hint=f"keep the terms of one of them in the TBX file (or make "
                              f"{term.lang!r} a language of the project), then import again")
        term.lang = target


def _read_xml(text: str, path: str) -> tuple[Element, dict[Element, int]]:
    try:
        return xmlsafe.parse(text, name=_local, attribute=_attribute,
                             allow_external_doctype=True,
                             doctype_message="has a DOCTYPE with declarations, which subtool "
                             "does not read (they can expand entities or read other files)")
    except MalformedXMLError as exc:
        raise _error(f"not well-formed XML ({exc.reason})", exc.line, column=exc.column,
                     path=path, hint="the file is damaged or not TBX: export it again from "
                     "the CAT tool, or correct the XML at that position") from None
    except RefusedXMLError as exc:
        raise _error(exc.message, exc.line, path=path,
                     hint=exc.hint or "remove the <!DOCTYPE …> declaration and any entity "
                          "references (write characters directly), or export again from the "
                          "CAT tool") from None


def _local(name: str) -> str:
    # Namespaced names arrive as "uri local": TBX v3, its draft namespace and TBX v2 (none)
    # are all read alike by their local names.
    return name.rpartition(" ")[2]


def _attribute(name: str) -> str:
    uri, _, local = name.rpartition(" ")
    return f"xml:{local}" if uri == _XML_NS else local


def _declared_languages(root: Element) -> list[str]:
    """The ``Languages:`` paragraph of a header written by ``to_tbx`` (else empty)."""
    for header in root:
        if header.tag not in ("tbxHeader", "martifHeader"):
            continue
        for p in header.iter("p"):
            text = "".join(p.itertext()).strip()
            if not text.startswith(LANGUAGES_NOTE):
                continue
            tags = [t.strip() for t in text.removeprefix(LANGUAGES_NOTE).split(",")]
            if all(t and validate_tag(t) is None for t in tags):
                return tags
    return []


def _category(element: Element) -> str:
    return element.get("type", "") if element.tag in _DCA_ELEMENTS else element.tag


def _content(element: Element) -> str:
    """The text of an element (inline markup such as <hi> dropped), unwrapped."""
    text = "".join(element.itertext()).strip()
    if re.search(r"\n[ \t]", text):  # wrapped and indented by a pretty-printer
        text = re.sub(r"\s*\n\s*", " ", text)
    return text


def _definitions(element: Element) -> list[str]:
    found = []
    for child in element:
        candidates = list(child) if child.tag.endswith("Grp") else [child]
        found += [_content(c) for c in candidates if _category(c) == "definition"]
    return [text for text in found if text]


def _read_concept(element: Element, lines: dict[Element, int], path: str,
                  source: str) -> _Concept:
    line = lines[element]
    raw_id = element.get("id", "").strip()
    literal = _literal_id(raw_id)
    concept = _Concept(literal or _slug(raw_id), line, literal=bool(literal))
    notes = [_content(child) for child in element if child.tag == "note"]
    for note in notes:
        if note.lower().startswith(USE_NOTE.strip()) and not concept.use:
            concept.use = note[len(USE_NOTE.strip()):].strip()
        elif note.lower().startswith(COMPOUND_NOTE.strip()):
            concept.compound = note[len(COMPOUND_NOTE.strip()):].strip().lower() == "yes"
    definitions = _definitions(element)
    by_language: list[tuple[str, list[str]]] = []
    for section in element:
        if section.tag not in ("langSec", "langSet"):
            continue
        raw = section.get("xml:lang") or section.get("lang") or ""
        lang = _language_tag(raw)
        reason = validate_tag(lang) if lang else "it has no xml:lang"
        if reason:
            raise _error(f"a language section of concept {concept.id or '(no id)'!r}: "
                         f"{reason}", lines[section], path=path,
                         hint="give every <langSec> an xml:lang such as de, en, tr")
        by_language.append((lang, _definitions(section)))
        for term_section in section:
            if term_section.tag in _TERM_SECTIONS:
                term = _read_term(term_section, lang, lines, path)
                if term is not None:
                    concept.terms.append(term)
    if not definitions:
        # CAT tools (and TBX v2) keep definitions per language: the master's, else the first.
        source_first = sorted(by_language, key=lambda item: primary(item[0]) != primary(source))
        definitions = next((texts for _, texts in source_first if texts), [])
    concept.note = "; ".join(definitions)
    return concept


def _read_term(section: Element, lang: str, lines: dict[Element, int],
               path: str) -> _Term | None:
    term = next(section.iter("term"), None)
    if term is None:
        return None
    text = re.sub(r"\s*\n\s*", " ", "".join(term.itertext()).strip())
    if not text:
        return None
    if "|" in text:
        raise _error(f"the {lang} term {text!r} contains '|', which the glossary uses "
                     "between forms", lines[term], path=path,
                     hint="split it into one term per form")
    status, proper = "approved", False
    for element in section.iter():
        category, value = _category(element), "".join(element.itertext())
        if category in _STATUS_CATEGORIES:
            status = _STATUS_WORDS.get(_status_word(value), status)
        elif category == "partOfSpeech":
            proper = re.sub(r"[^a-z]", "", value.lower()) == "propernoun"
    return _Term(lang, text, status, proper)


def _status_word(value: str) -> str:
    word = re.sub(r"[^a-z]", "", value.lower())
    return word.removesuffix("admnsts").removesuffix("term")


def _language_tag(raw: str) -> str:
    # "EN_us" and "en-US" are the same tag; only the primary subtag is lower-cased so that
    # a glossary's own spelling of the rest ("de-at", "pt-BR") comes back unchanged.
    first, _, rest = raw.strip().replace("_", "-").partition("-")
    return f"{first.lower()}-{rest}" if rest else first.lower()


def _literal_id(raw: str) -> str:
    """The glossary id ``raw`` spells as it is (or as to_tbx wrote it), else ""."""
    if raw.startswith("_") and raw[1:2].isdigit() and _ID.fullmatch(raw[1:]):
        return raw[1:]  # to_tbx's prefix for ids starting with a digit
    return raw if _ID.fullmatch(raw) else ""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_GERMAN))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:60].strip("-")


def _unique(base: str, used: Callable[[str], bool]) -> str:
    if not used(base):
        return base
    n = 2
    while used(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"


def _entries(concept: _Concept, source: str, taken: set[str], reserved: set[str],
             path: str) -> list[Entry]:
    """The glossary rows of one concept: one per status among its terms."""
    groups: dict[str, dict[str, list[str]]] = {}
    for term in concept.terms:
        groups.setdefault(term.status, {}).setdefault(term.lang, []).append(term.text)
    name = concept.id or "(no id)"
    if not groups:
        raise _error(f"concept {name!r} has no terms", concept.line, path=path,
                     hint=f"every concept needs a {source} term (the master's language)")
    for status, by_lang in groups.items():
        if source not in by_lang:
            # With several statuses each becomes a row of its own, and needs its own term.
            which = f" {_label(status)}" if len(groups) > 1 else ""
            raise _error(
                f"concept {name!r} has no{which} {source} term (only {', '.join(by_lang)}); "
                "a glossary row needs its term in the master's language", concept.line,
                path=path, hint=f"add the{which} {source} term in the CAT tool, or check "
                                f"that {source} is the master's language")
    ordered = [s for s in _GROUP_ORDER if s in groups]
    base_form = groups[ordered[0]][source][0]
    # A literal id is kept unless an earlier concept has it already; any other id moves
    # out of the way of the literal ones.
    keep = concept.literal and concept.id not in taken
    first_id = concept.id if keep else _unique(
        concept.id or _slug(base_form) or "term-" + hashlib.sha256(
            base_form.encode("utf-8")).hexdigest()[:8],
        lambda candidate: candidate in taken or candidate in reserved)
    out = []
    for status in ordered:
        entry_id = first_id if status == ordered[0] else _unique(
            f"{first_id}-{status}", lambda c: c in taken or c in reserved)
        taken.add(entry_id)
        terms = {lang: tuple(forms) for lang, forms in groups[status].items()}
        final = status
        if status == "approved" and any(t.proper for t in concept.terms
                                        if t.status == "approved"):
            final = "do-not-translate"
        use = concept.use
        if not use and status != "approved" and "approved" in groups:
            use = groups["approved"][source][0]
        if not use and status != "approved":
            raise _error(f"concept {name!r}: its {_label(status)} {source} term "
                         f"{terms[source][0]!r} needs the term to use instead",
                         concept.line, path=path,
                         hint="add a preferred term to the concept, or a concept note "
                              "'use: <term>'")
        out.append(Entry(entry_id, final, terms, use, concept.compound, concept.note,
                         concept.line))
    return out


def _label(status: str) -> str:
    return {"approved": "preferred", "forbidden": "deprecated",
            "variant": "superseded"}[status]


def _error(message: str, line: int | None, *, path: str, hint: str = "",
           column: int | None = None) -> GlossaryError:
    # GlossaryError's "row" is a CSV row; in XML it is the line, named in the message so
    # that it shows with or without a path.
    where = f"line {line}" + (f", column {column}" if column else "") if line else ""
    error = GlossaryError(f"{where}: {message}" if where else message, path=path or None,
                          hint=hint)
    error.row = line
    return error
