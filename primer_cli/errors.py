"""Errors a user can cause and fix; the CLI shows them without a traceback.

Core modules raise these; the faces decide how to print them. Exit codes follow
the command-line convention: 1 for a failure, 2 for a usage mistake.
"""

from __future__ import annotations

EXIT_ERROR = 1
EXIT_USAGE = 2


class PrimerError(Exception):
    """A problem the user can act on; `message` says what and how."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageProblem(PrimerError):
    """A bad argument or option value; `param` names it, e.g. '--count'."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, param: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.param = param
