"""`primer bench` end to end: a real quick run, an interrupted one, history and --measured.

Only `--quick` runs here (about 1-2 s each on the development machine); the
full run's budget is measured in the README, not in the suite.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from primer_cli.bench.machine import MEMORY_FILESYSTEMS, filesystem_type
from primer_cli.bench.runner import TEMP_PREFIX
from primer_cli.bench.store import save_run
from primer_cli.cli import app
from tests.test_bench_core import make_row, make_run

US, MS, S = 1e3, 1e6, 1e9
# Wide bands of what each row can plausibly be on any machine that runs primer.
PLAUSIBLE_NS: dict[str, tuple[float, float]] = {
    "mutex-lock-unlock": (1, 5 * US),
    "main-memory-reference": (10, 5 * US),
    "compress-1kb-zippy": (500, 5 * MS),
    "send-1kb-1gbps": (200, 10 * MS),
    "read-4kb-random-ssd": (1 * US, 200 * MS),
    "read-1mb-memory": (5 * US, 10 * MS),
    "round-trip-same-datacenter": (1 * US, 100 * MS),
    "read-1mb-ssd": (20 * US, 1 * S),
    "hash-1kb-md5": (100, 1 * MS),
    "hash-1kb-sha256": (100, 1 * MS),
    "fsync-small-write": (1 * US, 2 * S),
    "start-process": (20 * US, 2 * S),
}
ALWAYS_MEASURABLE = {"mutex-lock-unlock", "main-memory-reference", "compress-1kb-zippy",
                     "read-1mb-memory", "hash-1kb-sha256", "send-1kb-1gbps",
                     "round-trip-same-datacenter"}  # fmt: skip
DRIVE_ROWS = {"read-4kb-random-ssd", "read-1mb-ssd", "fsync-small-write"}


def bench_process(home: Path, tmpdir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PRIMER_HOME": str(home), "TMPDIR": str(tmpdir), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "primer_cli", "bench", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class QuickRun:
    def __init__(self, home: Path, tmpdir: Path) -> None:
        started = time.perf_counter()
        process = bench_process(home, tmpdir, "--quick", "--json")
        self.stdout, self.stderr = process.communicate(timeout=120)
        self.seconds = time.perf_counter() - started
        self.returncode = process.returncode
        self.home, self.tmpdir = home, tmpdir
        self.data: dict[str, Any] = json.loads(self.stdout)  # all of stdout: nothing but JSON
        self.rows = {row["id"]: row for row in self.data["rows"]}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> QuickRun:
    return QuickRun(tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("tmp"))


def test_quick_json_run_succeeds_quickly(quick_run: QuickRun) -> None:
    assert quick_run.returncode == 0, quick_run.stderr
    assert quick_run.seconds < 5 * 2  # the 5 s, with room for a loaded CI machine
    assert "Traceback" not in quick_run.stderr


def test_every_row_has_the_promised_keys(quick_run: QuickRun) -> None:
    for row in quick_run.data["rows"]:
        assert {"operation", "table_ns", "measured_ns", "p10_ns", "p90_ns", "note"} <= row.keys()
    table_rows = [row for row in quick_run.data["rows"] if row["table_ns"] is not None]
    assert len(table_rows) == 15


@pytest.mark.parametrize("row_id", sorted(PLAUSIBLE_NS))
def test_measured_values_are_positive_finite_and_plausible(
    quick_run: QuickRun, row_id: str
) -> None:
    row = quick_run.rows[row_id]
    if row["measured_ns"] is None:
        assert row_id not in ALWAYS_MEASURABLE, row["reason"]
        assert row["reason"], row_id
        return
    low, high = PLAUSIBLE_NS[row_id]
    median, p10, p90 = row["measured_ns"], row["p10_ns"], row["p90_ns"]
    assert all(math.isfinite(value) and value > 0 for value in (median, p10, p90))
    assert low <= median <= high, f"{row_id}: {median} ns outside [{low}, {high}]"
    assert p10 <= median <= p90
    assert row["trials"] >= 5
    assert row["note"] and row["reason"] is None


def test_drive_rows_are_measured_where_the_page_cache_can_be_bypassed(quick_run: QuickRun) -> None:
    if (
        not sys.platform.startswith("linux")
        or filesystem_type(quick_run.tmpdir) in MEMORY_FILESYSTEMS
    ):
        pytest.skip("the drive rows need Linux and a temporary directory on a disk")
    for row_id in DRIVE_ROWS:
        assert quick_run.rows[row_id]["measured_ns"] is not None, quick_run.rows[row_id]["reason"]


def test_unmeasurable_rows_carry_a_reason_and_no_number(quick_run: QuickRun) -> None:
    unmeasured = [row for row in quick_run.data["rows"] if row["measured_ns"] is None]
    assert {row["id"] for row in unmeasured} >= {"l1-cache-reference", "packet-ca-netherlands-ca"}
    for row in unmeasured:
        assert row["reason"] and row["p10_ns"] is None and row["p90_ns"] is None


def test_the_interpreter_cost_is_stated(quick_run: QuickRun) -> None:
    assert quick_run.data["interpreter"]["loop_ns"] > 0
    assert quick_run.data["interpreter"]["call_ns"] >= 0


def test_the_temporary_directory_is_gone_and_the_run_is_saved(quick_run: QuickRun) -> None:
    assert not list(quick_run.tmpdir.iterdir())
    saved = list((quick_run.home / "bench").glob("*.json"))
    assert len(saved) == 1
    assert json.loads(saved[0].read_text(encoding="utf-8")) == quick_run.data


def test_a_second_run_agrees_on_the_stable_rows_within_2x(
    quick_run: QuickRun, tmp_path: Path
) -> None:
    again = QuickRun(quick_run.home, tmp_path)
    stable = [row_id for row_id, row in quick_run.rows.items() if row["stable"]]
    assert len(stable) >= 5
    for row_id in stable:
        first, second = quick_run.rows[row_id]["measured_ns"], again.rows[row_id]["measured_ns"]
        assert max(first, second) / min(first, second) < 2, (row_id, first, second)


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_run_removes_its_temporary_directory(
    tmp_path: Path, signum: int, exit_code: int
) -> None:
    home, tmpdir = tmp_path / "home", tmp_path / "tmp"
    tmpdir.mkdir()
    process = bench_process(home, tmpdir, "--quick", "--json")
    deadline = time.monotonic() + 30
    while not list(tmpdir.glob(TEMP_PREFIX + "*")) and process.poll() is None:
        assert time.monotonic() < deadline, "the run never made its temporary directory"
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_code, stderr
    assert "Traceback" not in stderr
    assert stdout == ""  # no half a JSON document
    assert not list(tmpdir.iterdir())
    assert not list(home.glob("bench/*.json"))  # nothing saved


def test_history_compares_saved_runs(runner: CliRunner) -> None:
    save_run(make_run("2026-01-01T10:00:00.000000+00:00", make_row(measured_ns=100.0)))
    save_run(make_run("2026-01-02T11:30:15.000000+00:00", make_row(measured_ns=250.0)))
    result = runner.invoke(app, ["bench", "--history"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for text in ("01-01 10:00:00", "01-02 11:30:15", "100 ns", "250 ns", "2.50×"):
        assert text in result.stdout
    data = json.loads(runner.invoke(app, ["bench", "--history", "--json"]).stdout)
    assert [run["started_at"][:10] for run in data["runs"]] == ["2026-01-01", "2026-01-02"]
    assert data["rows"][0]["medians_ns"] == [100.0, 250.0]
    assert data["rows"][0]["spread"] == pytest.approx(2.5)


def test_history_skips_a_broken_file_with_a_warning(runner: CliRunner, isolated_home: Path) -> None:
    save_run(make_run("2026-01-01T10:00:00.000000+00:00"))
    (isolated_home / "bench" / "2026-01-05T00-00-00.000000Z.json").write_text(
        "[]", encoding="utf-8"
    )
    result = runner.invoke(app, ["bench", "--history"])
    assert result.exit_code == 0
    assert "Warning" in result.stderr and "skipped" in result.stderr


def test_history_without_runs_says_how_to_make_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["bench", "--history"])
    assert result.exit_code == 1
    assert "primer bench --quick" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("extra", [["--quick"], ["--no-save"], ["--dir", "."]])
def test_history_refuses_options_that_only_measuring_uses(
    runner: CliRunner, extra: list[str]
) -> None:
    result = runner.invoke(app, ["bench", "--history", *extra])
    assert result.exit_code == 2
    assert extra[0] in result.output


def test_a_missing_directory_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "--quick", "--dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "--dir" in result.output


def test_numbers_latency_measured_adds_the_latest_run(runner: CliRunner) -> None:
    save_run(make_run("2026-01-01T10:00:00.000000+00:00", make_row(measured_ns=999.0)))
    lower = replace(
        make_row("round-trip-same-datacenter", 50_000.0), table_ns=500_000.0, lower_bound=True
    )
    save_run(make_run("2026-01-02T10:00:00.000000+00:00", make_row(measured_ns=120.0), lower))
    result = runner.invoke(app, ["numbers", "latency", "--measured"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    for text in ("Measured here", "120 ns", "1.2× slower", "≥ 50 µs", "10× faster", "Disk seek"):
        assert text in result.stdout
    assert "999 ns" not in result.stdout  # the latest run only
    data = json.loads(runner.invoke(app, ["numbers", "latency", "--measured", "--json"]).stdout)
    by_name = {op["name"]: op for op in data["operations"]}
    assert by_name["mutex-lock-unlock"]["measured_ns"] == 120.0
    assert by_name["round-trip-same-datacenter"]["measured_lower_bound"] is True
    assert by_name["disk-seek"]["measured_ns"] is None and by_name["disk-seek"]["measured_reason"]
    assert data["measured_run"]["started_at"].startswith("2026-01-02")


def test_numbers_latency_measured_without_a_run_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(app, ["numbers", "latency", "--measured"])
    assert result.exit_code == 1
    assert "primer bench" in result.stderr


def test_the_plain_table_still_works_without_a_run(runner: CliRunner) -> None:
    assert runner.invoke(app, ["numbers", "latency"]).exit_code == 0
