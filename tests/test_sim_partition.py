"""The partition model holds CAP's bargain: CP refuses but never lies, AP answers but may be stale."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from primer_cli.render.demos.partition import view
from primer_cli.sim.params import ParamProblem
from primer_cli.sim.partition import MODES, REPAIR_S, PartitionModel


def run(**params: Any) -> dict[str, Any]:
    return PartitionModel(**params).run()


@pytest.mark.parametrize("replicas", [3, 5])
@pytest.mark.parametrize("seed", range(3))
def test_cp_has_no_stale_reads_ap_has_no_errors_and_both_converge(replicas: int, seed: int) -> None:
    cp = run(mode="cp", replicas=replicas, seed=seed)
    ap = run(mode="ap", replicas=replicas, seed=seed)
    assert cp["stale_reads"] == 0 and cp["errors"] > 0
    assert ap["errors"] == 0 and ap["stale_reads"] > 0
    assert cp["converged"] and ap["converged"]


@pytest.mark.parametrize("replicas", [3, 5, 7])
def test_cp_refuses_the_minority_share_of_requests_during_the_partition(replicas: int) -> None:
    """Requests spread evenly over replicas; the ⌊n/2⌋ on the minority side refuse all of theirs."""
    rate, start, end = 200.0, 10.0, 110.0
    metrics = run(
        mode="cp", replicas=replicas, rate=rate, partition_at=start, heal_at=end, duration=120
    )
    expected = rate * (end - start) * (replicas // 2) / replicas
    assert metrics["errors"] == pytest.approx(expected, rel=0.03)


def test_with_an_even_split_no_side_has_a_quorum_and_cp_refuses_everything() -> None:
    metrics = run(mode="cp", replicas=4, partition_at=0, heal_at=None, duration=30)
    assert metrics["errors"] == metrics["reads"] + metrics["writes"] > 0
    assert metrics["availability"] == 0


def test_only_the_minority_side_refuses_in_cp() -> None:
    model = PartitionModel(mode="cp", replicas=5)
    model.run()
    refused = {replica.index: replica.refused for replica in model.state().replicas}
    assert refused[0] == refused[1] == refused[2] == 0
    assert refused[3] > 0 and refused[4] > 0


def test_ap_replicas_diverge_during_the_partition_and_agree_after_repair() -> None:
    model = PartitionModel(mode="ap", partition_at=10, heal_at=30, duration=40)
    model.advance(29)
    state = model.state()
    assert state.partitioned and not state.converged
    assert all(
        replica.stale_keys > 0 for replica in state.replicas
    )  # each side misses the other's writes
    model.advance(1.5)  # healed, not yet repaired
    assert not model.state().partitioned and not model.state().converged
    model.advance(1)
    assert model.state().converged


def test_ap_counts_keys_written_on_both_sides_as_conflicts() -> None:
    assert run(mode="ap", keys=10)["conflicts"] > 0
    assert run(mode="ap", keys=10, partition_at=None)["conflicts"] == 0
    assert run(mode="cp", keys=10)["conflicts"] == 0  # the minority side took no writes


def test_without_a_partition_cp_never_refuses() -> None:
    metrics = run(mode="cp", partition_at=None)
    assert metrics["errors"] == 0 and metrics["converged"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"mode": "ca"}, "mode"),
        ({"partition_at": 30, "heal_at": 20}, "heal_at"),
        ({"partition_at": 30, "heal_at": 30}, "heal_at"),
        ({"partition_at": 45}, "partition_at"),  # after the default heal at 40 s
        ({"duration": 15, "partition_at": 20}, "partition_at"),
    ],
)
def test_bad_parameters_name_the_parameter_given(params: dict[str, Any], name: str) -> None:
    with pytest.raises(ParamProblem) as raised:
        PartitionModel(**params)
    assert raised.value.param == name


@pytest.mark.parametrize(("replicas", "refusing"), [(3, 1), (5, 2), (4, 4)])
def test_theory_counts_the_requests_cp_refuses(replicas: int, refusing: int) -> None:
    """Rate × time split × share of replicas without a quorum (all of them in an even split)."""
    theory = PartitionModel(mode="cp", replicas=replicas, rate=50.0).theory()
    assert theory["errors"] == pytest.approx(50.0 * 20 * refusing / replicas)
    assert PartitionModel(mode="ap").theory()["errors"] == 0


def render(model: PartitionModel) -> str:
    console = Console(record=True, width=80, color_system=None)
    console.print(view(model.state()))
    return console.export_text()


def test_view_shows_the_split_and_who_refuses() -> None:
    model = PartitionModel(mode="cp", partition_at=10, heal_at=30)
    model.advance(5)
    text = render(model)
    assert "connected" in text and "no quorum" not in text
    model.advance(10)
    text = render(model)
    assert "partition" in text and "╳" in text
    majority, minority = text.split("minority side")
    assert "no quorum" in minority and "no quorum" not in majority
    assert "refused" in minority
    model.run()
    text = render(model)
    assert "replicas agree" in text and "╳" not in text


@settings(max_examples=40, deadline=None)
@given(
    mode=st.sampled_from(MODES),
    replicas=st.integers(2, 9),
    partition_at=st.floats(0, 20),
    length=st.floats(0.1, 20),
    write_ratio=st.floats(0, 1),
    seed=st.integers(0, 1000),
)
def test_cap_holds_for_any_parameters(
    mode: str, replicas: int, partition_at: float, length: float, write_ratio: float, seed: int
) -> None:
    heal_at = partition_at + length
    metrics = run(
        mode=mode,
        replicas=replicas,
        partition_at=partition_at,
        heal_at=heal_at,
        write_ratio=write_ratio,
        duration=heal_at + REPAIR_S + 1,
        seed=seed,
    )
    if mode == "cp":
        assert metrics["stale_reads"] == 0
    else:
        assert metrics["errors"] == 0
    assert metrics["converged"]


def test_one_key_behind_is_one_key() -> None:
    """Issue #8: "1 keys behind"."""
    model = PartitionModel(mode="ap", keys=1, rate=5.0, write_ratio=1.0, partition_at=1, heal_at=50)
    model.advance(10)
    text = render(model)
    assert "1 key behind" in text and "1 keys" not in text


def test_a_run_stopped_early_is_compared_with_theory_for_the_time_so_far() -> None:
    """Cut at 5 s, stopped at 8 s: '26 refused (theory 204)' set 3 s of refusals against
    the whole planned split; the theory for the split so far is rate × 3 s × 1/3."""
    model = PartitionModel(mode="cp", rate=200, partition_at=None, heal_at=None, seed=3)
    model.advance(5.0)
    model.act("cut")
    model.advance(3.0)
    assert not model.finished
    summary = model.what_happened()
    predicted = 200 * 3.0 * 1 / 3
    assert f"theory for the run so far {predicted:.0f}" in summary, summary
    assert "never healed in this run" not in summary
    assert model.errors == pytest.approx(predicted, rel=0.25)


def test_a_finished_run_is_still_compared_with_the_whole_run_theory() -> None:
    model = PartitionModel(mode="cp", seed=1)
    model.run()
    assert "(theory " in model.summary() and "so far" not in model.summary()
