"""Every estimate and numbers command reads whole in an 80-column terminal.

Each command is drawn twice, at 80 columns and at 1,000 (where nothing needs
to wrap). At 80 no line may be wider than the terminal, no cell may end in
'…', and every word of the wide drawing must still be there, whole: a cell
cut short or a word folded in two loses one. Only the header a narrow table
drops on purpose ('Formula', now under each step) and rule lines may differ.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from primer_cli.cli import app

COMMANDS: list[tuple[str, ...]] = [
    ("estimate", "qps", "--count", "10M", "--per", "month", "--read-ratio", "10"),
    ("estimate", "qps", "--users", "100M", "--per-user", "20", "--per", "hour"),
    ("estimate", "qps", "--count", "5", "--per", "hour"),
    ("estimate", "storage", "--count", "10M", "--per", "month", "--size", "1.27KB", "--replicas", "3"),
    ("estimate", "storage", "--count", "500M", "--per", "day", "--size", "10KB", "--years", "1"),
    ("estimate", "bandwidth", "--count", "4", "--per", "second", "--size", "1.27KB"),
    ("estimate", "bandwidth", "--rate", "100M/month", "--size", "1KB"),
    ("estimate", "cache", "--count", "100M", "--per", "day", "--size", "1KB", "--hot", "25%"),
    ("estimate", "cache", "--rate", "1k/s", "--size", "1KB", "--window", "hour"),
    ("estimate", "servers", "--qps", "20k", "--per-server", "2k", "--headroom", "0.3"),
    ("estimate", "servers", "--qps", "1.7M/day", "--per-server", "1k"),
    ("estimate", "latency", "2 * round-trip-same-datacenter + disk-seek + read-1mb-ssd + 5ms"),
    ("estimate", "latency", "read-1mb-memory * 1000 + packet-ca-netherlands-ca + 3x l1"),
    ("estimate", "latency", "0 * disk-seek"),
    ("estimate", "latency", "--list"),
    ("estimate", "convert", "100M/month", "--to", "/s"),
    ("estimate", "convert", "1.2 TB/day", "--to", "Mbps"),
    ("estimate", "convert", "5 TB/day", "--to", "MB/s"),
    ("estimate", "convert", "60bn/day", "--to", "/s"),
    ("estimate", "convert", "2^32"),
    ("estimate", "convert", "2^64"),
    ("estimate", "convert", "1.27 KB"),
    ("estimate", "convert", "250ms"),
    ("estimate", "convert", "40/s"),
    ("estimate", "availability", "99.95%"),
    ("estimate", "availability", "3 nines", "99.99%", "99.5%", "--per", "month"),
    ("estimate", "availability", "99.9%", "99.9%", "--parallel"),
    ("estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB"),
    ("estimate", "system", "--count", "500M", "--per", "day", "--size", "10KB", "--replicas", "3"),
    ("numbers", "latency"),
    ("numbers", "powers"),
    ("estimate", "-h"),
    ("estimate", "system", "-h"),
    ("estimate", "qps", "-h"),
    ("numbers", "-h"),
]  # fmt: skip

DROPPED_WHEN_NARROW = {"Formula"}  # the narrow derivation puts each formula under its step
LINES = set("─━═│╭╮╰╯┌┐└┘├┤┬┴┼")  # box and rule lines, drawn to the width


def drawn(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def words(text: str) -> Counter[str]:
    """Every word of `text`, counted, leaving out box and rule lines drawn to the width."""
    return Counter(w for w in text.split() if set(w) - LINES and w not in DROPPED_WHEN_NARROW)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_reads_whole_at_80_columns(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    narrow = drawn(runner, monkeypatch, 80, args)
    wide = drawn(runner, monkeypatch, 1000, args)
    too_wide = [line for line in narrow.splitlines() if cell_len(line) > 80]
    assert not too_wide, "\n".join(too_wide)
    assert "…" not in narrow
    lost = words(wide) - words(narrow)
    assert not lost, f"cut or folded at 80 columns: {sorted(lost)}\n{narrow}"


def test_a_derivation_that_does_not_fit_puts_each_formula_under_its_step(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("estimate", "storage", "--count", "10M", "--per", "month", "--size", "1.27KB")
    narrow = drawn(runner, monkeypatch, 80, args).splitlines()
    step = next(i for i, line in enumerate(narrow) if "Seconds in a month" in line)
    assert "2,629,800 s" in narrow[step]
    assert narrow[step + 1].strip() == "365.25 / 12 days × 86,400 s"  # whole, on the next line
    wide = drawn(runner, monkeypatch, 120, args)
    assert "Formula" in wide
    assert any(
        "Seconds in a month" in line and "365.25 / 12 days" in line for line in wide.splitlines()
    )


def test_every_section_of_the_system_report_is_drawn_alike(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One layout for the whole report, not four columns in one section and two lines in the next."""
    args = ("estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB")
    for width, formula_column in ((80, False), (120, True)):
        report = drawn(runner, monkeypatch, width, args)
        headers = [line for line in report.splitlines() if line.strip().startswith("Step")]
        assert len(headers) == 6
        assert all(("Formula" in line) is formula_column for line in headers), headers


def test_the_counted_width_of_a_derivation_is_the_width_rich_draws() -> None:
    """DerivationTable.fits counts cells instead of asking Rich; both must agree to the column."""
    from rich.console import Console
    from rich.measure import Measurement

    from primer_cli.estimate.calculators import (
        arrival_from_count,
        convert,
        latency,
        qps,
        servers,
        storage,
    )
    from primer_cli.estimate.conventions import Period
    from primer_cli.render.estimate import DerivationTable

    console = Console(width=10_000)
    results = [
        qps(arrival_from_count(10e6, Period.MONTH), read_ratio=10),
        storage(arrival_from_count(5e8, Period.DAY), 10_000, replicas=3),
        convert("2^64"),
        convert("5 TB/day", "MB/s"),
        servers(20_000, 2_000),
        latency("2 * disk-seek + 5ms"),
    ]
    for result in results:
        table = DerivationTable(result.steps, "Title")
        drawn = Measurement.get(console, console.options, table.table(stacked=False)).maximum
        assert table.fits(drawn) and not table.fits(drawn - 1)


@pytest.mark.parametrize(
    "args",
    [
        ("estimate", "servers", "--qps", "20k", "--per-server", "2k"),
        ("estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB"),
        ("estimate", "qps", "--count", "10M", "--per", "month", "--read-ratio", "10"),
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("width", [80, 120])
def test_the_answer_box_keeps_each_label_on_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], width: int
) -> None:
    """Labels such as 'With N+1 redundancy' fold only when the terminal has no room for them."""
    output = drawn(runner, monkeypatch, width, args)
    box = output[output.rindex("╭") : output.rindex("╯")].splitlines()[1:-1]
    for line in box:
        _label, _, rest = line.strip("│ ").partition("  ")
        assert rest.strip(), f"a label folded onto a line of its own: {line!r}\n{output}"
