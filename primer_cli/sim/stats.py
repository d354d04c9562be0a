"""The one mean and the one percentile every model reports with."""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean; 0.0 when there are no values."""
    return math.fsum(values) / len(values) if values else 0.0


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values; 0.0 when there are none.

    The p99 of 100 values is the 99th smallest, not the largest: rank
    ceil(0.99 × 100) = 99.
    """
    if not ordered:
        return 0.0
    rank = math.ceil(fraction * len(ordered) - 1e-9)  # 0.99 × 100 is 98.99999… in floats
    return float(ordered[min(len(ordered), max(1, rank)) - 1])
