"""Helpers for the hardening tests: running primer in-process as its entry point does.

`run_main` calls `primer_cli.cli.run()` (what the `primer` command runs) with
the argument list and the standard streams a test hands it, so stream
handling is exercised exactly as in a shell, without starting a process.
`tiny_tree` makes a one-topic content directory with its question file, so
`primer check` on it takes milliseconds rather than parsing the whole bank.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CONTENT, REPO

QUIZZES = REPO / "quizzes"
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\w+Error: |^\w+Exception: ", re.M)


@dataclass
class Ran:
    code: int
    out: bytes
    err: str


def run_main(
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    *,
    stdout: Any = "capture",
    stdin: Any = None,
    encoding: str = "utf-8",
) -> Ran:
    """Run `primer ARGS` in this process; stdout 'capture' is a byte buffer in `encoding`."""
    from primer_cli.cli import run

    buffer = io.BytesIO()
    if stdout == "capture":
        stdout = io.TextIOWrapper(buffer, encoding=encoding, write_through=True)
    err = io.StringIO()
    monkeypatch.setattr(sys, "argv", ["primer", *args])
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", stdin)
    code = run()
    return Ran(code, buffer.getvalue(), err.getvalue())


def assert_clean(code: int, expected: int, err: str) -> None:
    """The exit code expected, and nothing on stderr that looks like a traceback."""
    assert not TRACEBACK.search(err), err
    assert code == expected, err


def tiny_tree(root: Path, topic: str = "cap-theorem") -> tuple[Path, Path, Path]:
    """A content directory holding one topic (no related topics) and its question file."""
    content, quizzes = root / "content", root / "quizzes"
    content.mkdir(parents=True)
    quizzes.mkdir()
    data = yaml.safe_load((CONTENT / f"{topic}.yaml").read_text(encoding="utf-8"))
    data["related"] = []
    path = content / f"{topic}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copy(QUIZZES / f"{topic}.yaml", quizzes)
    return content, quizzes, path


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line of `path` that starts with `prefix`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))
