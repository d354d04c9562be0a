"""Reading a declared parameter: the parser and the bounds that go with each kind of input.

`Parameter.read` comes here, so the command line, the wizard and any other
face refuse the same texts with the same words, naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from primer_cli.errors import UsageProblem
from primer_cli.estimate.parameters import Parameter, Reads
from primer_cli.estimate.quantity import (
    Kind,
    parse_factor,
    parse_fraction,
    parse_period,
    parse_quantity,
    parse_whole,
)


def _quantity(*kinds: Kind) -> Callable[[Parameter, str], Any]:
    def read(parameter: Parameter, text: str) -> float:
        return parse_quantity(text, param=parameter.name, accept=kinds).value

    return read


_READERS: dict[str, Callable[[Parameter, str], Any]] = {
    Reads.COUNT: _quantity(Kind.COUNT),
    Reads.RATE: _quantity(Kind.RATE),
    Reads.PER_SECOND: _quantity(Kind.RATE, Kind.COUNT),
    Reads.SIZE: _quantity(Kind.DATA),
    Reads.PERIOD: lambda p, text: parse_period(text, param=p.name),
    Reads.FACTOR: lambda p, text: parse_factor(text, param=p.name, minimum=p.least, what=p.what),
    Reads.FRACTION: lambda p, text: parse_fraction(
        text, param=p.name, allow_zero=p.zero_ok, allow_one=p.one_ok
    ),
    Reads.WHOLE: lambda p, text: parse_whole(
        text, param=p.name, least=int(p.least), most=int(p.most), what=p.what
    ),
}


def read_parameter(parameter: Parameter, text: str) -> Any:
    """`text` as `parameter`'s value, within its bounds, or UsageProblem naming it."""
    value = _READERS[parameter.reads](parameter, text)
    if parameter.positive and value <= 0:
        raise UsageProblem(
            f"'{text}' must be more than 0, such as {parameter.suggestion}", param=parameter.name
        )
    return value
