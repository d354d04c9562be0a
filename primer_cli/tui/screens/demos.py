"""Every demo in the catalog, with what it shows and the topics it illustrates."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from primer_cli.render.palette import MUTED
from primer_cli.sim.catalog import DEMOS, DemoInfo

if TYPE_CHECKING:
    from primer_cli.tui.app import PrimerApp


def demo_option(info: DemoInfo) -> Option:
    text = Text.assemble(
        (info.title, "bold magenta"), ("  " + info.name, MUTED), "\n  ", info.description
    )
    return Option(text, id=info.name)


class DemoListScreen(Screen[None]):
    """Enter opens the highlighted demo."""

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Demos: watch a system behave, change it, see the numbers", style="bold"),
            id="screen-title",
        )
        yield OptionList(*(demo_option(info) for info in DEMOS), id="demo-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            cast("PrimerApp", self.app).open_demo(event.option.id)
