"""The command line: thin Typer commands by group, and the single error boundary.

This is the only package that imports typer or rich, prints or exits. A command parses its
options, calls one function of ``subtool.pipeline`` (or a lower layer) and renders the
result with ``subtool.render``; it holds no file I/O, no git and no business logic.
Command groups: ``check`` (check, rules, fix, convert), ``build`` (build, preview),
``translators`` (accept, import, PO/XLIFF, diff), ``glossary``, ``segment``, ``translate``.
"""

from __future__ import annotations

from subtool.cli.app import main

__all__ = ["main"]
