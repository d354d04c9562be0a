"""A load balancer in front of servers of different speeds, one of which fails and comes back.

Requests arrive as a Poisson process from a pool of clients; the balancer
picks a server by the chosen strategy among the servers its health checks
believe are up. Each server handles one request at a time from a FIFO queue
of up to `MAX_CONNECTIONS`, with exponential service times, so a lone server
is an M/M/1 queue whose latency percentiles theory predicts. At `fail_at` the
first (fastest) server dies: its queued requests are dropped, and so is every
request sent to it until the health checks notice; at `recover_at` it comes back
and two passing checks return it to the pool. Two failed checks in a row take a
server out, as real balancers do to ride out a single lost probe.
"""

from __future__ import annotations

import math
import random
import zlib
from collections import deque
from collections.abc import Callable, Set
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from primer_cli.sim.actions import Action
from primer_cli.sim.base import Measure, Params
from primer_cli.sim.events import DURATION, EventModel, fault_moment
from primer_cli.sim.faults import check_after, check_inside_run
from primer_cli.sim.narrate import at_time, milliseconds, moments, percent, seconds
from primer_cli.sim.params import Param, as_float, as_int, as_optional_float, as_str
from primer_cli.sim.stats import mean, percentile
from primer_cli.wording import count_of

STRATEGIES = ("round-robin", "random", "least-connections", "weighted", "ip-hash")
SPEEDS = (1.0, 0.5, 1.0, 0.25)  # repeated across servers: fast, half, fast, quarter…
BASE_SERVICE_S = 0.02  # a speed-1 server takes 20 ms on average: 50 requests/s
MAX_CONNECTIONS = 50  # queued plus in service; beyond it a server refuses (dropped)
CLIENTS = 200  # distinct client addresses, for ip-hash
CHECKS_TO_CHANGE = 2  # consecutive failed (or passed) checks before a server leaves (or rejoins)


def server_speeds(count: int) -> list[float]:
    return [SPEEDS[i % len(SPEEDS)] for i in range(count)]


def client_hash(client: int) -> int:
    """A stable hash of a client address (Python's hash() of str changes per process)."""
    return zlib.crc32(f"10.0.{client // 256}.{client % 256}".encode())


CLIENT_HASHES = [client_hash(client) for client in range(CLIENTS)]


def weighted_schedule(weights: dict[int, int]) -> list[int]:
    """One cycle of smooth weighted round-robin (as in nginx): heavy servers interleaved, not bunched."""
    current = dict.fromkeys(weights, 0)
    total = sum(weights.values())
    order: list[int] = []
    for _ in range(total):
        for server, weight in weights.items():
            current[server] += weight
        chosen = max(current, key=lambda s: (current[s], -s))
        current[chosen] -= total
        order.append(chosen)
    return order


class Picker:
    """The balancing strategy: which server in the pool gets the next request.

    Each strategy is a method taking the client and the open connections per
    server; `pick` is bound to the chosen one once, not looked up per request.
    """

    def __init__(self, strategy: str, speeds: list[float], rng: random.Random) -> None:
        self.speeds = speeds
        self.rng = rng
        self.turn = 0
        self.pool: list[int] = []
        self.rotations: list[list[int]] = []
        self.schedule: list[int] = []
        self.set_pool(list(range(len(speeds))))
        self.pick: Callable[[int, list[int]], int] = getattr(self, "_" + strategy.replace("-", "_"))

    def set_pool(self, servers: list[int]) -> None:
        """Called when health checks change the pool; precomputes what each pick needs."""
        self.pool = servers
        # Each rotation of the pool, made once here rather than on every pick.
        self.rotations = [servers[start:] + servers[:start] for start in range(len(servers))]
        weights = {s: max(1, round(self.speeds[s] * 4)) for s in servers}
        self.schedule = weighted_schedule(weights)
        self.turn = 0

    def _round_robin(self, client: int, connections: list[int]) -> int:
        self.turn += 1
        return self.pool[self.turn % len(self.pool)]

    def _random(self, client: int, connections: list[int]) -> int:
        return self.pool[int(self.rng.random() * len(self.pool))]

    def _least_connections(self, client: int, connections: list[int]) -> int:
        # Ties go round-robin, so idle servers share a light load instead of server 0 taking it all.
        self.turn += 1
        return min(self.rotations[self.turn % len(self.pool)], key=connections.__getitem__)

    def _weighted(self, client: int, connections: list[int]) -> int:
        self.turn += 1
        return self.schedule[self.turn % len(self.schedule)]

    def _ip_hash(self, client: int, connections: list[int]) -> int:
        return self.pool[CLIENT_HASHES[client] % len(self.pool)]


@dataclass(frozen=True)
class ServerState:
    index: int
    speed: float
    up: bool  # actually running
    in_pool: bool  # what the balancer's health checks believe
    connections: int
    sent: int
    served: int
    dropped: int


@dataclass(frozen=True)
class BalancerState:
    time: float
    duration: float
    strategy: str
    servers: tuple[ServerState, ...]
    max_connections: int
    dropped: int
    served: int


@dataclass
class Timeline:
    """One outage of server 0: when it failed, was noticed and came back, and how much
    traffic it got meanwhile, under which strategy."""

    strategy: str
    failed_at: float | None = None
    detected_at: float | None = None
    recovered_at: float | None = None
    rejoined_at: float | None = None
    sent_at_failure: tuple[int, int] = (0, 0)  # (to the failed server, to all) when it failed
    sent_at_detection: tuple[int, int] = (0, 0)


class BalancerModel(EventModel[BalancerState]):
    NAME = "balancer"
    PARAMS = (
        Param("strategy", "round-robin", "How the balancer picks a server.", choices=STRATEGIES),
        Param(
            "servers",
            4,
            "Servers behind the balancer (speeds 1, ½, 1, ¼, …).",
            minimum=1,
            maximum=32,
        ),
        Param(
            "rate", 40.0, "Requests per second (Poisson).", minimum=0.01, maximum=100_000, unit="/s"
        ),
        fault_moment("fail_at", 20.0, "When server 0 fails."),
        fault_moment("recover_at", 40.0, "When it comes back."),
        Param(
            "check_every",
            2.0,
            "Time between health checks.",
            minimum=0.01,
            maximum=3600,
            unit="s",
        ),
        DURATION,
    )
    MEASURES = (
        Measure("p50_ms", "Median latency (p50)", "ms", "lower"),
        Measure("p99_ms", "Tail latency (p99)", "ms", "lower"),
        Measure("mean_ms", "Mean latency", "ms", "lower"),
        Measure("dropped", "Requests dropped", "count", "lower"),
        Measure("served", "Requests served", "count", "higher"),
        Measure("detected_after_s", "Failure noticed after", "s", "lower"),
    )
    NOTICE = (
        "Watch server 0 fail: until two health checks in a row miss it, it still gets requests, "
        "and drops them. Then watch the slow servers' queues."
    )
    VARIANT = "strategy"
    HEADLINE = ("p99_ms", "dropped", "served")
    COST = ("rate", "duration", "check_every")
    ACTIONS = (
        Action("fail", "Fail s0", "f", "failed server s0"),
        Action("recover", "Fix s0", "b", "brought s0 back"),
        Action("strategy", "Strategy", "t", "switched strategy"),
    )

    @classmethod
    def check(cls, params: Params, given: Set[str]) -> None:
        check_inside_run(params, given, "fail_at")
        check_after(params, given, "fail_at", "recover_at")

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        duration = as_float(params, "duration")
        return 2 * as_float(params, "rate") * duration + duration / as_float(params, "check_every")

    def start(self) -> None:
        self.strategy = as_str(self.params, "strategy")
        self.rate = as_float(self.params, "rate")
        self.check_every = as_float(self.params, "check_every")
        self._set_up_servers(as_int(self.params, "servers"))
        self.picker = Picker(self.strategy, self.speeds, self.rng)
        self.unrouted = 0  # requests that found no server in the pool
        self.latencies: list[float] = []
        self.outages: list[Timeline] = []  # server 0's, in order
        self.after(self.rng.expovariate(self.rate), self._arrive)
        # Checks start at a random phase: a failure lands anywhere between two checks.
        self.after(self.rng.uniform(0, self.check_every), self._health_check)
        fail_at = as_optional_float(self.params, "fail_at")
        recover_at = as_optional_float(self.params, "recover_at")
        if fail_at is not None:
            self.at(fail_at, self._fail, 0)
            if recover_at is not None:
                self.at(recover_at, self._recover, 0)

    def _set_up_servers(self, count: int) -> None:
        self.speeds = server_speeds(count)
        self.up = [True] * count
        self.in_pool = [True] * count
        self.last_seen = [True] * count  # last health-check result per server
        self.streak = [CHECKS_TO_CHANGE] * count  # consecutive checks with that result
        self.epoch = [0] * count  # bumped on failure: completions scheduled before it are void
        self.queues: list[deque[float]] = [deque() for _ in range(count)]  # arrival times
        self.connections = [0] * count
        self.sent = [0] * count
        self.served = [0] * count
        self.dropped = [0] * count
        self.latency_sums = [0.0] * count

    def _arrive(self, _: Any) -> None:
        self.after(self.rng.expovariate(self.rate), self._arrive)
        if not self.picker.pool:
            self.unrouted += 1  # every server is out of the pool
            return
        client = int(self.rng.random() * CLIENTS)
        server = self.picker.pick(client, self.connections)
        self.sent[server] += 1
        if not self.up[server] or self.connections[server] >= MAX_CONNECTIONS:
            self.dropped[server] += 1
            return
        self.queues[server].append(self.now)
        self.connections[server] += 1
        if self.connections[server] == 1:
            self._serve(server)

    def _serve(self, server: int) -> None:
        service = self.rng.expovariate(self.speeds[server] / BASE_SERVICE_S)
        self.after(service, self._complete, (server, self.epoch[server]))

    def _complete(self, data: tuple[int, int]) -> None:
        server, epoch = data
        if epoch != self.epoch[server]:
            return  # the server died while this request was in service
        latency = self.now - self.queues[server].popleft()
        self.latencies.append(latency)
        self.latency_sums[server] += latency
        self.served[server] += 1
        self.connections[server] -= 1
        if self.connections[server]:
            self._serve(server)

    def _fail(self, server: int) -> None:
        self.up[server] = False
        self.epoch[server] += 1
        self.dropped[server] += self.connections[server]
        self.queues[server].clear()
        self.connections[server] = 0
        sent = (self.sent[server], self._all_sent())
        outage = Timeline(self.strategy, failed_at=self.now, sent_at_failure=sent)
        if not self.in_pool[server]:  # back up but not yet back in the pool: nothing to notice
            outage.detected_at, outage.sent_at_detection = self.now, sent
        self.outages.append(outage)

    def _recover(self, server: int) -> None:
        self.up[server] = True
        self.timeline.recovered_at = self.now

    @property
    def timeline(self) -> Timeline:
        """The latest outage; an empty one before any."""
        return self.outages[-1] if self.outages else Timeline(self.strategy)

    def _all_sent(self) -> int:
        return sum(self.sent) + self.unrouted

    def _health_check(self, _: Any) -> None:
        self.after(self.check_every, self._health_check)
        changed = False
        for server, up in enumerate(self.up):
            self.streak[server] = self.streak[server] + 1 if up == self.last_seen[server] else 1
            self.last_seen[server] = up
            if up != self.in_pool[server] and self.streak[server] >= CHECKS_TO_CHANGE:
                self.in_pool[server] = up
                changed = True
        if changed:
            self._pool_changed()

    def _pool_changed(self) -> None:
        timeline = self.timeline
        if timeline.failed_at is not None and timeline.detected_at is None and not self.in_pool[0]:
            timeline.detected_at = self.now
            timeline.sent_at_detection = (self.sent[0], self._all_sent())
        if timeline.recovered_at is not None and timeline.rejoined_at is None and self.in_pool[0]:
            timeline.rejoined_at = self.now
        self.picker.set_pool([s for s, in_pool in enumerate(self.in_pool) if in_pool])

    # Live actions ------------------------------------------------------------------

    def refusal(self, name: str) -> str | None:
        if name == "fail" and not self.up[0]:
            return "s0 is already down"
        if name == "recover" and self.up[0]:
            return "s0 is up"
        return super().refusal(name)

    def perform(self, name: str) -> None:
        """Failing takes the place of the planned failure (fail_at), bringing back of the
        planned recovery; a new strategy picks the next request on."""
        if name == "strategy":
            self._switch(STRATEGIES[(STRATEGIES.index(self.strategy) + 1) % len(STRATEGIES)])
            return
        handler = self._fail if name == "fail" else self._recover
        self.take_planned(handler)
        self.happen_now(handler, 0)

    def done_text(self, name: str) -> str:
        return f"switched to {self.strategy}" if name == "strategy" else super().done_text(name)

    def _switch(self, strategy: str) -> None:
        pool = self.picker.pool
        self.strategy = strategy
        self.picker = Picker(strategy, self.speeds, self.rng)
        self.picker.set_pool(pool)

    def state(self) -> BalancerState:
        servers = tuple(self._server_state(i) for i in range(len(self.speeds)))
        return BalancerState(
            time=self.now,
            duration=self.end,
            strategy=self.strategy,
            servers=servers,
            max_connections=MAX_CONNECTIONS,
            dropped=self.total_dropped,
            served=sum(self.served),
        )

    def _server_state(self, i: int) -> ServerState:
        return ServerState(
            index=i,
            speed=self.speeds[i],
            up=self.up[i],
            in_pool=self.in_pool[i],
            connections=self.connections[i],
            sent=self.sent[i],
            served=self.served[i],
            dropped=self.dropped[i],
        )

    @property
    def total_dropped(self) -> int:
        return sum(self.dropped) + self.unrouted

    def metrics(self) -> dict[str, Any]:
        self.latencies.sort()  # mostly sorted already after the first call, so cheap
        timeline = self.timeline
        detection = None
        if timeline.failed_at is not None and timeline.detected_at is not None:
            detection = round(timeline.detected_at - timeline.failed_at, 6)
        return {
            "p50_ms": round(percentile(self.latencies, 0.50) * 1000, 3),
            "p99_ms": round(percentile(self.latencies, 0.99) * 1000, 3),
            "dropped": self.total_dropped,
            "per_server": [self._server_metrics(i) for i in range(len(self.speeds))],
            "mean_ms": round(mean(self.latencies) * 1000, 3),
            "served": sum(self.served),
            "sent": self._all_sent(),
            "detected_after_s": detection,
            "time_s": round(self.now, 6),
        }

    def _server_metrics(self, server: int) -> dict[str, Any]:
        return {
            "server": server,
            "speed": self.speeds[server],
            "sent": self.sent[server],
            "served": self.served[server],
            "dropped": self.dropped[server],
            "mean_ms": round(self.latency_sums[server] / (self.served[server] or 1) * 1000, 3),
        }

    def theory(self) -> dict[str, Any]:
        """Detection needs CHECKS_TO_CHANGE failed checks, the first one a uniform
        share of an interval after the failure; a lone, never-failing server is M/M/1."""
        predicted: dict[str, Any] = {}
        fails = bool(self.outages or self.planned(self._fail))
        if fails:
            predicted["detected_after_s"] = (CHECKS_TO_CHANGE - 0.5) * self.check_every
        spare = 1 / BASE_SERVICE_S - self.rate
        if len(self.speeds) == 1 and not fails and spare > 0:
            predicted |= {
                "p50_ms": round(1000 * math.log(2) / spare, 3),
                "p99_ms": round(1000 * math.log(100) / spare, 3),
                "mean_ms": round(1000 / spare, 3),
            }
        return predicted

    def summary(self) -> str:
        m = self.metrics()
        text = self._fault_story()
        text += (
            f" Served requests took {milliseconds(m['p50_ms'])} at the median and "
            f"{milliseconds(m['p99_ms'])} at p99."
        )
        return text + self._slowest_story()

    def _fault_story(self) -> str:
        if not self.outages:
            return "No server failed in this run."
        timeline = self.outages[0]
        assert timeline.failed_at is not None
        text = f"Server s0 failed at {at_time(timeline.failed_at)}."
        if timeline.detected_at is not None:
            to_it = timeline.sent_at_detection[0] - timeline.sent_at_failure[0]
            to_all = timeline.sent_at_detection[1] - timeline.sent_at_failure[1]
            text += (
                f" {timeline.strategy.capitalize()} kept sending it {percent(to_it / max(1, to_all))} "
                f"of the traffic until the health checks removed it at "
                f"{at_time(timeline.detected_at)}, "
                f"{seconds(timeline.detected_at - timeline.failed_at)} later"
            )
        else:
            text += " The health checks had not removed it by the end of the run"
        text += f"; {count_of(self.total_dropped, 'request')} {'was' if self.total_dropped == 1 else 'were'} dropped."
        if timeline.rejoined_at is not None and timeline.recovered_at is not None:
            text += (
                f" It came back at {at_time(timeline.recovered_at)} and rejoined the pool at "
                f"{at_time(timeline.rejoined_at)}."
            )
        if len(self.outages) > 1:
            again = [outage.failed_at or 0.0 for outage in self.outages[1:]]
            text += f" It failed again at {moments(again)}."
        return text

    def _slowest_story(self) -> str:
        """How the slowest server fared against the fastest: where strategies differ most."""
        if len(set(self.speeds)) < 2:
            return ""
        slow = min(range(len(self.speeds)), key=lambda s: (self.speeds[s], s))
        fast = max(range(len(self.speeds)), key=lambda s: (self.speeds[s], -s))
        mean_ms = [self.latency_sums[s] / (self.served[s] or 1) * 1000 for s in (slow, fast)]
        share = self.sent[slow] / max(1, self._all_sent())
        return (
            f" The slowest server, s{slow} at speed {Fraction(self.speeds[slow]).limit_denominator(8)}, "
            f"got {percent(share)} of the requests and averaged {milliseconds(mean_ms[0])} each, "
            f"against {milliseconds(mean_ms[1])} on s{fast}."
        )
