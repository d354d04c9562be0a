"""Adding up a request path: '2 * round-trip-same-datacenter + disk-seek + 5ms'.

A path is terms joined by '+'. A term is an operation from the latency table
or a duration, with at most one repeat count, before it ('2 * disk-seek',
'3x l1') or after it ('read-1mb-memory * 1000'). Operation names match
exactly, case and separators aside (latency.name_key), so '½ * disk-seek' is
refused rather than read as one disk seek.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from primer_cli.errors import UsageProblem
from primer_cli.estimate.derivation import Derivation, Step, computable, in_formula
from primer_cli.estimate.figures import format_value
from primer_cli.estimate.quantity import MAX_VALUE, Kind, parse_number, parse_quantity

EXAMPLE = "'2 * round-trip-same-datacenter + disk-seek + 5ms'"
_TIMES = re.compile(r"\s*[*×]\s*")
_X_BEFORE = re.compile(r"(?P<count>[\d.,]+(?:[eE][+-]?\d+)?)\s*x\s*(?P<item>\S.*)")  # 3x l1
_X_AFTER = re.compile(r"(?P<item>.*\S)\s+x\s*(?P<count>[\d.,]+(?:[eE][+-]?\d+)?)")  # seek x 3


@dataclass(frozen=True)
class LatencyTerm:
    """One step of a request path and its share of the total."""

    term: str
    count: float
    each_ns: float
    total_ns: float
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "count": self.count,
            "each_ns": self.each_ns,
            "total_ns": self.total_ns,
            "share": self.share,
        }


@dataclass(frozen=True)
class LatencyResult:
    """A request path added up; `sequential_per_second` is None when the path takes no time."""

    expression: str
    total_ns: float
    breakdown: tuple[LatencyTerm, ...]
    sequential_per_second: float | None
    steps: Derivation
    answer: Derivation
    notes: tuple[str, ...] = field(default=())


NO_RATE = "The path takes no time, so it has no rate: nothing to divide one second by."
# How many such requests one worker does, each waiting for the one before.
SEQUENTIAL_RATE = "One after another, one worker"


@computable
def latency(expression: str, *, param: str = "expression") -> LatencyResult:
    """Add up a request path: '2 * round-trip-same-datacenter + disk-seek + 5ms'."""
    parts = [p.strip() for p in expression.split("+")]
    if not expression.strip() or not all(parts):
        raise UsageProblem(
            f"'{expression}' is not a sum of steps; write e.g. {EXAMPLE}", param=param
        )
    terms = [_term(p, param) for p in parts]
    total = sum(t.total_ns for t in terms)
    breakdown = tuple(
        LatencyTerm(t.term, t.count, t.each_ns, t.total_ns, t.total_ns / total if total else 0.0)
        for t in terms
    )
    steps = tuple(
        Step(
            t.term,
            f"{in_formula(t.count)} × {format_value(t.each_ns, 'ns', 4)}"
            if t.count != 1
            else "as listed",
            t.total_ns,
            "ns",
        )
        for t in breakdown
    )
    total_step = Step(
        "Total", " + ".join(format_value(t.total_ns, "ns") for t in breakdown), total, "ns"
    )
    if not total:
        return LatencyResult(
            expression, total, breakdown, None, (*steps, total_step), (total_step,), (NO_RATE,)
        )
    # The rate is shown in whichever unit reads best (6 /hour, 100 /s), so
    # neither the label nor the formula names one.
    throughput = Step(SEQUENTIAL_RATE, f"1 ÷ {format_value(total, 'ns')}", 1e9 / total, "/s")
    return LatencyResult(
        expression,
        total,
        breakdown,
        throughput.value,
        (*steps, total_step, throughput),
        (total_step, throughput),
    )


def _term(text: str, param: str) -> LatencyTerm:
    repeats, item = _split(text, param)
    count = 1.0 if repeats is None else _repeats(repeats, text, param)
    from primer_cli.estimate.latency import (
        operation_named,  # the table loads only for this calculator
    )

    operation = operation_named(item)
    if operation is not None:
        return LatencyTerm(operation.label, count, float(operation.ns), operation.ns * count, 0.0)
    if item[:1].isdigit() or item[:1] == ".":
        duration = parse_quantity(item, param=param, accept=(Kind.DURATION,))
        return LatencyTerm(item, count, duration.value * 1e9, duration.value * 1e9 * count, 0.0)
    raise UnknownOperation(item, param)


def _split(text: str, param: str) -> tuple[str | None, str]:
    """A term's repeat count (as typed, or None) and what is repeated."""
    sides = _TIMES.split(text)
    if len(sides) > 2:
        raise UsageProblem(
            f"'{text}' multiplies more than once; give one repeat count, such as 6 * disk-seek",
            param=param,
        )
    if len(sides) == 2:
        left, right = sides
        if _is_number(left, param):
            return left, right
        if _is_number(right, param):
            return right, left
        raise UsageProblem(
            f"'{text}' repeats by '{left}', which is not a number; write a count such as 2 or "
            "0.5, as in 2 * disk-seek",
            param=param,
        )
    for pattern in (_X_BEFORE, _X_AFTER):
        match = pattern.fullmatch(text)
        if match and _is_number(match["count"], param):
            return match["count"], match["item"]
    return None, text


def _is_number(text: str, param: str) -> bool:
    return parse_number(text, param=param) is not None


def _repeats(typed: str, term: str, param: str) -> float:
    count = parse_number(typed, param=param)
    assert count is not None  # _split only hands on numbers
    if count > MAX_VALUE:
        raise UsageProblem(
            f"'{typed}' is too many repeats (the limit is {MAX_VALUE:.0e})", param=param
        )
    return count


class UnknownOperation(UsageProblem):
    """A term that is neither an operation from the latency table nor a duration."""

    def __init__(self, item: str, param: str) -> None:
        import difflib  # only a mistake pays for it

        from primer_cli.estimate.latency import LATENCY_TABLE

        names = [op.name for op in LATENCY_TABLE]
        close = difflib.get_close_matches(item.lower().replace(" ", "-"), names, n=3, cutoff=0.4)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        super().__init__(
            f"'{item}' is neither an operation from the latency table nor a duration like 5ms."
            + hint,
            param=param,
        )
