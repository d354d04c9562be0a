"""The `primer` command: one Typer app composed from one module per command group.

Command modules import only Typer at the top; each command imports what it
needs (YAML, Rich, Textual, questionary, SQLite) inside its own body, so
`primer --version` costs little more than importing Typer.
"""

from __future__ import annotations

import importlib
import sys

import typer
from typer.models import CommandInfo, TyperInfo

from primer_cli import __version__
from primer_cli.cli._app import PrimerGroup, PrimerTyper

EXIT_INTERRUPTED = 130


class RootGroup(PrimerGroup):
    """`primer`'s commands in the order a learner meets them (help panels follow it)."""

    ORDER = (
        "learn", "topics", "search",  # Read
        "quiz", "review", "progress", "next",  # Practise
        "estimate", "numbers",  # Estimate
        "demo",  # Watch
        "tui",  # Everything in one app
        "bench",  # Measure
        "export", "import", "decks",  # Anki
        "check",  # Author
    )  # fmt: skip

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


HELP = "Learn system design in the terminal: read topics, quiz yourself, estimate capacity, watch systems behave."

# The module that registers each top-level command. A run that names its command
# imports and builds only that module's commands (tests/test_cli_assembly.py
# holds this table to what the modules register).
MODULES = {
    "learn": "learn", "topics": "learn", "search": "learn", "check": "learn",
    "quiz": "quiz", "review": "quiz", "progress": "quiz", "next": "quiz",
    "estimate": "estimate", "numbers": "estimate",
    "demo": "demo",
    "tui": "tui",
    "bench": "bench",
    "export": "anki", "import": "anki", "decks": "anki",
}  # fmt: skip
_EVERY_MODULE = tuple(dict.fromkeys(MODULES.values()))
_VERSION_FLAGS = ("--version", "-V")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"primer {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Show the version and exit.",
        is_eager=True,
        callback=_show_version,
    ),
) -> None:
    """Learn system design in the terminal: read topics, quiz yourself, estimate capacity, watch systems behave."""


def build_app(modules: tuple[str, ...] = _EVERY_MODULE, only: str | None = None) -> PrimerTyper:
    """The `primer` app with the commands of these modules (all of them by default).

    `only` keeps just the command of that name: Typer turns every registered
    command's signature into Click parameters before it runs any (65
    signatures, 20-30 ms of a 150 ms `primer learn`).
    """
    app = PrimerTyper(
        name="primer", cls=RootGroup, help=HELP, no_args_is_help=True, rich_markup_mode="rich"
    )
    app.callback()(_root)
    for module in modules:
        importlib.import_module(f"primer_cli.cli.{module}").register(app)
    if only is not None:
        app.registered_commands = [c for c in app.registered_commands if command_name(c) == only]
        app.registered_groups = [g for g in app.registered_groups if group_name(g) == only]
    return app


def app_for(args: list[str]) -> PrimerTyper:
    """The app this command line needs: only the command its first argument names.

    Anything else (no command, `--help`, a misspelling that deserves "did you
    mean", shell completion, whose words are not in argv) gets every command.
    `primer --version` gets none.
    """
    if args and args[0] in _VERSION_FLAGS:
        return build_app(modules=())
    if args and args[0] in MODULES:
        return build_app(modules=(MODULES[args[0]],), only=args[0])
    return build_app()


def command_name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    return None if info.callback is None else typer.main.get_command_name(info.callback.__name__)


def group_name(info: TyperInfo) -> str | None:
    name = info.name if isinstance(info.name, str) else None
    if name is None and info.typer_instance is not None:
        own = info.typer_instance.info.name
        name = own if isinstance(own, str) else None
    return name


def __getattr__(name: str) -> PrimerTyper:
    # `from primer_cli.cli import app` (tests, tools): the whole app, built on first use.
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run one command and exit with its code, whatever happens to the streams.

    Exit codes: 0 done, 1 an error (including output that could not be
    written), 2 a usage mistake, 130 interrupted. Typer maps Ctrl-C to 130 and
    a closed pipe to 1 itself; what it lets through is handled here.
    """
    sys.exit(run())


def run() -> int:
    from primer_cli.cli import _streams

    _streams.prepare_streams()
    try:
        app_for(sys.argv[1:])()
    except SystemExit as done:
        code = _exit_code(done)
    except KeyboardInterrupt:  # Ctrl-C outside Typer's own handling: leave quietly
        code = EXIT_INTERRUPTED
    except OSError as error:
        if _streams.is_output_failure(error):
            return _streams.report_output_failure(error)
        return _streams.report_os_error(error)
    else:
        code = 0
    failed = _streams.flush_output()
    return code if failed is None else failed


def _exit_code(done: SystemExit) -> int:
    if done.code is None:
        return 0
    return done.code if isinstance(done.code, int) else 1
