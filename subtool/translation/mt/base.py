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
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from subtool.core.errors import ExitCode, SubtoolError
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


class ProviderError(SubtoolError):
    """A provider's request failed. Carries what the engine needs to decide what to do.

    ``retryable``: the same request may succeed later (429, 5xx, timeout, connection lost,
    garbled answer). ``retry_after``: seconds the service asked to wait (429 Retry-After).
    ``fatal``: no request to this provider can succeed now (bad or missing key, quota
    exhausted): the engine stops sending. The message never contains an API key.
    """

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, provider: str, retryable: bool = False,
                 retry_after: float | None = None, fatal: bool = False,
                 status: int | None = None, hint: str = "") -> None:
        super().__init__(redact(f"{provider}: {message}"), hint=redact(hint))
        self.provider = provider
        self.retryable = retryable
        self.retry_after = retry_after
        self.fatal = fatal
        self.status = status


class DraftIncompleteError(ProviderError):
    """Drafting ended with cues still missing; what arrived is saved (run again to resume).

    ``missing`` is how many cues still have no draft, ``total`` how many needed one, and
    ``cause`` the provider error that stopped the run.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, *, provider: str, lang: str, missing: int, total: int,
                 cause: ProviderError) -> None:
        reason = cause.message.removeprefix(f"{provider}: ")
        super().__init__(f"{lang}: {missing} of {total} cue(s) still have no draft ({reason})",
                         provider=provider, retryable=cause.retryable,
                         retry_after=cause.retry_after, fatal=cause.fatal, status=cause.status,
                         hint=(f"{cause.hint}; " if cause.hint else "")
                         + "the drafts that arrived are saved in the translation memory; "
                           "run the command again to resume")
        self.lang = lang
        self.missing = missing
        self.total = total
        self.cause = cause


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


def key_from_env(env: Mapping[str, str], variable: str) -> str:
    """The API key in environment variable ``variable`` ("" when unset), registered."""
    value = env.get(variable, "").strip()
    if value:
        register_secret(value)
    return value


def short(text: str, limit: int = 200) -> str:
    """A server's error text cut to one readable line (it may be a whole HTML page)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def base_code(tag: str) -> str:
    """The primary subtag, which is what every provider here expects (``pt-BR`` → ``pt``)."""
    return primary(tag)
