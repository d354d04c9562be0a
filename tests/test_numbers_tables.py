"""`primer numbers`: the latency table and powers of two match the primer's own tables, row by row."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.estimate.latency import HANDY_METRICS, LATENCY_TABLE, operation_named, powers_of_two
from primer_cli.estimate.quantity import format_bytes
from primer_cli.render.estimate import orders_of_magnitude

SEED = Path(__file__).parent / "fixtures" / "seed.txt"


def seed_block(heading: str) -> str:
    """The first fenced code block after `heading` in the seed text."""
    text = SEED.read_text(encoding="utf-8")
    after = text[text.index(heading) :]
    return after.split("```")[1]


def seed_latency_rows() -> list[tuple[str, float, str]]:
    rows = []
    pattern = re.compile(
        r"^(?P<label>[A-Za-z].*?)\s+(?P<ns>[\d,.]+)\s+ns(?:\s+[\d,]+\s+us)?(?:\s+[\d,]+\s+ms)?\s*(?P<note>.*)$"
    )
    for line in seed_block("Latency numbers every programmer should know").splitlines():
        match = pattern.match(line)
        if match:
            rows.append(
                (
                    match["label"].rstrip("*").strip(),
                    float(match["ns"].replace(",", "")),
                    match["note"],
                )
            )
    return rows


def test_seed_has_the_latency_table() -> None:
    assert len(seed_latency_rows()) == 15


def test_latency_table_matches_the_seed_row_by_row() -> None:
    ours = [(op.label, op.ns, op.note) for op in LATENCY_TABLE]
    assert ours == seed_latency_rows()


def test_handy_metrics_match_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    for line in HANDY_METRICS:
        assert f"- {line}" in text


def test_every_operation_has_a_unique_typeable_name() -> None:
    names = [op.name for op in LATENCY_TABLE]
    assert len(set(names)) == len(names)
    for op in LATENCY_TABLE:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", op.name)
        assert operation_named(op.name) is op
        assert operation_named(op.label) is op


def test_human_scale_turns_a_nanosecond_into_a_second() -> None:
    disk_seek = operation_named("disk-seek")
    assert disk_seek is not None
    assert disk_seek.human_scale_seconds == 10_000_000  # 10 ms at 1 ns = 1 s: about 116 days


def test_orders_of_magnitude_grow_by_one_per_tenfold() -> None:
    assert orders_of_magnitude(1) == pytest.approx(1)
    assert orders_of_magnitude(1_000) == pytest.approx(4)
    assert orders_of_magnitude(150_000_000) == pytest.approx(9.176, abs=1e-3)


def seed_power_rows() -> dict[int, tuple[int, str, str]]:
    rows = {}
    for line in seed_block("Powers of two table").splitlines():
        match = re.match(r"^(\d+)\s+([\d,]+)\s*(\d+ [a-z]+)?\s*(\d+ [KMGT]B)?\s*$", line)
        if match:
            power, exact, approx, size = match.groups()
            rows[int(power)] = (int(exact.replace(",", "")), approx or "", size or "")
    return rows


def test_powers_of_two_include_every_seed_row_with_the_same_figures() -> None:
    seed = seed_power_rows()
    assert len(seed) == 8
    ours = {row.power: row for row in powers_of_two()}
    for power, (exact, approx, size) in seed.items():
        row = ours[power]
        assert row.in_seed
        assert row.exact == exact
        if approx:  # '1 thousand', '1 billion': our napkin figure in words
            number, word = approx.split()
            assert row.approx == float(number) * {"thousand": 1e3, "million": 1e6, "billion": 1e9,
                                                   "trillion": 1e12}[word]  # fmt: skip
        if size:  # the primer writes KB for 1,024 bytes; we write KiB
            assert format_bytes(row.bytes, binary=True) == size.replace("B", "iB")
    assert {p for p, row in ours.items() if not row.in_seed} == {50, 64}


def test_numbers_latency_prints_the_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["numbers", "latency"])
    assert result.exit_code == 0, result.output
    for text in (
        "Disk seek",
        "1 ns → 1 s",
        "116 days",
        "4.75 years",
        "█",
        "primer learn latency-numbers",
    ):
        assert text in result.stdout


def test_numbers_latency_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["numbers", "latency", "--json"])
    data = json.loads(result.stdout)
    assert [op["ns"] for op in data["operations"]] == [op.ns for op in LATENCY_TABLE]
    assert data["operations"][0]["human_scale_seconds"] == 0.5
    assert len(data["handy_metrics"]) == 6


def test_numbers_powers_prints_and_json(runner: CliRunner) -> None:
    table = runner.invoke(app, ["numbers", "powers"])
    assert table.exit_code == 0
    for text in ("2^32", "4,294,967,296", "4 billion", "4 GiB", "1 trillion"):
        assert text in table.stdout
    data = json.loads(runner.invoke(app, ["numbers", "powers", "--json"]).stdout)
    assert {"power": 32, "exact": 2**32, "bytes": 2**32}.items() <= data[
        [r["power"] for r in data].index(32)
    ].items()


def test_numbers_without_a_table_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["numbers"])
    assert "latency" in result.output
    assert "powers" in result.output
