"""Events per second for every demo model, linearity, and the cost of the biggest allowed runs.

Each model is grown (more keys, requests, packets or simulated seconds) until a
run processes about N events, timed, then grown to about 4N and timed again.
Linear growth shows as a time ratio near 4 (the per-event cost stays flat).
The target is at least 200,000 events per second per model in pure Python.
Rates are per second of CPU time (`time.process_time`), which other processes
on a shared machine do not inflate; wall-clock time is printed beside it.

`--worst` runs, each in a fresh process, the biggest run each demo's bounds
and event cap allow, and prints its wall time, CPU time and peak memory: the
budget is about 10 s and 500 MB on the development machine.

    python benchmarks/bench_sim.py            # N = 200,000
    python benchmarks/bench_sim.py --events 50000 queue cache
    python benchmarks/bench_sim.py --worst
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from typing import Any

from primer_cli.sim.base import EVENT_CAP, Model
from primer_cli.sim.catalog import DEMOS, DemoInfo
from primer_cli.sim.params import ParamProblem

TARGET_EVENTS_PER_SECOND = 200_000
# The parameter that makes a run longer, for models without a --duration.
SIZE_PARAMETER = {
    "hashring": "keys",
    "cache": "requests",
    "sharding": "requests",
    "transport": "packets",
}
# The heaviest runs the bounds allow: these settings, then `knob` grown to the event cap.
WORST: dict[str, tuple[dict[str, Any], str]] = {
    "hashring": ({"vnodes": 1000, "nodes": 150}, "keys"),
    "cache": ({"items": 100_000, "capacity": 100_000}, "requests"),
    "write-policy": ({"policy": "refresh-ahead", "keys": 100_000, "duration": 300}, "read_rate"),
    "balancer": ({"strategy": "least-connections", "servers": 32, "duration": 100_000}, "rate"),
    "replication": ({"mode": "primary-primary", "keys": 100_000, "duration": 10_000}, "write_rate"),
    "partition": (
        {"mode": "ap", "replicas": 9, "write_ratio": 1.0, "keys": 100_000, "duration": 10_000},
        "rate",
    ),
    "queue": ({"service_rate": 0.01, "capacity": 10_000_000, "duration": 100_000}, "arrival_rate"),
    "sharding": ({"strategy": "hash", "keys": 200_000, "shards": 256}, "requests"),
    "transport": ({"loss": 0.5, "window": 10_000, "rate": 100_000.0}, "packets"),
}


def size_parameter(info: DemoInfo, model_class: type[Model[Any]]) -> str | None:
    names = {param.name for param in model_class.all_params()}
    for name in (SIZE_PARAMETER.get(info.name), "duration", "requests"):
        if name in names:
            return name
    return None


def timed_run(
    model_class: type[Model[Any]], params: dict[str, Any], repeats: int = 1
) -> tuple[int, float, float]:
    """(events, CPU seconds, wall seconds) for a headless run, construction included;
    the best of `repeats`: other processes only ever make a run slower."""
    best_cpu = best_wall = float("inf")
    events = 0
    for _ in range(repeats):
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        model = model_class(**params)
        model.run()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        events = model.events
    return events, best_cpu, best_wall


def grown_to(model_class: type[Model[Any]], knob: str, events: int) -> dict[str, Any]:
    """Parameters under which a run has about `events` events, scaling `knob` from its default,
    no further than the event cap allows."""
    default = model_class.param(knob).default
    assert isinstance(default, int | float)
    baseline, _, _ = timed_run(model_class, {})
    value = default * events / max(1, baseline)
    wanted = max(1, round(value)) if isinstance(default, int) else value
    allowed = largest_allowed(model_class, {}, knob)[knob]
    return {knob: min(wanted, allowed)}


def bench(info: DemoInfo, events: int) -> str:
    model_class = info.load()
    knob = size_parameter(info, model_class)
    if knob is None:
        return f"{info.name:<13} no parameter to grow the run with"
    small_events, small_cpu, _ = timed_run(model_class, grown_to(model_class, knob, events), 3)
    big_events, big_cpu, big_wall = timed_run(
        model_class, grown_to(model_class, knob, 4 * events), 3
    )
    rate = big_events / big_cpu
    verdict = "ok" if rate >= TARGET_EVENTS_PER_SECOND else "BELOW TARGET"
    return (
        f"{info.name:<13} {rate:>11,.0f} events/s  {verdict:<12}"
        f" {big_events:>9,} events in {big_cpu:5.2f} s CPU ({big_wall:5.2f} s wall);"
        f" x{big_events / small_events:.2f} events took x{big_cpu / small_cpu:.2f} time"
        f" (grown by --{knob.replace('_', '-')})"
    )


def largest_allowed(
    model_class: type[Model[Any]], base: dict[str, Any], knob: str
) -> dict[str, Any]:
    """`base` with `knob` as large as its bound and the event cap allow (by bisection)."""
    param = model_class.param(knob)
    assert param.maximum is not None and param.minimum is not None
    low, high = float(param.minimum), float(param.maximum)
    for _ in range(60):
        middle = (low + high) / 2
        value = round(middle) if param.kind is int else middle
        try:
            model_class.resolve({**base, knob: value})  # refuses a run past the cap
            low = middle
        except ParamProblem:
            high = middle
    value = int(low) if param.kind is int else low
    model_class.resolve({**base, knob: value})  # the preset itself must be allowed
    return {**base, knob: value}


WORST_RUN = """
import json, resource, sys, time
from primer_cli.sim.catalog import demo
params = json.loads(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
model = demo(sys.argv[1]).load()(**params)
model.run()
print(json.dumps({
    "events": model.events,
    "capped": model.capped,
    "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def worst(info: DemoInfo) -> str:
    base, knob = WORST[info.name]
    params = largest_allowed(info.load(), base, knob)
    done = subprocess.run(
        [sys.executable, "-c", WORST_RUN, info.name, json.dumps(params)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    shown = ", ".join(
        f"{name}={value:,.4g}" if isinstance(value, float) else f"{name}={value}"
        for name, value in params.items()
    )
    return (
        f"{info.name:<13} {result['events']:>9,} events  {result['wall']:5.1f} s wall "
        f"{result['cpu']:5.1f} s CPU  {result['rss_mb']:6.0f} MB peak"
        f"{'  CAPPED' if result['capped'] else ''}   ({shown})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="N: events in the smaller run")
    parser.add_argument("--worst", action="store_true", help="time the biggest allowed run of each")
    parser.add_argument("demos", nargs="*", help="only these demos (default: all)")
    args = parser.parse_args()
    chosen = [info for info in DEMOS if not args.demos or info.name in args.demos]
    if args.worst:
        print(f"the biggest run each demo allows (event cap {EVENT_CAP:,}); budget ~10 s, 500 MB")
        for info in chosen:
            print(worst(info), flush=True)
        return
    print(
        f"target: {TARGET_EVENTS_PER_SECOND:,} events/s of CPU time; "
        "linear growth means time x~4 for x4 events"
    )
    for info in chosen:
        print(bench(info, args.events), flush=True)


if __name__ == "__main__":
    main()
