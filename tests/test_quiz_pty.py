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


def spawn(home: Path, *args: str) -> pexpect.spawn:
    environment = {
        **os.environ,
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "40",
        "PRIMER_HOME": str(home),
    }
    environment.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable, ["-m", "primer_cli", *args], env=environment, encoding="utf-8",
        dimensions=(40, 100), timeout=30,
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
