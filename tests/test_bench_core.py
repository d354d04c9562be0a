"""primer bench's core without timing anything: statistics, the walk, the file format, the store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from primer_cli.bench import machine
from primer_cli.bench.context import Context
from primer_cli.bench.history import compare
from primer_cli.bench.outcome import Measured, NotMeasured, measured
from primer_cli.bench.plan import PROBES
from primer_cli.bench.probes import files
from primer_cli.bench.probes.memory import FILL, MemoryBuffer, buffer_size
from primer_cli.bench.run import Interpreter, Row, Run
from primer_cli.bench.settings import BUFFER_TIMES_CACHE, MIN_MEMORY_BUFFER, QUICK
from primer_cli.bench.stats import Spread, percentile
from primer_cli.bench.store import load_runs, save_run
from primer_cli.estimate.latency import LATENCY_TABLE


def make_row(row_id: str = "mutex-lock-unlock", measured_ns: float | None = 120.0) -> Row:
    return Row(
        id=row_id,
        operation=row_id.replace("-", " "),
        table_ns=100.0,
        measured_ns=measured_ns,
        p10_ns=None if measured_ns is None else measured_ns * 0.9,
        p90_ns=None if measured_ns is None else measured_ns * 1.2,
        trials=0 if measured_ns is None else 15,
        note="" if measured_ns is None else "what was timed",
        reason="Why not." if measured_ns is None else None,
        stable=True,
    )


def make_run(started_at: str, *rows: Row) -> Run:
    return Run(
        started_at=started_at,
        effort="quick",
        seconds=1.5,
        interpreter=Interpreter(loop_ns=20.0, call_ns=30.0),
        machine={"cpu": "test"},
        rows=rows or (make_row(),),
    )


def test_spread_is_median_and_interpolated_deciles() -> None:
    spread = Spread.of([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (spread.median_ns, spread.trials) == (3.0, 5)
    assert spread.p10_ns == pytest.approx(1.4)  # numpy.percentile([1..5], 10)
    assert spread.p90_ns == pytest.approx(4.6)
    assert percentile([7.0], 90) == 7.0
    with pytest.raises(ValueError):
        Spread.of([])


def test_a_difference_lost_in_noise_is_not_reported_as_a_number() -> None:
    outcome = measured([-3.0, -1.0, 2.0], "a note", what="the extra cost")
    assert isinstance(outcome, NotMeasured)
    assert outcome.reason.startswith("The extra cost was lost in timing noise")
    assert isinstance(measured([1.0, 2.0, 3.0], "a note"), Measured)


def test_every_table_row_has_exactly_one_probe_in_table_order() -> None:
    table_probes = [probe.id for probe in PROBES if probe.table_row is not None]
    assert table_probes == [op.name for op in LATENCY_TABLE]
    modern = [probe.id for probe in PROBES if probe.table_row is None]
    assert {"hash-1kb-md5", "hash-1kb-sha256", "fsync-small-write", "start-process"} <= set(modern)
    assert len({probe.id for probe in PROBES}) == len(PROBES)


def test_the_walk_visits_every_index_before_repeating_one() -> None:
    """A short cycle would stay in cache and make 'main memory' a cache hit."""
    size = 1 << 12
    buffer = MemoryBuffer(FILL * size)
    seen = set()
    for _ in range(size):
        buffer.far_walk(1)
        seen.add(buffer.position)
    assert len(seen) == size


def test_the_near_walk_reads_inside_one_block_but_steps_like_the_far_walk() -> None:
    far, near = MemoryBuffer(FILL * (1 << 16)), MemoryBuffer(FILL * (1 << 16))
    far.far_walk(1000)
    near.near_walk(1000)
    assert far.position == near.position  # same arithmetic; only the address read differs


def test_the_megabyte_scan_moves_on_and_wraps() -> None:
    buffer = MemoryBuffer(FILL * (4 << 20))
    buffer.scan_megabytes(3)
    assert buffer.scan_offset == 3 << 20
    buffer.scan_megabytes(2)
    assert buffer.scan_offset == 1 << 20


def test_the_memory_buffer_dwarfs_the_last_level_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("primer_cli.bench.probes.memory.last_level_cache_bytes", lambda: 96 << 20)
    size = buffer_size()
    assert size >= BUFFER_TIMES_CACHE * (96 << 20)
    assert size & (size - 1) == 0  # a power of two: the walk masks instead of dividing
    monkeypatch.setattr("primer_cli.bench.probes.memory.last_level_cache_bytes", lambda: None)
    assert buffer_size() == MIN_MEMORY_BUFFER


def test_cache_sizes_parse_as_sysfs_writes_them() -> None:
    assert machine._parse_size("32768K") == 32 << 20
    assert machine._parse_size("1M") == 1 << 20
    assert machine._parse_size("512") == 512


@pytest.mark.skipif(not Path("/proc/self/mounts").is_file(), reason="reads /proc/self/mounts")
def test_filesystem_type_finds_the_mount_holding_a_path(tmp_path: Path) -> None:
    assert machine.filesystem_type(tmp_path)  # something, e.g. 'ext4' or 'tmpfs'
    assert machine.filesystem_type(Path("/proc/self")) == "proc"


def context_in(tmp_path: Path) -> Context:
    return Context(QUICK, tmp_path, Interpreter(20.0, 30.0))


def test_drive_rows_on_tmpfs_give_a_reason_not_a_cached_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "filesystem_type", lambda path: "tmpfs")
    context = context_in(tmp_path)
    for probe in (files.read_random_block, files.read_sequential_megabyte, files.fsync_small_write):
        outcome = probe(context)
        assert isinstance(outcome, NotMeasured)
        assert "tmpfs" in outcome.reason
    assert not list(tmp_path.iterdir())  # gave up before writing anything


def test_without_o_direct_the_rows_say_the_cache_could_not_be_bypassed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "O_DIRECT", raising=False)
    outcome = files.read_random_block(context_in(tmp_path))
    assert isinstance(outcome, NotMeasured)
    assert "could not be bypassed" in outcome.reason


def test_a_run_survives_the_round_trip_through_its_file_format() -> None:
    run = make_run("2026-01-02T03:04:05.000006+00:00", make_row(), make_row("disk-seek", None))
    assert Run.from_dict(json.loads(json.dumps(run.to_dict()))) == run
    assert run.rows[0].ratio == pytest.approx(1.2)
    assert run.rows[1].ratio is None


@pytest.mark.parametrize(
    "broken",
    [
        [],
        {"format": 99, "rows": []},
        {"format": 1, "started_at": "x", "effort": "quick", "interpreter": {}, "rows": "no"},
        {
            "format": 1,
            "started_at": "x",
            "effort": "quick",
            "interpreter": {"loop_ns": 1, "call_ns": 1},
            "rows": [{**make_row().to_dict(), "measured_ns": float("nan")}],
        },
        {
            "format": 1,
            "started_at": "x",
            "effort": "quick",
            "interpreter": {"loop_ns": 1, "call_ns": 1},
            "rows": [{**make_row().to_dict(), "measured_ns": None}],  # no number and no reason
        },
    ],
)
def test_reading_refuses_what_is_not_a_run(broken: object) -> None:
    with pytest.raises(ValueError):
        Run.from_dict(broken)


def test_runs_are_saved_one_file_each_and_read_back_oldest_first(tmp_path: Path) -> None:
    later = save_run(make_run("2026-01-02T10:00:00.000000+00:00"), tmp_path)
    earlier = save_run(make_run("2026-01-01T10:00:00.000000+00:00"), tmp_path)
    assert later.name == "2026-01-02T10-00-00.000000Z.json"
    (tmp_path / "2026-01-03T10-00-00.000000Z.json").write_text("{not json", encoding="utf-8")
    saved = load_runs(tmp_path)
    assert [path for path, _ in saved.runs] == [earlier, later]
    assert len(saved.problems) == 1 and "skipped" in saved.problems[0]
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write cleaned up after itself


def test_runs_go_under_primer_home(isolated_home: Path) -> None:
    path = save_run(make_run("2026-01-01T10:00:00.000000+00:00"))
    assert path.parent == isolated_home / "bench"


def test_history_lines_up_each_operation_across_runs() -> None:
    first = make_run("2026-01-01T00:00:00+00:00", make_row(measured_ns=100.0))
    second = make_run(
        "2026-01-02T00:00:00+00:00", make_row(measured_ns=150.0), make_row("disk-seek", None)
    )
    history = compare((first, second))
    assert [row.id for row in history.rows] == ["mutex-lock-unlock"]  # never measured: left out
    assert history.rows[0].medians_ns == (100.0, 150.0)
    assert history.rows[0].spread == pytest.approx(1.5)
