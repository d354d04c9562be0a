"""The replication model: what async, sync and primary-primary promise, and what a crash costs."""

from __future__ import annotations

import math
from statistics import mean
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from primer_cli.render.demos.replication import view
from primer_cli.sim.params import ParamProblem
from primer_cli.sim.replication import (
    LOCAL_WRITE_S,
    MODES,
    PROMOTION_S,
    REJOIN_AFTER_S,
    ReplicationModel,
)


def run(**params: Any) -> dict[str, Any]:
    return ReplicationModel(**params).run()


@pytest.mark.parametrize("seed", range(5))
def test_sync_replication_loses_nothing_and_never_reads_stale(seed: int) -> None:
    metrics = run(mode="sync", seed=seed)
    assert metrics["lost_writes"] == 0
    assert metrics["stale_reads"] == 0
    assert metrics["failover_ms"] is not None  # the crash did happen


def test_async_loses_what_was_in_flight_on_average_rate_times_lag() -> None:
    """Little's law on the replication pipe: writes in flight = write rate × lag."""
    write_rate, lag_ms = 20.0, 200.0
    lost = [
        run(mode="async", write_rate=write_rate, lag_ms=lag_ms, fail_at=5, duration=5.5, seed=s)[
            "lost_writes"
        ]
        for s in range(300)
    ]
    assert mean(lost) == pytest.approx(write_rate * (lag_ms / 1000 + LOCAL_WRITE_S), rel=0.1)


def test_async_stale_reads_match_the_chance_of_a_write_within_the_lag() -> None:
    """A read of a key is stale when that key was written in the last `lag`: 1 - e^(-λ·lag/keys)."""
    write_rate, lag_ms, keys = 20.0, 200.0, 100
    metrics = run(
        mode="async", write_rate=write_rate, lag_ms=lag_ms, keys=keys, fail_at=None, duration=3_000
    )
    expected = 1 - math.exp(-write_rate / keys * (lag_ms / 1000 + LOCAL_WRITE_S))
    assert metrics["stale_fraction"] == pytest.approx(expected, rel=0.05)


def test_more_lag_more_stale_reads() -> None:
    stale = [
        run(mode="async", lag_ms=lag, fail_at=None, seed=1)["stale_reads"]
        for lag in (20, 200, 2000)
    ]
    assert stale[0] < stale[1] < stale[2]


def test_sync_writes_wait_for_the_replica_async_writes_do_not() -> None:
    calm = {"fail_at": None, "lag_ms": 150.0}
    assert run(mode="sync", **calm)["write_latency_ms"] == pytest.approx(150 + 1000 * LOCAL_WRITE_S)
    assert run(mode="async", **calm)["write_latency_ms"] == pytest.approx(1000 * LOCAL_WRITE_S)


def test_failover_takes_detection_plus_promotion_and_refuses_writes_meanwhile() -> None:
    metrics = run(mode="async", detect_ms=3000, write_rate=50, fail_at=10, duration=30)
    assert metrics["failover_ms"] == pytest.approx(3000 + 1000 * PROMOTION_S)
    expected_errors = 50 * metrics["failover_ms"] / 1000
    assert metrics["write_errors"] == pytest.approx(
        expected_errors, abs=4 * math.sqrt(expected_errors)
    )


def test_without_a_crash_nothing_is_lost_or_refused() -> None:
    metrics = run(mode="async", fail_at=None)
    assert metrics["lost_writes"] == metrics["write_errors"] == 0
    assert metrics["failover_ms"] is None
    assert metrics["acknowledged"] == metrics["writes"]


def test_the_survivor_takes_over_and_the_crashed_node_rejoins_as_replica() -> None:
    model = ReplicationModel(mode="async", fail_at=10, duration=30)
    model.advance(10.001)
    a, b = model.state().nodes
    assert (a.role, b.role) == ("down", "replica")
    model.run()
    a, b = model.state().nodes
    assert (a.role, b.role) == ("replica", "primary")
    assert model.metrics()["converged"]


def test_primary_primary_conflicts_and_last_writer_wins_converges() -> None:
    model = ReplicationModel(mode="primary-primary", fail_at=None, keys=20, duration=120)
    metrics = model.run()
    assert metrics["conflicts"] > 0
    assert metrics["converged"]


@pytest.mark.parametrize("mode", ["async", "sync"])
def test_one_primary_has_no_conflicts(mode: str) -> None:
    assert run(mode=mode, keys=20, duration=120)["conflicts"] == 0


def test_converged_is_false_while_a_node_is_down() -> None:
    model = ReplicationModel(fail_at=10, duration=60)
    model.advance(11)
    assert not model.metrics()["converged"]


def test_the_default_run_shows_the_crash_and_the_recovery() -> None:
    model = ReplicationModel()
    metrics = model.run()
    assert metrics["lost_writes"] > 0 and metrics["failover_ms"] is not None
    assert all(node.up for node in model.state().nodes)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"mode": "multi-master"}, "mode"),
        ({"detect_ms": "soon"}, "detect_ms"),
        ({"duration": 20, "fail_at": 30}, "fail_at"),
    ],
)
def test_bad_parameters_name_the_parameter(params: dict[str, Any], name: str) -> None:
    with pytest.raises(ParamProblem) as raised:
        ReplicationModel(**params)
    assert raised.value.param == name


@pytest.mark.parametrize("mode", MODES)
def test_theory_matches_the_average_over_runs(mode: str) -> None:
    """Losses (rate × lag, halved when A takes half the writes), refusals during failover,
    sync's slower writes while paired, and async's stale reads while a replica lags."""
    runs = [ReplicationModel(mode=mode, seed=seed) for seed in range(30)]
    measured = [model.run() for model in runs]
    for key, predicted in runs[0].theory().items():
        average = mean(metrics[key] for metrics in measured)
        tolerance = 0.1 * predicted + 0.5 if key != "stale_fraction" else 0.1 * predicted + 0.002
        assert average == pytest.approx(predicted, abs=tolerance), (mode, key)


def render(model: ReplicationModel) -> str:
    console = Console(record=True, width=80, color_system=None)
    console.print(view(model.state()))
    return console.export_text()


def test_view_follows_the_crash_failover_and_rejoin() -> None:
    model = ReplicationModel(mode="async", fail_at=10, detect_ms=2000, duration=30)
    model.advance(5)
    text = render(model)
    assert "node A" in text and "primary" in text and "replica" in text and "─▶" in text
    model.advance(5.1)
    text = render(model)
    assert "crashed" in text and "no writes until failover" in text
    assert f"lost {model.metrics()['lost_writes']}" in text
    model.advance(3)
    assert "failed over" in render(model)
    model.advance(10)
    text = render(model)
    assert "◀─" in text and "crashed" not in text
    assert max(len(line) for line in text.splitlines()) <= 76


def test_view_draws_both_directions_for_primary_primary() -> None:
    model = ReplicationModel(mode="primary-primary")
    model.advance(10)
    text = render(model)
    assert "─▶" in text and "◀─" in text and "conflicts" in text


@settings(max_examples=40, deadline=None)
@given(
    mode=st.sampled_from(MODES),
    lag_ms=st.floats(0, 1000),
    fail_at=st.none() | st.floats(0, 20, exclude_max=True),
    keys=st.integers(1, 50),
    seed=st.integers(0, 1000),
)
def test_each_mode_keeps_its_promise_for_any_parameters(
    mode: str, lag_ms: float, fail_at: float | None, keys: int, seed: int
) -> None:
    model = ReplicationModel(
        mode=mode, lag_ms=lag_ms, fail_at=fail_at, keys=keys, duration=30, seed=seed
    )
    metrics = model.run()
    if mode == "sync":
        assert metrics["lost_writes"] == metrics["stale_reads"] == 0
    if mode != "primary-primary":
        assert metrics["conflicts"] == 0
    assert metrics["acknowledged"] + metrics["write_errors"] <= metrics["writes"]
    if fail_at is None or fail_at + (2000 / 1000 + PROMOTION_S + REJOIN_AFTER_S) < 30:
        assert metrics["converged"]
