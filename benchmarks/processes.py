"""What the start-up benchmarks share: how to run primer and time one process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def primer_command() -> list[str]:
    """The installed `primer` script beside this interpreter, else `python -m primer_cli`."""
    script = Path(sys.executable).with_name("primer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "primer_cli"]


def bench_env(**extra: str) -> dict[str, str]:
    """The caller's environment, as an installed primer would see it."""
    env = {**os.environ, **extra}
    # An installed primer has its .pyc files; never time recompiling the package.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(command: list[str], env: dict[str, str], *, exit_code: int = 0) -> float:
    """Wall-clock seconds for one run of `command`, output discarded; it must exit `exit_code`."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != exit_code:
        raise subprocess.CalledProcessError(done.returncode, command)
    return elapsed
