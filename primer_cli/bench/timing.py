"""Timing loops: batch an operation until a trial is long enough to time, then repeat the trial.

CPU-bound rows use this thread's CPU clock, which leaves out the time the
scheduler gives to other processes (this machine is shared); rows that wait
for a device, a socket or a child process use the wall clock, because the
waiting is what they measure.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from primer_cli.bench.settings import MIN_TRIALS, Effort

Clock = Callable[[], int]  # nanoseconds
Batch = Callable[[int], object]  # performs the operation n times

WALL: Clock = time.perf_counter_ns
CPU: Clock = time.thread_time_ns  # a system call here, about 1 µs: batches keep it under 0.1%

MAX_BATCH = 1 << 22


def elapsed_ns(batch: Batch, count: int, clock: Clock) -> int:
    start = clock()
    batch(count)
    return clock() - start


def calibrate(batch: Batch, target_ns: int, clock: Clock) -> int:
    """The smallest power-of-two count whose batch lasts at least `target_ns` (1 for slow operations)."""
    count = 1
    while count < MAX_BATCH and elapsed_ns(batch, count, clock) < target_ns:
        count *= 2
    return count


def per_operation(batch: Batch, effort: Effort, clock: Clock) -> list[float]:
    """Nanoseconds per operation, one sample per trial."""
    count = calibrate(batch, effort.trial_ns, clock)
    return _trials(lambda: elapsed_ns(batch, count, clock) / count, effort)


def paired_difference(batch: Batch, baseline: Batch, effort: Effort, clock: Clock) -> list[float]:
    """Per-operation cost of `batch` beyond `baseline`, both timed in every trial so drift cancels.

    The order alternates between trials, so neither side always runs on a warmer cache.
    """
    count = calibrate(batch, effort.trial_ns, clock)
    flip = [False]

    def one_trial() -> float:
        flip[0] = not flip[0]
        if flip[0]:
            base = elapsed_ns(baseline, count, clock)
            return (elapsed_ns(batch, count, clock) - base) / count
        total = elapsed_ns(batch, count, clock)
        return (total - elapsed_ns(baseline, count, clock)) / count

    return _trials(one_trial, effort)


def _trials(one_trial: Callable[[], float], effort: Effort) -> list[float]:
    """`effort.trials` samples, fewer (never under MIN_TRIALS) when a row runs past its budget."""
    deadline = time.perf_counter_ns() + effort.row_budget_ns
    samples: list[float] = []
    while len(samples) < effort.trials:
        samples.append(one_trial())
        if len(samples) >= MIN_TRIALS and time.perf_counter_ns() > deadline:
            break
    return samples
