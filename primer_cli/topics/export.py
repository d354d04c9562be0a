"""Plain exports of a topic: Markdown for notes, and the schema's fields for JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from primer_cli.topics.library import Library
from primer_cli.topics.schema import Table, Topic


def topic_to_dict(topic: Topic) -> dict[str, Any]:
    """The topic's fields exactly as the schema names them."""
    return asdict(topic)


def to_markdown(topic: Topic, library: Library) -> str:
    lines = [f"# {topic.title}", "", f"*{topic.category}*", "", topic.summary, ""]
    for section in topic.sections:
        lines += [f"## {section.heading}", ""]
        if section.body:
            lines += [section.body.rstrip(), ""]
        if section.table:
            lines += [*markdown_table(section.table), ""]
    lines += ["## Key points", "", *(f"- {point}" for point in topic.key_points), ""]
    if topic.tradeoffs:
        rows = tuple((t.option, t.pros, t.cons, t.when) for t in topic.tradeoffs)
        tradeoffs = Table(("Option", "Pros", "Cons", "When to use"), rows)
        lines += ["## Tradeoffs", "", *markdown_table(tradeoffs), ""]
    if topic.disadvantages:
        lines += ["## Disadvantages", "", *(f"- {item}" for item in topic.disadvantages), ""]
    if topic.related:
        titles = (f"- {library.get(r).title} (`primer learn {r}`)" for r in topic.related)
        lines += ["## Related topics", "", *titles, ""]
    lines += ["## Sources", "", *(f"- [{s.title}]({s.url})" for s in topic.sources)]
    return "\n".join(lines) + "\n"


def markdown_table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return (
            "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
        )

    lines = [row(table.columns), "|" + "|".join("---" for _ in table.columns) + "|"]
    lines += [row(cells) for cells in table.rows]
    if table.caption:
        lines += ["", f"*{table.caption}*"]
    return lines
