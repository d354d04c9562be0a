"""`primer estimate availability`: downtime per number of nines, parts in series and in parallel."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app

YEAR_SECONDS = 365.25 * 86_400


def estimate(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["estimate", "availability", *args, "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("share", "per", "seconds"),
    [
        ("99.9%", "year", 0.001 * YEAR_SECONDS),  # 8.77 h
        ("0.999", "month", 0.001 * YEAR_SECONDS / 12),  # 43.8 min
        ("3 nines", "day", 86.4),
        ("99.99%", "year", 0.0001 * YEAR_SECONDS),  # 52.6 min
        ("3.5 nines", "year", (10**-3.5) * YEAR_SECONDS),
    ],
)
def test_downtime_for_one_availability(
    runner: CliRunner, share: str, per: str, seconds: float
) -> None:
    data = estimate(runner, share, "--per", per)
    assert data["downtime_seconds"] == pytest.approx(seconds, rel=1e-9)
    assert data["arrangement"] == "single"


def test_parts_in_series_multiply(runner: CliRunner) -> None:
    data = estimate(runner, "99.9%", "99.95%")
    assert data["availability"] == pytest.approx(0.999 * 0.9995)
    assert data["downtime_seconds"] == pytest.approx((1 - 0.999 * 0.9995) * YEAR_SECONDS)


def test_redundant_parts_multiply_their_downtime(runner: CliRunner) -> None:
    data = estimate(runner, "99.9%", "99.9%", "--parallel")
    assert data["availability"] == pytest.approx(1 - 0.001**2)
    assert data["downtime_seconds"] == pytest.approx(0.001**2 * YEAR_SECONDS, rel=1e-6)  # 31.6 s


@pytest.mark.parametrize("share", ["120%", "0", "1", "abc", "150", "nines"])
def test_an_impossible_availability_is_a_usage_error(runner: CliRunner, share: str) -> None:
    result = runner.invoke(app, ["estimate", "availability", share])
    assert result.exit_code == 2
    assert "is not an availability" in result.output and "Traceback" not in result.output


def test_the_table_keeps_every_nine(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "availability", "99.99%", "99.99%", "--parallel"])
    assert result.exit_code == 0
    assert "99.999999%" in result.output and "100%" not in result.output
