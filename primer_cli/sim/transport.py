"""TCP and UDP side by side over the same kind of lossy link: what reliability and ordering cost.

An application writes `packets` packets at `rate` per second to each
protocol. Each crossing of the link (data one way, acknowledgements back)
is lost with chance `loss` and delayed `latency_ms` plus up to `jitter_ms`,
so packets can overtake each other.

- UDP sends each packet once: what arrives, arrives in whatever order.
- TCP (`tcp.py`) delivers every packet, in order, and slows down when
  packets are lost: slow start, additive increase and multiplicative
  decrease of its congestion window, fast retransmit, and a retransmission
  timeout that doubles while nothing gets through. So its goodput falls,
  and its completion time grows, as loss rises.

Theory: UDP delivers 1 − loss of the packets. TCP's rate under loss follows
the Padhye formula (`theory.padhye_throughput`), capped by the application's
rate and the window.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from primer_cli.sim.actions import Action
from primer_cli.sim.base import EVENT_CAP, Measure, Params, Run
from primer_cli.sim.events import EventModel
from primer_cli.sim.link import DELIVERED, HELD_BACK, IN_FLIGHT, LOST, WAITING, Flow, Link
from primer_cli.sim.narrate import at_time, joined, milliseconds, percent, seconds
from primer_cli.sim.params import Param, as_float, as_int
from primer_cli.sim.stats import mean, percentile
from primer_cli.sim.tcp import MIN_RTO_S, TcpFlow
from primer_cli.sim.theory import padhye_throughput
from primer_cli.wording import count_of

__all__ = ["DELIVERED", "HELD_BACK", "IN_FLIGHT", "LOST", "WAITING", "TransportModel"]

SHOWN_PACKETS = 48  # packets in each lane of `state()`: fits beside the counts in 80 columns
FLOWS = ("tcp", "udp")
PADHYE_LOSS = 0.2  # above this, chains of backed-off timeouts outrun the formula


class UdpFlow(Flow):
    """Send once and forget."""

    def __init__(self, packets: int, rate: float, link: Link, engine: EventModel[Any]) -> None:
        super().__init__(packets, rate)
        self.link, self.engine = link, engine

    def start(self) -> None:
        self.engine.at(0.0, self.send, 0)

    def send(self, sequence: int) -> None:
        if sequence + 1 < self.packets:  # one pending write at a time keeps the heap small
            self.engine.at(self.written_at(sequence + 1), self.send, sequence + 1)
        self.sends += 1
        delay = self.link.crossing()
        if delay is None:
            self.status[sequence] = LOST
        else:
            self.status[sequence] = IN_FLIGHT
            self.engine.after(delay, self.receive, sequence)

    def receive(self, sequence: int) -> None:
        self.hand_to_application(sequence, self.engine.now)


@dataclass(frozen=True)
class FlowState:
    status: list[str]  # packets first..first+len-1: waiting, in flight, held back, delivered, lost
    delivered: int
    sends: int
    retransmissions: int


@dataclass(frozen=True)
class TransportState:
    now: float
    packets: int
    first: int  # sequence number of the first packet in each flow's `status`
    tcp: FlowState
    udp: FlowState
    cwnd: float  # TCP's congestion window now, in packets
    cwnd_history: tuple[float, ...]  # sampled as the transfer went on
    window: int  # the receiver's window: the most cwnd can be


class TransportModel(EventModel[TransportState]):
    """One event queue drives both flows; each event is one packet, acknowledgement or timer."""

    NAME = "transport"
    PARAMS = (
        Param("loss", 0.1, "Chance the link drops a packet, each way.", minimum=0, maximum=0.5),
        Param("packets", 1000, "Packets the application sends.", minimum=1, maximum=100_000),
        Param(
            "rate",
            100.0,
            "Packets the application writes per second.",
            minimum=0.1,
            maximum=100_000,
            unit="/s",
        ),
        Param("latency_ms", 50.0, "One-way delay.", minimum=0, maximum=10_000, unit="ms"),
        Param(
            "jitter_ms",
            20.0,
            "Extra random delay, up to this.",
            minimum=0,
            maximum=10_000,
            unit="ms",
        ),
        Param(
            "window",
            64,
            "TCP's receiver window: the most packets in flight.",
            minimum=1,
            maximum=10_000,
        ),
    )
    MEASURES = (
        Measure("delivered_fraction", "Delivered", "%", "higher"),
        Measure("in_order", "Arrived in order", "%", "higher", steady=True),
        Measure("finished_ms", "Finished after", "ms", "lower"),
        Measure("goodput_per_s", "Goodput (delivered)", "/s", "higher"),
        Measure("mean_latency_ms", "Mean latency", "ms", "lower"),
        Measure("p99_latency_ms", "p99 latency", "ms", "lower"),
        Measure("retransmissions", "Packets resent", "count", "lower"),
    )
    NOTICE = (
        "Watch TCP stall behind each lost packet while UDP moves on, and TCP's window (cwnd) "
        "halve at each loss: loss costs TCP time, UDP packets."
    )
    HEADLINE = ("delivered_fraction", "finished_ms", "mean_latency_ms")
    COST = ("packets",)
    ANIMATION_SECONDS = 40.0
    ACTIONS = (
        Action("lossier", "More loss", "]", "raised the loss"),
        Action("cleaner", "Less loss", "[", "lowered the loss"),
    )
    LOSS_STEP = 0.05

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """UDP: a write and an arrival per packet. TCP: a write, and per send an arrival,
        an acknowledgement and now and then a timer; sends grow as 1/(1 − loss)²."""
        sends = 1 / (1 - as_float(params, "loss")) ** 2
        return as_int(params, "packets") * (2 + 1 + 3 * sends)

    def run_end(self) -> float:
        return float("inf")  # the run ends when both flows have nothing left to do

    def start(self) -> None:
        p = self.params
        self.packets = as_int(p, "packets")
        rate, loss = as_float(p, "rate"), as_float(p, "loss")
        latency, jitter = as_float(p, "latency_ms") / 1000, as_float(p, "jitter_ms") / 1000
        streams = [random.Random(f"{p['seed']}:{name}") for name in ("udp", "tcp-data", "tcp-acks")]
        self.udp = UdpFlow(self.packets, rate, Link(loss, latency, jitter, streams[0]), self)
        data, acks = (Link(loss, latency, jitter, stream) for stream in streams[1:])
        self.tcp = TcpFlow(self.packets, rate, as_int(p, "window"), data, acks, self)
        self.links = (self.udp.link, data, acks)
        self.losses = [(0.0, loss)]  # (from when, the chance each crossing is dropped)
        self.udp.start()
        self.tcp.start()

    @property
    def progress(self) -> float:
        if self.done:
            return 1.0
        return (self.udp.sends + self.tcp.next_for_application) / (2 * self.packets)

    # Live actions ------------------------------------------------------------------

    @property
    def loss(self) -> float:
        return self.losses[-1][1]

    def _stepped_loss(self, name: str) -> float:
        step = self.LOSS_STEP if name == "lossier" else -self.LOSS_STEP
        bounds = self.param("loss")
        return round(min(float(bounds.maximum or 0), max(0.0, self.loss + step)), 6)

    def refusal(self, name: str) -> str | None:
        loss = self._stepped_loss(name)
        if loss == self.loss:
            return f"the loss is at its {'most' if name == 'lossier' else 'least'} already"
        unsent = self.packets - min(self.udp.sends, self.tcp.next_new)
        if name == "lossier" and self.events + unsent * (3 + 3 / (1 - loss) ** 2) > EVENT_CAP:
            return f"the rest of the run would take more than the {EVENT_CAP:,} events a run may"
        return super().refusal(name)

    def perform(self, name: str) -> None:
        """Every crossing from now on, both ways and for both protocols, is dropped with the
        new chance: a change at 0 s is `loss` itself."""
        loss = self._stepped_loss(name)
        for link in self.links:
            link.loss = loss
        if self.losses[-1][0] == self.now:  # several presses at one moment make one change
            self.losses.pop()
        self.losses.append((self.now, loss))

    def done_text(self, name: str) -> str:
        verb = "raised" if name == "lossier" else "lowered"
        return f"{verb} the loss to {percent(self.loss)}"

    def _flows(self) -> dict[str, Flow]:
        return {"tcp": self.tcp, "udp": self.udp}

    def metrics(self) -> dict[str, Any]:
        flows = self._flows()
        ordered = {name: sorted(flow.latency_ms) for name, flow in flows.items()}
        return {
            "delivered_fraction": {n: len(f.received) / self.packets for n, f in flows.items()},
            "in_order": {n: f.in_order_fraction() for n, f in flows.items()},
            "retransmissions": {n: f.retransmissions for n, f in flows.items()},
            "mean_latency_ms": {n: mean(f.latency_ms) for n, f in flows.items()},
            "p99_latency_ms": {n: percentile(ordered[n], 0.99) for n in flows},
            "packets_sent": {n: f.sends for n, f in flows.items()},
            "finished_ms": {n: round(f.finished_at * 1000, 1) for n, f in flows.items()},
            "goodput_per_s": {n: round(f.goodput(), 3) for n, f in flows.items()},
            "timeouts": {"tcp": self.tcp.timeouts, "udp": 0},
        }

    def state(self, shown: int = SHOWN_PACKETS) -> TransportState:
        """`shown` packets ending a little past the newest written, or from TCP's blocking gap."""
        written = min(self.packets, int(self.now / self.udp.interval) + 1)
        newest_first = min(written + shown // 4, self.packets) - shown
        first = max(0, min(newest_first, self.tcp.next_for_application - 2))
        last = min(self.packets, first + shown)
        return TransportState(
            now=self.now,
            packets=self.packets,
            first=first,
            tcp=_flow_state(self.tcp, first, last),
            udp=_flow_state(self.udp, first, last),
            cwnd=self.tcp.cwnd,
            cwnd_history=tuple(self.tcp.cwnd_history),
            window=self.tcp.window,
        )

    # Theory and words ---------------------------------------------------------------

    def theory(self) -> dict[str, Any]:
        """UDP loses `loss` of the packets. TCP finishes when the slowest of three limits
        lets it: the application's rate, one window per round trip, and Padhye's rate
        under loss, which holds for moderate loss only (up to PADHYE_LOSS)."""
        p = self.params
        loss, rate = self.loss, as_float(p, "rate")
        latency, jitter = as_float(p, "latency_ms") / 1000, as_float(p, "jitter_ms") / 1000
        write_time = (self.packets - 1) / rate
        arrival = latency + jitter / 2
        predicted: dict[str, Any] = {
            "delivered_fraction": {"tcp": 1.0, "udp": round(self._udp_delivery(), 6)},
            "in_order": {"tcp": 1.0},
            "finished_ms": {"udp": round(1000 * (write_time + arrival), 1)},
        }
        # Padhye's formula is for one loss rate; a run whose loss changed midway has none.
        if loss <= PADHYE_LOSS and len(self.losses) == 1:
            round_trip = 2 * arrival
            # RFC 6298's timer: the round trip plus four mean deviations (j/3 for two uniform jitters).
            timeout = max(MIN_RTO_S, round_trip + 4 * jitter / 3)
            tcp_rate = min(rate, padhye_throughput(round_trip, timeout, loss))
            if round_trip > 0:
                tcp_rate = min(tcp_rate, self.tcp.window / round_trip)
            tcp_time = max(write_time, self.packets / tcp_rate) + arrival
            predicted["finished_ms"]["tcp"] = round(1000 * tcp_time, 1)
        return predicted

    def _udp_delivery(self) -> float:
        """What UDP should deliver: 1 − loss, each packet at the loss of the moment it was sent."""
        if len(self.losses) == 1:
            return 1 - self.loss
        interval = self.udp.interval
        starts = [min(self.packets, math.ceil(when / interval)) for when, _ in self.losses]
        sent = [end - start for start, end in zip(starts, [*starts[1:], self.packets], strict=True)]
        kept = sum(count * (1 - loss) for count, (_, loss) in zip(sent, self.losses, strict=True))
        return kept / self.packets

    def _loss_text(self) -> str:
        """'drops 10% of packets each way', or with live changes
        'dropped 10% of packets each way (20% from 3 s)'."""
        first, *changed = self.losses
        if not changed:
            return f"drops {percent(first[1])} of packets each way"
        later = joined([f"{percent(loss)} from {at_time(when)}" for when, loss in changed])
        return f"dropped {percent(first[1])} of packets each way ({later})"

    def summary(self) -> str:
        if self.cut_short:
            return self._so_far()
        m = self.metrics()
        tcp_s, udp_s = m["finished_ms"]["tcp"] / 1000, m["finished_ms"]["udp"] / 1000
        text = (
            f"Over a link that {self._loss_text()}, UDP delivered "
            f"{percent(m['delivered_fraction']['udp'])} of {count_of(self.packets, 'packet')} "
            f"(theory {percent(self._udp_delivery())}) in {seconds(udp_s)}, "
            f"{percent(m['in_order']['udp'])} of them in order. TCP delivered all of them, in order, "
            f"in {seconds(tcp_s)}"
        )
        if udp_s > 0 and tcp_s > 1.2 * udp_s:
            text += f", {tcp_s / udp_s:.1f}× as long"
        return text + self._tcp_story(m)

    def _so_far(self) -> str:
        """A run stopped part-way: what each flow had delivered, with no whole-run theory."""
        udp, tcp = len(self.udp.received), len(self.tcp.received)
        return (
            f"In the {seconds(self.now)} before the run stopped, over a link that "
            f"{self._loss_text()}, UDP had delivered {udp:,} of {count_of(self.packets, 'packet')} "
            f"({percent(self.udp.in_order_fraction())} of them in order) and TCP {tcp:,}, all in "
            f"order, having resent {count_of(self.tcp.retransmissions, 'packet')}."
        )

    def _tcp_story(self, m: dict[str, Any]) -> str:
        tcp = self.tcp
        if not tcp.retransmissions:
            return (
                f": nothing was lost, so its window grew to {tcp.peak_cwnd:.0f} packets and it "
                f"kept pace, with a mean latency of {milliseconds(m['mean_latency_ms']['tcp'])}."
            )
        waits = (
            f"{count_of(tcp.timeouts, 'timeout')} made it wait with a doubled timer"
            if tcp.timeouts
            else "fast retransmit caught every loss before its timer ran out"
        )
        return (
            f": it resent {count_of(tcp.retransmissions, 'packet')}; each loss halved its "
            f"congestion window (it averaged {tcp.mean_cwnd():.1f} packets), and {waits}. "
            f"Packets behind a loss waited for it, so TCP's mean latency was "
            f"{milliseconds(m['mean_latency_ms']['tcp'])} against UDP's "
            f"{milliseconds(m['mean_latency_ms']['udp'])}."
        )

    # Comparing ------------------------------------------------------------------------

    @classmethod
    def variants(cls) -> tuple[str, ...]:
        return FLOWS

    @classmethod
    def compare_runs(cls, values: Mapping[str, Any]) -> Iterator[Run]:
        """TCP and UDP already run side by side, with the same seed: split the one run."""
        model = cls(**values)
        metrics, theory = model.run(), model.theory()
        for flow in FLOWS:
            yield Run(
                flow,
                {name: value[flow] for name, value in metrics.items()},
                {name: value[flow] for name, value in theory.items() if flow in value},
            )


def _flow_state(flow: Flow, first: int, last: int) -> FlowState:
    return FlowState(flow.status[first:last], len(flow.received), flow.sends, flow.retransmissions)
