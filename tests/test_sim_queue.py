"""The queue model against queueing theory: M/M/1, M/M/c, M/M/1/K, Little's law, back pressure."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from primer_cli.render.demos.queue import view
from primer_cli.sim.params import ParamProblem
from primer_cli.sim.queue import QueueModel, backoff_delay

UNBOUNDED = 10_000_000  # a queue that never fills in these runs


def run(**params: float) -> dict[str, float]:
    return QueueModel(**params).run()


@pytest.mark.parametrize(
    ("arrival", "service", "duration"),
    [(50.0, 100.0, 9_000), (80.0, 100.0, 5_800)],  # as long as the event cap allows
)
def test_mm1_matches_theory(arrival: float, service: float, duration: float) -> None:
    """M/M/1: W = 1/(μ-λ) and L = ρ/(1-ρ), with L and W counting the request in service."""
    metrics = run(
        arrival_rate=arrival, service_rate=service, capacity=UNBOUNDED, duration=duration, seed=7
    )
    rho = arrival / service
    assert metrics["mean_latency_s"] == pytest.approx(1 / (service - arrival), rel=0.03)
    assert metrics["mean_queue_length"] == pytest.approx(rho / (1 - rho), rel=0.03)
    assert metrics["mean_wait_s"] == pytest.approx(rho / (service - arrival), rel=0.04)
    assert metrics["utilization"] == pytest.approx(rho, rel=0.02)
    assert metrics["throughput"] == pytest.approx(arrival, rel=0.02)
    assert metrics["rejected"] == 0


@pytest.mark.parametrize("capacity", [UNBOUNDED, 5])
def test_littles_law_holds(capacity: int) -> None:
    """L = λW for the whole system and Lq = λWq for the queue, λ being the rate actually served."""
    metrics = run(arrival_rate=90, service_rate=100, capacity=capacity, duration=2_000, seed=3)
    rate = metrics["throughput"]
    assert metrics["mean_queue_length"] == pytest.approx(rate * metrics["mean_latency_s"], rel=0.01)
    assert metrics["mean_waiting"] == pytest.approx(rate * metrics["mean_wait_s"], rel=0.01)


def erlang_c_latency(arrival: float, service: float, servers: int) -> float:
    """Mean time in an M/M/c system: the Erlang C probability of waiting, then the service."""
    load = arrival / service
    rho = load / servers
    top = load**servers / math.factorial(servers) / (1 - rho)
    wait_probability = top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)
    return wait_probability / (servers * service - arrival) + 1 / service


def test_several_consumers_match_erlang_c() -> None:
    metrics = run(
        arrival_rate=24, service_rate=10, consumers=3, capacity=UNBOUNDED, duration=20_000, seed=5
    )
    assert metrics["mean_latency_s"] == pytest.approx(erlang_c_latency(24, 10, 3), rel=0.03)
    assert metrics["utilization"] == pytest.approx(24 / 30, rel=0.02)


def test_full_queue_rejects_as_mm1k_predicts() -> None:
    """Without retries, the rejected fraction is M/M/1/K's blocking probability, K = capacity + 1."""
    arrival, service, capacity = 20.0, 10.0, 10
    metrics = run(
        arrival_rate=arrival,
        service_rate=service,
        capacity=capacity,
        retries=0,
        duration=5_000,
        seed=11,
    )
    rho, k = arrival / service, capacity + 1
    blocking = (1 - rho) * rho**k / (1 - rho ** (k + 1))
    assert metrics["rejected"] / metrics["arrived"] == pytest.approx(blocking, rel=0.03)


def test_overload_with_a_bounded_queue_rejects_more_and_latency_stays_bounded() -> None:
    overload = {"arrival_rate": 20.0, "service_rate": 10.0, "capacity": 10, "seed": 2}
    short, long = run(**overload, duration=500), run(**overload, duration=1_000)
    assert long["rejected"] > 1.8 * short["rejected"] > 0
    bound = (overload["capacity"] + 1) / overload[
        "service_rate"
    ]  # a full queue ahead, then service
    assert short["mean_latency_s"] <= bound
    assert long["mean_latency_s"] <= bound
    assert long["mean_latency_s"] == pytest.approx(short["mean_latency_s"], rel=0.1)


def test_overload_without_a_bound_grows_latency_instead() -> None:
    overload = {"arrival_rate": 20.0, "service_rate": 10.0, "capacity": UNBOUNDED, "seed": 2}
    short, long = run(**overload, duration=100), run(**overload, duration=200)
    assert short["rejected"] == long["rejected"] == 0
    assert long["mean_latency_s"] > 1.5 * short["mean_latency_s"]


def test_every_rejection_is_retried_or_given_up() -> None:
    model = QueueModel(arrival_rate=15, service_rate=10, capacity=5, retries=3, duration=300)
    metrics = model.run()
    assert (
        metrics["rejected"] == metrics["retried"] + metrics["gave_up"] + model.state().backing_off
    )
    assert 0 < metrics["gave_up"] < metrics["rejected"]


def test_without_retries_every_rejection_gives_up() -> None:
    metrics = run(arrival_rate=15, service_rate=10, capacity=5, retries=0, duration=300)
    assert metrics["gave_up"] == metrics["rejected"] > 0
    assert metrics["retried"] == 0


def test_retries_rescue_requests_from_a_brief_overflow() -> None:
    """At ρ < 1 a full queue is momentary, so retrying later usually gets in."""
    load = {"arrival_rate": 8.0, "service_rate": 10.0, "capacity": 3, "duration": 2_000, "seed": 4}
    assert run(**load, retries=4)["gave_up"] < run(**load, retries=0)["gave_up"] / 5


@given(attempt=st.integers(0, 30), base=st.floats(0, 10), seed=st.integers(0, 2**32))
def test_backoff_has_full_jitter_up_to_a_capped_exponential(
    attempt: int, base: float, seed: int
) -> None:
    delay = backoff_delay(attempt, base, random.Random(seed), cap=30.0)
    assert 0 <= delay <= min(30.0, base * 2**attempt)


def test_backoff_doubles_on_average() -> None:
    rng = random.Random(1)
    means = [sum(backoff_delay(a, 0.1, rng) for _ in range(20_000)) / 20_000 for a in range(4)]
    for attempt, average in enumerate(means):
        assert average == pytest.approx(0.1 * 2**attempt / 2, rel=0.03)


def test_advance_moves_simulated_time() -> None:
    model = QueueModel(duration=30)
    model.advance(10)
    assert model.now == 10 and not model.done
    assert model.progress == pytest.approx(1 / 3)
    model.advance(100)
    assert model.done and model.now == 30


def test_an_unknown_parameter_is_refused_by_name() -> None:
    with pytest.raises(ParamProblem) as raised:
        QueueModel(bogus=1)
    assert raised.value.param == "bogus"


def test_a_run_too_big_for_the_cap_is_refused_naming_what_to_lower() -> None:
    """Issue #8: --arrival-rate 1e7 ran for ever; now it is out of bounds, and a big
    rate inside them is refused up front when the run would pass the event cap."""
    with pytest.raises(ParamProblem) as raised:
        QueueModel(arrival_rate=50_000)
    assert raised.value.param == "arrival_rate"
    assert "{arrival_rate} or {duration}" in raised.value.template
    QueueModel(arrival_rate=50_000, duration=2)  # the same rate in a shorter run is fine


@pytest.mark.parametrize(("arrival", "service"), [(50.0, 100.0), (80.0, 100.0)])
def test_theory_is_mm1_without_a_bound_or_retries(arrival: float, service: float) -> None:
    theory = QueueModel(
        arrival_rate=arrival, service_rate=service, capacity=UNBOUNDED, retries=0
    ).theory()
    rho = arrival / service
    assert theory["mean_latency_s"] == pytest.approx(1 / (service - arrival))
    assert theory["mean_queue_length"] == pytest.approx(rho / (1 - rho))
    assert theory["utilization"] == pytest.approx(rho)
    assert theory["rejected"] == pytest.approx(0, abs=1e-9)


def test_theory_is_erlang_c_for_several_consumers() -> None:
    theory = QueueModel(
        arrival_rate=24, service_rate=10, consumers=3, capacity=UNBOUNDED, retries=0
    ).theory()
    assert theory["mean_latency_s"] == pytest.approx(erlang_c_latency(24, 10, 3), rel=1e-6)


def test_theory_counts_rejections_of_a_bounded_queue_without_retries() -> None:
    rho, k, arrival, duration = 2.0, 11, 20.0, 60.0
    blocking = (1 - rho) * rho**k / (1 - rho ** (k + 1))
    theory = QueueModel(arrival_rate=arrival, service_rate=10, capacity=10, retries=0).theory()
    assert theory["rejected"] == pytest.approx(blocking * arrival * duration, rel=1e-6)


def test_with_retries_theory_is_close_for_latency_and_far_below_for_rejections() -> None:
    """Treating retries as fresh arrivals gets W and L within a few percent; but rejected
    clients return while the queue is still full, so rejections far exceed it."""
    model = QueueModel(duration=20_000, seed=1)
    metrics, theory = model.run(), model.theory()
    assert metrics["mean_latency_s"] == pytest.approx(theory["mean_latency_s"], rel=0.06)
    assert metrics["mean_queue_length"] == pytest.approx(theory["mean_queue_length"], rel=0.06)
    assert "rejected" not in theory
    attempts = metrics["arrived"] + metrics["retried"]
    assert metrics["rejected"] / attempts > 2 * model.steady_state.blocking  # type: ignore[union-attr]


def test_an_overload_that_never_settles_has_no_theory() -> None:
    model = QueueModel(arrival_rate=20, service_rate=10, capacity=UNBOUNDED)
    assert model.theory() == {}
    model.run()
    assert "no steady state" in model.summary()


def render(model: QueueModel) -> str:
    console = Console(record=True, width=80, color_system=None)
    console.print(view(model.state()))
    return console.export_text()


def test_view_draws_the_queue_consumers_and_clients() -> None:
    model = QueueModel(arrival_rate=30, service_rate=10, consumers=2, capacity=8, duration=60)
    while model.state().waiting < 8 and not model.done:  # three times the capacity: it fills
        model.step()
    state, text = model.state(), render(model)
    assert "8/8 waiting" in text and "full: rejecting" in text
    assert "■■ 2/2 busy" in text
    assert f"✗ {state.rejected:,} rejected" in text
    assert max(len(line) for line in text.splitlines()) <= 76  # fits inside the runner's frame


@settings(max_examples=40, deadline=None)
@given(
    arrival=st.floats(0.5, 50),
    service=st.floats(0.5, 50),
    consumers=st.integers(1, 4),
    capacity=st.integers(1, 20),
    retries=st.integers(0, 4),
    seed=st.integers(0, 1000),
)
def test_bookkeeping_adds_up_for_any_parameters(
    arrival: float, service: float, consumers: int, capacity: int, retries: int, seed: int
) -> None:
    model = QueueModel(
        arrival_rate=arrival,
        service_rate=service,
        consumers=consumers,
        capacity=capacity,
        retries=retries,
        duration=20,
        seed=seed,
    )
    metrics = model.run()
    assert metrics["accepted"] + metrics["rejected"] == metrics["arrived"] + metrics["retried"]
    assert metrics["accepted"] == metrics["completed"] + metrics["in_system"]
    assert metrics["in_system"] <= capacity + consumers
    assert 0 <= metrics["utilization"] <= 1


def test_a_whole_number_parameter_refuses_a_fraction() -> None:
    """int(2.5) would quietly run with 2 consumers."""
    with pytest.raises(ParamProblem) as raised:
        QueueModel(consumers=2.5)
    assert raised.value.param == "consumers" and "whole number" in str(raised.value)
    assert QueueModel(consumers=3.0).params["consumers"] == 3
