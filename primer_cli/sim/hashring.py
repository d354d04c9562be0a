"""Consistent hashing with virtual nodes against modulo hashing, when nodes join or leave.

The run has three phases. First every key is placed: its hash picks a node on
the ring (the first virtual node clockwise) and, for comparison, a node by
`hash mod N`. Then the membership changes (`--add` nodes join, `--remove`
nodes leave). Then every key is looked up again and counted as moved if its
node changed. Theory: adding one node to N moves about 1/(N+1) of the keys
on the ring but about N/(N+1) under modulo hashing; more virtual nodes spread
the load more evenly.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Set
from dataclasses import dataclass
from functools import cached_property
from hashlib import blake2b
from typing import Any, ClassVar

from primer_cli.sim.actions import Action
from primer_cli.sim.base import EVENT_CAP, Measure, Model, Params
from primer_cli.sim.narrate import number, percent
from primer_cli.sim.params import Param, ParamProblem, as_int
from primer_cli.sim.stats import mean
from primer_cli.sim.theory import modulo_moved_fraction, ring_moved_fraction
from primer_cli.wording import count_of

PLACE, CHANGE, REHASH, DONE = "placing keys", "changing nodes", "looking up again", "done"
RING_SIZE = 2**64
RING_SAMPLES = 72  # points around the ring in `state()`, enough to draw it in characters


def ring_position(text: str, salt: bytes) -> int:
    """A 64-bit position on the ring; salted by the seed so runs differ by seed only."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8, key=salt).digest(), "big")


def node_name(node: int) -> str:
    return f"node-{node}"


class Ring:
    """Sorted virtual-node positions; a key belongs to the first one clockwise from its hash."""

    def __init__(self, nodes: list[int], vnodes: int, salt: bytes) -> None:
        points = sorted(
            (ring_position(f"{node_name(node)}#{v}", salt), node)
            for node in nodes
            for v in range(vnodes)
        )
        self.positions = [position for position, _ in points]
        self.owners = [node for _, node in points]

    def owner(self, position: int) -> int:
        index = bisect_right(self.positions, position)
        return self.owners[index if index < len(self.owners) else 0]

    @cached_property
    def shares(self) -> dict[int, float]:
        """Fraction of the ring each node owns: the arcs ending at its virtual nodes."""
        shares: dict[int, float] = dict.fromkeys(self.owners, 0.0)
        previous = self.positions[-1] - RING_SIZE
        for position, node in zip(self.positions, self.owners, strict=True):
            shares[node] += (position - previous) / RING_SIZE
            previous = position
        return shares


@dataclass(frozen=True)
class NodeState:
    node: int
    name: str
    status: str  # "kept", "added" or "removed"
    keys: int
    ring_share: float  # fraction of the ring this node owns now (0 once removed)


@dataclass(frozen=True)
class HashRingState:
    phase: str
    members: int  # nodes on the ring now: the new ones count once they have joined
    nodes: list[NodeState]
    ring: list[int]  # owner node at RING_SAMPLES evenly spaced points, clockwise from 12 o'clock
    last_key: float | None  # where the latest key landed, as a fraction of the ring
    keys_placed: int
    keys_rehashed: int
    moved: int
    modulo_moved: int


class HashRingModel(Model[HashRingState]):
    """Place keys, change the nodes, look every key up again; count what moved."""

    NAME = "hashring"
    PARAMS: ClassVar[tuple[Param, ...]] = (
        Param("nodes", 10, "Nodes before the change.", minimum=1, maximum=1000),
        Param("vnodes", 100, "Virtual nodes per node on the ring.", minimum=1, maximum=1000),
        Param("keys", 10_000, "Keys to place.", minimum=1, maximum=400_000),
        Param("add", 1, "Nodes that join after the keys are placed.", minimum=0, maximum=100),
        Param("remove", 0, "Nodes that leave after the keys are placed.", minimum=0, maximum=999),
    )
    MEASURES = (
        Measure("moved_fraction", "Keys moved, consistent hashing", "%", "lower"),
        Measure("modulo_moved_fraction", "Keys moved, hash mod N", "%", "lower"),
        Measure("ideal_moved_fraction", "Fewest any scheme must move", "%"),
        Measure("load_stddev", "Load spread (std. dev.)", "", "lower"),
        Measure("max_load_ratio", "Busiest node / fair share", "×", "lower"),
    )
    NOTICE = (
        "Watch the two 'moved' bars when nodes change: the ring moves only the newcomer's share, "
        "about 1/(N+1); hash mod N reshuffles almost all."
    )
    COST = ("keys", "vnodes", "nodes")
    ACTIONS = (
        Action("add", "Add node", "a", "added a node"),
        Action("remove", "Remove node", "x", "removed a node"),
    )

    @classmethod
    def check(cls, params: Params, given: Set[str]) -> None:
        nodes, add, remove = (as_int(params, name) for name in ("nodes", "add", "remove"))
        if add == 0 and remove == 0:
            raise ParamProblem("nothing changes: set {add} or {remove} to at least 1", param="add")
        if remove >= nodes:
            raise ParamProblem(
                f"must be less than {{nodes}} ({nodes}): keys need a node to stay on",
                param="remove" if "remove" in given else "nodes",
            )

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """Two lookups per key, plus hashing and sorting both rings' virtual nodes, each
        about three times the work of a lookup (measured by benchmarks/bench_sim.py --worst)."""
        members = 2 * as_int(params, "nodes") + as_int(params, "add")
        return 2 * as_int(params, "keys") + 1 + 3 * members * as_int(params, "vnodes")

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.key_count = as_int(self.params, "keys")
        self.vnodes = as_int(self.params, "vnodes")
        self.salt = str(self.params["seed"]).encode()[:64]
        self.before = list(range(as_int(self.params, "nodes")))
        self.adding, self.removing = as_int(self.params, "add"), as_int(self.params, "remove")
        self.changes = 1  # membership changes in this run: the planned one, then any added live
        self.after = self._members_after_change()
        self.ring = Ring(self.before, self.vnodes, self.salt)
        self.members = self.before  # nodes of the current layout
        self.key_positions: list[int] = []
        self.ring_owner: list[int] = []
        self.modulo_owner: list[int] = []
        self.load = dict.fromkeys(self.before, 0)  # keys per node, current assignment
        self.phase = PLACE
        self.rehashed = self.moved = self.modulo_moved = 0
        self.last_position: int | None = None

    def _members_after_change(self) -> list[int]:
        """The planned change's members: which nodes leave is the seed's first draw, so
        a node added or removed live before the change gives `--add`'s or `--remove`'s run."""
        removed = set(random.Random(self.params["seed"]).sample(self.before, self.removing))
        first_new = len(self.before)
        added = range(first_new, first_new + self.adding)
        return [node for node in self.before if node not in removed] + list(added)

    @property
    def finished(self) -> bool:
        return self.phase == DONE

    @property
    def progress(self) -> float:
        return self.events / (self.key_count + self.changes * (self.key_count + 1))

    def step(self) -> None:
        if self.phase == PLACE:
            self._place(len(self.key_positions))
        elif self.phase == CHANGE:
            self._change()
        elif self.phase == REHASH:
            self._rehash(self.rehashed)
        self.events += 1

    def _place(self, key: int) -> None:
        position = ring_position(f"key:{key}", self.salt)
        owner = self.ring.owner(position)
        self.key_positions.append(position)
        self.ring_owner.append(owner)
        self.modulo_owner.append(self.before[position % len(self.before)])
        self.load[owner] += 1
        self.last_position = position
        if len(self.key_positions) == self.key_count:
            self.phase = CHANGE

    def _change(self) -> None:
        self.ring = Ring(self.after, self.vnodes, self.salt)
        self.members = self.after
        for node in self.after:
            self.load.setdefault(node, 0)
        self.phase = REHASH

    def _rehash(self, key: int) -> None:
        position = self.key_positions[key]
        owner = self.ring.owner(position)
        old_owner = self.ring_owner[key]
        if owner != old_owner:
            self.moved += 1
            self.load[old_owner] -= 1
            self.load[owner] += 1
            self.ring_owner[key] = owner
        if self.after[position % len(self.after)] != self.modulo_owner[key]:
            self.modulo_moved += 1
        self.last_position = position
        self.rehashed += 1
        if self.rehashed == self.key_count:
            self.phase = DONE

    # Live actions ------------------------------------------------------------------

    def moment(self) -> str:
        if self.phase == PLACE:
            placed = f"{len(self.key_positions):,} of {self.key_count:,}"
            return f"while keys were placed ({placed}), for the planned change"
        return "once every key had been looked up again"

    def refusal(self, name: str) -> str | None:
        """Before the change, a node joins or leaves with it, within the bounds `--add` and
        `--remove` keep; once the run is done, a new change starts; in between, it waits."""
        if self.capped:
            return "the run stopped at the event cap"
        if self.phase == REHASH or self.phase == CHANGE:
            return "every key is being looked up again; wait for that to finish"
        if self.phase == PLACE:
            return self._planned_refusal(name)
        if name == "remove" and len(self.after) == 1:
            return "the last node must stay"
        if self.events + self.key_count + 1 > EVENT_CAP:
            return f"another change would pass the {EVENT_CAP:,} events a run may take"
        return None

    def _planned_refusal(self, name: str) -> str | None:
        if name == "add" and self.adding >= (self.param("add").maximum or 0):
            return f"at most {self.param('add').bound_text(self.param('add').maximum)} nodes join at once"
        if name == "remove" and self.removing + 1 >= len(self.before):
            return "a node must stay"
        return None

    def perform(self, name: str) -> None:
        if self.phase == PLACE:
            if name == "add":
                self.adding += 1
            else:
                self.removing += 1
            self.after = self._members_after_change()
            return
        self._change_again(name)

    def _change_again(self, name: str) -> None:
        """After the run: today's nodes are the new 'before', one joins or leaves, and every
        key is looked up again, counted afresh (the keys, placed already, stay where they are)."""
        self.before = self.after
        if name == "add":
            newcomer = max(self.load) + 1  # every node there has been has a load
            self.after = [*self.before, newcomer]
            self.adding, self.removing = 1, 0
        else:
            leaving = self.rng.sample(self.before, 1)[0]  # as `--remove 1` would choose
            self.after = [node for node in self.before if node != leaving]
            self.adding, self.removing = 0, 1
        self.modulo_owner = [self.before[p % len(self.before)] for p in self.key_positions]
        self.rehashed = self.moved = self.modulo_moved = 0
        self.changes += 1
        self.phase = CHANGE

    def ideal_moved_fraction(self) -> float:
        """The least any scheme must move so every node ends with an equal share."""
        survivors = len(set(self.before) & set(self.after))
        kept_per_survivor = min(1 / len(self.before), 1 / len(self.after))
        return 1 - survivors * kept_per_survivor

    def load_ratios(self) -> list[float]:
        """Each current node's keys divided by its fair share (1.0 = exactly fair)."""
        counted = sum(self.load[node] for node in self.members)
        if counted == 0:
            return [0.0 for _ in self.members]
        fair = counted / len(self.members)
        return [self.load[node] / fair for node in self.members]

    def metrics(self) -> dict[str, Any]:
        ratios = self.load_ratios()
        average = mean(ratios)
        stddev = math.sqrt(mean([(r - average) ** 2 for r in ratios]))
        rehashed = self.rehashed or 1
        return {
            "moved_fraction": self.moved / rehashed,
            "modulo_moved_fraction": self.modulo_moved / rehashed,
            "ideal_moved_fraction": self.ideal_moved_fraction(),
            "load_stddev": stddev,
            "max_load_ratio": max(ratios),
            "keys": self.key_count,
            "keys_rehashed": self.rehashed,
            "nodes_before": len(self.before),
            "nodes_after": len(self.after),
        }

    def state(self) -> HashRingState:
        shares = self.ring.shares
        everyone = sorted(set(self.before) | set(self.after))
        return HashRingState(
            phase=self.phase,
            members=len(self.members),
            nodes=[self._node_state(node, shares) for node in everyone],
            ring=[self.ring.owner(i * RING_SIZE // RING_SAMPLES) for i in range(RING_SAMPLES)],
            last_key=None if self.last_position is None else self.last_position / RING_SIZE,
            keys_placed=len(self.key_positions),
            keys_rehashed=self.rehashed,
            moved=self.moved,
            modulo_moved=self.modulo_moved,
        )

    def _node_state(self, node: int, shares: dict[int, float]) -> NodeState:
        changed = self.phase != PLACE
        if changed and node not in self.after:
            status = "removed"
        elif changed and node not in self.before:
            status = "added"
        else:
            status = "kept"
        keys = self.load.get(node, 0)
        return NodeState(node, node_name(node), status, keys, shares.get(node, 0.0))

    # Theory and words ---------------------------------------------------------------

    def theory(self) -> dict[str, Any]:
        """The ring moves the leaving nodes' keys and the newcomers' share; modulo
        moves every key whose slot maps to another node (counted exactly); the
        load spread of v virtual nodes each is about √((N−1)/N · 1/v + N/keys):
        ring shares plus the noise of counting keys."""
        members = len(self.after)
        spread = math.sqrt((members - 1) / members / self.vnodes + members / self.key_count)
        return {
            "moved_fraction": round(
                ring_moved_fraction(len(self.before), self._added, self._removed), 6
            ),
            "modulo_moved_fraction": round(modulo_moved_fraction(self.before, self.after), 6),
            "load_stddev": round(spread, 4),
        }

    @property
    def _added(self) -> int:
        return len(set(self.after) - set(self.before))

    @property
    def _removed(self) -> int:
        return len(set(self.before) - set(self.after))

    def summary(self) -> str:
        m = self.metrics()
        placed = len(self.key_positions)
        keys = (
            count_of(self.key_count, "key")
            if placed == self.key_count
            else f"{placed:,} of {count_of(self.key_count, 'key')}"
        )
        text = (
            f"{keys} went onto {count_of(len(self.before), 'node')} "
            f"with {count_of(self.vnodes, 'virtual node')} each."
        )
        if self.phase == PLACE:
            return text + " The nodes had not changed yet."
        if self.phase != DONE:  # stopped part-way through looking up: no whole-run theory
            return text + (
                f" When {self._change_text()}, {self.rehashed:,} of {count_of(self.key_count, 'key')} "
                f"had been looked up again: consistent hashing had moved {number(self.moved)} of "
                f"them ({percent(m['moved_fraction'])}), hash mod N {number(self.modulo_moved)} "
                f"({percent(m['modulo_moved_fraction'])})."
            )
        theory = self.theory()
        return text + (
            f" When {self._change_text()}, consistent hashing moved "
            f"{count_of(self.moved, 'key')} ({percent(m['moved_fraction'])}, theory "
            f"{percent(theory['moved_fraction'])}), only {self._where_text()}; hash mod N moved "
            f"{number(self.modulo_moved)} ({percent(m['modulo_moved_fraction'])}, theory "
            f"{percent(theory['modulo_moved_fraction'])}). The busiest node now holds "
            f"{m['max_load_ratio']:.2f}× a fair share; more virtual nodes even the load out."
        )

    def _change_text(self) -> str:
        parts = []
        if self._added:
            parts.append(f"{count_of(self._added, 'node')} joined")
        if self._removed:
            parts.append(f"{count_of(self._removed, 'node')} left")
        return " and ".join(parts)

    def _where_text(self) -> str:
        joined = "the new node" if self._added == 1 else "the new nodes"
        left = "the leaving node" if self._removed == 1 else "the leaving nodes"
        if self._added and self._removed:
            return f"off {left} and onto {joined}"
        return f"onto {joined}" if self._added else f"off {left}"
