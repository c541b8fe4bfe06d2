"""The bottom layer: values and vocabulary every other layer shares.

``model`` (frozen Cue, Track, Problem), ``errors`` (every exception and the exit codes),
``timecode`` (times parsed and formatted, integer milliseconds), ``text`` (what a reader
sees: visible text, grapheme counts), ``patterns`` (regular expressions compiled on first
use), ``align`` (cues matched by time), ``film`` (a film's speech and shot changes, and the
look-ups the timing rules make), ``xmlsafe`` (the one safe XML reader). Imports nothing
from subtool outside ``core``.
"""
