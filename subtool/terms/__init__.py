"""Terminology: the glossary model (``glossary``), its CSV and TBX files (``csvfile``,
``tbx``, ``files``), matching terms in text of every language by lemma (``match``,
``morphology``: field libraries per language) and by hand-written endings for names
(``inflection``), spelling with Hunspell dictionaries (``spelling``), the language tools of
a run with their caches (``lexicon``) and the house style (``style``).

Pure (a file's content in, values out). May import ``core`` and ``languages``; the modules
form no import cycle (``glossary`` ← ``csvfile``/``tbx``/``style``; ``match`` ← ``morphology``
← ``lexicon``; ``match`` ← ``glossary``). Libraries (simplemma, PyStemmer, pymorphy3,
chunspell) are imported only when a word is not in the word cache; files are read and written
by ``subtool.project.lexicon``.
"""
