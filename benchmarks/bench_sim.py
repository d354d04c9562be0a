"""Events per second for every demo model, and whether run time grows linearly with events.

Each model is grown (more keys, requests, packets or simulated seconds) until a
run processes about N events, timed, then grown to about 4N and timed again.
Linear growth shows as a time ratio near 4 (the per-event cost stays flat).
The target is at least 200,000 events per second per model in pure Python.

    python benchmarks/bench_sim.py            # N = 200,000
    python benchmarks/bench_sim.py --events 50000
"""

from __future__ import annotations

import argparse
import gc
import time
from importlib.util import find_spec
from typing import Any

from primer_cli.sim.base import Model
from primer_cli.sim.catalog import DEMOS, DemoInfo

TARGET_EVENTS_PER_SECOND = 200_000
# The parameter that makes a run longer, for models without a --duration.
SIZE_PARAMETER = {
    "hashring": "keys",
    "cache": "requests",
    "sharding": "requests",
    "transport": "packets",
}


def size_parameter(info: DemoInfo, model_class: type[Model]) -> str | None:
    names = {param.name for param in model_class.all_params()}
    for name in (SIZE_PARAMETER.get(info.name), "duration", "requests"):
        if name in names:
            return name
    return None


def timed_run(
    model_class: type[Model], params: dict[str, Any], repeats: int = 1
) -> tuple[int, float]:
    """(events, seconds) for a headless run, construction included; the best of `repeats`."""
    best = float("inf")
    events = 0
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        model = model_class(**params)
        model.run()
        best = min(best, time.perf_counter() - start)
        events = model.events
    return events, best


def grown_to(model_class: type[Model], knob: str, events: int) -> dict[str, Any]:
    """Parameters under which a run has about `events` events, scaling `knob` from its default."""
    default = next(p.default for p in model_class.all_params() if p.name == knob)
    assert isinstance(default, int | float)
    baseline, _ = timed_run(model_class, {})
    scale = events / max(1, baseline)
    value = default * scale
    return {knob: max(1, round(value)) if isinstance(default, int) else value}


def bench(info: DemoInfo, events: int) -> str:
    module = info.model.partition(":")[0]
    if find_spec(module) is None:
        return f"{info.name:<13} skipped: {module} does not exist yet"
    model_class = info.load()
    knob = size_parameter(info, model_class)
    if knob is None:
        return f"{info.name:<13} skipped: no parameter to grow the run with"
    # Best of three: other processes on the machine only ever make a run slower.
    small_events, small_seconds = timed_run(model_class, grown_to(model_class, knob, events), 3)
    big_events, big_seconds = timed_run(model_class, grown_to(model_class, knob, 4 * events), 3)
    rate = big_events / big_seconds
    verdict = "ok" if rate >= TARGET_EVENTS_PER_SECOND else "BELOW TARGET"
    return (
        f"{info.name:<13} {rate:>11,.0f} events/s  {verdict:<12}"
        f"  {small_events:>9,} events in {small_seconds:6.3f} s,"
        f" {big_events:>9,} in {big_seconds:6.3f} s:"
        f" x{big_events / small_events:.2f} events took x{big_seconds / small_seconds:.2f} time"
        f" (grown by --{knob.replace('_', '-')})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="N: events in the smaller run")
    parser.add_argument("demos", nargs="*", help="only these demos (default: all)")
    args = parser.parse_args()
    print(
        f"target: {TARGET_EVENTS_PER_SECOND:,} events/s; linear growth means time x~4 for x4 events"
    )
    for info in DEMOS:
        if not args.demos or info.name in args.demos:
            print(bench(info, args.events), flush=True)


if __name__ == "__main__":
    main()
