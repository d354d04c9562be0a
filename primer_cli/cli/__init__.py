"""The `primer` command: one Typer app composed from one module per command group.

Command modules import only Typer at the top; each command imports what it
needs (YAML, Rich, Textual, questionary, SQLite) inside its own body, so
`primer --version` costs little more than importing Typer.
"""

from __future__ import annotations

import sys

import typer

from primer_cli import __version__
from primer_cli.cli import anki as anki_commands
from primer_cli.cli import bench, demo, estimate, learn, quiz, tui
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


app = PrimerTyper(
    name="primer",
    cls=RootGroup,
    help="Learn system design in the terminal: read topics, quiz yourself, estimate capacity, watch systems behave.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"primer {__version__}")
        raise typer.Exit()


@app.callback()
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


learn.register(app)
estimate.register(app)
demo.register(app)
quiz.register(app)
bench.register(app)
anki_commands.register(app)
tui.register(app)


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
        app()
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
