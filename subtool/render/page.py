"""The one HTML page skeleton of every page subtool writes: report, transcript, preview,
diff and to-do lists.

Each page gets the same frame: a doctype, ``lang`` and ``dir`` of the reader's language
(``i18n.language()``, the language the page's own words are in; texts in other languages
carry their own ``lang``/``dir``), a viewport for phones, a Content-Security-Policy, a base
style that keeps every page readable at 390 px (no horizontal page scroll: wide tables
scroll inside their own box), a skip link and the landmarks ``header``, ``nav`` (when
given) and ``main`` that screen-reader users jump between.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from subtool.languages import is_rtl
from subtool.languages.i18n import _, language

# Pages without scripts forbid every external resource and every script, in case a page is
# ever built wrongly (a subtitle text that escaped its escaping could not run).
STRICT_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

# Readable on a 390 px phone and on a desktop: text at most ~75 characters wide, long words
# (web addresses, compound German nouns) broken rather than widening the page, tables that
# must be wide scrolling inside their own box (``.scroll``). Colours pass WCAG AA contrast
# (4.5:1) on white.
BASE_CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem;
       padding: .75rem 1rem 2rem; color: #111; background: #fff; overflow-wrap: break-word; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .25rem 0 .5rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .4rem; }
a { color: #0645ad; }
:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.skip { position: absolute; left: .5rem; top: -10rem; background: #fff; padding: .5rem;
        border: 2px solid #1a5fb4; z-index: 10; }
.skip:focus { top: .5rem; }
.scroll { overflow-x: auto; max-width: 100%; margin: .75rem 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: start; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f0f0f0; }
td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, monospace; font-size: .95em; overflow-wrap: anywhere; }
.muted { color: #555; }
small { font-size: .85rem; }
details { margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
@media print { .skip { display: none; } .scroll { overflow: visible; } }
"""


@dataclass(frozen=True)
class Page:
    """The parts of one page; every value is HTML (escape texts before)."""

    title: str  # plain text: the window title (escaped here)
    main: str
    heading: str = ""  # HTML of the h1; default: the title
    lead: str = ""  # HTML under the h1, inside the header
    nav: str = ""  # HTML of a <nav> element, when the page has one
    css: str = ""
    script: str = ""  # the content of one inline <script>, for pages that need one
    policy: str = STRICT_POLICY
    lang: str = ""  # default: the language subtool speaks now


# Pages say who made them: a command may replace a page it made (``subtool preview`` writes
# its page again), never another file of that name unless told to overwrite.
GENERATOR = '<meta name="generator" content="subtool">'


def render(page: Page) -> str:
    """The complete HTML document."""
    esc = html.escape
    lang = page.lang or language()
    direction = "rtl" if is_rtl(lang) else "ltr"
    script = f"<script>\n{page.script}\n</script>\n" if page.script else ""
    skip = _("Skip to the content")  # (not inside the f-string: Babel would not find it)
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{GENERATOR}
<meta http-equiv="Content-Security-Policy" content="{esc(page.policy)}">
<title>{esc(page.title)}</title>
<style>{BASE_CSS}{page.css}</style>
</head>
<body>
<a class="skip" href="#main">{esc(skip)}</a>
<header>
<h1>{page.heading or esc(page.title)}</h1>
{page.lead}
</header>
{page.nav}
<main id="main" tabindex="-1">
{page.main}
</main>
{script}</body>
</html>
"""


def scroll_box(content: str, label: str) -> str:
    """A wide table in a box that scrolls sideways on its own, so the page never does.

    The box is focusable and named, so keyboard users can scroll it too (WCAG 2.1.1).
    """
    return (f'<div class="scroll" role="region" tabindex="0" aria-label="{html.escape(label)}">'
            f"{content}</div>")


def text_attrs(lang: str) -> str:
    """``lang`` and ``dir`` attributes for an element holding text in ``lang``."""
    return f'lang="{html.escape(lang)}" dir="{"rtl" if is_rtl(lang) else "ltr"}"'
