"""Laying text out in lines and cues: ``reflow`` breaks a cue's text into the best lines for
its language (Netflix/BBC/ARD line-breaking rules, with the language file's word lists),
``words`` (its words, tags glued on) and ``search`` (the cheapest layout) serve it;
``transcript`` reads the timed-transcript format and ``segment`` cuts it into cues within a
profile's limits.

Pure. May import ``core``, ``languages``, ``profiles``.
"""
