"""What a probe returns: a measured spread with a note, or the reason it could not measure."""

from __future__ import annotations

from dataclasses import dataclass

from primer_cli.bench.stats import Spread


@dataclass(frozen=True)
class Measured:
    spread: Spread
    note: str  # what was timed and which overheads the figure includes


@dataclass(frozen=True)
class NotMeasured:
    reason: str  # why no honest number can come from this process


Outcome = Measured | NotMeasured


def measured(samples: list[float], note: str, *, what: str = "the difference") -> Outcome:
    """`Measured`, unless the typical sample is not positive: then the effect was lost in the noise."""
    spread = Spread.of(samples)
    if spread.median_ns <= 0:
        return NotMeasured(
            f"{what[:1].upper()}{what[1:]} was lost in timing noise on this run. {note}"
        )
    return Measured(spread, note)
