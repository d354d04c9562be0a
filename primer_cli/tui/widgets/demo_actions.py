"""A demo's live actions as a row of buttons: cut the network, crash the cache, add a node.

Built from the model's own `Action` list; a button is disabled, its tooltip
saying why, while the model refuses the action. Pressing one posts
`Chosen`; the screen acts (its keys do the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.message import Message
from textual.widgets import Button

from primer_cli.sim.actions import Action


class ActionBar(HorizontalGroup):
    """One compact button per action, labelled with its key."""

    @dataclass
    class Chosen(Message):
        name: str

    def __init__(self, actions: tuple[Action, ...], **options: Any) -> None:
        super().__init__(**options)
        self.actions = actions

    def compose(self) -> ComposeResult:
        for action in self.actions:
            button = Button(
                f"{action.key} {action.label}",
                id=f"act-{action.name}",
                classes="action",
                compact=True,
                tooltip=f"Key {action.key}",
            )
            button.can_focus = False  # its key is the keyboard's way; focus stays where it was
            yield button

    def show(self, refusals: Mapping[str, str | None]) -> None:
        """Enable what the model accepts now; a refused action says why in its tooltip."""
        for action in self.actions:
            button = self.query_one(f"#act-{action.name}", Button)
            reason = refusals.get(action.name)
            button.disabled = reason is not None
            button.tooltip = f"Not now: {reason}" if reason else f"Key {action.key}"

    @on(Button.Pressed, ".action")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen((event.button.id or "").removeprefix("act-")))
