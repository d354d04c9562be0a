"""Showing long output through the user's pager, and printing it when no pager can show it.

`pydoc.pager` used to do this, but it trusts the pager: with `PAGER=false` or
a `PAGER` that does not exist, the text went nowhere and primer exited 0. Here
the pager runs as a shell command (as `PAGER` is defined, and as git runs it),
and when it cannot start or exits with an error, the text is printed instead.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_PAGER = "less"
LESS_OPTIONS = "-RFX"  # keep colours; quit at once if it fits after all; leave the screen as is


def page(text: str) -> None:
    """Show `text` in the pager, or print it if the pager fails."""
    if not _paged(text):
        sys.stdout.write(text)


def _paged(text: str) -> bool:
    command = os.environ.get("PAGER", "").strip() or DEFAULT_PAGER
    environment = {**os.environ, "LESS": os.environ.get("LESS", LESS_OPTIONS)}
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    assert pager.stdin is not None  # asked for with stdin=PIPE
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    errors = getattr(sys.stdout, "errors", None) or "strict"
    try:
        with pager.stdin:
            pager.stdin.write(text.encode(encoding, errors))
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the reader quit before the end, which is what a pager is for
    return _wait(pager) == 0


def _wait(pager: subprocess.Popen[bytes]) -> int:
    """The pager's exit status. Ctrl-C belongs to the pager while it runs, as in less itself."""
    while True:
        try:
            return pager.wait()
        except KeyboardInterrupt:
            continue
