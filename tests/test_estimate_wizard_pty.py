"""The `primer estimate` wizard the way a person meets it: in a real terminal, with questionary."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

pytestmark = pytest.mark.pty

CLEAR_LINE = "\x15"  # Ctrl-U: drop the pre-filled default before typing our own answer


def spawn_wizard() -> pexpect.spawn:
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "40"}
    environment.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable, ["-m", "primer_cli", "estimate"], env=environment, encoding="utf-8",
        dimensions=(40, 100), timeout=30,
    )  # fmt: skip


def answer(child: pexpect.spawn, question: str, text: str | None = None) -> None:
    child.expect(question)
    child.send("\r" if text is None else f"{CLEAR_LINE}{text}\r")


def test_wizard_asks_validates_and_prints_the_full_report() -> None:
    child = spawn_wizard()
    answer(child, "daily active users", "100M")
    answer(child, "writes does each user", "2")
    answer(child, "reads for every write")  # keep the default, 10
    answer(child, "How big is one write", "abc")
    child.expect(
        "does not start with a number"
    )  # questionary shows our parser's message and asks again
    child.send(f"{CLEAR_LINE}1.27KB\r")
    answer(child, "How many years")
    answer(child, "How many copies")
    answer(child, "requests per second can one server")
    for heading in (
        "Estimate",
        "Writes",
        "Storage over 3 years",
        "Servers",
        "Same estimate from flags",
    ):
        child.expect(heading)
    child.expect("--users 100M --per-user 2 --read-ratio 10 --size 1.27KB")
    rest = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in rest


def test_ctrl_c_in_the_wizard_exits_130_without_a_traceback() -> None:
    child = spawn_wizard()
    child.expect("daily active users")
    child.sendintr()
    rest = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    assert "Cancelled" in rest
