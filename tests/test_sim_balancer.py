"""The balancer model: M/M/1 percentiles, what each strategy promises, and failure handling."""

from __future__ import annotations

import math
import random
from itertools import groupby
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from primer_cli.render.demos.balancer import view
from primer_cli.sim.balancer import (
    BASE_SERVICE_S,
    MAX_CONNECTIONS,
    STRATEGIES,
    BalancerModel,
    Picker,
    server_speeds,
    weighted_schedule,
)
from primer_cli.sim.params import ParamProblem


def run(**params: Any) -> dict[str, Any]:
    return BalancerModel(**params).run()


def sent(metrics: dict[str, Any]) -> list[int]:
    return [server["sent"] for server in metrics["per_server"]]


def test_a_lone_server_has_mm1_latency_percentiles() -> None:
    """M/M/1 time in system is exponential with rate μ-λ: median ln2/(μ-λ), p99 ln100/(μ-λ)."""
    arrival, service = 25.0, 1 / BASE_SERVICE_S
    metrics = run(servers=1, rate=arrival, fail_at=None, duration=5_000, seed=3)
    spare = service - arrival
    assert metrics["mean_ms"] == pytest.approx(1000 / spare, rel=0.03)
    assert metrics["p50_ms"] == pytest.approx(1000 * math.log(2) / spare, rel=0.04)
    assert metrics["p99_ms"] == pytest.approx(1000 * math.log(100) / spare, rel=0.06)


def test_round_robin_sends_each_server_the_same_number() -> None:
    counts = sent(run(strategy="round-robin", servers=5, fail_at=None, duration=30))
    assert max(counts) - min(counts) <= 1


def test_weighted_sends_in_proportion_to_speed() -> None:
    metrics = run(strategy="weighted", fail_at=None, duration=120)
    counts, speeds = sent(metrics), server_speeds(len(metrics["per_server"]))
    total = sum(counts)
    for count, speed in zip(counts, speeds, strict=True):
        assert count == pytest.approx(total * speed / sum(speeds), abs=4)  # within one cycle of 11


def test_random_spreads_evenly_in_the_long_run() -> None:
    counts = sent(run(strategy="random", rate=100, fail_at=None, duration=400, seed=1))
    expected = sum(counts) / len(counts)
    assert all(count == pytest.approx(expected, rel=0.03) for count in counts)


def test_smooth_weighted_schedule_interleaves_heavy_servers() -> None:
    order = weighted_schedule({0: 4, 1: 2, 2: 4, 3: 1})
    assert [order.count(s) for s in range(4)] == [4, 2, 4, 1]
    assert max(len(list(run_)) for _, run_ in groupby(order)) == 1


def test_ip_hash_keeps_a_client_on_one_server_until_the_pool_changes() -> None:
    picker = Picker("ip-hash", server_speeds(4), random.Random(0))
    connections = [0] * 4
    before = {client: picker.pick(client, connections) for client in range(200)}
    assert all(picker.pick(client, connections) == server for client, server in before.items())
    assert len(set(before.values())) == 4
    picker.set_pool([0, 1, 2])
    after = {client: picker.pick(client, connections) for client in range(200)}
    assert 3 not in after.values()
    assert (
        sum(before[c] != after[c] for c in before) > 50
    )  # modulo over the pool: most clients move


def test_least_connections_picks_the_least_busy_healthy_server() -> None:
    picker = Picker("least-connections", server_speeds(4), random.Random(0))
    assert picker.pick(0, [3, 1, 2, 5]) == 1
    picker.set_pool([0, 2, 3])
    assert picker.pick(0, [3, 1, 2, 5]) == 2


@pytest.mark.parametrize("better", ["least-connections", "weighted"])
def test_speed_aware_strategies_beat_round_robin_on_uneven_servers(better: str) -> None:
    """Round-robin gives the quarter-speed server a quarter of the load: it queues (ρ = 0.8)."""
    common = {"fail_at": None, "duration": 300, "seed": 4}
    assert (
        run(strategy=better, **common)["p99_ms"]
        < run(strategy="round-robin", **common)["p99_ms"] / 2
    )


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_failed_server_gets_no_traffic_once_health_checks_remove_it(strategy: str) -> None:
    model = BalancerModel(
        strategy=strategy, fail_at=10, recover_at=None, check_every=1.0, duration=60
    )
    model.advance(10 + 2.0 + 1e-9)  # two failed checks, at most one interval apart, after the crash
    removed = model.state().servers[0]
    assert not removed.up and not removed.in_pool
    model.run()
    metrics = model.metrics()
    assert metrics["per_server"][0]["sent"] == removed.sent
    assert metrics["per_server"][0]["dropped"] == removed.dropped > 0  # lost only until detection
    assert 1.0 < metrics["detected_after_s"] <= 2.0


def test_the_recovered_server_returns_to_the_pool() -> None:
    model = BalancerModel(fail_at=10, recover_at=20, duration=40)
    model.advance(20)
    sent_while_down = model.state().servers[0].sent
    model.run()
    back = model.state().servers[0]
    assert back.up and back.in_pool and back.sent > sent_while_down + 100


@pytest.mark.parametrize("strategy", ["least-connections", "weighted"])
def test_nothing_is_dropped_without_a_failure(strategy: str) -> None:
    metrics = run(strategy=strategy, fail_at=None, duration=120)
    assert metrics["dropped"] == 0
    assert metrics["detected_after_s"] is None


def test_the_default_run_shows_the_failure_and_the_recovery() -> None:
    model = BalancerModel()
    metrics = model.run()
    assert metrics["dropped"] > 0 and metrics["detected_after_s"] is not None
    assert model.state().servers[0].in_pool


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"strategy": "fastest"}, "strategy"),
        ({"rate": 0}, "rate"),
        ({"check_every": 0}, "check_every"),
        ({"fail_at": 30, "recover_at": 20}, "recover_at"),
        ({"fail_at": 50}, "fail_at"),  # the default recovery (40 s) would come first
        ({"duration": 10, "fail_at": 20}, "fail_at"),
    ],
)
def test_bad_parameters_name_the_parameter_given(params: dict[str, Any], name: str) -> None:
    with pytest.raises(ParamProblem) as raised:
        BalancerModel(**params)
    assert raised.value.param == name


def test_default_faults_follow_a_shorter_run() -> None:
    """A third and two thirds of the way through, whatever the duration."""
    params = BalancerModel(duration=6).params
    assert (params["fail_at"], params["recover_at"]) == (2.0, 4.0)


def render(model: BalancerModel) -> str:
    console = Console(record=True, width=80, color_system=None)
    console.print(view(model.state()))
    return console.export_text()


def test_view_shows_the_gap_between_failure_and_detection() -> None:
    model = BalancerModel(fail_at=10, recover_at=30, check_every=2.0)
    model.advance(9.999)
    assert "● up" in render(model) and "down" not in render(model)
    model.advance(0.002)
    assert "✗ down (in pool)" in render(model)
    model.advance(4)
    assert "✗ down (removed)" in render(model)
    model.advance(20)
    text = render(model)
    assert "down" not in text and "s3" in text and "1/4" in text
    assert max(len(line) for line in text.splitlines()) <= 76


@settings(max_examples=40, deadline=None)
@given(
    strategy=st.sampled_from(STRATEGIES),
    servers=st.integers(1, 6),
    rate=st.floats(1, 200),
    fail_at=st.none() | st.floats(0, 20, exclude_max=True),
    seed=st.integers(0, 1000),
)
def test_every_request_is_served_dropped_or_still_queued(
    strategy: str, servers: int, rate: float, fail_at: float | None, seed: int
) -> None:
    model = BalancerModel(
        strategy=strategy,
        servers=servers,
        rate=rate,
        fail_at=fail_at,
        recover_at=None,
        duration=20,
        seed=seed,
    )
    metrics = model.run()
    queued = sum(server.connections for server in model.state().servers)
    assert metrics["sent"] == metrics["served"] + metrics["dropped"] + queued
    assert metrics["p50_ms"] <= metrics["p99_ms"]
    assert all(server.connections <= MAX_CONNECTIONS for server in model.state().servers)


def test_theory_gives_the_mean_time_to_notice_a_failure() -> None:
    """Two failed checks in a row: the first lands uniformly within an interval, so 1.5 intervals."""
    detected = [run(check_every=1.0, seed=seed)["detected_after_s"] for seed in range(40)]
    predicted = BalancerModel(check_every=1.0).theory()["detected_after_s"]
    assert predicted == 1.5
    assert sum(detected) / len(detected) == pytest.approx(predicted, rel=0.1)


def test_theory_for_a_lone_server_is_mm1() -> None:
    theory = BalancerModel(servers=1, rate=25.0, fail_at=None).theory()
    spare = 1 / BASE_SERVICE_S - 25.0
    assert theory["mean_ms"] == pytest.approx(1000 / spare, abs=1e-3)
    assert theory["p99_ms"] == pytest.approx(1000 * math.log(100) / spare, abs=1e-3)
    assert "p99_ms" not in BalancerModel().theory()  # four servers and a failure: no closed form
