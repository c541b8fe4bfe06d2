"""subtool translate against misbehaving LibreTranslate stand-ins on 127.0.0.1.

Each case is a defect of the translate probe (huge and trickling answers, deep JSON, controls,
surrogates and NULs in translations, echoed keys, secrets in URLs, a person's edit of a draft
overwritten, --force without a terminal, errors retried that can never pass); each test fails
on the code before its fix.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_film, run_subtool

from subtool.core.secrets import contains_secret, redact, register_secret
from subtool.translation.mt.engine import damage

ROOT = Path(__file__).resolve().parent.parent
KEY = "s3cret-key-42"


def _reverse(text: str) -> str:
    return re.sub(r"⟦\d+⟧|[^\W\d_]+",
                  lambda m: m.group(0) if m.group(0).startswith("⟦") else m.group(0)[::-1], text)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Hostile

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes | str, ctype: str = "application/json") -> None:
        data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        langs = ["de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el"]
        self._send(200, json.dumps([{"code": c, "name": c, "targets": langs} for c in langs]))

    def do_POST(self) -> None:
        # The client hangs up on the huge and trickling answers: that is the point.
        try:
            self._answer()
        except OSError:
            self.close_connection = True

    def _answer(self) -> None:  # noqa: C901, PLR0912 - one branch per misbehaviour
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        key = str(body.get("api_key"))
        self.server.requests += 1
        mode = self.server.mode
        out = [_reverse(t) for t in texts]
        if mode == "huge-length":
            self.send_response(200)
            self.send_header("Content-Length", str(2 * 1024**3))
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b" " * 1024 * 1024)
            return
        if mode == "huge-stream":  # no length: the body ends when the connection closes
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b" " * 1024 * 1024)
            self.close_connection = True
            return
        if mode == "drip":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(600):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
            return
        if mode == "deep":
            return self._send(200, "[" * 100_000 + "]" * 100_000)
        if mode == "deepdict":
            return self._send(200, '{"translatedText":' + "[" * 100_000 + "]" * 100_000 + "}")
        if mode == "surrogate":
            return self._send(200, '{"translatedText": ['
                              + ",".join('"x \\ud800 y"' for _ in texts) + "]}")
        if mode == "nul":
            out = [o + "\x005\x00" for o in out]
        if mode == "ctrl":
            out = [o + " \x1b[2J\x07\x0b end" for o in out]
        if mode == "bidi":
            out = ["\u202e" + o + "\u2066" for o in out]
        if mode == "echokey":
            out = [o + " " + key for o in out]
        if mode == "403enc":
            return self._send(403, json.dumps({"error": "bad key "
                                               + urllib.parse.quote(key, safe="")}))
        if mode == "403html":
            return self._send(403, "<html>bad key <b>" + key.replace("-", "&#45;") + "</b></html>",
                              "text/html")
        if mode == "400":
            return self._send(400, json.dumps({"error": "target language not supported"}))
        self._send(200, json.dumps({"translatedText": out}, ensure_ascii=False))


class Hostile(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.requests = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def serve(mode: str) -> Iterator[Hostile]:
    server = Hostile(mode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def film(tmp_path: Path) -> Path:
    """The film project with cues 10-12 of the Turkish track emptied."""
    path = copy_film(tmp_path) / "subtitles" / "tr.srt"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for k in (9, 10, 11):
        blocks[k] = "\n".join(blocks[k].split("\n")[:2])
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return tmp_path


def configure(film: Path, url: str, timeout: int = 3) -> None:
    with (film / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[tool.subtool.translate]\nprovider = "libre"\nurl = "{url}"\n'
                     f"timeout = {timeout}\n")


def run(*args: str, cwd: Path, key: str = KEY, timeout: int = 120,
        ) -> subprocess.CompletedProcess[str]:
    return run_subtool(*args, cwd=cwd, env={"LIBRETRANSLATE_API_KEY": key}, timeout=timeout)


def files_hold(film: Path, needle: str) -> list[Path]:
    return [p for p in film.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


# --- 1. a person's edit of a machine draft ----------------------------------------------------

def _cue_text(path: Path, number: int) -> str:
    block = path.read_text(encoding="utf-8").split("\n\n")[number - 1]
    return "\n".join(block.split("\n")[2:])


def test_an_edited_machine_draft_is_kept_when_its_german_changes(film: Path) -> None:
    for server in serve("ok"):
        configure(film, server.url)
        first = run("translate", "--to", "tr", cwd=film)
        assert first.returncode == 0, first.stderr
        track = film / "subtitles" / "tr.srt"
        drafted = _cue_text(track, 10)
        # The translator edits cue 10 in the SRT (no accept), then the German of it changes.
        track.write_text(track.read_text(encoding="utf-8").replace(drafted, "Elle yazıldı."),
                         encoding="utf-8")
        master = film / "subtitles" / "de.srt"
        german = _cue_text(master, 10)
        master.write_text(master.read_text(encoding="utf-8").replace(german, german + " Neu."),
                          encoding="utf-8")
        second = run("translate", "--to", "tr", cwd=film)
        assert second.returncode == 0, second.stderr
        assert _cue_text(track, 10) == "Elle yazıldı."
        assert "kept cue(s) 10" in second.stderr and "stale" in second.stderr
        # Recorded as a person's draft against the old German: stale, no longer a machine's.
        stale = run("check", "--select", "stale-translation", "subtitles/tr.srt", cwd=film)
        assert "[stale-translation]" in stale.stdout
        # --force (with --yes) replaces it, and keeps the person's text in a backup.
        third = run("translate", "--to", "tr", "--force", "--yes", cwd=film)
        assert third.returncode == 0, third.stderr
        assert _cue_text(track, 10) != "Elle yazıldı."
        assert "Elle yazıldı." in (film / "subtitles" / "tr.srt.bak").read_text(encoding="utf-8")


# --- 2, 3. bounded answers, a deadline for the whole request ----------------------------------

@pytest.mark.parametrize("mode", ["huge-length", "huge-stream"])
def test_a_huge_answer_is_cut_off(film: Path, mode: str) -> None:
    for server in serve(mode):
        configure(film, server.url)
        result = run("translate", "--to", "tr", cwd=film)
        assert result.returncode == 1, result.stderr
        assert "larger than 4 MB" in result.stderr
        # Fatal: never retried; only the batches already in flight (4 at once) were sent.
        assert server.requests <= 4


def test_a_trickling_server_does_not_outlast_the_timeout(film: Path) -> None:
    for server in serve("drip"):
        configure(film, server.url, timeout=1)
        started = time.monotonic()
        result = run("translate", "--to", "tr", cwd=film, timeout=90)
        assert result.returncode == 1, result.stderr
        assert "within 1 s" in result.stderr
        # Five tries of 1 s and the backoff between them (1+2+4+8 s), not 100,000 s.
        assert time.monotonic() - started < 45
        assert server.requests <= 5 * 4  # five tries for each batch in flight at most


# --- 4. answers that crashed the run ----------------------------------------------------------

@pytest.mark.parametrize(("mode", "needle"), [
    ("deep", "nested too deeply"), ("deepdict", "nested too deeply"),
    ("surrogate", "U+D800"), ("nul", "U+0000"), ("ctrl", "U+001B ESCAPE"),
    ("bidi", "U+202E"),
])
def test_a_damaged_answer_is_a_provider_error(film: Path, mode: str, needle: str) -> None:
    for server in serve(mode):
        configure(film, server.url)
        before = (film / "subtitles" / "tr.srt").read_bytes()
        result = run("translate", "--to", "tr", cwd=film)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert needle in result.stderr
        assert (film / "subtitles" / "tr.srt").read_bytes() == before
        memory = film / ".subtool-cache" / "translation-memory.jsonl"
        if memory.exists():
            text = memory.read_text(encoding="utf-8")
            assert "\\u001b" not in text and "\\u0000" not in text and "\u202e" not in text


def test_good_answers_of_a_batch_are_kept_beside_a_refused_one() -> None:
    # Unit level: the refusal follows the control-chars rule, direction included.
    assert damage("Merhaba \x1b[2J", rtl=False) is not None
    assert damage("\u202eمرحبا", rtl=True) is None
    assert damage("\u202eMerhaba", rtl=False) is not None
    assert damage("👩\u200d👩\u200d👧 aile", rtl=False) is None


# --- 5. secrets -------------------------------------------------------------------------------

def test_urls_with_credentials_or_a_query_are_refused(film: Path) -> None:
    for url in ("http://admin:s3cretpass@127.0.0.1:9", "http://127.0.0.1:9/?api_key=s3cretpass",
                "http://[::1", "http://:5000"):
        result = run("translate", "--to", "tr", "--provider", "libre", "--url", url, cwd=film)
        assert result.returncode == 2, (url, result.stderr)
        assert "s3cretpass" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "URL" in result.stderr


@pytest.mark.parametrize("mode", ["403enc", "403html"])
@pytest.mark.parametrize("key", [KEY, "k-1"])
def test_an_echoed_key_is_redacted_in_any_encoding(film: Path, mode: str, key: str) -> None:
    for server in serve(mode):
        configure(film, server.url)
        result = run("translate", "--to", "tr", cwd=film, key=key)
        assert result.returncode == 1, result.stderr
        shown = result.stdout + result.stderr
        for spelling in (key, urllib.parse.quote(key, safe=""), key.replace("-", "&#45;")):
            assert spelling not in shown, spelling


def test_a_translation_with_the_key_is_refused(film: Path) -> None:
    for server in serve("echokey"):
        configure(film, server.url)
        result = run("translate", "--to", "tr", cwd=film)
        assert result.returncode == 1, result.stderr
        assert "API key" in result.stderr
        assert files_hold(film, KEY) == []


def test_redaction_of_short_and_encoded_keys() -> None:
    register_secret("q7-x")
    assert redact("key q7-x, q7%2Dx, q7&#45;x, q7&#x2d;x, q7\\u002dx") == \
        "key ***, ***, ***, ***, ***"
    assert contains_secret("Merhaba q7-x")
    assert not contains_secret("Merhaba Q7-X dünya")


# --- 7. --force without a terminal, backups ---------------------------------------------------

@pytest.mark.parametrize("stdin", ["closed", "devnull"])
def test_force_without_a_terminal_names_yes(film: Path, stdin: str) -> None:
    for server in serve("ok"):
        configure(film, server.url)
        command = [sys.executable, "-m", "subtool", "translate", "--to", "tr", "--force"]
        env = {**os.environ, "NO_COLOR": "1", "LIBRETRANSLATE_API_KEY": KEY}
        if stdin == "closed":
            quoted = " ".join(f"'{part}'" for part in command)
            result = subprocess.run(["sh", "-c", f"exec {quoted} <&-"], cwd=film, env=env,
                                    capture_output=True, text=True, timeout=120, check=False)
        else:
            result = subprocess.run(command, cwd=film, env=env, stdin=subprocess.DEVNULL,
                                    capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 2, result.stderr
        assert "--yes" in result.stderr
        assert server.requests == 0


def test_a_second_force_keeps_the_first_backup(film: Path) -> None:
    track = film / "subtitles" / "tr.srt"
    state = film / "subtitles" / "state" / "tr.tsv"
    original, original_state = track.read_bytes(), state.read_bytes()
    for server in serve("ok"):
        configure(film, server.url)
        for _ in range(2):
            result = run("translate", "--to", "tr", "--force", "--yes", cwd=film)
            assert result.returncode == 0, result.stderr
    assert (film / "subtitles" / "tr.srt.bak").read_bytes() == original
    assert (film / "subtitles" / "state" / "tr.tsv.bak").read_bytes() == original_state


# --- 8. errors that can never pass ------------------------------------------------------------

def test_a_refused_language_is_not_retried(film: Path) -> None:
    for server in serve("400"):
        configure(film, server.url)
        result = run("translate", "--to", "tr", cwd=film)
        assert result.returncode == 1, result.stderr
        assert server.requests <= 4  # the batches in flight; none retried
        assert "run the command again to resume" not in result.stderr
        assert "languages" in result.stderr


def test_a_dead_server_stops_every_batch_after_one_gave_up(film: Path) -> None:
    server = Hostile("ok")
    url = server.url
    server.server_close()  # nothing listens there now
    configure(film, url)
    # Empty every Turkish cue: many batches, each of which would retry on its own.
    track = film / "subtitles" / "tr.srt"
    blocks = track.read_text(encoding="utf-8").split("\n\n")
    track.write_text("\n\n".join("\n".join(b.split("\n")[:2]) for b in blocks),
                     encoding="utf-8")
    (film / "subtitles" / "state" / "tr.tsv").unlink()
    started = time.monotonic()
    result = run("translate", "--to", "tr", cwd=film)
    assert result.returncode == 1, result.stderr
    # One batch's retries (about 1+2+4+8 s of backoff), not one after another for each.
    assert time.monotonic() - started < 30
