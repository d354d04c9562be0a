"""One saved `primer bench` run: its rows and the conditions they were measured under.

`to_dict`/`from_dict` are the JSON file format (FORMAT 1) and the `--json`
output; `from_dict` refuses anything that is not a run it can read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

FORMAT = 1


@dataclass(frozen=True)
class Row:
    """One operation: the table's figure (None for modern rows), what was measured, and why."""

    id: str
    operation: str
    table_ns: float | None
    measured_ns: float | None
    p10_ns: float | None
    p90_ns: float | None
    trials: int
    note: str
    table_operation: str | None = None  # the table's own words, where it names the row differently
    reason: str | None = None  # set exactly when measured_ns is None
    # A best case of the table's operation, such as loopback standing in for a network.
    lower_bound: bool = False
    stable: bool = False  # expected to repeat within 2x between runs (CPU and memory work)

    @property
    def ratio(self) -> float | None:
        """Measured over the table's figure: 0.1 is ten times faster here."""
        if self.measured_ns is None or not self.table_ns:
            return None
        return self.measured_ns / self.table_ns

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "operation": self.operation,
            "table_ns": self.table_ns,
            "measured_ns": self.measured_ns,
            "p10_ns": self.p10_ns,
            "p90_ns": self.p90_ns,
            "ratio": self.ratio,
            "trials": self.trials,
            "note": self.note,
            "table_operation": self.table_operation,
            "reason": self.reason,
            "lower_bound": self.lower_bound,
            "stable": self.stable,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Row:
        row = cls(
            id=_text(data, "id"),
            operation=_text(data, "operation"),
            table_ns=_number(data, "table_ns"),
            measured_ns=_number(data, "measured_ns"),
            p10_ns=_number(data, "p10_ns"),
            p90_ns=_number(data, "p90_ns"),
            trials=int(_number(data, "trials") or 0),
            note=_text(data, "note"),
            table_operation=_optional_text(data, "table_operation"),
            reason=_optional_text(data, "reason"),
            lower_bound=data.get("lower_bound") is True,
            stable=data.get("stable") is True,
        )
        if (row.measured_ns is None) == (row.reason is None):
            raise ValueError(f"row {row.id!r} needs either measured_ns or a reason")
        return row


@dataclass(frozen=True)
class Interpreter:
    """The interpreter's own cost per operation on this machine, measured before the rows."""

    loop_ns: float  # one step of an empty `for` loop
    call_ns: float  # one call of a trivial built-in function, beyond the loop step

    def to_dict(self) -> dict[str, float]:
        return {"loop_ns": self.loop_ns, "call_ns": self.call_ns}


@dataclass(frozen=True)
class Run:
    started_at: str  # ISO 8601, UTC
    effort: str  # 'quick' or 'full'
    seconds: float
    interpreter: Interpreter
    machine: dict[str, str]
    rows: tuple[Row, ...]

    def row(self, row_id: str) -> Row | None:
        return next((row for row in self.rows if row.id == row_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "started_at": self.started_at,
            "effort": self.effort,
            "seconds": self.seconds,
            "interpreter": self.interpreter.to_dict(),
            "machine": dict(self.machine),
            "rows": [row.to_dict() for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Run:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a format-{FORMAT} primer bench run")
        interpreter = data.get("interpreter")
        rows = data.get("rows")
        if not isinstance(interpreter, dict) or not isinstance(rows, list):
            raise ValueError("missing 'interpreter' or 'rows'")
        return cls(
            started_at=_text(data, "started_at"),
            effort=_text(data, "effort"),
            seconds=_number(data, "seconds") or 0.0,
            interpreter=Interpreter(
                _number(interpreter, "loop_ns") or 0.0, _number(interpreter, "call_ns") or 0.0
            ),
            machine={str(k): str(v) for k, v in dict(data.get("machine") or {}).items()},
            rows=tuple(Row.from_dict(row) for row in rows if isinstance(row, dict)),
        )


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be text")
    return value


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _number(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"'{key}' must be a finite number or null")
    return float(value)
