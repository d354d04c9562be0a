"""`primer bench`: measure the latency table on this machine, save the run, compare runs.

Also serves `primer numbers latency --measured`. Only Typer loads at import
time: the measurements (sockets, threads, hashing) and Rich load inside the
command.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import typer

from primer_cli.cli._app import PrimerTyper, console, print_error, print_json
from primer_cli.errors import UsageProblem

if TYPE_CHECKING:
    from primer_cli.bench.run import Run
    from primer_cli.bench.settings import Effort
    from primer_cli.bench.store import SavedRuns

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports it
HISTORY_RUNS = 6  # columns in --history: enough to see a trend, narrow enough for 100 columns

QUICK_FLAG = typer.Option(
    False, "--quick", help="Fewer, shorter trials: under 5 s instead of under 30 s."
)
JSON = typer.Option(
    False,
    "--json",
    help="Print only JSON on stdout: {rows: [{operation, table_ns, measured_ns, p10_ns, p90_ns, note, reason}]}.",
)
HISTORY = typer.Option(False, "--history", help="Compare the saved runs instead of measuring.")
DIRECTORY = typer.Option(
    None,
    "--dir",
    help="Make the temporary directory here (default: the system's). Pick a disk, not tmpfs, for the drive rows.",
    exists=True,
    file_okay=False,
    dir_okay=True,
    writable=True,
    show_default=False,
)
SAVE = typer.Option(
    True,
    "--save/--no-save",
    help="Keep the run for --history and for primer numbers latency --measured.",
)


def bench(
    quick: bool = QUICK_FLAG,
    as_json: bool = JSON,
    history: bool = HISTORY,
    directory: Path | None = DIRECTORY,
    save: bool = SAVE,
) -> None:
    """Measure the latency table's numbers on this machine, beside the 2012 figures."""
    try:
        if history:
            _refuse_with_history(quick=quick, directory=directory, save=save)
            show_history(as_json=as_json)
        else:
            measure_and_show(quick=quick, as_json=as_json, directory=directory, save=save)
    except KeyboardInterrupt:  # outside the measuring itself: while saving or printing
        raise typer.Exit(EXIT_INTERRUPTED) from None


def measure_and_show(*, quick: bool, as_json: bool, directory: Path | None, save: bool) -> None:
    from primer_cli.bench.settings import FULL, QUICK

    run = measure(QUICK if quick else FULL, directory)
    saved = _save(run) if save else None
    if as_json:
        print_json(run.to_dict())
    else:
        from primer_cli.render.bench import render_run

        console().print(render_run(run))
    if saved is not None:
        from rich.text import Text

        # The path on a line of its own, folded only if it is wider than the terminal.
        said = Text.assemble("Saved this run as\n", (str(saved), "bold"), style="dim")
        said.append("\nCompare runs: primer bench --history")
        console(stderr=True).print(said, overflow="fold")


def _refuse_with_history(*, quick: bool, directory: Path | None, save: bool) -> None:
    """--history measures nothing, so the measuring options would silently do nothing."""
    for given, flag in (
        (quick, "--quick"),
        (directory is not None, "--dir"),
        (not save, "--no-save"),
    ):
        if given:
            raise UsageProblem(
                "--history compares saved runs and measures nothing",
                param=flag,
                hint=f"Drop {flag}.",
            )


def measure(effort: Effort, directory: Path | None) -> Run:
    """Run the probes with a progress bar; Ctrl-C removes the temporary files and exits 130."""
    from primer_cli.bench.runner import run_bench
    from primer_cli.render.bench import progress_bar

    messages = console(stderr=True)
    try:
        with _terminate_cleanly(), progress_bar(messages) as report:
            return run_bench(effort, directory=directory, on_progress=report)
    except KeyboardInterrupt:
        messages.print("[dim]Interrupted: nothing saved; the temporary files are gone.[/]")
        raise typer.Exit(EXIT_INTERRUPTED) from None


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C does, so the temporary directory is removed then too."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(EXIT_TERMINATED)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _save(run: Run) -> Path | None:
    from primer_cli.bench.store import save_run

    try:
        return save_run(run)
    except OSError as error:  # the measurements are still worth printing
        print_error(f"could not save the run: {error}")
        return None


def _load_saved() -> SavedRuns:
    from primer_cli.bench.store import load_runs, runs_dir

    saved = load_runs()
    for problem in saved.problems:
        console(stderr=True).print(f"[yellow]Warning:[/] {problem}", soft_wrap=True, markup=True)
    if not saved.runs:
        print_error(
            f"no saved primer bench runs in {runs_dir()}.",
            hint="Measure one first: primer bench --quick (about 5 s).",
        )
        raise typer.Exit(1)
    return saved


def show_history(*, as_json: bool) -> None:
    from primer_cli.bench.history import compare

    shown = _load_saved().runs[-HISTORY_RUNS:]
    history = compare(tuple(run for _, run in shown))
    if as_json:
        print_json(
            {
                "runs": [_run_header(path, run) for path, run in shown],
                "rows": [
                    {
                        "id": row.id,
                        "operation": row.operation,
                        "medians_ns": list(row.medians_ns),
                        "spread": row.spread,
                        "stable": row.stable,
                    }
                    for row in history.rows
                ],
            }
        )
        return
    from primer_cli.render.bench import render_history

    console().print(render_history(history, [path for path, _ in shown]))


def _run_header(path: Path, run: Run) -> dict[str, Any]:
    return {
        "file": str(path),
        "started_at": run.started_at,
        "effort": run.effort,
        "seconds": run.seconds,
        "machine": run.machine,
    }


def show_latency_measured(*, as_json: bool) -> None:
    """`primer numbers latency --measured`: the table beside the latest saved run."""
    from primer_cli.estimate.latency import HANDY_METRICS, LATENCY_TABLE

    path, run = _load_saved().runs[-1]
    if as_json:
        print_json(
            {
                "operations": [_with_measured(op.to_dict(), run) for op in LATENCY_TABLE],
                "handy_metrics": list(HANDY_METRICS),
                "measured_run": _run_header(path, run),
            }
        )
        return
    from primer_cli.render.bench import render_latency_measured

    console().print(render_latency_measured(LATENCY_TABLE, run, path))


def _with_measured(operation: dict[str, Any], run: Run) -> dict[str, Any]:
    row = run.row(str(operation["name"]))
    return {
        **operation,
        "measured_ns": row.measured_ns if row else None,
        "measured_p10_ns": row.p10_ns if row else None,
        "measured_p90_ns": row.p90_ns if row else None,
        "measured_lower_bound": row.lower_bound if row else False,
        "measured_note": row.note if row else None,
        "measured_reason": row.reason if row else "primer bench has no row for this operation",
    }


def register(app: PrimerTyper) -> None:
    app.command(rich_help_panel="Measure")(bench)
