"""Terminology: the glossary model (``glossary``), its CSV and TBX files (``csvfile``,
``tbx``, ``files``), matching terms in text of every language (``match``, ``inflection``)
and the house style (``style``).

Pure (a file's content in, values out). May import ``core`` and ``languages``; the modules
form no import cycle (``glossary`` ← ``csvfile``/``tbx``/``style``; ``match`` ← ``glossary``).
"""
