"""One demo's run as the app drives it: a model, the animation clock, pause, single step, reset and live actions.

The pacing is the command line's (`render.demo.advance`): a run takes the
model's ANIMATION_SECONDS at speed 1 whatever the frame rate, and each
frame is cut short when its time is up. Plain Python: the screen's timer
calls `tick`, the tests call it directly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from primer_cli.render.demo import advance, animation_seconds_at
from primer_cli.sim.base import Model
from primer_cli.sim.params import Value

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
FRAME_BUDGET = 0.8  # share of a frame the model may use; the rest is for drawing


class DemoRun:
    """A model of `model_class` built from `params`, advanced by the animation clock."""

    def __init__(
        self, model_class: type[Model[Any]], params: Mapping[str, Any] | None = None
    ) -> None:
        self.model_class = model_class
        self.model = model_class(**(params or {}))
        self.elapsed = 0.0  # animation seconds so far, speed included
        self.speed = 1.0
        self.paused = False

    @property
    def params(self) -> dict[str, Value]:
        return dict(self.model.params)

    def tick(self, seconds: float) -> None:
        """Advance by `seconds` of wall time, unless paused or finished."""
        if self.paused or self.model.done:
            return
        self.elapsed += seconds * self.speed
        advance(self.model, self.elapsed, deadline=time.monotonic() + seconds * FRAME_BUDGET)

    def step_once(self) -> None:
        """One event, then hold still: a single step pauses the run."""
        self.paused = True
        if not self.model.done:
            self.model.step()
            self.elapsed = max(self.elapsed, animation_seconds_at(self.model))

    def act(self, name: str) -> None:
        """A live action on the model (ActionRefused if it cannot happen now); the clock
        follows the model, whose run may have grown (a node added after the end)."""
        self.model.act(name)
        self.elapsed = animation_seconds_at(self.model)

    def reset(self, params: Mapping[str, Any] | None = None) -> None:
        """Start again from the beginning, with new parameters if given (validated by the model)."""
        model = self.model_class(**(params if params is not None else self.params))
        self.model, self.elapsed = model, 0.0

    def faster(self, steps: int) -> float:
        index = min(len(SPEEDS) - 1, max(0, SPEEDS.index(self.speed) + steps))
        self.speed = SPEEDS[index]
        return self.speed
