"""Cache write policies in front of a slow database, and what a cache crash costs each of them.

Clients read and write keys (Zipf-popular) at Poisson rates. Every write makes
a new version of its key; a read is *stale* when it returns an older version
than the newest write already acknowledged to a client before the read began.
At `crash_at` the cache node loses its memory and restarts empty.

A database trip is two legs of `db_ms`/2 each, each varying by ±`db_jitter`;
a write takes effect in the database between them, a read reads it there.
The cache speaks memcached's verbs: a miss fills with `add` (only if the key
is absent), a background refresh uses `replace` (only if present), and a
write-through or write-behind write uses `set`.

- cache-aside: reads miss to the database and fill the cache; a write goes to
  the database, then deletes the cached copy (`invalidate`), then returns.
  Stale reads come only from the race: a read misses, loads the old row, and
  its slow response fills the cache after a concurrent write deleted the key.
  Without invalidation, cached copies stay stale until their `ttl` runs out.
- write-through: a write goes to the database, then `set`s the cache, before the
  client hears back: slower writes, never stale, nothing lost in a crash.
- write-behind: a write `set`s the cache and returns at once; the cache
  flushes to the database every `flush_ms`. Fast, but a crash loses what was
  not flushed yet.
- refresh-ahead: cache-aside, plus an entry read in the second half of its
  life is reloaded in the background, so hot keys rarely miss.
"""

from __future__ import annotations

import math
from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from primer_cli.sim.actions import Action
from primer_cli.sim.base import Measure, Params
from primer_cli.sim.cache import ZipfSampler
from primer_cli.sim.events import EventModel, fault_moment
from primer_cli.sim.faults import check_inside_run
from primer_cli.sim.narrate import milliseconds, moments, number, percent, seconds
from primer_cli.sim.params import (
    Param,
    ParamProblem,
    as_bool,
    as_float,
    as_int,
    as_optional_float,
    as_str,
)
from primer_cli.wording import count_of

POLICIES = ("cache-aside", "write-through", "write-behind", "refresh-ahead")
AROUND = ("cache-aside", "refresh-ahead")  # policies that write around the cache
CACHE_MS = 1.0  # one round trip to an in-memory cache
REFRESH_AFTER = 0.5  # refresh-ahead reloads entries read after half their TTL
KEY_SKEW = 1.0  # Zipf exponent of key popularity
TIMELINE_BUCKETS = 40  # slices of the run in the timeline the view draws
NEVER = math.inf
MAX_RATE = 100_000.0


# Its own, shorter run than the other demos: the fault moment is bounded by it.
_DURATION = Param("duration", 10.0, "Simulated time to run.", minimum=1, maximum=3600, unit="s")


@dataclass
class Entry:
    version: int
    expires: float
    raced: bool = False  # filled with a version older than one already acknowledged


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
    invalidate: bool
    now: float
    duration: float
    crashes: tuple[float, ...]  # when the cache crashes in this run: the past ones, then planned
    crashed: bool
    cached_keys: int
    keys: int
    unflushed: int  # write-behind: acknowledged writes still only in the cache
    timeline: list[Bucket]
    bucket_seconds: float
    worst_read_ms: float  # a miss: the cache, then the database


@dataclass
class PendingRead:
    """A read that missed, on its way to the database and back."""

    key: int
    bucket: Bucket
    acknowledged: int  # newest version acknowledged when the read began
    back_leg: float  # seconds from the database back to the client


class WritePolicyModel(EventModel[WritePolicyState]):
    """Reads, writes, flushes, refreshes and one crash, on the shared event engine."""

    NAME = "write-policy"
    PARAMS = (
        Param("policy", "write-behind", "How writes reach the database.", choices=POLICIES),
        Param(
            "invalidate",
            True,
            "Cache-aside and refresh-ahead delete the cached copy after each write; "
            "turning it off shows the classic forgot-to-invalidate bug.",
        ),
        fault_moment(
            "crash_at", 6.5, "When the cache node crashes and restarts empty.", within=_DURATION
        ),
        _DURATION,
        Param("read_rate", 1000.0, "Reads per second.", minimum=0, maximum=MAX_RATE, unit="/s"),
        Param("write_rate", 100.0, "Writes per second.", minimum=0, maximum=MAX_RATE, unit="/s"),
        Param("keys", 200, "Distinct keys (Zipf-popular).", minimum=1, maximum=100_000),
        Param("db_ms", 20.0, "Database round trip.", minimum=0, maximum=10_000, unit="ms"),
        Param(
            "db_jitter",
            0.2,
            "How much each leg of a database trip varies: 0.2 is ±20%.",
            minimum=0,
            maximum=1,
        ),
        Param(
            "ttl",
            1.0,
            "How long a cache-aside or refresh-ahead entry lives.",
            minimum=0.01,
            maximum=3600,
            unit="s",
        ),
        Param(
            "flush_ms",
            1000.0,
            "Write-behind flush interval.",
            minimum=1,
            maximum=600_000,
            unit="ms",
        ),
    )
    MEASURES = (
        Measure("hit_ratio", "Hit ratio", "%", "higher"),
        Measure("read_latency_ms", "Mean read latency", "ms", "lower"),
        Measure("write_latency_ms", "Mean write latency", "ms", "lower", steady=True),
        Measure("stale_fraction", "Reads that were stale", "%", "lower"),
        Measure("lost_writes", "Acknowledged writes lost", "count", "lower"),
        Measure("database_writes", "Database writes", "count", "lower"),
    )
    NOTICE = (
        "Watch the stale line and the crash: a policy is as fresh as its writes keep the cache, "
        "and as safe as what the database holds when it dies."
    )
    VARIANT = "policy"
    HEADLINE = ("stale_fraction", "write_latency_ms", "lost_writes")
    COST = ("read_rate", "write_rate", "duration")
    ANIMATION_SECONDS = 40.0
    ACTIONS = (Action("crash", "Crash cache", "f", "crashed the cache"),)

    @classmethod
    def check(cls, params: Params, given: Set[str]) -> None:
        check_inside_run(params, given, "crash_at")
        if as_float(params, "read_rate") + as_float(params, "write_rate") == 0:
            raise ParamProblem("nothing happens with no reads and no writes", param="read_rate")

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """At most: a read and, on a miss, its database trip and fill; a write, its commit
        and its acknowledgement; two events per flush."""
        duration = as_float(params, "duration")
        per_second = 3 * (as_float(params, "read_rate") + as_float(params, "write_rate"))
        return duration * (per_second + 2000 / as_float(params, "flush_ms")) + as_int(
            params, "keys"
        )

    def run_end(self) -> float:
        return as_float(self.params, "duration")

    def start(self) -> None:
        p = self.params
        self.policy = as_str(p, "policy")
        self.invalidate = as_bool(p, "invalidate") and self.policy in AROUND
        self.db_seconds = as_float(p, "db_ms") / 1000
        self.jitter = as_float(p, "db_jitter")
        self.ttl = as_float(p, "ttl")
        self.keys = as_int(p, "keys")
        self.read_rate, self.write_rate = as_float(p, "read_rate"), as_float(p, "write_rate")
        self.flush_every = as_float(p, "flush_ms") / 1000
        self.sampler = ZipfSampler(self.keys, KEY_SKEW, self.rng)
        self.database = [0] * self.keys  # version stored per key
        self.acknowledged = [0] * self.keys  # newest version a client was told is written
        self.cache: dict[int, Entry] = {}
        self.unflushed: list[tuple[int, int]] = []
        self.refreshing: set[int] = set()
        self.versions = 0
        self.crashed = False
        self.crash_times: list[float] = []  # crashes that happened, in order
        self.reads = self.hits = self.stale_reads = self.writes = self.acks = 0
        self.lost_writes = self.database_writes = self.stale_fills = self.refreshes = 0
        self.read_ms = self.write_ms = 0.0
        self.bucket_seconds = self.end / TIMELINE_BUCKETS
        self.timeline = [Bucket() for _ in range(TIMELINE_BUCKETS)]
        self._schedule_first_events()

    def _schedule_first_events(self) -> None:
        if self.read_rate > 0:
            self.after(self.rng.expovariate(self.read_rate), self._read)
        if self.write_rate > 0:
            self.after(self.rng.expovariate(self.write_rate), self._write)
        crash_at = as_optional_float(self.params, "crash_at")
        if crash_at is not None:
            self.at(crash_at, self._crash)
        if self.policy == "write-behind":
            self.after(self.flush_every, self._flush)

    def _leg(self) -> float:
        """Seconds for one way to or from the database."""
        return self.db_seconds / 2 * (1 + self.jitter * (2 * self.rng.random() - 1))

    def _bucket(self) -> Bucket:
        return self.timeline[min(int(self.now / self.bucket_seconds), TIMELINE_BUCKETS - 1)]

    # Reads ---------------------------------------------------------------

    def _read(self, _: Any) -> None:
        self.after(self.rng.expovariate(self.read_rate), self._read)
        key = self.sampler.draw()
        bucket = self._bucket()
        entry = self.cache.get(key)
        if entry is not None and entry.expires > self.now:
            self.hits += 1
            bucket.hits += 1
            self._count_read(bucket, CACHE_MS, stale=entry.version < self.acknowledged[key])
            self._maybe_refresh(key, entry)
            return
        there, back = self._leg(), self._leg()
        self._count_read(bucket, CACHE_MS + (there + back) * 1000, stale=False)
        pending = PendingRead(key, bucket, self.acknowledged[key], back)
        self.after(CACHE_MS / 1000 + there, self._read_database, pending)

    def _count_read(self, bucket: Bucket, latency_ms: float, *, stale: bool) -> None:
        self.reads += 1
        self.read_ms += latency_ms
        bucket.reads += 1
        bucket.read_ms += latency_ms
        if stale:
            self._count_stale(bucket)

    def _count_stale(self, bucket: Bucket) -> None:
        self.stale_reads += 1
        bucket.stale += 1

    def _read_database(self, pending: PendingRead) -> None:
        """The miss reaches the database; what it reads there is what the client gets."""
        version = self.database[pending.key]
        if version < pending.acknowledged:
            self._count_stale(pending.bucket)  # only after a crash lost acknowledged writes
        self.after(pending.back_leg, self._fill, (pending.key, version))

    def _fill(self, data: tuple[int, int]) -> None:
        """The loaded row goes into the cache with `add`: only if the key is absent (or expired)."""
        key, version = data
        entry = self.cache.get(key)
        if entry is not None and entry.expires > self.now:
            return
        raced = version < self.acknowledged[key]
        self.stale_fills += raced  # a write was acknowledged (and deleted the key) meanwhile
        expires = self.now + self.ttl if self.policy in AROUND else NEVER
        self.cache[key] = Entry(version, expires, raced)

    def _maybe_refresh(self, key: int, entry: Entry) -> None:
        if self.policy != "refresh-ahead" or key in self.refreshing:
            return
        if entry.expires - self.now < self.ttl * (1 - REFRESH_AFTER):
            self.refreshing.add(key)
            self.refreshes += 1
            self.after(self._leg(), self._refresh_database, key)

    def _refresh_database(self, key: int) -> None:
        self.after(self._leg(), self._refreshed, (key, self.database[key]))

    def _refreshed(self, data: tuple[int, int]) -> None:
        """A background reload `replace`s the entry, renewing its lease: only if still cached."""
        key, version = data
        self.refreshing.discard(key)
        if key in self.cache:
            raced = version < self.acknowledged[key]
            self.stale_fills += raced
            self.cache[key] = Entry(version, self.now + self.ttl, raced)

    # Writes --------------------------------------------------------------

    def _write(self, _: Any) -> None:
        """A client writes a key. Versions count in the order writes take effect:
        at the database, or at the cache for write-behind, which is the store of record."""
        self.after(self.rng.expovariate(self.write_rate), self._write)
        key = self.sampler.draw()
        self.writes += 1
        if self.policy == "write-behind":
            self.versions += 1
            self.after(CACHE_MS / 1000, self._acknowledge, (key, self.versions, self.now))
        else:
            self.after(self._leg(), self._commit, (key, self.now))

    def _commit(self, write: tuple[int, float]) -> None:
        """The write reaches the database; its reply then travels back to the client."""
        key, started = write
        self.versions += 1
        self._store(key, self.versions)
        cache_step = CACHE_MS / 1000 if self.invalidate or self.policy == "write-through" else 0.0
        self.after(self._leg() + cache_step, self._acknowledge, (key, self.versions, started))

    def _acknowledge(self, write: tuple[int, int, float]) -> None:
        """The client hears its write is done; the cache step before this is the policy's.

        Write-through and write-behind caches take the writes themselves, so they
        apply them in order and never let an older one overwrite a newer.
        """
        key, version, started = write
        if self.policy in ("write-through", "write-behind"):
            entry = self.cache.get(key)
            if entry is None or entry.version < version:
                self.cache[key] = Entry(version, NEVER)  # set
        elif self.invalidate:
            self.cache.pop(key, None)  # delete
        if self.policy == "write-behind":
            self.unflushed.append((key, version))
        self.acknowledged[key] = max(self.acknowledged[key], version)
        self.acks += 1
        self.write_ms += (self.now - started) * 1000

    def _store(self, key: int, version: int) -> None:
        self.database[key] = max(self.database[key], version)
        self.database_writes += 1

    def _flush(self, _: Any) -> None:
        """Write-behind: send the buffered writes, newest per key, in one batch."""
        self.after(self.flush_every, self._flush)
        if self.unflushed:
            newest = dict(self.unflushed)  # later versions of a key replace earlier ones
            self.unflushed = []
            self.after(self._leg(), self._store_batch, newest)

    def _store_batch(self, batch: dict[int, int]) -> None:
        for key, version in batch.items():
            self._store(key, version)

    # The fault -------------------------------------------------------------

    def _crash(self, _: Any) -> None:
        """The cache process dies and restarts: its memory, and unflushed writes, are gone."""
        self.crashed = True
        self.crash_times.append(self.now)
        self.lost_writes += len(self.unflushed)
        self._bucket().lost += len(self.unflushed)
        self.unflushed = []
        self.cache.clear()
        self.refreshing.clear()

    def perform(self, name: str) -> None:
        """A crash takes the place of the one the run plans (crash_at), if it is still to come."""
        self.take_planned(self._crash)
        self.happen_now(self._crash)

    # Numbers and pictures ------------------------------------------------

    def metrics(self) -> dict[str, Any]:
        acked = self.acks
        return {
            "read_latency_ms": self.read_ms / self.reads if self.reads else 0.0,
            "write_latency_ms": self.write_ms / acked if acked else 0.0,
            "stale_reads": self.stale_reads,
            "lost_writes": self.lost_writes,
            "hit_ratio": self.hits / self.reads if self.reads else 0.0,
            "reads": self.reads,
            "writes": self.writes,
            "database_writes": self.database_writes,
            "unflushed_writes": len(self.unflushed),
            "crashed": self.crashed,
            "time_s": round(self.now, 3),
            "stale_fraction": self.stale_reads / self.reads if self.reads else 0.0,
            "stale_fills": self.stale_fills,
            "refreshes": self.refreshes,
        }

    def state(self) -> WritePolicyState:
        return WritePolicyState(
            policy=self.policy,
            invalidate=self.invalidate,
            now=self.now,
            duration=self.end,
            crashes=tuple(self._crashes()),
            crashed=self.crashed,
            cached_keys=len(self.cache),
            keys=self.keys,
            unflushed=len(self.unflushed),
            timeline=[Bucket(**vars(bucket)) for bucket in self.timeline],
            bucket_seconds=self.bucket_seconds,
            worst_read_ms=CACHE_MS + self.db_seconds * 1000 * (1 + self.jitter),
        )

    # Theory and words ---------------------------------------------------------------

    def theory(self) -> dict[str, Any]:
        """What each write waits for, by design; what write-behind loses in the crash
        (write rate × time since the last flush); and the policies that cannot be stale."""
        database_ms = self.db_seconds * 1000
        waits = {
            "write-through": database_ms + CACHE_MS,
            "write-behind": CACHE_MS,
        }.get(self.policy, database_ms + (CACHE_MS if self.invalidate else 0.0))
        predicted: dict[str, Any] = {"write_latency_ms": round(waits, 6)}
        if self.policy == "write-through":
            predicted |= {"stale_fraction": 0.0, "lost_writes": 0}
        elif self.policy == "write-behind" and self._crashes():
            lost = sum(self._unflushed_at(crash) for crash in self._crashes())
            predicted["lost_writes"] = round(self.write_rate * lost, 3)
        elif self.policy in AROUND:
            predicted["lost_writes"] = 0
        return predicted

    def notice(self) -> str:
        if self.policy == "cache-aside" and not self.invalidate:
            return (
                "Watch the stale line: writes leave the cached copy in place, so reads return "
                "old data until it expires. Invalidation would fix it."
            )
        return {
            "cache-aside": "Watch the stale line: each write deletes the cached copy, so only a "
            "rare race (a slow read refilling an old value) serves stale data.",
            "write-through": "Watch write latency and the crash: each write waits for the database "
            "and the cache, so nothing is ever stale and the crash loses nothing.",
            "write-behind": "Watch the unflushed writes: writes return at once and reach the "
            "database only at each flush, so the crash loses whatever was waiting.",
            "refresh-ahead": "Watch the hit line: entries read late in life are reloaded in the "
            "background, so hot keys rarely miss; the crash empties it all the same.",
        }[self.policy]

    def summary(self) -> str:
        m = self.metrics()
        text = (
            f"Reads hit the cache {percent(m['hit_ratio'])} of the time and took "
            f"{milliseconds(m['read_latency_ms'])} on average; writes took "
            f"{milliseconds(m['write_latency_ms'])}. "
        )
        text += {
            "cache-aside": self._aside_story,
            "refresh-ahead": self._aside_story,
            "write-through": self._through_story,
            "write-behind": self._behind_story,
        }[self.policy](m)
        return text + self._crash_story()

    def _aside_story(self, m: dict[str, Any]) -> str:
        stale = f"{count_of(self.stale_reads, 'read')} ({percent(m['stale_fraction'])})"
        if self.policy == "refresh-ahead":
            lead = (
                f"{count_of(self.refreshes, 'entry', text=None)} read late in life "
                f"{'was' if self.refreshes == 1 else 'were'} reloaded in the background. "
            )
        else:
            lead = ""
        if not self.invalidate:
            return lead + (
                f"Writes updated the database and left the cached copy in place, so {stale} "
                f"returned old data until entries expired ({seconds(self.ttl)} TTL). "
                "Deleting the key on each write fixes that."
            )
        lead += "Each write updated the database, then deleted the cached copy, so only a race could serve old data: "
        if not self.stale_fills:
            return lead + "no slow read put an old row back after a write deleted it this time."
        return lead + (
            f"{count_of(self.stale_fills, 'time')} a slow read put an old row back just after a "
            f"write deleted it, and {stale} {'was' if self.stale_reads == 1 else 'were'} stale."
        )

    def _through_story(self, m: dict[str, Any]) -> str:
        return (
            "Each write waited for the database and then the cache, so no read was ever stale"
            f" ({count_of(self.stale_reads, 'stale read')})."
        )

    def _behind_story(self, m: dict[str, Any]) -> str:
        return (
            f"Writes returned from the cache and reached the database in batches every "
            f"{seconds(self.flush_every)}: {number(self.writes)} writes became "
            f"{number(self.database_writes)} database writes."
        )

    def _crashes(self) -> list[float]:
        """The crashes of the whole run: those that happened, then the one still planned."""
        return self.crash_times + self.planned(self._crash)

    def _unflushed_at(self, crash: float) -> float:
        """Seconds of write-behind writes not yet flushed when a crash at `crash` comes."""
        since_flush = crash - self.flush_every * math.floor(crash / self.flush_every)
        unflushed = since_flush or self.flush_every  # a crash at a flush's instant comes first
        return min(unflushed, crash)

    def _crash_story(self) -> str:
        if not self.crash_times:
            return " The cache never crashed in this run."
        text = f" The cache crashed at {moments(self.crash_times)} and restarted empty, so the hit ratio dipped"
        if self.policy != "write-behind":
            return text + "; nothing acknowledged was lost, because the database held every write."
        # The crashes that happened, not the whole run's plan: exact for a run stopped early too.
        predicted = self.write_rate * sum(self._unflushed_at(crash) for crash in self.crash_times)
        return text + (
            f" and {count_of(self.lost_writes, 'acknowledged write')} not yet flushed "
            f"{'was' if self.lost_writes == 1 else 'were'} lost (theory: write rate × time since "
            f"the last flush = {number(round(predicted, 1))}); reads of those keys were stale afterwards."
        )
