"""A demo's parameters as controls, built from the model's own `Param` list.

A choice is a Select and applies at once; a number is an Input that applies
on Enter. A value the model refuses (out of range, a fault after the end of
the run) marks its field with the model's own message and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from primer_cli.cli.demo import NO_VALUE
from primer_cli.sim.params import Param, Value
from primer_cli.tui.widgets.problem import Problem


def shown(value: Value | None) -> str:
    """A parameter value as a person would type it back."""
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def typed(param: Param, text: str) -> Any:
    """What was typed, as the model takes it: 'none' turns an optional fault off."""
    cleaned = text.strip()
    if param.optional and cleaned.lower() in NO_VALUE:
        return None
    return cleaned


class ParamControls(VerticalScroll):
    """One labelled control per parameter; posts `Changed` with the parameter's new value."""

    @dataclass
    class Changed(Message):
        name: str
        value: Any

    def __init__(self, params: tuple[Param, ...], values: dict[str, Value], **options: Any) -> None:
        super().__init__(**options)
        self.params = {p.name: p for p in params}
        self.values = values

    def compose(self) -> ComposeResult:
        yield Static(
            "Parameters: Enter applies a number; a change restarts the run.", classes="hint"
        )
        for param in self.params.values():
            yield Label(param.name.replace("_", " "), classes="param-label")
            yield self._control(param)
            yield Problem(id=f"problem-{param.name}")

    def _control(self, param: Param) -> Select[Any] | Input:
        value = self.values.get(param.name)
        if param.kind is bool:
            return Select(
                [("yes", True), ("no", False)], value=bool(value), allow_blank=False,
                id=f"param-{param.name}", compact=True,
            )  # fmt: skip
        if param.choices:
            options = [(choice, choice) for choice in param.choices]
            return Select(
                options, value=str(value), allow_blank=False, id=f"param-{param.name}", compact=True
            )
        return Input(shown(value), id=f"param-{param.name}", tooltip=param.help, compact=True)

    def first_control(self) -> Widget:
        return self.query_one(f"#param-{next(iter(self.params))}")

    def clear_problems(self) -> None:
        for name in self.params:
            self.show_problem(name, "")

    def show_problem(self, name: str, message: str) -> None:
        self.query_one(f"#problem-{name}", Problem).say(message)
        self.query_one(f"#param-{name}").set_class(bool(message), "-invalid")

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("param-")
        if name in self.params and name in self.values and event.value != self.values[name]:
            self.post_message(self.Changed(name, event.value))

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("param-")
        if name in self.params:
            self.post_message(self.Changed(name, typed(self.params[name], event.value)))
