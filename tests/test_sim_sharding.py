"""Sharding strategies against theory: who moves keys on a new shard, who suffers hotspots."""

from __future__ import annotations

from typing import Any

import pytest

from primer_cli.sim.params import ParamProblem
from primer_cli.sim.sharding import ShardingModel, imbalance


def run(**params: Any) -> dict[str, Any]:
    return ShardingModel(**params).run()


def zipf_share_of_hottest(keys: int, exponent: float, hottest: int) -> float:
    weights = [rank**-exponent for rank in range(1, keys + 1)]
    return sum(weights[:hottest]) / sum(weights)


@pytest.mark.parametrize("shards", [2, 4, 9])
def test_hash_mod_n_moves_all_but_one_key_in_n_plus_one(shards: int) -> None:
    moved = run(strategy="hash", shards=shards, add=1, keys=20_000, requests=100)["moved_fraction"]
    assert moved == pytest.approx(shards / (shards + 1), abs=0.02)


@pytest.mark.parametrize(("shards", "add"), [(4, 1), (9, 1), (4, 4), (3, 2)])
def test_directory_moves_only_the_new_shards_fair_share(shards: int, add: int) -> None:
    metrics = run(strategy="directory", shards=shards, add=add, keys=10_000, requests=100)
    assert metrics["moved_fraction"] == pytest.approx(add / (shards + add), abs=0.001)
    held = [shard["keys"] for shard in metrics["per_shard"]]
    assert max(held) - min(held) <= 1


def test_range_split_moves_part_of_one_shard_only() -> None:
    metrics = run(strategy="range", shards=4, add=1, skew=0.0, keys=10_000, requests=50_000)
    # Uniform traffic: the busiest range splits in half by load, 1/(2N) of all keys.
    assert metrics["moved_fraction"] == pytest.approx(1 / 8, abs=0.02)
    held = [shard["keys"] for shard in metrics["per_shard"]]
    assert sorted(held)[:2] == pytest.approx([1250, 1250], abs=200)


def test_range_moves_the_fewest_keys_and_hash_the_most() -> None:
    moved = {
        s: run(strategy=s, requests=10_000)["moved_fraction"]
        for s in ("hash", "range", "directory")
    }
    assert moved["range"] < moved["directory"] < moved["hash"]


def test_range_sharding_under_skew_has_a_hotspot_as_theory_predicts() -> None:
    keys, shards, skew = 10_000, 4, 1.0
    metrics = run(strategy="range", shards=shards, skew=skew, keys=keys, requests=200_000, add=0)
    # The newest quarter of the ids (one shard) gets the hottest quarter of the Zipf mass.
    expected = zipf_share_of_hottest(keys, skew, keys // shards) * shards
    assert metrics["imbalance"] == pytest.approx(expected, rel=0.03)


def test_hash_spreads_skewed_traffic_better_than_range() -> None:
    hashed = run(strategy="hash", skew=1.0, add=0)["imbalance"]
    ranged = run(strategy="range", skew=1.0, add=0)["imbalance"]
    assert hashed < 1.5 < 3.0 < ranged


def test_splitting_the_hot_range_relieves_it() -> None:
    metrics = run(strategy="range", skew=1.0, add=1)
    assert metrics["imbalance"] < metrics["imbalance_before"]


@pytest.mark.parametrize("strategy", ["hash", "range", "directory"])
def test_uniform_traffic_is_balanced(strategy: str) -> None:
    metrics = run(strategy=strategy, skew=0.0, add=0, requests=100_000)
    assert metrics["imbalance"] < 1.1


@pytest.mark.parametrize("strategy", ["hash", "range", "directory"])
def test_every_key_and_request_is_on_exactly_one_shard(strategy: str) -> None:
    metrics = run(strategy=strategy, shards=3, add=2, keys=5000, requests=7000)
    shards = metrics["per_shard"]
    assert len(shards) == metrics["shards"] == 5
    assert sum(s["keys"] for s in shards) == 5000
    assert sum(s["requests"] for s in shards) == 7000  # the requests served after the change
    assert sum(s["share"] for s in shards) == pytest.approx(1.0)


def test_without_adding_nothing_moves() -> None:
    model = ShardingModel(add=0, requests=1000)
    metrics = model.run()
    assert metrics["moved_fraction"] == 0
    assert metrics["imbalance_before"] is None
    assert model.events == 1000


def test_imbalance_is_busiest_over_mean() -> None:
    assert imbalance([10, 10, 10, 10]) == 1.0
    assert imbalance([40, 0, 0, 0]) == 4.0
    assert imbalance([30, 10]) == 1.5


def test_state_samples_the_key_space_for_drawing() -> None:
    model = ShardingModel(strategy="range", shards=4, add=0, requests=10)
    state = model.state()
    assert state.owner_of_key == sorted(state.owner_of_key)  # ranges are contiguous
    assert set(state.owner_of_key) == {0, 1, 2, 3}
    assert state.heat_of_key[-1] == max(state.heat_of_key)  # the newest id is the hottest


def test_an_unknown_strategy_is_refused_by_name() -> None:
    with pytest.raises(ParamProblem) as raised:
        ShardingModel(strategy="random")
    assert raised.value.param == "strategy"


@pytest.mark.parametrize(
    ("strategy", "shards", "add"), [("hash", 4, 1), ("hash", 4, 2), ("directory", 4, 3)]
)
def test_theory_predicts_the_keys_moved(strategy: str, shards: int, add: int) -> None:
    model = ShardingModel(strategy=strategy, shards=shards, add=add, keys=20_000, requests=100)
    measured, predicted = model.run()["moved_fraction"], model.theory()["moved_fraction"]
    assert measured == pytest.approx(predicted, abs=0.01)


def test_theory_of_the_range_hotspot_is_the_zipf_mass_of_the_newest_ids() -> None:
    model = ShardingModel(
        strategy="range", shards=4, skew=1.0, keys=10_000, requests=200_000, add=0
    )
    predicted = zipf_share_of_hottest(10_000, 1.0, 2_500) * 4
    assert model.theory()["imbalance"] == pytest.approx(predicted, rel=1e-3)
    assert model.run()["imbalance"] == pytest.approx(predicted, rel=0.03)
