"""Write policies against what each promises: durability, freshness, latency, and the crash."""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from primer_cli.errors import UsageProblem
from primer_cli.sim.write_policy import CACHE_MS, POLICIES, WritePolicyModel


def run(**params: Any) -> dict[str, Any]:
    return WritePolicyModel(**params).run()


def test_write_through_loses_nothing_in_a_crash_and_is_never_stale() -> None:
    metrics = run(policy="write-through", crash_at=5.0)
    assert metrics["crashed"]
    assert metrics["lost_writes"] == 0
    assert metrics["stale_reads"] == 0


def test_write_behind_loses_the_writes_not_yet_flushed() -> None:
    # Writes arrive at 100/s; the last flush before a crash at 6.5 s was at 6.0 s,
    # so about 100 * 0.5 = 50 acknowledged writes are only in the cache when it dies.
    lost = [
        run(policy="write-behind", crash_at=6.5, write_rate=100.0, flush_ms=1000.0, seed=seed)[
            "lost_writes"
        ]
        for seed in range(8)
    ]
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


@pytest.mark.parametrize("policy", ["cache-aside", "refresh-ahead"])
def test_writing_around_the_cache_serves_stale_data_until_entries_expire(policy: str) -> None:
    long_ttl = run(policy=policy, ttl=5.0, crash_at=None)["stale_reads"]
    short_ttl = run(policy=policy, ttl=0.2, crash_at=None)["stale_reads"]
    assert long_ttl > short_ttl > 0


@pytest.mark.parametrize("policy", POLICIES)
def test_only_write_behind_loses_writes(policy: str) -> None:
    lost = run(policy=policy, crash_at=3.3)["lost_writes"]
    assert (lost > 0) == (policy == "write-behind")


@pytest.mark.parametrize(
    ("policy", "latency"),
    [
        ("write-behind", CACHE_MS),
        ("cache-aside", 20.0),
        ("refresh-ahead", 20.0),
        ("write-through", CACHE_MS + 20.0),
    ],
)
def test_write_latency_is_what_the_write_waits_for(policy: str, latency: float) -> None:
    assert run(policy=policy, db_ms=20.0)["write_latency_ms"] == pytest.approx(latency)


@pytest.mark.parametrize("policy", POLICIES)
def test_read_latency_is_a_cache_hit_or_a_database_trip(policy: str) -> None:
    metrics = run(policy=policy, db_ms=30.0)
    expected = CACHE_MS + (1 - metrics["hit_ratio"]) * 30.0
    assert metrics["read_latency_ms"] == pytest.approx(expected)


class CountingMisses(WritePolicyModel):
    """Records when each key was filled from a miss."""

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.miss_fills: list[tuple[float, int]] = []

    def _fill(self, key: int, version: int, expires: float) -> None:
        self.miss_fills.append((self.now, key))
        super()._fill(key, version, expires)


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
    assert len(later_aside) >= 0.8 * (aside.params["duration"] - 0.1) / 0.5  # type: ignore[operator]


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


def test_same_seed_same_run() -> None:
    assert run(seed=3) == run(seed=3)
    assert run(seed=3) != run(seed=4)


@pytest.mark.parametrize(
    ("params", "flag"),
    [
        ({"policy": "write-around"}, "--policy"),
        ({"crash_at": 12.0}, "--crash-at"),
        ({"crash_at": -1.0}, "--crash-at"),
        ({"duration": 0}, "--duration"),
        ({"read_rate": -5}, "--read-rate"),
        ({"read_rate": 0, "write_rate": 0}, "--read-rate"),
        ({"ttl": 0}, "--ttl"),
        ({"flush_ms": 0}, "--flush-ms"),
    ],
)
def test_bad_parameters_name_their_flag(params: dict[str, Any], flag: str) -> None:
    with pytest.raises(UsageProblem) as raised:
        WritePolicyModel(**params)
    assert raised.value.param == flag
