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
from primer_cli.cli._app import PrimerTyper

app = PrimerTyper(
    name="primer",
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
    """Learn system design in the terminal: read topics, estimate capacity, watch systems behave."""


learn.register(app)
estimate.register(app)
demo.register(app)
quiz.register(app)
bench.register(app)
anki_commands.register(app)
tui.register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C before Typer took over: leave quietly.
        sys.exit(130)
