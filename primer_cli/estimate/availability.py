"""Availability arithmetic that shows its work: downtime per number of nines, series and parallel.

The primer's availability section gives the figures (99.9% is 8h 45min 57s of
downtime a year) and the two rules: parts that must all work multiply their
availabilities (series); redundant parts fail only when all of them do
(parallel). Every function returns its steps like the other calculators;
durations in a step are held in nanoseconds, the unit the latency table uses.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from primer_cli.errors import UsageProblem
from primer_cli.estimate.arrivals import seconds_in
from primer_cli.estimate.conventions import Period
from primer_cli.estimate.derivation import Derivation, Step, computable
from primer_cli.estimate.quantity import format_number

NS_PER_SECOND = 1e9


@dataclass(frozen=True)
class DowntimeResult:
    """How long a service at `availability` may be down in one `period`."""

    availability: float
    period: Period
    downtime_seconds: float
    steps: Derivation
    answer: Derivation


@dataclass(frozen=True)
class CombinedResult:
    """The availability of parts combined in series or in parallel."""

    arrangement: str  # 'series' or 'parallel'
    parts: tuple[float, ...]
    availability: float
    unavailability: float  # 1 - availability, computed without cancelling digits
    steps: Derivation
    answer: Derivation


def nines(count: float) -> float:
    """The availability of `count` nines: 3 -> 0.999."""
    return 1 - 10.0 ** (-count)


def percent(availability: float) -> str:
    """0.999 -> '99.9%', keeping every nine."""
    return f"{format_number(availability * 100, _digits(availability))}%"


def _digits(availability: float) -> int:
    """Enough significant figures for every nine and the digit after: 98.95%, 99.9%, 99.9999%."""
    return max(3, min(12, math.ceil(-math.log10(max(1 - availability, 1e-15))) + 2))


def _check_share(value: float, param: str) -> None:
    if not 0 < value < 1:
        raise UsageProblem(
            f"an availability is a share between 0 and 1 (0.999 or 99.9%), not {value!r}",
            param=param,
        )


@computable
def downtime(availability: float, period: Period = Period.YEAR) -> DowntimeResult:
    """Downtime allowed per `period` at `availability` (a share such as 0.999)."""
    _check_share(availability, "availability")
    share = _share("Availability", "given", availability)
    down = _share("Share of time down", f"1 − {percent(availability)}", 1 - availability)
    length = seconds_in(period)
    allowed = Step(
        f"Downtime per {period.noun}",
        f"{percent(1 - availability)} × {period.noun}",
        (1 - availability) * period.seconds * NS_PER_SECOND,
        "ns",
    )
    return DowntimeResult(
        availability,
        period,
        (1 - availability) * period.seconds,
        (share, down, length, allowed),
        (allowed,),
    )


@computable
def series(parts: tuple[float, ...]) -> CombinedResult:
    """Parts that must all work: the availabilities multiply, so the total is below the weakest."""
    _check_parts(parts)
    total = math.prod(parts)
    formula = " × ".join(percent(p) for p in parts)
    steps = (*_given(parts), _share("All parts up at once", formula, total))
    return CombinedResult("series", parts, total, 1 - total, steps, steps[-1:])


@computable
def parallel(parts: tuple[float, ...]) -> CombinedResult:
    """Redundant parts: down only when every part is down at once."""
    _check_parts(parts)
    all_down = math.prod(1 - p for p in parts)
    formula = " × ".join(f"(1 − {percent(p)})" for p in parts)
    steps = (
        *_given(parts),
        _share("Every part down at once", formula, all_down),
        _share("At least one part up", f"1 − {percent(all_down)}", 1 - all_down),
    )
    return CombinedResult("parallel", parts, 1 - all_down, all_down, steps, steps[-1:])


def _check_parts(parts: tuple[float, ...]) -> None:
    if len(parts) < 2:
        raise UsageProblem("combine at least two parts", param="parts")
    for part in parts:
        _check_share(part, "parts")


def _given(parts: tuple[float, ...]) -> tuple[Step, ...]:
    return tuple(_share(f"Part {i} available", "given", p) for i, p in enumerate(parts, 1))


def _share(step: str, formula: str, value: float) -> Step:
    """A step holding a share, shown with every significant nine (99.99%, not 100%)."""
    # whole: a napkin figure would round 99.95% to 100%, erasing the nines the step is about.
    return Step(step, formula, value, "%", sig=_digits(value), whole=True)


@dataclass(frozen=True)
class AvailabilityResult:
    """What `primer estimate availability` shows: the combined share and the downtime it allows."""

    parts: tuple[float, ...]
    arrangement: str  # 'single', 'series' or 'parallel'
    availability: float
    downtime_seconds: float
    period: str
    steps: Derivation
    answer: Derivation


_NINES_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*nines?\s*$", re.IGNORECASE)


def read_share(text: str, *, param: str = "availability") -> float:
    """An availability as typed: '99.9%', '0.999' or '3 nines' (3.5 nines is 99.95%)."""
    cleaned = str(text).strip()
    nines_match = _NINES_TEXT.match(cleaned)
    try:
        if nines_match:
            value = nines(float(nines_match[1]))
        elif cleaned.endswith("%"):
            value = float(cleaned[:-1].strip() + "e-2")  # 99.9% is 0.999 exactly, not 0.999...01
        else:
            value = float(cleaned)
    except ValueError:
        value = math.nan
    if not 0 < value < 1:
        raise UsageProblem(
            f"'{text}' is not an availability; write a share between 0 and 1 such as 99.9%, "
            "0.999 or '3 nines'",
            param=param,
        )
    return value


@computable
def availability(
    parts: tuple[float, ...], *, redundant: bool = False, period: Period = Period.YEAR
) -> AvailabilityResult:
    """Downtime for one availability, or for several parts: in series, or `redundant` (in parallel)."""
    if len(parts) == 1:
        single = downtime(parts[0], period)
        return AvailabilityResult(
            parts,
            "single",
            parts[0],
            single.downtime_seconds,
            period.noun,
            single.steps,
            single.answer,
        )
    joined = parallel(parts) if redundant else series(parts)
    allowed = Step(
        f"Downtime per {period.noun}",
        f"{percent(joined.unavailability)} × {period.noun}",
        joined.unavailability * period.seconds * NS_PER_SECOND,
        "ns",
    )
    return AvailabilityResult(
        parts,
        joined.arrangement,
        joined.availability,
        joined.unavailability * period.seconds,
        period.noun,
        (*joined.steps, allowed),
        (joined.steps[-1], allowed),
    )
