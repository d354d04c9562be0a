"""Producers, a bounded queue and consumers: where latency, back pressure and retries come from.

Requests arrive as a Poisson process, wait in a FIFO queue of `capacity` slots
and are served by `consumers` identical workers with exponential service times
(an M/M/c/K queue, K = capacity + consumers). A request that finds the queue
full is rejected (back pressure); its client retries after an exponential
backoff with full jitter, up to `retries` times, then gives up.

Conventions, as in queueing theory: `mean_queue_length` is L, the time-average
number of requests in the system (waiting plus in service), and
`mean_latency_s` is W, the time from an accepted attempt's arrival to its
completion (wait plus service). For M/M/1 they match L = ρ/(1-ρ) and
W = 1/(μ-λ), and L = λW (Little's law, with λ the accepted rate). The waiting
part alone is `mean_waiting` (Lq) and `mean_wait_s` (Wq).
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from primer_cli.sim.actions import Action
from primer_cli.sim.base import EVENT_CAP, Measure, Params
from primer_cli.sim.events import DURATION, EventModel
from primer_cli.sim.narrate import at_time, joined, number, percent, seconds
from primer_cli.sim.params import Param, as_float, as_int
from primer_cli.sim.theory import QueueTheory, mmck, with_retries
from primer_cli.wording import count_of

SAMPLES = 48  # points of queue-length history kept for drawing
MAX_RATE = 100_000.0
MIN_RATE = 0.01


def backoff_delay(attempt: int, base: float, rng: random.Random, cap: float = 30.0) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempt)], attempt counting from 0.

    Jitter spreads the retries of clients rejected together, so they do not
    return together and overflow the queue again.
    """
    return rng.uniform(0.0, min(cap, base * 2**attempt))


@dataclass(frozen=True)
class QueueState:
    time: float
    duration: float
    waiting: int
    capacity: int
    busy: int
    consumers: int
    backing_off: int  # rejected requests waiting to retry
    arrived: int
    rejected: int
    completed: int
    gave_up: int
    history: tuple[int, ...]  # requests in the system, sampled over the run


class QueueModel(EventModel[QueueState]):
    NAME = "queue"
    PARAMS = (
        Param(
            "arrival_rate",
            9.0,
            "New requests per second (Poisson).",
            minimum=MIN_RATE,
            maximum=MAX_RATE,
            unit="/s",
        ),
        Param(
            "service_rate",
            10.0,
            "Requests per second one consumer serves (exponential service).",
            minimum=0.01,
            maximum=MAX_RATE,
            unit="/s",
        ),
        Param("consumers", 1, "Consumers serving the queue in parallel.", minimum=1, maximum=64),
        Param(
            "capacity",
            10,
            "Queue slots; a request finding them full is rejected.",
            minimum=1,
            maximum=10_000_000,
        ),
        DURATION,
        Param(
            "retries",
            3,
            "Retries per rejected request before the client gives up.",
            minimum=0,
            maximum=20,
        ),
        Param(
            "backoff",
            0.2,
            "Base backoff; doubles per retry, with full jitter.",
            minimum=0,
            maximum=60,
            unit="s",
        ),
    )
    MEASURES = (
        Measure("mean_latency_s", "Mean time in system (W)", "s", "lower", steady=True),
        Measure("mean_queue_length", "Mean requests in system (L)", "", "lower", steady=True),
        Measure("mean_wait_s", "Mean wait in the queue (Wq)", "s", "lower", steady=True),
        Measure("utilization", "Consumers busy (ρ)", "%", steady=True),
        Measure("throughput", "Served", "/s", "higher", steady=True),
        Measure("rejected", "Attempts rejected (queue full)", "count", "lower"),
        Measure("gave_up", "Requests given up", "count", "lower"),
    )
    NOTICE = (
        "Watch the queue as arrivals near the consumers' rate (ρ → 1): waiting grows much faster "
        "than load, and a full queue rejects, then retries."
    )
    COST = ("arrival_rate", "duration")
    ACTIONS = (
        Action("faster", "More load", "]", "raised arrivals"),
        Action("slower", "Less load", "[", "lowered arrivals"),
    )
    RATE_STEP = 0.05  # each press moves the arrival rate by this share of the service capacity

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """An arrival and a completion per request, plus retries: up to `retries` more
        attempts each, as often as the queue is full (retries come back while it still
        is, so ten times the chance of independent arrivals, at most always)."""
        arrival = as_float(params, "arrival_rate")
        blocking = mmck(
            arrival,
            as_float(params, "service_rate"),
            as_int(params, "consumers"),
            as_int(params, "capacity"),
        ).blocking
        retries = as_int(params, "retries") * min(1.0, 10 * blocking)
        return arrival * as_float(params, "duration") * (2 + retries) + SAMPLES

    def start(self) -> None:
        self.arrival_rate = as_float(self.params, "arrival_rate")
        self.service_rate = as_float(self.params, "service_rate")
        self.consumers = as_int(self.params, "consumers")
        self.capacity = as_int(self.params, "capacity")
        self.retries = as_int(self.params, "retries")
        self.backoff = as_float(self.params, "backoff")
        self.waiting: deque[float] = deque()  # arrival times of accepted, waiting requests
        self.busy = 0
        self.backing_off = 0
        self.arrived = self.accepted = self.rejected = self.completed = self.gave_up = 0
        self.retried = 0
        self.latency_sum = self.wait_sum = 0.0
        self.wait_count = 0
        self.busy_area = self.waiting_area = 0.0  # time integrals since 0
        self.last_change = 0.0
        self.history: list[int] = []
        self.rates = [(0.0, self.arrival_rate)]  # (from when, arrivals per second)
        self._schedule_arrival()
        self.at(0.0, self._sample)

    def _account(self) -> None:
        """Add the time since the last change to the time-weighted integrals."""
        elapsed = self.now - self.last_change
        self.busy_area += self.busy * elapsed
        self.waiting_area += len(self.waiting) * elapsed
        self.last_change = self.now

    def _schedule_arrival(self) -> None:
        """The next arrival, an exponential wait at the current rate. The unit draw is kept
        (expovariate(1) / rate is expovariate(rate) to the bit), so a rate change can
        stretch the wait still to go: waits are memoryless, so that is a fresh one."""
        self.next_draw = (self.now, self.rng.expovariate(1.0))
        self.after(self.next_draw[1] / self.arrival_rate, self._new_request)

    def _new_request(self, _: Any) -> None:
        self._schedule_arrival()
        self.arrived += 1
        self._attempt(0)

    def _attempt(self, attempt: int) -> None:
        if self.busy < self.consumers:
            self._account()
            self.accepted += 1
            self.busy += 1
            self.wait_count += 1  # served at once: waited zero
            self.after(self.rng.expovariate(self.service_rate), self._finish, self.now)
        elif len(self.waiting) < self.capacity:
            self._account()
            self.accepted += 1
            self.waiting.append(self.now)
        else:
            self._reject(attempt)

    def _reject(self, attempt: int) -> None:
        self.rejected += 1
        if attempt < self.retries:
            self.backing_off += 1
            self.after(backoff_delay(attempt, self.backoff, self.rng), self._retry, attempt + 1)
        else:
            self.gave_up += 1

    def _retry(self, attempt: int) -> None:
        self.backing_off -= 1
        self.retried += 1
        self._attempt(attempt)

    def _finish(self, arrived_at: float) -> None:
        self._account()
        self.completed += 1
        self.latency_sum += self.now - arrived_at
        if self.waiting:
            queued_at = self.waiting.popleft()
            self.wait_sum += self.now - queued_at
            self.wait_count += 1
            self.after(self.rng.expovariate(self.service_rate), self._finish, queued_at)
        else:
            self.busy -= 1

    def _sample(self, _: Any) -> None:
        self.history.append(self.busy + len(self.waiting))
        if len(self.history) > SAMPLES:
            del self.history[0]
        self.after(self.end / SAMPLES, self._sample)

    # Live actions ------------------------------------------------------------------

    def _stepped_rate(self, name: str) -> float:
        step = self.RATE_STEP * self.consumers * self.service_rate
        rate = self.arrival_rate + (step if name == "faster" else -step)
        return round(min(MAX_RATE, max(MIN_RATE, rate)), 6)

    def refusal(self, name: str) -> str | None:
        rate = self._stepped_rate(name)
        if rate == self.arrival_rate:
            return f"arrivals are at their {'most' if name == 'faster' else 'least'} already"
        to_come = rate * (self.end - self.now) * (2 + self.retries)
        if name == "faster" and self.events + to_come > EVENT_CAP:
            return f"the rest of the run would take more than the {EVENT_CAP:,} events a run may"
        return super().refusal(name)

    def perform(self, name: str) -> None:
        """From now on requests arrive at the new rate: the wait for the next one is
        stretched or shrunk to it, so a change at 0 s is `arrival_rate` itself."""
        drawn_at, unit_wait = self.next_draw
        old, new = self.arrival_rate, self._stepped_rate(name)
        self.take_planned(self._new_request)
        left = unit_wait - (self.now - drawn_at) * old  # of the unit exponential draw
        self.next_draw = (self.now, left)
        self.arrival_rate = new
        if self.rates[-1][0] == self.now:  # several presses at one moment make one change
            self.rates.pop()
        self.rates.append((self.now, new))
        self.__dict__.pop("steady_state", None)  # theory follows the new rate
        self.at(self.now + left / new, self._new_request)

    def done_text(self, name: str) -> str:
        verb = "raised" if name == "faster" else "lowered"
        return f"{verb} arrivals to {number(self.arrival_rate)}/s"

    def notice(self) -> str:
        if len(self.rates) == 1:
            return self.NOTICE
        load = self.arrival_rate / (self.consumers * self.service_rate)
        now = f"Arrivals now {number(self.arrival_rate)}/s (ρ = {load:.2f})"
        if self.steady_state is None:
            return f"{now}: more than the consumers serve, so the queue fills; no steady state."
        return f"{now}: theory is for this rate; the averages so far still hold the earlier ones."

    def _areas(self) -> tuple[float, float]:
        """The busy and waiting integrals up to now (the last stretch not yet accounted)."""
        elapsed = self.now - self.last_change
        return self.busy_area + self.busy * elapsed, self.waiting_area + len(self.waiting) * elapsed

    def state(self) -> QueueState:
        return QueueState(
            time=self.now,
            duration=self.end,
            waiting=len(self.waiting),
            capacity=self.capacity,
            busy=self.busy,
            consumers=self.consumers,
            backing_off=self.backing_off,
            arrived=self.arrived,
            rejected=self.rejected,
            completed=self.completed,
            gave_up=self.gave_up,
            history=tuple(self.history),
        )

    def metrics(self) -> dict[str, Any]:
        elapsed = self.now or 1e-12
        busy_area, waiting_area = self._areas()
        completed = self.completed or 1
        return {
            "mean_latency_s": round(self.latency_sum / completed, 6),
            "mean_queue_length": round((busy_area + waiting_area) / elapsed, 6),
            "throughput": round(self.completed / elapsed, 6),
            "utilization": round(busy_area / (self.consumers * elapsed), 6),
            "rejected": self.rejected,
            "mean_wait_s": round(self.wait_sum / (self.wait_count or 1), 6),
            "mean_waiting": round(waiting_area / elapsed, 6),
            "arrived": self.arrived,
            "accepted": self.accepted,
            "completed": self.completed,
            "retried": self.retried,
            "gave_up": self.gave_up,
            "in_system": self.busy + len(self.waiting),
            "time_s": round(self.now, 6),
        }

    # Theory ---------------------------------------------------------------------

    @cached_property
    def steady_state(self) -> QueueTheory | None:
        """M/M/c/K, with retries counted as extra Poisson arrivals; None when an
        overload has no steady state within the run (the queue is still filling at the end).

        With retries this is an approximation: W, L and throughput land within a
        few percent in the tests, but rejections run far above it, because a
        rejected client comes back while the queue is still full.
        """
        spare = self.consumers * self.service_rate - self.arrival_rate
        if spare <= 0 and self.capacity / max(-spare, 1e-9) > self.end / 4:
            return None
        return with_retries(
            self.arrival_rate, self.service_rate, self.consumers, self.capacity, self.retries
        )

    def theory(self) -> dict[str, Any]:
        steady = self.steady_state
        if steady is None:
            return {}
        predicted = {
            "mean_latency_s": round(steady.time_in_system, 6),
            "mean_queue_length": round(steady.in_system, 6),
            "mean_wait_s": round(steady.wait, 6),
            "mean_waiting": round(steady.waiting, 6),
            "utilization": round(steady.utilization, 6),
            "throughput": round(steady.throughput, 6),
        }
        if self.retries == 0 and len(self.rates) == 1:  # exact: every rejection gives up at once
            rejected = round(steady.blocking * self.arrival_rate * self.end, 3)
            predicted |= {"rejected": rejected, "gave_up": rejected}
        return predicted

    def summary(self) -> str:
        m = self.metrics()
        load = self.arrival_rate / (self.consumers * self.service_rate)
        steady = self.steady_state
        changed = len(self.rates) > 1
        text = (
            f"Requests arrived at {self._rates_text()} against "
            f"{number(self.consumers * self.service_rate)}/s of service "
            f"(ρ = {load:.2f}{' at the end' if changed else ''}). "
            f"An accepted request spent {seconds(m['mean_latency_s'])} in the system on average"
            + (f" (theory {seconds(steady.time_in_system)})" if steady else "")
            + f", with {number(m['mean_queue_length'])} in the system at a time"
            + (f" (theory {number(round(steady.in_system, 3))})." if steady else ".")
        )
        if steady is None:
            text += (
                " Arrivals outpace service, so the queue grows all run: there is no steady state."
            )
        elif changed:
            text += " The averages cover every rate of the run; theory is for the last one."
        elif abs(m["mean_latency_s"] - steady.time_in_system) > 0.2 * steady.time_in_system:
            text += " Near ρ = 1 a short run is noisy; a longer one settles towards theory."
        return text + self._rejections(steady)

    def _rates_text(self) -> str:
        """'9/s', or '9/s, 9.5/s from 12 s and 10/s from 20 s' after live changes."""
        first, *changed = self.rates
        return joined(
            [f"{number(first[1])}/s"]
            + [f"{number(rate)}/s from {at_time(when)}" for when, rate in changed]
        )

    def _rejections(self, steady: QueueTheory | None) -> str:
        if not self.rejected:
            return " The queue never filled, so nothing was rejected."
        attempts = self.arrived + self.retried
        text = (
            f" The full queue turned away {count_of(self.rejected, 'attempt')} "
            f"({percent(self.rejected / attempts)} of attempts)"
        )
        if self.retries and steady is not None:
            text += (
                f", where independent arrivals would see {percent(steady.blocking)}: "
                "a rejected client retries while the queue is still full"
            )
        if not self.retries:
            return text + ", and every one of them gave up."
        return text + (
            f". {count_of(self.retried, 'retry')} came back after a backoff and "
            f"{count_of(self.gave_up, 'request')} gave up."
        )
