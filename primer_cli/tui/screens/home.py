"""Home: what to do next on the first line, the topic tree with its filter, and the other places."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tree

from primer_cli.errors import PrimerError
from primer_cli.render.palette import ACCENT, MUTED
from primer_cli.sim.catalog import demos_for_topic
from primer_cli.topics.store import library
from primer_cli.tui.widgets.topic_tree import TopicTree
from primer_cli.wording import count_of

if TYPE_CHECKING:
    from primer_cli.quiz.progress import Suggestion
    from primer_cli.tui.app import PrimerApp

PLACES = (
    ("d", "Demos", "watch systems behave"),
    ("z", "Quiz", "ten questions on every topic"),
    ("r", "Review", "the cards that are due"),
    ("e", "Estimate", "a system, on the back of an envelope"),
    ("p", "Progress", "mastery and what you have read"),
    ("ctrl+p", "Find", "any topic, demo or place by name"),
)


class HomeScreen(Screen[None]):
    """The place a learner lives: the next step, every topic, every other place one key away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", key_display="/", show=False),
        Binding("n", "next", "Do next", show=False),
        Binding("d", "app.open('demos')", "Demos"),
        Binding("z", "quiz", "Quiz"),
        Binding("r", "app.open('review')", "Review"),
        Binding("e", "app.open('estimate')", "Estimate"),
        Binding("p", "app.open('progress')", "Progress"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.suggestion: Suggestion | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("→ working out what to do next…", style=MUTED), id="next")
        with Horizontal(id="home"):
            with Vertical(id="browse"):
                yield Input(placeholder="/ filter topics", id="filter", compact=True)
                yield TopicTree(library(), id="topics")
            with VerticalScroll(id="preview"):
                yield Static(id="topic-preview")
                yield Static(self._places(), id="places")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(TopicTree).focus()
        self._show_preview(self.query_one(TopicTree).cursor_node)
        self.load_progress()

    def on_screen_resume(self) -> None:
        self.load_progress()  # a topic read or a quiz answered since changes the next step

    @work(exclusive=True, group="progress", thread=True)
    def load_progress(self) -> None:
        """After the first paint, off the event loop: `primer next`, and ticks on the topics read."""
        from primer_cli.tui.learner import progress_now

        try:
            measured, suggestion = progress_now()
        except PrimerError as error:
            self.app.call_from_thread(cast("PrimerApp", self.app).report, error)
            return
        read = {t.id for t in measured.topics if t.read}
        self.app.call_from_thread(self.show_progress, suggestion, read)

    def show_progress(self, suggestion: Suggestion, read: set[str]) -> None:
        self.suggestion = suggestion
        line = Text.assemble(
            ("→ Next: ", f"bold {ACCENT}"), (suggestion.reason, "bold"), ("   n", "bold"),
            (" does it", MUTED),
        )  # fmt: skip
        self.query_one("#next", Static).update(line)
        self.query_one(TopicTree).mark_read(read)

    def _places(self) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(style=f"bold {ACCENT}", justify="right", no_wrap=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(style=MUTED)
        for key, name, what in PLACES:
            table.add_row(key, name, what)
        return table

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        shown = self.query_one(TopicTree).show_topics(event.value)
        self.query_one("#filter", Input).border_subtitle = (
            count_of(shown, "topic") if event.value else ""
        )

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(TopicTree).focus()

    @on(TopicTree.Filtered)
    def _filtered(self, event: TopicTree.Filtered) -> None:
        if event.shown:
            self._show_preview(self.query_one(TopicTree).cursor_node)
            return
        self.query_one("#topic-preview", Static).update(
            Text.assemble(("No topic matches ", "yellow"), (repr(event.words.strip()), "bold"))
            + Text(".\nChange the filter; Ctrl-P finds demos and places too.", MUTED)
        )

    @on(Tree.NodeHighlighted, "#topics")
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self._show_preview(event.node)

    @on(Tree.NodeSelected, "#topics")
    def _selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data is not None:
            cast("PrimerApp", self.app).open_topic(event.node.data)

    def _show_preview(self, node: object) -> None:
        data = getattr(node, "data", None)
        preview = self.query_one("#topic-preview", Static)
        if data is None:
            preview.update("")
            return
        topic = library().get(data)
        text = Text.assemble((topic.title, "bold"), ("  ·  ", MUTED), (topic.category, MUTED))
        text.append("\n" + topic.summary + "\n\n")
        text.append("Enter", style=f"bold {ACCENT}").append(" read", style=MUTED)
        if demos_for_topic(topic.id):
            text.append("   (then d watches its demo)", style=MUTED)
        preview.update(text)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_next(self) -> None:
        if self.suggestion is not None:
            cast("PrimerApp", self.app).open_command(self.suggestion.command)

    def action_quiz(self) -> None:
        """Ten questions across every topic, as `primer quiz`; a topic's own quiz is on its page."""
        cast("PrimerApp", self.app).open_quiz(None)
