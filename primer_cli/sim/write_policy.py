"""Cache write policies in front of a slow database, and what a cache crash costs each of them.

Clients read and write keys (Zipf-popular) at Poisson rates. Every write makes
a new version of its key; a read is *stale* when it returns an older version
than the newest write already acknowledged to a client. At `--crash-at` the
cache node loses its memory and restarts empty.

Under every policy a read that misses loads the key from the database and fills
the cache, so after a crash the cache warms up again.

- cache-aside: entries live `--ttl` seconds; writes go to the database only,
  so a cached copy stays stale until it expires.
- write-through: writes go to the cache and the database before the client hears
  back: slow writes, no stale reads, nothing lost in a crash.
- write-behind: writes go to the cache and return at once; the cache flushes
  them to the database every `--flush-ms`. Fast, but a crash loses what was
  not flushed yet.
- refresh-ahead: cache-aside reads, but an entry read in the second half of its
  life is reloaded in the background, so hot keys rarely miss.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from primer_cli.errors import UsageProblem
from primer_cli.sim.base import Model, Param, Value, check_inside_run
from primer_cli.sim.cache import ZipfSampler

POLICIES = ("cache-aside", "write-through", "write-behind", "refresh-ahead")
CACHE_MS = 1.0  # one round trip to an in-memory cache
REFRESH_AFTER = 0.5  # refresh-ahead reloads entries read after half their TTL
KEY_SKEW = 1.0  # Zipf exponent of key popularity
TIMELINE_BUCKETS = 40  # slices of the run in the timeline the view draws
NEVER = math.inf


@dataclass
class Entry:
    version: int
    expires: float


@dataclass
class Bucket:
    """Counts for one slice of the timeline."""

    reads: int = 0
    hits: int = 0
    stale: int = 0
    lost: int = 0
    read_ms: float = 0.0


@dataclass(frozen=True)
class WritePolicyState:
    policy: str
    now: float
    duration: float
    crash_at: float | None
    crashed: bool
    cached_keys: int
    keys: int
    unflushed: int  # write-behind: acknowledged writes still only in the cache
    timeline: list[Bucket]
    bucket_seconds: float


class WritePolicyModel(Model):
    """A discrete-event simulation: reads, writes, flushes, refreshes and one crash on a heap."""

    NAME = "write-policy"
    PARAMS: ClassVar[tuple[Param, ...]] = (
        Param("policy", "write-behind", "How writes reach the database.", choices=POLICIES),
        Param(
            "crash_at",
            6.5,
            "Second at which the cache node crashes and restarts empty.",
            minimum=0,
            optional=True,
        ),
        Param("duration", 10.0, "Seconds of simulated time.", minimum=0, exclusive_minimum=True),
        Param("read_rate", 1000.0, "Reads per second.", minimum=0, maximum=1e6),
        Param("write_rate", 100.0, "Writes per second.", minimum=0, maximum=1e6),
        Param("keys", 200, "Distinct keys (Zipf-popular).", minimum=1, maximum=1_000_000),
        Param("db_ms", 20.0, "Database round trip, milliseconds.", minimum=0, maximum=60_000),
        Param(
            "ttl",
            1.0,
            "Seconds a cache-aside or refresh-ahead entry lives.",
            minimum=0,
            exclusive_minimum=True,
        ),
        Param(
            "flush_ms",
            1000.0,
            "Write-behind flush interval, milliseconds.",
            minimum=0,
            exclusive_minimum=True,
        ),
    )

    @classmethod
    def check(cls, params: Mapping[str, Value]) -> None:
        check_inside_run(params, "crash_at")
        if float(params["read_rate"]) + float(params["write_rate"]) == 0:
            raise UsageProblem("nothing happens with no reads and no writes", param="--read-rate")

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        p = self.params
        self.policy = str(p["policy"])
        self.duration = float(p["duration"])
        self.crash_at = None if p["crash_at"] is None else float(p["crash_at"])
        self.db_seconds = float(p["db_ms"]) / 1000
        self.ttl = float(p["ttl"])
        self.keys = int(p["keys"])
        self.sampler = ZipfSampler(self.keys, KEY_SKEW, self.rng)
        self.write_latency_ms = self._write_waits_for()
        self.now = 0.0
        self.queue: list[tuple[float, int, Callable[..., None], tuple[Any, ...]]] = []
        self.sequence = 0  # tie-breaker so the heap never compares callables
        self.database = [0] * self.keys  # version stored per key
        self.acknowledged = [0] * self.keys  # newest version a client was told is written
        self.cache: dict[int, Entry] = {}
        self.unflushed: list[tuple[int, int]] = []
        self.refreshing: set[int] = set()
        self.versions = 0
        self.crashed = False
        self.reads = self.hits = self.stale_reads = self.writes = 0
        self.lost_writes = self.database_writes = 0
        self.read_ms = self.write_ms = 0.0
        self.bucket_seconds = self.duration / TIMELINE_BUCKETS
        self.timeline = [Bucket() for _ in range(TIMELINE_BUCKETS)]
        self._start()

    def _start(self) -> None:
        if float(self.params["read_rate"]) > 0:
            self._schedule(self._next_arrival("read_rate"), self._read, ())
        if float(self.params["write_rate"]) > 0:
            self._schedule(self._next_arrival("write_rate"), self._write, ())
        if self.crash_at is not None:
            self._schedule(self.crash_at, self._crash, ())
        if self.policy == "write-behind":
            self._schedule(float(self.params["flush_ms"]) / 1000, self._flush, ())

    def _schedule(self, at: float, action: Callable[..., None], args: tuple[Any, ...]) -> None:
        self.sequence += 1
        heapq.heappush(self.queue, (at, self.sequence, action, args))

    def _next_arrival(self, rate_name: str) -> float:
        return self.now + self.rng.expovariate(float(self.params[rate_name]))

    @property
    def done(self) -> bool:
        return not self.queue or self.queue[0][0] > self.duration

    @property
    def progress(self) -> float:
        return min(1.0, self.now / self.duration)

    def step(self) -> None:
        if self.done:
            return
        self.now, _, action, args = heapq.heappop(self.queue)
        action(*args)
        self.events += 1

    def _bucket(self) -> Bucket:
        return self.timeline[min(int(self.now / self.bucket_seconds), TIMELINE_BUCKETS - 1)]

    # Reads ---------------------------------------------------------------

    def _read(self) -> None:
        self._schedule(self._next_arrival("read_rate"), self._read, ())
        key = self.sampler.draw()
        entry = self.cache.get(key)
        if entry is not None and entry.expires > self.now:
            version, latency = entry.version, CACHE_MS
            self.hits += 1
            self._bucket().hits += 1
            self._maybe_refresh(key, entry)
        else:
            version, latency = self.database[key], CACHE_MS + self.db_seconds * 1000
            expires = self.now + latency / 1000 + self.ttl if self._uses_ttl() else NEVER
            self._schedule(self.now + latency / 1000, self._fill, (key, version, expires))
        self._count_read(key, version, latency)

    def _count_read(self, key: int, version: int, latency_ms: float) -> None:
        bucket = self._bucket()
        self.reads += 1
        self.read_ms += latency_ms
        bucket.reads += 1
        bucket.read_ms += latency_ms
        if version < self.acknowledged[key]:
            self.stale_reads += 1
            bucket.stale += 1

    def _uses_ttl(self) -> bool:
        """Only policies that write around the cache need entries to expire."""
        return self.policy in ("cache-aside", "refresh-ahead")

    def _fill(self, key: int, version: int, expires: float) -> None:
        """A miss comes back from the database; never overwrite a newer cached version."""
        entry = self.cache.get(key)
        if entry is None or entry.version < version or entry.expires <= self.now:
            self.cache[key] = Entry(version, expires)

    def _maybe_refresh(self, key: int, entry: Entry) -> None:
        if self.policy != "refresh-ahead" or key in self.refreshing:
            return
        if entry.expires - self.now < self.ttl * (1 - REFRESH_AFTER):
            self.refreshing.add(key)
            done_at = self.now + self.db_seconds
            self._schedule(done_at, self._refreshed, (key, self.database[key]))

    def _refreshed(self, key: int, version: int) -> None:
        """A background reload renews the entry's lease, changed or not; that is the point."""
        self.refreshing.discard(key)
        entry = self.cache.get(key)
        if entry is not None and entry.version <= version:
            self.cache[key] = Entry(version, self.now + self.ttl)

    # Writes --------------------------------------------------------------

    def _write(self) -> None:
        self._schedule(self._next_arrival("write_rate"), self._write, ())
        key = self.sampler.draw()
        self.versions += 1
        latency_ms = self.write_latency_ms
        self.writes += 1
        self.write_ms += latency_ms
        self._schedule(self.now + latency_ms / 1000, self._acknowledge, (key, self.versions))

    def _write_waits_for(self) -> float:
        """Milliseconds before a client hears its write is done."""
        database_ms = self.db_seconds * 1000
        if self.policy == "write-through":
            return CACHE_MS + database_ms  # cache and database, one after the other
        if self.policy == "write-behind":
            return CACHE_MS  # the database is written later, in a batch
        return database_ms  # cache-aside and refresh-ahead write around the cache

    def _acknowledge(self, key: int, version: int) -> None:
        """The write is done as far as the client knows; where it lives depends on the policy."""
        if self.policy in ("write-through", "write-behind"):
            self.cache[key] = Entry(version, NEVER)
        if self.policy == "write-behind":
            self.unflushed.append((key, version))
        else:
            self._store(key, version)
        self.acknowledged[key] = max(self.acknowledged[key], version)

    def _store(self, key: int, version: int) -> None:
        self.database[key] = max(self.database[key], version)
        self.database_writes += 1

    def _flush(self) -> None:
        """Write-behind: send the buffered writes, newest per key, in one batch."""
        self._schedule(self.now + float(self.params["flush_ms"]) / 1000, self._flush, ())
        if self.unflushed:
            newest = dict(self.unflushed)  # later versions of a key replace earlier ones
            self.unflushed = []
            self._schedule(self.now + self.db_seconds, self._store_batch, (newest,))

    def _store_batch(self, batch: dict[int, int]) -> None:
        for key, version in batch.items():
            self._store(key, version)

    # The fault -------------------------------------------------------------

    def _crash(self) -> None:
        """The cache process dies and restarts: its memory, and unflushed writes, are gone."""
        self.crashed = True
        self.lost_writes += len(self.unflushed)
        self._bucket().lost += len(self.unflushed)
        self.unflushed = []
        self.cache.clear()
        self.refreshing.clear()

    # Numbers and pictures ------------------------------------------------

    def metrics(self) -> dict[str, Any]:
        return {
            "read_latency_ms": self.read_ms / self.reads if self.reads else 0.0,
            "write_latency_ms": self.write_ms / self.writes if self.writes else 0.0,
            "stale_reads": self.stale_reads,
            "lost_writes": self.lost_writes,
            "hit_ratio": self.hits / self.reads if self.reads else 0.0,
            "reads": self.reads,
            "writes": self.writes,
            "database_writes": self.database_writes,
            "unflushed_writes": len(self.unflushed),
            "crashed": self.crashed,
            "time_s": round(self.now, 3),
        }

    def state(self) -> WritePolicyState:
        return WritePolicyState(
            policy=self.policy,
            now=self.now,
            duration=self.duration,
            crash_at=self.crash_at,
            crashed=self.crashed,
            cached_keys=len(self.cache),
            keys=self.keys,
            unflushed=len(self.unflushed),
            timeline=[Bucket(**vars(bucket)) for bucket in self.timeline],
            bucket_seconds=self.bucket_seconds,
        )
