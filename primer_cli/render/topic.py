"""Rich renderings of topics: the full page, the topic tree and search results."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from primer_cli.render.fit import FittedTable
from primer_cli.render.markup import inline
from primer_cli.render.palette import ACCENT, HEADING, MUTED
from primer_cli.topics.library import Library
from primer_cli.topics.schema import Table as TopicTable
from primer_cli.topics.schema import Topic

if TYPE_CHECKING:  # annotations only: search costs ~13 ms to import, the catalog ~2 ms
    from primer_cli.sim.catalog import DemoInfo
    from primer_cli.topics.search import Hit

_NUMERIC = re.compile(r"^[~≈<>]?\s*[-+]?[\d,.]+(\s*[a-zA-Zµ%/]{0,4})?$")


def render_topic(topic: Topic, library: Library, demos: Iterable[DemoInfo] = ()) -> RenderableType:
    # Markdown (markdown-it) costs ~30 ms to import; only the topic page needs it.
    from primer_cli.render.code import TopicMarkdown

    parts: list[RenderableType] = [
        Rule(Text(topic.title, style="bold"), style=ACCENT),
        _byline(topic),
        Panel(
            inline(topic.summary),
            title=Text("In short"),  # a str title is parsed as markup, with emoji codes (+4 ms)
            title_align="left",
            border_style=ACCENT,
            padding=(0, 1),
        ),
    ]
    for section in topic.sections:
        parts.append(_heading(section.heading))
        if section.body:
            parts.append(Padding(TopicMarkdown(section.body), (0, 0, 0, 2)))
        if section.table:
            parts.append(Padding(render_table(section.table), (1, 0, 0, 2)))
    parts += [_heading("Key points"), _bullets(topic.key_points, "✓", "green")]
    if topic.tradeoffs:
        parts += [_heading("Tradeoffs"), Padding(tradeoffs_table(topic), (0, 0, 0, 2))]
    if topic.disadvantages:
        parts += [_heading("Disadvantages"), _bullets(topic.disadvantages, "✗", "red")]
    if topic.related:
        parts += [_heading("Related topics"), _related(topic, library)]
    demos = list(demos)
    if demos:
        parts += [_heading("See it run"), _demos(demos)]
    parts += [_heading("Sources"), _sources(topic)]
    return Group(*parts)


def _byline(topic: Topic) -> Text:
    line = Text(topic.category, style=ACCENT)
    if topic.aliases:
        line.append("  ·  also: ", style=MUTED).append(", ".join(topic.aliases), style=MUTED)
    return line


def _heading(title: str) -> Text:
    return Text.assemble("\n", ("▍", ACCENT), (title, HEADING))


def _bullets(items: Iterable[str], mark: str, style: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    for item in items:
        grid.add_row(Text(mark, style=style), inline(item))
    return grid


def render_table(table: TopicTable) -> FittedTable:
    # Wide tables drop their inner borders so they still fit an 80-column terminal.
    wide = len(table.columns) >= 5
    numeric = [_is_numeric([row[i] for row in table.rows]) for i in range(len(table.columns))]

    def build(widths: list[int]) -> Table:
        rendered = Table(
            box=box.SIMPLE_HEAD if wide else box.ROUNDED,
            header_style="bold",
            caption=inline(table.caption) if table.caption else None,
        )
        for column, width, right in zip(table.columns, widths, numeric, strict=True):
            rendered.add_column(
                column, justify="right" if right else "left", width=width, overflow="fold"
            )
        for row in table.rows:
            rendered.add_row(*(inline(cell) for cell in row))
        return rendered

    return FittedTable(build, _plain_columns([table.columns, *table.rows]))


def _is_numeric(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(_NUMERIC.match(cell) for cell in filled)


def _plain_columns(rows: list[tuple[str, ...]]) -> list[list[str]]:
    """The text each cell shows (Markdown marks removed), column by column."""
    return [[inline(cell).plain for cell in column] for column in zip(*rows, strict=True)]


_TRADEOFF_COLUMNS = (("Option", "bold"), ("Pros", "green"), ("Cons", "red"), ("When to use", ""))


def tradeoffs_table(topic: Topic) -> FittedTable:
    """The tradeoffs, their columns fitted to the width given (the TUI draws the same table)."""
    rows = [(t.option, t.pros, t.cons, t.when) for t in topic.tradeoffs]

    def build(widths: list[int]) -> Table:
        table = Table(box=box.ROUNDED, header_style="bold", show_lines=True, expand=True)
        for (name, style), width in zip(_TRADEOFF_COLUMNS, widths, strict=True):
            table.add_column(name, style=style, width=width, overflow="fold")
        for row in rows:
            table.add_row(*(inline(cell) for cell in row))
        return table

    header = tuple(name for name, _ in _TRADEOFF_COLUMNS)
    return FittedTable(build, _plain_columns([header, *rows]))


def _related(topic: Topic, library: Library) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=3, justify="right")
    grid.add_column(overflow="fold")
    grid.add_column(style=MUTED, overflow="fold")
    for topic_id in topic.related:
        grid.add_row(
            Text("→", style=ACCENT), library.get(topic_id).title, f"primer learn {topic_id}"
        )
    return grid


def _demos(demos: list[DemoInfo]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=3, justify="right")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for demo in demos:
        grid.add_row(
            Text("▶", style="magenta"),
            Text(f"primer demo {demo.name}", style="bold magenta"),
            demo.description,
        )
    return grid


def _sources(topic: Topic) -> Table:
    """Each source's title, then its address whole on a line of its own, so it can be copied.

    An address longer than the line folds rather than being cut; where the
    terminal supports hyperlinks, both the title and the address are links.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right", style=MUTED)
    grid.add_column(ratio=1, overflow="fold")
    for number, source in enumerate(topic.sources, start=1):
        title = Text(source.title, style=f"link {source.url}")
        address = Text(source.url, style=f"{MUTED} link {source.url}", overflow="fold")
        grid.add_row(f"{number}.", Text("\n").join([title, address]))
    return grid


def render_tree(library: Library) -> Tree:
    tree = Tree(
        Text(f"The System Design Primer · {len(library)} topics", style="bold"), guide_style=MUTED
    )
    for category, topics in library.categories().items():
        branch = tree.add(Text(category, style=HEADING))
        id_width = max(len(topic.id) for topic in topics)
        for topic in topics:
            branch.add(_tree_entry(topic, id_width))
    return tree


def _tree_entry(topic: Topic, id_width: int) -> Table:
    """The id, then the first sentence of the summary, wrapped beside it rather than cut."""
    entry = Table.grid(padding=(0, 2))
    entry.add_column(width=id_width, no_wrap=True, style="bold")
    entry.add_column(ratio=1, style=MUTED)
    entry.add_row(topic.id, inline(first_sentence(topic.summary)))
    return entry


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def render_hits(hits: list[Hit]) -> Group:
    rows: list[RenderableType] = []
    for rank, hit in enumerate(hits, start=1):
        head = Text.assemble(
            (f"{rank:>2}. ", MUTED),
            (hit.topic.title, "bold"),
            "  ",
            (f"primer learn {hit.topic.id}", ACCENT),
        )
        rows += [head, Padding(highlight(hit.snippet, hit.terms), (0, 0, 1, 4))]
    return Group(*rows)


def highlight(snippet: str, terms: Iterable[str]) -> Text:
    text = Text(snippet, style=MUTED)
    for term in terms:
        text.highlight_regex(rf"(?i)\b{re.escape(term)}\w*", "bold yellow")
    return text
