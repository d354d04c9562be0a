"""A model's tunables, declared once: name, default, bounds, unit and help.

The CLI turns each `Param` into an option, the TUI into a control; neither
decides a default or a limit. Problems name the parameter (`fail_at`), never
a flag: `ParamProblem` keeps `{name}` placeholders so each face can spell the
names its own way (`--fail-at` on the command line).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from primer_cli.errors import UsageProblem

Value = int | float | str | bool | None
Naming = Callable[[str], str]  # a parameter's name as a face shows it


class ParamProblem(UsageProblem):
    """A bad parameter value. `param` is the parameter's name; `{other}` in the
    template names another parameter, spelled by whoever shows the message."""

    def __init__(self, template: str, *, param: str, hint: str | None = None) -> None:
        self.template = template
        self.parameter = param  # `param`, typed as never missing
        super().__init__(_spell(template, str), param=param, hint=hint)

    def spelled(self, naming: Naming) -> str:
        """The message with every parameter named by `naming`."""
        return _spell(self.template, naming)


class _Names(dict[str, str]):
    def __init__(self, naming: Naming) -> None:
        super().__init__()
        self.naming = naming

    def __missing__(self, key: str) -> str:
        return self.naming(key)


def _spell(template: str, naming: Naming) -> str:
    return template.format_map(_Names(naming))


def number_text(value: float, unit: str = "") -> str:
    """A number for a message; never fails, however large (a 400-digit integer is 'a 400-digit number')."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**15:
            return f"a {len(str(abs(value)))}-digit number"
        text = f"{value:,}"
    elif math.isfinite(value) and float(value).is_integer() and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        text = f"{value:g}"
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class Param:
    """One tunable of a model. Numbers always have both bounds.

    `scales_with` names the parameter this default is a share of: a fault at
    20 s of a 60 s run moves to 5 s when the run lasts 15 s, so a default
    always falls inside the run. `optional` lets the value be None ("no fault").
    """

    name: str
    default: int | float | str | bool
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    optional: bool = False
    scales_with: str | None = None

    def __post_init__(self) -> None:
        numeric = self.kind in (int, float)
        if numeric and (self.minimum is None or self.maximum is None):
            raise TypeError(f"parameter {self.name} needs a minimum and a maximum")

    @property
    def kind(self) -> type:
        """int, float, str or bool, from the default."""
        return type(self.default)

    @property
    def numeric(self) -> bool:
        return self.kind in (int, float)

    def default_for(self, others: Mapping[str, Value], defaults: Mapping[str, Value]) -> Value:
        """The default, scaled by the parameter it is a share of."""
        if self.scales_with is None:
            return self.default
        base, given = defaults[self.scales_with], others[self.scales_with]
        assert isinstance(base, int | float) and isinstance(given, int | float)
        assert isinstance(self.default, int | float)
        return round(float(self.default) * float(given) / float(base), 6)

    def validate(self, value: Any) -> Value:
        """The value converted to this parameter's type, or a ParamProblem."""
        if value is None and self.optional:
            return None
        if self.choices:
            if value not in self.choices:
                raise ParamProblem(
                    f"'{value}' is not one of: {', '.join(self.choices)}", param=self.name
                )
            return str(value)
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ParamProblem(f"'{value}' is not true or false", param=self.name)
            return value
        number = self._convert(value)
        self._check_range(number)
        return number

    def _convert(self, value: Any) -> int | float:
        if isinstance(value, bool):
            raise ParamProblem(f"'{value}' is not a number", param=self.name)
        if self.kind is int and isinstance(value, float) and not value.is_integer():
            raise ParamProblem(f"'{value:g}' is not a whole number", param=self.name)
        try:
            return int(value) if self.kind is int else float(value)
        except OverflowError:  # an integer too large for a float
            shown = number_text(value) if isinstance(value, int) else _short(value)
            raise ParamProblem(
                f"must be at most {self.bound_text(self.maximum)}, not {shown}", param=self.name
            ) from None
        except (TypeError, ValueError):
            noun = "whole number" if self.kind is int else "number"
            raise ParamProblem(f"'{_short(value)}' is not a {noun}", param=self.name) from None

    def _check_range(self, number: float) -> None:
        if isinstance(number, float) and math.isnan(number):
            raise ParamProblem(f"must be a number from {self.range_text()}", param=self.name)
        if self.minimum is not None and number < self.minimum:
            raise ParamProblem(
                f"must be at least {self.bound_text(self.minimum)}, not {number_text(number)}",
                param=self.name,
            )
        if self.maximum is not None and number > self.maximum:
            raise ParamProblem(
                f"must be at most {self.bound_text(self.maximum)}, not {number_text(number)}",
                param=self.name,
            )

    def bound_text(self, bound: float | None, *, with_unit: bool = True) -> str:
        if bound is None:
            return "any"
        shown = int(bound) if float(bound).is_integer() else bound
        return number_text(shown, self.unit if with_unit else "")

    def range_text(self) -> str:
        """'1 to 1,000' or '0.01 to 3,600 s', for help texts and messages."""
        return (
            f"{self.bound_text(self.minimum, with_unit=False)} to {self.bound_text(self.maximum)}"
        )


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text)} characters)"


SEED = Param("seed", 42, "Random seed: the same seed gives the same run.", minimum=0, maximum=2**32)


# Typed reads of resolved parameters (validation has already fixed each type).


def as_float(params: Mapping[str, Value], name: str) -> float:
    value = params[name]
    if not isinstance(value, int | float):
        raise TypeError(f"parameter {name} is {value!r}, not a number")
    return float(value)


def as_int(params: Mapping[str, Value], name: str) -> int:
    value = params[name]
    if not isinstance(value, int):
        raise TypeError(f"parameter {name} is {value!r}, not a whole number")
    return value


def as_str(params: Mapping[str, Value], name: str) -> str:
    return str(params[name])


def as_bool(params: Mapping[str, Value], name: str) -> bool:
    return bool(params[name])


def as_optional_float(params: Mapping[str, Value], name: str) -> float | None:
    return None if params[name] is None else as_float(params, name)
