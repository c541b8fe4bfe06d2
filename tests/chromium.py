"""Headless Chromium driven through the DevTools protocol, for tests of rendered pages.

The browser is started with ``--remote-debugging-pipe``: it reads protocol messages from
file descriptor 3 and writes its answers to descriptor 4, each a JSON object ended by a NUL
byte. That needs nothing but the standard library (no WebSocket client, no Playwright and
its own browser download), and the Chromium of the Debian package is the one tested.

    with Browser() as browser:
        page = browser.open(url, width=390, height=844)
        page.evaluate("document.title")
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> list[pytest.MarkDecorator]:
    """The marks for a module of browser tests: skipped with the reason when Chromium is not
    installed, unless ``SUBTOOL_REQUIRE_BROWSER`` is set (CI), where that is an error."""
    if CHROMIUM is None:
        if os.environ.get("SUBTOOL_REQUIRE_BROWSER"):
            raise RuntimeError("SUBTOOL_REQUIRE_BROWSER is set but chromium is not installed")
        return [pytest.mark.browser, pytest.mark.skip(
            reason="headless Chromium not installed (apt-get install chromium); CI runs this")]
    return [pytest.mark.browser]


def _above_four(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or a page script threw."""


class Browser:
    """One headless Chromium process; pages are opened as targets in it."""

    def __init__(self, timeout: float = 60.0) -> None:
        assert CHROMIUM is not None
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="subtool-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Above 4, so that moving them onto 3 and 4 in the child closes nothing it needs.
        to_browser_r, from_browser_w = (_above_four(fd) for fd in (to_browser_r, from_browser_w))
        # bash (dash takes single-digit descriptors only) puts the pipe ends on the
        # descriptors 3 and 4 that Chromium expects.
        command = (f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w} '
                   f"{to_browser_r}<&- {from_browser_w}>&-")
        self._process = subprocess.Popen(
            ["bash", "-c", command, CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--mute-audio",
             "--autoplay-policy=no-user-gesture-required", f"--user-data-dir={self._profile}",
             "about:blank"],
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []

    # -- protocol ---------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer (events arriving meanwhile are kept)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self._events.append(answer)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed the connection")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        data: dict[str, Any] = json.loads(raw)
        return data

    def wait_event(self, method: str, session: str, timeout: float | None = None) -> None:
        """Wait until the page ``session`` reports the event ``method``."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._events[i]
                    return
            self._events.append(self._receive(deadline))

    # -- pages ------------------------------------------------------------------------

    def open(self, url: str, *, width: int = 1280, height: int = 800,
             bypass_policy: bool = False) -> Page:
        """A new page of ``width`` × ``height`` CSS pixels that has loaded ``url``.

        ``bypass_policy`` lets scripts the test injects (axe-core) run even where the page's
        Content-Security-Policy forbids scripts; otherwise the policy applies as it would
        for a reader.
        """
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.call("Page.enable")
        page.call("Runtime.enable")
        if bypass_policy:
            page.call("Page.setBypassCSP", {"enabled": True})
        page.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": width < 600})
        page.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        """End the browser and remove its profile."""
        with contextlib.suppress(BrowserError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class Page:
    """One page (target) of the browser."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A protocol command for this page."""
        return self.browser.send(method, params, self.session)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        answer = self.call("Runtime.evaluate", {"expression": expression,
                                                "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"{expression[:60]}…: {text}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Evaluate ``expression`` until it is truthy; its value. An expression that throws
        counts as not yet (the page may still be loading: its elements are not there);
        the last error is raised at the deadline."""
        deadline = time.monotonic() + timeout
        while True:
            failure: BrowserError | None = None
            try:
                value = self.evaluate(expression)
            except BrowserError as error:
                value, failure = None, error
            if value:
                return value
            if time.monotonic() > deadline:
                if failure is not None:
                    raise failure
                raise TimeoutError(f"still false after {timeout} s: {expression}")
            time.sleep(0.1)

    def click(self, selector: str) -> None:
        """Click the middle of the first element matching ``selector`` with the mouse, as a
        person would (the element is scrolled into view first)."""
        box = self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def add_script(self, path: Path) -> None:
        """Run a script file in the page (a library such as axe-core)."""
        self.evaluate(path.read_text(encoding="utf-8") + "\n;true")
