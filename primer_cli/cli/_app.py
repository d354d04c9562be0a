"""Shared plumbing for every command group: the Typer classes and output helpers.

Every command is built with `PrimerTyper`, whose commands catch a core
`PrimerError`: a usage problem becomes `typer.BadParameter`, which Typer prints
like its own usage errors and exits 2; any other problem prints one red line
(and a hint) on stderr and exits 1. Never a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import typer
from typer._click.exceptions import NoSuchOption
from typer.core import TyperCommand, TyperGroup

from primer_cli.errors import PrimerError, UsageProblem

if TYPE_CHECKING:
    from rich.console import Console
    from typer._click.core import Context  # the type Typer's own classes declare

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def _report(error: PrimerError, ctx: Context | None) -> typer.Exit | typer.BadParameter:
    if isinstance(error, UsageProblem):
        from primer_cli.render.markup import inline  # Typer prints the text as it is: no `marks`

        message = (
            error.message if not error.hint else f"{error.message}\n{inline(error.hint).plain}"
        )
        return typer.BadParameter(message, ctx=ctx, param_hint=_param_hint(error.param))
    print_error(error.message, hint=error.hint)
    return typer.Exit(error.exit_code)


def _param_hint(param: str | None) -> str | None:
    if param is None:
        return None
    return param if param.startswith("-") else f"'{param}'"


def print_error(message: str, *, hint: str | None = None) -> None:
    from rich.text import Text

    from primer_cli.render.markup import inline

    err = console(stderr=True)
    err.print(Text("Error: ", style="bold red") + Text(message), soft_wrap=True)
    if hint:
        err.print(inline(hint, style="dim"), soft_wrap=True)


class _ShortEchoes:
    """Click echoes an unknown option whole: 1,500 dashes would fill the screen."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except NoSuchOption as error:
            from primer_cli.checking import echoed

            raise NoSuchOption(
                echoed(error.option_name), possibilities=error.possibilities, ctx=error.ctx
            ) from None


class PrimerCommand(_ShortEchoes, TyperCommand):
    """A command whose user errors print cleanly, never as tracebacks."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except PrimerError as error:
            raise _report(error, ctx) from None


class PrimerGroup(_ShortEchoes, TyperGroup):
    """A group that does the same for errors raised by its own callback."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except PrimerError as error:
            raise _report(error, None) from None


class PrimerTyper(typer.Typer):
    """`typer.Typer` with primer's command and group classes and `-h` for help."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", PrimerGroup)
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        kwargs.setdefault("no_args_is_help", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", PrimerCommand)
        return super().command(*args, **kwargs)


def print_json(data: Any) -> None:
    """Data on stdout, exactly JSON: no colour, no wrapping, no extra text."""
    import json  # only the --json paths pay for it

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def console(*, stderr: bool = False) -> Console:
    """A Rich console; Rich drops colour when piped and honours NO_COLOR itself."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)


def stdin_is_interactive() -> bool:
    """True when a person can answer prompts: both ends are terminals (and neither is closed)."""
    stdin, stdout = sys.stdin, sys.stdout
    if stdin is None or stdout is None or os.environ.get("TERM") == "dumb":
        return False
    return stdin.isatty() and stdout.isatty()
