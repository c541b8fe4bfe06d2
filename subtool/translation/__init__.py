"""The translators' workflow as values: translation state per language (``state``),
accepting and importing deliveries and the to-do lists (``workflow``), PO/XLIFF exchange
with CAT tools (``exchange``) and machine drafts (``mt``: providers, engine, glossary
protection, sentence grouping).

No file I/O: the project layer reads and writes the state and the translation memory; the
machine-translation providers are the one edge that talks to the network. May import
``core``, ``languages``, ``profiles``, ``config``, ``formats``, ``terms``, ``layout``.
"""
