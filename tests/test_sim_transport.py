"""TCP and UDP against theory: delivery, order, resends and latency over a lossy link."""

from __future__ import annotations

import math
from typing import Any

import pytest

from primer_cli.errors import UsageProblem
from primer_cli.sim.transport import TransportModel


def run(**params: Any) -> dict[str, Any]:
    return TransportModel(**params).run()


@pytest.mark.parametrize("loss", [0.05, 0.2, 0.5])
def test_udp_delivers_about_one_minus_loss(loss: float) -> None:
    packets = 20_000
    delivered = run(loss=loss, packets=packets, rate=10_000.0)["delivered_fraction"]["udp"]
    sigma = math.sqrt(loss * (1 - loss) / packets)
    assert abs(delivered - (1 - loss)) < 4 * sigma


@pytest.mark.parametrize("loss", [0.0, 0.1, 0.3])
def test_tcp_delivers_everything_in_order(loss: float) -> None:
    metrics = run(loss=loss, packets=2000)
    assert metrics["delivered_fraction"]["tcp"] == 1.0
    assert metrics["in_order"]["tcp"] == 1.0


@pytest.mark.parametrize("loss", [0.05, 0.1, 0.3])
def test_tcp_resends_between_the_data_loss_and_round_trip_loss_bounds(loss: float) -> None:
    packets = 20_000
    per_packet = run(loss=loss, packets=packets, rate=1000.0)["retransmissions"]["tcp"] / packets
    data_lost_only = loss / (1 - loss)  # every lost data packet is resent until it gets through
    data_or_ack_lost = 1 / (1 - loss) ** 2 - 1  # the most: each send needs both ways to work
    assert data_lost_only * 0.95 < per_packet < data_or_ack_lost * 1.05


def test_nothing_is_resent_on_a_perfect_link() -> None:
    metrics = run(loss=0.0)
    assert metrics["retransmissions"] == {"tcp": 0, "udp": 0}
    assert metrics["packets_sent"] == {"tcp": 1000, "udp": 1000}


def test_without_loss_or_jitter_latency_is_the_link_delay() -> None:
    metrics = run(loss=0.0, jitter_ms=0.0, latency_ms=40.0)
    assert metrics["mean_latency_ms"]["udp"] == pytest.approx(40.0)
    assert metrics["mean_latency_ms"]["tcp"] == pytest.approx(40.0)
    assert metrics["in_order"]["udp"] == 1.0


def test_jitter_longer_than_the_gap_between_packets_reorders_udp() -> None:
    # Packets leave every 10 ms; a random extra delay of up to 50 ms lets later ones overtake.
    metrics = run(loss=0.0, rate=100.0, jitter_ms=50.0)
    assert metrics["in_order"]["udp"] < 0.9
    assert metrics["in_order"]["tcp"] == 1.0


def test_reliability_costs_latency_under_loss() -> None:
    metrics = run(loss=0.1)
    assert metrics["mean_latency_ms"]["tcp"] > 2 * metrics["mean_latency_ms"]["udp"]
    assert metrics["p99_latency_ms"]["tcp"] > metrics["p99_latency_ms"]["udp"]


def test_stop_and_wait_sends_one_packet_per_round_trip() -> None:
    # Window 1: each packet waits for the previous acknowledgement, 2 x 50 ms later.
    metrics = run(window=1, loss=0.0, jitter_ms=0.0, latency_ms=50.0, rate=1000.0, packets=50)
    assert metrics["finished_ms"]["tcp"] == pytest.approx(49 * 100 + 50)
    assert metrics["finished_ms"]["udp"] == pytest.approx(49 * 1 + 50)


def test_a_wider_window_finishes_sooner_on_a_long_link() -> None:
    narrow = run(window=4, rate=1000.0, loss=0.05)["finished_ms"]["tcp"]
    wide = run(window=128, rate=1000.0, loss=0.05)["finished_ms"]["tcp"]
    assert wide < narrow / 4


def test_same_seed_same_run() -> None:
    assert run(seed=9) == run(seed=9)
    assert run(seed=9) != run(seed=10)


def test_state_shows_a_window_of_packets() -> None:
    model = TransportModel(packets=500)
    for _ in range(400):
        model.step()
    state = model.state(shown=40)
    assert len(state.tcp.status) == len(state.udp.status) == 40
    assert 0 <= state.first <= 460
    model.run()
    assert model.state(shown=40).first == 460


@pytest.mark.parametrize(
    ("params", "flag"),
    [
        ({"loss": 0.95}, "--loss"),
        ({"loss": -0.1}, "--loss"),
        ({"packets": 0}, "--packets"),
        ({"rate": 0}, "--rate"),
        ({"window": 0}, "--window"),
        ({"latency_ms": -1}, "--latency-ms"),
    ],
)
def test_bad_parameters_name_their_flag(params: dict[str, Any], flag: str) -> None:
    with pytest.raises(UsageProblem) as raised:
        TransportModel(**params)
    assert raised.value.param == flag
