"""The quantity parser and formatter: what people type, what they read back, and what we refuse."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from primer_cli.errors import UsageProblem
from primer_cli.estimate.conventions import (
    SECONDS_PER_DAY,
    SECONDS_PER_MONTH,
    SECONDS_PER_YEAR,
    Period,
    napkin,
    period_named,
)
from primer_cli.estimate.quantity import (
    MAX_VALUE,
    UNITS,
    Kind,
    Quantity,
    format_bits_per_second,
    format_bytes,
    format_count,
    format_duration,
    format_number,
    format_quantity,
    format_rate,
    parse_factor,
    parse_fraction,
    parse_period,
    parse_quantity,
)


def parse(text: str, *kinds: Kind) -> Quantity:
    return parse_quantity(text, param="--x", accept=kinds or tuple(Kind))


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("10M", 10e6, Kind.COUNT),
        ("2.5e6", 2.5e6, Kind.COUNT),
        ("1,000", 1000, Kind.COUNT),
        ("1,234,567.5", 1_234_567.5, Kind.COUNT),
        ("20k", 20_000, Kind.COUNT),
        ("3bn", 3e9, Kind.COUNT),
        ("1.5 billion", 1.5e9, Kind.COUNT),
        ("2^32", 2**32, Kind.COUNT),
        ("2**10", 1024, Kind.COUNT),
        (".5", 0.5, Kind.COUNT),
        ("1.27KB", 1270, Kind.DATA),
        ("1.27 KB", 1270, Kind.DATA),
        ("1.27 kB", 1270, Kind.DATA),
        ("1 KiB", 1024, Kind.DATA),
        ("4 MiB", 4 * 1024**2, Kind.DATA),
        ("2 TB", 2e12, Kind.DATA),
        ("8 bits", 1, Kind.DATA),
        ("1 Mb", 125_000, Kind.DATA),
        ("250ms", 0.25, Kind.DURATION),
        ("2h", 7200, Kind.DURATION),
        ("10 us", 1e-5, Kind.DURATION),
        ("10 µs", 1e-5, Kind.DURATION),
        ("3 days", 3 * 86_400, Kind.DURATION),
        ("4/s", 4, Kind.RATE),
        ("4 / s", 4, Kind.RATE),
        ("20k rps", 20_000, Kind.RATE),
        ("40 req/s", 40, Kind.RATE),
        ("40 requests per second", 40, Kind.RATE),
        ("40 ops/s", 40, Kind.RATE),
        ("40 tps", 40, Kind.RATE),
        ("5M requests/day", 5e6 / 86_400, Kind.RATE),
        ("20k requests", 20_000, Kind.COUNT),
        ("1.5 million messages", 1.5e6, Kind.COUNT),
        ("100M/month", 100e6 / SECONDS_PER_MONTH, Kind.RATE),
        ("100M per month", 100e6 / SECONDS_PER_MONTH, Kind.RATE),
        ("500 per day", 500 / 86_400, Kind.RATE),
        ("60/min", 1, Kind.RATE),
        ("5 TB/day", 5e12 / 86_400, Kind.DATA_RATE),
        ("1 Gbps", 125e6, Kind.DATA_RATE),
        ("1 Mbps", 125e3, Kind.DATA_RATE),
        ("40 MB/s", 40e6, Kind.DATA_RATE),
        ("40 MBps", 40e6, Kind.DATA_RATE),
        ("10 Mb/s", 1.25e6, Kind.DATA_RATE),
    ],
)
def test_parses_what_people_type(text: str, value: float, kind: Kind) -> None:
    quantity = parse(text)
    assert quantity.kind is kind
    assert quantity.value == pytest.approx(value, rel=1e-12)


def test_decimal_and_binary_units_are_distinct() -> None:
    assert parse("1 KB").value == 1000
    assert parse("1 KiB").value == 1024
    assert parse("1 GiB").value / parse("1 GB").value == pytest.approx(1.073741824)


def test_bits_and_bytes_are_distinct() -> None:
    """Mbps is megabits; MB/s is megabytes: a factor of eight."""
    assert parse("8 Mbps").value == parse("1 MB/s").value
    assert parse("1 Mb").value * 8 == parse("1 MB").value


def test_a_bare_b_is_a_billion_only_where_bytes_make_no_sense() -> None:
    assert parse("1B", Kind.COUNT).value == 1e9
    assert parse("1B") == Quantity(1, Kind.DATA)


def test_a_month_is_a_twelfth_of_a_julian_year() -> None:
    assert SECONDS_PER_MONTH == 2_629_800
    assert SECONDS_PER_YEAR == 365.25 * SECONDS_PER_DAY
    assert parse("1 month", Kind.DURATION).value == pytest.approx(30.4375 * 86_400)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "does not start with a number"),
        ("", "does not start with a number"),
        ("-5", "negative"),
        ("1e400", "too large"),
        ("2^2000", "too large"),
        ("5 XB", "unknown unit 'XB'"),
        ("10M/fortnight", "unknown period 'fortnight'"),
        ("5m", "ambiguous"),
        ("1.27kb", "ambiguous"),
        ("2 mb", "ambiguous"),
        ("5ms/day", "divides a duration"),
        ("1 500 KB", "has a second number, '500'"),
        ("5 typo GB", "unknown unit 'typo'"),
        ("5 k M GB", "has 'k M GB' where one unit should be"),
        ("nan", "does not start with a number"),
        ("inf", "does not start with a number"),
    ],
)
def test_refuses_bad_quantities_naming_the_argument(text: str, reason: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_quantity(text, param="--count")
    assert caught.value.param == "--count"
    assert reason in caught.value.message
    assert "Expected" in caught.value.message  # and says what would be accepted


def test_refuses_the_wrong_kind_and_says_which_kind_is_wanted() -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_quantity("10M", param="--size", accept=(Kind.DATA,))
    assert "is a count" in caught.value.message
    assert "1.27KB" in caught.value.message


def test_unknown_units_get_a_suggestion() -> None:
    with pytest.raises(UsageProblem, match="did you mean"):
        parse("5 GBB")


@pytest.mark.parametrize(
    ("text", "period"),
    [("s", Period.SECOND), ("Month", Period.MONTH), ("hours", Period.HOUR), ("yr", Period.YEAR)],
)
def test_period_names(text: str, period: Period) -> None:
    assert period_named(text) is period
    assert parse_period(text, param="--per") is period


def test_unknown_period_lists_the_accepted_ones() -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_period("fortnight", param="--per")
    assert caught.value.param == "--per"
    assert "second, minute, hour, day, week, month, year" in caught.value.message


def test_fractions_accept_decimals_and_percentages() -> None:
    assert parse_fraction("0.2", param="--hot", allow_zero=False, allow_one=True) == 0.2
    assert parse_fraction("20%", param="--hot", allow_zero=False, allow_one=True) == pytest.approx(
        0.2
    )
    assert parse_fraction("0", param="--headroom", allow_zero=True, allow_one=False) == 0
    for bad in ("0", "1.5", "abc", "-0.1", "nan"):
        with pytest.raises(UsageProblem, match="not a share"):
            parse_fraction(bad, param="--hot", allow_zero=False, allow_one=True)
    with pytest.raises(UsageProblem):
        parse_fraction("1", param="--headroom", allow_zero=True, allow_one=False)


def test_factors_accept_ratios() -> None:
    assert parse_factor("10:1", param="--read-ratio", minimum=0, what="a ratio") == 10
    assert parse_factor("3x", param="--peak-factor", minimum=1, what="a peak factor") == 3
    with pytest.raises(UsageProblem, match="at least 1"):
        parse_factor("0.5", param="--peak-factor", minimum=1, what="a peak factor")


@pytest.mark.parametrize(
    ("formatted", "expected"),
    [
        (format_bytes(12.7e9), "12.7 GB"),
        (format_bytes(1024, binary=True), "1 KiB"),
        (format_bytes(999), "999 B"),
        (format_rate(3.9), "3.9 /s"),
        (format_rate(38.0257), "38 /s"),
        (format_rate(500 / 86_400), "20.8 /hour"),
        (format_rate(1 / 86_400), "1 /day"),
        (format_duration(1.2e-3), "1.2 ms"),
        (format_duration(150e-6), "150 µs"),
        (format_duration(5e-10), "0.5 ns"),
        (format_bits_per_second(125e6), "1 Gbps"),
        (format_count(12.7e6), "12.7M"),
        (format_count(12.7e6, words=True), "12.7 million"),
        (format_count(3e9), "3bn"),
        (format_number(2_629_800, 7), "2,629,800"),
        (format_number(3.80257), "3.8"),
    ],
)
def test_output_picks_a_readable_unit(formatted: str, expected: str) -> None:
    assert formatted == expected


def test_napkin_keeps_one_figure_unless_that_is_more_than_ten_percent_off() -> None:
    assert napkin(3.8) == 4
    assert napkin(38.03) == 40
    assert napkin(12.7) == 13  # 10 would be 21% off
    assert napkin(250) == 250  # 300 would be 20% off
    assert napkin(2_629_800) == 2_600_000
    assert napkin(0) == 0


# Properties ---------------------------------------------------------------------

values = st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1e29, allow_nan=False))


@given(value=values, kind=st.sampled_from(Kind))
@example(value=1024.0, kind=Kind.DATA)
@example(value=4.0, kind=Kind.RATE)
def test_parse_format_round_trips_exactly_at_full_precision(value: float, kind: Kind) -> None:
    text = format_quantity(Quantity(value, kind), sig=15)
    back = parse_quantity(text, param="--x")
    assert back.kind is kind, text
    assert back.value == pytest.approx(value, rel=1e-12, abs=1e-300), text


@given(value=values, kind=st.sampled_from(Kind))
def test_parse_format_round_trips_within_the_rounding_at_three_figures(
    value: float, kind: Kind
) -> None:
    text = format_quantity(Quantity(value, kind), sig=3)
    back = parse_quantity(text, param="--x")
    assert back.kind is kind, text
    assert back.value == pytest.approx(value, rel=0.005 + 1e-12, abs=1e-300), text


@given(st.text(max_size=40))
def test_no_text_raises_anything_but_our_own_error(text: str) -> None:
    try:
        quantity = parse_quantity(text, param="--x")
    except UsageProblem as problem:
        assert problem.param == "--x"
        assert problem.message
    else:
        assert math.isfinite(quantity.value)
        assert 0 <= quantity.value <= MAX_VALUE


quantity_like = st.text(alphabet="0123456789.,eE+-^*/ kKMGTPEiBbpsmunhdwyoµlr", max_size=24)


@given(quantity_like)
@example("9" * 5000)
@example("1" * 16 + "^2")
@example("99999^999999")
@example("1e-400")
def test_no_quantity_shaped_text_raises_anything_but_our_own_error(text: str) -> None:
    try:
        quantity = parse_quantity(text, param="--x")
    except UsageProblem:
        return
    assert math.isfinite(quantity.value)
    assert 0 <= quantity.value <= MAX_VALUE


@given(
    number=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    unit=st.sampled_from(sorted(u for u in UNITS if u)),
)
def test_a_space_between_number_and_unit_changes_nothing(number: float, unit: str) -> None:
    written = format_number(number, 6).replace(",", "")
    assert parse(f"{written}{unit}") == parse(f"{written} {unit}")


@given(st.floats(min_value=1e-9, max_value=1e29, allow_nan=False))
def test_napkin_is_within_ten_percent_with_at_most_two_figures(value: float) -> None:
    rough = napkin(value)
    assert abs(rough - value) <= 0.1 * value * (1 + 1e-9)
    assert float(f"{rough:.2g}") == rough  # two significant figures at most


def test_a_suggestion_is_a_unit_of_the_kind_asked_for() -> None:
    """'typo' is near 'tps' and 'op', but neither can be part of a size."""
    with pytest.raises(UsageProblem) as refused:
        parse_quantity("5 typo GB", param="--size", accept=[Kind.DATA])
    assert "did you mean" not in refused.value.message
    with pytest.raises(UsageProblem) as refused:
        parse_quantity("5 reqq/s", param="--rate", accept=[Kind.RATE])
    assert "did you mean req" in refused.value.message
