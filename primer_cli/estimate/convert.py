"""Unit conversion: a quantity in the unit asked for, or in each of its usual forms.

'100M/month' to '/s', '1.2 TB/day' to 'Mbps', '2^32' as a power of two and
in bytes. The converted value is shown in the unit asked for, and so is its
napkin figure (57.87 MB/s ~60 MB/s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from primer_cli.errors import UsageProblem
from primer_cli.estimate.conventions import (
    RULE_SECONDS_PER_MONTH,
    SECONDS_PER_DAY,
    SECONDS_PER_MONTH,
    SECONDS_PER_YEAR,
    round_significant,
)
from primer_cli.estimate.derivation import Derivation, Step, computable, in_formula
from primer_cli.estimate.figures import Form, format_number
from primer_cli.estimate.quantity import Kind, parse_quantity, parse_unit
from primer_cli.wording import with_article

BASE_UNITS = {
    Kind.COUNT: "",
    Kind.DATA: "B",
    Kind.DURATION: "s",
    Kind.RATE: "/s",
    Kind.DATA_RATE: "B/s",
}
_EXAMPLE_UNITS = {
    Kind.COUNT: "million or thousand",
    Kind.DATA: "GB or GiB",
    Kind.DURATION: "ms or h",
    Kind.RATE: "/s or /month",
    Kind.DATA_RATE: "Mbps or MB/s",
}


@dataclass(frozen=True)
class ConversionResult:
    """A quantity in another unit, with its other usual forms."""

    text: str
    kind: str
    base_value: float
    base_unit: str
    value: float
    unit: str
    napkin: float
    steps: Derivation
    answer: Derivation


@computable
def convert(text: str, to: str | None = None) -> ConversionResult:
    """`text` in `to` units ('100M/month' to '/s'), or in its usual forms when `to` is None.

    Errors name the parameters `quantity` (the text) and `to`.
    """
    quantity = parse_quantity(text, param="quantity")
    base_unit = BASE_UNITS[quantity.kind]
    forms = _forms(quantity.value, quantity.kind)
    if to is None:
        answer = forms[:1]
    else:
        factor, unit = _target(to, quantity.kind, text)
        # Twelve figures: 1e8 /month, not 99,999,999.99999999.
        value = round_significant(quantity.value / factor, 12)
        formula = _conversion_formula(factor, base_unit, unit)
        answer = (Step(f"In {unit}", formula, value, unit, form=Form.AS_UNIT, sig=7),)
        # In its own base unit the answer is already one of the forms: show it once.
        forms = tuple(f for f in forms if not (factor == 1 and f.unit == unit))
    return ConversionResult(
        text,
        quantity.kind.value,
        quantity.value,
        base_unit,
        answer[0].value,
        answer[0].unit,
        answer[0].napkin,
        answer + tuple(f for f in forms if f not in answer),
        answer,
    )


def _conversion_formula(factor: float, base_unit: str, unit: str) -> str:
    if factor == 1:
        return "as parsed"
    per = f"(1 {unit} = {format_number(factor, 7)} {base_unit})".replace("  ", " ")
    return f"× {in_formula(1 / factor)} {per}" if factor < 1 else f"÷ {in_formula(factor)} {per}"


def _target(to: str, kind: Kind, text: str) -> tuple[float, str]:
    """How many base units one `to` unit holds ('Mbps' is 125,000 B/s), checked against `kind`."""
    label = " ".join(to.split())
    target, factor = parse_unit(label, param="to")
    if target is not kind:
        raise UsageProblem(
            f"'{label}' is {with_article(target.value)} unit but '{text}' is "
            f"{with_article(kind.value)}; use {with_article(kind.value)} unit such as "
            f"{_EXAMPLE_UNITS[kind]}",
            param="to",
        )
    return factor, label


def _forms(value: float, kind: Kind) -> Derivation:
    """The same quantity in the units people usually compare it in."""
    if kind is Kind.RATE:
        return (
            Step("Per second", "as parsed", value, "/s"),
            Step("Per day", "× 86,400 s", value * SECONDS_PER_DAY, "/day"),
            Step("Per month", "× 2,629,800 s", value * SECONDS_PER_MONTH, "/month"),
            Step(
                "Rule of thumb, per month",
                "× 2.5 million s",
                value * RULE_SECONDS_PER_MONTH,
                "/month",
                rule_of_thumb=True,
            ),
            Step("Per year", "× 31,557,600 s", value * SECONDS_PER_YEAR, "/year"),
        )
    if kind is Kind.DATA_RATE:
        return (
            Step("Bytes per second", "as parsed", value, "B/s"),
            Step("Bits per second", "× 8 bits", value * 8, "bit/s"),
            Step("Per day", "× 86,400 s", value * SECONDS_PER_DAY, "B/day"),
            Step("Per month", "× 2,629,800 s", value * SECONDS_PER_MONTH, "B/month"),
        )
    if kind is Kind.DATA:
        return (
            Step("Decimal units", "powers of 1,000", value, "B"),
            Step("Binary units", "powers of 1,024", value, "B", form=Form.BINARY),
        )
    if kind is Kind.DURATION:
        return (
            Step("Duration", "as parsed", value, "s"),
            Step("In nanoseconds", "× 10^9", value * 1e9, "ns", form=Form.DIGITS),
        )
    return _count_forms(value)


def _count_forms(value: float) -> Derivation:
    forms = [Step("Exact", "as parsed", value, "", form=Form.DIGITS, sig=15)]
    if value >= 1:
        forms.append(
            Step("Power of two", "log2", math.log2(value), "", form=Form.POWER, whole=True)
        )
        forms.append(Step("As bytes", "1 byte each", value, "B", form=Form.BINARY))
    return tuple(forms)
