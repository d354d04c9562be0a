"""TCP as the transport demo models it: reliable, ordered, and backing off under loss.

Congestion control follows RFC 5681 (Reno) with NewReno's partial acknowledgements:

- slow start: the congestion window (cwnd) starts at one packet and grows by
  one for each packet acknowledged, so it doubles every round trip, up to ssthresh;
- congestion avoidance: above ssthresh it grows by about one packet per round trip;
- a packet is deemed lost once a packet sent more than a reordering window
  (a quarter of the shortest round trip) after it has been acknowledged, as
  RACK (RFC 8985) decides: resend it at once (fast retransmit) and halve the
  window (multiplicative decrease), once per window of data. The older rule,
  three duplicate ACKs, mistakes the link's jitter for loss: packets overtake
  each other, and a lossless link would halve the window for nothing;
- a retransmission timeout (RFC 6298: SRTT + 4·RTTVAR, at least 200 ms as on
  Linux, samples by Karn's rule) drops cwnd to one packet, and the timer
  doubles with each timeout until something new is acknowledged.

Simplifications, so the demo stays small: windows count packets, not bytes;
each arrival is acknowledged at once (no delayed ACKs), naming the packet that
arrived (one SACK block) and the point below which everything has arrived; no
window inflation during fast recovery; after a timeout the sender goes back to
the oldest unacknowledged packet and resends from there, skipping what was
acknowledged; the receiver's window (`window`) never changes.
"""

from __future__ import annotations

import math
from typing import Any

from primer_cli.sim.events import EventModel
from primer_cli.sim.link import HELD_BACK, IN_FLIGHT, LOST, Flow, Link

INITIAL_CWND = 1.0  # the classic start; RFC 6928 allows 10 today
REORDERING_SHARE = 0.25  # RACK's reordering window, as a share of the shortest round trip
INITIAL_RTO_S = 1.0  # RFC 6298, before any round trip has been measured
MIN_RTO_S = 0.2  # Linux's floor (RFC 6298 says 1 s)
MAX_RTO_S = 60.0
CWND_SAMPLES = 48  # points of cwnd history kept for drawing


class TcpFlow(Flow):
    """Sender and receiver of one TCP connection, driven by the model's event engine."""

    def __init__(
        self,
        packets: int,
        rate: float,
        window: int,
        data: Link,
        acks: Link,
        engine: EventModel[Any],
    ) -> None:
        super().__init__(packets, rate)
        self.window, self.data, self.acks, self.engine = window, data, acks, engine
        self.written = 0  # packets the application has handed to TCP so far
        self.next_new = 0  # the next packet never sent
        self.resend_from = 0  # after a timeout: the next packet to go back for
        self.oldest_unacked = 0
        self.acked = bytearray(packets)  # what the sender knows has arrived
        self.attempts = [0] * packets
        self.sent_at = [0.0] * packets
        self.cwnd = INITIAL_CWND
        self.ssthresh = float(window)
        self.recover: int | None = None  # in fast recovery until this packet is acknowledged
        self.delivered_sent_at = (
            -math.inf
        )  # when the most recently sent of the arrived packets left
        self.min_rtt = math.inf
        self.srtt: float | None = None
        self.rttvar = 0.0
        self.rto = INITIAL_RTO_S
        self.backoff = 1
        self.deadline = math.inf  # when the retransmission timer expires; inf when stopped
        self.timer_at = math.inf  # when the engine will next look at the timer
        self.timeouts = 0
        self.arrived = bytearray(packets)  # at the receiver, possibly waiting for a gap to fill
        self.next_for_application = 0
        self.cwnd_history: list[float] = []
        self.peak_cwnd = self.cwnd
        self._cwnd_area = 0.0  # cwnd integrated over time, for its mean
        self._cwnd_since = 0.0

    def start(self) -> None:
        self.engine.at(0.0, self.application_write)

    # The sender ----------------------------------------------------------------------

    def application_write(self, _: Any) -> None:
        self.written += 1
        if self.written < self.packets:
            self.engine.at(self.written_at(self.written), self.application_write)
        self.send_what_the_window_allows()

    def send_what_the_window_allows(self) -> None:
        limit = self.oldest_unacked + max(1, int(min(self.cwnd, self.window)))
        self.resend_from = max(self.resend_from, self.oldest_unacked)
        while self.resend_from < min(self.next_new, limit):  # going back after a timeout
            if not self.acked[self.resend_from]:
                self.transmit(self.resend_from)
            self.resend_from += 1
        while self.next_new < min(self.written, limit):
            self.transmit(self.next_new)
            self.next_new += 1
            self.resend_from = self.next_new

    def transmit(self, sequence: int) -> None:
        now = self.engine.now
        self.sends += 1
        self.attempts[sequence] += 1
        if self.attempts[sequence] > 1:
            self.retransmissions += 1
        self.sent_at[sequence] = now
        delay = self.data.crossing()
        if delay is not None:
            self.engine.after(delay, self.arrive, sequence)
        if not self.arrived[sequence]:
            self.status[sequence] = IN_FLIGHT if delay is not None else LOST
        if self.deadline == math.inf:  # RFC 6298 (5.1): start the timer if it is not running
            self._set_deadline(now + self._timeout())

    def acknowledged(self, ack: tuple[int, int]) -> None:
        """An ACK names the packet that arrived and the point below which all have arrived."""
        sequence, all_before = ack
        if self.attempts[sequence] == 1 and not self.acked[sequence]:
            self._sample_round_trip(self.engine.now - self.sent_at[sequence])  # Karn's rule
        self.acked[sequence] = 1
        self.delivered_sent_at = max(self.delivered_sent_at, self.sent_at[sequence])
        old = self.oldest_unacked
        for covered in range(old, all_before):
            self.acked[covered] = 1
        while self.oldest_unacked < self.packets and self.acked[self.oldest_unacked]:
            self.oldest_unacked += 1
        if self.oldest_unacked > old:
            self._new_data_acknowledged(self.oldest_unacked - old)
        self._detect_loss()
        self.send_what_the_window_allows()

    def _new_data_acknowledged(self, count: int) -> None:
        self.backoff = 1
        if self.recover is not None and self.oldest_unacked >= self.recover:
            self.recover = None
            self._set_cwnd(self.ssthresh)  # fast recovery is over
        elif self.recover is None:
            self._grow(count)
        stop = self.oldest_unacked >= self.next_new  # RFC 6298 (5.2) and (5.3)
        self._set_deadline(math.inf if stop else self.engine.now + self._timeout())

    def _grow(self, count: int) -> None:
        cwnd = self.cwnd
        for _ in range(count):
            cwnd += 1.0 if cwnd < self.ssthresh else 1.0 / cwnd  # slow start, then additive
        self._set_cwnd(min(cwnd, float(self.window)))

    def _detect_loss(self) -> None:
        """RACK, for the oldest missing packet: lost once something sent well after it arrived."""
        hole = self.oldest_unacked
        if hole >= self.next_new or self.min_rtt == math.inf:
            return
        if self.sent_at[hole] + REORDERING_SHARE * self.min_rtt >= self.delivered_sent_at:
            return  # perhaps only overtaken: give it the reordering window
        if self.recover is None:  # halve once per window of data, however many are lost
            self._halve()
            self.recover = self.next_new
        self.transmit(hole)  # fast retransmit
        # The oldest packet is out again: time it afresh, or the timer set for its first
        # copy fires just as this one's acknowledgement is on its way.
        self._set_deadline(self.engine.now + self._timeout())

    def _halve(self) -> None:
        """Multiplicative decrease: ssthresh is half the packets in flight."""
        self.ssthresh = max((self.next_new - self.oldest_unacked) / 2, 2.0)
        self._set_cwnd(self.ssthresh)

    # The retransmission timer -------------------------------------------------------------

    def _timeout(self) -> float:
        return min(MAX_RTO_S, self.rto * self.backoff)

    def _sample_round_trip(self, rtt: float) -> None:
        """RFC 6298's smoothed round trip and its variation."""
        self.min_rtt = min(self.min_rtt, rtt)
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt / 2
        else:
            self.rttvar = 0.75 * self.rttvar + 0.25 * abs(self.srtt - rtt)
            self.srtt = 0.875 * self.srtt + 0.125 * rtt
        self.rto = min(MAX_RTO_S, max(MIN_RTO_S, self.srtt + 4 * self.rttvar))

    def _set_deadline(self, deadline: float) -> None:
        """Move the timer; the engine is only asked to look again when it would look too late."""
        self.deadline = deadline
        if deadline < self.timer_at:
            self.timer_at = deadline
            self.engine.at(deadline, self._timer_check, deadline)

    def _timer_check(self, scheduled_for: float) -> None:
        if scheduled_for != self.timer_at:
            return  # an earlier check replaced this one
        self.timer_at = math.inf
        if self.deadline == math.inf:
            return  # stopped: everything sent has been acknowledged
        if self.engine.now < self.deadline:
            self._set_deadline(self.deadline)  # restarted since: look again then
            return
        self._expire()

    def _expire(self) -> None:
        """Nothing came back in time: assume the worst, start again from one packet."""
        self.timeouts += 1
        self.ssthresh = max((self.next_new - self.oldest_unacked) / 2, 2.0)
        self._set_cwnd(1.0)
        self.backoff = min(self.backoff * 2, int(MAX_RTO_S / MIN_RTO_S))
        self.recover = None
        self.resend_from = self.oldest_unacked
        self.deadline = math.inf  # the resend below starts it again, backed off
        self.send_what_the_window_allows()

    # The congestion window's history ------------------------------------------------------

    def _set_cwnd(self, cwnd: float) -> None:
        now = self.engine.now
        self._cwnd_area += self.cwnd * (now - self._cwnd_since)
        self._cwnd_since = now
        self.cwnd = cwnd
        self.peak_cwnd = max(self.peak_cwnd, cwnd)

    def mean_cwnd(self) -> float:
        """The window averaged over the time until the last packet was delivered."""
        end = self.finished_at or self.engine.now
        area = self._cwnd_area + self.cwnd * max(0.0, end - self._cwnd_since)
        return area / end if end else self.cwnd

    # The receiver ------------------------------------------------------------------------

    def arrive(self, sequence: int) -> None:
        """Deliver whatever is now in order, then acknowledge: this packet, and all before the gap."""
        if not self.arrived[sequence]:
            self.arrived[sequence] = 1
            self.status[sequence] = HELD_BACK
            while (
                self.next_for_application < self.packets and self.arrived[self.next_for_application]
            ):
                self.hand_to_application(self.next_for_application, self.engine.now)
                self.next_for_application += 1
                self._sample_cwnd()
        delay = self.acks.crossing()  # duplicates are acknowledged too: the last ack may be lost
        if delay is not None:
            self.engine.after(delay, self.acknowledged, (sequence, self.next_for_application))

    def _sample_cwnd(self) -> None:
        if self.next_for_application % max(1, self.packets // CWND_SAMPLES) == 0:
            self.cwnd_history.append(self.cwnd)
