"""The one small interface every machine-translation provider implements, and its errors.

A provider turns a list of texts into a list of translations, one request to its service per
call of :meth:`Provider.translate`. Everything else (which cues need a draft, sentences,
glossary placeholders, the translation memory, parallel requests, retries) is the engine's
job (``subtool.translation.mt.engine``), so a provider stays a thin adapter over one service.

Secrets: API keys come only from environment variables. A provider registers its key with
:func:`register_secret` as soon as it reads it, and every :class:`ProviderError` message
passes through :func:`redact`, so a key that a server or library echoes in an error text
never reaches a terminal, a log, a report or a file.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from subtool.core.secrets import register_secret
from subtool.languages import primary

PlaceholderStyle = Literal["token", "xml"]
"""How protected glossary terms travel through a service.

``token``: ``⟦0⟧``, a bracketed number that plain-text services copy as it is.
``xml``: ``<x i="0">Dortmund</x>`` with the service told to ignore the ``x`` element (DeepL's
``tag_handling=xml`` and ``ignore_tags``), so the service still sees the word in context.
"""


@dataclass(frozen=True)
class GlossarySupport:
    """What a provider did with the glossary's approved terms for one language pair.

    ``enforced``: the service applies the approved target terms itself (a DeepL glossary), so
    the engine does not protect them with placeholders. ``requests``: requests it sent to set
    that up (counted with the translation requests).
    """

    enforced: bool = False
    requests: int = 0


@runtime_checkable
class Provider(Protocol):
    """A machine-translation service.

    ``name`` is the provider's id (``libre``, recorded as ``machine:libre`` in the state);
    ``max_concurrency`` the most requests the engine keeps in flight at once; ``max_batch``
    the most texts in one request (1 for services that take one text per request);
    ``placeholders`` how protected terms are written for it.
    """

    name: str
    max_concurrency: int
    max_batch: int
    placeholders: PlaceholderStyle

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` from ``source`` to ``target`` (BCP-47 tags) in one request.

        Returns one translation per text, in order. Raises :class:`ProviderError` (with
        ``retryable`` and ``retry_after`` set as the failure allows) on any failure; never
        returns a shorter list.
        """
        ...

    def prepare_glossary(self, terms: Mapping[str, str], source: str, target: str,
                         version: str) -> GlossarySupport:
        """Set up the approved ``terms`` (source form → target term) for the pair.

        Called once per run, and only when something is to be sent. Providers without
        glossary support return ``GlossarySupport()`` and the engine protects the terms.
        """
        ...


@dataclass(frozen=True)
class RetryPolicy:
    """When to try a failed request again.

    Retryable failures are tried up to ``attempts`` times in all, waiting ``initial`` ×
    ``factor``^n seconds (at most ``max_delay``, ±``jitter`` so parallel workers do not retry
    in step). A Retry-After from the service is honoured as given, up to ``max_retry_after``;
    a longer wait (a quota that resets in an hour) ends the run instead, with what arrived
    saved.
    """

    attempts: int = 5
    initial: float = 1.0
    factor: float = 2.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    jitter: float = 0.1

    def delay(self, retry: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before retry number ``retry`` (1-based), or None to give up."""
        if retry >= self.attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        base = min(self.initial * self.factor ** (retry - 1), self.max_delay)
        return base * (1 + random.uniform(-self.jitter, self.jitter))


# --- secrets ------------------------------------------------------------------------------

def key_from_env(env: Mapping[str, str], variable: str) -> str:
    """The API key in environment variable ``variable`` ("" when unset), registered."""
    value = env.get(variable, "").strip()
    if value:
        register_secret(value)
    return value


def base_code(tag: str) -> str:
    """The primary subtag, which is what every provider here expects (``pt-BR`` → ``pt``)."""
    return primary(tag)
