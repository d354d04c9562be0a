"""TCP and UDP against theory: delivery, order, resends, congestion control and completion time."""

from __future__ import annotations

import itertools
import math
from statistics import fmean
from typing import Any

import pytest

from primer_cli.sim.tcp import MIN_RTO_S, TcpFlow
from primer_cli.sim.theory import padhye_throughput
from primer_cli.sim.transport import TransportModel


def run(**params: Any) -> dict[str, Any]:
    return TransportModel(**params).run()


def mean_finish(flow: str, seeds: int = 4, **params: Any) -> float:
    return fmean(run(seed=seed, **params)["finished_ms"][flow] for seed in range(seeds)) / 1000


# What each protocol delivers ---------------------------------------------------------


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


def test_nothing_is_resent_on_a_perfect_link_even_with_jitter() -> None:
    """Jitter reorders packets; TCP must not mistake that for loss (RACK's reordering window)."""
    metrics = run(loss=0.0, jitter_ms=20.0)
    assert metrics["retransmissions"] == {"tcp": 0, "udp": 0}
    assert metrics["packets_sent"] == {"tcp": 1000, "udp": 1000}
    assert metrics["in_order"]["udp"] < 0.95  # the reordering was there to mistake


def test_once_the_window_is_open_latency_is_the_link_delay() -> None:
    model = TransportModel(loss=0.0, jitter_ms=0.0, latency_ms=40.0)
    metrics = model.run()
    assert metrics["mean_latency_ms"]["udp"] == pytest.approx(40.0)
    assert model.tcp.latency_ms[-1] == pytest.approx(40.0)  # slow start only delays the first few
    assert all(latency == pytest.approx(40.0) for latency in model.tcp.latency_ms[-500:])


def test_jitter_longer_than_the_gap_between_packets_reorders_udp() -> None:
    # Packets leave every 10 ms; a random extra delay of up to 50 ms lets later ones overtake.
    metrics = run(loss=0.0, rate=100.0, jitter_ms=50.0)
    assert metrics["in_order"]["udp"] < 0.9
    assert metrics["in_order"]["tcp"] == 1.0


def test_stop_and_wait_sends_one_packet_per_round_trip() -> None:
    # Window 1: each packet waits for the previous acknowledgement, 2 x 50 ms later.
    metrics = run(window=1, loss=0.0, jitter_ms=0.0, latency_ms=50.0, rate=1000.0, packets=50)
    assert metrics["finished_ms"]["tcp"] == pytest.approx(49 * 100 + 50)
    assert metrics["finished_ms"]["udp"] == pytest.approx(49 * 1 + 50)


def test_a_wider_window_finishes_sooner_on_a_long_link() -> None:
    narrow = run(window=4, rate=1000.0, loss=0.0)["finished_ms"]["tcp"]
    wide = run(window=128, rate=1000.0, loss=0.0)["finished_ms"]["tcp"]
    assert wide < narrow / 4


# Congestion control ---------------------------------------------------------------------


def test_tcp_finishes_later_and_delivers_slower_as_loss_rises() -> None:
    """Issue #8: at 10% loss TCP used to finish with UDP. Loss must cost it time."""
    losses = [0.0, 0.02, 0.05, 0.1, 0.2]
    finish = [mean_finish("tcp", loss=loss) for loss in losses]
    assert finish == sorted(finish) and finish[-1] > 5 * finish[0]
    goodput = [
        fmean(run(loss=loss, seed=s)["goodput_per_s"]["tcp"] for s in range(4)) for loss in losses
    ]
    assert goodput == sorted(goodput, reverse=True)


def test_at_ten_percent_loss_tcp_takes_several_times_as_long_as_udp() -> None:
    tcp, udp = mean_finish("tcp", loss=0.1), mean_finish("udp", loss=0.1)
    assert tcp > 3 * udp
    assert mean_finish("tcp", loss=0.0) < 1.05 * mean_finish(
        "udp", loss=0.0
    )  # lossless: keeps pace


@pytest.mark.parametrize("loss", [0.02, 0.05, 0.1, 0.2])
def test_completion_time_follows_the_padhye_formula(loss: float) -> None:
    """Padhye et al. count only data loss; lost acknowledgements slow this TCP a little more."""
    predicted = TransportModel(loss=loss).theory()["finished_ms"]["tcp"] / 1000
    assert 0.9 * predicted < mean_finish("tcp", loss=loss) < 1.4 * predicted


def test_padhye_is_infinite_without_loss_and_falls_with_it() -> None:
    assert padhye_throughput(0.1, 0.2, 0.0) == math.inf
    rates = [padhye_throughput(0.1, 0.2, loss) for loss in (0.01, 0.05, 0.1, 0.3)]
    assert rates == sorted(rates, reverse=True)


def test_slow_start_doubles_the_window_every_round_trip() -> None:
    model = TransportModel(loss=0.0, jitter_ms=0.0, latency_ms=50.0, rate=100_000.0, packets=2000)
    windows = []
    for round_trips in range(5):
        model.advance(0.1 if round_trips else 0.1 - 1e-6)  # just before each batch of acks lands
        windows.append(model.tcp.cwnd)
    assert windows == [1, 2, 4, 8, 16]


class OneLoss(TransportModel):
    """Drops exactly one data packet, the 300th sent, and records the windows around it."""

    def start(self) -> None:
        super().start()
        crossing, sends = self.tcp.data.crossing, [0]

        def lose_one() -> float | None:
            sends[0] += 1
            return None if sends[0] == 300 else crossing()

        self.tcp.data.crossing = lose_one  # type: ignore[method-assign]


def test_one_loss_halves_the_window_and_is_resent_without_a_timeout() -> None:
    model = OneLoss(loss=0.0, jitter_ms=0.0, rate=100_000.0, packets=3000, window=64)
    before: list[float] = []
    flow: TcpFlow = model.tcp
    halve = flow._halve

    def recording_halve() -> None:
        before.append(flow.next_new - flow.oldest_unacked)
        halve()

    flow._halve = recording_halve  # type: ignore[method-assign]
    model.run()
    assert flow.retransmissions == 1 and flow.timeouts == 0  # fast retransmit, not the timer
    assert len(before) == 1
    assert flow.ssthresh == pytest.approx(before[0] / 2)  # multiplicative decrease
    assert model.metrics()["delivered_fraction"]["tcp"] == 1.0


class Blackout(TransportModel):
    """The data link drops everything for a while: the timer must back off."""

    def start(self) -> None:
        super().start()
        crossing = self.tcp.data.crossing
        self.resends: list[float] = []

        def dark() -> float | None:
            return None if 1.0 <= self.now < 10.0 else crossing()

        self.tcp.data.crossing = dark  # type: ignore[method-assign]
        transmit = self.tcp.transmit

        def recording(sequence: int) -> None:
            if self.tcp.attempts[sequence]:
                self.resends.append(self.now)
            transmit(sequence)

        self.tcp.transmit = recording  # type: ignore[method-assign]


def test_the_retransmission_timer_doubles_while_nothing_gets_through() -> None:
    model = Blackout(loss=0.0, jitter_ms=0.0, rate=100.0, packets=500)
    model.run()
    during = [t for t in model.resends if 1.0 <= t < 10.0]
    gaps = [b - a for a, b in itertools.pairwise(during) if b - a > 0.01]
    assert len(gaps) >= 3
    for shorter, longer in itertools.pairwise(gaps):
        assert longer == pytest.approx(2 * shorter, rel=0.05)
    assert gaps[0] >= MIN_RTO_S
    assert model.metrics()["delivered_fraction"]["tcp"] == 1.0


def test_a_run_stopped_early_tells_what_each_flow_delivered_so_far() -> None:
    """'TCP delivered all of them' is not true of a run stopped at half way."""
    model = TransportModel(packets=400, loss=0.1)
    while model.progress < 0.5:
        model.step()
    summary = model.what_happened()
    assert "before the run stopped" in summary, summary
    assert "delivered all of them" not in summary and "theory" not in summary
    assert f"TCP {len(model.tcp.received):,}, all in order" in summary
