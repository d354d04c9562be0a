"""The system estimate as a form: every field read by the core's parser, the report redrawn as you type.

A field the parser refuses is marked with the parser's own message and the
report keeps showing the last estimate that could be made; nothing here is
fatal. The fields and their defaults are `primer estimate system`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from primer_cli.errors import UsageProblem
from primer_cli.estimate.quantity import Kind, parse_factor, parse_quantity
from primer_cli.estimate.system import SystemInputs, SystemReport, estimate_system
from primer_cli.render.estimate import render_system
from primer_cli.render.topic import MUTED
from primer_cli.tui.widgets.problem import Problem


def _count(text: str, param: str) -> float:
    return parse_quantity(text, param=param, accept=(Kind.COUNT,)).value


def _size(text: str, param: str) -> float:
    size = parse_quantity(text, param=param, accept=(Kind.DATA,)).value
    if size <= 0:
        raise UsageProblem("an item must be bigger than 0 bytes, such as 1KB", param=param)
    return size


def _factor(minimum: float, what: str) -> Callable[[str, str], float]:
    return lambda text, param: parse_factor(text, param=param, minimum=minimum, what=what)


@dataclass(frozen=True)
class Field:
    """One input of SystemInputs: its name there, its label, what is filled in, how it is read."""

    name: str
    label: str
    default: str
    read: Callable[[str, str], float]


FIELDS = (
    Field("users", "Daily active users", "10M", _count),
    Field("writes_per_user", "Writes per user a day", "2", _count),
    Field("item_bytes", "Size of one write", "1KB", _size),
    Field("read_ratio", "Reads per write", "10", _factor(0, "a read ratio")),
    Field("years", "Years kept", "3", _factor(0, "a number of years")),
    Field("peak_factor", "Peak over average", "3", _factor(1, "a peak factor")),
)


def inputs_from(values: dict[str, float]) -> SystemInputs:
    """The form's values as the core's inputs; the rest keep SystemInputs' own defaults."""
    return SystemInputs(
        users=values["users"],
        writes_per_user=values["writes_per_user"],
        item_bytes=values["item_bytes"],
        read_ratio=values["read_ratio"],
        years=values["years"],
        peak_factor=values["peak_factor"],
    )


class EstimateScreen(Screen[None]):
    """The inputs on the left, `primer estimate system`'s report on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.report: SystemReport | None = None  # the estimate on screen

    def compose(self) -> ComposeResult:
        with Horizontal(id="estimate"):
            with VerticalScroll(id="estimate-form"):
                for field in FIELDS:
                    yield Label(field.label, classes="param-label")
                    yield Input(field.default, id=f"field-{field.name}", compact=True)
                    yield Problem(id=f"problem-{field.name}")
            with VerticalScroll(id="estimate-report"):
                yield Static(id="estimate-note")
                yield Static(id="report")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.recompute()
        self.query_one(f"#field-{FIELDS[0].name}", Input).focus()

    @on(Input.Changed)
    def _changed(self) -> None:
        self.recompute()

    def recompute(self) -> None:
        """Read every field; draw the report if all can be read, else mark the ones that cannot."""
        values: dict[str, float] = {}
        for field in FIELDS:
            text = self.query_one(f"#field-{field.name}", Input).value
            try:
                values[field.name] = field.read(text, field.label.lower())
                self._mark(field, "")
            except UsageProblem as problem:
                self._mark(field, problem.message)
        note = self.query_one("#estimate-note", Static)
        if len(values) < len(FIELDS):
            note.update(
                Text(
                    "A field cannot be read: showing the last estimate that could be made.",
                    style="yellow",
                )
            )
            return
        try:
            report = estimate_system(inputs_from(values))
        except UsageProblem as problem:
            note.update(Text(problem.message, style="yellow"))
            return
        note.update(Text("Recomputed as you type.", style=MUTED))
        self.report = report
        self.query_one("#report", Static).update(render_system(report))

    def _mark(self, field: Field, message: str) -> None:
        self.query_one(f"#problem-{field.name}", Problem).say(message)
        self.query_one(f"#field-{field.name}", Input).set_class(bool(message), "-invalid")
