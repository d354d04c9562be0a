"""Rows this process cannot measure honestly, each with the reason instead of a number."""

from __future__ import annotations

from collections.abc import Callable

from primer_cli.bench.context import Context
from primer_cli.bench.outcome import NotMeasured, Outcome


def too_small(what: str, table_ns: float) -> Callable[[Context], Outcome]:
    """A reason for operations of a few cycles: the interpreter's own step dwarfs them."""

    def probe(context: Context) -> Outcome:
        loop = context.interpreter.loop_ns
        return NotMeasured(
            f"{what} takes a few cycles; one step of a Python loop costs {loop:.0f} ns here, "
            f"{loop / table_ns:.0f}x as long, and that step itself hits the L1 cache and branches "
            "many times, so the operation cannot be told apart from the interpreter's own."
        )

    return probe


def reason(text: str) -> Callable[[Context], Outcome]:
    def probe(context: Context) -> Outcome:
        return NotMeasured(text)

    return probe


NO_SEEK = reason(
    "A seek cannot be timed apart from the read that follows it; on a spinning disk the random "
    "4 KB read includes one, and a solid-state drive has none."
)
NO_SPINNING_DISK = reason(
    "Needs a spinning disk; the 1 MB file read ran on whatever drive holds the temporary "
    "directory, and is reported as the SSD row."
)
NO_GIGABIT_LINK = reason(
    "Needs a 1 Gbps link to another machine; primer bench sends nothing beyond loopback."
)
NO_OCEAN = reason(
    "Needs a path to the Netherlands and back; primer bench sends nothing beyond loopback."
)
