"""The hash ring against theory: ~1/(N+1) of keys move on a join, modulo moves most, vnodes even the load."""

from __future__ import annotations

import statistics

import pytest

from primer_cli.sim.hashring import REHASH, RING_SAMPLES, HashRingModel
from primer_cli.sim.params import ParamProblem


def mean_metric(name: str, seeds: range = range(3), **params: int) -> float:
    return statistics.fmean(HashRingModel(seed=seed, **params).run()[name] for seed in seeds)


@pytest.mark.parametrize("nodes", [4, 10, 25])
def test_adding_one_node_moves_about_one_key_in_n_plus_one(nodes: int) -> None:
    moved = mean_metric("moved_fraction", nodes=nodes, vnodes=200, keys=20_000, add=1)
    expected = 1 / (nodes + 1)
    assert moved == pytest.approx(expected, rel=0.15)


@pytest.mark.parametrize("nodes", [4, 10, 25])
def test_modulo_hashing_moves_all_but_one_key_in_n_plus_one(nodes: int) -> None:
    # A key stays only if h mod N == h mod (N+1): for uniform h that happens 1 time in N+1.
    moved = mean_metric("modulo_moved_fraction", nodes=nodes, keys=20_000, add=1)
    assert moved == pytest.approx(nodes / (nodes + 1), abs=0.02)


def test_removing_a_node_moves_about_one_key_in_n() -> None:
    moved = mean_metric("moved_fraction", nodes=8, vnodes=200, keys=20_000, add=0, remove=1)
    assert moved == pytest.approx(1 / 8, rel=0.15)


def owners_before_and_after(model: HashRingModel) -> tuple[list[int], list[int]]:
    while model.phase != REHASH:
        model.step()
    before = list(model.ring_owner)
    model.run()
    return before, model.ring_owner


def test_on_a_join_keys_move_only_to_the_new_node() -> None:
    model = HashRingModel(nodes=6, vnodes=50, keys=5000, add=1)
    before, after = owners_before_and_after(model)
    new_nodes = set(model.after) - set(model.before)
    moved_to = {new for old, new in zip(before, after, strict=True) if old != new}
    assert moved_to == new_nodes


def test_on_a_leave_only_the_leaving_nodes_keys_move() -> None:
    model = HashRingModel(nodes=6, vnodes=50, keys=5000, add=0, remove=2)
    before, after = owners_before_and_after(model)
    removed = set(model.before) - set(model.after)
    moved_from = {old for old, new in zip(before, after, strict=True) if old != new}
    assert moved_from == removed
    assert sum(owner in removed for owner in before) == model.moved


def test_more_virtual_nodes_spread_the_load_more_evenly() -> None:
    spreads = [
        mean_metric("load_stddev", vnodes=v, nodes=10, keys=50_000) for v in (1, 10, 100, 1000)
    ]
    assert spreads == sorted(spreads, reverse=True)
    assert spreads[-1] < 0.1 < spreads[0]


def test_max_load_ratio_falls_towards_one_with_more_vnodes() -> None:
    few = mean_metric("max_load_ratio", vnodes=2, nodes=10, keys=50_000)
    many = mean_metric("max_load_ratio", vnodes=500, nodes=10, keys=50_000)
    assert many < few
    assert 1.0 <= many < 1.15


@pytest.mark.parametrize(
    ("nodes", "add", "remove", "ideal"),
    [(10, 1, 0, 1 / 11), (10, 0, 1, 1 / 10), (4, 4, 0, 1 / 2), (10, 2, 2, 1 - 8 / 10)],
)
def test_ideal_moved_fraction(nodes: int, add: int, remove: int, ideal: float) -> None:
    model = HashRingModel(nodes=nodes, add=add, remove=remove, keys=10)
    assert model.ideal_moved_fraction() == pytest.approx(ideal)


def test_every_key_is_placed_and_looked_up_again() -> None:
    model = HashRingModel(keys=777, nodes=3, add=2)
    metrics = model.run()
    assert metrics["keys_rehashed"] == 777
    assert model.events == 2 * 777 + 1
    assert sum(model.load[node] for node in model.after) == 777


def test_state_describes_the_ring_for_drawing() -> None:
    model = HashRingModel(nodes=3, add=1, keys=100)
    model.run()
    state = model.state()
    assert len(state.ring) == RING_SAMPLES
    assert set(state.ring) <= {0, 1, 2, 3}
    assert [node.status for node in state.nodes] == ["kept", "kept", "kept", "added"]
    assert sum(node.ring_share for node in state.nodes) == pytest.approx(1.0)
    assert 0.0 <= (state.last_key or 0.0) < 1.0


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"add": 0, "remove": 0}, "add"),
        ({"nodes": 3, "remove": 3, "add": 0}, "remove"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_name_the_parameter(params: dict[str, int], name: str) -> None:
    with pytest.raises(ParamProblem) as raised:
        HashRingModel(**params)
    assert raised.value.param == name


@pytest.mark.parametrize(("add", "remove"), [(1, 0), (0, 2), (2, 3), (3, 1)])
def test_theory_predicts_what_moves_on_the_ring_and_under_modulo(add: int, remove: int) -> None:
    params = {"nodes": 10, "vnodes": 300, "keys": 20_000, "add": add, "remove": remove}
    theory = HashRingModel(**params).theory()
    assert mean_metric("moved_fraction", range(6), **params) == pytest.approx(
        theory["moved_fraction"], rel=0.1
    )
    for seed in range(3):  # which nodes leave depends on the seed, and so does modulo's count
        model = HashRingModel(seed=seed, **params)
        assert model.run()["modulo_moved_fraction"] == pytest.approx(
            model.theory()["modulo_moved_fraction"], abs=0.01
        )


def test_moving_nodes_at_once_moves_less_than_one_after_the_other() -> None:
    """A key on a leaving node may go straight to a new one: counted once, not twice."""
    theory = HashRingModel(nodes=10, add=2, remove=3).theory()["moved_fraction"]
    assert theory == pytest.approx(3 / 10 + 2 / 12 * 7 / 10)


@pytest.mark.parametrize("vnodes", [10, 100, 1000])
def test_theory_predicts_the_load_spread_from_the_virtual_nodes(vnodes: int) -> None:
    measured = mean_metric("load_stddev", range(5), nodes=10, vnodes=vnodes, keys=50_000)
    predicted = HashRingModel(nodes=10, vnodes=vnodes, keys=50_000).theory()["load_stddev"]
    assert measured == pytest.approx(predicted, rel=0.25)


def test_the_ring_label_counts_only_nodes_that_have_joined() -> None:
    """Issue #8: the picture said "11 nodes" while the new node was still to join."""
    model = HashRingModel(nodes=10, add=1, keys=100)
    model.step()
    assert model.state().members == 10
    model.run()
    assert model.state().members == 11


def test_a_run_stopped_while_placing_keys_counts_the_keys_placed() -> None:
    """'10,000 keys went onto 10 nodes' after q at 18%: about 2,850 had been placed."""
    model = HashRingModel(keys=10_000, nodes=10)
    model.act("add")
    for _ in range(2_850):
        model.step()
    summary = model.what_happened()
    assert "2,850 of 10,000 keys" in summary, summary
    assert "2,850 of 10,000 keys went onto" in summary
    assert "theory" not in summary


def test_a_run_stopped_while_looking_up_again_does_not_compare_with_theory() -> None:
    model = HashRingModel(keys=1_000, nodes=10)
    for _ in range(1_000 + 1 + 400):  # place every key, change the nodes, look 400 up again
        model.step()
    summary = model.what_happened()
    assert "400 of 1,000 keys" in summary, summary
    assert "theory" not in summary and "have not changed yet" not in summary
