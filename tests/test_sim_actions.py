"""Live actions: what a learner does to a running model behaves like the fault the CLI schedules.

The promise (primer_cli/sim/actions.py): an action at simulated time t is
the matching scheduled fault at t. Each timed model is run twice with the
same seed, once with the fault given as a parameter and once cutting,
crashing or failing live at that moment, and the two must agree on every
metric, the theory and the summary, event for event. Actions with no
parameter to match (a cache crash, a second crash) are held to what they
must do instead. The contract part checks every demo's actions at once.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from typing import Any

import pytest

from primer_cli.sim.actions import ActionRefused
from primer_cli.sim.balancer import BalancerModel
from primer_cli.sim.base import Model
from primer_cli.sim.cache import POLICIES as CACHE_POLICIES
from primer_cli.sim.cache import CacheModel, make_cache
from primer_cli.sim.catalog import DEMOS, DemoInfo
from primer_cli.sim.events import EventModel
from primer_cli.sim.hashring import HashRingModel
from primer_cli.sim.partition import PartitionModel
from primer_cli.sim.queue import QueueModel
from primer_cli.sim.replication import MODES as REPLICATION_MODES
from primer_cli.sim.replication import ReplicationModel
from primer_cli.sim.sharding import STRATEGIES as SHARDING_STRATEGIES
from primer_cli.sim.sharding import ShardingModel
from primer_cli.sim.transport import TransportModel
from primer_cli.sim.write_policy import POLICIES as WRITE_POLICIES
from primer_cli.sim.write_policy import WritePolicyModel

SCREEN_KEYS = set(" srcq?+-=")  # the demo screen's and the app's own keys


def run_to(model: EventModel[Any], seconds: float) -> None:
    """Every event up to `seconds`, the clock left there: where the animation pauses."""
    model.advance(seconds - model.now)
    assert model.now == seconds


def assert_same_run(live: Model[Any], planned: Model[Any]) -> None:
    assert live.run() == planned.run()
    assert live.theory() == planned.theory()
    assert live.summary() == planned.summary()
    assert live.events == planned.events


# The contract, for every demo ------------------------------------------------------------------


@pytest.fixture(params=DEMOS, ids=[info.name for info in DEMOS])
def info(request: pytest.FixtureRequest) -> DemoInfo:
    demo: DemoInfo = request.param
    return demo


def test_every_demo_offers_actions_with_their_own_keys(info: DemoInfo) -> None:
    actions = info.load().actions()
    assert actions, f"{info.name} offers nothing to do while it runs"
    assert len({a.name for a in actions}) == len({a.key for a in actions}) == len(actions)
    for action in actions:
        assert len(action.key) == 1 and action.key not in SCREEN_KEYS, action
        assert action.label[0].isupper() and action.done[0].islower(), action


def test_acting_mid_run_is_recorded_and_the_numbers_stay_json(info: DemoInfo) -> None:
    model = info.load()()
    while (model.progress or 0.0) < 0.25:  # before any default fault
        model.step()
    acted = 0
    for action in model.actions():
        if model.refusal(action.name) is None:
            model.act(action.name)
            acted += 1
    assert acted, "no action was possible in the middle of a default run"
    assert len(model.acted) == acted
    model.run()
    assert model.done
    json.dumps(model.metrics(), allow_nan=False)
    json.dumps(model.theory(), allow_nan=False)
    told = model.what_happened()
    assert told.startswith("You ") and model.acted[0].done in told
    assert told.endswith(model.summary())


def test_a_refused_action_says_why_and_changes_nothing(info: DemoInfo) -> None:
    model = info.load()()
    model.run()
    before = json.dumps(model.metrics())
    for action in model.actions():
        reason = model.refusal(action.name)
        if reason is None:
            continue  # hashring and sharding start another change after the run
        with pytest.raises(ActionRefused, match=re.escape(reason)):
            model.act(action.name)
    assert json.dumps(model.metrics()) == before
    with pytest.raises(ActionRefused, match="no action"):
        model.act("launch-rockets")


# Partition: cut and heal --------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["cp", "ap"])
def test_cutting_live_is_partition_at_that_moment(mode: str) -> None:
    live = PartitionModel(mode=mode, seed=7)
    run_to(live, 12.5)
    live.act("cut")
    assert live.partitioned
    assert_same_run(live, PartitionModel(mode=mode, seed=7, partition_at=12.5))
    assert live.what_happened().startswith("You cut the network at 12.5 s.")


@pytest.mark.parametrize("mode", ["cp", "ap"])
def test_healing_live_is_heal_at_that_moment(mode: str) -> None:
    live = PartitionModel(mode=mode, seed=7)
    run_to(live, 31.0)
    live.act("heal")
    assert_same_run(live, PartitionModel(mode=mode, seed=7, heal_at=31.0))


def test_cutting_with_no_partition_planned_is_partition_at_too() -> None:
    live = PartitionModel(seed=2, partition_at=None)
    run_to(live, 5.0)
    live.act("cut")
    assert_same_run(live, PartitionModel(seed=2, partition_at=5.0, heal_at=None))


def test_a_second_partition_is_counted_in_errors_theory_and_story() -> None:
    model = PartitionModel(seed=3)
    run_to(model, 45.0)
    model.act("cut")
    run_to(model, 50.0)
    model.act("heal")
    model.run()
    assert model.split_times == [20.0, 45.0] and model.heal_times == [40.0, 50.0]
    rate, replicas = 20.0, 3
    assert model.theory()["errors"] == pytest.approx(rate * 25 * 1 / replicas, abs=1e-3)
    assert "split at 20 s and 45 s" in model.summary()
    assert model.refusal("heal") == "the network is not split"


# Replication: fail the primary ------------------------------------------------------------------


@pytest.mark.parametrize("mode", REPLICATION_MODES)
def test_failing_the_primary_live_is_fail_at_that_moment(mode: str) -> None:
    live = ReplicationModel(mode=mode, seed=3)
    run_to(live, 12.5)
    live.act("fail")
    assert_same_run(live, ReplicationModel(mode=mode, seed=3, fail_at=12.5))


def test_failing_again_crashes_the_new_primary_and_theory_counts_both() -> None:
    model = ReplicationModel(seed=3)
    run_to(model, 31.0)
    assert model.refusal("fail") == "a failover is still under way"
    run_to(model, 45.0)
    model.act("fail")
    assert not model.b.up  # B had taken over after A's crash at 30 s
    model.run()
    assert [crash.node for crash in model.crashes] == ["A", "B"]
    one = ReplicationModel(seed=3).theory()["lost_writes"]
    assert model.theory()["lost_writes"] == pytest.approx(2 * one)
    assert "then B at 45 s" in model.summary()


# Balancer: fail, bring back, switch strategy -----------------------------------------------------


@pytest.mark.parametrize("strategy", ["round-robin", "least-connections", "ip-hash"])
def test_failing_and_recovering_s0_live_are_the_fault_parameters(strategy: str) -> None:
    live = BalancerModel(strategy=strategy, seed=5)
    run_to(live, 10.25)
    live.act("fail")
    assert_same_run(live, BalancerModel(strategy=strategy, seed=5, fail_at=10.25))
    live = BalancerModel(strategy=strategy, seed=5)
    run_to(live, 30.75)
    live.act("recover")
    assert_same_run(live, BalancerModel(strategy=strategy, seed=5, recover_at=30.75))


def test_switching_strategy_at_the_start_is_that_strategy() -> None:
    live = BalancerModel(seed=5)
    live.act("strategy")
    assert_same_run(live, BalancerModel(seed=5, strategy="random"))
    assert live.acted[0].done == "switched to random"


def test_a_second_outage_is_its_own_and_detection_stays_positive() -> None:
    model = BalancerModel(seed=5)
    run_to(model, 45.0)
    model.act("fail")
    model.run()
    assert len(model.outages) == 2
    assert 0 < model.metrics()["detected_after_s"] <= 2 * model.check_every
    assert "It failed again at 45 s." in model.summary()


# Write policy: crash the cache ------------------------------------------------------------------


@pytest.mark.parametrize("policy", WRITE_POLICIES)
def test_crashing_the_cache_live_is_crash_at_that_moment(policy: str) -> None:
    live = WritePolicyModel(policy=policy, seed=5)
    run_to(live, 3.3)
    live.act("crash")
    assert_same_run(live, WritePolicyModel(policy=policy, seed=5, crash_at=3.3))


def test_a_second_crash_loses_what_write_behind_held_then_too() -> None:
    model = WritePolicyModel(policy="write-behind", seed=5)
    run_to(model, 8.2)
    model.act("crash")
    model.run()
    assert model.crash_times == [6.5, 8.2]
    # 0.5 s and 0.2 s after a flush, at 100 writes/s.
    assert model.theory()["lost_writes"] == pytest.approx(100 * (0.5 + 0.2))
    assert "crashed at 6.5 s and 8.2 s" in model.summary()


# Queue and transport: rates ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "rate"), [("faster", 9.5), ("slower", 8.5)])
def test_changing_the_arrival_rate_at_the_start_is_that_rate(name: str, rate: float) -> None:
    live = QueueModel(seed=5)
    live.act(name)
    assert_same_run(live, QueueModel(seed=5, arrival_rate=rate))


def test_arrivals_follow_a_rate_changed_midway() -> None:
    """Over 40 seeds the second half's arrivals average the new rate within 1%."""
    rates = []
    for seed in range(40):
        model = QueueModel(seed=seed, duration=200, capacity=10**6, retries=0)
        run_to(model, 100.0)
        arrived = model.arrived
        model.act("slower")
        model.act("slower")
        model.run()
        rates.append((model.arrived - arrived) / 100)
    assert model.arrival_rate == 8.0
    assert statistics.mean(rates) == pytest.approx(8.0, rel=0.01)


def test_a_rate_changed_midway_is_told_and_theory_follows_it() -> None:
    model = QueueModel(seed=1)
    run_to(model, 20.0)
    model.act("faster")
    assert "now 9.5/s" in model.notice()
    assert model.theory() == QueueModel(arrival_rate=9.5).theory()
    model.run()
    assert "9/s and 9.5/s from 20 s" in model.summary()
    assert "theory is for the last one" in model.summary()


@pytest.mark.parametrize(("name", "loss"), [("lossier", 0.15), ("cleaner", 0.05)])
def test_changing_the_loss_at_the_start_is_that_loss(name: str, loss: float) -> None:
    live = TransportModel(seed=5)
    live.act(name)
    assert_same_run(live, TransportModel(seed=5, loss=loss))


def test_udp_delivers_what_each_packets_loss_predicts_when_it_changes() -> None:
    delivered, predicted = [], set()
    for seed in range(20):
        model = TransportModel(seed=seed)
        run_to(model, 5.0)
        model.act("lossier")
        model.act("lossier")
        model.run()
        delivered.append(model.metrics()["delivered_fraction"]["udp"])
        predicted.add(model.theory()["delivered_fraction"]["udp"])
    assert predicted == {0.85}  # half the packets at 10%, half at 20%
    assert statistics.mean(delivered) == pytest.approx(0.85, abs=0.01)
    assert "tcp" not in model.theory()["finished_ms"]  # Padhye holds for one loss rate


def test_loss_stops_at_its_bounds() -> None:
    model = TransportModel(loss=0.0)
    assert model.refusal("cleaner") == "the loss is at its least already"


# Untimed models: cache, hashring, sharding ----------------------------------------------------------


@pytest.mark.parametrize("policy", CACHE_POLICIES)
def test_a_cache_crash_is_a_cold_cache_serving_the_same_requests(policy: str) -> None:
    crashed = CacheModel(policy=policy, seed=4)
    for _ in range(40_000):
        crashed.step()
    hits_before = crashed.hits
    crashed.act("crash")
    assert crashed.cache.size() == 0
    crashed.run()
    trace = []
    plain = CacheModel(policy=policy, seed=4)
    while not plain.done:
        plain.step()
        trace.append(plain.last_item)
    cold = make_cache(policy, crashed.capacity)
    assert crashed.hits - hits_before == sum(cold.access(item) for item in trace[40_000:])
    assert crashed.metrics()["best_hit_ratio"] < plain.metrics()["best_hit_ratio"]


def test_a_node_added_or_removed_while_placing_joins_the_planned_change() -> None:
    for name, planned in (("add", {"add": 2}), ("remove", {"remove": 1})):
        live = HashRingModel(seed=9)
        for _ in range(4000):
            live.step()
        live.act(name)
        assert_same_run(live, HashRingModel(seed=9, **planned))


def test_a_node_added_after_the_run_is_a_new_change_from_there() -> None:
    live = HashRingModel(seed=9)
    live.run()
    live.act("add")
    assert not live.done and live.progress == pytest.approx(2 / 3, abs=1e-3)
    assert live.run() == HashRingModel(seed=9, nodes=11, add=1).run()
    live = HashRingModel(seed=9)
    live.run()
    live.act("remove")
    assert live.run() == HashRingModel(seed=9, nodes=11, add=0, remove=1).run()


def test_nodes_wait_while_keys_are_looked_up_again() -> None:
    model = HashRingModel(seed=9)
    for _ in range(15_000):
        model.step()
    assert model.refusal("add") == "every key is being looked up again; wait for that to finish"


@pytest.mark.parametrize("strategy", SHARDING_STRATEGIES)
def test_a_shard_added_before_the_change_joins_it(strategy: str) -> None:
    for planned in (0, 1):
        live = ShardingModel(seed=9, strategy=strategy, add=planned)
        for _ in range(20_000):
            live.step()
        live.act("add")
        assert_same_run(live, ShardingModel(seed=9, strategy=strategy, add=planned + 1))


def test_a_shard_added_after_the_change_moves_keys_at_once() -> None:
    model = ShardingModel(seed=9, strategy="directory")
    for _ in range(80_000):
        model.step()
    model.act("add")
    assert model.phase == "adding shards"
    model.run()
    assert model.shards == 6
    assert model.metrics()["moved_fraction"] == pytest.approx(1 / 6, abs=0.01)
    assert model.progress == 1.0 and math.isclose(
        model.theory()["moved_fraction"], 1 / 6, abs_tol=1e-6
    )
    assert "20,000 requests went to 5 shards" in model.summary()
