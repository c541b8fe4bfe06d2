"""Reading XML from other tools (TBX, XLIFF) safely, with line numbers.

One place for the parser settings that matter for safety: expat with parameter entities
never parsed, no external DTD ever loaded, and a DOCTYPE refused before its internal subset
is read, so neither entity expansion ("billion laughs") nor external-entity reads can
happen. ElementTree records no line numbers, so elements are built here from expat events
and each element's line is kept for error messages. Elements nested deeper than
``MAX_DEPTH`` are refused: no TBX or XLIFF file needs it, and the readers walk the tree
recursively (a file of 50,000 nested ``<mrk>`` would otherwise stop Python).
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from subtool.core.errors import MalformedXMLError, RefusedXMLError

# XLIFF and TBX nest a handful of levels (xliff > file > unit > segment > target > mrk…);
# a few hundred leaves room for any tool's markers, far below Python's recursion limit.
MAX_DEPTH = 200


def parse(text: str, *, name: Callable[[str], str], attribute: Callable[[str], str],
          allow_external_doctype: bool, doctype_message: str
          ) -> tuple[Element, dict[Element, int]]:
    """The document's root element and each element's 1-based line.

    ``name``/``attribute`` map expat's ``"namespace local"`` names; a DOCTYPE is refused
    with ``doctype_message`` unless ``allow_external_doctype`` and it declares nothing (a
    bare ``<!DOCTYPE martif SYSTEM "…">`` as CAT tools write it; its DTD is never loaded).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True  # one data call per text node, not one per line
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = TreeBuilder()
    lines: dict[Element, int] = {}
    depth = [0]

    def start(tag: str, attributes: dict[str, str]) -> None:
        depth[0] += 1
        if depth[0] > MAX_DEPTH:
            raise RefusedXMLError(f"nests elements more than {MAX_DEPTH} levels deep",
                                  parser.CurrentLineNumber,
                                  hint="the file is damaged: export it again from the tool")
        element = builder.start(name(tag), {attribute(k): v for k, v in attributes.items()})
        lines[element] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        depth[0] -= 1
        builder.end(name(tag))

    def doctype(doc_name: str, system_id: str | None, public_id: str | None,
                has_internal_subset: int) -> None:
        # Entities can only be declared in the internal subset: refusing it before it is
        # read rules out entity expansion and external-entity reads alike.
        if has_internal_subset or not allow_external_doctype:
            raise RefusedXMLError(doctype_message, parser.CurrentLineNumber)

    def skipped(entity: str, is_parameter_entity: int) -> None:
        # Reached only with a bare external DOCTYPE, whose DTD is never loaded.
        raise RefusedXMLError(f"uses the entity &{entity};, which is defined in no file "
                              "subtool reads", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    parser.SkippedEntityHandler = skipped
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise MalformedXMLError(expat.ErrorString(exc.code) or "not well-formed",
                                exc.lineno, (exc.offset or 0) + 1) from None
    return builder.close(), lines
