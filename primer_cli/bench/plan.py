"""Every row `primer bench` reports, in the latency table's order, then the modern rows.

A row whose `id` names a row of the latency table (primer_cli/estimate/latency.py)
is compared with the table's figure; the others are operations worth knowing
today that the 2012 table lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from primer_cli.bench.context import Context
from primer_cli.bench.outcome import Outcome
from primer_cli.bench.probes import cpu, files, memory, network, process, unmeasurable
from primer_cli.estimate.latency import LatencyOperation, operation_named


@dataclass(frozen=True)
class Probe:
    id: str
    operation: str  # what this run measures, in words
    measure: Callable[[Context], Outcome]
    lower_bound: bool = False  # the best case of the table's operation, e.g. loopback for a network
    stable: bool = False  # pure CPU or memory work: expected to repeat within 2x

    @property
    def table_row(self) -> LatencyOperation | None:
        return operation_named(self.id)


PROBES: tuple[Probe, ...] = (
    Probe("l1-cache-reference", "L1 cache reference", unmeasurable.too_small("An L1 hit", 0.5)),
    Probe(
        "branch-mispredict", "Branch mispredict", unmeasurable.too_small("A mispredicted branch", 5)
    ),
    Probe("l2-cache-reference", "L2 cache reference", unmeasurable.too_small("An L2 hit", 7)),
    # Not `stable`: a difference of two timings of similar size, so it carries the
    # noise of both; it moved 2.2x over five runs on the development machine.
    Probe("mutex-lock-unlock", "Mutex lock/unlock", cpu.mutex),
    Probe(
        "main-memory-reference",
        "Main memory reference",
        memory.main_memory_reference,
        stable=True,
    ),
    Probe("compress-1kb-zippy", "Compress 1 KB with zlib", cpu.compress, stable=True),
    Probe("send-1kb-1gbps", "Send 1 KB over loopback TCP", network.send_kilobyte, lower_bound=True),
    Probe(
        "read-4kb-random-ssd",
        "Read 4 KB randomly from the drive",
        files.read_random_block,
    ),
    Probe(
        "read-1mb-memory",
        "Read 1 MB sequentially from memory",
        memory.read_megabyte,
        stable=True,
    ),
    Probe(
        "round-trip-same-datacenter",
        "Round trip over loopback TCP",
        network.round_trip,
        lower_bound=True,
    ),
    Probe(
        "read-1mb-ssd",
        "Read 1 MB sequentially from the drive",
        files.read_sequential_megabyte,
    ),
    Probe("disk-seek", "Disk seek", unmeasurable.NO_SEEK),
    Probe("read-1mb-1gbps", "Read 1 MB sequentially from 1 Gbps", unmeasurable.NO_GIGABIT_LINK),
    Probe("read-1mb-disk", "Read 1 MB sequentially from disk", unmeasurable.NO_SPINNING_DISK),
    Probe("packet-ca-netherlands-ca", "Send packet CA->Netherlands->CA", unmeasurable.NO_OCEAN),
    Probe("hash-1kb-md5", "Hash 1 KB with MD5", cpu.hash_kilobyte("md5"), stable=True),
    Probe("hash-1kb-sha256", "Hash 1 KB with SHA-256", cpu.hash_kilobyte("sha256"), stable=True),
    Probe("fsync-small-write", "Write 4 KB and fsync", files.fsync_small_write),
    Probe("start-process", "Start a process and wait for it", process.start_process),
)
