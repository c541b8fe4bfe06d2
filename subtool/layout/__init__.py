"""Laying text out in lines and cues: ``reflow`` breaks a cue's text into the best lines for
its language (Netflix/BBC/ARD line-breaking rules, with the language file's word lists);
``segment`` cuts a timed transcript into cues within a profile's limits.

Pure. May import ``core``, ``languages``, ``profiles``.
"""
