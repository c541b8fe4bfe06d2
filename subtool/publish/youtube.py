"""The YouTube edge: the ``captions`` calls through google-api-python-client, login, retries.

- The client is built from the discovery document bundled with google-api-python-client
  (``static_discovery=True``: no request to fetch it, and the same document every time).
- Uploads are resumable (``MediaInMemoryUpload(resumable=True)``): a retried upload goes to
  the same upload session, so a connection that drops after YouTube stored the track cannot
  make a second track (httplib2 re-sends a request once by itself when a kept-alive
  connection drops, which would duplicate a multipart upload).
- ``SUBTOOL_YOUTUBE_API_ROOT`` points the client at another API root, for the tests' local
  stand-in server. ``client_options.api_endpoint`` alone is not enough: it moves the normal
  calls, but google-api-python-client keeps ``https`` (and drops any path) for the upload
  URLs. So the bundled document itself gets the other root (``rootUrl``), which every URL
  is made from.
- Authentication: an access token from ``SUBTOOL_YOUTUBE_ACCESS_TOKEN`` (CI, tests), else
  the token that :func:`login` stored in the user's configuration folder
  (:func:`token_path`, mode 0600), refreshed by google-auth when it expires.
- Retries: 5xx answers, failed connections and rate limits (429, ``rateLimitExceeded``),
  with exponential backoff and jitter (or the server's ``Retry-After``, when it asks for at
  most :data:`MAX_RETRY_AFTER` seconds), a bounded number of times; never other 4xx (they
  will not succeed by repeating).
- Every answer is checked against the API's shape (:mod:`subtool.publish.answers`) before
  any of it is used: a proxy's page or a cut-off answer is an error, never "no tracks".
- Every failure becomes a :class:`~subtool.core.errors.PublishError` in plain words.
  Tokens, refresh tokens and client secrets are redacted from anything a server or library
  says BEFORE it is shortened into a message or a log line.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import logging
import math
import os
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import google.auth.exceptions
import google_auth_httplib2
import httplib2
import platformdirs
from google.oauth2.credentials import Credentials
from googleapiclient import discovery
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload, build_http

from subtool.core.errors import (
    LOGIN_HINT,
    ApiError,
    ConfigError,
    LoginError,
    NetworkError,
    PublishError,
    QuotaError,
    VideoAccessError,
)
from subtool.publish.answers import ANSWER_HINT, answer_object, caption, caption_list
from subtool.publish.plan import PublishTrack, RemoteCaption

LOG = logging.getLogger("subtool.publish")

SCOPE = "https://www.googleapis.com/auth/youtube.force-ssl"
TOKEN_ENV = "SUBTOOL_YOUTUBE_ACCESS_TOKEN"
ROOT_ENV = "SUBTOOL_YOUTUBE_API_ROOT"
TOKEN_FILE = "youtube-token.json"
# SRT goes up as bytes: captions.insert/update accept application/octet-stream and detect
# the caption format themselves.
UPLOAD_MIME = "application/octet-stream"
# The Data API's quota day starts at midnight in this zone (YouTube API quota documentation).
QUOTA_ZONE = "America/Los_Angeles"

# A rate limit that asks for a longer pause than this is not waited out: the message says
# when to run the command again (a person should not watch a silent terminal for an hour).
MAX_RETRY_AFTER = 60.0
# Reasons Google gives to a request refused because too many came too fast (403 or 429).
_RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})

UploadKind = Literal["resumable", "multipart"]
"""How media goes up. ``resumable`` (the default) is safe to repeat: a retry continues the
same upload session. ``multipart`` is one request; if its answer is lost, httplib2 sends it
once more by itself and YouTube may store the track twice. It exists for the stand-in tests
of that protocol and for servers without upload sessions."""


# --- redaction ---------------------------------------------------------------------------

# (pattern, replacement): what a token, refresh token or client secret looks like in text a
# server or library produced (headers quoted back, OAuth answers, redirect URLs).
_SECRET_PATTERNS = (
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [redacted]"),
    (re.compile(r"\bya29\.[A-Za-z0-9._-]+"), "[redacted]"),  # Google OAuth access tokens
    (re.compile(r"\b1//[A-Za-z0-9._-]+"), "[redacted]"),  # Google OAuth refresh tokens
    (re.compile(r"(?i)(\"?\b(?:access_token|refresh_token|client_secret|id_token)\"?"
                r"\s*[:=]\s*\"?)[^\"&\s,}]+"), r"\1[redacted]"),
    (re.compile(r"([?&](?:code|key)=)[^&\s]+"), r"\1[redacted]"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without any of ``secrets`` and without anything shaped like a token or key.

    Always applied before a text is shortened, so a cut never leaves half a token behind.
    """
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "[redacted]")
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- quota reset ---------------------------------------------------------------------------

def quota_resets_at(now: datetime) -> datetime | None:
    """The next midnight Pacific Time after ``now`` (aware), or None without time zone data."""
    try:
        pacific = ZoneInfo(QUOTA_ZONE)
    except ZoneInfoNotFoundError:
        return None
    here = now.astimezone(pacific)
    midnight = datetime.combine(here.date() + timedelta(days=1), datetime.min.time(),
                                tzinfo=pacific)
    return midnight


def quota_message(now: datetime) -> tuple[str, datetime | None]:
    """The sentence saying when the quota resets, in Pacific and in the user's local time."""
    resets = quota_resets_at(now)
    if resets is None:
        return "The quota resets every day at midnight Pacific Time.", None
    local = resets.astimezone()
    zone = local.tzname() or "local time"
    return (f"The quota resets at midnight Pacific Time, which is {local:%Y-%m-%d %H:%M} "
            f"{zone} (your time).", resets)


# --- credentials ---------------------------------------------------------------------------

def token_path() -> Path:
    """Where :func:`login` keeps the OAuth token: the user's configuration folder.

    ``$XDG_CONFIG_HOME/subtool/youtube-token.json`` on Linux (``~/.config`` by default), the
    platform's equivalent elsewhere (platformdirs).
    """
    return platformdirs.user_config_path("subtool", appauthor=False) / TOKEN_FILE


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by the user only (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".youtube-token.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)


def login(client_secrets: Path, *, path: Path | None = None, open_browser: bool = True) -> Path:
    """Log in once with Google (OAuth for installed applications) and store the token.

    Opens the browser on Google's consent page for ``youtube.force-ssl``; the answer comes
    back to a local port. The token is written to ``path`` (default :func:`token_path`),
    mode 0600, and never printed. Returns the path.
    """
    # Only a login needs oauthlib and requests: not imported for a publish.
    from google_auth_oauthlib.flow import InstalledAppFlow  # noqa: PLC0415

    target = path or token_path()
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=[SCOPE])
    except FileNotFoundError:
        raise LoginError("the OAuth client file was not found", path=str(client_secrets),
                         hint="download it from the Google Cloud console (OAuth client ID, "
                              "type Desktop app)") from None
    except IsADirectoryError:
        raise LoginError("is a folder, not the OAuth client file", path=str(client_secrets),
                         hint="give the client_secret_….json file downloaded from the "
                              "Google Cloud console (OAuth client ID, type Desktop app)") \
            from None
    except OSError as exc:
        raise LoginError(f"the OAuth client file cannot be read: {exc.strerror or exc}",
                         path=str(client_secrets),
                         hint="check the file's permissions, or download it again from the "
                              "Google Cloud console") from None
    except (ValueError, KeyError, RecursionError):
        raise LoginError("this is not an OAuth client file for an installed application",
                         path=str(client_secrets),
                         hint="download the client of type Desktop app as JSON from the "
                              "Google Cloud console") from None
    try:
        credentials = flow.run_local_server(
            port=0, open_browser=open_browser,
            authorization_prompt_message="Log in to YouTube in the browser: {url}",
            success_message="subtool is logged in to YouTube. You can close this window.")
    except Exception as exc:  # noqa: BLE001 - oauthlib raises many unrelated types
        secret = str(flow.client_config.get("client_secret", ""))
        raise LoginError(f"the login did not succeed: {_short(redact(str(exc), [secret]))}",
                         hint=LOGIN_HINT) from None
    _write_private(target, credentials.to_json())
    return target


def load_credentials(env: Mapping[str, str], path: Path | None = None) -> Credentials:
    """The credentials to call YouTube with: the environment's access token, else the stored
    token (refreshed when it is expired). Raises :class:`LoginError` when there is neither.
    """
    token = env.get(TOKEN_ENV, "").strip()
    if token:
        return Credentials(token=token)  # type: ignore[no-untyped-call]
    source = path or token_path()
    try:
        info = json.loads(source.read_text(encoding="utf-8"))
        credentials: Credentials = Credentials.from_authorized_user_info(  # type: ignore[no-untyped-call]
            info, [SCOPE])
        root = api_root(env)
        if root is not None:
            # google-auth always refreshes at Google's token endpoint; a stand-in API root
            # (tests only) brings its own, so nothing of the login leaves the machine.
            expiry = credentials.expiry
            moved: Credentials = credentials.with_token_uri(root + "token")
            moved.expiry = expiry  # the copy forgets it
            credentials = moved
    except FileNotFoundError:
        raise LoginError("subtool is not logged in to YouTube", hint=LOGIN_HINT) from None
    except (OSError, ValueError, KeyError):
        raise LoginError("the stored YouTube login cannot be read", path=str(source),
                         hint=LOGIN_HINT) from None
    if not credentials.valid:
        _renew(credentials)
        _write_private(source, credentials.to_json())  # type: ignore[no-untyped-call]
    return credentials


def _renew(credentials: Credentials) -> None:
    """Renew an expired stored login at Google's token endpoint.

    A refusal means the login is gone (log in again); a connection that fails says nothing
    about the login, which is kept: that is a network problem, and says where it went.
    """
    host = urlsplit(str(credentials.token_uri or "")).netloc or "Google's login server"
    try:
        credentials.refresh(  # type: ignore[no-untyped-call]
            google_auth_httplib2.Request(build_http()))
    except google.auth.exceptions.RefreshError:
        raise LoginError("the YouTube login has expired or was withdrawn",
                         hint=LOGIN_HINT) from None
    except (google.auth.exceptions.GoogleAuthError, OSError, httplib2.HttpLib2Error,
            http.client.HTTPException) as exc:
        cause = exc.__cause__ or exc  # google-auth wraps httplib2's error
        why = _short(redact(str(cause) or type(cause).__name__,
                            _secrets_of(credentials)))
        raise NetworkError(
            f"the stored YouTube login had expired and could not be renewed: the connection "
            f"to the login server {host} failed ({why})",
            hint=f"check the internet connection (a firewall or proxy may block {host}); the "
                 "login itself is kept: run the same command again when the connection "
                 "works") from None


def _secrets_of(credentials: Credentials) -> tuple[str, ...]:
    values = (credentials.token, credentials.refresh_token, credentials.client_secret)
    return tuple(v for v in values if isinstance(v, str) and v)


# --- the client ----------------------------------------------------------------------------

def api_root(env: Mapping[str, str]) -> str | None:
    """``SUBTOOL_YOUTUBE_API_ROOT`` checked (an http(s) URL), or None for YouTube itself."""
    root = env.get(ROOT_ENV, "").strip()
    if not root:
        return None
    try:
        parts = urlsplit(root)
        port = parts.port  # ValueError when it is not a number from 0 to 65535
        host = parts.hostname
    except ValueError as exc:
        raise _root_error(root, f"it cannot be read as a web address: {exc}") from None
    if parts.scheme not in ("http", "https") or not host or parts.query:
        raise _root_error(root, "it is not a complete http(s) address")
    if port == 0:
        raise _root_error(root, "port 0 is no port a server listens on")
    return root if root.endswith("/") else root + "/"


def _root_error(root: str, why: str) -> ConfigError:
    return ConfigError(f"{ROOT_ENV}={root!r}: {why}",
                       hint="give an address like http://127.0.0.1:8080/ (a port from 1 to "
                            f"65535), or unset {ROOT_ENV} to publish to YouTube itself (it is "
                            "only for testing against a local stand-in)")


def _service(http: Any, root: str | None) -> Any:
    if root is None:
        return discovery.build("youtube", "v3", http=http, static_discovery=True,
                               cache_discovery=False)
    # The bundled document with another root: every URL (uploads too) follows it.
    doc = json.loads(get_static_doc("youtube", "v3"))
    doc["rootUrl"] = doc["mtlsRootUrl"] = root
    doc["baseUrl"] = root + doc["servicePath"]
    return discovery.build_from_document(doc, http=http)


def backoff_delay(attempt: int, rand: Callable[[], float] = random.random, *,
                  base: float = 1.0, cap: float = 32.0) -> float:
    """Seconds to wait before retry ``attempt`` (1-based): 1, 2, 4, … s, at most ``cap``,
    each scaled by a random factor between 0.5 and 1 so that clients do not retry in step."""
    return min(cap, base * float(2 ** (attempt - 1))) * (0.5 + rand() / 2)


class YouTubeClient:
    """The ``captions`` calls (list, insert, update, delete) against YouTube or a stand-in.

    Implements :class:`subtool.publish.flow.CaptionsClient`.
    """

    def __init__(self, credentials: Credentials, *, root: str | None = None,
                 timeout: float = 60.0, retries: int = 4, upload: UploadKind = "resumable",
                 sleep: Callable[[float], None] = time.sleep,
                 rand: Callable[[], float] = random.random,
                 now: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
        transport = build_http()
        transport.timeout = timeout
        self._http = google_auth_httplib2.AuthorizedHttp(credentials, http=transport)
        self._service = _service(self._http, root)
        self._credentials = credentials
        self._from_env = False
        self.retries = retries
        self.upload = upload
        self._sleep = sleep
        self._rand = rand
        self._now = now
        self._video_id = ""

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None, *,
                         path: Path | None = None, **options: Any) -> YouTubeClient:
        """A client as ``subtool publish`` makes it: token and root from the environment
        (:data:`TOKEN_ENV`, :data:`ROOT_ENV`), else the stored login."""
        env = os.environ if env is None else env
        client = cls(load_credentials(env, path), root=api_root(env), **options)
        client._from_env = bool(env.get(TOKEN_ENV, "").strip())
        return client

    # --- the four calls -----------------------------------------------------------------

    def list(self, video_id: str) -> list[RemoteCaption]:
        """``captions.list`` (50 units): the video's caption tracks."""
        self._video_id = video_id
        request = self._service.captions().list(part="snippet", videoId=video_id)
        doing = f"listing the caption tracks of video {video_id}"
        return caption_list(self._execute(request, doing), doing)

    def insert(self, video_id: str, track: PublishTrack, *, draft: bool) -> RemoteCaption:
        """``captions.insert`` (400 units): upload ``track`` as a new caption track."""
        self._video_id = video_id
        body = {"snippet": {"videoId": video_id, **_snippet(track, draft)}}
        request = self._service.captions().insert(part="snippet", body=body,
                                                  media_body=self._media(track))
        return self._stored(request, f"uploading {track.file_name}")

    def update(self, caption_id: str, track: PublishTrack, *, draft: bool) -> RemoteCaption:
        """``captions.update`` (450 units): replace the content of caption ``caption_id``."""
        body = {"id": caption_id, "snippet": _snippet(track, draft)}
        request = self._service.captions().update(part="snippet", body=body,
                                                  media_body=self._media(track))
        return self._stored(request, f"uploading {track.file_name}")

    def delete(self, caption_id: str) -> None:
        """``captions.delete`` (50 units): remove caption ``caption_id``."""
        request = self._service.captions().delete(id=caption_id)
        self._execute(request, f"deleting caption track {caption_id}")

    # --- machinery ----------------------------------------------------------------------

    def _stored(self, request: Any, doing: str) -> RemoteCaption:
        """The caption resource an insert or update answered (checked)."""
        try:
            return caption(answer_object(self._execute(request, doing), doing), "", doing)
        except PublishError as exc:
            # The upload itself may have been stored: the next run's list shows it.
            exc.hint = ("YouTube may have stored the track anyway (a dry run of subtool "
                        "publish shows what is online); " + exc.hint)
            raise

    def _media(self, track: PublishTrack) -> MediaInMemoryUpload:
        return _RepeatableUpload(track.content, mimetype=UPLOAD_MIME,
                                 resumable=self.upload == "resumable")

    def _execute(self, request: Any, doing: str) -> Any:
        """Run ``request``, retrying 5xx and failed connections; translate every failure.

        The same request object is executed again: for a resumable upload that asks the
        upload session what arrived and continues it, instead of starting another upload.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                return request.execute(num_retries=0)
            except HttpError as exc:
                delay = self._retry_delay(exc, doing, attempt)
                why = f"HTTP {exc.resp.status}"
            except google.auth.exceptions.RefreshError:
                raise self._login_error("YouTube refused the login") from None
            except (RecursionError, UnicodeDecodeError) as exc:
                # json (nested deeper than it reads) or the client (bytes that are not UTF-8)
                # could not even read the answer, an error's as much as a success's.
                raise PublishError(
                    f"the answer to {doing} could not be read: it is "
                    + ("nested too deeply" if isinstance(exc, RecursionError)
                       else "not UTF-8 text") + ", so it is not YouTube's",
                    hint=ANSWER_HINT) from None
            except (OSError, httplib2.HttpLib2Error, http.client.HTTPException,
                    google.auth.exceptions.TransportError) as exc:
                why = self._clean(str(exc.__cause__ or exc) or type(exc).__name__)
                if attempt > self.retries:
                    raise NetworkError(f"the connection to YouTube failed while {doing} "
                                       f"({why})", hint="check the internet connection") \
                        from None
                delay = backoff_delay(attempt, self._rand)
            except google.auth.exceptions.GoogleAuthError:
                raise self._login_error("YouTube refused the login") from None
            LOG.warning("%s failed (%s); retry %d of %d in %.1f s", doing, why, attempt,
                        self.retries, delay)
            self._sleep(delay)

    def _retry_delay(self, exc: HttpError, doing: str, attempt: int) -> float:
        """Seconds to wait before repeating a request YouTube refused; raises the error
        when repeating cannot help (4xx but rate limits), the retries are used up, or the
        server asks for a pause longer than :data:`MAX_RETRY_AFTER`."""
        status = exc.resp.status
        limited = status == 429 or _reason(exc.content)[0] in _RATE_REASONS
        if not (limited or status >= 500):
            raise self._http_error(exc, doing) from None
        after = retry_after(exc.resp.get("retry-after")) if limited else None
        if attempt > self.retries or (after is not None and after > MAX_RETRY_AFTER):
            raise self._http_error(exc, doing, after) from None
        return after if after is not None else backoff_delay(attempt, self._rand)

    def _clean(self, text: str) -> str:
        # Redact first, then drop markup (error messages quote HTML), then shorten.
        return _short(re.sub(r"<[^>]+>", "", redact(text, _secrets_of(self._credentials))))

    def _login_error(self, message: str) -> LoginError:
        if self._from_env:
            return LoginError(f"{message} (the access token in {TOKEN_ENV} has expired or is "
                              "wrong)", hint=f"set a fresh token in {TOKEN_ENV}, or unset it "
                              f"and {LOGIN_HINT}")
        return LoginError(f"{message}: the login has expired or was withdrawn", hint=LOGIN_HINT)

    def _http_error(self, exc: HttpError, doing: str,
                    after: float | None = None) -> PublishError:
        status = exc.resp.status
        reason, detail = _reason(exc.content)
        detail = self._clean(detail)
        if status == 429 or reason in _RATE_REASONS:
            return ApiError(f"YouTube is limiting how fast this project may send requests "
                            f"({doing} was refused: HTTP {status} {reason or ''} {detail})"
                            .replace("  ", " "), status=status, reason=reason or "",
                            hint=self._wait_hint(after))
        if status == 401:
            return self._login_error("YouTube refused the login")
        if reason in ("quotaExceeded", "dailyLimitExceeded"):
            when, resets = quota_message(self._now())
            return QuotaError(f"the project's daily YouTube quota is used up ({doing} was "
                              f"refused). {when}", resets_at=resets,
                              hint="run the same command again after the reset")
        if reason in ("insufficientPermissions", "authError"):
            return self._login_error("the login does not allow changing captions")
        if status >= 500:
            return NetworkError(f"YouTube kept failing while {doing} (HTTP {status}: "
                                f"{detail})", hint="try again later")
        if reason == "videoNotFound" or (status == 404 and not reason):
            return VideoAccessError(
                f"YouTube has no video {self._video_id} ({doing} was refused: {detail})",
                video_id=self._video_id,
                hint="check the video id (the part after watch?v= in the video's address)")
        if reason == "forbidden" or (status == 403 and not reason):
            return VideoAccessError(
                f"video {self._video_id} belongs to another channel: this login may not "
                f"change its captions ({doing} was refused: {detail})", video_id=self._video_id,
                hint="log in again with the account that owns the video's channel, or "
                     "check the video id")
        return ApiError(f"YouTube refused {doing}: HTTP {status} {reason or ''} {detail}"
                        .replace("  ", " "), status=status, reason=reason or "")


    def _wait_hint(self, after: float | None) -> str:
        if after is None:
            return "wait a few minutes, then run the same command again"
        until = self._now() + timedelta(seconds=after)
        return (f"YouTube asks to wait {_duration(after)}: run the same command again after "
                f"{until:%Y-%m-%d %H:%M} (your time)")


def retry_after(value: str | None, now: Callable[[], datetime] = datetime.now) -> float | None:
    """Seconds from a ``Retry-After`` header (RFC 9110: seconds, or an HTTP date); None when
    it is missing or no finite, non-negative time (``inf``, ``nan``, ``-5``, nonsense)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        seconds = float(int(text)) if len(text) < 12 else math.inf
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        reference = now().astimezone(when.tzinfo) if when.tzinfo else now()
        seconds = max((when - reference).total_seconds(), 0.0)
    return seconds if math.isfinite(seconds) else None


def _duration(seconds: float) -> str:
    if seconds < 120:  # below two minutes, seconds read best
        return f"{round(seconds)} seconds"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{minutes // 60} hours {minutes % 60} minutes" if minutes % 60 else \
        f"{minutes // 60} hours"


class _RepeatableUpload(MediaInMemoryUpload):  # type: ignore[misc]
    """The media as bytes, not as a stream.

    httplib2 sends a request once more by itself when the connection drops before the
    answer; a stream is already read to its end by then, so that second request would
    promise the length but carry no body, and hang until the timeout (measured: 60 s).
    """

    def has_stream(self) -> bool:
        """No stream: the client reads the chunk with ``getbytes`` (repeatable)."""
        return False


def _reason(content: bytes | str | None) -> tuple[str | None, str]:
    """``error.errors[0].reason`` and ``error.message`` of a Google API error body."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content or ""
    try:
        error = json.loads(text)["error"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None, text
    if not isinstance(error, dict):
        return None, str(error)
    errors = error.get("errors")
    reason = None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = errors[0].get("reason")
    message = error.get("message")
    return (reason if isinstance(reason, str) else None,
            message if isinstance(message, str) else text)


def _snippet(track: PublishTrack, draft: bool) -> dict[str, Any]:
    return {"language": track.language, "name": track.name, "isDraft": draft,
            "isCC": track.is_master}
