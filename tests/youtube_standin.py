"""A stand-in for the YouTube Data API v3 ``captions`` endpoints on 127.0.0.1, for the tests.

A ``ThreadingHTTPServer`` on port 0 in a background thread that speaks what
google-api-python-client sends for ``captions.list``, ``insert``, ``update`` and ``delete``:

- ``GET /youtube/v3/captions?part=snippet&videoId=…`` → ``youtube#captionListResponse``;
- ``POST`` (insert) / ``PUT`` (update) ``/upload/youtube/v3/captions?uploadType=multipart``:
  a ``multipart/related`` body, the caption resource as JSON then the media;
- the same with ``uploadType=resumable``: the first request carries the resource and
  ``X-Upload-Content-Length`` and is answered with a session URL in ``Location``; the media
  goes to that URL with ``PUT`` and ``Content-Range: bytes a-b/total``; ``Content-Range:
  bytes */total`` asks the session what arrived (``308`` with ``Range``, or ``200`` with the
  caption when it is complete: repeating a finished upload never stores it twice);
- ``DELETE /youtube/v3/captions?id=…`` → 204;
- ``POST /token``: Google's OAuth token endpoint, for the stored login's refresh
  (``refresh_token``) and the first login (``auth_code``).

Responses and errors have the real JSON shapes (``{"error": {"code", "message", "errors":
[{"message", "domain", "reason"}]}}``). Every API call needs ``Authorization: Bearer
<token>``; a call on a video of another channel is refused with 403 ``forbidden``, an
unknown video with 404 ``videoNotFound``. Quota is counted per call as YouTube counts it
(list 50, insert 400, update 450, delete 50), and ``daily_quota`` makes the call that would
exceed it fail with 403 ``quotaExceeded``.

Faults: ``faults(call)`` may name one for any request: ``"401"``, ``"quota"``,
``"forbidden"``, ``"500"``, ``"drop"`` (the connection closes before the request is
handled) or ``"drop-after"`` (the request is handled, then the connection closes without an
answer); :func:`once` and :func:`from_request` build common plans. ``echo_token`` makes
error answers quote the Authorization header back, as some proxies do.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, unquote_plus, urlsplit

COSTS = {"list": 50, "insert": 400, "update": 450, "delete": 50}
CAPTIONS = "/youtube/v3/captions"
UPLOAD = "/upload/youtube/v3/captions"
TOKEN = "/token"


@dataclass(frozen=True)
class Call:
    """One HTTP request the stand-in received.

    ``operation``: ``list``, ``insert``, ``update``, ``delete`` (API calls, which cost quota),
    ``chunk`` (media sent to an upload session), ``status`` (a session asked what arrived)
    or ``other``. ``upload``: ``multipart``, ``resumable`` or ``""``.
    """

    number: int
    method: str
    path: str
    operation: str
    upload: str = ""


Fault = str
FaultPlan = Callable[[Call], Fault | None]


def once(fault: Fault, operation: str, nth: int = 1) -> FaultPlan:
    """``fault`` on the ``nth`` request of ``operation`` (``"*"``: any request), only then."""
    seen = itertools.count(1)
    hit: list[int] = []

    def plan(call: Call) -> Fault | None:
        if operation not in ("*", call.operation):
            return None
        n = next(seen)
        if n == nth and not hit:
            hit.append(n)
            return fault
        return None
    return plan


def from_request(fault: Fault, first: int) -> FaultPlan:
    """``fault`` on every request from the ``first``-th on (a network that went away)."""
    return lambda call: fault if call.number >= first else None


@dataclass
class Caption:
    """One caption track as the stand-in stores it."""

    id: str
    video_id: str
    language: str
    name: str
    content: bytes
    is_draft: bool = False
    is_cc: bool = False
    track_kind: str = "standard"
    last_updated: str = ""
    uploads: int = 1

    def resource(self) -> dict[str, Any]:
        """The ``youtube#caption`` resource with its snippet."""
        return {
            "kind": "youtube#caption",
            "etag": hashlib.sha1(f"{self.id}{self.uploads}".encode()).hexdigest()[:27],
            "id": self.id,
            "snippet": {
                "videoId": self.video_id, "lastUpdated": self.last_updated,
                "trackKind": self.track_kind, "language": self.language, "name": self.name,
                "audioTrackType": "unknown", "isCC": self.is_cc, "isLarge": False,
                "isEasyReader": False, "isDraft": self.is_draft, "isAutoSynced": False,
                "status": "serving",
            },
        }


@dataclass
class _Session:
    operation: str
    metadata: dict[str, Any]
    total: int
    received: bytearray = field(default_factory=bytearray)
    caption_id: str | None = None


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, data: Any) -> _Answer:
    return _Answer(status, json.dumps(data).encode("utf-8"),
                   {"Content-Type": "application/json; charset=UTF-8"})


def google_error(status: int, reason: str, message: str, domain: str = "youtube.caption",
                 **extra: str) -> _Answer:
    """An error answer in the Google APIs' JSON shape."""
    detail = {"message": message, "domain": domain, "reason": reason, **extra}
    error: dict[str, Any] = {"code": status, "message": message, "errors": [detail]}
    if status == 401:
        error["status"] = "UNAUTHENTICATED"
    return _json(status, {"error": error})


QUOTA_MESSAGE = ('The request cannot be completed because you have exceeded your <a href='
                 '"/youtube/v3/getting-started#quota">quota</a>.')


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests

    def do_GET(self) -> None:
        self.server.standin.dispatch(self)

    def do_POST(self) -> None:
        self.server.standin.dispatch(self)

    def do_PUT(self) -> None:
        self.server.standin.dispatch(self)

    def do_DELETE(self) -> None:
        self.server.standin.dispatch(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    standin: YouTubeStandIn


class YouTubeStandIn:
    """The captions endpoints of one channel (see the module docstring)."""

    def __init__(self, *, token: str, owned: tuple[str, ...] = ("VIDEO_OWN_1",),
                 foreign: tuple[str, ...] = ("VIDEO_OTHER",), daily_quota: int | None = None,
                 faults: FaultPlan | None = None, echo_token: bool = False) -> None:
        self.token = token
        self.owned = set(owned)
        self.foreign = set(foreign)
        self.daily_quota = daily_quota
        self.faults = faults
        self.echo_token = echo_token
        # The OAuth side (POST /token): what a client may exchange for ``token``.
        self.client_id = "standin-client.apps.googleusercontent.com"
        self.client_secret = "GOCSPX-standin-client-secret"
        self.refresh_token: str | None = None
        self.auth_code: str | None = None
        self.quota_used = 0
        self.calls: list[Call] = []
        self.captions: dict[str, Caption] = {}
        self._sessions: dict[str, _Session] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    # --- lifecycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The API root (``http://127.0.0.1:<port>/``), for ``SUBTOOL_YOUTUBE_API_ROOT``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

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

    # --- what tests look at ----------------------------------------------------------------

    def operations(self) -> list[str]:
        """The operation of every request so far, in order."""
        return [c.operation for c in self.calls]

    def api_calls(self) -> list[str]:
        """The API calls (list, insert, update, delete) so far, in order."""
        return [c.operation for c in self.calls if c.operation in COSTS]

    def tracks_of(self, video_id: str) -> list[Caption]:
        """The video's caption tracks, in the order they were made."""
        return [c for c in self.captions.values() if c.video_id == video_id]

    def reset_counts(self) -> None:
        """Forget the calls and the quota used (a new day), keep the tracks."""
        with self._lock:
            self.calls.clear()
            self.quota_used = 0

    def seed(self, video_id: str, language: str, name: str, content: bytes = b"",
             track_kind: str = "standard") -> Caption:
        """Put a track online without a request (e.g. YouTube's automatic ``ASR`` track)."""
        caption = Caption(self._new_id(), video_id, language, name, content,
                          track_kind=track_kind, last_updated=_now())
        self.captions[caption.id] = caption
        return caption

    # --- machinery -------------------------------------------------------------------------

    def _new_id(self) -> str:
        return f"AUieDa{next(self._ids):04d}{hashlib.sha1(str(id(self)).encode()).hexdigest()[:8]}"

    def dispatch(self, handler: _Handler) -> None:
        """Handle one request (counting, faults, then the API)."""
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        method = handler.command
        with self._lock:
            call = Call(len(self.calls) + 1, method, handler.path,
                        *_classify(method, parts.path, query, handler))
            self.calls.append(call)
        fault = self.faults(call) if self.faults is not None else None
        if fault == "drop":
            handler.close_connection = True
            return
        with self._lock:
            answer = self._fault_answer(fault, handler) if fault and fault != "drop-after" \
                else self._answer(call, handler, query, body)
        if fault == "drop-after":
            handler.close_connection = True
            return
        try:
            handler.send_response(answer.status)
            for name, value in answer.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(answer.body)))
            handler.end_headers()
            handler.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _fault_answer(self, fault: Fault, handler: _Handler) -> _Answer:
        if fault == "401":
            return self._unauthorized(handler)
        if fault == "quota":
            return google_error(403, "quotaExceeded", QUOTA_MESSAGE, domain="youtube.quota")
        if fault == "forbidden":
            return self._forbidden()
        if fault == "500":
            return google_error(500, "backendError", "Backend Error", domain="global")
        raise ValueError(f"unknown fault {fault!r}")

    def _unauthorized(self, handler: _Handler) -> _Answer:
        message = ("Request had invalid authentication credentials. Expected OAuth 2 access "
                   "token, login cookie or other valid authentication credential.")
        if self.echo_token:
            message += f" Received: {handler.headers.get('Authorization', '')}"
        return google_error(401, "authError", message, domain="global",
                            location="Authorization", locationType="header")

    def _token(self, handler: _Handler, body: bytes) -> _Answer:
        """Google's OAuth token endpoint: a code or a refresh token for an access token.

        The client may identify itself in the form or with HTTP Basic authentication.
        """
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8")).items()}
        basic = handler.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode("utf-8").partition(":")
            form.setdefault("client_id", unquote_plus(user))
            form.setdefault("client_secret", unquote_plus(password))
        client_ok = (form.get("client_id"), form.get("client_secret")) == (
            self.client_id, self.client_secret)
        grant = form.get("grant_type")
        granted = (grant == "refresh_token" and form.get("refresh_token") == self.refresh_token
                   and self.refresh_token is not None) or (
            grant == "authorization_code" and form.get("code") == self.auth_code
            and self.auth_code is not None)
        if not client_ok or not granted:
            return _json(400, {"error": "invalid_grant",
                               "error_description": "Token has been expired or revoked."})
        answer = {"access_token": self.token, "expires_in": 3599, "token_type": "Bearer",
                  "scope": "https://www.googleapis.com/auth/youtube.force-ssl"}
        if grant == "authorization_code":
            answer["refresh_token"] = self.refresh_token or "1//standin-refresh"
        return _json(200, answer)

    def _forbidden(self) -> _Answer:
        return google_error(403, "forbidden", "The permissions associated with the request "
                            "are not sufficient to update the caption track. The request "
                            "might not be properly authorized.")

    def _answer(self, call: Call, handler: _Handler, query: dict[str, str],
                body: bytes) -> _Answer:
        if call.operation in ("chunk", "status"):
            return self._session_put(query.get("upload_id", ""), handler, body)
        if call.operation == "token":
            return self._token(handler, body)
        if call.operation not in COSTS:
            return google_error(404, "notFound", "Not Found", domain="global")
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            return self._unauthorized(handler)
        if call.operation == "list":
            return self._charged("list", query.get("videoId", ""), lambda: self._list(query))
        if call.operation == "delete":
            return self._delete(query.get("id", ""))
        return self._upload(call, handler, body)

    def _charged(self, operation: str, video_id: str, run: Callable[[], _Answer]) -> _Answer:
        refused = self._check_video(video_id)
        if refused is not None:
            return refused
        cost = COSTS[operation]
        if self.daily_quota is not None and self.quota_used + cost > self.daily_quota:
            return google_error(403, "quotaExceeded", QUOTA_MESSAGE, domain="youtube.quota")
        self.quota_used += cost
        return run()

    def _check_video(self, video_id: str) -> _Answer | None:
        if video_id in self.owned:
            return None
        if video_id in self.foreign:
            return self._forbidden()
        return google_error(404, "videoNotFound", "The video identified by the <code>videoId"
                            "</code> parameter could not be found.", domain="youtube.video")

    def _list(self, query: dict[str, str]) -> _Answer:
        if query.get("part") != "snippet":
            return google_error(400, "invalidPart", "part must be snippet", domain="youtube.part")
        items = [c.resource() for c in self.tracks_of(query["videoId"])]
        return _json(200, {"kind": "youtube#captionListResponse",
                           "etag": hashlib.sha1(repr(items).encode()).hexdigest()[:27],
                           "items": items})

    def _delete(self, caption_id: str) -> _Answer:
        caption = self.captions.get(caption_id)
        if caption is None:
            return google_error(404, "captionNotFound", "The caption track could not be found.")
        answer = self._charged("delete", caption.video_id, lambda: _Answer(204))
        if answer.status == 204:
            del self.captions[caption_id]
        return answer

    # --- uploads ---------------------------------------------------------------------------

    def _upload(self, call: Call, handler: _Handler, body: bytes) -> _Answer:
        if call.upload == "multipart":
            parsed = _multipart(handler.headers.get("Content-Type", ""), body)
            if parsed is None:
                return google_error(400, "badContent", "The multipart body cannot be read.",
                                    domain="global")
            metadata, media = parsed
            return self._validated(call.operation, metadata,
                                   lambda video: self._store(call.operation, metadata, media))
        if call.upload != "resumable":
            return google_error(400, "mediaBodyRequired", "The request does not include the "
                                "caption track contents.")
        try:
            metadata = json.loads(body) if body else {}
            total = int(handler.headers.get("X-Upload-Content-Length", "-1"))
        except ValueError:
            return google_error(400, "parseError", "Parse Error", domain="global")

        def open_session(video: str) -> _Answer:
            upload_id = f"UP{next(self._ids):05d}"
            self._sessions[upload_id] = _Session(call.operation, metadata, total)
            location = (f"{self.url.rstrip('/')}{UPLOAD}?part=snippet&uploadType=resumable"
                        f"&upload_id={upload_id}")
            return _Answer(200, b"", {"Location": location})
        return self._validated(call.operation, metadata, open_session)

    def _validated(self, operation: str, metadata: Any,
                   run: Callable[[str], _Answer]) -> _Answer:
        snippet = metadata.get("snippet") if isinstance(metadata, dict) else None
        if not isinstance(snippet, dict):
            return google_error(400, "invalidMetadata", "The request metadata is invalid.")
        if operation == "insert":
            missing = [k for k in ("videoId", "language", "name") if not snippet.get(k)]
            if missing:
                return google_error(400, "invalidMetadata",
                                    f"snippet.{missing[0]} is required.")
            video = str(snippet["videoId"])
        else:
            caption = self.captions.get(str(metadata.get("id", "")))
            if caption is None:
                return google_error(404, "captionNotFound",
                                    "The caption track could not be found.")
            video = caption.video_id
        return self._charged(operation, video, lambda: run(video))

    def _store(self, operation: str, metadata: dict[str, Any], media: bytes) -> _Answer:
        snippet = metadata["snippet"]
        if operation == "insert":
            caption = Caption(self._new_id(), str(snippet["videoId"]), str(snippet["language"]),
                              str(snippet["name"]), media, is_draft=bool(snippet.get("isDraft")),
                              is_cc=bool(snippet.get("isCC")), last_updated=_now())
            self.captions[caption.id] = caption
        else:
            caption = self.captions[str(metadata["id"])]
            caption.content = media
            caption.uploads += 1
            caption.last_updated = _now()
            if "isDraft" in snippet:
                caption.is_draft = bool(snippet["isDraft"])
        return _json(200, caption.resource())

    def _session_put(self, upload_id: str, handler: _Handler, body: bytes) -> _Answer:
        session = self._sessions.get(upload_id)
        if session is None:
            return google_error(404, "notFound", "No such upload session.", domain="global")
        if session.caption_id is not None:
            # Finished before: answer with the stored track again, store nothing.
            return _json(200, self.captions[session.caption_id].resource())
        match = re.fullmatch(r"bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)",
                             handler.headers.get("Content-Range", "").strip())
        if match is None:
            return google_error(400, "badRequest", "Content-Range is missing.", domain="global")
        if match.group(1) is not None:
            if int(match.group(1)) != len(session.received):
                return self._incomplete(session)
            session.received.extend(body)
        if len(session.received) < session.total:
            return self._incomplete(session)
        answer = self._store(session.operation, session.metadata, bytes(session.received))
        session.caption_id = json.loads(answer.body)["id"]
        return answer

    def _incomplete(self, session: _Session) -> _Answer:
        headers = {"Range": f"bytes=0-{len(session.received) - 1}"} if session.received else {}
        return _Answer(308, b"", headers)


def _classify(method: str, path: str, query: dict[str, str],
              handler: _Handler) -> tuple[str, str]:
    upload = query.get("uploadType", "")
    if path == UPLOAD and "upload_id" in query:
        status = handler.headers.get("Content-Range", "").startswith("bytes */")
        return ("status" if status else "chunk"), upload
    if path == UPLOAD and method in ("POST", "PUT"):
        return ("insert" if method == "POST" else "update"), upload
    if path == TOKEN and method == "POST":
        return "token", ""
    if path == CAPTIONS and method == "GET":
        return "list", ""
    if path == CAPTIONS and method == "DELETE":
        return "delete", ""
    return "other", upload


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, Any], bytes] | None:
    """The JSON metadata and the media of a ``multipart/related`` body."""
    if not content_type.startswith("multipart/related"):
        return None
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    parts = message.get_payload()
    if not isinstance(parts, list) or len(parts) != 2:
        return None
    head_part, media_part = parts
    if not isinstance(head_part, Message) or not isinstance(media_part, Message):
        return None
    try:
        raw = head_part.get_payload(decode=True)
        metadata = json.loads(raw) if isinstance(raw, bytes) else None
    except (TypeError, ValueError):
        return None
    media = media_part.get_payload(decode=True)
    if not isinstance(metadata, dict) or not isinstance(media, bytes):
        return None
    return metadata, media


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
