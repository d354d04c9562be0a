"""A built wheel, installed into a fresh venv, finds its content from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import CONTENT, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a fresh venv with primer installed from its wheel (not editable)."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (root / "dist").glob("primer_cli-*.whl")
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    subprocess.run(
        [str(bin_dir / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True
    )
    return bin_dir


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRIMER_HOME": str(cwd / "home"),
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
    }
    env.pop("PRIMER_CONTENT", None)
    return subprocess.run(
        [str(bin_dir / "primer"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_installed_wheel_runs_learn_from_another_directory(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "learn", "cap", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "CAP theorem" in result.stdout and "Key points" in result.stdout


def test_installed_wheel_ships_every_topic(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{len(list(CONTENT.glob('*.yaml')))} topics" in result.stdout
    assert "_data" in result.stdout  # read from inside the installed package, not this checkout


def test_installed_wheel_asks_grades_and_schedules_a_question(
    installed: Path, tmp_path: Path
) -> None:
    """Every dependency the quiz needs (fsrs among them) is installed with the wheel."""
    env = {**os.environ, "PRIMER_HOME": str(tmp_path / "home")}
    env.pop("PRIMER_QUIZZES", None)
    done = subprocess.run(
        [str(installed / "primer"), "quiz", "cap", "-n", "1", "--seed", "1", "--json"],
        cwd=tmp_path, env=env, input="a\n", capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"total": 1' in done.stdout and '"next_due"' in done.stdout
