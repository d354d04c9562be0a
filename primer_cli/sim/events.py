"""The one discrete-event engine: every timed model only writes its event handlers.

An `EventModel` keeps a heap of `(time, seq, handler, data)` entries and runs
them in time order until `end` (the `duration` parameter, or forever for a
model that ends when its events run out). Storing the bound handler in the
entry avoids a dispatch table, which keeps the loop at well over 200,000
events per second in pure Python; `seq` breaks time ties in scheduling order,
so runs are deterministic given the seed. Every run also stops at
`event_cap`, so no parameters can make one run forever.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from collections.abc import Callable
from heapq import heapify, heappop, heappush
from typing import Any

from primer_cli.sim.base import Model, S
from primer_cli.sim.narrate import at_time
from primer_cli.sim.params import Param, as_float

Handler = Callable[[Any], None]

DURATION = Param(
    "duration", 60.0, "Simulated seconds to run.", minimum=1, maximum=100_000, unit="s"
)


def fault_moment(name: str, default: float, text: str, *, within: Param = DURATION) -> Param:
    """When a fault happens, in seconds: off with None, never past the longest run, and
    moved with the run's length so the default always falls inside it."""
    assert within.maximum is not None  # a numeric Param always has both bounds
    return Param(
        name,
        default,
        text,
        minimum=0,
        maximum=within.maximum,
        unit="s",
        optional=True,
        scales_with=within.name,
    )


class EventModel(Model[S]):
    """A `Model` driven by timed events; subclasses schedule the first ones in `start()`."""

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.now = 0.0  # simulated seconds
        self.end = self.run_end()
        self._heap: list[tuple[float, int, Handler, Any]] = []
        self._seq = 0
        self._finished = False
        self.start()

    def run_end(self) -> float:
        """Simulated time at which the run ends; infinite for a run that ends when its events do."""
        return as_float(self.params, "duration")

    @abstractmethod
    def start(self) -> None:
        """Schedule the first events (arrivals, faults); called once by __init__."""

    def at(self, time: float, handler: Handler, data: Any = None) -> None:
        """Run `handler(data)` when simulated time reaches `time`."""
        heappush(self._heap, (time, self._seq, handler, data))
        self._seq += 1

    def after(self, delay: float, handler: Handler, data: Any = None) -> None:
        self.at(self.now + delay, handler, data)

    @property
    def finished(self) -> bool:
        return self._finished and not self.capped

    @property
    def done(self) -> bool:
        return self._finished  # at the cap too, once `step` has left the clock where it stopped

    @property
    def progress(self) -> float:
        """Fraction of the run done, 0 to 1: for progress bars."""
        return 1.0 if self._finished else min(1.0, self.now / self.end)

    def step(self) -> None:
        heap = self._heap
        if not heap or heap[0][0] > self.end or self.events >= self.event_cap:
            self._end_run()
            return
        time, _, handler, data = heappop(heap)
        self.now = time
        self.events += 1
        handler(data)

    def _end_run(self) -> None:
        if math.isfinite(self.end) and not self.capped:
            self.now = self.end
        self._finished = True

    def advance(self, seconds: float) -> None:
        """Process every event in the next `seconds` of simulated time (for animation)."""
        target = min(self.end, self.now + seconds)
        self._run_until(target)
        if target >= self.end or self.capped or not self._heap:
            self.step()  # marks the run finished if it is
        else:
            self.now = target

    def run(self) -> dict[str, Any]:
        """Same events as stepping one by one, in a tighter loop."""
        self._run_until(self.end)
        self.step()
        return self.metrics()

    def _run_until(self, limit: float) -> None:
        heap = self._heap
        budget = self.event_cap - self.events
        count = 0
        while heap and heap[0][0] <= limit and count < budget:
            time, _, handler, data = heappop(heap)
            self.now = time
            count += 1
            handler(data)
        self.events += count

    def pending(self, handler: Handler) -> list[Any]:
        """The data of scheduled events for `handler` (e.g. messages still in flight)."""
        return [data for _, _, h, data in self._heap if h == handler]

    # Live actions ---------------------------------------------------------------------

    def moment(self) -> str:
        return f"at {at_time(self.now)}"

    def happen_now(self, handler: Handler, data: Any = None) -> None:
        """Run `handler(data)` as an event of the run at the current moment, after any
        event already due then: as a fault scheduled for this moment would run."""
        self.at(self.now, handler, data)
        self._run_until(self.now)

    def planned(self, handler: Handler) -> list[float]:
        """When the scheduled events of `handler` will happen, soonest first."""
        return sorted(time for time, _, h, _ in self._heap if h == handler)

    def take_planned(self, handler: Handler) -> float | None:
        """Cancel the next scheduled event of `handler` (a planned fault a live action
        replaces) and return its time; None if there was none."""
        planned = [entry for entry in self._heap if entry[2] == handler]
        if not planned:
            return None
        first = min(planned)
        self._heap.remove(first)
        heapify(self._heap)
        return first[0]
