"""Secrets (API keys, access tokens) never leave subtool: every message passes ``redact``.

A key is registered the moment it is read from the environment; ``redact`` replaces every
registered key in a text, and ``short`` redacts BEFORE it cuts a text to one line, so a key
cut in half by the truncation can never be shown in part.
"""

from __future__ import annotations

import threading

_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()
# Keys shorter than this are not redacted: replacing "a" everywhere would garble messages,
# and no real service issues such keys.
_MIN_SECRET = 6


def register_secret(value: str) -> None:
    """Remember an API key so that :func:`redact` removes it from any message."""
    if len(value) >= _MIN_SECRET:
        with _SECRETS_LOCK:
            _SECRETS.add(value)


def redact(text: str) -> str:
    """``text`` with every registered API key replaced by ``***``."""
    with _SECRETS_LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


def short(text: str, limit: int = 200) -> str:
    """A server's error text cut to one readable line (it may be a whole HTML page)."""
    line = " ".join(redact(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"
