"""Comparing saved runs row by row: each run's median, and how far apart the runs are."""

from __future__ import annotations

from dataclasses import dataclass

from primer_cli.bench.run import Run


@dataclass(frozen=True)
class HistoryRow:
    id: str
    operation: str
    medians_ns: tuple[float | None, ...]  # one per run, oldest first; None where not measured
    stable: bool

    @property
    def spread(self) -> float | None:
        """Largest median over smallest: 1.0 means the runs agree exactly."""
        values = [value for value in self.medians_ns if value]
        return max(values) / min(values) if len(values) >= 2 else None


@dataclass(frozen=True)
class History:
    runs: tuple[Run, ...]  # oldest first
    rows: tuple[HistoryRow, ...]


def compare(runs: tuple[Run, ...]) -> History:
    """One row per operation any run measured, in the order of the newest run that has it."""
    order: dict[str, HistoryRow] = {}
    for run in reversed(runs):
        for row in run.rows:
            if row.id not in order:
                medians = tuple(_median(other, row.id) for other in runs)
                order[row.id] = HistoryRow(row.id, row.operation, medians, row.stable)
    rows = tuple(row for row in order.values() if any(m is not None for m in row.medians_ns))
    return History(runs, rows)


def _median(run: Run, row_id: str) -> float | None:
    row = run.row(row_id)
    return row.measured_ns if row else None
