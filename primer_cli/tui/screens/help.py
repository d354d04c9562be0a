"""`?`: the keys of the screen underneath and the keys that work everywhere, read from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
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


def _textual_own(bindings: list[BindingType]) -> set[tuple[str, str]]:
    """(key, action) of bindings every Textual app has (copy text, focus next, ctrl+q)."""
    return {
        (key.strip(), binding.action)
        for binding in bindings
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }


# Tab and Ctrl-P are in ABOUT; copying a selection and ctrl+q say nothing about primer.
TEXTUAL_OWN = _textual_own([*App.BINDINGS, *Screen.BINDINGS])


def keys_table(screen: Screen[object]) -> Table:
    """Every key `screen` and the app bind, footer or not (a focused widget's own cursor
    keys and Textual's built-ins are left out); two keys for one thing make one row."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style=f"bold {ACCENT}", no_wrap=True)
    table.add_column()
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node not in (screen, screen.app) or not binding.description:
            continue
        if (key, binding.action) in TEXTUAL_OWN:
            continue
        row = (binding.key_display or screen.app.get_key_display(binding), binding.description)
        if row not in seen:
            seen.add(row)
            table.add_row(*row)
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
