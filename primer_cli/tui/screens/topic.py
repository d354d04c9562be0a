"""A topic as a page: Textual's Markdown for the text, the tradeoffs table, related topics to move to.

The tradeoffs are the Rich table `primer learn` draws, whose columns fit the
width they are given and wrap their cells: a DataTable's columns have fixed
widths, too wide for 80 columns and no wider at 120.

Opening the page marks the topic read exactly as `primer learn` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from primer_cli.render.palette import ACCENT, MUTED
from primer_cli.render.topic import tradeoffs_table
from primer_cli.sim.catalog import demos_for_topic
from primer_cli.topics.export import markdown_table
from primer_cli.topics.schema import Topic
from primer_cli.topics.store import library
from primer_cli.tui.learner import mark_read

if TYPE_CHECKING:
    from primer_cli.tui.app import PrimerApp


def page_chunks(topic: Topic) -> list[str]:
    """The topic's text as Markdown, a chunk per part: summary, each section, key points, disadvantages."""
    chunks = [f"> {topic.summary}\n\n"]
    for section in topic.sections:
        lines = [f"## {section.heading}", ""]
        if section.body:
            lines += [section.body.rstrip(), ""]
        if section.table:
            lines += [*markdown_table(section.table), ""]
        chunks.append("\n".join(lines) + "\n")
    chunks.append(
        "\n".join(["## Key points", "", *(f"- {point}" for point in topic.key_points)]) + "\n\n"
    )
    if topic.disadvantages:
        chunks.append(
            "\n".join(["## Disadvantages", "", *(f"- {d}" for d in topic.disadvantages)]) + "\n\n"
        )
    return chunks


def page_markdown(topic: Topic) -> str:
    return "".join(page_chunks(topic))


def sources_markdown(topic: Topic) -> str:
    return "## Sources\n\n" + "\n".join(f"1. [{s.title}]({s.url})" for s in topic.sources)


class TopicScreen(Screen[None]):
    """One topic; Tab reaches the related topics, Enter follows one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "demo", "Demo"),
        Binding("z", "quiz", "Quiz"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, topic_id: str) -> None:
        super().__init__()
        self.topic = library().get(topic_id)
        self.demos = demos_for_topic(topic_id)
        self.chunks = page_chunks(self.topic)

    def compose(self) -> ComposeResult:
        topic = self.topic
        yield Static(self._heading(), id="topic-heading")
        with VerticalScroll(id="page"):
            # Textual builds a widget per Markdown block, which takes a while on a long
            # page: the first chunk comes with the screen, the rest follow one per frame.
            yield Markdown("".join(self.chunks[:2]), id="topic-text")
            if topic.tradeoffs:
                yield Static(Text("Tradeoffs", style="bold"), classes="section-title")
                yield Static(tradeoffs_table(topic), id="tradeoffs")
            yield Static(Text("Related topics and demos", style="bold"), classes="section-title")
            yield OptionList(*self._related(), id="related")
            yield Markdown(sources_markdown(topic), id="sources")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#page").focus()
        mark_read(self.topic.id)
        self.fill_text()

    @work(exclusive=True, group="page")
    async def fill_text(self) -> None:
        text = self.query_one("#topic-text", Markdown)
        for chunk in self.chunks[2:]:
            await text.append(chunk)

    def _heading(self) -> Text:
        topic = self.topic
        text = Text.assemble(
            (topic.title, f"bold {ACCENT}"), ("  ·  ", MUTED), (topic.category, MUTED)
        )
        return text

    def _related(self) -> list[Option]:
        topics = library()
        options = [
            Option(Text.assemble(("→ ", ACCENT), topics.get(r).title), id=f"topic:{r}")
            for r in self.topic.related
        ]
        options += [
            Option(
                Text.assemble(
                    ("▶ ", "magenta"), (info.title, "bold"), ("  " + info.description, MUTED)
                ),
                id=f"demo:{info.name}",
            )
            for info in self.demos
        ]
        return options

    @on(OptionList.OptionSelected, "#related")
    def _follow(self, event: OptionList.OptionSelected) -> None:
        kind, _, target = (event.option.id or "").partition(":")
        app = cast("PrimerApp", self.app)
        if kind == "topic":
            app.open_topic(target)
        elif kind == "demo":
            app.open_demo(target)

    def action_demo(self) -> None:
        if not self.demos:
            self.notify(f"No demo shows {self.topic.title} yet.")
            return
        cast("PrimerApp", self.app).open_demo(self.demos[0].name)

    def action_quiz(self) -> None:
        cast("PrimerApp", self.app).open_quiz({self.topic.id})

    def action_scroll(self, lines: int) -> None:
        self.query_one("#page", VerticalScroll).scroll_relative(y=lines, animate=False)
