"""The cache model against theory and against a slow, obviously-correct reference.

Two independent checks: (1) the eviction logic replays the model's own request
trace through naive list-based caches and must agree on every hit and miss;
(2) the hit ratio must match the Che approximation for LRU and its analogue
for FIFO, computed here from the Zipf probabilities alone.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from primer_cli.sim.cache import CacheModel, ZipfSampler, zipf_probabilities
from primer_cli.sim.params import ParamProblem


def harmonic_probabilities(items: int, exponent: float) -> list[float]:
    """Zipf probabilities computed again here, so the test does not trust the model's."""
    weights = [rank**-exponent for rank in range(1, items + 1)]
    return [w / sum(weights) for w in weights]


def solve_characteristic_time(
    probabilities: list[float], capacity: int, occupancy: Callable[[float, float], float]
) -> float:
    """Bisect for T with sum(occupancy(p, T)) == capacity."""
    low, high = 0.0, 1.0
    while sum(occupancy(p, high) for p in probabilities) < capacity:
        high *= 2
    for _ in range(100):
        middle = (low + high) / 2
        if sum(occupancy(p, middle) for p in probabilities) < capacity:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def che_lru_hit_ratio(items: int, exponent: float, capacity: int) -> float:
    """Che et al. (2002): item i is in an LRU cache with probability 1 - exp(-p_i T)."""
    probabilities = harmonic_probabilities(items, exponent)
    t = solve_characteristic_time(probabilities, capacity, lambda p, t: 1 - math.exp(-p * t))
    return sum(p * (1 - math.exp(-p * t)) for p in probabilities)


def fifo_hit_ratio(items: int, exponent: float, capacity: int) -> float:
    """Martina et al. (2014): under FIFO item i is cached with probability p_i T / (1 + p_i T)."""
    probabilities = harmonic_probabilities(items, exponent)
    t = solve_characteristic_time(probabilities, capacity, lambda p, t: p * t / (1 + p * t))
    return sum(p * (p * t / (1 + p * t)) for p in probabilities)


def replay_naively(policy: str, capacity: int, trace: list[int]) -> list[bool]:
    """Lists and linear scans: slow, but each policy is its textbook definition."""
    cached: list[int] = []  # LRU: least recent first; FIFO: oldest first
    count: dict[int, int] = {}
    reached: dict[int, int] = {}  # LFU tie-break: when the item reached its current count
    hits = []
    for now, item in enumerate(trace):
        hit = item in cached
        hits.append(hit)
        if hit and policy == "lru":
            cached.remove(item)
            cached.append(item)
        if hit and policy == "lfu":
            count[item] += 1
            reached[item] = now
        if hit:
            continue
        if len(cached) == capacity:
            if policy == "lfu":
                victim = min(cached, key=lambda i: (count[i], reached[i]))
            else:
                victim = cached[0]
            cached.remove(victim)
            del count[victim]
        cached.append(item)
        count[item], reached[item] = 1, now
    return hits


def trace_of(model: CacheModel) -> tuple[list[int], list[bool]]:
    items, hits = [], []
    while not model.done:
        model.step()
        assert model.last_item is not None
        items.append(model.last_item)
        hits.append(model.last_hit)
    return items, hits


@pytest.mark.parametrize("policy", ["lru", "lfu", "fifo"])
def test_every_hit_and_miss_matches_a_naive_reference(policy: str) -> None:
    model = CacheModel(policy=policy, capacity=20, items=200, zipf=0.8, requests=5000, seed=3)
    items, hits = trace_of(model)
    assert hits == replay_naively(policy, 20, items)


def test_zipf_sampler_draws_each_rank_with_its_probability() -> None:
    sampler = ZipfSampler(50, 1.2, random.Random(1))
    draws = 200_000
    counts = [0] * 50
    for _ in range(draws):
        counts[sampler.draw()] += 1
    for rank, p in enumerate(harmonic_probabilities(50, 1.2)):
        sigma = math.sqrt(draws * p * (1 - p))
        assert abs(counts[rank] - draws * p) < 4 * sigma + 1, rank


def test_zipf_probabilities_sum_to_one_and_fall_with_rank() -> None:
    probabilities = zipf_probabilities(1000, 0.9)
    assert sum(probabilities) == pytest.approx(1.0)
    assert probabilities == sorted(probabilities, reverse=True)
    assert zipf_probabilities(10, 0.0) == pytest.approx([0.1] * 10)


@pytest.mark.parametrize(("capacity", "exponent"), [(10, 1.0), (100, 1.0), (100, 0.7), (50, 1.3)])
def test_lru_hit_ratio_matches_the_che_approximation(capacity: int, exponent: float) -> None:
    model = CacheModel(policy="lru", capacity=capacity, items=1000, zipf=exponent, requests=200_000)
    measured = model.run()["hit_ratio"]
    assert measured == pytest.approx(che_lru_hit_ratio(1000, exponent, capacity), abs=0.015)


@pytest.mark.parametrize(("capacity", "exponent"), [(10, 1.0), (100, 0.8)])
def test_fifo_hit_ratio_matches_its_approximation(capacity: int, exponent: float) -> None:
    model = CacheModel(
        policy="fifo", capacity=capacity, items=1000, zipf=exponent, requests=200_000
    )
    measured = model.run()["hit_ratio"]
    assert measured == pytest.approx(fifo_hit_ratio(1000, exponent, capacity), abs=0.015)


@pytest.mark.parametrize("policy", ["lru", "lfu", "fifo"])
def test_hit_ratio_rises_with_capacity(policy: str) -> None:
    ratios = [
        CacheModel(policy=policy, capacity=c, requests=50_000).run()["hit_ratio"]
        for c in (5, 50, 200, 800)
    ]
    assert ratios == sorted(ratios)
    assert ratios[-1] > ratios[0] + 0.3


@pytest.mark.parametrize("policy", ["lru", "lfu", "fifo"])
def test_hit_ratio_rises_with_skew(policy: str) -> None:
    ratios = [
        CacheModel(policy=policy, zipf=s, requests=50_000).run()["hit_ratio"]
        for s in (0.0, 0.6, 1.0, 1.4)
    ]
    assert ratios == sorted(ratios)
    assert ratios[0] == pytest.approx(100 / 1000, abs=0.01)  # uniform: hit ratio = capacity/items


def best_expected(items: int, exponent: float, capacity: int, requests: int) -> float:
    """Holding the top `capacity` items, the first request for each must still miss."""
    top = harmonic_probabilities(items, exponent)[:capacity]
    hits = sum(requests * p - (1 - (1 - p) ** requests) for p in top)
    return hits / requests


def test_no_policy_beats_holding_the_most_popular_items() -> None:
    results = {p: CacheModel(policy=p, requests=100_000).run() for p in ("lru", "lfu", "fifo")}
    best = results["lru"]["best_hit_ratio"]
    assert best == pytest.approx(best_expected(1000, 1.0, 100, 100_000))
    for metrics in results.values():
        assert metrics["hit_ratio"] < best + 0.005
    # Under a steady Zipf workload, frequency is the best predictor: LFU > LRU > FIFO.
    assert results["lfu"]["hit_ratio"] > results["lru"]["hit_ratio"] > results["fifo"]["hit_ratio"]


@pytest.mark.parametrize("policy", ["lru", "lfu", "fifo"])
def test_every_miss_after_the_cache_fills_evicts_one_item(policy: str) -> None:
    metrics = CacheModel(policy=policy, capacity=30, requests=10_000).run()
    assert metrics["hits"] + metrics["misses"] == metrics["requests"] == 10_000
    assert metrics["evictions"] == metrics["misses"] - 30


def test_a_cache_that_holds_every_item_misses_each_only_once() -> None:
    metrics = CacheModel(capacity=50, items=50, requests=5000).run()
    assert metrics["misses"] == 50
    assert metrics["evictions"] == 0


def test_state_lists_the_cached_items_for_drawing() -> None:
    model = CacheModel(capacity=10, requests=500)
    model.run()
    state = model.state()
    assert len(state.contents) == len(set(state.contents)) == state.cached == 10
    assert len(state.recent) == 60
    assert state.requests == 500


def test_the_best_possible_never_exceeds_one_and_counts_first_misses() -> None:
    """Issue #12: a cache as big as the catalogue once reported 1.0000000000000018,
    and a single request, which must miss, reported a best of 1.0."""
    everything = CacheModel(capacity=1000, items=1000).run()
    assert everything["best_hit_ratio"] <= 1.0
    assert everything["best_hit_ratio"] == pytest.approx(1 - 1000 / 100_000, abs=1e-4)
    assert everything["hit_ratio"] <= everything["best_hit_ratio"]
    single = CacheModel(items=1, requests=1).run()
    assert single["best_hit_ratio"] == single["hit_ratio"] == 0.0


@pytest.mark.parametrize(
    ("policy", "approximation"), [("lru", che_lru_hit_ratio), ("fifo", fifo_hit_ratio)]
)
def test_theory_is_the_textbook_approximation(
    policy: str, approximation: Callable[..., float]
) -> None:
    """The model's theory value, against the independent solution in this file."""
    predicted = CacheModel(policy=policy, capacity=50, zipf=0.9).theory()["hit_ratio"]
    assert predicted == pytest.approx(approximation(1000, 0.9, 50), abs=1e-5)


def test_lfu_has_no_closed_form_to_show() -> None:
    assert CacheModel(policy="lfu").theory() == {}


def test_an_unknown_policy_is_refused_by_name() -> None:
    with pytest.raises(ParamProblem) as raised:
        CacheModel(policy="mru")
    assert raised.value.param == "policy"
