"""Work on the processor alone: a mutex, compressing and hashing a kilobyte."""

from __future__ import annotations

import hashlib
import random
import threading
import zlib
from collections.abc import Callable

from primer_cli.bench.context import Context
from primer_cli.bench.outcome import Measured, NotMeasured, Outcome, measured
from primer_cli.bench.stats import Spread
from primer_cli.bench.timing import CPU, paired_difference, per_operation

KILOBYTE = 1024
COMPRESS_LEVEL = 1  # zlib's fastest, the nearest it comes to Zippy/Snappy's aim
# A 1 KiB window is all a 1 KB input can use, and it keeps zlib's state small.
# With the default 32 KiB window, zlib.compress() of this kilobyte took 120 µs
# a call in a bare interpreter on the development machine, and 22 µs with
# glibc's MALLOC_TRIM_THRESHOLD_ and MALLOC_MMAP_THRESHOLD_ raised: the rest
# was glibc handing the state back to the kernel and faulting it in again.
# With this window: 12 µs, and 297 bytes out instead of 300.
WINDOW_BITS = 10
MEMORY_LEVEL = 8  # zlib's default; 1 and 9 were both slower here (25 and 30 µs)


def sample_kilobyte() -> bytes:
    """1 KB of log lines: compressible the way real text is, the same on every run."""
    rng = random.Random(1)
    lines = (
        f"{rng.randint(10_000, 99_999)} GET /api/v1/items/{k} 200 {rng.randint(1, 999)}ms"
        for k in range(60)
    )
    return "\n".join(lines).encode()[:KILOBYTE]


def _trivial_pairs(count: int) -> None:
    call = (1).bit_length
    for _ in range(count):
        call()
        call()


def mutex(context: Context) -> Outcome:
    lock = threading.Lock()
    acquire, release = lock.acquire, lock.release

    def lock_pairs(count: int) -> None:
        for _ in range(count):
            acquire()
            release()

    samples = paired_difference(lock_pairs, _trivial_pairs, context.effort, CPU)
    note = (
        "threading.Lock acquire + release, uncontended, less the same loop making two calls "
        "to a trivial built-in (the interpreter's share, subtracted). Still includes acquire()'s "
        "argument parsing, which the trivial call skips. CPU clock of this thread."
    )
    return measured(samples, note, what="the lock's cost beyond two calls")


def _compress(block: bytes) -> Callable[[int], None]:
    def batch(count: int) -> None:
        for _ in range(count):
            compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, WINDOW_BITS, MEMORY_LEVEL)
            compressor.compress(block)
            compressor.flush()

    return batch


def _one_shot(block: bytes) -> Callable[[int], None]:
    def batch(count: int) -> None:
        for _ in range(count):
            zlib.compress(block, COMPRESS_LEVEL)

    return batch


def compress(context: Context) -> Outcome:
    block = sample_kilobyte()
    ratio = len(zlib.compress(block, COMPRESS_LEVEL)) / len(block)
    spread = Spread.of(per_operation(_compress(block), context.effort, CPU))
    one_shot = Spread.of(per_operation(_one_shot(block), context.effort, CPU)).median_ns
    note = (
        f"zlib level {COMPRESS_LEVEL} (Zippy/Snappy is not in Python's standard library) on 1 KB of "
        f"log lines, to {ratio:.0%} of their size; a fresh compressor each time, with a 1 KiB "
        f"window. zlib.compress() with its default window took {one_shot / 1000:.3g} µs in the "
        "same run. CPU clock of this thread."
    )
    return Measured(spread, note)


def _hashing(name: str, block: bytes) -> Callable[[int], None]:
    def batch(count: int) -> None:
        for _ in range(count):
            hashlib.new(name, block).digest()

    return batch


def hash_kilobyte(name: str) -> Callable[[Context], Outcome]:
    def probe(context: Context) -> Outcome:
        block = sample_kilobyte()
        try:
            batch = _hashing(name, block)
            batch(1)
        except ValueError as error:  # a FIPS build refuses MD5
            return NotMeasured(f"This Python refuses {name}: {error}.")
        spread = Spread.of(per_operation(batch, context.effort, CPU))
        share = 3 * context.interpreter.call_ns / spread.median_ns
        note = (
            f"hashlib.new('{name}', 1 KB).digest(): a new hash object each time. The interpreter's "
            f"three calls are about {share:.0%} of it, not subtracted. CPU clock of this thread."
        )
        return Measured(spread, note)

    return probe
