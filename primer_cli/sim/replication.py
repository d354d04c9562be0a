"""Primary-replica (async or sync) and primary-primary replication, with a crash and a failover.

Two nodes hold a key-value store. Every write gets a global, increasing id, so
"newer" is simply "larger id", and last-writer-wins keeps the larger one.

- `async`: the primary acknowledges a write at once and ships it to the
  replica, which applies it `lag_ms` later. Reads go to the replica, so they
  can be stale; when the primary crashes, what it had not shipped is lost.
- `sync`: the primary acknowledges only once the replica has applied the
  write, so writes take `lag_ms` longer, reads are never stale and a crash
  loses nothing acknowledged.
- `primary-primary`: both nodes take writes and ship them to each other
  asynchronously; two writes to one key that cross in flight conflict, and
  last-writer-wins discards the older.

At `fail_at` the primary (node A) crashes. The survivor notices after
`detect_ms` without heartbeats, takes over after a short promotion, and A
rejoins later as a replica rebuilt from the survivor's data. A read is stale
when it returns an older version than the newest acknowledged write that
survived; writes refused while no primary is up count as `write_errors`.
"""

from __future__ import annotations

import math
from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from primer_cli.sim.actions import Action
from primer_cli.sim.base import Measure, Params
from primer_cli.sim.events import DURATION, EventModel, fault_moment
from primer_cli.sim.faults import check_inside_run
from primer_cli.sim.narrate import at_time, joined, milliseconds, number, percent, seconds
from primer_cli.sim.params import Param, as_float, as_int, as_optional_float, as_str
from primer_cli.wording import count_of

MODES = ("async", "sync", "primary-primary")
LOCAL_WRITE_S = 0.001  # a write applied on the node the client talks to
PROMOTION_S = 0.5  # from declaring the primary dead to the survivor taking writes
REJOIN_AFTER_S = 5.0  # the crashed node restarts and rebuilds from a snapshot
NODES = ("A", "B")


@dataclass
class Node:
    name: str
    store: dict[int, int]  # key → id of the write it holds
    up: bool = True
    role: str = "primary"  # primary, replica or down
    epoch: int = 0  # bumped on crash: shipments sent before it are void
    in_flight: int = 0  # writes shipped to the other node, not yet applied there
    newest: int = 0  # id of the newest write held

    def hold(self, key: int, write_id: int) -> None:
        self.store[key] = write_id
        self.newest = max(self.newest, write_id)


@dataclass
class Crash:
    """One crash and the failover after it, as it happened."""

    node: str  # the node that crashed
    survivor: str
    at: float
    promoted_at: float | None = None
    rejoined_at: float | None = None


@dataclass(frozen=True)
class NodeState:
    name: str
    role: str
    up: bool
    keys: int
    newest: int  # id of the newest write held
    in_flight: int


@dataclass(frozen=True)
class ReplicationState:
    time: float
    duration: float
    mode: str
    nodes: tuple[NodeState, NodeState]
    phase: str  # "normal", "failover" or "recovering"
    lag_ms: float
    writes: int
    reads: int
    lost_writes: int
    stale_reads: int
    conflicts: int


class ReplicationModel(EventModel[ReplicationState]):
    NAME = "replication"
    PARAMS = (
        Param("mode", "async", "Replication mode.", choices=MODES),
        Param(
            "lag_ms",
            200.0,
            "Time for a write to reach the other node.",
            minimum=0,
            maximum=60_000,
            unit="ms",
        ),
        fault_moment("fail_at", 30.0, "When the primary (node A) crashes."),
        Param(
            "detect_ms",
            2000.0,
            "Time without heartbeats before failover.",
            minimum=0,
            maximum=60_000,
            unit="ms",
        ),
        Param(
            "write_rate",
            20.0,
            "Writes per second (Poisson).",
            minimum=0.01,
            maximum=100_000,
            unit="/s",
        ),
        Param(
            "read_rate",
            50.0,
            "Reads per second (Poisson).",
            minimum=0.01,
            maximum=100_000,
            unit="/s",
        ),
        Param(
            "keys",
            100,
            "Distinct keys, each written and read uniformly.",
            minimum=1,
            maximum=100_000,
        ),
        DURATION,
    )
    MEASURES = (
        Measure("lost_writes", "Acknowledged writes lost", "count", "lower"),
        Measure("stale_fraction", "Reads that were stale", "%", "lower"),
        Measure("conflicts", "Writes lost to conflicts", "count", "lower"),
        Measure("write_latency_ms", "Write latency", "ms", "lower"),
        Measure("failover_ms", "Failover took", "ms", "lower"),
        Measure("write_errors", "Writes refused", "count", "lower"),
    )
    NOTICE = (
        "Watch the writes in flight: async acknowledges before they reach B, so the crash loses "
        "them; sync waits for B: slower writes, none lost."
    )
    VARIANT = "mode"
    HEADLINE = ("lost_writes", "write_latency_ms", "stale_fraction")
    COST = ("write_rate", "read_rate", "duration")
    ACTIONS = (Action("fail", "Fail primary", "f", "failed the primary"),)

    @classmethod
    def check(cls, params: Params, given: Set[str]) -> None:
        check_inside_run(params, given, "fail_at")

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        duration = as_float(params, "duration")
        return (2 * as_float(params, "write_rate") + as_float(params, "read_rate")) * duration

    def start(self) -> None:
        self.mode = as_str(self.params, "mode")
        self.lag = as_float(self.params, "lag_ms") / 1000
        self.write_rate = as_float(self.params, "write_rate")
        self.read_rate = as_float(self.params, "read_rate")
        self.keys = as_int(self.params, "keys")
        self.a = Node("A", {}, role="primary")
        self.b = Node("B", {}, role="primary" if self.mode == "primary-primary" else "replica")
        self.committed: dict[int, int] = {}  # key → newest acknowledged write that survives
        self.differing: set[int] = set()  # keys the two nodes hold different writes of
        self.next_id = 0
        self.phase = "normal"
        self.writes = self.reads = self.acked = self.write_errors = 0
        self.lost_writes = self.stale_reads = self.conflicts = 0
        self.write_latency_sum = 0.0
        self.crashes: list[Crash] = []  # in order; the fault, and any the learner adds
        self.after(self.rng.expovariate(self.write_rate), self._write)
        self.after(self.rng.expovariate(self.read_rate), self._read)
        fail_at = as_optional_float(self.params, "fail_at")
        if fail_at is not None:
            self.at(fail_at, self._crash, self.a)

    def _hold(self, node: Node, key: int, write_id: int) -> None:
        """Store a write on a node, keeping track of the keys the two nodes disagree on."""
        node.hold(key, write_id)
        if self.a.store.get(key, 0) != self.b.store.get(key, 0):
            self.differing.add(key)
        else:
            self.differing.discard(key)

    def _other(self, node: Node) -> Node:
        return self.b if node is self.a else self.a

    def _writer(self) -> Node | None:
        """The node this write goes to; None while no primary takes writes."""
        if self.mode == "primary-primary" and self.a.role == "primary" and self.b.role == "primary":
            return self.a if self.rng.random() < 0.5 else self.b
        for node in (self.a, self.b):
            if node.role == "primary" and node.up:
                return node
        return None

    def _write(self, _: Any) -> None:
        self.after(self.rng.expovariate(self.write_rate), self._write)
        self.writes += 1
        node = self._writer()
        if node is None or not node.up:
            self.write_errors += 1  # clients still sending to a dead primary get errors
            return
        key = int(self.rng.random() * self.keys)
        self.next_id += 1
        write_id, parent = self.next_id, node.store.get(key, 0)
        self._hold(node, key, write_id)
        peer = self._other(node)
        if not peer.up:
            self._acknowledge(key, write_id, LOCAL_WRITE_S)
            return
        node.in_flight += 1
        shipment = (node, node.epoch, key, write_id, parent, self.now)
        self.at(self.now + LOCAL_WRITE_S + self.lag, self._apply, shipment)
        if self.mode != "sync":
            self._acknowledge(key, write_id, LOCAL_WRITE_S)

    def _acknowledge(self, key: int, write_id: int, latency: float) -> None:
        self.acked += 1
        self.write_latency_sum += latency
        if write_id > self.committed.get(key, 0):
            self.committed[key] = write_id

    def _apply(self, shipment: tuple[Node, int, int, int, int, float]) -> None:
        sender, epoch, key, write_id, parent, sent_at = shipment
        if epoch != sender.epoch:
            return  # the sender crashed before this left it
        receiver = self._other(sender)
        sender.in_flight -= 1
        if not receiver.up:
            if self.mode == "sync":
                self.write_errors += 1  # no replica to confirm it: the client times out
            return
        if self.mode == "sync":
            self._acknowledge(key, write_id, self.now - sent_at)
        held = receiver.store.get(key, 0)
        if held != parent and held > write_id:
            self.conflicts += 1  # written on both sides at once: last-writer-wins drops this one
        if write_id > held:
            self._hold(receiver, key, write_id)

    def _read(self, _: Any) -> None:
        self.after(self.rng.expovariate(self.read_rate), self._read)
        self.reads += 1
        key = int(self.rng.random() * self.keys)
        node = self._reader()
        if node.store.get(key, 0) < self.committed.get(key, 0):
            self.stale_reads += 1

    def _reader(self) -> Node:
        """Reads go to the replica to spread load; primary-primary reads the nearer node."""
        if self.mode == "primary-primary" and self.a.up and self.b.up:
            return self.a if self.rng.random() < 0.5 else self.b
        for node in (self.b, self.a):
            if node.up and (node.role == "replica" or self.mode == "primary-primary"):
                return node
        return self.a if self.a.up else self.b

    def _crash(self, node: Node) -> None:
        survivor = self._other(node)
        node.up = False
        node.epoch += 1
        if self.mode == "sync":
            self.write_errors += node.in_flight  # never acknowledged: the clients time out
        else:
            self.lost_writes += node.in_flight  # acknowledged, never shipped: gone
        node.in_flight = 0
        node.store, node.newest = {}, 0
        self.differing = set(survivor.store)
        # What the survivor holds is now the truth: the lost writes are gone for good.
        self.committed = dict(survivor.store)
        self.crashes.append(Crash(node.name, survivor.name, self.now))
        self.phase = "failover"
        self.after(as_float(self.params, "detect_ms") / 1000 + PROMOTION_S, self._promote, survivor)

    def _promote(self, survivor: Node) -> None:
        survivor.role = "primary"
        self.crashes[-1].promoted_at = self.now
        self.phase = "recovering"
        crashed = self._other(survivor)
        crashed.role = "down"
        self.at(self.now + REJOIN_AFTER_S, self._rejoin, crashed)

    def _rejoin(self, node: Node) -> None:
        survivor = self._other(node)
        node.store = dict(survivor.store)  # rebuilt from a snapshot of the survivor
        self.differing = set()
        node.newest = survivor.newest
        node.up = True
        node.role = "primary" if self.mode == "primary-primary" else "replica"
        self.phase = "normal"
        self.crashes[-1].rejoined_at = self.now

    # Live actions ------------------------------------------------------------------

    def refusal(self, name: str) -> str | None:
        if self.phase != "normal":
            return "a failover is still under way"
        return super().refusal(name)

    def _primary(self) -> Node:
        """The node failing the primary crashes: A while it is a primary, as the fault does."""
        return self.a if self.a.role == "primary" else self.b

    def perform(self, name: str) -> None:
        """A crash of A takes the place of the crash the run plans (fail_at); once that
        has happened, failing the primary again crashes whichever node is primary."""
        primary = self._primary()
        if primary is self.a:
            self.take_planned(self._crash)
        self.happen_now(self._crash, primary)

    def converged(self) -> bool:
        """True when both nodes are up and hold the same data once the writes in flight land.

        Keys both nodes hold alike stay alike (a node never ships a write older than
        what it holds), so only the keys they differ on need the shipments in flight.
        """
        if not (self.a.up and self.b.up):
            return False
        if not self.differing:
            return True
        settled = {
            node.name: {k: node.store.get(k, 0) for k in self.differing}
            for node in (self.a, self.b)
        }
        for sender, epoch, key, write_id, _, _ in self.pending(self._apply):
            receiver = settled[self._other(sender).name]
            if epoch == sender.epoch and key in receiver and write_id > receiver[key]:
                receiver[key] = write_id
        return settled["A"] == settled["B"]

    def state(self) -> ReplicationState:
        return ReplicationState(
            time=self.now,
            duration=self.end,
            mode=self.mode,
            nodes=(self._node_state(self.a), self._node_state(self.b)),
            phase=self.phase,
            lag_ms=self.lag * 1000,
            writes=self.writes,
            reads=self.reads,
            lost_writes=self.lost_writes,
            stale_reads=self.stale_reads,
            conflicts=self.conflicts,
        )

    def _node_state(self, node: Node) -> NodeState:
        role = node.role if node.up else "down"
        return NodeState(node.name, role, node.up, len(node.store), node.newest, node.in_flight)

    def metrics(self) -> dict[str, Any]:
        failover = None
        if self.crashes and self.crashes[-1].promoted_at is not None:
            failover = round((self.crashes[-1].promoted_at - self.crashes[-1].at) * 1000, 3)
        return {
            "lost_writes": self.lost_writes,
            "stale_reads": self.stale_reads,
            "conflicts": self.conflicts,
            "failover_ms": failover,
            "write_latency_ms": round(self.write_latency_sum / (self.acked or 1) * 1000, 3),
            "writes": self.writes,
            "acknowledged": self.acked,
            "write_errors": self.write_errors,
            "reads": self.reads,
            "stale_fraction": round(self.stale_reads / (self.reads or 1), 6),
            "converged": self.converged(),
            "time_s": round(self.now, 6),
        }

    # Theory and words ---------------------------------------------------------------

    def _crash_times(self) -> list[float]:
        """The crashes of the whole run: those that happened, then the one still planned."""
        return [crash.at for crash in self.crashes] + self.planned(self._crash)

    def _alone_seconds(self, crash_at: float) -> tuple[float, float]:
        """(seconds with no primary taking writes, seconds with one node alone), from a crash on."""
        failover = as_float(self.params, "detect_ms") / 1000 + PROMOTION_S
        without_primary = min(failover, self.end - crash_at)
        alone = min(failover + REJOIN_AFTER_S, self.end - crash_at) - without_primary
        return without_primary, alone

    def theory(self) -> dict[str, Any]:
        """Little's law on the replication pipe: writes in flight = write rate × time in flight.

        Async loses those in a crash. A read from a lagging replica is stale when
        its key was written within that time, 1 − e^(−rate/keys × time); while
        one node is alone, reads go to the primary and are fresh. Failover is
        detection plus promotion, and sync writes wait the lag too, except
        while the primary is alone.
        """
        in_flight_s = self.lag + LOCAL_WRITE_S
        crashes = self._crash_times()
        without_each = [self._alone_seconds(at) for at in crashes]
        without_primary = sum(without for without, _ in without_each)
        alone = sum(alone for _, alone in without_each)
        paired = self.end - without_primary - alone
        predicted: dict[str, Any] = {}
        if self.mode == "sync":
            mean_s = (paired * in_flight_s + alone * LOCAL_WRITE_S) / (paired + alone)
            predicted |= {
                "lost_writes": 0,
                "stale_fraction": 0.0,
                "write_latency_ms": round(1000 * mean_s, 3),
            }
        else:
            predicted["write_latency_ms"] = 1000 * LOCAL_WRITE_S
        if self.mode == "async":
            stale = -math.expm1(-self.write_rate / self.keys * in_flight_s)
            predicted["stale_fraction"] = round(stale * paired / self.end, 6)
        if crashes:
            share = 0.5 if self.mode == "primary-primary" else 1.0  # A takes half the writes
            predicted["failover_ms"] = round(
                1000 * (as_float(self.params, "detect_ms") / 1000 + PROMOTION_S), 3
            )
            # Sync also fails the writes still waiting for B when A dies.
            refused_s = without_primary + len(crashes) * (
                in_flight_s if self.mode == "sync" else 0.0
            )
            predicted["write_errors"] = round(share * self.write_rate * refused_s, 3)
            if self.mode != "sync":
                predicted["lost_writes"] = round(
                    len(crashes) * share * self.write_rate * in_flight_s, 3
                )
        return predicted

    def summary(self) -> str:
        m = self.metrics()
        return self._crash_story(m) + self._read_story(m)

    def _crash_story(self, m: dict[str, Any]) -> str:
        if not self.crashes:
            return f"No node crashed in this run ({self.mode} mode, {milliseconds(self.lag * 1000)} lag)."
        first, last = self.crashes[0], self.crashes[-1]
        lost = count_of(self.lost_writes, "acknowledged write")
        text = f"Node {first.node} (a primary) crashed at {at_time(first.at)}"
        text += "." if len(self.crashes) == 1 else f", {self._later_crashes()}."
        other = "B" if len(self.crashes) == 1 else "the other node"
        if self.mode == "sync":
            text += f" Sync had acknowledged nothing that {other} did not hold, so nothing acknowledged was lost"
        else:
            per_crash = "" if len(self.crashes) == 1 else " per crash"
            text += (
                f" {lost} had not reached {other} yet and {'is' if self.lost_writes == 1 else 'are'} gone "
                f"(on average write rate × lag = {number(round(self.write_rate * (self.lag + LOCAL_WRITE_S), 2))}{per_crash})"
            )
        if last.promoted_at is not None:
            text += (
                f"; {last.survivor} took over {seconds(last.promoted_at - last.at)} later, and "
                f"{count_of(self.write_errors, 'write')} {'was' if self.write_errors == 1 else 'were'} refused meanwhile"
            )
        text += "."
        if last.rejoined_at is not None:
            text += f" {last.node} rejoined at {at_time(last.rejoined_at)}, rebuilt from {last.survivor}'s data."
        return text

    def _later_crashes(self) -> str:
        """'then B at 50 s', 'then B at 50 s and A at 70 s'."""
        return "then " + joined(
            [f"{crash.node} at {at_time(crash.at)}" for crash in self.crashes[1:]]
        )

    def _read_story(self, m: dict[str, Any]) -> str:
        text = (
            f" {percent(m['stale_fraction'])} of reads were stale: a read is stale when its key "
            f"was written less than the lag ({milliseconds(self.lag * 1000)}) before."
            if self.mode != "sync"
            else " No read was stale: a write is acknowledged only once both nodes hold it,"
            f" which made writes take {milliseconds(m['write_latency_ms'])} on average."
        )
        if self.mode == "primary-primary":
            text += (
                f" Both nodes took writes: {count_of(self.conflicts, 'write')} to the same key "
                "crossed in flight and last-writer-wins threw the older away."
            )
        return text
