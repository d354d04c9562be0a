"""The back-of-envelope calculators: traffic, storage, bandwidth, cache and servers.

Each takes an `Arrival` (arrivals.py) and the inputs declared in
parameters.py, and returns a frozen result: answer fields in base units (per
second, bytes, bits per second) and the derivation that reached them
(derivation.py). The latency-expression parser and unit conversion are
calculators too, with their own modules; their names are re-exported here,
where callers have always found them, and loaded only when asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from primer_cli.errors import UsageProblem
from primer_cli.estimate import parameters as declared
from primer_cli.estimate.arrivals import (
    Arrival,
    arrival_from_count,
    arrival_from_rate,
    arrival_from_users,
    stated_arrival,
)
from primer_cli.estimate.conventions import (
    RULE_SECONDS_PER_MONTH,
    SECONDS_PER_DAY,
    SECONDS_PER_MONTH,
    Period,
)
from primer_cli.estimate.derivation import (
    Derivation,
    Step,
    computable,
    ensure_computable,
    in_formula,
    result_to_dict,
)
from primer_cli.estimate.figures import Form, format_number, format_value
from primer_cli.estimate.parameters import MAX_REPLICAS
from primer_cli.wording import count_of, with_article

if TYPE_CHECKING:
    from primer_cli.estimate.convert import ConversionResult, convert
    from primer_cli.estimate.latency_expression import LatencyResult, LatencyTerm, latency

# Calculators that moved to their own modules; `from calculators import convert` still works.
_MOVED = {
    "convert": "primer_cli.estimate.convert",
    "ConversionResult": "primer_cli.estimate.convert",
    "latency": "primer_cli.estimate.latency_expression",
    "LatencyResult": "primer_cli.estimate.latency_expression",
    "LatencyTerm": "primer_cli.estimate.latency_expression",
}


def __getattr__(name: str) -> Any:
    """A moved name, imported on first use: the other calculators never load those modules."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_MOVED[name]), name)


__all__ = [
    "MAX_REPLICAS",
    "Arrival",
    "BandwidthResult",
    "CacheResult",
    "ConversionResult",
    "Derivation",
    "LatencyResult",
    "LatencyTerm",
    "QpsResult",
    "ServersResult",
    "Step",
    "StorageResult",
    "arrival_from_count",
    "arrival_from_rate",
    "arrival_from_users",
    "bandwidth",
    "cache",
    "computable",
    "convert",
    "ensure_computable",
    "latency",
    "qps",
    "result_to_dict",
    "servers",
    "stated_arrival",
    "storage",
]

# QPS -----------------------------------------------------------------------


@dataclass(frozen=True)
class QpsResult:
    """Requests per second, average and peak, with the day and month totals."""

    per_second: float
    peak_per_second: float
    per_day: float
    per_month: float
    peak_factor: float
    read_ratio: float | None
    reads_per_second: float | None
    total_per_second: float
    peak_total_per_second: float
    steps: Derivation
    answer: Derivation


@computable
def qps(
    arrival: Arrival,
    *,
    peak_factor: float = declared.PEAK_FACTOR.default_value,
    read_ratio: float | None = None,
) -> QpsResult:
    """Average and peak requests per second, per day and per month; reads too given a ratio."""
    rate = arrival.per_second
    per_day, per_month, totals = _totals(arrival)
    peak = Step(
        f"Peak {arrival.what} per second",
        f"{in_formula(rate)} /s × {in_formula(peak_factor)} (peak factor)",
        rate * peak_factor,
        "/s",
    )
    steps = [*arrival.steps, *totals, peak]
    answer = [arrival.average, peak]
    reads: Step | None = None
    total, peak_total = rate, peak.value
    if read_ratio is not None:
        reads, total_step, peak_total_step = _reads(rate, read_ratio, peak_factor)
        total, peak_total = total_step.value, peak_total_step.value
        steps += [reads, total_step, peak_total_step]
        answer = [arrival.average, reads, peak_total_step]
    return QpsResult(
        per_second=rate,
        peak_per_second=peak.value,
        per_day=per_day,
        per_month=per_month,
        peak_factor=peak_factor,
        read_ratio=read_ratio,
        reads_per_second=reads.value if reads else None,
        total_per_second=total,
        peak_total_per_second=peak_total,
        steps=tuple(steps),
        answer=tuple(answer),
    )


def _totals(arrival: Arrival) -> tuple[float, float, list[Step]]:
    """Per day and per month, with the steps not already given, and the monthly rule of thumb."""
    rate, what = arrival.per_second, arrival.what.capitalize()
    per_day = Step(
        f"{what} per day",
        f"{in_formula(rate)} /s × 86,400 s",
        arrival.over(SECONDS_PER_DAY),
        "/day",
    )
    per_month = Step(
        f"{what} per month",
        f"{in_formula(rate)} /s × 2,629,800 s",
        arrival.over(SECONDS_PER_MONTH),
        "/month",
    )
    steps = [
        s for s, p in ((per_day, Period.DAY), (per_month, Period.MONTH)) if arrival.period is not p
    ]
    if arrival.period is not Period.MONTH:
        thumb = Step(
            "Rule of thumb",
            f"{in_formula(rate)} /s × 2.5 million s",
            rate * RULE_SECONDS_PER_MONTH,
            "/month",
            rule_of_thumb=True,
        )
        steps.append(thumb)
    return per_day.value, per_month.value, steps


def _reads(writes: float, ratio: float, peak_factor: float) -> tuple[Step, Step, Step]:
    """Reads, total and peak total per second when every write is read `ratio` times."""
    reads = Step(
        "Reads per second",
        f"{in_formula(writes)} /s × {in_formula(ratio)} reads per write",
        writes * ratio,
        "/s",
    )
    total = Step(
        "Total per second",
        f"{in_formula(writes)} + {in_formula(reads.value)}",
        writes + reads.value,
        "/s",
    )
    peak = Step(
        "Peak total per second",
        f"{in_formula(total.value)} /s × {in_formula(peak_factor)}",
        total.value * peak_factor,
        "/s",
    )
    return reads, total, peak


# Storage -------------------------------------------------------------------


@dataclass(frozen=True)
class StorageResult:
    """New data per month and year, and everything kept over the retention."""

    item_bytes: float
    per_month_items: float
    per_month_bytes: float
    per_year_bytes: float
    years: float
    replicas: int
    total_items: float
    total_bytes: float
    steps: Derivation
    answer: Derivation


@computable
def storage(
    arrival: Arrival,
    size: float,
    *,
    years: float = declared.YEARS.default_value,
    replicas: int = declared.REPLICAS.default_value,
) -> StorageResult:
    """New data per month and per year, and all of it kept for `years` on `replicas` copies."""
    if years <= 0:
        raise UsageProblem("keep data for more than 0 years, such as 3 or 0.5", param="years")
    if not 1 <= replicas <= MAX_REPLICAS:
        raise UsageProblem(
            f"keep between 1 and {MAX_REPLICAS:,} copies of the data, such as 3", param="replicas"
        )
    items = arrival.over(SECONDS_PER_MONTH)
    steps = list(arrival.steps)
    if arrival.period is not Period.MONTH:
        steps.append(
            Step(
                f"{arrival.what.capitalize()} per month",
                f"{in_formula(arrival.per_second)} /s × 2,629,800 s",
                items,
                "/month",
            )
        )
    size_step = Step("Size of one item", "given", size, "B")
    month = Step(
        "New data per month",
        f"{in_formula(items)} × {format_value(size, 'B', 4)}",
        items * size,
        "B/month",
    )
    year = Step(
        "New data per year", f"{format_value(month.value, 'B', 4)} × 12", month.value * 12, "B/year"
    )
    total_items = Step(
        f"Items in {_span(years)}",
        f"{in_formula(items)} × 12 × {in_formula(years)}",
        items * 12 * years,
        "",
    )
    raw = Step(
        f"Data in {_span(years)}",
        f"{format_value(year.value, 'B', 4)} × {in_formula(years)}",
        year.value * years,
        "B",
    )
    steps += [size_step, month, year, total_items, raw]
    total = raw
    if replicas > 1:
        total = Step(
            f"With {count_of(replicas, 'replica')}",
            f"{format_value(raw.value, 'B', 4)} × {replicas}",
            raw.value * replicas,
            "B",
        )
        steps.append(total)
    return StorageResult(
        item_bytes=size,
        per_month_items=items,
        per_month_bytes=month.value,
        per_year_bytes=year.value,
        years=years,
        replicas=replicas,
        total_items=total_items.value,
        total_bytes=total.value,
        steps=tuple(steps),
        answer=(month, total),
    )


# Bandwidth -----------------------------------------------------------------


@dataclass(frozen=True)
class BandwidthResult:
    """Transfer rate of a stream of items, in bytes and bits."""

    per_second: float
    item_bytes: float
    bytes_per_second: float
    bits_per_second: float
    bytes_per_day: float
    bytes_per_month: float
    steps: Derivation
    answer: Derivation


@computable
def bandwidth(arrival: Arrival, size: float) -> BandwidthResult:
    """Bytes and bits per second for `arrival` items of `size` bytes, and the monthly transfer."""
    rate = arrival.per_second
    size_step = Step("Size of one item", "given", size, "B")
    per_second = Step(
        "Bytes per second",
        f"{in_formula(rate)} /s × {format_value(size, 'B', 4)}",
        rate * size,
        "B/s",
    )
    bits = Step(
        "Bits per second",
        f"{format_value(per_second.value, 'B', 4)}/s × 8 bits",
        per_second.value * 8,
        "bit/s",
    )
    day = Step(
        "Transfer per day",
        f"{format_value(per_second.value, 'B', 4)}/s × 86,400 s",
        arrival.over(SECONDS_PER_DAY) * size,
        "B/day",
    )
    month = Step(
        "Transfer per month",
        f"{format_value(per_second.value, 'B', 4)}/s × 2,629,800 s",
        arrival.over(SECONDS_PER_MONTH) * size,
        "B/month",
    )
    return BandwidthResult(
        per_second=rate,
        item_bytes=size,
        bytes_per_second=per_second.value,
        bits_per_second=bits.value,
        bytes_per_day=day.value,
        bytes_per_month=month.value,
        steps=(*arrival.steps, size_step, per_second, bits, day, month),
        answer=(per_second, bits, month),
    )


# Cache ---------------------------------------------------------------------


@dataclass(frozen=True)
class CacheResult:
    """Memory for the hot share of one window of requests."""

    window: str
    items: float
    item_bytes: float
    hot_fraction: float
    working_set_bytes: float
    memory_bytes: float
    steps: Derivation
    answer: Derivation
    notes: tuple[str, ...] = field(default=())


@computable
def cache(
    arrival: Arrival,
    size: float,
    *,
    hot: float = declared.HOT.default_value,
    window: Period = declared.WINDOW.default_value,
) -> CacheResult:
    """Memory to hold the hot share of one `window` of requests: the 80/20 rule made explicit."""
    items = arrival.over(window.seconds)
    steps = list(arrival.steps)
    if arrival.period is not window:
        steps.append(
            Step(
                f"{arrival.what.capitalize()} per {window.noun}",
                f"{in_formula(arrival.per_second)} /s × {in_formula(window.seconds)} s",
                items,
                f"/{window.short}",
            )
        )
    size_step = Step("Size of one item", "given", size, "B")
    touched = Step(
        f"Data requested per {window.noun}",
        f"{in_formula(items)} × {format_value(size, 'B', 4)}",
        items * size,
        "B",
    )
    share = Step(
        "Hot share",
        "80/20 rule: a fifth of the items draw most reads" if hot == 0.2 else "given",
        hot,
        "%",
    )
    memory = Step(
        "Cache memory",
        f"{format_value(touched.value, 'B', 4)} × {format_number(hot * 100, 4)}%",
        touched.value * hot,
        "B",
    )
    steps += [size_step, touched, share, memory]
    return CacheResult(
        window=window.noun,
        items=items,
        item_bytes=size,
        hot_fraction=hot,
        working_set_bytes=touched.value,
        memory_bytes=memory.value,
        steps=tuple(steps),
        answer=(memory,),
        notes=(
            f"Memory for {format_number(hot * 100)}% of {with_article(window.noun)}'s read volume: "
            "an upper bound, since repeat reads of one item share one cached copy. It serves most "
            "reads from memory; the rest fall through to the database.",
            "Real hit rates depend on how skewed access is: measure, then resize.",
        ),
    )


def capped_cache(result: CacheResult, kept: StorageResult) -> CacheResult:
    """The cache no bigger than all the data `kept`, one copy: replicas hold the same items.

    The read volume counts every read of an item again, so with many reads per
    write its hot share can exceed everything there is to cache.
    """
    stored_bytes = kept.total_items * kept.item_bytes
    span = _span(kept.years)
    if result.memory_bytes <= stored_bytes:
        return result
    capped = Step(
        "Cache memory, capped",
        f"all data stored in {span}, one copy",
        stored_bytes,
        "B",
    )
    note = (
        f"The hot share of {with_article(result.window)}'s reads "
        f"({format_value(result.memory_bytes, 'B')}) is more than all the data stored in {span} "
        f"({format_value(stored_bytes, 'B')}): those reads repeat the same items, so the cache "
        "is capped at the data itself."
    )
    return replace(
        result,
        memory_bytes=stored_bytes,
        steps=(*result.steps, capped),
        answer=(capped,),
        notes=(note, *result.notes),
    )


# Servers -------------------------------------------------------------------


@dataclass(frozen=True)
class ServersResult:
    """Servers for a load, rounded up, with one spare for N+1."""

    load_per_second: float
    per_server: float
    headroom: float
    usable_per_server: float
    exact_servers: float
    servers: int
    servers_n_plus_one: int
    steps: Derivation
    answer: Derivation
    notes: tuple[str, ...] = field(default=())


@computable
def servers(
    load: float,
    per_server: float,
    *,
    headroom: float = declared.HEADROOM.default_value,
    load_formula: str | None = None,
) -> ServersResult:
    """Servers for `load` requests/s when each handles `per_server` but runs `headroom` below it.

    `load_formula` says where the load came from when it was worked out; None
    means it was typed, and the step says 'given'.
    """
    if per_server <= 0:
        raise UsageProblem(
            "one server must handle more than 0 requests per second, such as 2k",
            param="per_server",
        )
    usable = per_server * (1 - headroom)
    exact = load / usable
    ensure_computable((Step("Servers, exactly", "load ÷ usable", exact, "server"),))
    # Ceil after trimming float noise (1400 / (2000 × 0.7) must be 1 server, not
    # 2); the noise is relative, so the allowance grows with the count.
    needed = max(1, math.ceil(exact * (1 - 1e-12)))
    steps = (
        Step("Load", load_formula or "given", load, "/s"),
        Step("Capacity of one server", "given", per_server, "/s"),
        Step(
            "Usable per server",
            f"{in_formula(per_server)} × (1 − {format_number(headroom)} headroom)",
            usable,
            "/s",
        ),
        Step("Servers, exactly", f"{in_formula(load)} ÷ {in_formula(usable)}", exact, "server"),
        _whole("Servers, rounded up", f"⌈{format_number(exact, 4)}⌉", needed),
        _whole("With N+1 redundancy", f"{needed:,} + 1 spare", needed + 1),
    )
    return ServersResult(
        load_per_second=load,
        per_server=per_server,
        headroom=headroom,
        usable_per_server=usable,
        exact_servers=exact,
        servers=needed,
        servers_n_plus_one=needed + 1,
        steps=steps,
        answer=steps[-2:],
        notes=(
            "N+1: one server more than the load needs, so losing any one (a crash, a deploy) "
            "does not overload the rest.",
        ),
    )


def _whole(step: str, formula: str, servers: int) -> Step:
    """A server count: written in full and never rounded, since rounding down would overload."""
    return Step(step, formula, servers, "server", form=Form.DIGITS, whole=True)


def _span(years: float) -> str:
    """'3 years', '1 year', '0.5 years'."""
    return count_of(years, "year", text=in_formula(years))
