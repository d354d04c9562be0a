"""Rich renderings for `primer bench`: the measured table, the run history, a progress bar,
and the latency table with a measured column (`primer numbers latency --measured`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from primer_cli.estimate.quantity import format_duration
from primer_cli.render.markup import inline
from primer_cli.wording import count_of

if TYPE_CHECKING:  # types only: the core loads inside the commands
    from primer_cli.bench.history import History
    from primer_cli.bench.run import Row, Run
    from primer_cli.estimate.latency import LatencyOperation

ACCENT = "cyan"
MUTED = "dim"
FASTER = "green"
SLOWER = "yellow"
UNSTEADY = 2.0  # runs of a stable row further apart than this deserve a look
NOT_MEASURED = "—"


def duration(ns: float | None) -> str:
    return NOT_MEASURED if ns is None else format_duration(ns / 1e9)


def ratio_text(ratio: float | None) -> Text:
    """'13× faster' or '1.8× slower'; bold once the table is off by an order of magnitude."""
    if ratio is None:
        return Text("")
    faster = ratio < 1
    factor = 1 / ratio if faster else ratio
    words = f"{factor:.2g}× {'faster' if faster else 'slower'}" if factor >= 1.05 else "same"
    style = FASTER if faster else SLOWER
    return Text(words, style=f"bold {style}" if factor >= 10 else style)


def _spread_cell(row: Row) -> str:
    """'135–145 ns'; the unit once when both ends share it."""
    if row.p10_ns is None or row.p90_ns is None:
        return ""
    low, high = duration(row.p10_ns), duration(row.p90_ns)
    low_number, _, low_unit = low.partition(" ")
    return f"{low_number}–{high}" if high.endswith(" " + low_unit) else f"{low}–{high}"


def render_run(run: Run) -> Group:
    """Every row: the table's figure, the median, the p10–p90 spread and the ratio; then the notes."""
    table = Table(
        title="Latency numbers, measured on this machine",
        title_style="bold",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Operation", style="bold")
    table.add_column("Table", justify="right", no_wrap=True)
    table.add_column("Measured", justify="right", no_wrap=True, style=ACCENT)
    table.add_column("p10–p90", justify="right", no_wrap=True, style=MUTED)
    table.add_column("vs table", no_wrap=True)
    for row in run.rows:
        table.add_row(
            row.operation,
            duration(row.table_ns) if row.table_ns else "new",
            duration(row.measured_ns),
            _spread_cell(row),
            ratio_text(row.ratio),
            end_section=row.table_ns is not None and row is _last_table_row(run),
        )
    return Group(table, _notes(run, measured=True), _notes(run, measured=False), _run_summary(run))


def _last_table_row(run: Run) -> Row | None:
    return next((row for row in reversed(run.rows) if row.table_ns is not None), None)


def _notes(run: Run, *, measured: bool) -> Group:
    """What each measured row timed, or why each other row was not measured."""
    notes = Table.grid(padding=(0, 1))
    notes.add_column(no_wrap=True)
    notes.add_column()
    for row in run.rows:
        if (row.reason is None) != measured:
            continue
        text = Text(row.operation, style="bold")
        if row.table_operation:
            text.append(f" (table: {row.table_operation})")
        text.append(f": {row.note if measured else row.reason}", style=MUTED)
        notes.add_row("•", text)
    heading = Text("What was measured" if measured else "Not measured", style="bold")
    return Group(heading, notes, Text(""))


def _run_summary(run: Run) -> Text:
    measured = sum(row.measured_ns is not None for row in run.rows)
    trials = max((row.trials for row in run.rows), default=0)
    summary = Text(style=MUTED)
    summary.append(
        f"{count_of(measured, 'row')} measured of {len(run.rows)}, medians of up to "
        f"{count_of(trials, 'trial')}, in {run.seconds:.1f} s ({run.effort} run). "
    )
    summary.append(
        f"The interpreter's own cost: {run.interpreter.loop_ns:.0f} ns a loop step and "
        f"{run.interpreter.call_ns:.0f} ns a call of a trivial built-in; subtracted only where "
        "a note says so. 'new': a row the 2012 table lacks. Bold: an order of magnitude or more "
        "from the table. CPU: "
        f"{run.machine.get('cpu', 'unknown')}, {run.machine.get('cpus', '?')} CPUs."
    )
    return summary


def render_history(history: History, paths: Sequence[Path]) -> Group:
    """One column per saved run, oldest first, and how far apart the runs are."""
    table = Table(
        title="primer bench runs, medians",
        title_style="bold",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Operation", style="bold")
    for run in history.runs:
        table.add_column(_run_heading(run), justify="right", no_wrap=True)
    table.add_column("max ÷ min", justify="right", no_wrap=True)
    for row in history.rows:
        spread = row.spread
        unsteady = spread is not None and spread > UNSTEADY
        table.add_row(
            row.operation,
            *(duration(value) for value in row.medians_ns),
            Text(
                f"{spread:.2f}×" if spread else "",
                style=SLOWER if unsteady and row.stable else MUTED,
            ),
        )
    files = Text(f"Saved in {paths[-1].parent}" if paths else "", style=MUTED)
    legend = Text(
        f"Yellow: a CPU or memory row whose runs differ by more than {UNSTEADY:g}×.", style=MUTED
    )
    return Group(table, legend, files)


def _run_heading(run: Run) -> str:
    # '2025-11-29T21:58:47.123456+00:00' -> '11-29 21:58:47' and the run's effort below
    date, _, time = run.started_at.partition("T")
    return f"{date[5:]} {time[:8]}\n{run.effort}"


def render_latency_measured(operations: Sequence[LatencyOperation], run: Run, path: Path) -> Group:
    """The latency table beside the latest `primer bench` run."""
    table = Table(
        title="Latency numbers every programmer should know, and this machine",
        title_style="bold",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Operation", style="bold", no_wrap=True)
    table.add_column("Table", justify="right", no_wrap=True)
    table.add_column("Measured here", justify="right", no_wrap=True, style=ACCENT)
    table.add_column("vs table", no_wrap=True)
    for op in operations:
        row = run.row(op.name)
        table.add_row(
            op.label, duration(op.ns), _measured_here(row), ratio_text(row.ratio if row else None)
        )
    caption = inline(
        f"Measured: the median of the {run.effort} `primer bench` run of {run.started_at[:16].replace('T', ' ')} UTC "
        f"({path.name}). ≥: a lower bound, over loopback with no network. {NOT_MEASURED}: cannot be "
        "measured from here; `primer bench` says why.",
        style=MUTED,
    )
    return Group(table, caption)


def _measured_here(row: Row | None) -> str:
    if row is None or row.measured_ns is None:
        return NOT_MEASURED
    return ("≥ " if row.lower_bound else "") + duration(row.measured_ns)


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on `console` while a run measures; nothing when it is not a terminal."""
    if not console.is_terminal:
        yield lambda done, total, what: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("[bold]Measuring[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style=MUTED),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def report(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=what)

        yield report
