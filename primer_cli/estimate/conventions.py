"""The calendar and rounding conventions every estimate shares, and the primer's rules of thumb.

Exact figures use the Julian year (365.25 days) and a month of a twelfth of
it, so a month is 30.4375 days or 2,629,800 seconds. The primer's solutions
round that to 2.5 million seconds; both are kept so a derivation can show the
exact figure and the one you would say out loud side by side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

SECONDS_PER_MINUTE = 60.0
SECONDS_PER_HOUR = 3_600.0
SECONDS_PER_DAY = 86_400.0
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY
SECONDS_PER_MONTH = DAYS_PER_MONTH * SECONDS_PER_DAY
SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY

# The primer's handy conversion guide rounds a month to 2.5 million seconds.
RULE_SECONDS_PER_MONTH = 2.5e6

# A napkin figure keeps one significant figure unless that moves it by more
# than this much; then it keeps two (12.7 -> 13, not 10; 3.8 -> 4).
NAPKIN_TOLERANCE = 0.10


class Period(Enum):
    """A span that a count is spread over: '10M per month'."""

    SECOND = ("second", 1.0, ("s", "sec", "secs", "second", "seconds"))
    MINUTE = ("minute", SECONDS_PER_MINUTE, ("min", "mins", "minute", "minutes"))
    HOUR = ("hour", SECONDS_PER_HOUR, ("h", "hr", "hrs", "hour", "hours"))
    DAY = ("day", SECONDS_PER_DAY, ("d", "day", "days"))
    WEEK = ("week", SECONDS_PER_WEEK, ("w", "wk", "wks", "week", "weeks"))
    MONTH = ("month", SECONDS_PER_MONTH, ("mo", "mon", "month", "months"))
    YEAR = ("year", SECONDS_PER_YEAR, ("y", "yr", "yrs", "year", "years"))

    def __init__(self, noun: str, seconds: float, spellings: tuple[str, ...]) -> None:
        self.noun = noun
        self.seconds = seconds
        self.spellings = spellings

    @property
    def short(self) -> str:
        """The label used after a slash: '/s', '/day', '/month'."""
        return "s" if self is Period.SECOND else self.noun


PERIOD_NAMES = ", ".join(p.noun for p in Period)


def period_named(word: str) -> Period | None:
    """The period spelled `word` ('s', 'hours', 'Month'), or None."""
    lowered = word.strip().lower()
    for period in Period:
        if lowered in period.spellings:
            return period
    return None


def seconds_derivation(period: Period) -> str:
    """How the length of `period` is worked out, for a derivation's formula column."""
    return {
        Period.SECOND: "1 s",
        Period.MINUTE: "60 s",
        Period.HOUR: "60 × 60 s",
        Period.DAY: "24 × 3,600 s",
        Period.WEEK: "7 × 86,400 s",
        Period.MONTH: "365.25 / 12 days × 86,400 s",
        Period.YEAR: "365.25 days × 86,400 s",
    }[period]


def round_significant(value: float, digits: int) -> float:
    """`value` to `digits` significant figures, a half rounded up as a person would: 12.5 -> 13.

    Python's own formatting rounds the binary value and sends a tie to the even
    neighbour (f"{12.5:.2g}" is "12"). People round the decimal figure they
    read, so this rounds the shortest decimal form of `value`, halves away from 0.
    """
    if value == 0 or not math.isfinite(value):
        return value + 0.0  # also turns -0.0 into 0.0
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    figures = (whole + fraction).lstrip("0")
    if len(figures) <= digits:
        return value
    # value = int(figures) x 10^power; keep the first `digits` figures, rounding on the next.
    power = int(exponent or 0) - len(fraction) + len(figures) - digits
    kept = int(figures[:digits]) + (figures[digits] >= "5")
    return math.copysign(float(f"{kept}e{power}"), value)


def napkin(value: float) -> float:
    """The figure you would write on a napkin: one significant figure, two if one is >10% off."""
    if value == 0 or not math.isfinite(value):
        return value + 0.0
    rough = round_significant(value, 1)
    if abs(rough - value) <= NAPKIN_TOLERANCE * abs(value):
        return rough
    return round_significant(value, 2)


@dataclass(frozen=True)
class RuleOfThumb:
    """One line of the primer's handy conversion guide, with the exact figure beside it."""

    statement: str
    rule: float
    exact: float
    unit: str


def rules_of_thumb() -> tuple[RuleOfThumb, ...]:
    """The primer's conversion guide: a month of seconds and three request rates."""
    return (
        RuleOfThumb("seconds in a month", RULE_SECONDS_PER_MONTH, SECONDS_PER_MONTH, "s"),
        RuleOfThumb("1 request/s for a month", 2.5e6, 1 * SECONDS_PER_MONTH, "/month"),
        RuleOfThumb("40 requests/s for a month", 100e6, 40 * SECONDS_PER_MONTH, "/month"),
        RuleOfThumb("400 requests/s for a month", 1e9, 400 * SECONDS_PER_MONTH, "/month"),
    )
