"""`?`: the keys of the screen underneath and the keys that work everywhere, read from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from primer_cli.render.palette import ACCENT, MUTED

ABOUT = (
    "primer: read a topic, watch its demo, quiz yourself, estimate a system, see your progress.\n"
    "Tab moves between parts of a screen; Enter opens or answers; Escape goes back; "
    "Ctrl-P finds anything by name; q quits (except while typing in a field)."
)


def keys_table(screen: Screen[object]) -> Table:
    """The keys `screen` and the app bind (a focused widget's own cursor keys are left out)."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style=f"bold {ACCENT}", no_wrap=True)
    table.add_column()
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, screen.app):
            continue
        if not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        table.add_row(
            binding.key_display or screen.app.get_key_display(binding), binding.description
        )
    return table


class HelpScreen(ModalScreen[None]):
    """Keys for the screen below; any of Escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(ABOUT, style=MUTED))
            yield Static(Text("Keys here", style="bold"))
            yield Static(keys_table(self.below))

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Help"
