"""Write policies against what each promises: durability, freshness, latency, and the crash."""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from primer_cli.sim.params import ParamProblem
from primer_cli.sim.write_policy import CACHE_MS, POLICIES, WritePolicyModel


def run(**params: Any) -> dict[str, Any]:
    return WritePolicyModel(**params).run()


# Cache-aside: invalidate on write, and the race that remains ---------------------------------


def test_cache_aside_with_invalidation_is_stale_under_one_percent_of_reads() -> None:
    """Issue #8: writing the database and leaving the cached copy made 47% of reads stale.
    Deleting it on each write leaves only the race, which is rare."""
    stale = [run(policy="cache-aside", seed=seed)["stale_fraction"] for seed in range(10)]
    assert max(stale) < 0.01
    assert statistics.fmean(stale) < 0.005


def test_the_stale_reads_left_come_from_the_race() -> None:
    """A read misses and loads the old row; a write deletes the key; the slow read fills the
    old row back in. Without variation in the database's response times, it cannot happen."""
    raced = [run(policy="cache-aside", seed=seed) for seed in range(5)]
    assert sum(m["stale_fills"] for m in raced) > 0
    assert all(m["stale_reads"] == 0 for m in raced if m["stale_fills"] == 0)
    steady = run(policy="cache-aside", db_jitter=0.0)
    assert steady["stale_fills"] == steady["stale_reads"] == 0
    assert run(policy="cache-aside", db_jitter=1.0)["stale_fills"] > raced[0]["stale_fills"]


def test_forgetting_to_invalidate_serves_stale_data_until_entries_expire() -> None:
    forgot = run(policy="cache-aside", invalidate=False)
    assert forgot["stale_fraction"] > 0.3
    long_ttl = run(policy="cache-aside", invalidate=False, ttl=5.0, crash_at=None)["stale_reads"]
    short_ttl = run(policy="cache-aside", invalidate=False, ttl=0.2, crash_at=None)["stale_reads"]
    assert long_ttl > short_ttl > 0


def test_invalidation_is_a_cache_aside_and_refresh_ahead_switch() -> None:
    for policy in ("write-through", "write-behind"):
        assert run(policy=policy, invalidate=False) == run(policy=policy)


# Durability and freshness -------------------------------------------------------------------


def test_write_through_loses_nothing_in_a_crash_and_is_never_stale() -> None:
    for seed in range(5):
        metrics = run(policy="write-through", crash_at=5.0, seed=seed)
        assert metrics["crashed"]
        assert metrics["lost_writes"] == 0
        assert metrics["stale_reads"] == 0


def test_write_behind_loses_the_writes_not_yet_flushed() -> None:
    # Writes arrive at 100/s; the last flush before a crash at 6.5 s was at 6.0 s,
    # so about 100 * 0.5 = 50 acknowledged writes are only in the cache when it dies.
    models = [
        WritePolicyModel(policy="write-behind", crash_at=6.5, flush_ms=1000.0, seed=seed)
        for seed in range(8)
    ]
    lost = [model.run()["lost_writes"] for model in models]
    assert models[0].theory()["lost_writes"] == pytest.approx(50)
    assert statistics.fmean(lost) == pytest.approx(50, rel=0.2)
    assert all(count > 0 for count in lost)


def test_write_behind_loses_more_the_longer_it_waits_to_flush() -> None:
    short = run(policy="write-behind", crash_at=6.9, flush_ms=100.0)["lost_writes"]
    long = run(policy="write-behind", crash_at=6.9, flush_ms=2000.0)["lost_writes"]
    assert short < long


def test_write_behind_without_a_crash_loses_nothing_and_is_never_stale() -> None:
    metrics = run(policy="write-behind", crash_at=None)
    assert metrics["lost_writes"] == 0
    assert metrics["stale_reads"] == 0
    assert not metrics["crashed"]


def test_lost_writes_show_up_later_as_stale_reads() -> None:
    metrics = run(policy="write-behind", crash_at=5.0)
    assert metrics["lost_writes"] > 0
    assert metrics["stale_reads"] > 0


def test_write_behind_batches_writes_into_fewer_database_writes() -> None:
    behind = run(policy="write-behind", crash_at=None)
    through = run(policy="write-through", crash_at=None)
    assert behind["database_writes"] < through["database_writes"] / 1.5


@pytest.mark.parametrize("policy", POLICIES)
def test_only_write_behind_loses_writes(policy: str) -> None:
    lost = run(policy=policy, crash_at=3.3)["lost_writes"]
    assert (lost > 0) == (policy == "write-behind")


# Latency ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "invalidate", "latency"),
    [
        ("write-behind", True, CACHE_MS),
        ("cache-aside", True, 20.0 + CACHE_MS),  # the database, then the delete
        ("cache-aside", False, 20.0),
        ("refresh-ahead", True, 20.0 + CACHE_MS),
        ("write-through", True, CACHE_MS + 20.0),
    ],
)
def test_write_latency_is_what_the_write_waits_for(
    policy: str, invalidate: bool, latency: float
) -> None:
    model = WritePolicyModel(policy=policy, invalidate=invalidate, db_ms=20.0)
    measured = model.run()["write_latency_ms"]
    assert model.theory()["write_latency_ms"] == pytest.approx(latency)
    assert measured == pytest.approx(latency, rel=0.02)  # each database leg varies ±20%


@pytest.mark.parametrize("policy", POLICIES)
def test_read_latency_is_a_cache_hit_or_a_database_trip(policy: str) -> None:
    metrics = run(policy=policy, db_ms=30.0)
    expected = CACHE_MS + (1 - metrics["hit_ratio"]) * 30.0
    assert metrics["read_latency_ms"] == pytest.approx(expected, rel=0.03)


# Refresh-ahead and the crash ----------------------------------------------------------------------


class CountingMisses(WritePolicyModel):
    """Records when each key was filled from a miss."""

    def __init__(self, **params: Any) -> None:
        self.miss_fills: list[tuple[float, int]] = []
        super().__init__(**params)

    def _fill(self, data: tuple[int, int]) -> None:
        self.miss_fills.append((self.now, data[0]))
        super()._fill(data)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_refresh_ahead_keeps_a_hot_key_from_ever_expiring(seed: int) -> None:
    """The hottest key is read far more often than its refresh window: once
    loaded, refresh-ahead renews it before it expires, so it never misses again;
    cache-aside lets it expire and miss about once per TTL."""
    quiet = {"write_rate": 0.0, "crash_at": None, "ttl": 0.5, "seed": seed}
    ahead, aside = (
        CountingMisses(policy="refresh-ahead", **quiet),
        CountingMisses(policy="cache-aside", **quiet),
    )
    ahead.run()
    aside.run()
    assert [t for t, key in ahead.miss_fills if key == 0 and t > 0.1] == []
    later_aside = [t for t, key in aside.miss_fills if key == 0 and t > 0.1]
    assert len(later_aside) >= 0.8 * (10.0 - 0.1) / 0.5


def test_refresh_ahead_misses_less_than_cache_aside() -> None:
    aside = run(policy="cache-aside", crash_at=None, ttl=0.5)
    ahead = run(policy="refresh-ahead", crash_at=None, ttl=0.5)
    assert ahead["hit_ratio"] > aside["hit_ratio"]
    assert ahead["read_latency_ms"] < aside["read_latency_ms"]


@pytest.mark.parametrize("policy", POLICIES)
def test_the_cache_empties_in_a_crash_and_warms_up_again(policy: str) -> None:
    model = WritePolicyModel(policy=policy, crash_at=5.0, duration=10.0)
    model.run()
    timeline = model.state().timeline
    crash_bucket = int(5.0 / model.state().bucket_seconds)

    def hit_ratio(buckets: list[Any]) -> float:
        return sum(b.hits for b in buckets) / sum(b.reads for b in buckets)

    before = hit_ratio(timeline[crash_bucket - 8 : crash_bucket])
    just_after = hit_ratio(timeline[crash_bucket : crash_bucket + 1])
    at_the_end = hit_ratio(timeline[-4:])
    assert just_after < before - 0.2
    assert at_the_end > before - 0.1


def test_no_crash_means_a_higher_hit_ratio() -> None:
    with_crash = run(policy="write-through", crash_at=5.0)
    without = run(policy="write-through", crash_at=None)
    assert without["hit_ratio"] > with_crash["hit_ratio"]


def test_default_run_shows_the_crash() -> None:
    metrics = WritePolicyModel().run()
    assert metrics["crashed"]
    assert metrics["lost_writes"] > 0  # the default policy is write-behind


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"policy": "write-around"}, "policy"),
        ({"crash_at": 12.0}, "crash_at"),
        ({"duration": 5.0, "crash_at": 6.0}, "crash_at"),
        ({"read_rate": 0, "write_rate": 0}, "read_rate"),
        ({"flush_ms": 1e-300}, "flush_ms"),  # issue #12: simulated time stopped advancing
    ],
)
def test_bad_parameters_name_the_parameter(params: dict[str, Any], name: str) -> None:
    with pytest.raises(ParamProblem) as raised:
        WritePolicyModel(**params)
    assert raised.value.param == name
