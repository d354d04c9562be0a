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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primer_cli.errors import UsageProblem
from primer_cli.sim.base import Param, Value, check_inside_run
from primer_cli.sim.events import DURATION, EventModel

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


class PartitionModel(EventModel):
    NAME = "partition"
    PARAMS = (
        Param(
            "mode", "cp", "cp refuses without a quorum; ap serves from any replica.", choices=MODES
        ),
        Param(
            "partition_at", 20.0, "Second at which the network splits.", minimum=0, optional=True
        ),
        Param("heal_at", 40.0, "Second at which it heals.", minimum=0, optional=True),
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
            minimum=0,
            exclusive_minimum=True,
        ),
        Param("write_ratio", 0.3, "Fraction of requests that are writes.", minimum=0, maximum=1),
        Param("keys", 50, "Distinct keys, each used uniformly.", minimum=1, maximum=1_000_000),
        DURATION,
    )

    @classmethod
    def check(cls, params: Mapping[str, Value]) -> None:
        check_inside_run(params, "partition_at")
        split, heal = params["partition_at"], params["heal_at"]
        if split is not None and heal is not None and float(heal) <= float(split):
            raise UsageProblem(
                f"must be after --partition-at ({float(split):g}), not {float(heal):g}",
                param="--heal-at",
            )

    def start(self) -> None:
        count = int(self.params["replicas"])
        self.mode = str(self.params["mode"])
        self.rate = float(self.params["rate"])
        self.write_ratio = float(self.params["write_ratio"])
        self.keys = int(self.params["keys"])
        self.quorum = count // 2 + 1
        self.side = [1 if i >= count - count // 2 else 0 for i in range(count)]
        self.stores: list[dict[int, int]] = [{} for _ in range(count)]
        self.newest: dict[int, int] = {}  # key → newest acknowledged write
        self.partitioned = False
        self._connect()
        self.written_during: tuple[set[int], set[int]] = (set(), set())  # keys, per side
        self.next_id = 0
        self.reads = self.writes = self.errors = self.stale_reads = self.conflicts = 0
        self.served = [0] * count
        self.refused = [0] * count
        self.after(self.rng.expovariate(self.rate), self._request)
        if self.params["partition_at"] is not None:
            self.at(float(self.params["partition_at"]), self._split)
            if self.params["heal_at"] is not None:
                self.at(float(self.params["heal_at"]), self._heal)

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
        self.newest[key] = write_id
        if self.partitioned:
            self.written_during[self.side[replica]].add(key)
        if self.mode == "cp":
            for other in reachable:  # acknowledged once the reachable majority holds it
                self.stores[other][key] = write_id
            return
        self.stores[replica][key] = write_id
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
        if write_id > store.get(key, 0):
            store[key] = write_id

    def _split(self, _: Any) -> None:
        self.partitioned = True
        self._connect()

    def _heal(self, _: Any) -> None:
        self.partitioned = False
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

    def converged(self) -> bool:
        """True when every replica holds the same data once the writes in flight land."""
        if self.partitioned:
            return False
        settled = [dict(store) for store in self.stores]
        for _, receiver, key, write_id in self.pending(self._deliver):
            if write_id > settled[receiver].get(key, 0):
                settled[receiver][key] = write_id
        return all(store == settled[0] for store in settled[1:])

    def _stale_keys(self, replica: int) -> int:
        store = self.stores[replica]
        return sum(1 for key, write_id in self.newest.items() if store.get(key, 0) < write_id)

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
            stale_keys=self._stale_keys(r),
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
