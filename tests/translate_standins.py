"""Stand-in translation services on 127.0.0.1, for the tests and the benchmark.

Each is a ``ThreadingHTTPServer`` on port 0 in a background thread that speaks just enough
of one real API for its client:

- :class:`LibreStandIn`: LibreTranslate (``POST /translate`` with ``q`` a list or a string
  and ``api_key`` in the JSON body; ``GET /languages``);
- :class:`DeepLStandIn`: the DeepL API v2 as the ``deepl`` package calls it
  (``/v2/translate``, ``/v2/glossaries``, ``/v2/glossary-language-pairs``, ``/v2/usage``;
  ``Authorization: DeepL-Auth-Key …``), glossaries applied like DeepL applies them;
- :class:`GoogleStandIn`: Google Translate's mobile page as deep-translator reads it
  (``GET /m?sl=…&tl=…&q=…`` answered with a ``result-container`` element).

"Translation" is :func:`fake_translate`: every run of letters reversed (``Seit über`` →
``tieS rebü``), digits, spaces and punctuation kept, and placeholders (``⟦0⟧``,
``<x i="0">…</x>``) copied untouched, as real services are expected to. It is its own
inverse, so a test reads a draft back with :func:`fake_translate` again.

Every server counts translation requests (``requests``), measures the most handled at once
(``max_in_flight``), keeps the texts it answered (``answered``), can add ``latency`` to each
translation request, and injects a :class:`Fault` on chosen ones: 429 with Retry-After, 5xx,
403, a timeout (no answer for a while), malformed JSON, or a dropped connection.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

# Placeholders and markup a service keeps: XML elements (whole, content included), tags,
# entities, and bracketed number tokens.
_KEPT = re.compile(r"<x\b[^>]*>.*?</x>|<[^>]+>|&#?\w+;|⟦\d+⟧", re.DOTALL)
_LETTERS = re.compile(r"[^\W\d_]+")


def _reverse_letters(text: str) -> str:
    return _LETTERS.sub(lambda m: m.group(0)[::-1], text)


def fake_translate(text: str, glossary: Mapping[str, str] | None = None) -> str:
    """The stand-ins' deterministic "translation" (see the module docstring).

    ``glossary`` (source term → target term) is applied like DeepL applies a glossary: the
    term, with up to three letters of ending, becomes the target term, which is then kept.
    """
    out: list[str] = []
    at = 0
    for m in _KEPT.finditer(text):
        out.append(_translate_plain(text[at:m.start()], glossary))
        out.append(m.group(0))
        at = m.end()
    out.append(_translate_plain(text[at:], glossary))
    return "".join(out)


def _translate_plain(text: str, glossary: Mapping[str, str] | None) -> str:
    if not glossary:
        return _reverse_letters(text)
    terms = sorted(glossary, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")\w{0,3}(?!\w)")
    out: list[str] = []
    at = 0
    for m in pattern.finditer(text):
        out.append(_reverse_letters(text[at:m.start()]))
        term = next(t for t in terms if m.group(0).startswith(t))
        out.append(glossary[term])
        at = m.end()
    out.append(_reverse_letters(text[at:]))
    return "".join(out)


@dataclass(frozen=True)
class Fault:
    """A failure to inject instead of a normal answer.

    ``kind``: ``"429"`` (with ``retry_after`` as the header, if given), ``"500"``, ``"503"``,
    ``"403"``, ``"456"`` (DeepL's quota exhausted), ``"timeout"`` (no answer for ``seconds``,
    then the connection closes), ``"malformed"`` (200 with broken JSON or a page without a
    result) or ``"drop"`` (the connection closes without an answer).
    """

    kind: str
    retry_after: str | None = None
    seconds: float = 1.0


FaultPlan = Callable[[int, list[str]], Fault | None]
"""``plan(n, texts)``: the fault for the ``n``-th translation request (1-based), or None."""


def on_requests(faults: Mapping[int, Fault]) -> FaultPlan:
    """Faults on the given request numbers."""
    return lambda n, texts: faults.get(n)


def when_text_contains(word: str, fault: Fault) -> FaultPlan:
    """A fault on every request with a text containing ``word`` (it never recovers)."""
    return lambda n, texts: fault if any(word in t for t in texts) else None


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, data: Any) -> _Answer:
    return _Answer(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests

    def do_GET(self) -> None:
        self.server.standin.dispatch(self, "GET")

    def do_POST(self) -> None:
        self.server.standin.dispatch(self, "POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    standin: StandIn


class StandIn:
    """Base of the stand-ins: the server, counting, latency and fault injection."""

    def __init__(self, *, latency: float = 0.0, faults: FaultPlan | None = None,
                 key: str | None = None) -> None:
        self.latency = latency
        self.faults = faults
        self.key = key
        self.requests = 0
        self.all_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.answered: list[str] = []
        self.received: list[str] = []
        self.paths: list[str] = []
        self.bodies: list[bytes] = []
        self.targets: list[str] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """The server's root URL (``http://127.0.0.1:<port>``)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        """Start serving in the background."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # --- the protocol, per service ----------------------------------------------------

    def is_translation(self, method: str, path: str) -> bool:
        """Whether the request is a translation request (counted, delayed, faulted)."""
        raise NotImplementedError

    def texts_of(self, method: str, path: str, query: dict[str, list[str]],
                 body: bytes) -> list[str]:
        """The texts a translation request asks for."""
        raise NotImplementedError

    def answer(self, handler: _Handler, method: str, path: str,
               query: dict[str, list[str]], body: bytes) -> _Answer:
        """The normal answer to a request."""
        raise NotImplementedError

    def malformed(self) -> _Answer:
        """A 200 answer the client cannot read."""
        return _Answer(200, b'{"translations": [{"text": "broken')

    def error(self, status: int, message: str) -> _Answer:
        """An error answer in the service's format."""
        return _json(status, {"error": message})

    # --- machinery ---------------------------------------------------------------------

    def dispatch(self, handler: _Handler, method: str) -> None:
        """Handle one request."""
        request = self._read(handler, method)
        number = self._log(handler, request)
        if request.translation:
            reply = self._translation(handler, request, number)
        else:
            reply = self.answer(handler, method, request.path, request.query, request.body)
        if reply is None:
            handler.close_connection = True
            return  # the connection closes without an answer
        _write(handler, reply)

    def _read(self, handler: _Handler, method: str) -> _Request:
        """Read a request's path, query and body."""
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        return _Request(method, parts.path, query, body, self.is_translation(method, parts.path))

    def _log(self, handler: _Handler, request: _Request) -> int:
        """Record a request; a translation request is also counted in (its number, else 0)."""
        with self._lock:
            self.all_requests += 1
            self.paths.append(handler.path)
            self.bodies.append(request.body)
            if not request.translation:
                return 0
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.requests

    def _translation(self, handler: _Handler, request: _Request,
                     number: int) -> _Answer | None:
        """The answer to the ``number``-th translation request: delayed by the latency, and
        the planned fault instead of the normal answer (None: no answer at all)."""
        try:
            texts = self.texts_of(request.method, request.path, request.query, request.body)
            with self._lock:
                self.received.extend(texts)
            if self.latency:
                time.sleep(self.latency)
            fault = self.faults(number, texts) if self.faults is not None else None
            if fault is not None:
                return self._faulted(fault)
            reply = self.answer(handler, request.method, request.path, request.query,
                                request.body)
            if reply.status == 200:
                with self._lock:
                    self.answered.extend(texts)
            return reply
        finally:
            # Counted out before the answer is written: the client may send its next
            # request the moment it reads this one, and must not be seen as one too many.
            with self._lock:
                self.in_flight -= 1

    def _faulted(self, fault: Fault) -> _Answer | None:
        """The answer an injected fault gives (None: the connection closes without one)."""
        if fault.kind == "timeout":
            time.sleep(fault.seconds)
        if fault.kind in ("timeout", "drop"):
            return None
        if fault.kind == "malformed":
            return self.malformed()
        reply = self.error(int(fault.kind), f"injected {fault.kind}")
        if fault.retry_after is not None:
            reply.headers["Retry-After"] = fault.retry_after
        return reply


@dataclass(frozen=True)
class _Request:
    """One request as the stand-ins see it."""

    method: str
    path: str  # without the query
    query: dict[str, list[str]]
    body: bytes
    translation: bool  # counted, delayed and faulted


def _write(handler: _Handler, reply: _Answer) -> None:
    """Send an answer; a client that has given up (its timeout) is no error."""
    try:
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(reply.body)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (its timeout): nothing to do


# --- LibreTranslate -----------------------------------------------------------------------

LIBRE_LANGUAGES = ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")


class LibreStandIn(StandIn):
    """LibreTranslate 1.x: ``/translate`` and ``/languages``; ``key`` makes keys required."""

    def __init__(self, *, languages: tuple[str, ...] = LIBRE_LANGUAGES,
                 echo_errors: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.languages = languages
        # Some servers quote the request in an error message: the client must not pass on
        # the key it finds there.
        self.echo_errors = echo_errors
        self.key_in_url = False

    def is_translation(self, method: str, path: str) -> bool:
        return method == "POST" and path == "/translate"

    def texts_of(self, method: str, path: str, query: dict[str, list[str]],
                 body: bytes) -> list[str]:
        if "api_key" in query:
            self.key_in_url = True
        try:
            data = json.loads(body)
        except ValueError:
            return []
        q = data.get("q") if isinstance(data, dict) else None
        return [q] if isinstance(q, str) else [t for t in q or [] if isinstance(t, str)]

    def answer(self, handler: _Handler, method: str, path: str,
               query: dict[str, list[str]], body: bytes) -> _Answer:
        if method == "GET" and path == "/languages":
            return _json(200, [{"code": c, "name": c, "targets": list(self.languages)}
                               for c in self.languages])
        if not self.is_translation(method, path):
            return self.error(404, "Not Found")
        if self.echo_errors:
            return self.error(400, "bad request: " + body.decode("utf-8", "replace"))
        try:
            data = json.loads(body)
        except ValueError:
            return self.error(400, "Invalid request: body is not JSON")
        if self.key is not None and data.get("api_key") != self.key:
            return self.error(403, "Invalid API key")
        source, target = data.get("source"), data.get("target")
        for code in (source, target):
            if code not in self.languages:
                return self.error(400, f"{code} is not supported")
        with self._lock:
            self.targets.append(str(target))
        q = data.get("q")
        if isinstance(q, str):
            return _json(200, {"translatedText": fake_translate(q)})
        if not isinstance(q, list):
            return self.error(400, "Invalid request: missing q parameter")
        return _json(200, {"translatedText": [fake_translate(str(t)) for t in q]})

    def malformed(self) -> _Answer:
        return _Answer(200, b'{"translatedText": ["broken')


# --- DeepL --------------------------------------------------------------------------------

DEEPL_GLOSSARY_TARGETS = ("en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")


class DeepLStandIn(StandIn):
    """DeepL API v2 (text translation and v2 glossaries); ``key`` is required."""

    def __init__(self, *, key: str, glossary_targets: tuple[str, ...] = DEEPL_GLOSSARY_TARGETS,
                 **kwargs: Any) -> None:
        super().__init__(key=key, **kwargs)
        self.glossary_targets = glossary_targets
        self.glossaries: dict[str, dict[str, Any]] = {}
        self.characters = 0
        self.last_options: dict[str, Any] = {}

    def is_translation(self, method: str, path: str) -> bool:
        return method == "POST" and path == "/v2/translate"

    def texts_of(self, method: str, path: str, query: dict[str, list[str]],
                 body: bytes) -> list[str]:
        try:
            data = json.loads(body)
        except ValueError:
            return []
        texts = data.get("text") if isinstance(data, dict) else None
        return [t for t in texts or [] if isinstance(t, str)]

    def error(self, status: int, message: str) -> _Answer:
        return _json(status, {"message": message})

    def answer(self, handler: _Handler, method: str, path: str,
               query: dict[str, list[str]], body: bytes) -> _Answer:
        if handler.headers.get("Authorization") != f"DeepL-Auth-Key {self.key}":
            return self.error(403, "Wrong endpoint or invalid authentication key")
        data = json.loads(body) if body else {}
        if method == "POST" and path == "/v2/translate":
            return self._translate(data)
        if method == "GET" and path == "/v2/glossary-language-pairs":
            return _json(200, {"supported_languages": [
                {"source_lang": "de", "target_lang": t} for t in self.glossary_targets]})
        if method == "GET" and path == "/v2/glossaries":
            return _json(200, {"glossaries": [self._info(g) for g in self.glossaries.values()]})
        if method == "POST" and path == "/v2/glossaries":
            return self._create_glossary(data)
        if method == "GET" and path == "/v2/usage":
            return _json(200, {"character_count": self.characters, "character_limit": 500000})
        return self.error(404, "Not found")

    def _translate(self, data: dict[str, Any]) -> _Answer:
        texts = data.get("text")
        if not isinstance(texts, list) or "target_lang" not in data:
            return self.error(400, "Value for 'text' and 'target_lang' required")
        with self._lock:
            self.targets.append(str(data["target_lang"]))
            self.last_options = {k: v for k, v in data.items() if k != "text"}
        entries: dict[str, str] = {}
        glossary_id = data.get("glossary_id")
        if glossary_id is not None:
            glossary = self.glossaries.get(str(glossary_id))
            if glossary is None:
                return self.error(404, "Glossary not found")
            entries = glossary["entries"]
        out = []
        for text in texts:
            self.characters += len(text)
            out.append({"detected_source_language": str(data.get("source_lang") or "DE"),
                        "text": fake_translate(str(text), entries),
                        "billed_characters": len(text)})
        return _json(200, {"translations": out})

    def _create_glossary(self, data: dict[str, Any]) -> _Answer:
        pair = (str(data.get("source_lang", "")).lower(), str(data.get("target_lang", "")).lower())
        if pair[0] != "de" or pair[1] not in self.glossary_targets:
            return self.error(400, "Unsupported glossary language pair")
        entries = {}
        for line in str(data.get("entries", "")).splitlines():
            if "\t" in line:
                source, target = line.split("\t", 1)
                entries[source] = target
        glossary: dict[str, Any] = {
            "glossary_id": str(uuid.uuid4()), "name": str(data.get("name", "")),
            "source_lang": pair[0], "target_lang": pair[1], "entries": entries}
        with self._lock:
            self.glossaries[glossary["glossary_id"]] = glossary
        return _json(201, self._info(glossary))

    @staticmethod
    def _info(glossary: dict[str, Any]) -> dict[str, Any]:
        return {"glossary_id": glossary["glossary_id"], "name": glossary["name"], "ready": True,
                "source_lang": glossary["source_lang"], "target_lang": glossary["target_lang"],
                "creation_time": "2024-01-01T00:00:00.000000Z",
                "entry_count": len(glossary["entries"])}


# --- Google's mobile page -----------------------------------------------------------------

class GoogleStandIn(StandIn):
    """The mobile translation page: ``GET /m?sl=de&tl=en&q=…`` → HTML with the result."""

    def is_translation(self, method: str, path: str) -> bool:
        return method == "GET" and path == "/m"

    def texts_of(self, method: str, path: str, query: dict[str, list[str]],
                 body: bytes) -> list[str]:
        return query.get("q", [])[:1]

    def answer(self, handler: _Handler, method: str, path: str,
               query: dict[str, list[str]], body: bytes) -> _Answer:
        if not self.is_translation(method, path):
            return _Answer(404, b"<html><body>Not found</body></html>", "text/html")
        text = query.get("q", [""])[0]
        with self._lock:
            self.targets.append(query.get("tl", [""])[0])
        page = ("<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
                '<div class="frame"><div class="container">'
                f'<div class="result-container">{html.escape(fake_translate(text))}</div>'
                "</div></div></body></html>")
        return _Answer(200, page.encode("utf-8"), "text/html; charset=utf-8")

    def malformed(self) -> _Answer:
        return _Answer(200, b"<html><body><div class='unexpected'>", "text/html")

    def error(self, status: int, message: str) -> _Answer:
        return _Answer(status, f"<html><body>{message}</body></html>".encode(), "text/html")
