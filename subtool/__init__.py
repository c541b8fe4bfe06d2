"""subtool: a subtitle and accessibility toolkit for films published in many languages."""

__version__ = "0.1.0"
