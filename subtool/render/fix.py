"""What ``subtool fix`` would change, for people: a unified diff of the file's text."""

from __future__ import annotations

import difflib

from subtool.engine.fix import MAX_PASSES, FileFix
from subtool.render.escape import terminal


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff between two versions of a subtitle file's text.

    Fixes never add or remove a cue, so the two texts have the same blocks (cues separated
    by blank lines): each changed block is diffed on its own, which keeps a 100,000-cue file
    linear instead of handing half a million lines to difflib. Anything else falls back to
    difflib over the whole text.
    """
    return terminal(_unified_diff(before, after, name))


def _unified_diff(before: str, after: str, name: str) -> str:
    old_blocks, new_blocks = before.split("\n\n"), after.split("\n\n")
    prefix = "" if name.startswith("/") else "a/", "" if name.startswith("/") else "b/"
    if len(old_blocks) != len(new_blocks):
        return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                            after.splitlines(keepends=True),
                                            f"{prefix[0]}{name}", f"{prefix[1]}{name}"))
    out = [f"--- {prefix[0]}{name}\n", f"+++ {prefix[1]}{name}\n"]
    old_line = new_line = 1
    for old, new in zip(old_blocks, new_blocks, strict=True):
        old_lines, new_lines = old.split("\n"), new.split("\n")
        if old != new:
            matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
            for group in matcher.get_grouped_opcodes(1):
                a0, a1, b0, b1 = group[0][1], group[-1][2], group[0][3], group[-1][4]
                out.append(f"@@ -{old_line + a0},{a1 - a0} +{new_line + b0},{b1 - b0} @@\n")
                for tag, i1, i2, j1, j2 in group:
                    if tag == "equal":
                        out.extend(f" {line}\n" for line in old_lines[i1:i2])
                        continue
                    out.extend(f"-{line}\n" for line in old_lines[i1:i2])
                    out.extend(f"+{line}\n" for line in new_lines[j1:j2])
        # A block and the blank line after it.
        old_line += len(old_lines) + 1
        new_line += len(new_lines) + 1
    return "".join(out) if len(out) > 2 else ""


def plain_diff(before: str, after: str, name: str) -> str:
    """A unified diff over the whole text with three lines of context (``diff -u``)."""
    old, new = (name, name) if name.startswith("/") else (f"a/{name}", f"b/{name}")
    return terminal("".join(difflib.unified_diff(before.splitlines(keepends=True),
                                                 after.splitlines(keepends=True), old, new)))


def describe(result: FileFix) -> str:
    """What fixing a file changes, in a few words (``whitespace: cues 3, 7``)."""
    assert result.result is not None
    what = result.result.summary() or f"re-saved as UTF-8 (was {result.reencoded})"
    if not result.result.settled:
        what += f" (still changing after {MAX_PASSES} passes: please report this)"
    return what
