"""`primer estimate` as a script sees it: tables, JSON in base units, exit codes and messages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app

MONTH = 2_629_800


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["estimate", *args])


def json_of(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = run(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    for step in data.get("steps", []):
        assert {"step", "formula", "value", "unit"} <= set(step)
    return data


def test_qps_table_shows_steps_exact_and_napkin(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # wide enough for the formula to have its own column
    result = run(runner, "qps", "--count", "10M", "--per", "month")
    assert result.exit_code == 0, result.output
    for text in (
        "Step",
        "Formula",
        "Exact",
        "Napkin",
        "2,629,800 s",
        "3.803 /s",
        "~4 /s",
        "Answer",
    ):
        assert text in result.stdout
    assert "rule of thumb" in result.stdout.lower()


def test_qps_json(runner: CliRunner) -> None:
    data = json_of(
        runner,
        "qps",
        "--count",
        "10M",
        "--per",
        "month",
        "--peak-factor",
        "3",
        "--read-ratio",
        "10",
    )
    assert data["per_second"] == pytest.approx(10e6 / MONTH)
    assert data["peak_per_second"] == pytest.approx(3 * 10e6 / MONTH)
    assert data["per_day"] == pytest.approx(10e6 / MONTH * 86_400)
    assert data["per_month"] == pytest.approx(10e6)
    assert data["reads_per_second"] == pytest.approx(10 * 10e6 / MONTH)


def test_qps_from_daily_active_users(runner: CliRunner) -> None:
    data = json_of(runner, "qps", "--users", "100M", "--per-user", "20", "--per", "day")
    assert data["per_day"] == pytest.approx(2e9)
    assert data["per_second"] == pytest.approx(2e9 / 86_400)


def test_storage_json(runner: CliRunner) -> None:
    data = json_of(runner, "storage", "--count", "10M", "--per", "month", "--size", "1.27KB", "--years", "3",
                   "--replicas", "3")  # fmt: skip
    assert data["per_month_bytes"] == pytest.approx(12.7e9)
    assert data["per_year_bytes"] == pytest.approx(152.4e9)
    assert data["total_bytes"] == pytest.approx(457.2e9 * 3)
    assert data["total_items"] == pytest.approx(360e6)


def test_bandwidth_json_from_count_and_from_rate(runner: CliRunner) -> None:
    data = json_of(runner, "bandwidth", "--count", "4", "--per", "second", "--size", "1.27KB")
    assert data["bytes_per_second"] == pytest.approx(5080)
    assert data["bits_per_second"] == pytest.approx(40_640)
    assert data["bytes_per_month"] == pytest.approx(5080 * MONTH)
    by_rate = json_of(runner, "bandwidth", "--rate", "100M/month", "--size", "1KB")
    assert by_rate["bytes_per_month"] == pytest.approx(100e9)


def test_cache_json(runner: CliRunner) -> None:
    data = json_of(
        runner, "cache", "--count", "100M", "--per", "day", "--size", "1KB", "--hot", "0.2"
    )
    assert data["memory_bytes"] == pytest.approx(20e9)
    assert json_of(
        runner, "cache", "--count", "100M", "--per", "day", "--size", "1KB", "--hot", "10%"
    )["memory_bytes"] == pytest.approx(10e9)


def test_servers_json_and_table(runner: CliRunner) -> None:
    data = json_of(runner, "servers", "--qps", "20k", "--per-server", "2k", "--headroom", "0.3")
    assert data["servers"] == 15
    assert data["servers_n_plus_one"] == 16
    table = run(runner, "servers", "--qps", "20k", "--per-server", "2k")
    assert "N+1" in table.stdout


def test_latency_json_and_list(runner: CliRunner) -> None:
    data = json_of(
        runner, "latency", "2 * round-trip-same-datacenter + disk-seek + read-1mb-ssd + 5ms"
    )
    assert data["total_ns"] == pytest.approx(17_000_000)
    assert [term["total_ns"] for term in data["breakdown"]] == [
        1_000_000,
        10_000_000,
        1_000_000,
        5_000_000,
    ]
    names = run(runner, "latency", "--list")
    assert names.exit_code == 0
    assert "round-trip-same-datacenter" in names.stdout
    assert "disk-seek" in names.stdout


@pytest.mark.parametrize(
    ("args", "value", "unit"),
    [
        (("100M/month", "--to", "/s"), 100e6 / MONTH, "/s"),
        (("1.2 TB/day", "--to", "Mbps"), 1.2e12 * 8 / 86_400 / 1e6, "Mbps"),
        (("2^32",), 2**32, ""),
    ],
)
def test_convert_json(runner: CliRunner, args: tuple[str, ...], value: float, unit: str) -> None:
    data = json_of(runner, "convert", *args)
    assert data["value"] == pytest.approx(value)
    assert data["unit"] == unit


def test_convert_shows_the_primer_rule_of_thumb(runner: CliRunner) -> None:
    result = run(runner, "convert", "40/s")
    assert result.exit_code == 0
    assert "100M /month" in result.stdout  # the primer: 40 requests/s is 100 million a month


def test_system_report_from_flags(runner: CliRunner) -> None:
    data = json_of(runner, "system", "--users", "10M", "--per-user", "2", "--size", "1KB")
    summary = data["summary"]
    assert summary["writes_per_second"] == pytest.approx(20e6 / 86_400)
    assert summary["servers"] >= 1
    assert set(data) >= {"inputs", "traffic", "storage", "ingress", "egress", "cache", "servers"}
    table = run(runner, "system", "--users", "10M", "--per-user", "2", "--size", "1KB")
    for heading in ("Estimate", "Traffic", "Storage", "Bandwidth in", "Cache", "Servers"):
        assert heading in table.stdout


def test_json_is_the_only_thing_on_stdout(runner: CliRunner) -> None:
    result = run(runner, "storage", "--count", "1k", "--per", "day", "--size", "1KB", "--json")
    json.loads(result.stdout)  # raises if anything else got in


@pytest.mark.parametrize(
    ("args", "param", "reason"),
    [
        (("qps", "--count", "abc", "--per", "month"), "--count", "does not start with a number"),
        (("qps", "--count", "-5", "--per", "month"), "--count", "negative"),
        (("qps", "--count", "1e400", "--per", "month"), "--count", "too large"),
        (
            ("storage", "--count", "10M", "--per", "month", "--size", "5 XB"),
            "--size",
            "unknown unit",
        ),
        (("qps", "--count", "10M/fortnight", "--per", "month"), "--count", "fortnight"),
        (("qps", "--rate", "10M/fortnight"), "--rate", "fortnight"),
        (("qps", "--count", "10M", "--per", "fortnight"), "--per", "not a period"),
        (("qps", "--count", "10M"), "--per", "a count needs the period"),
        (("qps",), "--count", "say how often"),
        (("qps", "--count", "1", "--per", "day", "--rate", "1/s"), "--rate", "one way only"),
        (
            ("qps", "--count", "1", "--per", "day", "--per-user", "3"),
            "--per-user",
            "needs the number of users",
        ),
        (("qps", "--users", "1M"), "--per-user", "users need a count per user"),
        (
            ("qps", "--count", "1", "--per", "day", "--peak-factor", "0.5"),
            "--peak-factor",
            "at least 1",
        ),
        (("storage", "--count", "10M", "--per", "month", "--size", "10M"), "--size", "is a count"),
        (
            ("storage", "--count", "10M", "--per", "month", "--size", "0KB"),
            "--size",
            "'0KB' must be more than 0",
        ),
        (
            ("cache", "--count", "1M", "--per", "day", "--size", "1KB", "--hot", "2"),
            "--hot",
            "not a share",
        ),
        (("servers", "--qps", "20k", "--per-server", "0"), "--per-server", "more than 0"),
        (
            ("servers", "--qps", "abc", "--per-server", "1k"),
            "--qps",
            "does not start with a number",
        ),
        (("latency", "disk-seak"), "EXPRESSION", "disk-seek"),
        (("latency",), "EXPRESSION", "--list"),
        (("convert", "5 GB", "--to", "Mbps"), "--to", "data rate unit"),
        (("convert", "abc"), "QUANTITY", "does not start with a number"),
        (("system", "--users", "0", "--per-user", "1", "--size", "1KB"), "--users", "more than 0"),
    ],
)
def test_bad_input_exits_2_naming_the_argument(
    runner: CliRunner, args: tuple[str, ...], param: str, reason: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = " ".join(result.stderr.replace("│", " ").split())
    assert param in message
    assert reason in message


def test_without_a_calculator_and_without_a_terminal_lists_them_and_exits_2(
    runner: CliRunner,
) -> None:
    result = run(runner)
    assert result.exit_code == 2
    for name in ("qps", "storage", "bandwidth", "cache", "servers", "latency", "convert", "system"):
        assert name in result.stderr
    assert "needs a terminal" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("latency", "2 * round-trip-same-datacenter + disk-seek"), "Request path"),
        (("convert", "100M/month"), "† Rule of thumb, per month"),
        (("convert", "1.2 TB/day"), "Mbps"),
        (("convert", "1.27 KB"), "KiB"),
        (("convert", "250ms"), "250,000,000 ns"),
        (("convert", "2^32"), "4 GiB"),
        (("storage", "--rate", "100/s", "--size", "1KB", "--replicas", "3"), "With 3 replicas"),
        (("cache", "--rate", "1k/s", "--size", "1KB"), "Requests per day"),
        (("bandwidth", "--users", "1M", "--per-user", "10", "--size", "2KB"), "Bits per second"),
    ],
)
def test_every_calculator_draws_its_table(
    runner: CliRunner, args: tuple[str, ...], expected: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout
    assert "Napkin" in result.stdout or "Total" in result.stdout


HUGE = "1" + "0" * 400


@pytest.mark.parametrize(
    "args",
    [
        ("servers", "--qps", "1e30", "--per-server", "1e-300"),
        ("servers", "--qps", "1", "--per-server", "1e-310"),
        ("system", "--users", "10", "--per-user", "1", "--size", "1B", "--per-server", "1e-320"),
        ("latency", "1e-300 ns"),
        ("latency", f"{'9' * 300} * 1e30s"),
    ],
)
def test_inputs_that_overflow_the_arithmetic_exit_2(
    runner: CliRunner, args: tuple[str, ...]
) -> None:
    for extra in ((), ("--json",)):
        result = run(runner, *args, *extra)
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "too large" in result.stderr or "too many" in result.stderr
        assert result.stdout == ""


def test_latency_repeat_count_is_bounded(runner: CliRunner) -> None:
    result = run(runner, "latency", f"{'9' * 400} * disk-seek", "--json")
    assert result.exit_code == 2
    assert "too many repeats" in " ".join(result.stderr.replace("│", " ").split())


@pytest.mark.parametrize("command", ["storage", "system"])
def test_replicas_beyond_any_real_system_exit_2(runner: CliRunner, command: str) -> None:
    args = (
        ("storage", "--count", "10M", "--per", "month", "--size", "1KB")
        if command == "storage"
        else ("system", "--users", "10M", "--per-user", "1", "--size", "1KB")
    )
    result = run(runner, *args, "--replicas", HUGE, "--json")
    assert result.exit_code == 2
    assert "--replicas" in result.stderr and result.stdout == ""


def test_cache_memory_does_not_depend_on_how_the_rate_was_typed(runner: CliRunner) -> None:
    typed = [
        ("--count", "100M", "--per", "month"),
        ("--rate", "100M/month"),
        ("--count", "1200M", "--per", "year"),
        ("--count", "3.2855M", "--per", "day"),
    ]
    memories = [json_of(runner, "cache", *args, "--size", "1KB")["memory_bytes"] for args in typed]
    assert max(memories) == pytest.approx(min(memories), rel=1e-3)


def test_servers_round_up_without_float_noise_at_any_scale() -> None:
    from primer_cli.estimate.calculators import servers

    assert servers(1e9, 1000, headroom=0.9).servers == 10_000_000
    assert servers(1400, 2000, headroom=0.3).servers == 1
    assert servers(1401, 2000, headroom=0.3).servers == 2


@pytest.mark.parametrize(
    ("expression", "unit"),
    [("packet-ca-netherlands-ca + 10 min", "/hour"), ("disk-seek", "/s"), ("2 h", "/day")],
)
def test_latency_rate_label_agrees_with_the_unit_shown(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, expression: str, unit: str
) -> None:
    """'One after another, per second  5.999 /hour' said one unit and showed another."""
    monkeypatch.setenv("COLUMNS", "120")
    result = run(runner, "latency", expression)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "one worker" in line)
    assert unit in line
    for other in ("second", "minute", "hour", "day", "1 s ÷"):
        assert other not in line.replace(unit, ""), line
