"""What both transport protocols share: a lossy, jittery link and a flow's bookkeeping."""

from __future__ import annotations

import random

WAITING, IN_FLIGHT, DELIVERED, LOST = "waiting", "in flight", "delivered", "lost"
HELD_BACK = "held back"  # TCP: arrived, but waiting for an earlier packet (head-of-line blocking)


class Link:
    """One direction of the network: drops with chance `loss`, delays by `latency` plus up to `jitter`."""

    def __init__(self, loss: float, latency: float, jitter: float, rng: random.Random) -> None:
        self.loss, self.latency, self.jitter, self.rng = loss, latency, jitter, rng

    def crossing(self) -> float | None:
        """Delay in seconds for one packet, or None if the link drops it."""
        if self.rng.random() < self.loss:
            return None
        return self.latency + self.rng.random() * self.jitter


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

    def goodput(self) -> float:
        """Packets delivered per second, from the first write to the last delivery."""
        return len(self.received) / self.finished_at if self.finished_at else 0.0

    def in_order_fraction(self) -> float:
        """Share of received packets that came after every lower-numbered packet received."""
        highest, in_order = -1, 0
        for sequence in self.received:
            if sequence > highest:
                in_order += 1
                highest = sequence
        return in_order / len(self.received) if self.received else 1.0
