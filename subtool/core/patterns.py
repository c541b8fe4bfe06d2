"""Regular expressions compiled on first use instead of when their module is imported.

Python compiles a pattern in Python code: the large character classes of script and
grapheme detection take up to half a millisecond each, and ``subtool check`` of a short,
clean file needs fewer than one in five of the patterns its modules define. ``lazy`` stands
for ``re.compile`` for the others: the first use compiles the pattern and puts its methods
on the stand-in, so later calls are the compiled pattern's own (no wrapper in between).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

# What the stand-in hands over from the compiled pattern on first use.
_ATTRIBUTES = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer",
               "scanner", "flags", "groups", "groupindex")


class _Lazy:
    """``re.compile(pattern, flags)``, made when an attribute of it is first asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and the like ask; a pattern is not theirs
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


if TYPE_CHECKING:
    def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, compiled on first use."""
        ...
else:
    def lazy(pattern: str, flags: int = 0) -> _Lazy:
        """``re.compile(pattern, flags)``, compiled on first use."""
        return _Lazy(pattern, int(flags))
