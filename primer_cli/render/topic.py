"""Rich renderings of topics: the full page, the topic tree and search results."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from primer_cli.sim.catalog import DemoInfo
from primer_cli.topics.library import Library
from primer_cli.topics.schema import Table as TopicTable
from primer_cli.topics.schema import Topic
from primer_cli.topics.search import Hit

HEADING = "bold cyan"
ACCENT = "cyan"
MUTED = "dim"
_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|(?<![\w*])\*([^*]+)\*(?![\w*])")
_NUMERIC = re.compile(r"^[~≈<>]?\s*[-+]?[\d,.]+(\s*[a-zA-Zµ%/]{0,4})?$")


def inline(text: str, style: str = "") -> Text:
    """Text with the small Markdown subset used inside table cells and lists."""
    result = Text(style=style)
    position = 0
    for match in _INLINE.finditer(text):
        result.append(text[position : match.start()])
        bold, code, italic = match.groups()
        if bold is not None:
            result.append(bold, style="bold")
        elif code is not None:
            result.append(code, style="markdown.code")
        else:
            result.append(italic, style="italic")
        position = match.end()
    result.append(text[position:])
    return result


def render_topic(topic: Topic, library: Library, demos: Iterable[DemoInfo] = ()) -> RenderableType:
    # Markdown (markdown-it) costs ~30 ms to import; only the topic page needs it.
    from primer_cli.render.code import TopicMarkdown

    parts: list[RenderableType] = [
        Rule(Text(topic.title, style="bold"), style=ACCENT),
        _byline(topic),
        Panel(
            Text(topic.summary),
            title="In short",
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
        parts += [_heading("Tradeoffs"), Padding(_tradeoffs(topic), (0, 0, 0, 2))]
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
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(Text(mark, style=style), inline(item))
    return grid


def render_table(table: TopicTable) -> Table:
    # Wide tables drop their inner borders so they still fit an 80-column terminal.
    wide = len(table.columns) >= 5
    rendered = Table(
        box=box.SIMPLE_HEAD if wide else box.ROUNDED,
        header_style="bold",
        caption=table.caption or None,
    )
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in table.rows if row[index]]
        numeric = bool(cells) and all(_NUMERIC.match(cell) for cell in cells)
        # The first column names the row: keep it readable rather than evenly squeezed.
        longest = max((len(cell) for cell in cells), default=0)
        rendered.add_column(
            column,
            justify="right" if numeric else "left",
            min_width=min(longest, 20) if index == 0 and not wide else None,
            overflow="fold",
        )
    for row in table.rows:
        rendered.add_row(*(inline(cell) for cell in row))
    return rendered


def _tradeoffs(topic: Topic) -> Table:
    table = Table(box=box.ROUNDED, header_style="bold", show_lines=True, expand=True)
    table.add_column("Option", style="bold", ratio=2, min_width=14)
    table.add_column("Pros", style="green", ratio=3)
    table.add_column("Cons", style="red", ratio=3)
    table.add_column("When to use", ratio=3)
    for row in topic.tradeoffs:
        table.add_row(inline(row.option), inline(row.pros), inline(row.cons), inline(row.when))
    return table


def _related(topic: Topic, library: Library) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    grid.add_column(style=MUTED)
    for topic_id in topic.related:
        grid.add_row(
            Text("→", style=ACCENT), library.get(topic_id).title, f"primer learn {topic_id}"
        )
    return grid


def _demos(demos: list[DemoInfo]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=3, justify="right")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for demo in demos:
        grid.add_row(
            Text("▶", style="magenta"),
            Text(f"primer demo {demo.name}", style="bold magenta"),
            demo.description,
        )
    return grid


def _sources(topic: Topic) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right", style=MUTED)
    grid.add_column(ratio=1)
    for number, source in enumerate(topic.sources, start=1):
        title = Text(source.title, style=f"link {source.url}")
        grid.add_row(
            f"{number}.", Text.assemble(title, "  ", (source.url, f"{MUTED} link {source.url}"))
        )
    return grid


def render_tree(library: Library) -> Tree:
    tree = Tree(
        Text(f"The System Design Primer · {len(library)} topics", style="bold"), guide_style=MUTED
    )
    for category, topics in library.categories().items():
        branch = tree.add(Text(category, style=HEADING))
        for topic in topics:
            label = Text.assemble((topic.id, "bold"), "  ", (first_sentence(topic.summary), MUTED))
            label.no_wrap, label.overflow = True, "ellipsis"  # one line per topic
            branch.add(label)
    return tree


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
