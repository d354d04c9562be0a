"""The Textual app: one stylesheet, the keys that work everywhere, and the way between screens.

Screens ask the app to open a place (`open_topic`, `open_demo`, ...); the app
pushes the screen. The home screen is always at the bottom of the stack, so
Escape goes back one screen and never leaves the app; `q` quits from
anywhere except while typing in a field. One factory, `make_app`, serves the
command, the browser and the tests.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from primer_cli.errors import PrimerError
from primer_cli.tui.commands import PrimerCommands
from primer_cli.tui.start import Start

EXIT_INTERRUPTED = 130
DARK, LIGHT = "textual-dark", "textual-light"


class PrimerApp(App[None]):
    """Read, watch, practise, estimate and see progress, from the keyboard."""

    CSS_PATH = "primer.tcss"
    TITLE = "primer"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {PrimerCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("escape", "go_back", "Back"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
    ]

    def __init__(self, start: Start) -> None:
        super().__init__()
        self.start = start
        self.theme = DARK

    def on_mount(self) -> None:
        from primer_cli.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start.topic is not None:
            self.open_topic(self.start.topic)
        elif self.start.demo is not None:
            self.open_demo(self.start.demo)
        elif self.start.quiz_topic is not None:
            self.open_quiz({self.start.quiz_topic} if self.start.quiz_topic else None)

    # Places ---------------------------------------------------------------

    def open_topic(self, topic_id: str) -> None:
        from primer_cli.tui.screens.topic import TopicScreen

        self.push_screen(TopicScreen(topic_id))

    def open_demos(self) -> None:
        from primer_cli.tui.screens.demos import DemoListScreen

        self.push_screen(DemoListScreen())

    def open_demo(self, name: str) -> None:
        from primer_cli.tui.screens.demo import DemoScreen

        self.push_screen(DemoScreen.for_demo(name, still=self.start.still))

    def open_quiz(self, topics: Collection[str] | None) -> None:
        from primer_cli.tui.screens.quiz import QuizScreen

        self.push_screen(QuizScreen(topics))

    def open_review(self) -> None:
        from primer_cli.tui.screens.quiz import ReviewScreen

        self.push_screen(ReviewScreen())

    def open_estimate(self) -> None:
        from primer_cli.tui.screens.estimate import EstimateScreen

        self.push_screen(EstimateScreen())

    def open_progress(self) -> None:
        from primer_cli.tui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def open_command(self, command: str) -> None:
        """Open the place a CLI suggestion names: `primer learn X`, `primer quiz X`, `primer review`."""
        words = command.split()[1:]
        if words[:1] == ["learn"] and len(words) == 2:
            self.open_topic(words[1])
        elif words[:1] == ["quiz"]:
            self.open_quiz(set(words[1:]) or None)
        elif words[:1] == ["review"]:
            self.open_review()
        else:
            self.notify(f"Run `{command}` in a terminal.")

    def action_open(self, place: str) -> None:
        """For key bindings: `app.open('demos')` opens the demo list."""
        places = {
            "demos": self.open_demos,
            "review": self.open_review,
            "estimate": self.open_estimate,
            "progress": self.open_progress,
        }
        places[place]()

    # Keys everywhere ------------------------------------------------------

    def action_go_back(self) -> None:
        if len(self.screen_stack) > 2:  # [default screen, home, ...]
            self.pop_screen()

    def action_help(self) -> None:
        from primer_cli.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_interrupt(self) -> None:
        self.exit(return_code=EXIT_INTERRUPTED)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands but "Keys": its key panel squashes the screen at
        80 columns and Escape does not close it; `?` help lists the keys instead."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def report(self, error: PrimerError) -> None:
        """A user-fixable problem (a damaged store, a bad value): a notice, never a traceback."""
        message = error.message if not error.hint else f"{error.message}\n{error.hint}"
        self.notify(message, severity="error", timeout=8)


def make_app(start: Start | None = None) -> PrimerApp:
    """The one way the command, the browser and the tests build the app."""
    return PrimerApp(start or Start())
