"""The system estimate as a form: every field read by the core's parser, the report redrawn as you type.

A field the parser refuses is marked with the parser's own message and the
report keeps showing the last estimate that could be made; nothing here is
fatal. The fields and their defaults are `primer estimate system`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from primer_cli.errors import UsageProblem
from primer_cli.estimate import parameters as declared
from primer_cli.estimate.arrivals import stated_arrival
from primer_cli.estimate.parameters import Parameter
from primer_cli.estimate.system import SystemInputs, SystemReport, estimate_system
from primer_cli.render.estimate import render_system
from primer_cli.render.palette import MUTED
from primer_cli.tui.widgets.problem import Problem


@dataclass(frozen=True)
class Field:
    """One input of the form: the core's declared parameter, its label, what is filled in."""

    parameter: Parameter
    label: str
    default: str

    @property
    def name(self) -> str:
        return str(self.parameter.name)


# Defaults and bounds are the declared ones (estimate/parameters.py), as on the command line.
FIELDS = (
    Field(declared.USERS, "Daily active users", "10M"),
    Field(declared.PER_USER, "Writes per user a day", "2"),
    Field(declared.SIZE, "Size of one write", "1KB"),
    Field(declared.READ_RATIO, "Reads per write", str(declared.READ_RATIO.default)),
    Field(declared.YEARS, "Years kept", str(declared.YEARS.default)),
    Field(declared.PEAK_FACTOR, "Peak over average", str(declared.PEAK_FACTOR.default)),
)


def inputs_from(texts: dict[str, str]) -> SystemInputs:
    """The form's texts as the core's inputs; the rest keep SystemInputs' own defaults."""
    writes = stated_arrival(
        users=texts["users"], per_user=texts["per_user"], what="writes", positive=True
    )
    return SystemInputs(
        writes=writes,
        item_bytes=declared.SIZE.read(texts["size"]),
        read_ratio=declared.READ_RATIO.read(texts["read_ratio"]),
        years=declared.YEARS.read(texts["years"]),
        peak_factor=declared.PEAK_FACTOR.read(texts["peak_factor"]),
    )


class EstimateScreen(Screen[None]):
    """The inputs on the left, `primer estimate system`'s report on the right."""

    # The report is longer than the screen; these scroll it without leaving the field
    # (priority: before the focused Input's own PgUp/PgDn, which scroll nothing).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "scroll_report(1)", "Report down", key_display="PgDn", priority=True),
        Binding("pageup", "scroll_report(-1)", "Report up", key_display="PgUp", priority=True),
    ]

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
        values: dict[str, str] = {}
        for field in FIELDS:
            text = self.query_one(f"#field-{field.name}", Input).value
            try:
                field.parameter.read(text)
                values[field.name] = text
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

    def action_scroll_report(self, direction: int) -> None:
        report = self.query_one("#estimate-report", VerticalScroll)
        if direction > 0:
            report.scroll_page_down(animate=False)
        else:
            report.scroll_page_up(animate=False)

    def _mark(self, field: Field, message: str) -> None:
        self.query_one(f"#problem-{field.name}", Problem).say(message)
        self.query_one(f"#field-{field.name}", Input).set_class(bool(message), "-invalid")
