"""A tiny JSON-over-HTTP client on the standard library, with a deadline and typed failures.

Used for LibreTranslate (``subtool.translation.mt.libre``); DeepL and Google go through their own
libraries. Every failure becomes a :class:`ProviderError` that says whether retrying can help:

- 408, 429 (with its Retry-After), 5xx, timeouts, refused or dropped connections and answers
  that are not JSON are *retryable*;
- 401, 403 (wrong or missing key), 456 (quota exhausted), every other 4xx (a language the
  server lacks, a wrong path), a redirect, a failed TLS handshake and a host name that does
  not exist are *fatal*: no request can succeed, so the engine stops sending and the hint
  says what to fix.

Bounds, so that a broken or hostile server cannot hold a run: ``timeout`` is a deadline for
the whole request (connecting, the headers and the whole body; a server that trickles a byte
a second is cut off when it passes), and an answer may hold at most :data:`MAX_ANSWER` bytes
(checked against Content-Length before reading, and while reading). A JSON answer nested too
deeply for Python's parser is a garbled answer, not a crash.

Request bodies are never part of an error message (they hold the API key for LibreTranslate),
and neither are the user name, password or query of a URL.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import json
import socket
import ssl
import threading
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
# The largest answer read. A LibreTranslate answer for a batch of 25 cues is a few KB, its
# language list about 10 KB; 4 MB leaves room for any real answer while a server that
# streams gigabytes is cut off before it fills the memory.
MAX_ANSWER = 4 * 1024 * 1024
# An error body is only shown as one short line.
MAX_ERROR_BODY = 64 * 1024
_CHUNK = 64 * 1024
# Statuses that another try of the same request may pass: a request timeout, "too early",
# "too many requests"; and every 5xx.
_RETRY_STATUSES = frozenset({408, 425, 429})
# getaddrinfo's "no such name" (a temporary DNS failure, EAI_AGAIN, is retried).
_NO_SUCH_HOST = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})


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


def where(url: str) -> str:
    """``url`` as messages show it: host, port and path."""
    # Host, port and path only: a query string may carry user data, and the user name and
    # password of a URL are secrets; neither is needed to understand the failure.
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return "the server"
    host = f"[{host}]" if ":" in host else host
    return f"{host}{port}{parts.path}"


def check_url(url: str, *, provider: str) -> None:
    """Refuse a server URL that cannot work or would leak a secret (a fatal ProviderError,
    exit 2): not http(s), unparsable, without a host, with a user name or password, a query
    or a fragment. The message never repeats the URL's secrets."""
    def refuse(problem: str, hint: str) -> ProviderError:
        return ProviderError(f"the server URL {problem}", provider=provider, fatal=True,
                             hint=hint)

    if not url.lower().startswith(("http://", "https://")):
        raise refuse("must start with http:// or https://",
                     "give the server's address, for example http://127.0.0.1:5000")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise refuse(f"cannot be read ({short(str(exc), 80)})",
                     "give the server's address, for example http://127.0.0.1:5000 "
                     "(an IPv6 address in brackets: http://[::1]:5000)") from None
    if parts.username is not None or parts.password is not None:
        raise refuse("contains a user name or password",
                     "remove them from the URL; the API key goes into the environment "
                     "variable for this provider")
    if not parts.hostname:
        raise refuse("has no host name", "for example http://127.0.0.1:5000")
    if parts.query or parts.fragment:
        raise refuse("contains a query ('?…') or fragment ('#…')",
                     "give only the server's address; the API key goes into the "
                     "environment variable for this provider")


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


class _Deadline:
    """A request's whole time budget: every socket the request opens is shut down when it
    runs out, which ends a read blocked in any layer (TLS, headers, body)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(self.at - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _watched(base: type[http.client.HTTPConnection],
             deadline: _Deadline) -> type[http.client.HTTPConnection]:
    class Connection(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req)


def _too_big(where: str, provider: str) -> ProviderError:
    return ProviderError(f"the answer of {where} is larger than {MAX_ANSWER // (1024 * 1024)} MB, "
                         "far more than any translation", provider=provider, fatal=True,
                         hint="check that the URL is the translation server's")


def _read_capped(response: Any, where: str, provider: str) -> bytes:
    """The body of ``response``, refused beyond :data:`MAX_ANSWER` bytes."""
    length = (response.headers.get("Content-Length") or "").strip()
    if length.isdigit() and int(length) > MAX_ANSWER:
        raise _too_big(where, provider)
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_ANSWER:
            raise _too_big(where, provider)
        chunks.append(chunk)


def request_json(method: str, url: str, *, provider: str, timeout: float,
                 body: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None) -> Any:
    """Send ``body`` as JSON and return the decoded JSON answer.

    ``timeout`` is a deadline for the whole request. Raises :class:`ProviderError`.
    """
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    request.add_header("User-Agent", USER_AGENT)
    if data is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    place = where(url)
    with _Deadline(timeout) as deadline:
        # Network, not file, I/O (the layer rule looks for file opens by name).
        send = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline)).open
        try:
            with send(request) as response:
                raw = _read_capped(response, place, provider)
        except urllib.error.HTTPError as exc:
            raise _status_error(exc, place, provider) from None
        except ProviderError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            raise _connection_error(exc, place, provider, deadline) from None
        if deadline.expired:
            raise _timeout(place, provider, timeout)
    return _decode(raw, place, provider)


def _decode(raw: bytes, where: str, provider: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ProviderError(f"{where} answered with JSON nested too deeply to read",
                            provider=provider, retryable=True) from None
    except (UnicodeDecodeError, ValueError):
        # A proxy's error page or a truncated body: garbled, not refused; may pass next time.
        raise ProviderError(f"{where} answered with something that is not JSON: "
                            f"{short(raw.decode('utf-8', 'replace'), 80)!r}",
                            provider=provider, retryable=True) from None


def _timeout(where: str, provider: str, timeout: float) -> ProviderError:
    return ProviderError(f"no complete answer from {where} within {timeout:g} s",
                         provider=provider, retryable=True, connection=True)


def _status_error(exc: urllib.error.HTTPError, where: str, provider: str) -> ProviderError:
    status = exc.code
    try:
        detail = _error_text(exc.read(MAX_ERROR_BODY) if exc.fp is not None else b"")
    except (OSError, http.client.HTTPException):
        detail = ""
    finally:
        exc.close()
    retry_after = retry_after_seconds(exc.headers.get("Retry-After")) if exc.headers else None
    retryable = status in _RETRY_STATUSES or status >= 500
    return ProviderError(f"HTTP {status} from {where}: {detail}", provider=provider,
                         retryable=retryable,
                         retry_after=retry_after if status in (429, 503) else None,
                         fatal=not retryable, status=status, hint=_hint(status))


def _connection_error(exc: BaseException, where: str, provider: str,
                      deadline: _Deadline) -> ProviderError:
    """A failure below HTTP: the deadline, TLS, an unknown host, a refused or dropped
    connection (URLError, RemoteDisconnected, ConnectionResetError, IncompleteRead)."""
    reason = getattr(exc, "reason", None) or exc
    if deadline.expired or isinstance(reason, TimeoutError):
        return _timeout(where, provider, deadline.seconds)
    if isinstance(reason, ssl.SSLError):
        return ProviderError(f"no secure (TLS) connection to {where}: {short(str(reason), 120)}",
                             provider=provider, fatal=True,
                             hint="if the server speaks plain HTTP at that port, use an "
                                  "http:// URL; otherwise its certificate is not trusted here")
    if isinstance(reason, socket.gaierror) and reason.errno in _NO_SUCH_HOST:
        host = where.split("/", maxsplit=1)[0]
        return ProviderError(f"there is no host {host}", provider=provider,
                             fatal=True, hint="check the host name in the server URL")
    # The connection failed, not the request: trying again may work.
    return ProviderError(f"connection to {where} failed: {short(str(reason))}",
                         provider=provider, retryable=True, connection=True)


def _hint(status: int) -> str:
    if status in (401, 403):
        return "check the API key in the environment variable for this provider"
    if status == 456:
        return "the provider's quota is used up; what arrived is saved, run again later"
    if 300 <= status < 400:
        return "the server sends requests elsewhere: put the address it names into the URL"
    if status in (404, 405):
        return "check the server URL: give the server's root, for example http://host:5000"
    if status == 413:
        return "the server takes less text per request than subtool sends; raise its limit"
    if 400 <= status < 500 and status not in _RETRY_STATUSES:
        return ("the server refused the request: check that it offers both languages "
                "(its /languages list) and the message above")
    return ""
