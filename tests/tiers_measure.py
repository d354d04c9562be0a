"""Measure each test's CPU cost, to keep tests/tiers.py true: a pytest plugin and a report.

    python -m pytest -p tests.tiers_measure -m "not pty" -q     # writes .tiers-cost.json
    python tests/tiers_measure.py                                # prints the tests >= 30 ms

CPU time, not wall time: the machine is shared, and CPU seconds (this process
plus the children it waited for) move far less with the load than the clock.
"""

from __future__ import annotations

import json
import resource
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parent.parent / ".tiers-cost.json"
THRESHOLD = 0.030  # seconds of CPU for all cases of a test together
_costs: dict[str, float] = {}


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    started = _cpu()
    try:
        return (yield)
    finally:
        test = item.nodeid.split("[")[0]
        _costs[test] = _costs.get(test, 0.0) + _cpu() - started


def pytest_sessionfinish(session: pytest.Session) -> None:
    REPORT.write_text(json.dumps(_costs, indent=1, sort_keys=True), encoding="utf-8")


def main() -> int:
    costs: dict[str, float] = json.loads(REPORT.read_text(encoding="utf-8"))
    slow = {test: cost for test, cost in costs.items() if cost >= THRESHOLD}
    quick = sum(cost for test, cost in costs.items() if test not in slow)
    for test, cost in sorted(slow.items()):
        print(f'    "{test}": {cost:.2f},')
    print(
        f"# {len(slow)} tests at or over {THRESHOLD * 1000:.0f} ms; the rest: {quick:.1f} s CPU",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
