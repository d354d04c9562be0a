"""One parser for the quantities people type into an estimate.

`10M`, `2.5e6`, `1,000`, `1.27 KB`, `4/s`, `100M/month`, `5 TB/day`, `1 Gbps`,
`250ms`, `2^32`: each becomes a `Quantity` in base units (a plain count,
bytes, seconds, per second, bytes per second). Decimal units (KB = 1000 B)
and binary units (KiB = 1024 B) are distinct; a lower-case `b` is a bit.

Hand-written rather than pint: pint costs 100-140 ms to import and another
130-170 ms to build its registry here (the whole command budget is 100 ms),
it has no `KB` (only `kB`), reads `Mbps` as megabaud, and knows nothing of
count scales like `10M`. The table below is the whole unit system, and the
property tests in tests/test_estimate_quantity.py pin it down.

A quantity is either understood whole or refused, naming the part that was
not understood: no word is skipped and no character dropped. How values are
written back lives in figures.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import cast

from primer_cli.errors import UsageProblem
from primer_cli.estimate.conventions import PERIOD_NAMES, Period, period_named
from primer_cli.estimate.figures import (  # re-exported: callers import the formatters from here
    DECIMAL_PREFIXES,
    format_bits_per_second,
    format_bytes,
    format_count,
    format_duration,
    format_number,
    format_rate,
    format_value,
)

__all__ = [
    "EXAMPLES",
    "MAX_VALUE",
    "UNITS",
    "CommaProblem",
    "Kind",
    "Quantity",
    "QuantityProblem",
    "format_bits_per_second",
    "format_bytes",
    "format_count",
    "format_duration",
    "format_number",
    "format_quantity",
    "format_rate",
    "format_value",
    "parse_factor",
    "parse_fraction",
    "parse_number",
    "parse_period",
    "parse_quantity",
    "parse_unit",
    "parse_whole",
]

# Anything bigger is a typo, and keeping far below float's 1e308 means the
# calculators' products (years x replicas x size) stay finite.
MAX_VALUE = 1e30


class Kind(Enum):
    """What a quantity measures; its value is in the base unit named here."""

    COUNT = "count"  # plain number
    DATA = "data size"  # bytes
    DURATION = "duration"  # seconds
    RATE = "rate"  # per second
    DATA_RATE = "data rate"  # bytes per second


EXAMPLES = {
    Kind.COUNT: "a count such as 10M, 2.5e6, 1,000, 3bn or 2^32",
    Kind.DATA: "a size such as 1.27KB, 500 KB, 4 MiB or 2 TB",
    Kind.DURATION: "a duration such as 250ms, 10 us, 2h or 3 days",
    Kind.RATE: "a rate such as 4/s, 20k/s, 100M/month or 500 per day",
    Kind.DATA_RATE: "a data rate such as 1 Gbps, 40 MB/s or 5 TB/day",
}


@dataclass(frozen=True)
class Quantity:
    """A non-negative finite value in the base unit of its kind."""

    value: float
    kind: Kind


_COUNT_SCALES = {
    "k": 1e3,
    "K": 1e3,
    "thousand": 1e3,
    "M": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "T": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
    "quadrillion": 1e15,
    "quintillion": 1e18,
}


# What is being counted, written after a count: '40 req/s', '20k requests', '5 ops/s'.
# Each is a count of 1; the words only say what the number counts.
COUNT_NOUNS = (
    "req", "reqs", "request", "requests", "query", "queries", "op", "ops", "operation",
    "operations", "call", "calls", "event", "events", "message", "messages", "msg", "msgs",
    "transaction", "transactions", "txn", "txns",
)  # fmt: skip


def _unit_table() -> dict[str, tuple[Kind, float]]:
    table: dict[str, tuple[Kind, float]] = {"": (Kind.COUNT, 1.0)}
    table.update({word: (Kind.COUNT, scale) for word, scale in _COUNT_SCALES.items()})
    table.update({"rps": (Kind.RATE, 1.0), "qps": (Kind.RATE, 1.0), "tps": (Kind.RATE, 1.0)})
    table.update({noun: (Kind.COUNT, 1.0) for noun in COUNT_NOUNS})
    for word in ("B", "byte", "bytes"):
        table[word] = (Kind.DATA, 1.0)
    for word in ("b", "bit", "bits"):
        table[word] = (Kind.DATA, 1 / 8)
    table["bps"] = (Kind.DATA_RATE, 1 / 8)
    for power, prefix in enumerate(DECIMAL_PREFIXES, start=1):
        decimal, binary = 1000.0**power, 1024.0**power
        table[f"{prefix}B"] = (Kind.DATA, decimal)
        table[f"{prefix}iB"] = (Kind.DATA, binary)
        table[f"{prefix}Bps"] = (Kind.DATA_RATE, decimal)
        table[f"{prefix}b"] = (Kind.DATA, decimal / 8)
        table[f"{prefix}bit"] = (Kind.DATA, decimal / 8)
        table[f"{prefix}bps"] = (Kind.DATA_RATE, decimal / 8)
    for word in ("kB", "kbit", "kbps"):  # the SI spelling of kilo ('kb' alone is ambiguous)
        table[word] = table[word.replace("k", "K", 1)]
    table.update(
        {"ns": (Kind.DURATION, 1e-9), "us": (Kind.DURATION, 1e-6), "µs": (Kind.DURATION, 1e-6)}
    )
    table.update({"μs": (Kind.DURATION, 1e-6), "ms": (Kind.DURATION, 1e-3)})
    for period in Period:
        for spelling in period.spellings:
            table[spelling] = (Kind.DURATION, period.seconds)
    return table


UNITS = _unit_table()
# Words may be typed in any case; symbols may not (MB is bytes, Mb is bits).
_WORDS = {
    word: word
    for word in (
        *_COUNT_SCALES,
        "byte",
        "bytes",
        "bit",
        "bits",
        "rps",
        "qps",
        "tps",
        *COUNT_NOUNS,
        *(s for p in Period for s in p.spellings),
    )
    if word.islower() and len(word) > 2
}
_AMBIGUOUS = {
    "m": "write 5M for five million or 5min for five minutes",
    "kb": "write KB or kB for kilobytes, or Kb or kbit for kilobits",
    "mb": "write MB for megabytes or Mb for megabits",
    "gb": "write GB for gigabytes or Gb for gigabits",
    "tb": "write TB for terabytes or Tb for terabits",
}

_NUMBER = re.compile(r"\+?(?:(?P<whole>\d[\d,]*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\d.])")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_POWER = re.compile(r"(?P<base>\d{1,15})\s*(?:\^|\*\*)\s*(?P<exponent>\d{1,6})(?!\d)")
_TOO_LARGE = f"is too large to compute with (the limit is {MAX_VALUE:.0e})"


class QuantityProblem(UsageProblem):
    """A refused quantity: `reason` says what is wrong, the message adds what would do."""

    def __init__(self, reason: str, wanted: str, param: str) -> None:
        super().__init__(f"{reason}. Expected {wanted}.", param=param)
        self.reason = reason


def _problem(text: str, param: str, why: str, accepted: Iterable[Kind]) -> UsageProblem:
    wanted = "; or ".join(EXAMPLES[kind] for kind in accepted)
    return QuantityProblem(f"'{text}' {why}", wanted, param)


class CommaProblem(UsageProblem):
    """A comma that does not separate groups of three: refused by every parser alike."""

    def __init__(self, text: str, param: str) -> None:
        super().__init__(
            f"'{text}' has a comma that is not a thousands separator: write 1.5, or 1,500",
            param=param,
        )


def _number_at_start(text: str, original: str, param: str) -> tuple[float, str] | None:
    """The number `text` starts with and the rest, or None; commas only between groups of three."""
    match = _NUMBER.match(text)
    if not match:
        return None
    whole = match["whole"] or ""
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise CommaProblem(original, param)
    return float(match.group().replace(",", "")) + 0.0, text[match.end() :].strip()


def parse_number(text: str, *, param: str) -> float | None:
    """A plain number typed whole ('1,500', '2.5e6', '-0'), or None if it is not one.

    The one reading of digits every parser shares: a comma must separate
    groups of three (1,500); any other comma is refused rather than dropped,
    so '1,5' is never read as 15. A minus sign is refused unless the number is
    zero, and zero is always +0.
    """
    cleaned = str(text).strip()
    body = cleaned.removeprefix("-")
    found = _number_at_start(body, str(text), param)
    if found is None or found[1]:
        return None
    if body != cleaned and found[0] != 0:
        raise UsageProblem(f"'{text}' is negative; use a number of 0 or more", param=param)
    return found[0]


def parse_quantity(text: str, *, param: str, accept: Iterable[Kind] = tuple(Kind)) -> Quantity:
    """Parse what a person typed; raise UsageProblem naming `param` if it is not one of `accept`."""
    accepted = tuple(accept)
    cleaned = " ".join(str(text).split())
    body = cleaned.removeprefix("-")
    number, rest = _leading_number(body, text, param, accepted)
    if body != cleaned and number != 0:
        raise _problem(
            text, param, "is negative; quantities here count things, so they start at 0", accepted
        )
    kind, factor = _unit(rest, text, param, accepted)
    value = number * factor
    if not math.isfinite(value) or value > MAX_VALUE:
        raise _problem(text, param, _TOO_LARGE, accepted)
    if kind not in accepted:
        raise _problem(text, param, f"is a {kind.value}", accepted)
    return Quantity(value + 0.0, kind)


def parse_unit(text: str, *, param: str) -> tuple[Kind, float]:
    """A unit alone ('/s', 'MB/s', 'Mbps', 'GiB', 'million'): its kind and its size in base units."""
    label = " ".join(str(text).split())
    units = "/s, /month, Mbps, MB/s, GB, GiB, ms or million"
    if not label or label[0].isdigit() or label[0] in "+-.":
        raise UsageProblem(
            f"'{text}' is not a unit; give a unit alone, such as {units}", param=param
        )
    try:
        return _unit(label, text, param, tuple(Kind))
    except UsageProblem:
        why = f"'{text}' is not a unit{_suggestion(label, tuple(Kind))}. Use one such as {units}."
        raise UsageProblem(why, param=param) from None


def _leading_number(
    cleaned: str, text: str, param: str, accepted: tuple[Kind, ...]
) -> tuple[float, str]:
    power = _POWER.match(cleaned)
    if power:
        base, exponent = int(power["base"]), int(power["exponent"])
        if base > 1 and exponent * math.log10(base) > math.log10(MAX_VALUE):
            raise _problem(text, param, _TOO_LARGE, accepted)
        return float(base**exponent), cleaned[power.end() :].strip()
    found = _number_at_start(cleaned, text, param)
    if found is None:
        raise _problem(text, param, "does not start with a number", accepted)
    return found


def _unit(rest: str, text: str, param: str, accepted: tuple[Kind, ...]) -> tuple[Kind, float]:
    rest = re.sub(r"\s+per\s+|\s*/\s*", "/", f" {rest}").strip()
    symbol, slash, period_word = rest.partition("/")
    kind, factor = _measure(symbol.strip(), text, param, accepted)
    if not slash:
        return kind, factor
    period = period_named(period_word)
    if period is None:
        why = f"has an unknown period '{period_word}' (use one of {PERIOD_NAMES}, or s, min, h, d, wk, mo, yr)"
        raise _problem(text, param, why, accepted)
    if kind is Kind.COUNT:
        return Kind.RATE, factor / period.seconds
    if kind is Kind.DATA:
        return Kind.DATA_RATE, factor / period.seconds
    raise _problem(
        text, param, f"divides a {kind.value} by a period, which this parser does not do", accepted
    )


def _measure(symbol: str, text: str, param: str, accepted: tuple[Kind, ...]) -> tuple[Kind, float]:
    """What the unit before any '/period' measures: '', 'KB', 'rps', or a scale and a unit ('20k rps')."""
    # A bare B means a billion where only counts make sense (--users 1B), bytes elsewhere.
    if symbol == "B" and Kind.DATA not in accepted and Kind.DATA_RATE not in accepted:
        return Kind.COUNT, 1e9
    if not symbol:
        return Kind.COUNT, 1.0
    words = symbol.split(" ")
    known = [_known(word) for word in words]
    for word, meaning in zip(words, known, strict=True):
        if meaning is None:
            raise _problem(text, param, _not_understood(word, accepted), accepted)
    if len(words) == 1:
        return cast(tuple[Kind, float], known[0])
    scale, unit = known[0], known[-1]
    assert scale is not None and unit is not None  # every word was checked above
    if (
        len(words) == 2
        and scale[0] is Kind.COUNT
        and (unit[0] is not Kind.COUNT or words[1].lower() in COUNT_NOUNS)
    ):
        return unit[0], scale[1] * unit[1]  # a scale before a unit: '20k rps', '1.5 million bytes'
    raise _problem(text, param, f"has '{symbol}' where one unit should be", accepted)


def _known(word: str) -> tuple[Kind, float] | None:
    """The kind and factor of one unit symbol or word, or None; never the empty unit."""
    if word in UNITS and word:
        return UNITS[word]
    if word.lower() in _WORDS:
        return UNITS[_WORDS[word.lower()]]
    return None


def _not_understood(word: str, accepted: tuple[Kind, ...]) -> str:
    if word.lower() in _AMBIGUOUS:
        return f"is ambiguous: {_AMBIGUOUS[word.lower()]}"
    if word[:1].isdigit():
        return f"has a second number, '{word}': write one, such as 1500 or 1,500"
    return f"has an unknown unit '{word}'{_suggestion(word, accepted)}"


def _suggestion(symbol: str, accepted: tuple[Kind, ...]) -> str:
    import difflib  # only a mistake pays for it

    fitting = [unit for unit in UNITS if unit and _could_serve(unit, accepted)]
    close = difflib.get_close_matches(symbol, fitting, n=3, cutoff=0.5)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _could_serve(unit: str, accepted: tuple[Kind, ...]) -> bool:
    """Whether `unit` can appear in a quantity of an accepted kind: never 'tps' for a size."""
    kind = UNITS[unit][0]
    rates = Kind.RATE in accepted or Kind.DATA_RATE in accepted
    if unit in COUNT_NOUNS:
        return Kind.RATE in accepted or Kind.COUNT in accepted
    if kind is Kind.COUNT:
        return True  # a scale: '5 million bytes'
    if kind is Kind.DURATION:
        return Kind.DURATION in accepted or rates  # '/day'
    if kind is Kind.DATA:
        return Kind.DATA in accepted or Kind.DATA_RATE in accepted  # 'MB/s'
    return kind in accepted


def parse_period(text: str, *, param: str) -> Period:
    """A period name such as 'month', 'day', 's' or 'hours'."""
    period = period_named(text)
    if period is None:
        raise UsageProblem(f"'{text}' is not a period. Use one of {PERIOD_NAMES}.", param=param)
    return period


def parse_fraction(text: str, *, param: str, allow_zero: bool, allow_one: bool) -> float:
    """A share such as 0.2 or 20%."""
    cleaned = str(text).strip()
    percent = cleaned.endswith("%")
    value = _number_or_nan(cleaned.removesuffix("%"), param) / (100 if percent else 1)
    low_ok = value > 0 or (allow_zero and value == 0)
    high_ok = value < 1 or (allow_one and value == 1)
    if not (math.isfinite(value) and low_ok and high_ok):
        low, high = ("0" if allow_zero else "just above 0"), ("1" if allow_one else "just below 1")
        raise UsageProblem(
            f"'{text}' is not a share. Expected a fraction from {low} to {high}, "
            "such as 0.2 or 20%.",
            param=param,
        )
    return value


def parse_factor(text: str, *, param: str, minimum: float, what: str) -> float:
    """A plain multiplier such as a peak factor (3 or 3x) or a ratio (10, 10:1, or 20:3)."""
    cleaned = str(text).strip().rstrip("x×").strip()
    over, colon, under = cleaned.partition(":")
    value = _number_or_nan(over, param)
    if colon:  # a ratio of two counts: 20:3 is 20 for every 3
        below = _number_or_nan(under, param)
        value = value / below if below > 0 else math.nan
    if not (math.isfinite(value) and minimum <= value <= MAX_VALUE):
        raise UsageProblem(
            f"'{text}' is not {what}. Expected a number of at least {minimum:g}, such as 3 or 10.",
            param=param,
        )
    return value


def parse_whole(text: str, *, param: str, least: int, most: int, what: str) -> int:
    """A whole number from `least` to `most`, such as a number of copies: 3, or 1,000."""
    value = _number_or_nan(str(text), param)
    if not (value.is_integer() and least <= value <= most):
        raise UsageProblem(
            f"'{text}' is not {what}. Expected a whole number from {least:,} to {most:,}.",
            param=param,
        )
    return int(value)


def _number_or_nan(text: str, param: str) -> float:
    """A number for the parsers that name their own expectations; NaN fails every bound."""
    try:
        number = parse_number(text, param=param)
    except CommaProblem:
        raise
    except UsageProblem:  # negative: below every minimum
        return math.nan
    return math.nan if number is None else number


def format_quantity(quantity: Quantity, sig: int = 3) -> str:
    """A readable rendering that `parse_quantity` reads back to the same value."""
    value = quantity.value
    if quantity.kind is Kind.COUNT:
        return format_count(value, sig)
    if quantity.kind is Kind.DATA:
        return format_bytes(value, sig)
    if quantity.kind is Kind.DURATION:
        return format_duration(value, sig)
    if quantity.kind is Kind.RATE:
        return format_rate(value, sig)
    return f"{format_bytes(value, sig)}/s"
