"""subtool publish when the answers are not YouTube's, the limits bite, or the setup is wrong.

Against the stand-in (tests/youtube_standin.py) on 127.0.0.1 with the real client stack: a
proxy's login page, a cut-off or malformed answer, a rate limit, an unreachable login server,
a mistyped video id or API root. Each must end in a PublishError (or a configuration
error) with a plain message, never a traceback, and never in "no tracks online" (which
would upload everything again next to the tracks already there).
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_publish import NAMES, TOKEN, VIDEO, Project, film_tracks, stored_login
from youtube_standin import YouTubeStandIn, _Answer, _Handler, once

from subtool.core.errors import ApiError, ConfigError, LoginError, NetworkError, PublishError
from subtool.publish.youtube import ROOT_ENV, TOKEN_ENV, YouTubeClient, api_root, login

ROOT = Path(__file__).resolve().parent.parent
JSON = {"Content-Type": "application/json; charset=UTF-8"}
DEEP = b"[" * 100_000 + b"]" * 100_000

# What a proxy, a cut connection or a broken server answered instead of a caption list.
MALFORMED = {
    "html": _Answer(200, b"<html><body>Proxy login page</body></html>",
                    {"Content-Type": "text/html"}),
    "truncated": _Answer(200, b'{"items": [', JSON),
    "deep": _Answer(200, DEEP, JSON),
    "deep-error": _Answer(400, DEEP, JSON),
    "array": _Answer(200, b"[1,2]", JSON),
    "items-null": _Answer(200, b'{"items": null}', JSON),
    "items-text": _Answer(200, b'{"items": "abc"}', JSON),
    "snippet-text": _Answer(200, b'{"items": [{"id": "x", "snippet": "s"}]}', JSON),
    "numbers": _Answer(200, b'{"items": [{"id": 5, "snippet": {"language": 7, "name": null}}]}',
                       JSON),
    "language-missing": _Answer(200, b'{"items": [{"id": "x", "snippet": {}}]}', JSON),
    "not-utf8": _Answer(200, b'{"items": [{"id": "\xff\xfe"}]}', JSON),
    "empty-object": _Answer(200, b"{}", JSON),
}


class Faulty(YouTubeStandIn):
    """The stand-in with the answers above as faults, and rate limits."""

    def _fault_answer(self, fault: str, handler: _Handler) -> _Answer:
        if fault in MALFORMED:
            return MALFORMED[fault]
        if fault.startswith("429"):  # "429" or "429:<Retry-After>"
            _, _, after = fault.partition(":")
            body = json.dumps({"error": {"code": 429, "message": "Too many requests",
                                         "errors": [{"reason": "rateLimitExceeded",
                                                     "message": "Too many requests"}]}})
            return _Answer(429, body.encode(), {**JSON, **({"Retry-After": after} if after
                                                            else {})})
        return super()._fault_answer(fault, handler)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = Project(tmp_path)
    yield p
    for text in p.said:
        assert TOKEN not in text, text


# --- 1, 2: malformed answers are errors, never "no tracks" --------------------------------

@pytest.mark.parametrize("fault", sorted(MALFORMED))
def test_a_malformed_list_answer_stops_before_any_upload(project: Project,
                                                         fault: str) -> None:
    with Faulty(token=TOKEN, owned=(VIDEO,), faults=once(fault, "list")) as standin:
        for lang in ("de", "en"):  # online already: an upload of them would be a duplicate
            standin.seed(VIDEO, lang, NAMES[lang], b"1\n00:00:01,000 --> 00:00:02,000\nx\n")
        with pytest.raises(PublishError) as caught:
            project.publish(standin)
        assert standin.api_calls() == ["list"]  # nothing inserted
        assert len(standin.tracks_of(VIDEO)) == 2
    message = str(caught.value)
    assert "listing the caption tracks of video VIDEO_OWN_1" in message
    assert "proxy" in message  # what to do
    assert not project.record_path.exists()


def test_what_a_malformed_answer_names() -> None:
    from subtool.publish.answers import caption_list  # noqa: PLC0415

    doing = "listing"
    with pytest.raises(PublishError, match=r"items\[0\]\.snippet\.language is a number"):
        caption_list({"items": [{"id": "a", "snippet": {"language": 7}}]}, doing)
    with pytest.raises(PublishError, match=r"items is text 'abc', where YouTube sends a list"):
        caption_list({"items": "abc"}, doing)
    with pytest.raises(PublishError, match="text starting with '<html><body>Proxy login page"):
        caption_list("<html><body>Proxy login page</body></html>", doing)
    with pytest.raises(PublishError, match=r"isDraft is text"):
        caption_list({"items": [{"id": "a", "snippet": {"language": "de",
                                                       "isDraft": "no"}}]}, doing)
    # What YouTube sends for a video without tracks, and a track without a name, pass.
    assert caption_list({"kind": "youtube#captionListResponse"}, doing) == []
    assert caption_list({"items": []}, doing) == []
    [one] = caption_list({"items": [{"id": "a", "snippet": {"language": "de", "name": "",
                                                             "isDraft": None}}]}, doing)
    assert (one.caption_id, one.language, one.name, one.is_draft) == ("a", "de", "", False)


def test_a_malformed_upload_answer_says_the_track_may_be_online(project: Project) -> None:
    with Faulty(token=TOKEN, owned=(VIDEO,), faults=once("snippet-text", "chunk")) as standin, \
            pytest.raises(PublishError) as caught:
        project.publish(standin, tracks=film_tracks()[:2])
    assert "uploading dortmund-seniorenbueros.de.srt cannot be used: snippet is null" in \
        str(caught.value)
    assert "may have stored the track anyway" in caught.value.hint


# --- 3: what is printed is escaped; the video id is checked first ------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The film project after subtool build (publish reads nothing else from it)."""
    from helpers import run_subtool  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("built")
    for name in ("subtitles", "glossary"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    assert run_subtool("build", cwd=folder).returncode == 0
    return folder


def test_cli_refuses_a_video_id_of_another_shape_before_sending(tmp_path: Path) -> None:
    from helpers import run_subtool  # noqa: PLC0415

    with Faulty(token=TOKEN, owned=(VIDEO,)) as standin:
        env = {ROOT_ENV: standin.url, TOKEN_ENV: TOKEN}
        done = run_subtool("publish", "--video-id", "x\x1b[2J\x07y", cwd=tmp_path, env=env)
        assert standin.operations() == []
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "is not a YouTube video id" in done.stderr and "watch?v=" in done.stderr
    for wrong in ("VIDEO_OWN_12", "VIDEO OWN 1", "dQw4w9WgXc"):
        with pytest.raises(PublishError, match="not a YouTube video id"):
            Project(tmp_path).publish(standin, video_id=wrong)


def test_retry_lines_show_control_characters_as_escapes(
        capsys: pytest.CaptureFixture[str]) -> None:
    from subtool.cli.publish import show_progress  # noqa: PLC0415

    show_progress()
    show_progress()  # once, however often a command runs in one process
    logging.getLogger("subtool.publish").warning("uploading %s failed (HTTP 500); retry 1 of 4",
                                                 "tr\x1b]0;owned\x07.srt")
    err = capsys.readouterr().err
    assert err.count("retry 1 of 4") == 1
    assert "\x1b" not in err and "\x07" not in err and "tr\\x1b]0;owned\\x07.srt" in err


def test_cli_retry_line_is_printed_escaped_and_the_run_succeeds(built: Path) -> None:
    from helpers import run_subtool  # noqa: PLC0415

    folder = built
    with Faulty(token=TOKEN, owned=(VIDEO,), faults=once("500", "list")) as standin:
        env = {ROOT_ENV: standin.url, TOKEN_ENV: TOKEN}
        done = run_subtool("publish", "--video-id", VIDEO, "--dry-run", cwd=folder, env=env)
    assert done.returncode == 0, done.stderr
    assert "failed (HTTP 500); retry 1 of 4" in done.stderr


# --- 4: the API root -------------------------------------------------------------------

@pytest.mark.parametrize("root", ["http://[::1/", "http://127.0.0.1:99999/",
                                  "http://127.0.0.1:port/", "http://:8080/",
                                  "http://127.0.0.1:0/"])
def test_a_malformed_api_root_is_a_configuration_error(root: str, built: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        api_root({ROOT_ENV: root})
    assert ROOT_ENV in str(caught.value) and "http://127.0.0.1:8080/" in caught.value.hint
    from helpers import run_subtool  # noqa: PLC0415

    if root.endswith("99999/"):
        done = run_subtool("publish", "--video-id", VIDEO, cwd=built,
                           env={ROOT_ENV: root, TOKEN_ENV: TOKEN})
        assert done.returncode == 2, done.stderr
        assert "internal error" not in done.stderr and ROOT_ENV in done.stderr


# --- 5: rate limits, the login server, the client file ----------------------------------

def test_a_rate_limited_list_is_retried_after_the_time_asked(project: Project) -> None:
    with Faulty(token=TOKEN, owned=(VIDEO,), faults=once("429:5", "list")) as standin:
        result = project.publish(standin, tracks=film_tracks()[:1], dry_run=True)
        assert standin.api_calls() == ["list", "list"]
    assert project.delays == [5.0]
    assert result.dry_run


def test_a_long_rate_limit_pause_says_when_to_run_again(project: Project) -> None:
    noon = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    with Faulty(token=TOKEN, owned=(VIDEO,), faults=once("429:3600", "list")) as standin, \
            pytest.raises(ApiError) as caught:
        project.publish(standin, client_options={"now": lambda: noon})
    assert standin.api_calls() == ["list"]  # an hour is not waited out
    assert project.delays == []
    assert caught.value.status == 429
    assert "limiting how fast" in str(caught.value)
    assert "60 minutes" in caught.value.hint and "2026-12-07 13:00" in caught.value.hint


def test_a_rate_limit_without_a_time_is_retried_then_explained(project: Project) -> None:
    with Faulty(token=TOKEN, owned=(VIDEO,), faults=lambda call: "429") as standin, \
            pytest.raises(ApiError) as caught:
        project.publish(standin)
    assert standin.api_calls() == ["list"] * 5  # the first try and 4 retries
    assert len(project.delays) == 4
    assert "wait a few minutes" in caught.value.hint


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_login_server_is_a_network_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "config" / "subtool" / "youtube-token.json"
    with YouTubeStandIn(token=TOKEN) as standin:
        stored_login(path, standin, token="ya29.old-expired-token", expired=True)
    root = f"http://127.0.0.1:{_closed_port()}/"
    with pytest.raises(NetworkError) as caught:
        YouTubeClient.from_environment({ROOT_ENV: root})
    text = str(caught.value)
    assert "could not be renewed" in text and "login server 127.0.0.1:" in text
    assert "refused" in text.lower()
    assert "login itself is kept" in text and "internet connection" in text
    assert "ya29" not in text and "1//" not in text
    assert json.loads(path.read_text())["token"] == "ya29.old-expired-token"  # kept


@pytest.mark.parametrize("what", ["folder", "unreadable"])
def test_login_with_a_client_file_that_cannot_be_read(tmp_path: Path, what: str) -> None:
    secrets = tmp_path
    if what == "unreadable":
        secrets = tmp_path / "client_secret.json"
        secrets.write_text("{}")
        secrets.chmod(0)
        try:
            secrets.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running as root: every file is readable")
    with pytest.raises(LoginError) as caught:
        login(secrets, path=tmp_path / "token.json", open_browser=False)
    assert caught.value.path == str(secrets)
    assert "Google Cloud console" in caught.value.hint
    assert ("is a folder" if what == "folder" else "cannot be read") in str(caught.value)


def test_cli_login_with_a_folder_names_the_option(tmp_path: Path) -> None:
    from helpers import run_subtool  # noqa: PLC0415

    done = run_subtool("publish", "--login", "--client-secrets", str(tmp_path), cwd=tmp_path,
                       env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert done.returncode == 2
    assert "is a folder, not the OAuth client file" in done.stderr
    assert "Google Cloud console" in done.stderr

