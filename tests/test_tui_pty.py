"""`primer tui` in a real terminal: tmux at 80x24, read back with capture-pane as a person would see it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.pty

PRIMER = Path(sys.executable).with_name("primer")
WAIT = 30.0  # seconds; a loaded 2-core machine can take several to start the app


class Tmux:
    """One tmux server of our own (its own socket), killed at the end whatever happens."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "tui")

    def wait_for(self, seen: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            text = self.screen()
            if seen(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.screen()}")


@pytest.fixture
def tmux(isolated_home: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (.ci/run installs it)")
    session = Tmux(f"primer-tui-test-{os.getpid()}")
    env = {"PRIMER_HOME": str(isolated_home), "TERM": "xterm-256color"}
    flags = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
    # The shell stays after primer exits, to show its exit status on the screen.
    command = f"{PRIMER} tui; echo primer-exited-$?; sleep 60"
    session.run("new-session", "-d", "-s", "tui", "-x", "80", "-y", "24", *flags, command)
    try:
        yield session
    finally:
        session.run("kill-server")


def test_tui_in_a_terminal_shows_topics_animates_a_demo_and_quits_on_q(tmux: Tmux) -> None:
    home = tmux.wait_for(lambda s: "Performance vs scalability" in s, "the topic list")
    assert "Foundations" in home
    tmux.run("send-keys", "-t", "tui", "d")
    tmux.wait_for(lambda s: "Queues and back pressure" in s, "the demo list")
    tmux.run("send-keys", "-t", "tui", "Enter")
    first = tmux.wait_for(lambda s: "events" in s and "running" in s, "the first demo running")
    time.sleep(1.0)
    later = tmux.screen()
    assert later != first, "the demo did not move in a second"
    tmux.run("send-keys", "-t", "tui", "q")
    tmux.wait_for(lambda s: "primer-exited-0" in s, "primer quitting with status 0 after q")
