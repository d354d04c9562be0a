"""A cache under a Zipf workload, evicting by LRU, LFU or FIFO: how hit ratio depends on size and skew.

Each event is one request for an item. Item popularity follows Zipf's law
(rank r is requested with probability proportional to 1/r^s), the independent
reference model behind the classic analyses: the Che approximation predicts
LRU's hit ratio, and no policy beats keeping the `capacity` most popular
items (`best_hit_ratio`).
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import OrderedDict, deque
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, islice, pairwise
from typing import Any, ClassVar, Protocol

from primer_cli.sim.actions import Action
from primer_cli.sim.base import Measure, Model, Params
from primer_cli.sim.narrate import percent
from primer_cli.sim.params import Param, as_float, as_int, as_str
from primer_cli.sim.theory import che_lru_hit_ratio, fifo_hit_ratio
from primer_cli.wording import count_of

POLICIES = ("lru", "lfu", "fifo")
RECENT = 60  # requests remembered for drawing
SHOWN_ITEMS = 1000  # cached items in `state()`: more than any terminal can draw
THEORY_ITEMS = 20_000  # above this many items the approximations take too long to solve (0.3 s)


def zipf_probabilities(items: int, exponent: float) -> list[float]:
    """P(rank r) ∝ 1 / r^exponent for ranks 1..items; exponent 0 is uniform."""
    weights = [1 / rank**exponent for rank in range(1, items + 1)]
    total = math.fsum(weights)
    return [weight / total for weight in weights]


class ZipfSampler:
    """Draws item ranks 0..items-1 (0 is the most popular) by inverse CDF: one bisect per draw."""

    def __init__(self, items: int, exponent: float, rng: random.Random) -> None:
        self.probabilities = zipf_probabilities(items, exponent)
        self.cumulative = list(accumulate(self.probabilities))
        self.last = items - 1
        self.rng = rng

    def draw(self) -> int:
        # min() guards against the last cumulative sum rounding to just below 1.0
        return min(bisect_right(self.cumulative, self.rng.random()), self.last)


class Cache(Protocol):
    evictions: int

    def access(self, item: int) -> bool:
        """Look `item` up, insert it on a miss (evicting if full); True on a hit."""

    def contents(self, limit: int) -> list[int]:
        """Up to `limit` cached items, next to be evicted first."""

    def size(self) -> int:
        """How many items are cached."""


class LRUCache:
    """Evicts the least recently used item: an ordered dict, most recent last."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: OrderedDict[int, None] = OrderedDict()
        self.evictions = 0

    def access(self, item: int) -> bool:
        entries = self.entries
        if item in entries:
            entries.move_to_end(item)
            return True
        if len(entries) >= self.capacity:
            entries.popitem(last=False)
            self.evictions += 1
        entries[item] = None
        return False

    def contents(self, limit: int) -> list[int]:
        return list(islice(self.entries, limit))

    def size(self) -> int:
        return len(self.entries)


class FIFOCache:
    """Evicts the item cached longest ago, however often it is used: hits change nothing."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: dict[int, None] = {}  # dicts keep insertion order
        self.evictions = 0

    def access(self, item: int) -> bool:
        entries = self.entries
        if item in entries:
            return True
        if len(entries) >= self.capacity:
            del entries[next(iter(entries))]
            self.evictions += 1
        entries[item] = None
        return False

    def contents(self, limit: int) -> list[int]:
        return list(islice(self.entries, limit))

    def size(self) -> int:
        return len(self.entries)


class LFUCache:
    """Evicts the least frequently used item, oldest first among equals; O(1) per access.

    Counts cover an item's current stay in the cache (they restart if it is
    evicted), the usual in-cache LFU.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.count: dict[int, int] = {}
        self.buckets: dict[int, dict[int, None]] = {}  # count -> items in arrival order
        self.lowest = 0
        self.evictions = 0

    def access(self, item: int) -> bool:
        count = self.count.get(item)
        if count is not None:
            self._promote(item, count)
            return True
        if len(self.count) >= self.capacity:
            self._evict()
        self.count[item] = 1
        self.buckets.setdefault(1, {})[item] = None
        self.lowest = 1
        return False

    def _promote(self, item: int, count: int) -> None:
        bucket = self.buckets[count]
        del bucket[item]
        if not bucket:
            del self.buckets[count]
            if self.lowest == count:
                self.lowest = count + 1
        self.count[item] = count + 1
        self.buckets.setdefault(count + 1, {})[item] = None

    def _evict(self) -> None:
        bucket = self.buckets[self.lowest]
        victim = next(iter(bucket))
        del bucket[victim]
        if not bucket:
            del self.buckets[self.lowest]
        del self.count[victim]
        self.evictions += 1

    def contents(self, limit: int) -> list[int]:
        in_order = (item for count in sorted(self.buckets) for item in self.buckets[count])
        return list(islice(in_order, limit))

    def size(self) -> int:
        return len(self.count)


def make_cache(policy: str, capacity: int) -> Cache:
    kinds: dict[str, type[LRUCache] | type[LFUCache] | type[FIFOCache]] = {
        "lru": LRUCache,
        "lfu": LFUCache,
        "fifo": FIFOCache,
    }
    return kinds[policy](capacity)


@dataclass(frozen=True)
class CacheState:
    policy: str
    capacity: int
    items: int
    cached: int
    contents: list[int]  # up to SHOWN_ITEMS item ranks (0 = most popular), next to be evicted first
    recent: list[bool]  # hit or miss of the latest requests, oldest first
    requests: int
    hits: int
    best_hit_ratio: float


class CacheModel(Model[CacheState]):
    """One request per step, drawn from a Zipf distribution over `items` items."""

    NAME = "cache"
    PARAMS: ClassVar[tuple[Param, ...]] = (
        Param("policy", "lru", "Eviction policy.", choices=POLICIES),
        Param("capacity", 100, "Items the cache holds.", minimum=1, maximum=100_000),
        Param("items", 1000, "Distinct items requested.", minimum=1, maximum=100_000),
        Param(
            "zipf",
            1.0,
            "Zipf skew s: item r is asked for ∝ 1/r^s; 0 is uniform.",
            minimum=0,
            maximum=5,
        ),
        Param("requests", 100_000, "Requests to make.", minimum=1, maximum=900_000),
    )
    MEASURES = (
        Measure("hit_ratio", "Hit ratio", "%", "higher", steady=True),
        Measure("best_hit_ratio", "Best possible this run", "%"),
        Measure("misses", "Misses", "count", "lower"),
        Measure("evictions", "Evictions", "count", "lower"),
    )
    NOTICE = (
        "Watch the colours in the slots: LRU and FIFO let runs of rare items push popular ones "
        "out; LFU keeps them, closest to the best possible."
    )
    VARIANT = "policy"
    HEADLINE = ("hit_ratio", "evictions")
    COST = ("requests", "items")
    ANIMATION_SECONDS = 30.0
    ACTIONS = (Action("crash", "Crash cache", "f", "crashed the cache"),)

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """One event per request, plus building the Zipf table for every item."""
        return as_int(params, "requests") + as_int(params, "items")

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.total = as_int(self.params, "requests")
        self.capacity = as_int(self.params, "capacity")
        self.policy = as_str(self.params, "policy")
        self.sampler = ZipfSampler(
            as_int(self.params, "items"), as_float(self.params, "zipf"), self.rng
        )
        self.cache = make_cache(self.policy, self.capacity)
        self.crashes: list[int] = []  # requests served before each crash
        self.evicted_before = 0  # evictions of the caches lost in crashes
        self.hits = 0
        self.last_item: int | None = None
        self.last_hit = False
        self.recent: deque[bool] = deque(maxlen=RECENT)

    @property
    def finished(self) -> bool:
        return self.events >= self.total

    @property
    def progress(self) -> float:
        return self.events / self.total

    def step(self) -> None:
        item = self.sampler.draw()
        hit = self.cache.access(item)
        self.hits += hit
        self.last_item, self.last_hit = item, hit
        self.recent.append(hit)
        self.events += 1

    @cached_property
    def best(self) -> float:
        """The most any policy can expect from this run: always holding the `capacity`
        most popular items, after the first request for each, which must miss.

        Over R requests item i is asked for R·p_i times, and at least once with
        chance 1 − (1 − p_i)^R; the first of those can never hit. A crash starts
        the cache cold again, so each stretch between crashes counts alone.
        """
        bounds = [0, *self.crashes, self.total]
        hits = math.fsum(self._best_hits(end - start) for start, end in pairwise(bounds))
        return min(1.0, max(0.0, hits / self.total))

    def _best_hits(self, requests: int) -> float:
        """Expected hits of the best cache over `requests` requests from cold."""
        if requests <= 0:
            return 0.0
        return math.fsum(
            requests * p + math.expm1(requests * math.log1p(-p)) if p < 1 else requests - 1
            for p in self.sampler.probabilities[: self.capacity]
        )

    # Live actions ---------------------------------------------------------------

    def moment(self) -> str:
        return f"after {count_of(self.events, 'request')}"

    def refusal(self, name: str) -> str | None:
        if self.cache.size() == 0:
            return "the cache is empty already"
        return super().refusal(name)

    def perform(self, name: str) -> None:
        """The cache restarts empty; the requests go on as they would have."""
        self.evicted_before += self.cache.evictions
        self.cache = make_cache(self.policy, self.capacity)
        self.crashes.append(self.events)
        self.__dict__.pop("best", None)  # one more cold start

    def metrics(self) -> dict[str, Any]:
        requests = self.events
        return {
            "hit_ratio": self.hits / requests if requests else 0.0,
            "best_hit_ratio": self.best,
            "evictions": self.evicted_before + self.cache.evictions,
            "hits": self.hits,
            "misses": requests - self.hits,
            "requests": requests,
        }

    def theory(self) -> dict[str, Any]:
        """Steady-state hit ratio: the Che approximation for LRU, its analogue for FIFO.
        LFU has no such closed form; it approaches the best possible."""
        ratio = self.steady_hit_ratio
        return {} if ratio is None else {"hit_ratio": round(ratio, 6)}

    @cached_property
    def steady_hit_ratio(self) -> float | None:
        probabilities = self.sampler.probabilities
        if len(probabilities) > THEORY_ITEMS or self.policy == "lfu":
            return None
        solve = che_lru_hit_ratio if self.policy == "lru" else fifo_hit_ratio
        return solve(probabilities, self.capacity)

    def summary(self) -> str:
        m = self.metrics()
        items = as_int(self.params, "items")
        text = (
            f"The {self.policy.upper()} cache ({count_of(self.capacity, 'slot')}) hit "
            f"{percent(m['hit_ratio'])} of {count_of(m['requests'], 'request')} for "
            f"{count_of(items, 'item')} (Zipf s = {as_float(self.params, 'zipf'):g})"
        )
        ratio = self.steady_hit_ratio
        if ratio is not None:
            name = "the Che approximation" if self.policy == "lru" else "its FIFO analogue"
            text += f"; {name} predicts {percent(ratio)}"
        text += (
            f". Always holding the {count_of(min(self.capacity, items), 'most popular item')} "
            f"would have hit {percent(self.best)}."
        )
        if self.crashes:
            which = "the crash" if len(self.crashes) == 1 else "each crash"
            text += f" After {which} it filled again from empty, missing each item's first request."
        if m["evictions"]:
            text += f" {count_of(m['misses'], 'miss')} evicted {count_of(m['evictions'], 'item')}."
        return text

    def state(self) -> CacheState:
        return CacheState(
            policy=self.policy,
            capacity=self.capacity,
            items=as_int(self.params, "items"),
            cached=self.cache.size(),
            contents=self.cache.contents(SHOWN_ITEMS),
            recent=list(self.recent),
            requests=self.events,
            hits=self.hits,
            best_hit_ratio=self.best,
        )
