"""`primer learn` the way a person runs it: in a real terminal, with a pager."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

pytestmark = pytest.mark.pty


def spawn(*args: str, lines: int = 24, **env: str) -> pexpect.spawn:
    environment = {
        **os.environ,
        "TERM": "xterm-256color",
        "LINES": str(lines),
        "COLUMNS": "100",
        **env,
    }
    environment.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable, ["-m", "primer_cli", *args], env=environment, encoding="utf-8",
        dimensions=(lines, 100), timeout=20,
    )  # fmt: skip


def test_long_topic_opens_in_the_pager_and_q_quits() -> None:
    child = spawn("learn", "cap", PAGER="less")
    child.expect("CAP theorem")
    child.expect(r"\(END\)|:|lines")  # less's prompt: the pager is waiting for us
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_no_pager_prints_in_colour_and_exits() -> None:
    child = spawn("learn", "cap", "--no-pager")
    child.expect("\x1b\\[")  # a terminal gets colour
    child.expect("Sources")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_in_the_pager_exits_quietly() -> None:
    child = spawn("learn", "sharding", PAGER="less")
    child.expect("Sharding")
    child.sendintr()
    child.send("q")
    output = child.read()
    child.close()
    assert "Traceback" not in output
    assert child.exitstatus in (0, 130)


def test_wrong_topic_in_a_terminal_suggests_names() -> None:
    child = spawn("learn", "cahce")
    child.expect("Did you mean")
    child.expect("cache")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
