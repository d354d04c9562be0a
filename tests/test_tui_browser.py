"""`primer tui --web` in a real browser: Debian's headless Chromium driven by Playwright.

The test serves the app on a free loopback port, opens the page, reads the
app's screen out of the websocket frames textual-serve sends to xterm.js,
presses a key in the page and watches the app answer it. It takes a
screenshot (kept in the test's temporary directory, or at
$PRIMER_TUI_SCREENSHOT to look at by hand) and stops every process it
started: the browser, the server and the app the server ran for the tab.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; .ci/run installs it. Never a downloaded browser.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PRIMER = Path(sys.executable).with_name("primer")
WAIT = 60.0  # seconds: a loaded 2-core machine is slow to start a browser and an app
ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def screen_text(frames: list[bytes | str]) -> str:
    """What the app wrote to its terminal, escape sequences removed."""
    joined = "".join(f.decode("utf-8", "replace") if isinstance(f, bytes) else f for f in frames)
    return ESCAPES.sub("", joined)


def processes_in_group(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == group:
                    found.append(int(entry.name))
            except ProcessLookupError:
                continue
    return found


def processes_using(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture
def server(isolated_home: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = {**os.environ, "PRIMER_HOME": str(isolated_home)}
    env.pop("NO_COLOR", None)  # the page as a person sees it, in colour
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [str(PRIMER), "tui", "--web", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while url not in Path(log.name).read_text() and time.monotonic() < deadline:
            assert process.poll() is None, Path(log.name).read_text()
            time.sleep(0.1)
        assert url in Path(log.name).read_text(), "the server never printed its address"
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # only if the test failed before stopping it
            process.wait()
        log.close()


def test_served_app_loads_in_chromium_carries_the_topics_and_answers_a_key(
    server: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install chromium"
    url, process = server
    profile = tmp_path / "chromium-profile"
    frames: list[bytes | str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1000, "height": 640},
        )  # fmt: skip
        try:
            page = browser.new_page()

            def keep(frame: bytes | str) -> None:
                frames.append(frame)

            page.on("websocket", lambda ws: ws.on("framereceived", keep))
            page.goto(url)
            wait_for(
                page, lambda: "Performance vs scalability" in screen_text(frames), "the topic list"
            )
            before_key = len(frames)
            page.locator("body").click()
            page.keyboard.press("d")
            wait_for(
                page,
                lambda: "Queues and back pressure" in screen_text(frames[before_key:]),
                "the demo list after pressing d",
            )
            shot = Path(os.environ.get("PRIMER_TUI_SCREENSHOT", tmp_path / "tui.png"))
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000, "the screenshot is empty"
        finally:
            browser.close()
    assert processes_using(str(profile)) == [], "a browser process outlived the test"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=WAIT) == 130
    deadline = time.monotonic() + WAIT
    while processes_in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_in_group(process.pid) == [], "the served app outlived its server"


def wait_for(page: Page, condition: Callable[[], bool], what: str) -> None:
    """Poll through Playwright, which delivers websocket events only while it is called."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"never saw {what}")
