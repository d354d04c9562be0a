"""Every calculator against examples worked by hand, step by step."""

from __future__ import annotations

import math

import pytest

from primer_cli.errors import UsageProblem
from primer_cli.estimate.arrivals import Arrival, stated_arrival
from primer_cli.estimate.calculators import (
    Step,
    arrival_from_count,
    arrival_from_rate,
    arrival_from_users,
    bandwidth,
    cache,
    convert,
    latency,
    qps,
    result_to_dict,
    servers,
    storage,
)
from primer_cli.estimate.conventions import Period, rules_of_thumb
from primer_cli.estimate.figures import Form
from primer_cli.estimate.system import SystemInputs, estimate_system

MONTH = 2_629_800  # seconds: 365.25 / 12 days of 86,400 s


def step_named(steps: tuple[Step, ...], name: str) -> Step:
    return next(s for s in steps if s.step == name)


def test_qps_from_a_monthly_count() -> None:
    result = qps(arrival_from_count(10e6, Period.MONTH), peak_factor=3)
    assert result.per_second == pytest.approx(10e6 / MONTH)  # 3.8026
    assert result.peak_per_second == pytest.approx(3 * 10e6 / MONTH)  # 11.408
    assert result.per_day == pytest.approx(10e6 / MONTH * 86_400)  # 328,542
    assert result.per_month == 10e6
    assert result.reads_per_second is None


def test_qps_shows_the_primer_rule_of_thumb_beside_the_exact_figure() -> None:
    result = qps(arrival_from_count(10e6, Period.MONTH))
    thumb = next(s for s in result.steps if s.rule_of_thumb)
    assert thumb.value == 4  # 10 million ÷ 2.5 million seconds
    assert "2.5 million" in thumb.formula
    exact = step_named(result.steps, "Average requests per second")
    assert exact.value == pytest.approx(3.8026, rel=1e-4)
    assert exact.napkin == 4


def test_qps_from_daily_active_users() -> None:
    arrival = arrival_from_users(100e6, 20, Period.DAY)
    result = qps(arrival, peak_factor=2)
    assert result.per_day == 2e9
    assert result.per_second == pytest.approx(2e9 / 86_400)  # 23,148
    assert result.peak_per_second == pytest.approx(2 * 2e9 / 86_400)
    assert result.per_month == pytest.approx(2e9 / 86_400 * MONTH)


def test_qps_with_a_read_ratio_adds_reads() -> None:
    result = qps(arrival_from_count(10e6, Period.MONTH, "writes"), peak_factor=3, read_ratio=10)
    assert result.reads_per_second == pytest.approx(10 * 10e6 / MONTH)
    assert result.total_per_second == pytest.approx(11 * 10e6 / MONTH)
    assert result.peak_total_per_second == pytest.approx(33 * 10e6 / MONTH)


def test_qps_from_a_rate() -> None:
    result = qps(arrival_from_rate(40, "40/s"))
    assert result.per_second == 40
    assert result.per_month == pytest.approx(40 * MONTH)
    thumb = next(s for s in result.steps if s.rule_of_thumb)
    assert thumb.value == 100e6  # the primer: 40 requests/s is 100 million a month


def test_storage_per_month_year_and_total() -> None:
    result = storage(arrival_from_count(10e6, Period.MONTH), 1270, years=3, replicas=3)
    assert result.per_month_bytes == pytest.approx(12.7e9)
    assert result.per_year_bytes == pytest.approx(152.4e9)
    assert result.total_items == pytest.approx(360e6)
    assert result.total_bytes == pytest.approx(457.2e9 * 3)
    assert step_named(result.steps, "Data in 3 years").value == pytest.approx(457.2e9)


def test_storage_from_a_daily_count_uses_the_exact_month() -> None:
    result = storage(arrival_from_count(1e6, Period.DAY), 1000, years=1)
    assert result.per_month_bytes == pytest.approx(1e6 * 30.4375 * 1000)
    assert result.total_bytes == pytest.approx(1e6 * 365.25 * 1000)


@pytest.mark.parametrize(("years", "replicas", "param"), [(0, 1, "years"), (3, 0, "replicas")])
def test_storage_refuses_nonsense(years: float, replicas: int, param: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        storage(arrival_from_count(1, Period.DAY), 1, years=years, replicas=replicas)
    assert caught.value.param == param


def test_bandwidth_in_bytes_and_bits() -> None:
    result = bandwidth(arrival_from_count(4, Period.SECOND), 1270)
    assert result.bytes_per_second == 5080
    assert result.bits_per_second == 40_640
    assert result.bytes_per_day == pytest.approx(5080 * 86_400)
    assert result.bytes_per_month == pytest.approx(5080 * MONTH)


def test_cache_is_the_hot_share_of_a_days_data() -> None:
    result = cache(arrival_from_count(100e6, Period.DAY), 1000, hot=0.2)
    assert result.working_set_bytes == 100e9
    assert result.memory_bytes == pytest.approx(20e9)
    assert "80/20" in step_named(result.steps, "Hot share").formula


def test_cache_window_can_differ_from_the_count_period() -> None:
    result = cache(arrival_from_count(1e6, Period.HOUR), 500, hot=0.5, window=Period.DAY)
    assert result.items == pytest.approx(24e6)
    assert result.memory_bytes == pytest.approx(24e6 * 500 * 0.5)


def test_servers_round_up_and_note_n_plus_one() -> None:
    result = servers(20_000, 2_000, headroom=0.3)
    assert result.usable_per_server == pytest.approx(1_400)
    assert result.exact_servers == pytest.approx(14.2857, rel=1e-4)
    assert result.servers == 15
    assert result.servers_n_plus_one == 16
    assert any("N+1" in note for note in result.notes)


def test_servers_exactly_full_is_not_rounded_up_by_float_noise() -> None:
    assert servers(1_400, 2_000, headroom=0.3).servers == 1
    assert servers(2_000, 1_000, headroom=0).servers == 2


def test_servers_never_fewer_than_one_and_refuse_zero_capacity() -> None:
    assert servers(0, 1_000).servers == 1
    with pytest.raises(UsageProblem) as caught:
        servers(10, 0)
    assert caught.value.param == "per_server"  # the core names parameters, the CLI flags


def test_latency_adds_up_a_request_path() -> None:
    result = latency("2 * round-trip-same-datacenter + disk-seek + read-1mb-ssd")
    assert result.total_ns == 2 * 500_000 + 10_000_000 + 1_000_000
    assert [t.term for t in result.breakdown] == [
        "Round trip within same datacenter",
        "Disk seek",
        "Read 1 MB sequentially from SSD",
    ]
    assert sum(t.share for t in result.breakdown) == pytest.approx(1)
    assert result.sequential_per_second == pytest.approx(1e9 / 12_000_000)


def test_latency_accepts_plain_durations_and_loose_spelling() -> None:
    result = latency("Disk seek + 5ms + 3x l1 + 250 us")
    assert result.total_ns == pytest.approx(10_000_000 + 5_000_000 + 1.5 + 250_000)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("disk-seak", "Did you mean disk-seek"),
        ("warp-drive", "neither an operation from the latency table nor a duration"),
        ("disk-seek +", "not a sum"),
        ("", "not a sum"),
        ("5 XB", "unknown unit"),
        ("2 * 3 * disk-seek", "multiplies more than once"),
    ],
)
def test_latency_refuses_unknown_steps(expression: str, message: str) -> None:
    with pytest.raises(UsageProblem, match=message) as caught:
        latency(expression)
    assert caught.value.param == "expression"


def test_latency_takes_the_repeat_count_on_either_side() -> None:
    """'read-1mb-memory * 1000' once suggested the very name typed."""
    for expression in (
        "read-1mb-memory * 1000",
        "1000 * read-1mb-memory",
        "read-1mb-memory x 1000",
    ):
        result = latency(expression)
        assert result.total_ns == 1000 * 250_000, expression
        assert result.breakdown[0].count == 1000


def test_convert_to_a_named_unit() -> None:
    assert convert("100M/month", "/s").value == pytest.approx(100e6 / MONTH)
    assert convert("1.2 TB/day", "Mbps").value == pytest.approx(1.2e12 * 8 / 86_400 / 1e6)
    assert convert("4/s", "/month").value == pytest.approx(4 * MONTH)
    assert convert("1 GiB", "MB").value == pytest.approx(1073.741824)
    assert convert("250ms", "us").value == pytest.approx(250_000)


def test_convert_without_a_unit_gives_base_units_and_powers_of_two() -> None:
    result = convert("2^32")
    assert (result.value, result.unit) == (2**32, "")
    assert step_named(result.steps, "Power of two").value == 32
    assert step_named(result.steps, "As bytes").shown() == "4 GiB"


def test_convert_refuses_mismatched_units() -> None:
    with pytest.raises(UsageProblem, match="data rate unit") as caught:
        convert("5 GB", "Mbps")
    assert caught.value.param == "to"
    with pytest.raises(UsageProblem, match="not a unit"):
        convert("5 GB", "parsecs")


def test_rules_of_thumb_are_within_ten_percent_of_exact() -> None:
    for rule in rules_of_thumb():
        assert rule.rule == pytest.approx(rule.exact, rel=0.1), rule.statement


def test_json_dict_has_steps_with_base_unit_numbers() -> None:
    data = result_to_dict(storage(arrival_from_count(10e6, Period.MONTH), 1270))
    assert {"per_month_bytes", "per_year_bytes", "total_bytes", "total_items", "steps"} <= set(data)
    assert "answer" not in data
    for step in data["steps"]:
        assert set(step) >= {"step", "formula", "value", "unit"}
        assert isinstance(step["value"], float | int) and math.isfinite(step["value"])


def test_system_report_chains_the_calculators() -> None:
    report = estimate_system(
        SystemInputs(
            writes=arrival_from_users(10e6, 2, Period.DAY, "writes"),
            item_bytes=1000,
            read_ratio=10,
            replicas=3,
            per_server=1000,
        )
    )
    writes = 20e6 / 86_400
    assert report.traffic.per_second == pytest.approx(writes)
    assert report.traffic.reads_per_second == pytest.approx(10 * writes)
    assert report.storage.per_month_bytes == pytest.approx(20e6 * 30.4375 * 1000)
    assert report.storage.total_bytes == pytest.approx(20e6 * 365.25 * 3 * 1000 * 3)
    assert report.ingress.bytes_per_second == pytest.approx(writes * 1000)
    assert report.egress.bytes_per_second == pytest.approx(10 * writes * 1000)
    assert report.cache.memory_bytes == pytest.approx(200e6 * 1000 * 0.2)
    peak = 11 * writes * 3
    assert report.servers.servers == math.ceil(peak / 700)
    assert report.to_dict()["summary"]["servers_n_plus_one"] == report.servers.servers + 1


@pytest.mark.parametrize(
    "writes",
    [
        stated_arrival(count="100M", per="month", what="writes"),
        stated_arrival(users="10M", per_user="2", per="day", what="writes"),
        stated_arrival(rate="48M/day", what="writes"),
    ],
    ids=["count", "users", "rate"],
)
def test_system_says_given_only_of_its_inputs(writes: Arrival) -> None:
    """'Reads per month 10bn — given' was worked out from the writes; only inputs are given."""
    inputs = SystemInputs(writes=writes, item_bytes=500, read_ratio=100, hot=0.25)
    report = estimate_system(inputs)
    typed = {writes.steps[0].value, inputs.item_bytes, inputs.hot, inputs.per_server}
    sections = (report.traffic, report.storage, report.ingress, report.egress, report.cache)
    for result in (*sections, report.servers):
        for step in result.steps:
            if "given" in step.formula:
                assert step.value in typed, f"{step.step} = {step.value} is derived, not given"


def test_cache_note_says_what_is_computed() -> None:
    """The arithmetic counts reads, not distinct items, so the figure is an upper bound."""
    result = cache(arrival_from_count(100e6, Period.DAY), 1000)
    assert "20% of a day's read volume" in result.notes[0]
    assert "upper bound" in result.notes[0]
    assert "items" not in result.notes[0].split(":")[0]


def test_system_caps_the_cache_at_the_data_stored() -> None:
    """500 reads a write for 0.1 years: a fifth of a day's reads is more than all the data kept."""
    writes = arrival_from_users(100e6, 5, Period.DAY, "writes")
    report = estimate_system(
        SystemInputs(writes=writes, item_bytes=10_000, read_ratio=500, years=0.1)
    )
    stored = report.storage.total_items * 10_000  # one copy: replicas are not cached
    assert report.cache.working_set_bytes * 0.2 > stored
    assert report.cache.memory_bytes == pytest.approx(stored)
    assert report.cache.answer[-1].value == pytest.approx(stored)
    assert report.summary()["cache_memory_bytes"] == pytest.approx(stored)
    assert any("more than all the data stored" in note for note in report.notes)


def test_system_leaves_a_cache_smaller_than_the_data_alone() -> None:
    writes = arrival_from_users(10e6, 2, Period.DAY, "writes")
    report = estimate_system(SystemInputs(writes=writes, item_bytes=1000, read_ratio=10))
    assert report.cache.memory_bytes == pytest.approx(200e6 * 1000 * 0.2)
    assert not any("more than all the data stored" in note for note in report.notes)


def test_system_refuses_zero_writes() -> None:
    with pytest.raises(UsageProblem) as caught:
        estimate_system(SystemInputs(writes=arrival_from_users(0, 1, Period.DAY), item_bytes=1))
    assert caught.value.param == "count"


def test_system_takes_traffic_in_every_form_the_calculators_take() -> None:
    """A count per period, users per period (not only per day) or a rate: the same writes."""
    forms = [
        stated_arrival(count="2M", per="hour", what="writes"),
        stated_arrival(users="1M", per_user="2", per="hour", what="writes"),
        stated_arrival(rate="48M/day", what="writes"),
    ]
    totals = [
        estimate_system(SystemInputs(writes=w, item_bytes=1000)).storage.total_bytes for w in forms
    ]
    assert totals == pytest.approx([2e6 * 24 * 365.25 * 3 * 1000] * 3)


# Napkin figures: one rule, in the unit shown ---------------------------------------


@pytest.mark.parametrize(
    ("text", "to", "exact", "rough"),
    [
        ("5 TB/day", "MB/s", "57.87037 MB/s", "60 MB/s"),
        ("1 Gbps", "MB/s", "125 MB/s", "130 MB/s"),
        ("100 Mbps", "MB/s", "12.5 MB/s", "13 MB/s"),  # a half rounds up, not to even (12)
        ("60bn/day", "/s", "694,444.4 /s", "700,000 /s"),
        ("1 GiB", "MB", "1,073.742 MB", "1,000 MB"),
    ],
)
def test_a_conversion_keeps_its_unit_in_the_napkin_figure(
    text: str, to: str, exact: str, rough: str
) -> None:
    """'57.87 MB/s ≈ 60 /s' lost the unit; '60bn/day --to /s' showed 694,400 as if exact."""
    answer = convert(text, to).answer[0]
    assert (answer.shown(), answer.napkin_shown()) == (exact, rough)
    assert answer.formula != "already in this unit"


def test_a_value_rounds_one_way_whichever_row_shows_it() -> None:
    """The converted answer and the same value among the usual forms agree to the figure."""
    result = convert("100 Mbps", "MB/s")
    napkins = {s.napkin_shown() for s in result.steps if s.unit in ("MB/s", "B/s")}
    assert napkins == {"13 MB/s"}


@pytest.mark.parametrize(
    ("value", "unit", "form", "exact", "rough"),
    [
        (5 / 3600, "/s", Form.SCALED, "5 /hour", "5 /hour"),  # not 5.04 /hour, per second
        (2**32, "B", Form.BINARY, "4 GiB", "4 GiB"),  # not 4 GB
        (32, "", Form.POWER, "2^32", "2^32"),  # not ~30
        (14.2857, "server", Form.SCALED, "14.29 servers", "14 servers"),
        (1, "server", Form.DIGITS, "1 server", "1 server"),
        (999_700, "", Form.SCALED, "999.7k", "1M"),
    ],
)
def test_napkin_figures_are_rounded_in_the_unit_shown(
    value: float, unit: str, form: Form, exact: str, rough: str
) -> None:
    step = Step("x", "", value, unit, form=form)
    assert (step.shown(), step.napkin_shown()) == (exact, rough)


def test_convert_to_a_power_of_two_shows_the_power_not_a_rounded_exponent() -> None:
    power = step_named(convert("2^32").steps, "Power of two")
    assert (power.shown(), power.napkin_shown()) == ("2^32", "2^32")


# Wording and defaults -----------------------------------------------------------------


def test_periods_take_their_article() -> None:
    """'Seconds in a hour'."""
    names = [s.step for s in qps(arrival_from_count(5, Period.HOUR)).steps]
    assert "Seconds in an hour" in names
    assert "Items in 1 year" in [
        s.step for s in storage(arrival_from_count(1, Period.DAY), 1, years=1).steps
    ]


def test_defaults_live_in_the_parameter_declarations() -> None:
    """The calculators, SystemInputs, the command line and the wizard all take them from there."""
    import dataclasses
    import inspect

    from primer_cli.cli import estimate as cli
    from primer_cli.cli.estimate_wizard import QUESTIONS
    from primer_cli.estimate import parameters as declared

    by_name = {p.name: p for p in vars(declared).values() if isinstance(p, declared.Parameter)}
    for function in (qps, storage, cache, servers):
        for name, param in inspect.signature(function).parameters.items():
            if param.default in (inspect.Parameter.empty, None):
                continue  # required, or optional without a default (qps adds reads only if asked)
            assert param.default == by_name[name].default_value, (function, name)
    for item in dataclasses.fields(SystemInputs):
        if item.default is not dataclasses.MISSING:
            assert item.default == by_name[item.name].default_value, item.name
    import typer.main

    group = typer.main.get_command(cli.estimate_app)
    compared = 0
    for command in group.commands.values():  # type: ignore[attr-defined]
        for option in command.params:
            declared_here = by_name.get(option.name)
            if declared_here is not None and option.default is not None:
                assert option.default == declared_here.default, (command.name, option.name)
                compared += 1
    assert compared >= 14  # qps 1, storage 2, cache 2, servers 2, system 7
    for question in QUESTIONS:
        if question.parameter.default is not None:
            assert question.offer == question.parameter.default, question.parameter.name
