"""Generated questions: each template's drawing of realistic figures, answered by the estimate engine.

The templates themselves (ids, topics, titles) are listed in
`quiz/templates.py`; this module holds what they draw and is imported only
when a generated question is actually asked, since the estimate calculators
cost about 20 ms to import. The answer and its worked steps come from the
same calculators `primer estimate` runs, so the explanation shows the
derivation a learner can reproduce.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from primer_cli.estimate import availability
from primer_cli.estimate.calculators import (
    Step,
    arrival_from_count,
    arrival_from_users,
    bandwidth,
    cache,
    latency,
    qps,
    servers,
    storage,
)
from primer_cli.estimate.conventions import Period
from primer_cli.estimate.latency import LATENCY_TABLE
from primer_cli.estimate.latency_expression import SEQUENTIAL_RATE
from primer_cli.estimate.quantity import Kind, format_bytes, format_count, format_number
from primer_cli.quiz.schema import NumericAnswer, Question, QuestionKind, Tolerance
from primer_cli.wording import with_article

if TYPE_CHECKING:
    from primer_cli.quiz.templates import Template

LENIENT = Tolerance("relative", 0.2)  # napkin maths: rounding and the 2.5M s/month rule both fit
CLOSE = Tolerance("relative", 0.1)


@dataclass(frozen=True)
class Draw:
    """One drawing of a template: the question's text, its answer and the worked steps."""

    prompt: str
    answer: NumericAnswer
    tolerance: Tolerance
    explanation: str
    steps: tuple[Step, ...]
    params: dict[str, float]
    hint: str = ""
    command: str = ""  # the `primer estimate` command that shows the same working


def question_from(template: Template, drawn: Draw) -> Question:
    """The numeric question a template's drawing asks."""
    return Question(
        id=template.id,
        topic=template.topic,
        kind=QuestionKind.NUMERIC,
        prompt=drawn.prompt,
        explanation=drawn.explanation + (f" Check it: {drawn.command}" if drawn.command else ""),
        hint=drawn.hint,
        numeric=drawn.answer,
        tolerance=drawn.tolerance,
        generated=True,
        derivation=drawn.steps,
        params=tuple(drawn.params.items()),
    )


def _without(steps: tuple[Step, ...], *names: str) -> tuple[Step, ...]:
    """The calculator's steps less those the question did not ask about."""
    return tuple(step for step in steps if not step.step.startswith(names))


def _downtime_step(unavailability: float) -> Step:
    year = Period.YEAR.seconds
    return Step("Downtime per year", "share down × year", unavailability * year * 1e9, "ns")


def _typed(count: float) -> str:
    """A count as a learner would type it on the command line: 5M, 250k, 2.5bn."""
    return format_count(count, 4)


def _typed_bytes(size: float) -> str:
    return format_bytes(size).replace(" ", "")


def _answer(value: float, kind: Kind, unit: str, factor: float, sig: int = 3) -> NumericAnswer:
    """The exact answer, shown in `unit` (a bare number typed by a learner is read in it)."""
    if unit == "%":
        shown = availability.percent(value / 100)
    elif not unit:
        shown = format_count(value, sig)
    else:
        space = "" if unit.startswith("/") else " "
        shown = f"{format_number(value / factor, sig)}{space}{unit}"
    return NumericAnswer(shown, value, kind, unit, factor)


def _bytes_unit(value: float) -> tuple[str, float]:
    """The decimal byte unit a person would answer in: 'TB' for 1.2e12."""
    for unit, factor in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if value >= factor:
            return unit, factor
    return "B", 1.0


def _duration_unit(seconds: float) -> tuple[str, str, float]:
    """(unit, word, seconds per unit) for answering a duration of this size."""
    for unit, word, factor in (
        ("days", "days", 86_400.0),
        ("h", "hours", 3_600.0),
        ("min", "minutes", 60.0),
        ("s", "seconds", 1.0),
        ("ms", "milliseconds", 1e-3),
    ):
        if seconds >= factor:
            return unit, word, factor
    return "µs", "microseconds", 1e-6


USERS = (1e6, 2e6, 5e6, 10e6, 20e6, 50e6, 100e6, 200e6, 500e6)
SIZES = (100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 10e3, 100e3, 1e6)


def _qps_average(rng: random.Random) -> Draw:
    users, per_user = rng.choice(USERS), rng.choice((1, 2, 5, 10, 20, 50))
    result = qps(arrival_from_users(users, per_user, Period.DAY))
    prompt = (
        f"A service has {format_count(users, words=True)} daily active users, each making "
        f"{per_user} requests a day. About how many requests per second does it serve on average?"
    )
    return Draw(
        prompt,
        _answer(result.per_second, Kind.RATE, "/s", 1.0),
        LENIENT,
        "Multiply users by requests per user for the daily total, then divide by the "
        "86,400 seconds in a day (about 100,000 on a napkin).",
        _without(result.steps, "Requests per month", "Rule of thumb", "Peak"),
        {"users": users, "per_user": per_user},
        hint="A day has 86,400 seconds; round it to 10^5.",
        command=f"primer estimate qps --users {_typed(users)} --per-user {per_user} --per day",
    )


def _qps_peak(rng: random.Random) -> Draw:
    count = rng.choice((10e6, 50e6, 100e6, 250e6, 500e6, 1e9, 2.5e9, 10e9))
    factor = rng.choice((2, 3, 4, 5))
    result = qps(arrival_from_count(count, Period.MONTH), peak_factor=factor)
    prompt = (
        f"An API receives {format_count(count, words=True)} requests a month, and its busiest "
        f"hour runs at {factor}× the average rate. About how many requests per second must it "
        "handle at peak?"
    )
    return Draw(
        prompt,
        _answer(result.peak_per_second, Kind.RATE, "/s", 1.0),
        LENIENT,
        "A month is about 2.5 million seconds, so divide the monthly count by 2.5 million "
        "for the average per second, then multiply by the peak factor.",
        _without(result.steps, "Requests per day", "Rule of thumb"),
        {"per_month": count, "peak_factor": factor},
        hint="1 request per second is about 2.5 million requests a month.",
        command=f"primer estimate qps --count {_typed(count)} --per month --peak-factor {factor}",
    )


def _storage_total(rng: random.Random) -> Draw:
    count = rng.choice((1e6, 10e6, 30e6, 100e6, 300e6, 1e9))
    size = rng.choice(SIZES[:7])
    years = rng.choice((1, 2, 3, 5, 10))
    replicas = rng.choice((1, 1, 3))
    uploads = arrival_from_count(count, Period.MONTH, what="items")
    result = storage(uploads, size, years=years, replicas=replicas)
    unit, factor = _bytes_unit(result.total_bytes)
    copies = "one copy" if replicas == 1 else f"{replicas} replicas of everything"
    prompt = (
        f"Users upload {format_count(count, words=True)} items a month, {format_bytes(size)} each. "
        f"How much storage does the service need after {years} "
        f"{'year' if years == 1 else 'years'}, keeping {copies}? Answer in {unit}."
    )
    return Draw(
        prompt,
        _answer(result.total_bytes, Kind.DATA, unit, factor),
        LENIENT,
        "Items per month × size gives the data added each month; × 12 × years gives what is "
        "kept; × replicas gives the disk it occupies.",
        _without(result.steps, "Seconds in", "Average", "Rule of thumb"),
        {"per_month": count, "size": size, "years": years, "replicas": replicas},
        command=f"primer estimate storage --count {_typed(count)} --per month --size {_typed_bytes(size)} --years {years} --replicas {replicas}",
    )


def _bandwidth(rng: random.Random) -> Draw:
    rate = rng.choice((10.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 5_000.0))
    size = rng.choice((10e3, 50e3, 100e3, 500e3, 1e6, 2e6))
    result = bandwidth(arrival_from_count(rate, Period.SECOND), size)
    prompt = (
        f"A service sends {format_number(rate)} responses a second, {format_bytes(size)} each. "
        "How much outbound bandwidth is that, in megabits per second (Mbps)?"
    )
    return Draw(
        prompt,
        _answer(result.bytes_per_second, Kind.DATA_RATE, "Mbps", 1e6 / 8),
        LENIENT,
        "Bytes per second is the rate times the size; links are sold in bits, so multiply "
        "by 8 before dividing by a million.",
        _without(result.steps, "Transfer per"),
        {"per_second": rate, "size": size},
        hint="1 byte is 8 bits; 1 MB/s is 8 Mbps.",
        command=f"primer estimate bandwidth --rate {_typed(rate)}/s --size {_typed_bytes(size)}",
    )


def _cache_memory(rng: random.Random) -> Draw:
    count = rng.choice((10e6, 50e6, 100e6, 500e6, 1e9))
    size = rng.choice((200.0, 500.0, 1e3, 2e3, 5e3))
    result = cache(arrival_from_count(count, Period.DAY), size)
    unit, factor = _bytes_unit(result.memory_bytes)
    prompt = (
        f"A read-heavy service answers {format_count(count, words=True)} reads a day for items of "
        f"{format_bytes(size)}. Following the 80/20 rule, how much memory does a cache need to "
        f"hold the hottest 20% of a day's reads? Answer in {unit}."
    )
    return Draw(
        prompt,
        _answer(result.memory_bytes, Kind.DATA, unit, factor),
        LENIENT,
        "A day's reads times the item size is the data requested in a day; 20% of it is "
        "the hot set that serves most reads from memory.",
        _without(result.steps, "Seconds in", "Average"),
        {"per_day": count, "size": size},
        command=f"primer estimate cache --count {_typed(count)} --per day --size {_typed_bytes(size)}",
    )


def _servers(rng: random.Random) -> Draw:
    load = rng.choice((2e3, 5e3, 10e3, 20e3, 50e3, 100e3))
    per_server = rng.choice((500.0, 1e3, 2e3, 5e3))
    result = servers(load, per_server)
    prompt = (
        f"Peak load is {format_count(load)} requests per second. One server handles "
        f"{format_count(per_server)} requests per second, and you keep each at most 70% busy "
        "(30% headroom). How many servers does the peak need, before adding a spare?"
    )
    return Draw(
        prompt,
        _answer(float(result.servers), Kind.COUNT, "", 1.0, sig=6),
        Tolerance("absolute", 0.5),  # exactly: rounding down is the mistake the question is about
        "Each server may only use 70% of its capacity, so divide the peak by 0.7 × capacity "
        "and round up: a fraction of a server is a whole server.",
        _without(result.steps, "With N+1"),
        {"load": load, "per_server": per_server},
        command=f"primer estimate servers --qps {_typed(load)} --per-server {_typed(per_server)}",
    )


_PATH_OPERATIONS = (
    "round-trip-same-datacenter",
    "disk-seek",
    "read-1mb-ssd",
    "read-1mb-memory",
    "read-4kb-random-ssd",
    "read-1mb-disk",
    "read-1mb-1gbps",
    "compress-1kb-zippy",
)


def _latency_path(rng: random.Random) -> Draw:
    chosen = rng.sample(_PATH_OPERATIONS, rng.choice((2, 3)))
    counts = [rng.choice((1, 1, 2, 3, 5)) for _ in chosen]
    expression = " + ".join(f"{c} * {name}" for c, name in zip(counts, chosen, strict=True))
    result = latency(expression)
    labels = {op.name: op.label for op in LATENCY_TABLE}
    parts = "; ".join(
        f"{c} × {labels[name]}" if c > 1 else labels[name]
        for c, name in zip(counts, chosen, strict=True)
    )
    seconds = result.total_ns * 1e-9
    unit, word, factor = (
        ("ms", "milliseconds", 1e-3) if seconds >= 1e-3 else ("µs", "microseconds", 1e-6)
    )
    prompt = (
        f"Using the latency numbers every programmer should know, how long does a request take "
        f"that does these steps one after another: {parts}. Answer in {word}."
    )
    return Draw(
        prompt,
        _answer(seconds, Kind.DURATION, unit, factor),
        CLOSE,
        "Add up each step from the table (count × time each). The slowest step usually "
        "dominates, so get its figure right first.",
        _without(result.steps, SEQUENTIAL_RATE),
        {name: float(c) for c, name in zip(counts, chosen, strict=True)},
        hint="A datacenter round trip is 0.5 ms; a disk seek 10 ms; 1 MB from SSD 1 ms.",
        command=f"primer estimate latency '{expression}'",
    )


_NINES = (2.0, 3.0, 3.5, 4.0, 5.0)
_NINES_WORDS = {
    2.0: "two nines",
    3.0: "three nines",
    3.5: "three and a half nines",
    4.0: "four nines",
    5.0: "five nines",
}


def _nines_share(count: float) -> float:
    return 0.9995 if count == 3.5 else availability.nines(count)


def _downtime(rng: random.Random) -> Draw:
    count = rng.choice(_NINES)
    period = rng.choice((Period.YEAR, Period.MONTH, Period.WEEK, Period.DAY))
    share = _nines_share(count)
    result = availability.downtime(share, period)
    unit, word, factor = _duration_unit(result.downtime_seconds)
    prompt = (
        f"A service promises {availability.percent(share)} availability ({_NINES_WORDS[count]}). "
        f"How much downtime does that allow per {period.noun}? Answer in {word}."
    )
    return Draw(
        prompt,
        _answer(result.downtime_seconds, Kind.DURATION, unit, factor),
        CLOSE,
        "The allowed downtime is the unavailable share (1 − availability) of the period. "
        "Each extra nine divides it by ten: 99.9% is about 8.8 hours a year, 99.99% about 53 minutes.",
        result.steps,
        {"availability": share, "period_seconds": period.seconds},
        command=f"primer estimate availability {availability.percent(share)} --per {period.noun}",
    )


_PART_SHARES = (0.99, 0.995, 0.999, 0.9995, 0.9999)


def _in_series(rng: random.Random) -> Draw:
    parts = tuple(rng.choice(_PART_SHARES) for _ in range(rng.choice((2, 3))))
    result = availability.series(parts)
    listed = ", ".join(availability.percent(p) for p in parts)
    prompt = (
        f"A request must pass through {len(parts)} services in sequence, available {listed}. "
        "What is the availability of the whole path, in percent?"
    )
    return Draw(
        prompt,
        _answer(result.availability * 100, Kind.COUNT, "%", 1.0, sig=6),
        Tolerance("absolute", 0.01),
        "Parts in sequence must all be up, so their availabilities multiply: the whole is "
        "less available than its weakest part.",
        result.steps,
        {f"part_{i}": p for i, p in enumerate(parts, 1)},
        hint="Multiply the availabilities (as fractions), then convert back to percent.",
        command="primer estimate availability " + " ".join(availability.percent(p) for p in parts),
    )


def _in_parallel(rng: random.Random) -> Draw:
    share = rng.choice(_PART_SHARES[:3])
    copies = rng.choice((2, 3))
    result = availability.parallel((share,) * copies)
    seconds = result.unavailability * Period.YEAR.seconds
    unit, word, factor = _duration_unit(seconds)
    prompt = (
        f"{copies} redundant instances, each {availability.percent(share)} available and failing "
        "independently, sit behind a load balancer that only needs one of them. About how much "
        f"downtime per year should you expect from the pair? Answer in {word}."
        if copies == 2
        else f"{copies} redundant instances, each {availability.percent(share)} available and "
        "failing independently, sit behind a load balancer that only needs one of them. About "
        f"how much downtime per year should you expect from the group? Answer in {word}."
    )
    return Draw(
        prompt,
        _answer(seconds, Kind.DURATION, unit, factor),
        CLOSE,
        "Redundant parts are all down only when each is down, so their unavailabilities "
        "multiply: two 99.9% instances are down 0.1% × 0.1% = 0.0001% of the time, about 32 "
        "seconds a year. (Real failures are rarely fully independent.)",
        (*result.steps, _downtime_step(result.unavailability)),
        {"availability": share, "copies": copies},
        command=f"primer estimate availability {' '.join([availability.percent(share)] * copies)} --parallel",
    )


def _distinct_values(rng: random.Random) -> Draw:
    bits = rng.choice((8, 10, 16, 20, 24, 30, 32, 40, 48, 64))
    value = 2.0**bits
    steps = (Step("Values of an n-bit number", f"2^{bits}", value, ""),)
    prompt = f"About how many distinct values can {with_article(f'{bits}-bit')} identifier take?"
    return Draw(
        prompt,
        _answer(value, Kind.COUNT, "", 1.0),
        # 2^10 taken as 1,000 drifts 2.4% per ten bits: 13% by 2^60, still the method taught.
        LENIENT,
        "An n-bit number has 2^n values. Use 2^10 ≈ a thousand: 2^20 ≈ a million, 2^30 ≈ a "
        "billion, 2^40 ≈ a trillion, then scale by the remaining power of two.",
        steps,
        {"bits": bits},
        hint="2^10 = 1,024, about a thousand.",
    )


def _bits_needed(rng: random.Random) -> Draw:
    count = rng.choice((1e3, 50e3, 1e6, 10e6, 300e6, 1e9, 8e9, 1e12))
    bits = math.ceil(math.log2(count))
    steps = (
        Step("Values needed", "given", count, ""),
        Step("Bits, exactly", f"log2({format_count(count)})", math.log2(count), "bit"),
        Step("Bits, rounded up", "a bit is whole", float(bits), "bit", whole=True),
    )
    prompt = (
        f"How many bits does an id need so that {format_count(count, words=True)} "
        "things can each have a different one?"
    )
    return Draw(
        prompt,
        _answer(float(bits), Kind.COUNT, "", 1.0),
        Tolerance("absolute", 0.5),
        "n bits give 2^n ids, so find the smallest power of two at least as large as the count: "
        "a thousand ≈ 2^10, a million ≈ 2^20, a billion ≈ 2^30.",
        steps,
        {"count": count},
    )


def _megabytes_to_megabits(rng: random.Random) -> Draw:
    mb_per_second = rng.choice((1.0, 5.0, 12.5, 25.0, 40.0, 100.0, 125.0, 250.0))
    value = mb_per_second * 1e6
    steps = (
        Step("Rate in bytes", "given", value, "B/s"),
        Step("Rate in bits", f"{format_number(mb_per_second)} MB/s × 8 bits", value * 8, "bit/s"),
    )
    prompt = (
        f"A disk copy runs at {format_number(mb_per_second)} MB/s (megabytes per second). "
        "What is that in megabits per second (Mbps)?"
    )
    return Draw(
        prompt,
        _answer(value, Kind.DATA_RATE, "Mbps", 1e6 / 8),
        Tolerance("relative", 0.05),
        "A byte is 8 bits, so a rate in MB/s is 8 times larger in Mbps. Network links are "
        "quoted in bits, disks and files in bytes: convert before comparing them.",
        steps,
        {"megabytes_per_second": mb_per_second},
    )


_LINKS = {100e6: "100 Mbps", 1e9: "1 Gbps", 10e9: "10 Gbps"}


def _transfer_time(rng: random.Random) -> Draw:
    size = rng.choice((100e6, 1e9, 10e9, 100e9, 1e12))
    link_bps = rng.choice(tuple(_LINKS))
    seconds = size * 8 / link_bps
    steps = (
        Step("File size", "given", size, "B"),
        Step("Size in bits", f"{format_bytes(size)} × 8", size * 8, "bit"),
        Step("Link speed", "given", link_bps, "bit/s"),
        Step("Transfer time", "bits ÷ bits per second", seconds * 1e9, "ns"),
    )
    unit, word, factor = _duration_unit(seconds)
    prompt = (
        f"How long does it take to send a {format_bytes(size)} file over a "
        f"{_LINKS[link_bps]} link running at full speed? Answer in {word}."
    )
    return Draw(
        prompt,
        _answer(seconds, Kind.DURATION, unit, factor),
        CLOSE,
        "Turn the size into bits (× 8) and divide by the link's bits per second. A 1 Gbps link "
        "moves about 125 MB a second; in practice protocol overhead makes it a little slower.",
        steps,
        {"bytes": size, "bits_per_second": link_bps},
    )
