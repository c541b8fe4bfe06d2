"""The pure engine: run the rules over a track (``check``), apply their fixes until the track
is stable (``fix``), compare two versions of a track by time (``diff``), the term ×
language matrix (``terminology``) and the data of a timeline against the film
(``timeline``).

Functions of values: no file, no printing, no clock. May import ``core``, ``languages``,
``profiles``, ``config`` (the settings value), ``formats``, ``terms``, ``layout``,
``translation`` (the state model) and ``rules``.
"""
