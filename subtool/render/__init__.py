"""Every string made for people or machines from results: check reports (text, JSON,
GitHub, JUnit, SARIF: ``check``), the build's report and exports (``build_report``,
``export``), the preview page, diffs, to-do lists, the term matrix, fix diffs and the rule
manual. Output formats are registries (``check.FORMATS``) from which the CLI's help is made.

Pure: results in, strings out. May import any layer up to ``engine`` (and ``media`` for
the film's facts); never ``project``, ``pipeline`` or ``cli``, and no command-line option
names (the CLI says which option does what).
"""
