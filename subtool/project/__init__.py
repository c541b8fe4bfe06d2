"""All file I/O of a film project: finding and reading its configuration (``config``), its
tracks (``tracks``), translation state and glossary (``store``), the translation memory
(``memory``), git revisions (``git``) and the film's cached analysis (``film``); atomic
writes that keep a file's mode, follow symbolic links, keep a ``.bak`` of a person's file
and write a track and its state together (``files``).

The only layer below the CLI that touches the disk (the language files of
``subtool.languages`` and the film read by ``subtool.media`` aside). May import every layer
below it; never ``pipeline`` or ``cli``.
"""
