"""Starting a process: spawn `true` and wait for it to exit."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable

from primer_cli.bench.context import Context
from primer_cli.bench.outcome import Measured, NotMeasured, Outcome
from primer_cli.bench.stats import Spread
from primer_cli.bench.timing import WALL, per_operation

PROGRAM = "true"  # does nothing and exits 0: the time is all start-up and exit


def _spawner(path: str) -> Callable[[int], None]:
    if hasattr(os, "posix_spawn"):

        def batch(count: int) -> None:
            for _ in range(count):
                os.waitpid(os.posix_spawn(path, [PROGRAM], os.environ), 0)

        return batch

    def fallback(count: int) -> None:
        for _ in range(count):
            subprocess.run([path], check=False)

    return fallback


def start_process(context: Context) -> Outcome:
    path = shutil.which(PROGRAM)
    if path is None:
        return NotMeasured(f"No `{PROGRAM}` program on PATH to start.")
    samples = per_operation(_spawner(path), context.effort, WALL)
    how = "posix_spawn" if hasattr(os, "posix_spawn") else "subprocess.run"
    note = f"{how} of {path}, until waitpid sees it exit: fork/exec, loading, exit. Wall clock."
    return Measured(Spread.of(samples), note)
