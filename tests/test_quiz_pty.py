"""`primer quiz` the way a person meets it: questionary prompts in a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.pty

DOWN = "\x1b[B"
SPACE = " "


def spawn(home: Path, *args: str, columns: int = 100) -> pexpect.spawn:
    environment = {
        **os.environ,
        "TERM": "xterm",
        "COLUMNS": str(columns),
        "LINES": "40",
        "PRIMER_HOME": str(home),
    }
    environment.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable, ["-m", "primer_cli", *args], env=environment, encoding="utf-8",
        dimensions=(40, columns), timeout=30,
    )  # fmt: skip


def progress(home: Path) -> dict[str, object]:
    environment = {**os.environ, "PRIMER_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "primer_cli", "progress", "--json"],
        capture_output=True, text=True, env=environment, check=True,
    )  # fmt: skip
    return dict(json.loads(done.stdout))


def test_arrow_keys_enter_then_ctrl_c_keeps_both_answers(tmp_path: Path) -> None:
    # With this seed the first two questions of the CAP quiz are choice questions.
    child = spawn(
        tmp_path,
        "quiz",
        "cap",
        "--seed",
        "5",
        "-n",
        "5",
        "--kind",
        "single",
        "--kind",
        "true-false",
        "--kind",
        "scenario",
    )
    for _ in range(2):
        child.expect("Your answer")
        child.expect(r"a\) ")
        child.send(DOWN)
        child.send("\r")
        child.expect("(Right|Wrong)")
        child.expect("next review")
    child.expect("Your answer")
    child.sendintr()
    child.expect("Every answer so far is saved")
    rest = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    assert "2 of" in rest  # the summary counts the two answers
    data = progress(tmp_path)
    assert data["answered"] == 2


def test_checkbox_numeric_validation_and_the_hint(tmp_path: Path) -> None:
    child = spawn(
        tmp_path,
        "quiz",
        "back-of-envelope-estimation",
        "--seed",
        "1",
        "-n",
        "12",
        "--kind",
        "multiple",
        "--kind",
        "numeric",
    )
    asked = 0
    while asked < 3:
        index = child.expect(["Select all that apply", r"Your answer, a (number|rate|percentage)"])
        if index == 0:
            child.send(SPACE)  # tick the first box
            child.send("\r")
        else:
            child.send("fast\r")  # not a number: questionary shows our message and asks again
            child.expect("does not start with a number")
            child.send("\x15?\r")  # Ctrl-U, then '?' for the hint where there is one
            index = child.expect(["Hint:", "does not start with a number"])
            child.send("\x1540\r")
        child.expect("(Right|Wrong)")
        asked += 1
    child.sendintr()
    child.read()
    child.close()
    assert child.exitstatus == 130
    assert progress(tmp_path)["answered"] == 3


def screen_of(child: pexpect.spawn) -> str:
    """What the last expect read, matched part included, without terminal escapes."""
    import re

    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", (child.before or "") + str(child.after or ""))


def test_long_choices_wrap_and_an_empty_selection_is_refused(tmp_path: Path) -> None:
    """At 80 columns a long choice is wrapped whole, never cut; Enter with nothing ticked is
    refused (the reason shows in the prompt's bottom bar, which needs a terminal that answers
    cursor-position requests; pexpect does not, so the store says it: one answer, the ticked one)."""
    import sqlite3

    child = spawn(
        tmp_path, "quiz", "bloom-filter", "--kind", "multiple", "-n", "1", "--seed", "2", columns=80
    )
    child.expect("Select all that apply")
    child.expect(r"e\) [^\r]*\r\r\n[^\r]*hit wonders")  # choice e, wrapped onto a second line
    shown = screen_of(child)
    assert "…" not in shown
    assert all(len(line) <= 80 for line in shown.splitlines()), shown
    child.send("\r")  # nothing ticked: not an answer
    child.send(SPACE)
    child.send("\r")
    child.expect("(Right|Wrong)")
    child.read()
    child.close()
    with sqlite3.connect(tmp_path / "progress.sqlite3") as db:
        assert db.execute("SELECT given FROM answers").fetchall() == [("a",)]
