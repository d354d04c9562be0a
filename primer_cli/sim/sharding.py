"""Hash, range and directory sharding under skewed traffic, and what adding a shard moves.

Keys are ids 0..keys-1 and the newest (highest) ids are the most requested,
with Zipf skew `--skew`: the traffic of a timeline, a feed or an order table.
The run serves `--requests` requests, adds `--add` shards, counts the keys
that must move, then serves `--requests` more on the new layout.

- hash: shard = hash(key) mod N. Spreads hot neighbours apart; adding a shard
  moves about N/(N+1) of the keys.
- range: each shard owns a contiguous id range. The newest ids all land on one
  shard (a hotspot); a new shard takes the upper half, by load, of the busiest
  range, so few keys move.
- directory: a lookup table says where each key lives. Keys start round-robin;
  a new shard takes just its fair share, 1/(N+1) of the keys, spread evenly
  over the others' keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import blake2b
from typing import Any, ClassVar

from primer_cli.sim.actions import Action
from primer_cli.sim.base import EVENT_CAP, Measure, Model, Params
from primer_cli.sim.cache import ZipfSampler
from primer_cli.sim.narrate import percent
from primer_cli.sim.params import Param, as_float, as_int, as_str
from primer_cli.sim.theory import modulo_moved_fraction, zipf_share_of_hottest
from primer_cli.wording import count_of

STRATEGIES = ("hash", "range", "directory")
BEFORE, MOVING, AFTER, DONE = "serving", "adding shards", "serving after the change", "done"


def key_hash(key: int, salt: bytes) -> int:
    return int.from_bytes(blake2b(key.to_bytes(8, "big"), digest_size=8, key=salt).digest(), "big")


@dataclass(frozen=True)
class ShardingState:
    strategy: str
    phase: str
    shards: int
    owner_of_key: list[int]  # current shard of each key, sampled evenly across the id space
    heat_of_key: list[float]  # request probability of those same sampled keys
    keys_per_shard: list[int]
    requests_per_shard: list[int]
    moved: int
    keys: int


class ShardingModel(Model[ShardingState]):
    """Serve requests, add shards key by key, serve again; one event per request or key move."""

    NAME = "sharding"
    PARAMS: ClassVar[tuple[Param, ...]] = (
        Param("strategy", "range", "How keys map to shards.", choices=STRATEGIES),
        Param("shards", 4, "Shards before the change.", minimum=1, maximum=256),
        Param(
            "skew",
            1.0,
            "Zipf skew of traffic towards the newest ids; 0 is uniform.",
            minimum=0,
            maximum=5,
        ),
        Param("add", 1, "Shards added halfway through.", minimum=0, maximum=256),
        Param("keys", 10_000, "Distinct keys (ids).", minimum=1, maximum=200_000),
        Param(
            "requests",
            50_000,
            "Requests served before and again after the change.",
            minimum=1,
            maximum=400_000,
        ),
    )
    MEASURES = (
        Measure("imbalance_before", "Busiest shard / mean, before adding", "×", "lower"),
        Measure("imbalance", "Busiest shard / mean load", "×", "lower"),
        Measure("moved_fraction", "Keys moved to add shards", "%", "lower"),
        Measure("moved_keys", "Keys moved", "count", "lower"),
    )
    NOTICE = (
        "Watch traffic against shard colours: by range the newest, hottest ids share one shard; "
        "hashing spreads them but moves most keys to add one."
    )
    VARIANT = "strategy"
    HEADLINE = ("imbalance_before", "moved_fraction")
    COST = ("requests", "keys", "add")
    SAMPLES = 64  # keys per picture in `state()`
    ACTIONS = (Action("add", "Add shard", "a", "added a shard"),)

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """Requests and key moves, plus laying the keys out (a pass per new shard for range)."""
        keys, add = as_int(params, "keys"), as_int(params, "add")
        passes = 2 + (add if as_str(params, "strategy") == "range" else 1)
        return 2 * as_int(params, "requests") + (passes + (1 if add else 0)) * keys

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.strategy = as_str(self.params, "strategy")
        self.key_count = as_int(self.params, "keys")
        self.per_phase = as_int(self.params, "requests")
        self.added = as_int(self.params, "add")
        self.salt = str(self.params["seed"]).encode()[:64]
        self.sampler = ZipfSampler(self.key_count, as_float(self.params, "skew"), self.rng)
        self.shards = as_int(self.params, "shards")
        self.shards_before = self.shards  # before the latest change
        self.served_before = self.per_phase  # requests served on that layout
        self.changes = 1 if self.added else 0
        hashing = self.strategy == "hash"
        self.hashes = [key_hash(key, self.salt) for key in range(self.key_count)] if hashing else []
        self.owner = self._initial_layout()
        self.keys_per_shard = count_keys(self.owner, self.shards)
        self.new_owner: list[int] = []
        self.key_requests = [0] * self.key_count  # observed load per key, for load-aware moves
        self.requests_per_shard = [0] * self.shards
        self.served = self.moves_checked = self.moved = 0
        self.phase = BEFORE
        self.imbalance_before: float | None = None
        self.planned_events = self._events_planned()

    def _initial_layout(self) -> list[int]:
        if self.strategy == "hash":
            return [h % self.shards for h in self.hashes]
        if self.strategy == "range":
            return [key * self.shards // self.key_count for key in range(self.key_count)]
        return [key % self.shards for key in range(self.key_count)]  # directory: round-robin

    @property
    def finished(self) -> bool:
        return self.phase == DONE

    def _events_planned(self) -> int:
        return self.per_phase + (self.key_count + self.per_phase if self.added else 0)

    @property
    def progress(self) -> float:
        return min(1.0, self.events / self.planned_events)

    def step(self) -> None:
        if self.phase in (BEFORE, AFTER):
            self._serve()
        elif self.phase == MOVING:
            self._check_move(self.moves_checked)
        self.events += 1

    def _serve(self) -> None:
        key = self.key_count - 1 - self.sampler.draw()  # rank 0, the hottest, is the newest id
        self.requests_per_shard[self.owner[key]] += 1
        self.key_requests[key] += 1
        self.served += 1
        if self.served == self.per_phase:
            self._end_of_serving()

    def _end_of_serving(self) -> None:
        if self.phase == AFTER or self.added == 0:
            self.phase = DONE
            return
        self._start_moving()

    def _start_moving(self) -> None:
        self.imbalance_before = imbalance(self.requests_per_shard)
        self.shards_before, self.served_before = self.shards, self.served
        self.new_owner = self._layout_after_adding()
        self.key_requests = [
            0
        ] * self.key_count  # the next change weighs the load seen after this one
        self.moves_checked = self.moved = 0
        self.phase = MOVING

    def _check_move(self, key: int) -> None:
        if self.new_owner[key] != self.owner[key]:
            self.moved += 1
        self.moves_checked += 1
        if self.moves_checked == self.key_count:
            self.owner = self.new_owner
            self.shards += self.added
            self.keys_per_shard = count_keys(self.owner, self.shards)
            self.requests_per_shard = [0] * self.shards
            self.served = 0
            self.phase = AFTER

    def _layout_after_adding(self) -> list[int]:
        shards = self.shards + self.added
        if self.strategy == "hash":
            return [h % shards for h in self.hashes]
        if self.strategy == "range":
            return self._split_busiest_ranges()
        return self._directory_rebalance(shards)

    def _split_busiest_ranges(self) -> list[int]:
        """Each new shard takes the upper part, half the observed load, of the busiest range."""
        owner = list(self.owner)
        load = [0] * (self.shards + self.added)
        for key, count in enumerate(self.key_requests):
            load[owner[key]] += count
        for new_shard in range(self.shards, self.shards + self.added):
            busiest = max(range(new_shard), key=lambda shard: (load[shard], -shard))
            members = [key for key in range(self.key_count) if owner[key] == busiest]
            if len(members) < 2:
                continue  # a single key cannot be split
            cut = _load_median(members, self.key_requests)
            for key in members[cut:]:
                owner[key] = new_shard
                load[busiest] -= self.key_requests[key]
                load[new_shard] += self.key_requests[key]
        return owner

    def _directory_rebalance(self, shards: int) -> list[int]:
        """Move just each shard's excess over a fair share, spread evenly through its keys."""
        owner = list(self.owner)
        by_shard: list[list[int]] = [[] for _ in range(self.shards)]
        for key, shard in enumerate(owner):
            by_shard[shard].append(key)
        fair = self.key_count / shards
        moving: list[int] = []
        for keys in by_shard:
            excess = len(keys) - round(fair)
            if excess > 0:  # every (len/excess)-th key, so hot and cold keys move alike
                moving += [keys[int(i * len(keys) / excess)] for i in range(excess)]
        for index, key in enumerate(moving):
            owner[key] = self.shards + index % self.added
        return owner

    # Live actions ------------------------------------------------------------------

    def moment(self) -> str:
        if self.phase == BEFORE:
            return f"after {self.served:,} of {self.per_phase:,} requests, for the planned change"
        if self.phase == AFTER:
            return f"after {self.served:,} requests on {count_of(self.shards, 'shard')}"
        return "once the run had ended"

    def refusal(self, name: str) -> str | None:
        """Before the change, a shard joins it (as `--add` would); while keys move, it
        waits; after, a new change starts at once."""
        if self.capped:
            return "the run stopped at the event cap"
        if self.phase == MOVING:
            return "keys are moving to the new shards; wait for that to finish"
        if self.phase == BEFORE:
            most = self.param("add").maximum or 0
            return f"at most {most:g} shards join at once" if self.added >= most else None
        if self.shards >= (self.param("shards").maximum or 0):
            return f"{self.shards} shards is the most there can be"
        if self.events + self.key_count + self.per_phase > EVENT_CAP:
            return f"another change would pass the {EVENT_CAP:,} events a run may take"
        return None

    def perform(self, name: str) -> None:
        if self.phase == BEFORE:
            self.added += 1
            self.changes = 1
            self.planned_events = self._events_planned()
            return
        # After the change: the requests served on this layout so far are its "before".
        self.added, self.changes = 1, self.changes + 1
        self.planned_events = self.events + self.key_count + self.per_phase
        self._start_moving()

    def metrics(self) -> dict[str, Any]:
        keys_per_shard = self.keys_per_shard
        served = sum(self.requests_per_shard) or 1
        return {
            "per_shard": [
                {"shard": shard, "keys": keys, "requests": requests, "share": requests / served}
                for shard, (keys, requests) in enumerate(
                    zip(keys_per_shard, self.requests_per_shard, strict=True)
                )
            ],
            "imbalance": imbalance(self.requests_per_shard),
            "imbalance_before": self.imbalance_before,
            "moved_fraction": self.moved / self.key_count,
            "moved_keys": self.moved,
            "shards": self.shards,
        }

    def state(self) -> ShardingState:
        samples = [
            i * self.key_count // self.SAMPLES for i in range(min(self.SAMPLES, self.key_count))
        ]
        probability = self.sampler.probabilities
        return ShardingState(
            strategy=self.strategy,
            phase=self.phase,
            shards=self.shards,
            owner_of_key=[self.owner[key] for key in samples],
            heat_of_key=[probability[self.key_count - 1 - key] for key in samples],
            keys_per_shard=list(self.keys_per_shard),
            requests_per_shard=list(self.requests_per_shard),
            moved=self.moved,
            keys=self.key_count,
        )

    # Theory and words ---------------------------------------------------------------

    def theory(self) -> dict[str, Any]:
        """Hash mod N moves every key whose residue changes (counted exactly); the
        directory moves the new shards' fair share; range sharding's busiest shard
        carries the Zipf mass of the newest 1/N of the ids."""
        before = self.shards_before
        predicted: dict[str, Any] = {}
        if self.added and self.strategy == "hash":
            after = list(range(before + self.added))
            predicted["moved_fraction"] = round(
                modulo_moved_fraction(list(range(before)), after), 6
            )
        elif self.added and self.strategy == "directory":
            predicted["moved_fraction"] = round(self.added / (before + self.added), 6)
        skew = as_float(self.params, "skew")
        if self.strategy == "range" and skew >= 0.5 and self.changes <= 1:  # equal ranges only
            newest = self.key_count - (before - 1) * self.key_count // before
            hottest = zipf_share_of_hottest(self.sampler.probabilities, newest) * before
            predicted["imbalance_before" if self.added else "imbalance"] = round(hottest, 4)
        return predicted

    def summary(self) -> str:
        m = self.metrics()
        before = self.shards_before
        first = self.imbalance_before if self.imbalance_before is not None else m["imbalance"]
        text = (
            f"{count_of(self.served_before, 'request')} went to {count_of(before, 'shard')} by "
            f"{self.strategy}: the busiest took {first:.2f}× the mean load"
        )
        if self.strategy == "range" and first > 1.5:
            text += ", because the newest ids are the hottest and share one shard"
        text += "."
        if not self.added:
            return text
        if self.phase in (BEFORE, MOVING):
            later = (
                "had not been added when the run stopped"
                if self.cut_short
                else "will be added next"
            )
            return text + f" {count_of(self.added, 'shard')} {later}."
        how = {
            "hash": "hash mod N sends most keys to a new slot",
            "range": "range splits only the busiest range",
            "directory": "the directory moves just the new shards' fair share",
        }[self.strategy]
        return text + (
            f" Adding {count_of(self.added, 'shard')} moved {count_of(self.moved, 'key')} "
            f"({percent(m['moved_fraction'])}: {how}); afterwards the busiest shard took "
            f"{m['imbalance']:.2f}× the mean."
        )


def count_keys(owner: list[int], shards: int) -> list[int]:
    counts = [0] * shards
    for shard in owner:
        counts[shard] += 1
    return counts


def imbalance(loads: list[int]) -> float:
    """Busiest shard's load over the mean: 1.0 is perfectly even, N means one shard takes all."""
    total = sum(loads)
    return max(loads) * len(loads) / total if total else 1.0


def _load_median(members: list[int], load: list[int]) -> int:
    """Index splitting `members` (ascending ids) into two halves of about equal load."""
    total = sum(load[key] for key in members)
    running = 0
    for index, key in enumerate(members):
        running += load[key]
        if running * 2 >= total:
            return max(1, min(index + 1, len(members) - 1)) if total else len(members) // 2
    return len(members) // 2
