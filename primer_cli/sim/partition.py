"""CAP in motion: replicas split by a network partition, then healed, in CP or AP mode.

Clients send reads and writes to any of `replicas` nodes. At `partition_at`
the network splits them into a majority side and a minority side (the last
⌊n/2⌋ replicas); at `heal_at` it heals, and anti-entropy repairs what differs
`REPAIR_S` later.

- CP: a request is served only where a quorum (a majority of all replicas)
  is reachable; writes reach every reachable replica before they are
  acknowledged and reads ask the quorum. The minority side refuses: errors,
  but no stale reads.
- AP: every replica serves every request from its own copy and ships writes
  to the others `REPLICATION_S` later; across the partition they are held
  back until anti-entropy. No errors, but stale reads, and keys written on
  both sides conflict (last-writer-wins keeps the newer).

Every write gets a global, increasing id; a read is stale when it returns an
older id than the newest acknowledged write of its key.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from primer_cli.sim.actions import Action
from primer_cli.sim.base import Measure, Params
from primer_cli.sim.events import DURATION, EventModel, fault_moment
from primer_cli.sim.faults import check_after, check_inside_run
from primer_cli.sim.narrate import moments, number
from primer_cli.sim.params import Param, as_float, as_int, as_optional_float, as_str
from primer_cli.wording import count_of

MODES = ("cp", "ap")
REPLICATION_S = 0.05  # AP ships each write to the other replicas this much later
REPAIR_S = 1.0  # from healing to anti-entropy having compared and merged every replica


@dataclass(frozen=True)
class ReplicaState:
    index: int
    side: int  # 0 is the majority side, 1 the minority side
    reachable_quorum: bool
    stale_keys: int  # keys on which it holds less than the newest acknowledged write
    served: int
    refused: int


@dataclass(frozen=True)
class PartitionState:
    time: float
    duration: float
    mode: str
    partitioned: bool
    replicas: tuple[ReplicaState, ...]
    errors: int
    stale_reads: int
    conflicts: int
    converged: bool


class PartitionModel(EventModel[PartitionState]):
    NAME = "partition"
    PARAMS = (
        Param(
            "mode", "cp", "cp refuses without a quorum; ap serves from any replica.", choices=MODES
        ),
        fault_moment("partition_at", 20.0, "When the network splits."),
        fault_moment("heal_at", 40.0, "When it heals."),
        Param(
            "replicas",
            3,
            "Replicas; the last ⌊n/2⌋ end up on the minority side.",
            minimum=2,
            maximum=9,
        ),
        Param(
            "rate",
            20.0,
            "Requests per second (Poisson), spread over the replicas.",
            minimum=0.01,
            maximum=100_000,
            unit="/s",
        ),
        Param("write_ratio", 0.3, "Fraction of requests that are writes.", minimum=0, maximum=1),
        Param("keys", 50, "Distinct keys, each used uniformly.", minimum=1, maximum=100_000),
        DURATION,
    )
    MEASURES = (
        Measure("errors", "Requests refused", "count", "lower"),
        Measure("availability", "Requests answered", "%", "higher"),
        Measure("stale_reads", "Stale reads", "count", "lower"),
        Measure("conflicts", "Keys written on both sides", "count", "lower"),
        Measure("converged", "Replicas agree at the end"),
    )
    NOTICE = (
        "Watch the minority side while the network is split: CP refuses rather than answer with "
        "old data; AP answers, and some answers are stale."
    )
    VARIANT = "mode"
    HEADLINE = ("errors", "stale_reads")
    COST = ("rate", "duration")
    ACTIONS = (
        Action("cut", "Cut network", "p", "cut the network"),
        Action("heal", "Heal network", "h", "healed the network"),
    )

    @classmethod
    def check(cls, params: Params, given: Set[str]) -> None:
        check_inside_run(params, given, "partition_at")
        check_after(params, given, "partition_at", "heal_at")

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        copies = as_float(params, "write_ratio") * (as_int(params, "replicas") - 1)
        return as_float(params, "rate") * as_float(params, "duration") * (1 + copies)

    def start(self) -> None:
        count = as_int(self.params, "replicas")
        self.mode = as_str(self.params, "mode")
        self.rate = as_float(self.params, "rate")
        self.write_ratio = as_float(self.params, "write_ratio")
        self.keys = as_int(self.params, "keys")
        self.quorum = count // 2 + 1
        self.side = [1 if i >= count - count // 2 else 0 for i in range(count)]
        self.stores: list[dict[int, int]] = [{} for _ in range(count)]
        self.behind = [0] * count  # per replica: keys it holds an older write of than the newest
        self.newest: dict[int, int] = {}  # key → newest acknowledged write
        self.partitioned = False
        self._connect()
        self.written_during: tuple[set[int], set[int]] = (set(), set())  # keys, per side
        self.next_id = 0
        self.reads = self.writes = self.errors = self.stale_reads = self.conflicts = 0
        self.served = [0] * count
        self.refused = [0] * count
        self.split_times: list[float] = []  # when the network split, in order
        self.heal_times: list[float] = []
        self.after(self.rng.expovariate(self.rate), self._request)
        split, heal = (
            as_optional_float(self.params, "partition_at"),
            as_optional_float(self.params, "heal_at"),
        )
        if split is not None:
            self.at(split, self._split)
            if heal is not None:
                self.at(heal, self._heal)

    def _connect(self) -> None:
        """Recompute who can reach whom; only the partition and the heal change it."""
        everyone = list(range(len(self.stores)))
        self.reachable = [
            [r for r in everyone if not self.partitioned or self.side[r] == self.side[replica]]
            for replica in everyone
        ]

    def _request(self, _: Any) -> None:
        self.after(self.rng.expovariate(self.rate), self._request)
        replica = int(self.rng.random() * len(self.stores))
        key = int(self.rng.random() * self.keys)
        is_write = self.rng.random() < self.write_ratio
        if is_write:
            self.writes += 1
        else:
            self.reads += 1
        reachable = self.reachable[replica]
        if self.mode == "cp" and len(reachable) < self.quorum:
            self.errors += 1
            self.refused[replica] += 1
            return
        self.served[replica] += 1
        if is_write:
            self._write(replica, key, reachable)
        else:
            self._read(replica, key, reachable)

    def _write(self, replica: int, key: int, reachable: list[int]) -> None:
        self.next_id += 1
        write_id = self.next_id
        previous = self.newest.get(key, 0)
        self.newest[key] = write_id
        if self.partitioned:
            self.written_during[self.side[replica]].add(key)
        # CP acknowledges once the reachable majority holds it; AP once the replica asked does.
        holders = reachable if self.mode == "cp" else [replica]
        for r, store in enumerate(self.stores):
            was_behind = store.get(key, 0) < previous
            if r in holders:
                store[key] = write_id
            self.behind[r] += (r not in holders) - was_behind
        if self.mode == "ap":
            for other in range(len(self.stores)):
                if other != replica:
                    self.after(REPLICATION_S, self._deliver, (replica, other, key, write_id))

    def _read(self, replica: int, key: int, reachable: list[int]) -> None:
        if self.mode == "cp":
            held = max(self.stores[r].get(key, 0) for r in reachable)  # a quorum read
        else:
            held = self.stores[replica].get(key, 0)
        if held < self.newest.get(key, 0):
            self.stale_reads += 1

    def _deliver(self, message: tuple[int, int, int, int]) -> None:
        sender, receiver, key, write_id = message
        if self.partitioned and self.side[sender] != self.side[receiver]:
            return  # lost across the partition; anti-entropy brings it over after healing
        store = self.stores[receiver]
        held = store.get(key, 0)
        if write_id > held:
            store[key] = write_id
            newest = self.newest[key]
            self.behind[receiver] += (write_id < newest) - (held < newest)

    def _split(self, _: Any) -> None:
        self.partitioned = True
        self.split_times.append(self.now)
        self._connect()

    def _heal(self, _: Any) -> None:
        self.partitioned = False
        self.heal_times.append(self.now)
        self._connect()
        majority, minority = self.written_during
        self.conflicts += len(majority & minority)
        self.written_during = (set(), set())
        self.after(REPAIR_S, self._repair)

    def _repair(self, _: Any) -> None:
        """Anti-entropy: every replica ends up with the newest write of every key."""
        merged: dict[int, int] = {}
        for store in self.stores:
            for key, write_id in store.items():
                if write_id > merged.get(key, 0):
                    merged[key] = write_id
        for store in self.stores:
            store.update(merged)
        self.behind = [self._count_behind(store) for store in self.stores]

    def _count_behind(self, store: dict[int, int]) -> int:
        return sum(1 for key, write_id in self.newest.items() if store.get(key, 0) < write_id)

    def converged(self) -> bool:
        """True when every replica holds the same data once the writes in flight land.

        A replica that is behind on no key holds exactly the newest writes, so
        only the keys someone is behind on need the messages in flight.
        """
        if self.partitioned:
            return False
        if not any(self.behind):
            return True
        fixed: list[set[int]] = [set() for _ in self.stores]
        for _, receiver, key, write_id in self.pending(self._deliver):
            if write_id >= self.newest[key] > self.stores[receiver].get(key, 0):
                fixed[receiver].add(key)
        return all(len(keys) == behind for keys, behind in zip(fixed, self.behind, strict=True))

    # Live actions ------------------------------------------------------------------

    def refusal(self, name: str) -> str | None:
        if name == "cut" and self.partitioned:
            return "the network is already split"
        if name == "heal" and not self.partitioned:
            return "the network is not split"
        return super().refusal(name)

    def perform(self, name: str) -> None:
        """Cutting takes the place of the split the run plans next, healing of the planned
        heal: cutting at 12 s is `partition_at` 12 s, whatever was planned."""
        handler = self._split if name == "cut" else self._heal
        self.take_planned(handler)
        self.happen_now(handler)

    def state(self) -> PartitionState:
        return PartitionState(
            time=self.now,
            duration=self.end,
            mode=self.mode,
            partitioned=self.partitioned,
            replicas=tuple(self._replica_state(r) for r in range(len(self.stores))),
            errors=self.errors,
            stale_reads=self.stale_reads,
            conflicts=self.conflicts,
            converged=self.converged(),
        )

    def _replica_state(self, r: int) -> ReplicaState:
        return ReplicaState(
            index=r,
            side=self.side[r],
            reachable_quorum=len(self.reachable[r]) >= self.quorum,
            stale_keys=self.behind[r],
            served=self.served[r],
            refused=self.refused[r],
        )

    def metrics(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "stale_reads": self.stale_reads,
            "converged": self.converged(),
            "conflicts": self.conflicts,
            "reads": self.reads,
            "writes": self.writes,
            "availability": round(1 - self.errors / ((self.reads + self.writes) or 1), 6),
            "partitioned": self.partitioned,
            "time_s": round(self.now, 6),
        }

    # Theory and words ---------------------------------------------------------------

    def _refusing_replicas(self) -> int:
        """Replicas that cannot reach a quorum while split: the minority side, or all of an even split."""
        minority = len(self.stores) // 2
        return minority if len(self.stores) - minority >= self.quorum else len(self.stores)

    def _split_seconds(self) -> float | None:
        """How long the network is split in the whole run: the splits that happened and
        those still planned, each until its heal or the end; None if it never splits."""
        splits = [*self.split_times, *self.planned(self._split)]
        if not splits:
            return None
        heals = [*self.heal_times, *self.planned(self._heal)]
        return sum(
            min(self.end, heal) - split
            for split, heal in zip_longest(splits, heals[: len(splits)], fillvalue=self.end)
        )

    def _split_seconds_so_far(self) -> float:
        """How long the network has been split up to now: the splits that happened, each
        until its heal or now."""
        return sum(
            min(self.now, heal) - split
            for split, heal in zip_longest(
                self.split_times, self.heal_times[: len(self.split_times)], fillvalue=self.now
            )
        )

    def _refusals(self, split_seconds: float) -> float:
        """CP's expected refusals over `split_seconds` of partition."""
        return self.rate * split_seconds * self._refusing_replicas() / len(self.stores)

    def theory(self) -> dict[str, Any]:
        """CP refuses every request that lands on a replica without a quorum while
        split: rate × time split × share of such replicas. AP refuses nothing."""
        if self.mode == "ap":
            return {"errors": 0, "availability": 1.0}
        length = self._split_seconds()
        if length is None:
            return {"errors": 0, "availability": 1.0, "stale_reads": 0}
        errors = self._refusals(length)
        return {
            "errors": round(errors, 3),
            "availability": round(1 - errors / (self.rate * self.end), 6),
            "stale_reads": 0,
        }

    def summary(self) -> str:
        if not self.split_times:
            return (
                "The network never split, so every replica could reach every other: "
                f"{count_of(self.errors, 'request')} refused and "
                f"{count_of(self.stale_reads, 'stale read')}."
            )
        text = self._split_story()
        if self.heal_times:
            text += f" The network healed at {moments(self.heal_times)}"
            if self.partitioned:
                text += ", and was split again when the run ended."
            else:
                text += (
                    ", and anti-entropy "
                    f"{'made every replica agree' if self.converged() else 'was still repairing at the end'}."
                )
        elif self.cut_short:
            text += " The network had not healed when the run stopped."
        else:
            text += " The network never healed in this run."
        return text

    def _split_story(self) -> str:
        cut_off = [f"r{r}" for r, side in enumerate(self.side) if side == 1]
        text = (
            f"The network split at {moments(self.split_times)}, cutting off {', '.join(cut_off)}."
        )
        if self.mode == "cp":
            if self.cut_short:  # the splits so far, not the whole run's plan
                theory = f"theory for the run so far {number(round(self._refusals(self._split_seconds_so_far()), 1))}"
            else:
                theory = f"theory {number(round(self.theory()['errors'], 1))}"
            return text + (
                f" In CP mode a replica without a quorum refuses, so "
                f"{count_of(self.errors, 'request')} {'was' if self.errors == 1 else 'were'} refused "
                f"({theory}), and no read returned old data."
            )
        return text + (
            " In AP mode every replica kept answering: nothing was refused, but "
            f"{count_of(self.stale_reads, 'read')} returned an older value than one already "
            f"acknowledged, and {count_of(self.conflicts, 'key')} {'was' if self.conflicts == 1 else 'were'} "
            "written on both sides (last-writer-wins kept the newer)."
        )
