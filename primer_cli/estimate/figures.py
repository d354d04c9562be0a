"""How a value is written: the unit it is shown in, its exact figure and its napkin figure.

A value in base units (bytes, per second, seconds, nanoseconds, a count) is
shown in the unit that suits its size: 12.7e9 B as 12.7 GB, 0.0014 /s as
5 /hour. The napkin figure is rounded in that shown unit, here and nowhere
else, so an exact figure and its napkin figure share a unit (4 GiB ~4 GiB,
5 /hour ~5 /hour) and one value gets one napkin figure wherever it appears.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from primer_cli.estimate.conventions import Period, napkin, round_significant
from primer_cli.wording import plural

DECIMAL_PREFIXES = ("K", "M", "G", "T", "P", "E")
# A threshold crossed by a hair of float noise still counts: 1/3600 /s is 1 /hour, not 24 /day.
_NOISE = 1e-9


class Form(Enum):
    """How a value is written."""

    SCALED = "scaled"  # in the unit that suits its size: 12.7 GB, 3.8 /s, 5 /hour
    DIGITS = "digits"  # every digit, in the base unit: 2,629,800 s
    WORDS = "words"  # a count in words: 12.7 million
    BINARY = "binary"  # bytes in powers of 1,024: 4 GiB
    POWER = "power"  # an exponent of two: 2^32
    AS_UNIT = "as unit"  # already in the unit named, never rescaled: 57.87 MB/s


@dataclass(frozen=True)
class Figure:
    """A value as shown: `number` of a unit holding `scale` base units, between prefix and label."""

    number: float
    scale: float
    label: str = ""  # what follows the number: ' GB/month', 'k /s', ' /hour'
    prefix: str = ""  # what comes before it: '× ', '2^'
    noun: str = ""  # a unit that agrees with the number: 1 server, 2 servers

    def text(self, sig: int) -> str:
        shown = format_number(self.number, sig)
        if not self.noun:
            return f"{self.prefix}{shown}{self.label}"
        noun = self.noun if shown == "1" and not self.label else plural(self.noun)
        return f"{self.prefix}{shown}{self.label} {noun}"


def format_number(value: float, sig: int = 3) -> str:
    """`value` to `sig` significant figures with thousands separators: 2,629,800 or 3.8.

    Whole digits are never replaced by zeros (694,444 stays 694,444 at 4
    figures), so a number written in full is never a rounded one in disguise.
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else f"{value:g}"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude >= 15 or magnitude < -6:
        rounded = round_significant(value, sig)
        return f"{rounded:.{sig - 1}e}".replace(".0e", "e")
    rounded = round_significant(value, max(sig, magnitude + 1))
    magnitude = math.floor(math.log10(abs(rounded)))
    text = f"{rounded:,.{max(0, sig - 1 - magnitude)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Unit ladders, largest first: (size in base units, label).
_COUNT_SHORT = (  # whiteboard shorthand; 'bn' rather than 'B', which would read as bytes
    (1e18, " quintillion"),
    (1e15, " quadrillion"),
    (1e12, "tn"),
    (1e9, "bn"),
    (1e6, "M"),
    (1e3, "k"),
)
_COUNT_WORDS = (
    (1e18, " quintillion"),
    (1e15, " quadrillion"),
    (1e12, " trillion"),
    (1e9, " billion"),
    (1e6, " million"),
    (1e3, " thousand"),
)
_DECIMAL_BYTES = tuple(
    (1000.0**p, f" {prefix}B") for p, prefix in reversed(list(enumerate(DECIMAL_PREFIXES, 1)))
)
_BINARY_BYTES = tuple(
    (1024.0**p, f" {prefix}iB") for p, prefix in reversed(list(enumerate(DECIMAL_PREFIXES, 1)))
)
_BIT_RATES = tuple(
    (1000.0**p, f" {prefix}bps") for p, prefix in reversed(list(enumerate(DECIMAL_PREFIXES[:4], 1)))
)
_DURATIONS = (
    (Period.YEAR.seconds, " years"),
    (Period.DAY.seconds, " days"),
    (Period.HOUR.seconds, " h"),
    (Period.MINUTE.seconds, " min"),
    (1.0, " s"),
    (1e-3, " ms"),
    (1e-6, " µs"),
)
_SLOWER = (Period.MINUTE, Period.HOUR, Period.DAY, Period.MONTH, Period.YEAR)


def _reaches(value: float, size: float) -> bool:
    return abs(value) >= size * (1 - _NOISE)


def _ladder(
    value: float, ladder: Iterable[tuple[float, str]], smallest: str, after: str = ""
) -> Figure:
    """`value` in the largest unit of `ladder` it reaches, else as it is with `smallest`."""
    for size, label in ladder:
        if _reaches(value, size):
            return Figure(value / size, size, label + after)
    return Figure(value, 1.0, smallest + after)


def _duration(seconds: float) -> Figure:
    if seconds == 0 or _reaches(seconds, 1e-6):
        return _ladder(seconds, _DURATIONS, " s")
    return Figure(seconds * 1e9, 1e-9, " ns")


def _rate(per_second: float) -> Figure:
    """3.8 /s; a slower rate over the first period it reaches one in: 33 /day."""
    if per_second == 0 or _reaches(per_second, 1):
        return _ladder(per_second, _COUNT_SHORT, "", " /s")
    period = next((p for p in _SLOWER if _reaches(per_second * p.seconds, 1)), Period.YEAR)
    count = _ladder(per_second * period.seconds, _COUNT_SHORT, "", f" /{period.short}")
    return replace(count, scale=count.scale / period.seconds)


def _is_noun(unit: str) -> bool:
    """A unit that is a word and agrees with its number ('server'), not a symbol ('s', 'B')."""
    return unit.isalpha() and unit.islower() and len(unit) > 2


def _scaled(value: float, unit: str, *, binary: bool = False) -> Figure:
    base, slash, period = unit.partition("/")
    if base == "B":
        return _ladder(value, _BINARY_BYTES if binary else _DECIMAL_BYTES, " B", slash + period)
    if unit == "bit/s":
        return _ladder(value, _BIT_RATES, " bps")
    if unit in ("s", "ns"):
        in_seconds = 1e-9 if unit == "ns" else 1.0
        shown = _duration(value * in_seconds)
        return replace(shown, scale=shown.scale / in_seconds)
    if unit == "/s":
        return _rate(value)
    if unit == "×":
        return Figure(value, 1.0, prefix="× ")
    if unit == "%":
        return Figure(value * 100, 0.01, "%")
    if _is_noun(unit):  # 1 server, 15 servers, 2.1M servers
        return replace(_ladder(value, _COUNT_SHORT, ""), noun=unit)
    return _ladder(value, _COUNT_SHORT, "", f" {unit}" if unit else "")


def figure(value: float, unit: str, form: Form = Form.SCALED) -> Figure:
    """How `value`, in base `unit` ('B/month', '/s', 'bit/s', 'ns', 's', '%', 'server', ''), is shown."""
    if form is Form.SCALED or form is Form.BINARY:
        return _scaled(value, unit, binary=form is Form.BINARY)
    if form is Form.WORDS:
        return _ladder(value, _COUNT_WORDS, "", f" {unit}" if unit else "")
    if form is Form.POWER:
        return Figure(value, 1.0, prefix="2^")
    noun = unit if form is Form.DIGITS and _is_noun(unit) else ""
    label = f" {unit}" if unit and not noun else ""
    return Figure(value, 1.0, label, noun=noun)


def format_value(value: float, unit: str, sig: int = 3, form: Form = Form.SCALED) -> str:
    """A value in base `unit`, written in the unit that suits it: 12.7 GB/month, 3.8 /s."""
    return figure(value, unit, form).text(sig)


def napkin_figure(value: float, unit: str, form: Form = Form.SCALED) -> tuple[float, str]:
    """The napkin figure of `value`, rounded in the unit it is shown in, in base units and as text.

    The only place a napkin figure is made. 5 /hour is 0.00139 /s: rounded per
    second it would come back as 5.04 /hour, so the rounding happens on the
    shown number (5), which is then scaled back to base units.
    """
    shown = figure(value, unit, form)
    if form is Form.POWER:
        return value, shown.text(4)
    rough = napkin(shown.number)
    base = rough * shown.scale
    if form in (Form.SCALED, Form.BINARY, Form.WORDS):  # 999.7k rounds to 1M, not 1,000k
        return base, figure(base, unit, form).text(2)
    if form is Form.DIGITS and not shown.noun:  # short, in the same unit: 2,629,800 s ~2.6M s
        short = _ladder(rough, _COUNT_SHORT, "", shown.label)
        return base, short.text(2)
    return base, replace(shown, number=rough).text(2)


def format_count(value: float, sig: int = 3, *, words: bool = False) -> str:
    """12.7M, 450k, 3.8; with `words`, 12.7 million."""
    return format_value(value, "", sig, Form.WORDS if words else Form.SCALED)


def format_bytes(value: float, sig: int = 3, *, binary: bool = False) -> str:
    """12.7 GB (decimal) or 11.8 GiB (binary)."""
    return format_value(value, "B", sig, Form.BINARY if binary else Form.SCALED)


def format_bits_per_second(bytes_per_second: float, sig: int = 3) -> str:
    """A byte rate shown the way links are sold: 111 Mbps."""
    return format_value(bytes_per_second * 8, "bit/s", sig)


def format_duration(seconds: float, sig: int = 3) -> str:
    """1.2 ms, 150 µs, 4.75 years; below a microsecond, ns."""
    return format_value(seconds, "s", sig)


def format_rate(per_second: float, sig: int = 3) -> str:
    """3.8 /s; a slower rate over the first period it reaches one in: 33 /day."""
    return format_value(per_second, "/s", sig)
