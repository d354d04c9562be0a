"""Run every probe inside a temporary directory that is removed however the run ends.

`tempfile.TemporaryDirectory` removes it on the way out, Ctrl-C
(KeyboardInterrupt) included; tests/test_bench_cli.py interrupts a real
run with SIGINT and SIGTERM and checks. Interrupting signals are held while
the directory is made, and let in only once the `with` block owns it: a
signal landing between `mkdtemp` and `__enter__` would otherwise leave the
directory behind (seen here: 1 run in 8 under load).
"""

from __future__ import annotations

import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from primer_cli.bench.context import Context
from primer_cli.bench.interpreter import measure_interpreter
from primer_cli.bench.machine import describe
from primer_cli.bench.outcome import NotMeasured, Outcome
from primer_cli.bench.plan import PROBES, Probe
from primer_cli.bench.probes.files import close_data_file
from primer_cli.bench.run import Row, Run
from primer_cli.bench.settings import Effort

TEMP_PREFIX = "primer-bench-"
INTERPRETER_STEP = "the interpreter's own cost"

# Called before each step with (steps done, steps in all, what comes next).
Progress = Callable[[int, int, str], None]


def _silent(done: int, total: int, what: str) -> None:
    return None


def steps() -> int:
    return len(PROBES) + 1  # the interpreter first


def run_bench(
    effort: Effort, *, directory: Path | None = None, on_progress: Progress = _silent
) -> Run:
    """Measure every row; the temporary directory is made in `directory` (default: the system's)."""
    started_at = datetime.now(UTC).isoformat(timespec="microseconds")
    start = time.perf_counter()
    with (
        _signals_held() as let_in,
        tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=directory) as temporary,
    ):
        let_in()
        workdir = Path(temporary)
        on_progress(0, steps(), INTERPRETER_STEP)
        context = Context(effort, workdir, measure_interpreter(effort))
        try:
            rows = tuple(_measure_all(context, on_progress))
        finally:
            close_data_file(context)
            context.memory = None  # hand the big buffer back before the next run
        machine = describe(workdir)
    return Run(
        started_at=started_at,
        effort=effort.name,
        seconds=time.perf_counter() - start,
        interpreter=context.interpreter,
        machine=machine,
        rows=rows,
    )


@contextmanager
def _signals_held() -> Iterator[Callable[[], None]]:
    """Hold SIGINT and SIGTERM until the caller lets them in (and always on the way out)."""
    interrupting = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield lambda: None
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, interrupting)

    def let_in() -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)

    try:
        yield let_in
    finally:
        let_in()


def _measure_all(context: Context, on_progress: Progress) -> Iterator[Row]:
    for done, probe in enumerate(PROBES, start=1):
        on_progress(done, steps(), probe.operation)
        yield row_for(probe, _attempt(probe, context))
    on_progress(steps(), steps(), "done")


def _attempt(probe: Probe, context: Context) -> Outcome:
    try:
        return probe.measure(context)
    except OSError as error:  # no loopback, a full disk, a refused spawn: say so, keep going
        return NotMeasured(f"Failed on this machine: {error}.")


def row_for(probe: Probe, outcome: Outcome) -> Row:
    table = probe.table_row
    row = Row(
        id=probe.id,
        operation=probe.operation,
        table_ns=table.ns if table else None,
        measured_ns=None,
        p10_ns=None,
        p90_ns=None,
        trials=0,
        note="",
        table_operation=table.label if table and table.label != probe.operation else None,
        reason=outcome.reason if isinstance(outcome, NotMeasured) else None,
        lower_bound=probe.lower_bound,
        stable=probe.stable,
    )
    if isinstance(outcome, NotMeasured):
        return row
    spread = outcome.spread
    return replace(
        row,
        measured_ns=spread.median_ns,
        p10_ns=spread.p10_ns,
        p90_ns=spread.p90_ns,
        trials=spread.trials,
        note=outcome.note,
    )
