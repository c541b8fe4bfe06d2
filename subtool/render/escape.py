"""Text that came from a file, made safe for where it is shown: a terminal or Markdown.

Subtitle text, file names, glossary terms and configuration values are written by other
people and tools. Shown raw, they act: an ESC starts a terminal command (``ESC ] 0;``
retitles the window, ``ESC [ 2J`` clears the screen, OSC 8 makes a disguised link), and in a
pull-request comment ``<img src=…>`` loads an image, ``[x](…)`` is a link, ``@team`` pings
people and ``#12`` links an issue. Every renderer passes such text through one of the two
functions here (HTML is escaped by ``html.escape`` where pages are made).
"""

from __future__ import annotations

import re

from subtool.core.patterns import lazy

# C0 controls but line feed and tab, DEL, C1 controls (0x9B is a one-byte CSI to some
# terminals), and lone surrogates (from file names that are not UTF-8; stdout refuses them).
_CONTROL_RE = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so that it
    prints as what it is; line breaks and tabs stay."""
    if text.isprintable():
        # No control character and no surrogate (neither is printable): most messages. The
        # pattern, a class of thousands of code points, is compiled only for the others.
        return text
    return _CONTROL_RE.sub(_shown, text)


# A file name may hold a line feed or a tab too (any byte but "/" and NUL): in a report of
# one problem a line, such a name would start a line of its own and pass for a problem.
_NAME_CONTROL_RE = lazy(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def name(text: str) -> str:
    """A file name as one line: ``terminal`` that escapes line feeds and tabs as well
    (``new\\nline.srt``)."""
    return _NAME_CONTROL_RE.sub(_shown, text)


# Backslash escapes for every character with a meaning in GitHub Markdown inside a table
# cell or a list item: "|" ends a cell (even inside code), "<" starts HTML, "&" an entity,
# "*" "_" "~" emphasis, "[" "]" "!" links and images, "`" code, "$" maths, "#" "+" "-" "="
# ">" headings, lists and quotes where a line starts, and ":" where it would make an emoji
# (":x:"; the German gender colon "Senior:innen" stays as it is).
_MD_SPECIAL_RE = lazy(r"([\\`*_\[\]<>|~&$!#+=-]|:(?=[\w+-]+:))")
# What GitHub links by itself in plain text, after Markdown is rendered (a backslash does
# not stop it): @mentions and e-mail addresses, #123 and owner/repo#123 references, bare
# addresses (https://…, www.…). A zero-width space after the trigger breaks the pattern and
# stays invisible; it is written as an entity, so the source shows it.
_ZWSP = "&#8203;"
_AUTOLINK_RE = lazy(r"(?<=@)(?=\w)|(?<=\\#)(?=\w)|(?<=:)(?=//)|(?<=www)(?=\.)",
                          re.IGNORECASE)


def markdown(text: str) -> str:
    """``text`` as literal Markdown on one line (a table cell, a list item, a heading): no
    HTML, image, link, mention, reference or emphasis survives; line breaks become
    ``<br>`` and controls escapes."""
    escaped = _MD_SPECIAL_RE.sub(r"\\\1", terminal(text.replace("\r\n", "\n")))
    return _AUTOLINK_RE.sub(_ZWSP, escaped).replace("\n", "<br>")
