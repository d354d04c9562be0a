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


def time_to_screen(
    command: list[str], env: dict[str, str], marker: bytes, *, rows: int = 24, columns: int = 80
) -> float:
    """Seconds from starting `command` in a pseudo-terminal until `marker` is on its screen."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                raise RuntimeError(f"nothing after 30 s; saw {seen[-300:]!r}")
            seen += os.read(leader, 65536)
        return time.perf_counter() - start
    finally:
        child.kill()
        child.wait()
        os.close(leader)
