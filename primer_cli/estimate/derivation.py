"""The derivation every calculator returns: whiteboard steps, each with its formula and exact value.

A step's napkin figure is derived from its value (figures.py rounds it in
the unit it is shown in), never stored, so the two cannot disagree. Results
hold answer fields in base units (per second, bytes, bits per second,
nanoseconds) beside their steps; `result_to_dict` turns any of them into JSON.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar, cast

from primer_cli.errors import UsageProblem
from primer_cli.estimate.figures import (
    Form,
    format_count,
    format_number,
    format_value,
    napkin_figure,
)


@dataclass(frozen=True)
class Step:
    """One line of a derivation: what is worked out, how, and the exact result."""

    step: str
    formula: str
    value: float
    unit: str  # the base unit of `value`: 'B/month', '/s', 'bit/s', 'ns', 's', '%', 'server', ''
    rule_of_thumb: bool = False
    form: Form = Form.SCALED  # how the value is written (figures.Form)
    whole: bool = False  # a count you cannot round down, like servers: napkin = exact
    sig: int = 4  # significant figures of the exact value as shown

    @property
    def napkin(self) -> float:
        """The napkin figure in base units: rounded in the unit the value is shown in."""
        return self.value if self.whole else napkin_figure(self.value, self.unit, self.form)[0]

    def shown(self, sig: int | None = None) -> str:
        """The exact value as a person reads it: 12.7 GB/month, 2,629,800 s, 4 GiB."""
        return format_value(self.value, self.unit, sig or self.sig, self.form)

    def napkin_shown(self) -> str:
        """The napkin figure as written, in the same unit as `shown`: 13 GB/month, 4 GiB."""
        return self.shown() if self.whole else napkin_figure(self.value, self.unit, self.form)[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "formula": self.formula,
            "value": self.value,
            "unit": self.unit,
            "napkin": self.napkin,
            "rule_of_thumb": self.rule_of_thumb,
        }


Derivation = tuple[Step, ...]


def in_formula(value: float) -> str:
    """A number as written inside a formula: 86,400 in full, 2.63 million in words."""
    if value >= 1e6:
        return format_count(value, 4, words=True)
    return format_number(value, 7 if float(value).is_integer() else 4)


def ensure_computable(steps: Derivation) -> None:
    """Refuse results float arithmetic cannot hold.

    Each input is capped by the parser, but products and quotients of inputs
    at the edges of that range (1e30 of something, 1e-300 of another) overflow
    to infinity or collapse to NaN, and neither is an answer.
    """
    for step in steps:
        if not math.isfinite(step.value):
            raise UsageProblem(
                f"these inputs make '{step.step}' too large to compute with; "
                "use figures closer to a real system"
            )


Calculator = TypeVar("Calculator", bound=Callable[..., Any])


def computable(calculator: Calculator) -> Calculator:
    """Check every step of the calculator's result with `ensure_computable`."""

    @functools.wraps(calculator)
    def checked(*args: Any, **kwargs: Any) -> Any:
        result = calculator(*args, **kwargs)
        ensure_computable(result.steps)
        return result

    return cast(Calculator, checked)


def result_to_dict(result: Any) -> dict[str, Any]:
    """A result's answer fields, notes and steps as plain JSON-ready data."""
    data: dict[str, Any] = {}
    for item in fields(result):
        value = getattr(result, item.name)
        if item.name == "steps":
            data["steps"] = [step.to_dict() for step in value]
        elif item.name != "answer":
            data[item.name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value
