"""The calculators reproduce the back-of-envelope figures the System Design Primer publishes.

Each figure comes from the "Calculate usage" section of one of the primer's
worked solutions (github.com/donnemartin/system-design-primer, CC BY 4.0),
named beside it. The primer rounds: it divides monthly counts by 2.5 million
seconds and multiplies daily ones by 30 days. So two checks per figure:
our exact arithmetic lands within 10% of the published number, and where the
primer used its conversion guide, our rule-of-thumb step gives it exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from primer_cli.estimate.calculators import Step, arrival_from_count, qps, storage
from primer_cli.estimate.conventions import Period

PASTEBIN = "solutions/system_design/pastebin/README.md"
TWITTER = "solutions/system_design/twitter/README.md"
WEB_CRAWLER = "solutions/system_design/web_crawler/README.md"
MINT = "solutions/system_design/mint/README.md"

KB, GB, TB, PB = 1e3, 1e9, 1e12, 1e15


def per_second(count: float, period: Period) -> float:
    return qps(arrival_from_count(count, period)).per_second


def per_second_by_rule(count_per_month: float) -> float:
    steps = qps(arrival_from_count(count_per_month, Period.MONTH)).steps
    return next(s for s in steps if s.rule_of_thumb).value


def monthly_bytes(count: float, period: Period, size: float) -> float:
    return storage(arrival_from_count(count, period), size).per_month_bytes


def bytes_in_3_years(count: float, period: Period, size: float) -> float:
    return storage(arrival_from_count(count, period), size, years=3).total_bytes


def items_in_3_years(count: float, period: Period) -> float:
    return storage(arrival_from_count(count, period), 1).total_items


M, D = Period.MONTH, Period.DAY

PUBLISHED: list[tuple[str, str, Callable[[], float], float]] = [
    # Pastebin: 10M writes and 100M reads a month, ~1.27 KB a paste.
    (
        PASTEBIN,
        "12.7 GB of new paste content per month",
        lambda: monthly_bytes(10e6, M, 1270),
        12.7 * GB,
    ),
    (
        PASTEBIN,
        "~450 GB of new paste content in 3 years",
        lambda: bytes_in_3_years(10e6, M, 1270),
        450 * GB,
    ),
    (PASTEBIN, "360 million shortlinks in 3 years", lambda: items_in_3_years(10e6, M), 360e6),
    (PASTEBIN, "4 paste writes per second on average", lambda: per_second(10e6, M), 4),
    (PASTEBIN, "40 read requests per second on average", lambda: per_second(100e6, M), 40),
    # Twitter: 500M tweets a day (15 billion a month) of ~10 KB; 250 billion reads a month.
    (
        TWITTER,
        "150 TB of new tweet content per month",
        lambda: monthly_bytes(500e6, D, 10 * KB),
        150 * TB,
    ),
    (
        TWITTER,
        "5.4 PB of new tweet content in 3 years",
        lambda: bytes_in_3_years(500e6, D, 10 * KB),
        5.4 * PB,
    ),
    (TWITTER, "100 thousand read requests per second", lambda: per_second(250e9, M), 100e3),
    (TWITTER, "6,000 tweets per second", lambda: per_second(15e9, M), 6_000),
    (
        TWITTER,
        "60 thousand tweets delivered on fan out per second",
        lambda: per_second(150e9, M),
        60e3,
    ),
    (TWITTER, "4,000 search requests per second", lambda: per_second(10e9, M), 4_000),
    # Web crawler: 4 billion links crawled a month at ~500 KB a page; 100 billion searches a month.
    (
        WEB_CRAWLER,
        "2 PB of stored page content per month",
        lambda: monthly_bytes(4e9, M, 500 * KB),
        2 * PB,
    ),
    (
        WEB_CRAWLER,
        "72 PB of stored page content in 3 years",
        lambda: bytes_in_3_years(4e9, M, 500 * KB),
        72 * PB,
    ),
    (WEB_CRAWLER, "1,600 write requests per second", lambda: per_second(4e9, M), 1_600),
    (WEB_CRAWLER, "40,000 search requests per second", lambda: per_second(100e9, M), 40_000),
    # Mint: 5 billion transactions a month at ~50 bytes; 500 million reads a month.
    (
        MINT,
        "250 GB of new transaction content per month",
        lambda: monthly_bytes(5e9, M, 50),
        250 * GB,
    ),
    (
        MINT,
        "9 TB of new transaction content in 3 years",
        lambda: bytes_in_3_years(5e9, M, 50),
        9 * TB,
    ),
    (MINT, "2,000 transactions per second on average", lambda: per_second(5e9, M), 2_000),
    (MINT, "200 read requests per second on average", lambda: per_second(500e6, M), 200),
]


@pytest.mark.parametrize(
    ("solution", "figure", "compute", "published"), PUBLISHED, ids=[p[1] for p in PUBLISHED]
)
def test_exact_arithmetic_lands_within_the_primers_rounding(
    solution: str, figure: str, compute: Callable[[], float], published: float
) -> None:
    assert compute() == pytest.approx(published, rel=0.10), f"{solution}: {figure}"


# The primer's per-second figures use its conversion guide: 400 requests/s is 1 billion a month.
RULE_OF_THUMB = [
    (PASTEBIN, 10e6, 4),
    (PASTEBIN, 100e6, 40),
    (TWITTER, 250e9, 100_000),
    (TWITTER, 15e9, 6_000),
    (TWITTER, 150e9, 60_000),
    (TWITTER, 10e9, 4_000),
    (WEB_CRAWLER, 4e9, 1_600),
    (WEB_CRAWLER, 100e9, 40_000),
    (MINT, 5e9, 2_000),
    (MINT, 500e6, 200),
]


@pytest.mark.parametrize(("solution", "per_month", "published"), RULE_OF_THUMB)
def test_rule_of_thumb_step_gives_the_published_figure_exactly(
    solution: str, per_month: float, published: float
) -> None:
    assert per_second_by_rule(per_month) == pytest.approx(published, rel=1e-12), solution


def test_pastebin_napkin_figures_are_the_ones_the_primer_says() -> None:
    """Pastebin: '4 paste writes per second', '40 read requests per second'."""
    writes = qps(arrival_from_count(10e6, Period.MONTH, "writes"), read_ratio=10)
    answer: dict[str, Step] = {s.step: s for s in writes.answer}
    assert answer["Average writes per second"].napkin == 4
    assert answer["Reads per second"].napkin == 40
