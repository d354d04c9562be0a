"""Summaries of repeated trials: the median and the p10–p90 spread."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """Nanoseconds per operation over `trials` repeated trials."""

    median_ns: float
    p10_ns: float
    p90_ns: float
    trials: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Spread:
        if not samples:
            raise ValueError("a spread needs at least one sample")
        ordered = sorted(samples)
        return cls(
            median_ns=statistics.median(ordered),
            p10_ns=percentile(ordered, 10),
            p90_ns=percentile(ordered, 90),
            trials=len(ordered),
        )


def percentile(ordered: Sequence[float], pct: float) -> float:
    """The `pct`th percentile of sorted samples, interpolating between ranks (numpy's default)."""
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
