"""A tiny JSON-over-HTTP client on the standard library, with timeouts and typed failures.

Used for LibreTranslate (``subtool.translation.mt.libre``); DeepL and Google go through their own
libraries. Every failure becomes a :class:`ProviderError` that says whether retrying can help:

- 429 (with its Retry-After), 5xx, timeouts, refused or dropped connections and answers that
  are not JSON are *retryable*;
- 401, 403 (wrong or missing key) and 456 (quota exhausted) are *fatal*: no request can
  succeed, so the engine stops sending;
- other 4xx are plain failures of that request.

Request bodies are never part of an error message (they hold the API key for LibreTranslate).
"""

from __future__ import annotations

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from subtool.core.errors import ProviderError
from subtool.core.secrets import short

# Statuses after which no request to the service can succeed until a person acts.
FATAL_STATUSES = frozenset({401, 403, 456})
USER_AGENT = "subtool (machine-translation drafts)"


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: a number (fractions accepted) or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _where(url: str) -> str:
    # Host and path only: a query string may carry user data, and is never needed to
    # understand the failure.
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def _error_text(body: bytes) -> str:
    """The ``error``/``message`` of a JSON error body, else the start of the body."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return short(text)
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            if isinstance(data.get(key), str):
                return short(data[key])
    return short(text)


def request_json(method: str, url: str, *, provider: str, timeout: float,
                 body: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None) -> Any:
    """Send ``body`` as JSON and return the decoded JSON answer.

    ``timeout`` bounds connecting and each read. Raises :class:`ProviderError`.
    """
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    request.add_header("User-Agent", USER_AGENT)
    if data is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    where = _where(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
        detail = _error_text(exc.read() if exc.fp is not None else b"")
        exc.close()
        retry_after = retry_after_seconds(exc.headers.get("Retry-After")) if exc.headers \
            else None
        raise ProviderError(f"HTTP {status} from {where}: {detail}", provider=provider,
                            retryable=status == 429 or status >= 500,
                            retry_after=retry_after if status in (429, 503) else None,
                            fatal=status in FATAL_STATUSES, status=status,
                            hint=_hint(status)) from None
    except TimeoutError:
        raise ProviderError(f"no answer from {where} within {timeout:g} s", provider=provider,
                            retryable=True) from None
    except (OSError, http.client.HTTPException) as exc:
        # URLError (refused, DNS), RemoteDisconnected, ConnectionResetError, IncompleteRead:
        # the connection failed, not the request; trying again may work.
        reason = getattr(exc, "reason", None) or exc
        if isinstance(reason, TimeoutError):
            raise ProviderError(f"no answer from {where} within {timeout:g} s",
                                provider=provider, retryable=True) from None
        raise ProviderError(f"connection to {where} failed: {short(str(reason))}",
                            provider=provider, retryable=True) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        # A proxy's error page or a truncated body: garbled, not refused; may pass next time.
        raise ProviderError(f"{where} answered with something that is not JSON: "
                            f"{short(raw.decode('utf-8', 'replace'), 80)!r}",
                            provider=provider, retryable=True) from None


def _hint(status: int) -> str:
    if status in (401, 403):
        return "check the API key in the environment variable for this provider"
    if status == 456:
        return "the provider's quota is used up; what arrived is saved, run again later"
    return ""
