"""Secrets (API keys, access tokens) never leave subtool: every message passes ``redact``.

A key is registered the moment it is read from the environment; ``redact`` replaces every
registered key in a text, and ``short`` redacts BEFORE it cuts a text to one line, so a key
cut in half by the truncation can never be shown in part.

A server that echoes a key rarely echoes it as it was sent: it may percent-encode it (a URL
or form), write it as HTML entities (``&#45;`` for ``-``, in an error page), escape it for JSON
(``\\u002d``) or Base64 it (a Basic header). Each registered key is matched with each of its
characters in any of those spellings, mixed freely, and as the Base64 of the whole key. Keys
are redacted whatever their length: a short key is still a key, and a garbled message is a
smaller harm than a key on a screen.
"""

from __future__ import annotations

import re
import threading

_SECRETS: dict[str, re.Pattern[str]] = {}
_SECRETS_LOCK = threading.Lock()


def _char_pattern(char: str) -> str:
    """Every spelling of one character that a server may use when it echoes a key."""
    import html.entities  # noqa: PLC0415 - only with a key: every message imports this module
    code = ord(char)
    options = [re.escape(char)]
    utf8 = char.encode("utf-8")
    # Hexadecimal digits in either case; the key's own letters only as they are.
    options.append("(?i:" + "".join(f"%{b:02x}" for b in utf8) + ")")
    options.append(f"&#0*{code};")
    options.append(f"(?i:&#x0*{code:x};)")
    options.extend(f"&{name}" for name, value in html.entities.html5.items()
                   if value == char)
    options.append(f"(?i:\\\\u{code:04x})" if code <= 0xFFFF else re.escape(char))
    if char == " ":
        options.append(r"\+")  # form encoding
    if char in "\\\"/":
        options.append(re.escape("\\" + char))  # JSON escape
    return "(?:" + "|".join(dict.fromkeys(options)) + ")"


def _pattern(secret: str) -> re.Pattern[str]:
    import base64  # noqa: PLC0415 - as html above
    spelled = "".join(_char_pattern(c) for c in secret)
    raw = secret.encode("utf-8")
    encoded = {base64.b64encode(raw).decode("ascii"), base64.urlsafe_b64encode(raw).decode("ascii")}
    encoded |= {e.rstrip("=") for e in encoded}
    alternatives = [spelled] + [re.escape(e) for e in sorted(encoded, key=len, reverse=True)]
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def register_secret(value: str) -> None:
    """Remember an API key so that :func:`redact` removes it from any message."""
    if value:
        pattern = _pattern(value)
        with _SECRETS_LOCK:
            _SECRETS[value] = pattern


def _patterns() -> list[re.Pattern[str]]:
    with _SECRETS_LOCK:
        return [_SECRETS[s] for s in sorted(_SECRETS, key=len, reverse=True)]


def redact(text: str) -> str:
    """``text`` with every registered API key, in any spelling above, replaced by ``***``."""
    for pattern in _patterns():
        text = pattern.sub("***", text)
    return text


def contains_secret(text: str) -> bool:
    """Whether ``text`` holds a registered API key in any spelling (a translation that echoes
    the key must never be written anywhere)."""
    return any(pattern.search(text) for pattern in _patterns())


def short(text: str, limit: int = 200) -> str:
    """A server's error text cut to one readable line (it may be a whole HTML page)."""
    line = " ".join(redact(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"
