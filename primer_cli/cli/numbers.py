"""`primer numbers`: the latency table and powers of two, the figures every estimate leans on.

Registered by `primer_cli.cli.estimate.register`, which adds it beside
`primer estimate`. Only Typer loads at import time.
"""

from __future__ import annotations

import typer

from primer_cli.cli._app import PrimerTyper
from primer_cli.cli.estimate_output import emit, emit_json

numbers_app = PrimerTyper(
    name="numbers",
    help="The numbers every engineer should know: latency table and powers of two.",
    no_args_is_help=True,
)

JSON = typer.Option(False, "--json", help="Print the table as JSON.")
MEASURED = typer.Option(
    False, "--measured", help="Add a column measured on this machine by the latest `primer bench`."
)


@numbers_app.command("latency")
def latency_numbers(as_json: bool = JSON, measured: bool = MEASURED) -> None:
    """The latency table, with a human-scale column (1 ns becomes 1 s) and orders of magnitude."""
    if measured:  # owned by `primer bench`, which measured the column
        from primer_cli.cli.bench import show_latency_measured

        show_latency_measured(as_json=as_json)
        return
    from primer_cli.estimate.latency import HANDY_METRICS, LATENCY_TABLE

    if as_json:
        emit_json(
            {
                "operations": [op.to_dict() for op in LATENCY_TABLE],
                "handy_metrics": list(HANDY_METRICS),
            }
        )
        return
    from primer_cli.render.estimate import render_latency_table

    emit(render_latency_table(LATENCY_TABLE, HANDY_METRICS))


@numbers_app.command("powers")
def powers_numbers(as_json: bool = JSON) -> None:
    """Powers of two with exact and approximate values and sizes in bytes."""
    from primer_cli.estimate.latency import powers_of_two

    rows = powers_of_two()
    if as_json:
        emit_json([row.to_dict() for row in rows])
        return
    from primer_cli.render.estimate import render_powers

    emit(render_powers(rows))


def register(app: PrimerTyper) -> None:
    app.add_typer(numbers_app, name="numbers", rich_help_panel="Estimate")
