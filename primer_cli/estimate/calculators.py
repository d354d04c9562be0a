"""Back-of-envelope calculators that show their work, one frozen result per calculator.

Every calculator returns its answer fields in base units (per second, bytes,
bits per second, nanoseconds) together with the derivation: the steps you
would write on a whiteboard, each with its formula and exact value. The
napkin figure of a step is derived, never stored, so the two cannot disagree.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, cast

from primer_cli.errors import UsageProblem
from primer_cli.estimate.conventions import (
    RULE_SECONDS_PER_MONTH,
    SECONDS_PER_DAY,
    SECONDS_PER_MONTH,
    SECONDS_PER_YEAR,
    Period,
    napkin,
    round_significant,
    seconds_derivation,
)
from primer_cli.estimate.quantity import (
    MAX_VALUE,
    Kind,
    format_bytes,
    format_count,
    format_duration,
    format_number,
    format_value,
    parse_quantity,
)


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what is worked out, how, and the exact result."""

    step: str
    formula: str
    value: float
    unit: str
    rule_of_thumb: bool = False
    display: str = ""  # how to show the exact value when its unit alone cannot say (4 GiB, 2^32)
    whole: bool = False  # a count of things you cannot round down, like servers: napkin = exact

    @property
    def napkin(self) -> float:
        return self.value if self.whole else napkin(self.value)

    def shown(self, sig: int = 3) -> str:
        """The exact value as a person reads it."""
        return self.display or format_value(self.value, self.unit, sig)

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "formula": self.formula,
            "value": self.value,
            "unit": self.unit,
            "napkin": self.napkin,
            "rule_of_thumb": self.rule_of_thumb,
        }


Derivation = tuple[Step, ...]


def ensure_computable(steps: Derivation) -> None:
    """Refuse results float arithmetic cannot hold.

    Each input is capped by the parser, but products and quotients of inputs
    at the edges of that range (1e30 of something, 1e-300 of another) overflow
    to infinity or collapse to NaN, and neither is an answer.
    """
    for step in steps:
        if not math.isfinite(step.value):
            raise UsageProblem(
                f"these inputs make '{step.step}' too large to compute with; "
                "use figures closer to a real system"
            )


Calculator = TypeVar("Calculator", bound=Callable[..., Any])


def computable(calculator: Calculator) -> Calculator:
    """Check every step of the calculator's result with `ensure_computable`."""

    @functools.wraps(calculator)
    def checked(*args: Any, **kwargs: Any) -> Any:
        result = calculator(*args, **kwargs)
        ensure_computable(result.steps)
        return result

    return cast(Calculator, checked)


def result_to_dict(result: Any) -> dict[str, Any]:
    """A result's answer fields, notes and steps as plain JSON-ready data."""
    data: dict[str, Any] = {}
    for item in fields(result):
        value = getattr(result, item.name)
        if item.name == "steps":
            data["steps"] = [step.to_dict() for step in value]
        elif item.name != "answer":
            data[item.name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


def _n(value: float) -> str:
    """A number as written inside a formula: 86,400 in full, 2.63 million in words."""
    if value >= 1e6:
        return format_count(value, 4, words=True)
    return format_number(value, 7 if float(value).is_integer() else 4)


# Arrivals ------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    """How often something happens: `count` events every `period`."""

    count: float
    period: Period
    what: str
    steps: Derivation
    average: Step  # the step holding the average per second

    @property
    def per_second(self) -> float:
        return self.count / self.period.seconds

    def over(self, seconds: float) -> float:
        """Events in `seconds`; exactly `count` when that is the stated period."""
        if seconds == self.period.seconds:
            return self.count
        return self.count * seconds / self.period.seconds


def arrival_from_count(count: float, period: Period, what: str = "requests") -> Arrival:
    """'10M per month': the count as given, with the average per second worked out."""
    given = Step(f"{what.capitalize()} per {period.noun}", "given", count, f"/{period.short}")
    return _arrival(count, period, what, (given,))


def arrival_from_users(
    users: float, per_user: float, period: Period, what: str = "requests"
) -> Arrival:
    """Daily-active-users form: users x actions per user per period."""
    count = users * per_user
    people = Step("Active users", "given", users, "")
    total = Step(
        f"{what.capitalize()} per {period.noun}",
        f"{_n(users)} users × {_n(per_user)} each",
        count,
        f"/{period.short}",
    )
    return _arrival(count, period, what, (people, total))


def arrival_from_rate(per_second: float, typed: str, what: str = "requests") -> Arrival:
    """A rate typed whole ('100M/month'): already per second once parsed."""
    given = Step(f"{what.capitalize()} per second", f"{typed} as given", per_second, "/s")
    return Arrival(per_second, Period.SECOND, what, (given,), given)


def _arrival(count: float, period: Period, what: str, given: Derivation) -> Arrival:
    if period is Period.SECOND:
        return Arrival(count, period, what, given, given[-1])
    seconds = Step(
        f"Seconds in a {period.noun}",
        seconds_derivation(period),
        period.seconds,
        "s",
        display=f"{format_number(period.seconds, 9)} s",
    )
    average = Step(
        f"Average {what} per second",
        f"{_n(count)} ÷ {format_number(period.seconds, 9)} s",
        count / period.seconds,
        "/s",
    )
    steps = (*given, seconds, average)
    # The primer's conversion guide: a month is about 2.5 million seconds.
    if period is Period.MONTH:
        steps += (
            Step(
                "Rule of thumb",
                f"{_n(count)} ÷ 2.5 million s",
                count / RULE_SECONDS_PER_MONTH,
                "/s",
                rule_of_thumb=True,
            ),
        )
    return Arrival(count, period, what, steps, average)


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
    arrival: Arrival, *, peak_factor: float = 3.0, read_ratio: float | None = None
) -> QpsResult:
    """Average and peak requests per second, per day and per month; reads too given a ratio."""
    rate = arrival.per_second
    per_day, per_month, totals = _totals(arrival)
    peak = Step(
        f"Peak {arrival.what} per second",
        f"{_n(rate)} /s × {_n(peak_factor)} (peak factor)",
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
        f"{what} per day", f"{_n(rate)} /s × 86,400 s", arrival.over(SECONDS_PER_DAY), "/day"
    )
    per_month = Step(
        f"{what} per month",
        f"{_n(rate)} /s × 2,629,800 s",
        arrival.over(SECONDS_PER_MONTH),
        "/month",
    )
    steps = [
        s for s, p in ((per_day, Period.DAY), (per_month, Period.MONTH)) if arrival.period is not p
    ]
    if arrival.period is not Period.MONTH:
        thumb = Step(
            "Rule of thumb",
            f"{_n(rate)} /s × 2.5 million s",
            rate * RULE_SECONDS_PER_MONTH,
            "/month",
            rule_of_thumb=True,
        )
        steps.append(thumb)
    return per_day.value, per_month.value, steps


def _reads(writes: float, ratio: float, peak_factor: float) -> tuple[Step, Step, Step]:
    """Reads, total and peak total per second when every write is read `ratio` times."""
    reads = Step(
        "Reads per second", f"{_n(writes)} /s × {_n(ratio)} reads per write", writes * ratio, "/s"
    )
    total = Step(
        "Total per second", f"{_n(writes)} + {_n(reads.value)}", writes + reads.value, "/s"
    )
    peak = Step(
        "Peak total per second",
        f"{_n(total.value)} /s × {_n(peak_factor)}",
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


MAX_REPLICAS = 1_000  # far beyond any real system; also keeps int × float arithmetic in range


@computable
def storage(
    arrival: Arrival, size: float, *, years: float = 3.0, replicas: int = 1
) -> StorageResult:
    """New data per month and per year, and all of it kept for `years` on `replicas` copies."""
    if years <= 0:
        raise UsageProblem("keep data for more than 0 years, such as 3 or 0.5", param="--years")
    if not 1 <= replicas <= MAX_REPLICAS:
        raise UsageProblem(
            f"keep between 1 and {MAX_REPLICAS:,} copies of the data, such as 3", param="--replicas"
        )
    items = arrival.over(SECONDS_PER_MONTH)
    steps = list(arrival.steps)
    if arrival.period is not Period.MONTH:
        steps.append(
            Step(
                f"{arrival.what.capitalize()} per month",
                f"{_n(arrival.per_second)} /s × 2,629,800 s",
                items,
                "/month",
            )
        )
    size_step = Step("Size of one item", "given", size, "B")
    month = Step(
        "New data per month", f"{_n(items)} × {format_value(size, 'B', 4)}", items * size, "B/month"
    )
    year = Step(
        "New data per year", f"{format_value(month.value, 'B', 4)} × 12", month.value * 12, "B/year"
    )
    total_items = Step(
        f"Items in {_n(years)} years", f"{_n(items)} × 12 × {_n(years)}", items * 12 * years, ""
    )
    raw = Step(
        f"Data in {_n(years)} years",
        f"{format_value(year.value, 'B', 4)} × {_n(years)}",
        year.value * years,
        "B",
    )
    steps += [size_step, month, year, total_items, raw]
    total = raw
    if replicas > 1:
        total = Step(
            f"With {replicas} replicas",
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
        "Bytes per second", f"{_n(rate)} /s × {format_value(size, 'B', 4)}", rate * size, "B/s"
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
    arrival: Arrival, size: float, *, hot: float = 0.2, window: Period = Period.DAY
) -> CacheResult:
    """Memory to hold the hot share of one `window` of requests: the 80/20 rule made explicit."""
    items = arrival.over(window.seconds)
    steps = list(arrival.steps)
    if arrival.period is not window:
        steps.append(
            Step(
                f"{arrival.what.capitalize()} per {window.noun}",
                f"{_n(arrival.per_second)} /s × {_n(window.seconds)} s",
                items,
                f"/{window.short}",
            )
        )
    size_step = Step("Size of one item", "given", size, "B")
    touched = Step(
        f"Data requested per {window.noun}",
        f"{_n(items)} × {format_value(size, 'B', 4)}",
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
            f"Caching the hottest {format_number(hot * 100)}% of a {window.noun}'s items serves most reads "
            "from memory; the rest fall through to the database.",
            "Real hit rates depend on how skewed access is: measure, then resize.",
        ),
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
def servers(load: float, per_server: float, *, headroom: float = 0.3) -> ServersResult:
    """Servers for `load` requests/s when each handles `per_server` but runs `headroom` below it."""
    if per_server <= 0:
        raise UsageProblem(
            "one server must handle more than 0 requests per second, such as 2k",
            param="--per-server",
        )
    usable = per_server * (1 - headroom)
    exact = load / usable
    ensure_computable((Step("Servers, exactly", "load ÷ usable", exact, "servers"),))
    # Ceil after trimming float noise (1400 / (2000 × 0.7) must be 1 server, not
    # 2); the noise is relative, so the allowance grows with the count.
    needed = max(1, math.ceil(exact * (1 - 1e-12)))
    steps = (
        Step("Load", "given", load, "/s"),
        Step("Capacity of one server", "given", per_server, "/s"),
        Step(
            "Usable per server",
            f"{_n(per_server)} × (1 − {format_number(headroom)} headroom)",
            usable,
            "/s",
        ),
        Step("Servers, exactly", f"{_n(load)} ÷ {_n(usable)}", exact, "servers", whole=True),
        Step("Servers, rounded up", f"⌈{format_number(exact, 4)}⌉", needed, "servers", whole=True),
        Step("With N+1 redundancy", f"{needed} + 1 spare", needed + 1, "servers", whole=True),
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


# Latency -------------------------------------------------------------------


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
    """A request path added up from the latency table and plain durations."""

    expression: str
    total_ns: float
    breakdown: tuple[LatencyTerm, ...]
    sequential_per_second: float
    steps: Derivation
    answer: Derivation


_TERM = re.compile(r"^(?:(?P<count>\d+(?:\.\d+)?)\s*[*x×]\s*)?(?P<item>.+)$")


@computable
def latency(expression: str, *, param: str = "EXPRESSION") -> LatencyResult:
    """Add up a request path: '2 * round-trip-same-datacenter + disk-seek + 5ms'."""
    parts = [p.strip() for p in expression.split("+")]
    if not expression.strip() or not all(parts):
        raise UsageProblem(
            f"'{expression}' is not a sum of steps; write e.g. "
            "'2 * round-trip-same-datacenter + disk-seek + 5ms'",
            param=param,
        )
    terms = [_latency_term(p, param) for p in parts]
    total = sum(t.total_ns for t in terms)
    breakdown = tuple(
        LatencyTerm(t.term, t.count, t.each_ns, t.total_ns, t.total_ns / total if total else 0.0)
        for t in terms
    )
    steps = tuple(
        Step(
            t.term,
            f"{_n(t.count)} × {format_value(t.each_ns, 'ns', 4)}" if t.count != 1 else "as listed",
            t.total_ns,
            "ns",
        )
        for t in breakdown
    )
    total_step = Step(
        "Total", " + ".join(format_value(t.total_ns, "ns") for t in breakdown), total, "ns"
    )
    sequential = 1e9 / total if total else 0.0
    throughput = Step(
        "One after another, per second", f"1 s ÷ {format_value(total, 'ns')}", sequential, "/s"
    )
    return LatencyResult(
        expression,
        total,
        breakdown,
        sequential,
        (*steps, total_step, throughput),
        (total_step, throughput),
    )


def _latency_term(text: str, param: str) -> LatencyTerm:
    from primer_cli.estimate.latency import (
        operation_named,  # the table loads only for this calculator
    )

    match = _TERM.match(text)
    assert match is not None  # the pattern accepts any non-empty text
    count = float(match["count"]) if match["count"] else 1.0
    if count > MAX_VALUE:
        raise UsageProblem(
            f"'{match['count']}' is too many repeats (the limit is {MAX_VALUE:.0e})", param=param
        )
    item = match["item"].strip()
    operation = operation_named(item)
    if operation is not None:
        return LatencyTerm(operation.label, count, float(operation.ns), operation.ns * count, 0.0)
    if item[:1].isdigit() or item[:1] == ".":
        duration = parse_quantity(item, param=param, accept=(Kind.DURATION,))
        return LatencyTerm(item, count, duration.value * 1e9, duration.value * 1e9 * count, 0.0)
    raise UsageProblem(_unknown_operation(item), param=param)


def _unknown_operation(item: str) -> str:
    from primer_cli.estimate.latency import LATENCY_TABLE

    names = [op.name for op in LATENCY_TABLE]
    import difflib  # only a mistake pays for it

    close = difflib.get_close_matches(item.lower().replace(" ", "-"), names, n=3, cutoff=0.4)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    return (
        f"'{item}' is neither an operation from the latency table nor a duration like 5ms.{hint} "
        "`primer estimate latency --list` shows the names."
    )


# Convert -------------------------------------------------------------------

BASE_UNITS = {
    Kind.COUNT: "",
    Kind.DATA: "B",
    Kind.DURATION: "s",
    Kind.RATE: "/s",
    Kind.DATA_RATE: "B/s",
}
_EXAMPLE_UNITS = {
    Kind.COUNT: "million or thousand",
    Kind.DATA: "GB or GiB",
    Kind.DURATION: "ms or h",
    Kind.RATE: "/s or /month",
    Kind.DATA_RATE: "Mbps or MB/s",
}


@dataclass(frozen=True)
class ConversionResult:
    """A quantity in another unit, with its other usual forms."""

    text: str
    kind: str
    base_value: float
    base_unit: str
    value: float
    unit: str
    napkin: float
    steps: Derivation
    answer: Derivation


@computable
def convert(text: str, to: str | None = None) -> ConversionResult:
    """`text` in `to` units ('100M/month' to '/s'), or in its usual forms when `to` is None."""
    quantity = parse_quantity(text, param="QUANTITY")
    base_unit = BASE_UNITS[quantity.kind]
    forms = _forms(quantity.value, quantity.kind)
    if to is None:
        value, unit, answer = quantity.value, base_unit, forms[:1]
    else:
        factor, unit = _target(to, quantity.kind, text)
        value = round_significant(
            quantity.value / factor, 12
        )  # 1e8 /month, not 99,999,999.99999999
        shown = f"{format_number(value, 4)} {unit}"
        formula = _conversion_formula(factor, base_unit, unit)
        answer = (Step(f"In {unit}", formula, value, unit, display=shown),)
    return ConversionResult(
        text,
        quantity.kind.value,
        quantity.value,
        base_unit,
        value,
        unit,
        napkin(value),
        answer + tuple(f for f in forms if f not in answer),
        answer,
    )


def _conversion_formula(factor: float, base_unit: str, unit: str) -> str:
    per = f"(1 {unit} = {format_number(factor, 7)} {base_unit})".replace("  ", " ")
    if factor == 1:
        return "already in this unit"
    return f"× {_n(1 / factor)} {per}" if factor < 1 else f"÷ {_n(factor)} {per}"


def _target(to: str, kind: Kind, text: str) -> tuple[float, str]:
    """How many base units one `to` unit holds ('Mbps' is 125,000 B/s), checked against `kind`."""
    label = " ".join(to.split())
    try:
        probe = parse_quantity(f"1{label}" if label.startswith("/") else f"1 {label}", param="--to")
    except UsageProblem:
        raise UsageProblem(
            f"'{to}' is not a unit. Use one such as /s, /month, Mbps, MB/s, GB, GiB, ms or "
            "million.",
            param="--to",
        ) from None
    if probe.kind is not kind:
        raise UsageProblem(
            f"'{label}' is a {probe.kind.value} unit but '{text}' is a {kind.value}; "
            f"use a {kind.value} unit such as {_EXAMPLE_UNITS[kind]}",
            param="--to",
        )
    return probe.value, label


def _forms(value: float, kind: Kind) -> Derivation:
    """The same quantity in the units people usually compare it in."""
    if kind is Kind.RATE:
        return (
            Step("Per second", "as parsed", value, "/s"),
            Step("Per day", "× 86,400 s", value * SECONDS_PER_DAY, "/day"),
            Step("Per month", "× 2,629,800 s", value * SECONDS_PER_MONTH, "/month"),
            Step(
                "Rule of thumb, per month",
                "× 2.5 million s",
                value * RULE_SECONDS_PER_MONTH,
                "/month",
                rule_of_thumb=True,
            ),
            Step("Per year", "× 31,557,600 s", value * SECONDS_PER_YEAR, "/year"),
        )
    if kind is Kind.DATA_RATE:
        return (
            Step("Bytes per second", "as parsed", value, "B/s"),
            Step("Bits per second", "× 8 bits", value * 8, "bit/s"),
            Step("Per day", "× 86,400 s", value * SECONDS_PER_DAY, "B/day"),
            Step("Per month", "× 2,629,800 s", value * SECONDS_PER_MONTH, "B/month"),
        )
    if kind is Kind.DATA:
        return (
            Step("Decimal units", "powers of 1,000", value, "B"),
            Step(
                "Binary units",
                "powers of 1,024",
                value,
                "B",
                display=format_bytes(value, 3, binary=True),
            ),
        )
    if kind is Kind.DURATION:
        return (
            Step("Duration", "as parsed", value, "s", display=format_duration(value)),
            Step(
                "In nanoseconds",
                "× 10^9",
                value * 1e9,
                "ns",
                display=f"{format_number(value * 1e9, 6)} ns",
            ),
        )
    return _count_forms(value)


def _count_forms(value: float) -> Derivation:
    forms = [Step("Exact", "as parsed", value, "", display=format_number(value, 15))]
    if value >= 1:
        power = math.log2(value)
        forms.append(
            Step("Power of two", "log2", power, "", display=f"2^{format_number(power, 4)}")
        )
        forms.append(
            Step("As bytes", "1 byte each", value, "B", display=format_bytes(value, 3, binary=True))
        )
    return tuple(forms)
