"""Draw a model's numbers: readable labels, units, and theory beside the measurement.

The model says what to show (`Model.MEASURES`: key, label, unit); this module
only formats. A metric holding one value per flow ({"tcp": …, "udp": …})
gets a column per flow, and so does each variant of a comparison; theory
then sits on a dim row under its measurement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from primer_cli.sim.base import Measure

THEORY_STYLE = "dim"
LABEL_STYLE = "cyan"


def format_measure(value: Any, unit: str) -> str:
    """A value with its unit: '57.4%', '1,240 ms', '3.44×', '21', 'yes', '—'."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        return str(value)
    if unit == "%":
        return _percent(value)
    if unit == "count":
        return f"{value:,}" if isinstance(value, int) else _plain(value)
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms" and abs(value) >= 10_000:
        return f"{_plain(value / 1000)} s"  # 57.9 s reads better than 57,929 ms
    if unit == "s" and 0 < abs(value) < 1:
        return f"{_plain(value * 1000)} ms"  # 50.6 ms reads better than 0.0506 s
    text = _plain(value)
    return f"{text}/s" if unit == "/s" else f"{text} {unit}" if unit else text


def _percent(fraction: float) -> str:
    shown = fraction * 100
    if shown == round(shown):
        return f"{shown:.0f}%"
    if abs(shown) < 1:
        return f"{shown:.2g}%"
    return f"{shown:.1f}%"


def _plain(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) < 10:
        return f"{value:.3g}"
    if abs(value) < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def shown_measures(measures: Sequence[Measure], metrics: Mapping[str, Any]) -> list[Measure]:
    return [measure for measure in measures if measure.key in metrics]


def measures_table(
    measures: Sequence[Measure],
    metrics: Mapping[str, Any],
    theory: Mapping[str, Any],
    *,
    finished: bool = True,
) -> Table:
    """One row per measure; flat values get a theory column, per-flow values a column per flow.

    Before the run is over, only steady-state theory is shown: a prediction for
    the whole run says nothing about the numbers so far.
    """
    shown = shown_measures(measures, metrics)
    if not finished:
        steady = {m.key for m in shown if m.steady}
        theory = {key: value for key, value in theory.items() if key in steady}
    columns = _flow_columns(shown, metrics)
    if columns:
        runs = {column: {m.key: metrics[m.key].get(column) for m in shown} for column in columns}
        per_flow_theory = {
            column: {
                key: value.get(column)
                for key, value in theory.items()
                if isinstance(value, Mapping)
            }
            for column in columns
        }
        return side_by_side(shown, runs, per_flow_theory, headers={c: c.upper() for c in columns})
    table = _table()
    table.add_column("measure", style=LABEL_STYLE, no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    has_theory = any(m.key in theory for m in shown)
    if has_theory:
        table.add_column("theory", justify="right", style=THEORY_STYLE, no_wrap=True)
    for measure in shown:
        cells = [measure.label, format_measure(metrics[measure.key], measure.unit)]
        if has_theory:
            cells.append(
                format_measure(theory.get(measure.key), measure.unit)
                if measure.key in theory
                else ""
            )
        table.add_row(*cells)
    return table


def _flow_columns(shown: Sequence[Measure], metrics: Mapping[str, Any]) -> list[str]:
    """The shared keys when every shown metric is a mapping (one value per flow), else none."""
    values = [metrics[m.key] for m in shown]
    if not values or not all(isinstance(v, Mapping) for v in values):
        return []
    return list(values[0])


def side_by_side(
    measures: Sequence[Measure],
    runs: Mapping[str, Mapping[str, Any]],
    theory: Mapping[str, Mapping[str, Any]],
    *,
    headers: Mapping[str, str] | None = None,
) -> Table:
    """Measures down, variants (or flows) across; a dim 'theory' row under a measure that has one."""
    table = _table()
    table.add_column("measure", style=LABEL_STYLE, no_wrap=True)
    for name in runs:
        table.add_column(
            (headers or {}).get(name, wrap_header(name)), justify="right", no_wrap=True
        )
    for measure in measures:
        table.add_row(
            measure.label,
            *(format_measure(run.get(measure.key), measure.unit) for run in runs.values()),
        )
        predicted = [theory.get(name, {}).get(measure.key) for name in runs]
        if any(value is not None for value in predicted):
            cells = [
                "" if value is None else format_measure(value, measure.unit) for value in predicted
            ]
            table.add_row(
                Text("  theory", style=THEORY_STYLE), *(Text(c, style=THEORY_STYLE) for c in cells)
            )
    return table


def wrap_header(name: str) -> str:
    """'least-connections' → 'least-\\nconnections', so narrow columns never clip a name."""
    return name.replace("-", "-\n") if len(name) > 11 else name


def _table() -> Table:
    # The box draws a space between columns; one more on the right keeps numbers apart.
    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        padding=(0, 1, 0, 0),
    )
