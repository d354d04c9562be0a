"""Main memory: a dependent random walk past the caches, and a 1 MB sequential read.

The walk's next address depends on the byte just read, so the processor cannot
start the next access early: each step waits out a full memory access. The
same walk confined to one 4 KiB block (always in cache) is timed in every trial
and subtracted: that removes the interpreter's work per step, which is the
same in both, and leaves what the far reads add.
"""

from __future__ import annotations

from dataclasses import dataclass

from primer_cli.bench.context import Context
from primer_cli.bench.machine import last_level_cache_bytes
from primer_cli.bench.outcome import Measured, Outcome, measured
from primer_cli.bench.settings import BUFFER_TIMES_CACHE, MIB, MIN_MEMORY_BUFFER
from primer_cli.bench.stats import Spread
from primer_cli.bench.timing import CPU, paired_difference, per_operation

# A linear congruential walk over a power-of-two buffer visits every index once
# per period when the multiplier is 1 mod 4 and the increment odd (Hull-Dobell).
# The increment is even here because each step adds the byte it read, always 1.
MULTIPLIER = 69069
INCREMENT = 12344
FILL = b"\x01"
NEAR_BYTES = 4096  # the baseline walk's block: one page, always in cache
ABSENT = b"\x00"  # bytes.find scans (memchr) the whole megabyte looking for it


@dataclass
class MemoryBuffer:
    data: bytes
    position: int = 0  # the walk goes on from batch to batch, so it never revisits warm lines
    scan_offset: int = 0

    def walk(self, count: int, reach: int) -> None:
        data, mask, i = self.data, len(self.data) - 1, self.position
        for _ in range(count):
            i = (i * MULTIPLIER + INCREMENT + data[i & reach]) & mask
        self.position = i

    def far_walk(self, count: int) -> None:
        self.walk(count, len(self.data) - 1)

    def near_walk(self, count: int) -> None:
        self.walk(count, NEAR_BYTES - 1)

    def scan_megabytes(self, count: int) -> None:
        """Read `count` fresh megabytes in order, wrapping around the buffer."""
        data, offset, size = self.data, self.scan_offset, len(self.data)
        for _ in range(count):
            if data.find(ABSENT, offset, offset + MIB) != -1:
                raise RuntimeError("the scanned buffer must hold no zero byte")
            offset = (offset + MIB) % size
        self.scan_offset = offset


def buffer_size() -> int:
    """A power of two at least BUFFER_TIMES_CACHE times the last-level cache."""
    cache = last_level_cache_bytes() or 0
    size = MIN_MEMORY_BUFFER
    while size < cache * BUFFER_TIMES_CACHE:
        size *= 2
    return size


def memory_buffer(context: Context) -> MemoryBuffer:
    if context.memory is None:
        # Repeating a byte writes every page, so each one is really backed by RAM
        # (a zeroed allocation could map them all to one shared zero page).
        context.memory = MemoryBuffer(FILL * buffer_size())
    return context.memory


def main_memory_reference(context: Context) -> Outcome:
    memory = memory_buffer(context)
    samples = paired_difference(memory.far_walk, memory.near_walk, context.effort, CPU)
    step = Spread.of(per_operation(memory.near_walk, context.effort, CPU)).median_ns
    size = len(memory.data)
    note = (
        f"Dependent random walk over a {_describe_buffer(size)}, less the same walk kept inside "
        f"4 KiB ({step:.0f} ns a step of interpreter work, subtracted). Includes a TLB miss per "
        "access (4 KiB pages), as most random reads do. CPU clock of this thread."
    )
    return measured(samples, note, what="a far read's extra cost")


def _describe_buffer(size: int) -> str:
    cache = last_level_cache_bytes()
    if not cache:
        return f"{size // MIB} MiB buffer"
    return f"{size // MIB} MiB buffer, {size // cache}x the {cache // MIB} MiB last-level cache"


def read_megabyte(context: Context) -> Outcome:
    memory = memory_buffer(context)
    samples = per_operation(memory.scan_megabytes, context.effort, CPU)
    note = (
        f"bytes.find (memchr) over 1 MB not read recently, from a {_describe_buffer(len(memory.data))}. "
        "One call per megabyte: the interpreter's share is under 0.1%. CPU clock of this thread."
    )
    return Measured(Spread.of(samples), note)
