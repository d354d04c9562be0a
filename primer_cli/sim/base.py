"""What every simulation model shares: declared parameters, stepping, metrics.

A model is deterministic given its `seed`, advances one event per `step()`,
exposes `state()` for drawing and `metrics()` for numbers, and never imports
rich or textual. Its parameters are declared once as `Param`s; the CLI builds
`primer demo NAME --option` flags from them, and the TUI can build its
controls from the same list.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from primer_cli.errors import UsageProblem

Value = int | float | str


@dataclass(frozen=True)
class Param:
    """One tunable of a model; `flag` is its command-line option."""

    name: str
    default: Value
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    optional: bool = False  # None allowed (e.g. "no fault"); default may then be None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def kind(self) -> type:
        return type(self.default) if self.default is not None else float

    def validate(self, value: Any) -> Value:
        """The value converted to this parameter's type, or a UsageProblem naming the flag."""
        if value is None and self.optional:
            return value  # type: ignore[return-value]
        if self.choices:
            if value not in self.choices:
                raise UsageProblem(
                    f"'{value}' is not one of: {', '.join(self.choices)}", param=self.flag
                )
            return str(value)
        try:
            number = self.kind(value)
        except (TypeError, ValueError):
            raise UsageProblem(
                f"'{value}' is not a {self.kind.__name__}", param=self.flag
            ) from None
        self._check_range(number)
        return number

    def _check_range(self, number: float) -> None:
        if number != number or number in (float("inf"), float("-inf")):
            raise UsageProblem("must be a finite number", param=self.flag)
        if self.minimum is not None:
            too_small = number <= self.minimum if self.exclusive_minimum else number < self.minimum
            if too_small:
                bound = "greater than" if self.exclusive_minimum else "at least"
                raise UsageProblem(
                    f"must be {bound} {self.minimum:g}, not {number:g}", param=self.flag
                )
        if self.maximum is not None and number > self.maximum:
            raise UsageProblem(f"must be at most {self.maximum:g}, not {number:g}", param=self.flag)


def check_inside_run(params: Mapping[str, Value], *names: str) -> None:
    """A fault must start before `duration` ends, or the run never shows it.

    `none` (None) switches a fault off and is always allowed. Recoveries may
    fall after the end: "what if it never comes back?" is a fair question.
    """
    end = float(params["duration"])
    for name in names:
        value = params[name]
        if value is not None and float(value) >= end:
            flag = "--" + name.replace("_", "-")
            raise UsageProblem(
                f"must fall inside the run: less than --duration ({end:g} s), or 'none'", param=flag
            )


SEED = Param("seed", 42, "Random seed: the same seed gives the same run.", minimum=0)


class Model(ABC):
    """Base class: subclasses declare PARAMS and implement the event loop."""

    NAME: ClassVar[str]
    PARAMS: ClassVar[tuple[Param, ...]]
    # Wall-clock seconds an animation of a whole run takes at --speed 1 (paced on `progress`).
    ANIMATION_SECONDS: ClassVar[float] = 60.0

    def __init__(self, **values: Any) -> None:
        self.params = self.resolve(values)
        self.rng = random.Random(self.params["seed"])
        self.events = 0  # events processed so far; benchmarks count these

    @classmethod
    def all_params(cls) -> tuple[Param, ...]:
        return (*cls.PARAMS, SEED)

    @classmethod
    def resolve(cls, values: Mapping[str, Any]) -> dict[str, Value]:
        """Defaults filled in, every value validated; unknown names are errors."""
        known = {p.name: p for p in cls.all_params()}
        unknown = set(values) - set(known)
        if unknown:
            name = sorted(unknown)[0]
            raise UsageProblem(
                f"{cls.NAME} has no parameter '{name}'", param="--" + name.replace("_", "-")
            )
        resolved = {name: p.validate(values.get(name, p.default)) for name, p in known.items()}
        cls.check(resolved)
        return resolved

    @classmethod  # noqa: B027 - an optional hook, empty by design
    def check(cls, params: Mapping[str, Value]) -> None:
        """Cross-parameter checks (e.g. --heal-at after --partition-at); raise UsageProblem."""

    @property
    @abstractmethod
    def done(self) -> bool:
        """True once the run has reached its end."""

    @abstractmethod
    def step(self) -> None:
        """Process one event (or one tick) of simulated time."""

    @abstractmethod
    def state(self) -> Any:
        """A snapshot for drawing: plain data, never a UI object."""

    @abstractmethod
    def metrics(self) -> dict[str, Any]:
        """The numbers this model is about; JSON-ready (plain numbers, lists, dicts)."""

    @property
    def progress(self) -> float | None:
        """How far the run has got, 0..1, so an animation can pace itself; None if unknown.

        Models with a simulated clock return `now / duration`; without it the
        animation falls back to a fixed number of events per frame.
        """
        return None

    def run(self) -> dict[str, Any]:
        """Step to the end and return the final metrics."""
        while not self.done:
            self.step()
        return self.metrics()
