"""How hard `primer bench` tries: the quick and the full run, defined once.

The budgets were set by timing whole runs on the 2-core development machine
(README, "Measuring: bench"): quick stays under 5 s and full under 30 s.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20
MS = 1_000_000  # nanoseconds


@dataclass(frozen=True)
class Effort:
    """Trials per row, and how long each trial and each row may take."""

    name: str
    trials: int
    trial_ns: int  # fast operations are batched until one trial lasts at least this long
    row_budget_ns: int  # a row stops adding trials after this, once it has MIN_TRIALS
    file_bytes: int  # size of the file read back past the page cache


MIN_TRIALS = 5  # fewer than this and p10/p90 say nothing

QUICK = Effort("quick", trials=15, trial_ns=2 * MS, row_budget_ns=250 * MS, file_bytes=16 * MIB)
FULL = Effort("full", trials=41, trial_ns=10 * MS, row_budget_ns=2_000 * MS, file_bytes=64 * MIB)

# The random walk's buffer: far beyond the last-level cache so that nearly every
# step misses it. 8x the cache, and never less than this.
MIN_MEMORY_BUFFER = 256 * MIB
BUFFER_TIMES_CACHE = 8
