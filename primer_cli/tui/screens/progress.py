"""`primer progress` in the app: the same figures and the same view, recomputed each time it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from primer_cli.errors import PrimerError
from primer_cli.render.quiz import progress_view
from primer_cli.tui.learner import progress_now

if TYPE_CHECKING:
    from primer_cli.quiz.progress import Progress, Suggestion
    from primer_cli.tui.app import PrimerApp


class ProgressScreen(Screen[None]):
    """Mastery by category and topic, accuracy, streak, the weakest topics; `n` does the next step."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "next", "Do next")]

    def __init__(self) -> None:
        super().__init__()
        self.suggestion: Suggestion | None = None
        self.measured: Progress | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress"):
            yield Static(id="progress-view")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#progress").focus()
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        try:
            measured, suggestion = progress_now()
        except PrimerError as error:
            cast("PrimerApp", self.app).report(error)
            return
        self.measured, self.suggestion = measured, suggestion
        self.query_one("#progress-view", Static).update(progress_view(measured, suggestion))

    def action_next(self) -> None:
        if self.suggestion is not None:
            cast("PrimerApp", self.app).open_command(self.suggestion.command)
