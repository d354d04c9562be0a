"""The numbers every engineer should know: the primer's latency table and powers of two.

The figures are the primer's own ("Latency numbers every programmer should
know" and "Powers of two table"); tests/test_numbers_tables.py reads them back
out of the seed text so a typo here fails a test. Names are the slugs people
type in `primer estimate latency`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from primer_cli.estimate.conventions import napkin


@dataclass(frozen=True)
class LatencyOperation:
    """One row of the primer's latency table."""

    name: str  # what people type: 'disk-seek'
    label: str  # as the primer writes it: 'Disk seek'
    ns: float
    note: str = ""

    @property
    def human_scale_seconds(self) -> float:
        """The same ratio at human speed: if 1 ns took 1 s, this would take this many seconds."""
        return self.ns

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "label": self.label,
            "ns": self.ns,
            "note": self.note,
            "human_scale_seconds": self.human_scale_seconds,
        }


LATENCY_TABLE: tuple[LatencyOperation, ...] = (
    LatencyOperation("l1-cache-reference", "L1 cache reference", 0.5),
    LatencyOperation("branch-mispredict", "Branch mispredict", 5),
    LatencyOperation("l2-cache-reference", "L2 cache reference", 7, "14x L1 cache"),
    LatencyOperation("mutex-lock-unlock", "Mutex lock/unlock", 100),
    LatencyOperation(
        "main-memory-reference", "Main memory reference", 100, "20x L2 cache, 200x L1 cache"
    ),
    LatencyOperation("compress-1kb-zippy", "Compress 1K bytes with Zippy", 10_000),
    LatencyOperation("send-1kb-1gbps", "Send 1 KB bytes over 1 Gbps network", 10_000),
    LatencyOperation("read-4kb-random-ssd", "Read 4 KB randomly from SSD", 150_000, "~1GB/sec SSD"),
    LatencyOperation("read-1mb-memory", "Read 1 MB sequentially from memory", 250_000),
    LatencyOperation("round-trip-same-datacenter", "Round trip within same datacenter", 500_000),
    LatencyOperation(
        "read-1mb-ssd", "Read 1 MB sequentially from SSD", 1_000_000, "~1GB/sec SSD, 4X memory"
    ),
    LatencyOperation("disk-seek", "Disk seek", 10_000_000, "20x datacenter roundtrip"),
    LatencyOperation(
        "read-1mb-1gbps", "Read 1 MB sequentially from 1 Gbps", 10_000_000, "40x memory, 10X SSD"
    ),
    LatencyOperation(
        "read-1mb-disk", "Read 1 MB sequentially from disk", 30_000_000, "120x memory, 30X SSD"
    ),
    LatencyOperation("packet-ca-netherlands-ca", "Send packet CA->Netherlands->CA", 150_000_000),
)

# The primer's "handy metrics based on numbers above".
HANDY_METRICS: tuple[str, ...] = (
    "Read sequentially from disk at 30 MB/s",
    "Read sequentially from 1 Gbps Ethernet at 100 MB/s",
    "Read sequentially from SSD at 1 GB/s",
    "Read sequentially from main memory at 4 GB/s",
    "6-7 world-wide round trips per second",
    "2,000 round trips per second within a data center",
)

# A few names people reach for first; anything else gets a 'did you mean'.
_ALIASES = {
    "l1": "l1-cache-reference",
    "l2": "l2-cache-reference",
    "mutex": "mutex-lock-unlock",
    "memory-reference": "main-memory-reference",
    "round-trip-datacenter": "round-trip-same-datacenter",
    "datacenter-round-trip": "round-trip-same-datacenter",
    "seek": "disk-seek",
}


_SEPARATORS = re.compile(r"[\s_/>-]+")  # spaces, -, _, / and the > of 'CA->Netherlands'
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def name_key(text: str) -> str | None:
    """'Disk seek', 'disk_seek' and 'DISK-SEEK' all give 'disk-seek'; None if anything else is in it.

    Only case and separators are set aside: a character that is neither a
    letter, a digit nor a separator ('½', '@', '.') makes the text no name at
    all, rather than being dropped until a name fits.
    """
    key = _SEPARATORS.sub("-", text.strip().lower()).strip("-")
    return key if _NAME.fullmatch(key) else None


def operation_named(name: str) -> LatencyOperation | None:
    """The operation called `name` ('disk-seek', 'Disk seek', 'disk_seek', 'Mutex lock/unlock'), or None."""
    key = name_key(name)
    if key is None:
        return None
    key = _ALIASES.get(key, key)
    return next((op for op in LATENCY_TABLE if key in (op.name, name_key(op.label))), None)


@dataclass(frozen=True)
class PowerOfTwo:
    """One row of the powers-of-two table."""

    power: int
    exact: int
    approx: float  # the napkin figure: 2^30 is about a billion
    in_seed: bool  # the primer's own table has this row

    @property
    def bytes(self) -> int:
        return self.exact

    def to_dict(self) -> dict[str, object]:
        return {
            "power": self.power,
            "exact": self.exact,
            "approx": self.approx,
            "bytes": self.bytes,
            "in_primer": self.in_seed,
        }


_SEED_POWERS = (7, 8, 10, 16, 20, 30, 32, 40)
_EXTRA_POWERS = (50, 64)  # a petabyte, and the size of a 64-bit id space


def powers_of_two() -> tuple[PowerOfTwo, ...]:
    """The primer's powers-of-two rows, plus 2^50 and 2^64."""
    powers = sorted({*_SEED_POWERS, *_EXTRA_POWERS})
    # Below a thousand the exact value is already easy to say.
    return tuple(
        PowerOfTwo(p, 2**p, napkin(float(2**p)) if p >= 10 else float(2**p), p in _SEED_POWERS)
        for p in powers
    )
