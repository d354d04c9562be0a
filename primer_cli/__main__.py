"""The `primer` command and `python -m primer_cli`: quiet on Ctrl-C from the first line.

Importing Typer, Rich and the commands takes about 100 ms, before any of
primer's own error handling exists; a Ctrl-C in that window used to print a
KeyboardInterrupt traceback. Until the imports are done, Ctrl-C ends the
process at once with 130, which is safe because nothing has been read or
written yet. This module imports nothing else, so the window is as small as
Python allows.
"""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130


def _leave_quietly(signum: int, frame: object) -> None:
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    # Not when the shell told us to ignore Ctrl-C (a background job): keep that.
    guarded = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if guarded:
        signal.signal(signal.SIGINT, _leave_quietly)
    from primer_cli.cli import run

    if guarded:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(run())


if __name__ == "__main__":
    main()
