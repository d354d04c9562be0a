"""Standard streams primer can always use, whatever the shell handed it.

Three things a shell can do to a program's streams used to end in a
traceback:

- close one (`>&-`, `2>&-`): Python then has `None` for it. A closed stdout
  becomes `ClosedOutput`, whose writes fail, so the command reports that it
  could not write and exits 1 instead of printing nothing and exiting 0;
- point stdout at something that fails on write (`>/dev/full`): the error is
  reported in one line and the exit code is 1;
- give an encoding that cannot show primer's characters (`LC_ALL=C`,
  `PYTHONIOENCODING=ascii`): characters the stream cannot encode are written
  as ASCII look-alikes of the same width ("✓" as "+", "—" as "-"), so tables
  stay aligned, rather than raising UnicodeEncodeError. Rich sees the
  encoding too and draws its boxes in ASCII by itself.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
from typing import Any

EXIT_ERROR = 1

# What primer prints beyond ASCII, each with a stand-in one cell wide.
_STAND_INS = {
    **dict.fromkeys("─━═┄╌", "-"),
    **dict.fromkeys("│┃║┆▍▏", "|"),
    **dict.fromkeys("╭╮╰╯┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝", "+"),
    **dict.fromkeys("‘’′", "'"),
    **dict.fromkeys("“”″", '"'),
    **dict.fromkeys("–—−", "-"),
    **dict.fromkeys("·•∙●◦", "*"),
    **dict.fromkeys("→⇒▶►", ">"),
    **dict.fromkeys("←⇐◀", "<"),
    "…": ".",
    "✓": "+",
    "✗": "x",
    "×": "x",
    "÷": "/",
    "≈": "~",
    "≤": "<",
    "≥": ">",
    "µ": "u",
    "█": "#",
    "▓": "#",
    "▒": ":",
    "░": ".",
    "■": "#",
    "□": "o",
    "½": "h",
    "¼": "q",
}
ERRORS = "primer-ascii"


def _stand_in(character: str) -> str:
    """ASCII as wide as `character` is on screen (as Rich measures it, which lays it out)."""
    import unicodedata

    from rich.cells import cell_len  # only once something could not be encoded

    if character in _STAND_INS:
        return _STAND_INS[character]
    width = cell_len(character)
    plain = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
    if len(plain) == width == 1:
        return plain  # é as e, ² as 2
    return "?" * width


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_stand_in(character) for character in bad), error.end


codecs.register_error(ERRORS, _ascii_fallback)


class OutputFailed(OSError):
    """Writing stdout failed: it is closed, full, or its reader is gone."""


class _StdoutFile(io.FileIO):
    """File descriptor 1, whose write errors are marked as the output's own."""

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError as error:
            raise OutputFailed(error.errno, error.strerror) from None


class ClosedOutput(io.TextIOBase):
    """Stands in for a stream the shell closed: writing to it fails, and says why."""

    encoding = "utf-8"

    def __init__(self, name: str) -> None:
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OutputFailed(errno.EBADF, f"standard {self.name} is closed")

    def flush(self) -> None:
        pass


def prepare_streams() -> None:
    """Make stdout, stderr and stdin safe to use before any command runs."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput("output")
    else:
        sys.stdout = _marked(sys.stdout)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives until exit)
    for stream in (sys.stdout, sys.stderr):
        if not _can_show_unicode(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=ERRORS)
    stdin = sys.stdin
    strict = stdin is not None and getattr(stdin, "errors", "") == "strict"
    if strict and not _can_show_unicode(stdin) and hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")  # a typed "µs" must not crash an ASCII stdin


def _marked(stream: Any) -> Any:
    """The same stdout, rebuilt over `_StdoutFile` so a failed write can be told apart."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return stream  # not a real file (a test's capture): leave it alone
    return io.TextIOWrapper(
        io.BufferedWriter(_StdoutFile(descriptor, "w", closefd=False)),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=getattr(stream, "write_through", False),
    )


def _can_show_unicode(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "─✓·…→".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def is_output_failure(error: OSError) -> bool:
    """True when `error` came from writing stdout: it is closed, full or gone."""
    return isinstance(error, OutputFailed) or error.errno == errno.EPIPE


def flush_output() -> int | None:
    """Flush stdout now, while a failure can still be reported; the exit code if it failed."""
    try:
        sys.stdout.flush()
    except OSError as error:
        return report_output_failure(error)
    except ValueError:  # already closed by someone else: nothing left to send
        pass
    return None


def report_output_failure(error: OSError) -> int:
    """Say once, on stderr, that the output could not be written; never write to stdout again."""
    if error.errno != errno.EPIPE:  # a reader that stopped reading is not an error to report
        reason = error.strerror or str(error)
        _say(f"primer: could not write the output: {reason}")
    _silence_stdout()
    return EXIT_ERROR


def report_os_error(error: OSError) -> int:
    """An operating-system error no command turned into a message of its own: one line, exit 1."""
    where = f": {error.filename}" if error.filename else ""
    _say(f"primer: {error.strerror or error}{where}")
    return EXIT_ERROR


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr gone too: the exit code must do
        print(message, file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Send whatever is still buffered for stdout, and anything later, to /dev/null.

    Python flushes stdout once more at exit; without this, that flush fails
    again and prints "Exception ignored" with its own exit code.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives until exit)
    finally:
        os.close(null)
