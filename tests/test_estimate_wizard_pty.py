"""The `primer estimate` wizard the way a person meets it: in a real terminal, with questionary."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

pytestmark = pytest.mark.pty

CLEAR_LINE = "\x15"  # Ctrl-U: drop the pre-filled default before typing our own answer


def spawn_wizard(columns: int = 100, pager: str = "cat") -> pexpect.spawn:
    """The wizard in a 40-line terminal; its report is taller, so it goes through `pager`."""
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": str(columns), "LINES": "40"}
    environment.pop("NO_COLOR", None)
    environment["PAGER"] = pager
    return pexpect.spawn(
        sys.executable, ["-m", "primer_cli", "estimate"], env=environment, encoding="utf-8",
        dimensions=(40, columns), timeout=30,
    )  # fmt: skip


def answer_all(child: pexpect.spawn, upto: str = "per_server", **typed: str) -> None:
    """Answer each question up to `upto`, with `typed` answers by keyword and the defaults elsewhere."""
    questions = {
        "users": "active users", "per": "Over what period", "per_user": "writes does each user",
        "reads": "reads does each user", "size": "How big is one write", "years": "How many years",
        "replicas": "How many copies", "per_server": "requests per second can one server",
    }  # fmt: skip
    for key, question in questions.items():
        answer(child, question, typed.get(key))
        if key == upto:
            return


def answer(child: pexpect.spawn, question: str, text: str | None = None) -> None:
    child.expect(question)
    child.send("\r" if text is None else f"{CLEAR_LINE}{text}\r")


def test_wizard_asks_validates_and_prints_the_full_report() -> None:
    child = spawn_wizard()
    answer(child, "active users", "100M")
    answer(child, "Over what period")  # keep the default, day
    answer(child, "writes does each user make per day", "2")
    answer(child, "reads does each user make per day")  # keep the default, 20
    answer(child, "How big is one write", "abc")
    child.expect(
        "does not start with a number"
    )  # questionary shows our parser's message and asks again
    child.send(f"{CLEAR_LINE}1.27KB\r")
    answer(child, "How many years")
    answer(child, "How many copies")
    answer(child, "requests per second can one server")
    for heading in ("Traffic", "Storage", "Servers", "Estimate", "Writes", "Storage over 3 years"):
        child.expect(heading)
    child.expect("Same estimate from flags")
    child.expect("--users 100M --per-user 2 --per day --read-ratio 10 --size 1.27KB")
    rest = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in rest


def test_ctrl_c_in_the_wizard_exits_130_without_a_traceback() -> None:
    child = spawn_wizard()
    child.expect("active users")
    child.sendintr()
    rest = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    assert "Cancelled" in rest


def test_after_the_pager_the_answer_and_the_command_are_where_the_eye_lands() -> None:
    """The report is paged; quitting the pager leaves the answer box and the command on screen."""
    child = spawn_wizard(columns=80, pager="less")
    answer_all(child, users="100M", size="1.27 KB")
    child.expect(":")  # less waits on the first page
    child.send("q")
    child.expect("Estimate")
    child.expect("Servers \\(N\\+1\\)")
    child.expect("Same estimate from flags")
    rest = child.read()
    child.close()
    assert child.exitstatus == 0
    command = rest[rest.index("primer estimate system") :]
    lines = [line for line in command.splitlines() if line.strip()]
    assert len(lines) > 1  # at 80 columns it needs more than one line
    # At 80 columns the command is broken between whole words: every line but the last
    # ends in a continuation, and no value is split ('1.27 KB' stays quoted whole).
    assert all(line.rstrip().endswith("\\") for line in lines[:-1]), lines
    assert "'1.27 KB'" in rest
    assert all(len(line.rstrip()) <= 80 for line in lines)


def test_an_answer_out_of_bounds_is_refused_as_it_is_typed() -> None:
    """5,000 copies used to be accepted, then lose every answer with 'Invalid value for --replicas'."""
    child = spawn_wizard()
    answer_all(child, upto="replicas", replicas="5,000")
    child.expect("Expected a whole number from 1 to 1,000")  # asked again, nothing lost
    child.send(f"{CLEAR_LINE}3\r")
    answer(child, "requests per second can one server")
    child.expect("--replicas 3")
    rest = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Invalid value" not in rest and "Traceback" not in rest
