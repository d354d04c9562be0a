"""TCP and UDP side by side over the same kind of lossy link: what reliability and ordering cost.

An application writes `--packets` packets at `--rate` per second to each
protocol. Each crossing of the link (data one way, acknowledgements back)
is lost with probability `--loss` and delayed `--latency-ms` plus up to
`--jitter-ms`, so packets can overtake each other.

- UDP sends each packet once: what arrives, arrives in whatever order.
- TCP here is a sliding window (at most `--window` packets past the oldest
  unacknowledged one). Every arrival is acknowledged with its own number and
  the number below which everything has arrived (cumulative, as with TCP's
  selective acknowledgements), so a lost acknowledgement is usually covered by
  the next one. A packet not acknowledged within the retransmission timeout is
  sent again, the timeout doubling each time. The receiver hands packets to the
  application only in order, so one loss holds back the packets behind it
  (head-of-line blocking).

Theory: UDP delivers about 1 - loss of the packets; TCP delivers all, in
order. A packet is resent when its data is lost (on average loss/(1 - loss)
resends per packet) and sometimes when its acknowledgements are all lost: never
more than when data and acknowledgement must both get through, 1/(1 - loss)^2 - 1.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from primer_cli.sim.base import Model, Param

RTO_MARGIN_MS = (
    10.0  # the timeout exceeds the worst round trip by this much, so it never fires early
)
MAX_BACKOFF = 64  # the timeout doubles per retry up to this factor
WAITING, IN_FLIGHT, DELIVERED, LOST = "waiting", "in flight", "delivered", "lost"
HELD_BACK = "held back"  # TCP: arrived, but waiting for an earlier packet (head-of-line blocking)


class Link:
    """One direction of the network: drops with probability `loss`, delays with jitter."""

    def __init__(self, loss: float, latency: float, jitter: float, rng: random.Random) -> None:
        self.loss, self.latency, self.jitter, self.rng = loss, latency, jitter, rng

    def crossing(self) -> float | None:
        """Delay in seconds for one packet, or None if the link drops it."""
        if self.rng.random() < self.loss:
            return None
        return self.latency + self.rng.random() * self.jitter


Schedule = Callable[[float, Callable[..., None], tuple[Any, ...]], None]


class Flow:
    """What both protocols measure: when the application wrote each packet and when it got it."""

    def __init__(self, packets: int, rate: float) -> None:
        self.packets = packets
        self.interval = 1 / rate
        self.status = [WAITING] * packets
        self.received: list[int] = []  # sequence numbers in the order the application got them
        self.latency_ms: list[float] = []
        self.sends = 0
        self.retransmissions = 0
        self.finished_at = 0.0

    def written_at(self, sequence: int) -> float:
        return sequence * self.interval

    def hand_to_application(self, sequence: int, now: float) -> None:
        self.received.append(sequence)
        self.latency_ms.append((now - self.written_at(sequence)) * 1000)
        self.status[sequence] = DELIVERED
        self.finished_at = now

    def in_order_fraction(self) -> float:
        """Share of received packets that came after every lower-numbered packet received."""
        highest, in_order = -1, 0
        for sequence in self.received:
            if sequence > highest:
                in_order += 1
                highest = sequence
        return in_order / len(self.received) if self.received else 1.0


class UdpFlow(Flow):
    """Send once and forget."""

    def __init__(self, packets: int, rate: float, link: Link, schedule: Schedule) -> None:
        super().__init__(packets, rate)
        self.link, self.schedule = link, schedule

    def start(self) -> None:
        self.schedule(0.0, self.send, (0,))

    def send(self, now: float, sequence: int) -> None:
        if sequence + 1 < self.packets:  # one pending write at a time keeps the heap small
            self.schedule(self.written_at(sequence + 1), self.send, (sequence + 1,))
        self.sends += 1
        delay = self.link.crossing()
        if delay is None:
            self.status[sequence] = LOST
        else:
            self.status[sequence] = IN_FLIGHT
            self.schedule(now + delay, self.receive, (sequence,))

    def receive(self, now: float, sequence: int) -> None:
        self.hand_to_application(sequence, now)


class TcpFlow(Flow):
    """A sliding window with per-packet acknowledgements, timeouts with backoff, in-order delivery."""

    def __init__(
        self, packets: int, rate: float, window: int, data: Link, acks: Link, schedule: Schedule
    ) -> None:
        super().__init__(packets, rate)
        self.window, self.data, self.acks, self.schedule = window, data, acks, schedule
        self.rto = 2 * (data.latency + data.jitter) + RTO_MARGIN_MS / 1000
        self.written = 0  # packets the application has handed to TCP so far
        self.next_to_send = 0
        self.oldest_unacked = 0
        self.acked = [False] * packets
        self.attempts = [0] * packets
        self.arrived = [False] * packets  # at the receiver, possibly waiting for a gap to fill
        self.next_for_application = 0

    def start(self) -> None:
        self.schedule(0.0, self.application_write, ())

    def application_write(self, now: float) -> None:
        self.written += 1
        if self.written < self.packets:
            self.schedule(self.written_at(self.written), self.application_write, ())
        self.send_what_the_window_allows(now)

    def send_what_the_window_allows(self, now: float) -> None:
        limit = min(self.written, self.oldest_unacked + self.window)
        while self.next_to_send < limit:
            self.transmit(now, self.next_to_send)
            self.next_to_send += 1

    def transmit(self, now: float, sequence: int) -> None:
        self.sends += 1
        self.attempts[sequence] += 1
        delay = self.data.crossing()
        if delay is not None:
            self.schedule(now + delay, self.arrive, (sequence,))
        if not self.arrived[sequence]:
            self.status[sequence] = IN_FLIGHT if delay is not None else LOST
        backoff = min(2 ** (self.attempts[sequence] - 1), MAX_BACKOFF)
        self.schedule(now + self.rto * backoff, self.timeout, (sequence, self.attempts[sequence]))

    def arrive(self, now: float, sequence: int) -> None:
        """Deliver whatever is now in order, then acknowledge: this packet, and all before the gap."""
        if not self.arrived[sequence]:
            self.arrived[sequence] = True
            self.status[sequence] = HELD_BACK
            while (
                self.next_for_application < self.packets and self.arrived[self.next_for_application]
            ):
                self.hand_to_application(self.next_for_application, now)
                self.next_for_application += 1
        delay = self.acks.crossing()  # duplicates are acknowledged too: the last ack may be lost
        if delay is not None:
            self.schedule(now + delay, self.acknowledged, (sequence, self.next_for_application))

    def acknowledged(self, now: float, sequence: int, all_before: int) -> None:
        """An ack says `sequence` arrived and so did everything below `all_before` (cumulative)."""
        self.acked[sequence] = True
        for covered in range(self.oldest_unacked, all_before):
            self.acked[covered] = True
        while self.oldest_unacked < self.packets and self.acked[self.oldest_unacked]:
            self.oldest_unacked += 1
        self.send_what_the_window_allows(now)

    def timeout(self, now: float, sequence: int, attempt: int) -> None:
        if self.acked[sequence] or attempt != self.attempts[sequence]:
            return  # acknowledged meanwhile, or a newer copy has its own timer
        self.retransmissions += 1
        self.transmit(now, sequence)


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


class TransportModel(Model):
    """One event queue drives both flows; each event is one packet event."""

    NAME = "transport"
    PARAMS: ClassVar[tuple[Param, ...]] = (
        Param("loss", 0.1, "Chance the link drops a packet, each way.", minimum=0, maximum=0.9),
        Param("packets", 1000, "Packets the application sends.", minimum=1, maximum=10_000_000),
        Param(
            "rate",
            100.0,
            "Packets written per second.",
            minimum=0,
            exclusive_minimum=True,
            maximum=1e7,
        ),
        Param("latency_ms", 50.0, "One-way delay, milliseconds.", minimum=0, maximum=60_000),
        Param(
            "jitter_ms",
            20.0,
            "Extra random delay up to this, milliseconds.",
            minimum=0,
            maximum=60_000,
        ),
        Param(
            "window",
            64,
            "TCP packets in flight past the oldest unacknowledged.",
            minimum=1,
            maximum=1_000_000,
        ),
    )
    ANIMATION_SECONDS = 40.0

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        p = self.params
        packets, rate = int(p["packets"]), float(p["rate"])
        loss, latency, jitter = (
            float(p["loss"]),
            float(p["latency_ms"]) / 1000,
            float(p["jitter_ms"]) / 1000,
        )
        streams = [random.Random(f"{p['seed']}:{name}") for name in ("udp", "tcp-data", "tcp-acks")]
        self.queue: list[tuple[float, int, Callable[..., None], tuple[Any, ...]]] = []
        self.sequence = 0
        self.now = 0.0
        self.packets = packets
        self.udp = UdpFlow(packets, rate, Link(loss, latency, jitter, streams[0]), self.schedule)
        data, acks = (Link(loss, latency, jitter, stream) for stream in streams[1:])
        self.tcp = TcpFlow(packets, rate, int(p["window"]), data, acks, self.schedule)
        self.udp.start()
        self.tcp.start()

    def schedule(self, at: float, action: Callable[..., None], args: tuple[Any, ...]) -> None:
        self.sequence += 1
        heapq.heappush(self.queue, (at, self.sequence, action, args))

    @property
    def done(self) -> bool:
        return not self.queue

    @property
    def progress(self) -> float:
        udp_done = self.udp.sends
        return (udp_done + self.tcp.next_for_application) / (2 * self.packets)

    def step(self) -> None:
        if not self.queue:
            return
        self.now, _, action, args = heapq.heappop(self.queue)
        action(self.now, *args)
        self.events += 1

    def metrics(self) -> dict[str, Any]:
        flows = {"tcp": self.tcp, "udp": self.udp}
        return {
            "delivered_fraction": {
                name: len(f.received) / self.packets for name, f in flows.items()
            },
            "in_order": {name: f.in_order_fraction() for name, f in flows.items()},
            "retransmissions": {name: f.retransmissions for name, f in flows.items()},
            "mean_latency_ms": {name: _mean(f.latency_ms) for name, f in flows.items()},
            "p99_latency_ms": {name: _percentile(f.latency_ms, 0.99) for name, f in flows.items()},
            "packets_sent": {name: f.sends for name, f in flows.items()},
            "finished_ms": {name: round(f.finished_at * 1000, 1) for name, f in flows.items()},
        }

    def state(self, shown: int = 64) -> TransportState:
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
        )


def _flow_state(flow: Flow, first: int, last: int) -> FlowState:
    return FlowState(flow.status[first:last], len(flow.received), flow.sends, flow.retransmissions)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
