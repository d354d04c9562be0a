"""The interpreter's own cost per operation, measured first so every row can state it."""

from __future__ import annotations

from primer_cli.bench.run import Interpreter
from primer_cli.bench.settings import Effort
from primer_cli.bench.stats import Spread
from primer_cli.bench.timing import CPU, paired_difference, per_operation


def empty_loop(count: int) -> None:
    for _ in range(count):
        pass


def trivial_calls(count: int) -> None:
    call = (1).bit_length  # a built-in that does almost nothing and allocates nothing
    for _ in range(count):
        call()


def measure_interpreter(effort: Effort) -> Interpreter:
    loop = Spread.of(per_operation(empty_loop, effort, CPU)).median_ns
    call = Spread.of(paired_difference(trivial_calls, empty_loop, effort, CPU)).median_ns
    return Interpreter(loop_ns=loop, call_ns=max(call, 0.0))
