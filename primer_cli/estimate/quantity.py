"""One parser and one formatter for the quantities people type into an estimate.

`10M`, `2.5e6`, `1,000`, `1.27 KB`, `4/s`, `100M/month`, `5 TB/day`, `1 Gbps`,
`250ms`, `2^32`: each becomes a `Quantity` in base units (a plain count,
bytes, seconds, per second, bytes per second). Decimal units (KB = 1000 B)
and binary units (KiB = 1024 B) are distinct; a lower-case `b` is a bit.

Hand-written rather than pint: pint costs 100-140 ms to import and another
130-170 ms to build its registry here (the whole command budget is 100 ms),
it has no `KB` (only `kB`), reads `Mbps` as megabaud, and knows nothing of
count scales like `10M`. The table below is the whole unit system, and the
property tests in tests/test_estimate_quantity.py pin it down.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from primer_cli.errors import UsageProblem
from primer_cli.estimate.conventions import PERIOD_NAMES, Period, period_named, round_significant

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


_DECIMAL = ("K", "M", "G", "T", "P", "E")
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


def _unit_table() -> dict[str, tuple[Kind, float]]:
    table: dict[str, tuple[Kind, float]] = {"": (Kind.COUNT, 1.0)}
    table.update({word: (Kind.COUNT, scale) for word, scale in _COUNT_SCALES.items()})
    table.update({"rps": (Kind.RATE, 1.0), "qps": (Kind.RATE, 1.0)})
    for word in ("B", "byte", "bytes"):
        table[word] = (Kind.DATA, 1.0)
    for word in ("b", "bit", "bits"):
        table[word] = (Kind.DATA, 1 / 8)
    table["bps"] = (Kind.DATA_RATE, 1 / 8)
    for power, prefix in enumerate(_DECIMAL, start=1):
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

_NUMBER = re.compile(
    r"""(?P<number>\+?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)""",
    re.VERBOSE,
)
_POWER = re.compile(r"(?P<base>\d{1,15})\s*(?:\^|\*\*)\s*(?P<exponent>\d{1,6})(?!\d)")


def _problem(text: str, param: str, why: str, accepted: Iterable[Kind]) -> UsageProblem:
    wanted = "; or ".join(EXAMPLES[kind] for kind in accepted)
    return UsageProblem(f"'{text}' {why}. Expected {wanted}.", param=param)


def parse_quantity(text: str, *, param: str, accept: Iterable[Kind] = tuple(Kind)) -> Quantity:
    """Parse what a person typed; raise UsageProblem naming `param` if it is not one of `accept`."""
    accepted = tuple(accept)
    cleaned = " ".join(str(text).split())
    if cleaned.startswith("-"):
        raise _problem(
            text, param, "is negative; quantities here count things, so they start at 0", accepted
        )
    number, rest = _leading_number(cleaned, text, param, accepted)
    kind, factor = _unit(rest, text, param, accepted)
    value = number * factor
    if not math.isfinite(value) or value > MAX_VALUE:
        raise _problem(
            text, param, f"is too large to compute with (the limit is {MAX_VALUE:.0e})", accepted
        )
    if kind not in accepted:
        raise _problem(text, param, f"is a {kind.value}", accepted)
    return Quantity(value, kind)


def _leading_number(
    cleaned: str, text: str, param: str, accepted: tuple[Kind, ...]
) -> tuple[float, str]:
    power = _POWER.match(cleaned)
    if power:
        base, exponent = int(power["base"]), int(power["exponent"])
        if base > 1 and exponent * math.log10(base) > math.log10(MAX_VALUE):
            raise _problem(
                text,
                param,
                f"is too large to compute with (the limit is {MAX_VALUE:.0e})",
                accepted,
            )
        return float(base**exponent), cleaned[power.end() :].strip()
    match = _NUMBER.match(cleaned)
    if not match:
        raise _problem(text, param, "does not start with a number", accepted)
    return float(match["number"].replace(",", "")), cleaned[match.end() :].strip()


def _unit(rest: str, text: str, param: str, accepted: tuple[Kind, ...]) -> tuple[Kind, float]:
    rest = re.sub(r"\s+per\s+|\s*/\s*", "/", f" {rest}").strip()
    symbol, slash, period_word = rest.partition("/")
    kind, factor = _symbol(symbol.strip(), text, param, accepted)
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


def _symbol(symbol: str, text: str, param: str, accepted: tuple[Kind, ...]) -> tuple[Kind, float]:
    # A bare B means a billion where only counts make sense (--users 1B), bytes elsewhere.
    if symbol == "B" and Kind.DATA not in accepted and Kind.DATA_RATE not in accepted:
        return Kind.COUNT, 1e9
    if symbol in UNITS:
        return UNITS[symbol]
    if symbol.lower() in _WORDS:
        return UNITS[_WORDS[symbol.lower()]]
    if symbol.lower() in _AMBIGUOUS:
        raise _problem(text, param, f"is ambiguous: {_AMBIGUOUS[symbol.lower()]}", accepted)
    scale, _, unit = symbol.partition(" ")
    scaled, united = _known(scale), _known(unit)
    if scaled and united and scaled[0] is Kind.COUNT and united[0] is not Kind.COUNT:
        return united[0], scaled[1] * united[
            1
        ]  # a scale before a unit: '20k rps', '1.5 million bytes'
    raise _problem(text, param, f"has an unknown unit '{symbol}'{_suggestion(symbol)}", accepted)


def _known(symbol: str) -> tuple[Kind, float] | None:
    """The kind and factor of one unit symbol or word, or None."""
    return UNITS.get(symbol) or UNITS.get(_WORDS.get(symbol.lower(), ""))


def _suggestion(symbol: str) -> str:
    import difflib  # only a mistake pays for it

    close = difflib.get_close_matches(symbol, [u for u in UNITS if u], n=3, cutoff=0.5)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


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
    try:
        value = float(cleaned.rstrip("%").strip()) / (100 if percent else 1)
    except ValueError:
        value = math.nan
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
    """A plain multiplier such as a peak factor (3) or a read ratio (10 or 10:1)."""
    cleaned = str(text).strip().removesuffix(":1").rstrip("x×").strip()
    try:
        value = float(cleaned.replace(",", ""))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and minimum <= value <= MAX_VALUE):
        raise UsageProblem(
            f"'{text}' is not {what}. Expected a number of at least {minimum:g}, such as 3 or 10.",
            param=param,
        )
    return value


# Formatting ----------------------------------------------------------------

_COUNT_WORDS = (
    (1e18, "quintillion"),
    (1e15, "quadrillion"),
    (1e12, "trillion"),
    (1e9, "billion"),
    (1e6, "million"),
    (1e3, "thousand"),
)
# Whiteboard shorthand; 'bn' rather than 'B', which would read as bytes.
_COUNT_SHORT = (
    (1e18, " quintillion"),
    (1e15, " quadrillion"),
    (1e12, "tn"),
    (1e9, "bn"),
    (1e6, "M"),
    (1e3, "k"),
)
_DECIMAL_BYTES = tuple(
    (1000.0**p, f"{prefix}B") for p, prefix in reversed(list(enumerate(_DECIMAL, 1)))
)
_BINARY_BYTES = tuple(
    (1024.0**p, f"{prefix}iB") for p, prefix in reversed(list(enumerate(_DECIMAL, 1)))
)
_BIT_RATES = tuple(
    (1000.0**p, f"{prefix}bps") for p, prefix in reversed(list(enumerate(_DECIMAL[:4], 1)))
)
_DURATIONS = (
    (Period.YEAR.seconds, "years"),
    (Period.DAY.seconds, "days"),
    (Period.HOUR.seconds, "h"),
    (Period.MINUTE.seconds, "min"),
    (1.0, "s"),
    (1e-3, "ms"),
    (1e-6, "µs"),
)


def format_number(value: float, sig: int = 3) -> str:
    """`value` to `sig` significant figures with thousands separators: 2,629,800 or 3.8."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    rounded = round_significant(value, sig)
    magnitude = math.floor(math.log10(abs(rounded)))
    if magnitude >= 15 or magnitude < -6:
        return f"{rounded:.{sig - 1}e}".replace(".0e", "e")
    text = f"{rounded:,.{max(0, sig - 1 - magnitude)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(
    value: float, steps: Iterable[tuple[float, str]], smallest: str, sig: int, space: str = " "
) -> str:
    for size, name in steps:
        if abs(value) >= size:
            return f"{format_number(value / size, sig)}{space}{name}"
    return f"{format_number(value, sig)} {smallest}".rstrip()


def format_count(value: float, sig: int = 3, *, words: bool = False) -> str:
    """12.7M, 450k, 3.8; with `words`, 12.7 million."""
    if words:
        return _scaled(value, _COUNT_WORDS, "", sig)
    return _scaled(value, _COUNT_SHORT, "", sig, space="")


def format_bytes(value: float, sig: int = 3, *, binary: bool = False) -> str:
    """12.7 GB (decimal) or 11.8 GiB (binary)."""
    return _scaled(value, _BINARY_BYTES if binary else _DECIMAL_BYTES, "B", sig)


def format_bits_per_second(bytes_per_second: float, sig: int = 3) -> str:
    """A byte rate shown the way links are sold: 111 Mbps."""
    return _scaled(bytes_per_second * 8, _BIT_RATES, "bps", sig)


def format_duration(seconds: float, sig: int = 3) -> str:
    """1.2 ms, 150 µs, 4.75 years; below a microsecond, ns."""
    if seconds == 0:
        return "0 s"
    return (
        _scaled(seconds, _DURATIONS, "", sig)
        if seconds >= 1e-6
        else f"{format_number(seconds * 1e9, sig)} ns"
    )


def format_rate(per_second: float, sig: int = 3) -> str:
    """3.8 /s; a slower rate over the first period it reaches one in: 33 /day."""
    if per_second == 0 or per_second >= 1:
        return f"{format_count(per_second, sig)} /s"
    slower = (Period.MINUTE, Period.HOUR, Period.DAY, Period.MONTH, Period.YEAR)
    period = next((p for p in slower if per_second * p.seconds >= 1), Period.YEAR)
    return f"{format_count(per_second * period.seconds, sig)} /{period.short}"


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


def format_value(value: float, unit: str, sig: int = 3) -> str:
    """A derivation value in its unit ('B/month', '/s', 'bit/s', 'ns', '×', ''), made readable."""
    base, slash, period = unit.partition("/")
    suffix = f"/{period}" if slash else ""
    if base == "B":
        return format_bytes(value, sig) + suffix
    if unit == "bit/s":
        return format_bits_per_second(value / 8, sig)
    if unit == "s":  # seconds counted, as in 'a month is 2.63 million s'
        return f"{format_number(value, sig) if value < 1e6 else format_count(value, sig)} s"
    if unit == "ns":
        return format_duration(value * 1e-9, sig)
    if unit == "/s":
        return format_rate(value, sig)
    if unit == "×":
        return f"× {format_number(value, sig)}"
    if unit == "%":
        return f"{format_number(value * 100, sig)}%"
    spaced = f" {unit}" if unit and not slash else (f" {suffix}" if suffix else "")
    return format_count(value, sig) + spaced
