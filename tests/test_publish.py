"""subtool publish: the film's eleven tracks to YouTube through the Data API, only what changed.

End to end against the stand-in (tests/youtube_standin.py) with the real client stack
(google-api-python-client, google-auth, httplib2) and the film's real subtitle files; the
publish record is written to disk and read back between runs, as a rerun would.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import subprocess
import sys
import threading
import urllib.request
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from youtube_standin import COSTS, YouTubeStandIn, from_request, once

from subtool.core.errors import (
    BudgetError,
    ConfigError,
    LoginError,
    NetworkError,
    PlanError,
    PublishError,
    QuotaError,
    RecordError,
    VideoAccessError,
)
from subtool.publish.flow import PublishResult, publish
from subtool.publish.plan import (
    Action,
    PublishTrack,
    RemoteCaption,
    TrackStatus,
    describe,
    plan_publish,
)
from subtool.publish.record import PublishedTrack, Record, compose_record, parse_record
from subtool.publish.youtube import (
    ROOT_ENV,
    TOKEN_ENV,
    YouTubeClient,
    api_root,
    backoff_delay,
    login,
    quota_resets_at,
    redact,
)

ROOT = Path(__file__).resolve().parent.parent
VIDEO = "VIDEO_OWN_1"
TOKEN = "ya29.a0AfB_standin-access-token-4f9c2e7d1b"
# The film's languages, master first (pyproject [tool.subtool]), with their own names as
# the YouTube track names.
NAMES = {"de": "Deutsch (für Hörgeschädigte)", "en": "English", "tr": "Türkçe",
         "ar": "العربية", "pl": "Polski", "ro": "Română", "bg": "Български",
         "uk": "Українська", "ru": "Русский", "it": "Italiano", "el": "Ελληνικά"}


def film_tracks(statuses: dict[str, TrackStatus] | None = None,
                changed: dict[str, bytes] | None = None) -> list[PublishTrack]:
    """The shipped film's eleven tracks (subtitles/<lang>.srt)."""
    tracks = []
    for lang, name in NAMES.items():
        content = (changed or {}).get(lang) or (ROOT / "subtitles" / f"{lang}.srt").read_bytes()
        tracks.append(PublishTrack(language=lang, name=name,
                                   file_name=f"dortmund-seniorenbueros.{lang}.srt",
                                   content=content, status=(statuses or {}).get(lang, "ready"),
                                   is_master=lang == "de"))
    return tracks


@dataclass
class Project:
    """A project folder with its publish record, and everything publish said (for scans)."""

    folder: Path
    said: list[str] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)

    @property
    def record_path(self) -> Path:
        return self.folder / "subtitles" / "state" / "youtube.json"

    def record(self) -> Record:
        if not self.record_path.exists():
            return Record()
        return parse_record(self.record_path.read_text(encoding="utf-8"))

    def save(self, record: Record) -> None:
        self.record_path.parent.mkdir(parents=True, exist_ok=True)
        self.record_path.write_text(compose_record(record), encoding="utf-8")

    def client(self, standin: YouTubeStandIn, token: str = TOKEN, **options: Any) -> YouTubeClient:
        env = {TOKEN_ENV: token, ROOT_ENV: standin.url}
        # A short timeout: a request that hangs fails the test in seconds, not in a minute.
        options.setdefault("timeout", 10.0)
        return YouTubeClient.from_environment(env, sleep=self.delays.append, **options)

    def publish(self, standin: YouTubeStandIn, tracks: list[PublishTrack] | None = None,
                *, token: str = TOKEN, client_options: dict[str, Any] | None = None,
                **kwargs: Any) -> PublishResult:
        """One ``subtool publish`` run: record from disk, saved after each track."""
        try:
            result = publish(tracks if tracks is not None else film_tracks(), self.record(),
                             self.client(standin, token, **(client_options or {})),
                             video_id=kwargs.pop("video_id", VIDEO), save_record=self.save,
                             **kwargs)
        except PublishError as exc:
            self.said.extend([str(exc), repr(exc), exc.message, exc.hint])
            raise
        self.said.extend(describe(result.plan))
        return result


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = Project(tmp_path)
    yield p
    # No token in anything publish left behind: the record, and every message it produced.
    if p.record_path.exists():
        assert "ya29" not in p.record_path.read_text(encoding="utf-8")
    for text in p.said:
        assert TOKEN not in text and "ya29" not in text, text


@pytest.fixture
def standin() -> Iterator[YouTubeStandIn]:
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,)) as s:
        yield s


def uploads_per_language(standin: YouTubeStandIn) -> dict[str, tuple[int, ...]]:
    """language → the upload count of each of its tracks (one track uploaded once: (1,))."""
    out: dict[str, list[int]] = {}
    for caption in standin.tracks_of(VIDEO):
        out.setdefault(caption.language, []).append(caption.uploads)
    return {k: tuple(v) for k, v in out.items()}


# --- the main scenarios -------------------------------------------------------------------

def test_first_publish_inserts_eleven_tracks(project: Project,
                                             standin: YouTubeStandIn) -> None:
    result = project.publish(standin)
    assert [s.action for s in result.done] == [Action.INSERT] * 11
    # One list, then per track a resumable upload: the session request and the media.
    assert standin.operations() == ["list"] + ["insert", "chunk"] * 11
    assert standin.quota_used == 50 + 11 * 400 == result.spent == result.cost
    online = {c.language: c for c in standin.tracks_of(VIDEO)}
    assert sorted(online) == sorted(NAMES)
    for track in film_tracks():
        caption = online[track.language]
        assert caption.content == track.content  # byte for byte what the build made
        assert caption.name == track.name
        assert caption.is_cc is (track.language == "de")  # the SDH master
        assert caption.is_draft is False
    record = project.record()
    assert {t.language: t.caption_id for t in record.for_video(VIDEO)} == {
        c.language: c.id for c in online.values()}
    assert all(t.uploaded_at.endswith("Z") for t in record.tracks)


def test_second_publish_sends_one_list_only(project: Project, standin: YouTubeStandIn) -> None:
    project.publish(standin)
    before = project.record_path.read_bytes()
    standin.reset_counts()
    result = project.publish(standin)
    assert standin.operations() == ["list"]
    assert standin.quota_used == 50 == result.spent
    assert result.plan.count(Action.UNCHANGED) == 11 and result.done == ()
    assert project.record_path.read_bytes() == before


def test_one_changed_track_is_one_update(project: Project, standin: YouTubeStandIn) -> None:
    project.publish(standin)
    standin.reset_counts()
    # A corrected cue: one word of the Turkish track changed.
    original = (ROOT / "subtitles" / "tr.srt").read_bytes()
    word = original.split()[-1]
    changed = original[: original.rindex(word)] + word.upper() + original[
        original.rindex(word) + len(word):]
    assert changed != original
    result = project.publish(standin, film_tracks(changed={"tr": changed}))
    assert standin.api_calls() == ["list", "update"]
    assert standin.operations() == ["list", "update", "chunk"]
    assert standin.quota_used == 50 + 450
    assert [(s.action, s.language) for s in result.done] == [(Action.UPDATE, "tr")]
    assert {c.language: c.content for c in standin.tracks_of(VIDEO)}["tr"] == changed
    assert uploads_per_language(standin)["tr"] == (2,)
    recorded = project.record().get(VIDEO, "tr")
    assert recorded is not None and recorded.sha256 == hashlib.sha256(changed).hexdigest()


def test_dry_run_sends_no_upload_and_states_the_cost(project: Project,
                                                     standin: YouTubeStandIn) -> None:
    result = project.publish(standin, dry_run=True)
    assert standin.operations() == ["list"]
    assert not project.record_path.exists()
    assert result.dry_run and result.cost == 50 + 11 * 400
    text = "\n".join(describe(result.plan, budget=10_000))
    assert "quota cost: 4,450 units" in text and "11 insert" in text
    assert "of a daily budget of 10,000" in text
    assert text.count("insert") >= 11


def test_over_budget_is_refused_before_any_upload(project: Project,
                                                  standin: YouTubeStandIn) -> None:
    with pytest.raises(BudgetError) as caught:
        project.publish(standin, budget=4_000)
    assert "4,450" in str(caught.value) and "4,000" in str(caught.value)
    assert standin.operations() == ["list"]  # the list is what the plan needs; no upload
    assert standin.tracks_of(VIDEO) == [] and not project.record_path.exists()
    standin.reset_counts()
    with pytest.raises(BudgetError):
        project.publish(standin, budget=40)  # not even the list fits: nothing is sent
    assert standin.calls == []


# --- failures -------------------------------------------------------------------------------

def test_refused_token_says_log_in(project: Project, standin: YouTubeStandIn) -> None:
    with pytest.raises(LoginError) as caught:
        project.publish(standin, token="ya29.expired-token-of-yesterday")
    assert "log in to YouTube again" in str(caught.value)
    assert TOKEN_ENV in str(caught.value)
    assert standin.operations() == ["list"] and standin.quota_used == 0


def test_token_expiring_mid_way_keeps_what_was_published(project: Project) -> None:
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), faults=once("401", "insert", 4),
                        echo_token=True) as standin:
        with pytest.raises(LoginError) as caught:
            project.publish(standin)
        assert caught.value.completed == ("de", "en", "tr")
        assert "3 of 11 changes were made" in caught.value.hint
        assert [t.language for t in project.record().for_video(VIDEO)] == ["de", "en", "tr"]
        standin.reset_counts()
        project.publish(standin)
        assert standin.api_calls() == ["list"] + ["insert"] * 8
        assert set(uploads_per_language(standin).values()) == {(1,)}


def test_quota_exhausted_says_when_it_resets_and_a_rerun_continues(project: Project) -> None:
    # 2,050 units: the list and five inserts; the sixth is refused.
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), daily_quota=2_050) as standin:
        with pytest.raises(QuotaError) as caught:
            project.publish(standin)
        message = str(caught.value)
        assert "midnight Pacific Time" in message and "your time" in message
        assert caught.value.resets_at is not None
        assert caught.value.completed == ("de", "en", "tr", "ar", "pl")
        assert len(project.record().for_video(VIDEO)) == 5
        assert len(standin.tracks_of(VIDEO)) == 5
        assert standin.quota_used == 2_050
        standin.reset_counts()  # the next day, with the quota a project normally has
        standin.daily_quota = 10_000
        result = project.publish(standin)
        assert [s.language for s in result.done] == ["ro", "bg", "uk", "ru", "it", "el"]
        assert standin.api_calls() == ["list"] + ["insert"] * 6
        assert standin.quota_used == 50 + 6 * 400
        # Every language online once, each uploaded once: nothing was published twice.
        assert uploads_per_language(standin) == {lang: (1,) for lang in NAMES}


def test_server_error_once_is_retried(project: Project) -> None:
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), faults=once("500", "chunk", 3)) as standin:
        result = project.publish(standin)
        assert len(result.done) == 11
        assert len(project.delays) == 1 and 0.5 <= project.delays[0] <= 1.0
        # The failed media request is asked about (status) and sent again, in the same
        # upload session: 1 list + 11 × 2 + status + chunk.
        assert len(standin.calls) == 1 + 22 + 2
        assert standin.operations()[6:9] == ["chunk", "status", "chunk"]
        assert standin.quota_used == 50 + 11 * 400
        assert uploads_per_language(standin) == {lang: (1,) for lang in NAMES}


def test_server_error_on_list_is_retried(project: Project) -> None:
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), faults=once("500", "list")) as standin:
        project.publish(standin, dry_run=True)
        assert standin.operations() == ["list", "list"]
        assert len(project.delays) == 1


def test_client_errors_are_not_retried(project: Project) -> None:
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), foreign=("VIDEO_OTHER",)) as standin:
        with pytest.raises(VideoAccessError) as caught:
            project.publish(standin, video_id="VIDEO_OTHER")
        assert "another channel" in str(caught.value)
        assert standin.operations() == ["list"] and project.delays == []
        with pytest.raises(VideoAccessError) as missing:
            project.publish(standin, video_id="NO_SUCH_VID")
        assert "has no video NO_SUCH_VID" in str(missing.value)
        assert "<code>" not in str(missing.value)


def test_dropped_network_mid_way_then_a_rerun_completes(project: Project) -> None:
    # From the 10th request on every connection drops: de, en, tr and ar are up
    # (requests 2-9), the rest fail after the retries.
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), faults=from_request("drop", 10)) as standin:
        with pytest.raises(NetworkError) as caught:
            project.publish(standin, client_options={"retries": 3})
        assert "connection to YouTube failed" in str(caught.value)
        assert caught.value.completed == ("de", "en", "tr", "ar")
        assert len(project.delays) == 3  # bounded
        assert all(d <= 32 for d in project.delays)
        standin.faults = None
        standin.reset_counts()
        result = project.publish(standin)
        assert [s.language for s in result.done] == ["pl", "ro", "bg", "uk", "ru", "it", "el"]
        assert uploads_per_language(standin) == {lang: (1,) for lang in NAMES}


def test_connection_dropped_after_youtube_stored_the_track(project: Project) -> None:
    # The 7th request is tr's media (a list, then two per track): YouTube stores it, the
    # answer never arrives, and the network stays down. The rerun finds tr online but
    # unrecorded: it updates it rather than making a second Turkish track.
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,),
                        faults=lambda call: "drop-after" if call.number == 7 else
                        ("drop" if call.number > 7 else None)) as standin:
        with pytest.raises(NetworkError):
            project.publish(standin, client_options={"retries": 2})
        assert [c.language for c in standin.tracks_of(VIDEO)] == ["de", "en", "tr"]
        assert project.record().get(VIDEO, "tr") is None
        standin.faults = None
        standin.reset_counts()
        result = project.publish(standin)
        assert [(s.action, s.language) for s in result.done][:1] == [(Action.UPDATE, "tr")]
        counts = uploads_per_language(standin)
        assert counts["tr"] == (2,)  # one track: sent again as an update, never duplicated
        assert all(len(v) == 1 for v in counts.values()) and len(counts) == 11


def test_single_dropped_answer_is_resumed_in_the_same_session(project: Project) -> None:
    # The media of de arrives, the answer is lost once: the client asks the session, which
    # already holds the track: one track, stored once.
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), faults=once("drop-after", "chunk")) as s:
        project.publish(s)
        assert uploads_per_language(s) == {lang: (1,) for lang in NAMES}
        assert s.api_calls().count("insert") == 11
        # httplib2 sent the media again by itself, whole (bytes, not a spent stream), and
        # the session answered with the stored track: no wait, no retry of ours.
        assert s.operations()[:4] == ["list", "insert", "chunk", "chunk"]
        assert project.delays == []


def test_not_ready_tracks_are_skipped_unless_review_allowed(project: Project,
                                                            standin: YouTubeStandIn) -> None:
    statuses: dict[str, TrackStatus] = {"tr": "needs review", "ar": "blocked"}
    result = project.publish(standin, film_tracks(statuses))
    skipped = {s.language: s.reason for s in result.plan.steps if s.action is Action.SKIPPED}
    assert sorted(skipped) == ["ar", "tr"] and "allowed knowingly" in skipped["tr"]
    assert sorted(uploads_per_language(standin)) == sorted(set(NAMES) - {"tr", "ar"})
    standin.reset_counts()
    result = project.publish(standin, film_tracks(statuses), allow_review=True)
    assert [(s.action, s.language) for s in result.done] == [(Action.INSERT, "tr")]
    assert "ar" not in uploads_per_language(standin)  # blocked is never published


def test_draft_upload_and_later_publication(project: Project, standin: YouTubeStandIn) -> None:
    project.publish(standin, draft=True)
    assert all(c.is_draft for c in standin.tracks_of(VIDEO))
    assert all(t.draft for t in project.record().tracks)
    standin.reset_counts()
    project.publish(standin, draft=True)
    assert standin.api_calls() == ["list"]  # drafts stay drafts
    project.publish(standin)  # without --draft: the drafts go public
    assert standin.api_calls() == ["list", "list"] + ["update"] * 11
    assert not any(c.is_draft for c in standin.tracks_of(VIDEO))


def test_multipart_uploads_arrive_byte_for_byte(project: Project,
                                                standin: YouTubeStandIn) -> None:
    tracks = film_tracks(changed={"en": b"1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n\r\n"})
    project.publish(standin, tracks[:3], client_options={"upload": "multipart"})
    assert standin.operations() == ["list", "insert", "insert", "insert"]
    assert [c.upload for c in standin.calls[1:]] == ["multipart"] * 3
    assert [c.content for c in standin.tracks_of(VIDEO)] == [t.content for t in tracks[:3]]


def test_delete_only_when_asked(project: Project, standin: YouTubeStandIn) -> None:
    standin.seed(VIDEO, "fr", "Français")
    standin.seed(VIDEO, "de", "", track_kind="ASR")  # YouTube's automatic captions
    project.publish(standin)
    assert "delete" not in standin.api_calls()
    standin.reset_counts()
    result = project.publish(standin, delete_missing=True)
    assert standin.api_calls() == ["list", "delete"]
    assert [(s.action, s.language) for s in result.done] == [(Action.DELETE, "fr")]
    assert sorted(c.language for c in standin.tracks_of(VIDEO)) == sorted([*NAMES, "de"])


# --- login and tokens ------------------------------------------------------------------------

def stored_login(path: Path, standin: YouTubeStandIn, *, token: str, expired: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "token": token, "refresh_token": "1//standin-refresh-token-0d5e",
        "token_uri": standin.url + "token", "client_id": standin.client_id,
        "client_secret": standin.client_secret,
        "scopes": ["https://www.googleapis.com/auth/youtube.force-ssl"],
        "expiry": "2020-01-01T00:00:00Z" if expired else "2999-01-01T00:00:00Z"}))
    path.chmod(0o600)


def test_stored_login_is_refreshed_and_kept_private(project: Project, standin: YouTubeStandIn,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "config" / "subtool" / "youtube-token.json"
    standin.refresh_token = "1//standin-refresh-token-0d5e"
    stored_login(path, standin, token="ya29.old-expired-token", expired=True)
    client = YouTubeClient.from_environment({ROOT_ENV: standin.url})
    assert client.list(VIDEO) == []
    assert standin.operations() == ["token", "list"]
    assert json.loads(path.read_text())["token"] == TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_withdrawn_login_says_log_in_again(project: Project, standin: YouTubeStandIn,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "config" / "subtool" / "youtube-token.json"
    stored_login(path, standin, token="ya29.old-expired-token", expired=True)
    with pytest.raises(LoginError) as caught:  # the stand-in knows no refresh token
        YouTubeClient.from_environment({ROOT_ENV: standin.url})
    assert "expired or was withdrawn" in str(caught.value)
    assert "log in to YouTube again" in str(caught.value)
    assert "1//" not in str(caught.value) and "GOCSPX" not in str(caught.value)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(LoginError, match="not logged in"):
        YouTubeClient.from_environment({ROOT_ENV: standin.url})


def test_login_stores_the_token_privately_and_prints_none(
        standin: YouTubeStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Google's side is the stand-in's token endpoint; the person clicking "Allow" in the
    # browser is a thread that follows the redirect with a code, as Google would send it.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the stand-in is plain http
    secrets = tmp_path / "client_secret.json"
    secrets.write_text(json.dumps({"installed": {
        "client_id": standin.client_id, "client_secret": standin.client_secret,
        "auth_uri": standin.url + "auth", "token_uri": standin.url + "token",
        "redirect_uris": ["http://localhost"]}}))
    standin.auth_code = "4/0AanStandInCode"
    opened: list[str] = []

    class Browser:
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
            back = f"{query['redirect_uri']}?state={query['state']}&code={standin.auth_code}"
            threading.Thread(target=lambda: urllib.request.urlopen(back, timeout=10).read(),
                             daemon=True).start()
            return True

    monkeypatch.setattr(webbrowser, "get", lambda using=None: Browser())
    target = tmp_path / "config" / "youtube-token.json"
    assert login(secrets, path=target) == target
    assert "youtube.force-ssl" in opened[0]
    stored = json.loads(target.read_text())
    assert stored["token"] == TOKEN and stored["refresh_token"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    out = capsys.readouterr()
    for secret in (TOKEN, stored["refresh_token"], standin.client_secret):
        assert secret not in out.out + out.err


def test_no_token_in_messages_logs_or_records(project: Project,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with YouTubeStandIn(token="ya29.another-right-token", owned=(VIDEO,),
                        echo_token=True) as standin, pytest.raises(LoginError) as caught:
        project.publish(standin)  # the stand-in quotes our (wrong) token back
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,), faults=once("500", "*", 2)) as standin:
        project.publish(standin, tracks=film_tracks()[:2])
    texts = [str(caught.value), repr(caught.value), caplog.text,
             project.record_path.read_text(encoding="utf-8")]
    assert "retry 1 of 4" in caplog.text  # the retry was logged, the token not
    for text in texts:
        assert TOKEN not in text and "ya29." not in text, text


def test_redaction_comes_before_shortening() -> None:
    text = "x" * 150 + " Authorization: Bearer " + TOKEN
    assert TOKEN[:20] not in redact(text)[:160]
    assert redact('{"access_token": "abc", "refresh_token": "1//xyz"}') == (
        '{"access_token": "[redacted]", "refresh_token": "[redacted]"}')
    assert redact("a secret-value here", ["secret-value"]) == "a [redacted] here"


# --- pure parts ------------------------------------------------------------------------------

def sample_record() -> Record:
    return Record((PublishedTrack(VIDEO, "de", "AUieDa1", "a" * 64, "Deutsch", False,
                                  "2025-03-01T09:30:00Z"),
                   PublishedTrack(VIDEO, "ar", "AUieDa2", "b" * 64, "العربية", True,
                                  "2025-03-01T09:31:00Z")))


def test_record_round_trip_is_sorted_and_diff_friendly() -> None:
    text = compose_record(sample_record())
    assert parse_record(text) == sample_record()
    assert text.endswith("}\n") and "العربية" in text  # UTF-8, not \\u escapes
    assert text.index('"ar"') < text.index('"de"')  # sorted
    assert compose_record(parse_record(text)) == text
    assert parse_record("") == Record()


@pytest.mark.parametrize(("mutate", "line", "words"), [
    (lambda t: t.replace('"draft": false', '"draft": "no"'), 14, "true or false"),
    (lambda t: t.replace('"b' + "b" * 63 + '"', '"xyz"'), 9, "64 lowercase"),
    (lambda t: t.replace('"2025-03-01T09:30:00Z"', '"yesterday"'), 17, "UTC time"),
    (lambda t: t.replace('"caption_id": "AUieDa1",',
                         '"caption_id": "AUieDa1", "token": "ya29.pasted",'), 13,
     "unknown field 'token'"),
    (lambda t: t.replace('"format": 1', '"format": 7'), 2, "format 7"),
    (lambda t: t.replace('"name": "Deutsch",', ""), 12, "lacks 'name'"),
    (lambda t: t[:-3], 20, "not valid JSON"),
])
def test_broken_record_is_refused_with_its_line(mutate: Any, line: int, words: str) -> None:
    text = mutate(compose_record(sample_record()))
    with pytest.raises(RecordError) as caught:
        parse_record(text, path="subtitles/state/youtube.json")
    assert caught.value.path == "subtitles/state/youtube.json"
    assert caught.value.line == line, text
    assert words in str(caught.value)
    assert "ya29" not in str(caught.value)


def test_plan_matches_by_record_then_by_language_and_name() -> None:
    tracks = film_tracks()[:3]
    de, en, tr = tracks
    record = Record((PublishedTrack(VIDEO, "de", "C-de", de.sha256, de.name, False,
                                    "2025-03-01T09:30:00Z"),
                     PublishedTrack(VIDEO, "tr", "C-gone", tr.sha256, tr.name, False,
                                    "2025-03-01T09:30:00Z")))
    remote = [RemoteCaption("C-de", "de", de.name), RemoteCaption("C-en", "EN", en.name),
              RemoteCaption("C-asr", "tr", tr.name, track_kind="ASR")]
    plan = plan_publish(tracks, remote, record, video_id=VIDEO)
    assert [(s.language, s.action, s.caption_id) for s in plan.steps] == [
        ("de", Action.UNCHANGED, "C-de"),
        ("en", Action.UPDATE, "C-en"),  # online (tag case ignored) but not recorded
        ("tr", Action.INSERT, None),  # recorded id gone; the ASR track is not ours
    ]
    assert plan.cost == 50 + 450 + 400


def test_plan_refuses_a_language_twice() -> None:
    de = film_tracks()[0]
    with pytest.raises(PlanError, match="appears twice"):
        plan_publish([de, de], [], Record(), video_id=VIDEO)


def test_costs_are_the_api_costs() -> None:
    assert COSTS == {"list": 50, "insert": 400, "update": 450, "delete": 50}


def test_backoff_is_exponential_jittered_and_bounded() -> None:
    assert [backoff_delay(n, lambda: 1.0) for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert [backoff_delay(n, lambda: 0.0) for n in (1, 2, 3)] == [0.5, 1, 2]
    assert backoff_delay(30, lambda: 1.0) == 32


def test_quota_resets_at_midnight_pacific_across_summer_time() -> None:
    winter = quota_resets_at(datetime(2025, 1, 15, 12, 0, tzinfo=UTC))
    summer = quota_resets_at(datetime(2025, 7, 15, 12, 0, tzinfo=UTC))
    assert winter is not None and summer is not None
    assert winter.astimezone(UTC) == datetime(2025, 1, 16, 8, 0, tzinfo=UTC)  # PST, UTC-8
    assert summer.astimezone(UTC) == datetime(2025, 7, 16, 7, 0, tzinfo=UTC)  # PDT, UTC-7
    # 06:00 UTC is still the previous day in California.
    early = quota_resets_at(datetime(2025, 7, 15, 6, 0, tzinfo=UTC))
    assert early is not None and early.astimezone(UTC) == datetime(2025, 7, 15, 7, 0, tzinfo=UTC)


def test_api_root_must_be_a_url() -> None:
    assert api_root({}) is None
    assert api_root({ROOT_ENV: "http://127.0.0.1:8080"}) == "http://127.0.0.1:8080/"
    with pytest.raises(ConfigError, match="http"):
        api_root({ROOT_ENV: "127.0.0.1:8080"})


def test_planning_does_not_import_the_google_libraries() -> None:
    code = ("import sys, subtool.publish.plan, subtool.publish.flow, subtool.publish.record; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('googleapiclient', 'google', 'google_auth_oauthlib', 'httplib2')))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                         text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"
    assert "googleapiclient" not in out.stderr


# --- the command, as staff run it ------------------------------------------------------


def test_cli_publish_after_build_then_nothing_then_one_update(tmp_path: Path) -> None:
    import shutil  # noqa: PLC0415

    from helpers import run_subtool  # noqa: PLC0415

    for folder in ("subtitles", "glossary"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'youtube-video-id = "{VIDEO}"\n')
    assert run_subtool("build", cwd=tmp_path).returncode == 0
    with YouTubeStandIn(token=TOKEN, owned=(VIDEO,)) as standin:
        env = {ROOT_ENV: standin.url, TOKEN_ENV: TOKEN}
        dry = run_subtool("publish", "--dry-run", cwd=tmp_path, env=env)
        assert dry.returncode == 0, dry.stderr
        assert "11 insert" in dry.stdout and "quota cost: 4,450 units" in dry.stdout
        assert standin.api_calls() == ["list"]
        first = run_subtool("publish", cwd=tmp_path, env=env)
        assert first.returncode == 0, first.stderr
        assert len(standin.tracks_of(VIDEO)) == 11
        record = json.loads((tmp_path / "subtitles/state/youtube.json").read_text("utf-8"))
        assert TOKEN not in json.dumps(record)
        standin.reset_counts()
        second = run_subtool("publish", cwd=tmp_path, env=env)
        assert second.returncode == 0 and standin.api_calls() == ["list"]
        track = tmp_path / "subtitles" / "tr.srt"
        track.write_text(track.read_text("utf-8").replace("pilot", "Pilot", 1), "utf-8")
        assert run_subtool("build", "--lang", "tr", cwd=tmp_path).returncode == 0
        standin.reset_counts()
        third = run_subtool("publish", cwd=tmp_path, env=env)
        assert third.returncode == 0, third.stderr
        assert standin.api_calls() == ["list", "update"]
    for result in (dry, first, second, third):
        assert TOKEN not in result.stdout + result.stderr
