"""The one schema every topic file follows, and its validation.

A topic file is a YAML mapping; `parse_topic` turns it into a frozen `Topic`
or collects every problem it finds (field path and message), so an author
fixes a file in one pass rather than one error at a time. Unknown keys are
problems too: a typo such as `key_point:` must not vanish silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primer_cli.checking import Checker, Problem

SCHEMA_VERSION = 1

# The topic tree's branches, in reading order. Closed: a typo in `category:`
# must be an error, not a new branch of the tree (docs/CONTENT.md lists them).
CATEGORIES = (
    "Foundations",
    "Availability and consistency",
    "Traffic and the edge",
    "Application layer",
    "Databases",
    "Caching",
    "Asynchronism",
    "Communication",
    "Security",
    "Reference numbers",
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    body: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class Tradeoff:
    option: str
    pros: str
    cons: str
    when: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    category: str
    order: int
    aliases: tuple[str, ...]
    summary: str
    sections: tuple[Section, ...]
    key_points: tuple[str, ...]
    tradeoffs: tuple[Tradeoff, ...]
    disadvantages: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[Source, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a user may type for this topic."""
        return (self.id, self.title, *self.aliases)


_TOPIC_REQUIRED = {
    "schema", "id", "title", "category", "order", "aliases", "summary", "sections",
    "key_points", "tradeoffs", "disadvantages", "related", "sources",
}  # fmt: skip


def parse_topic(data: Any) -> tuple[Topic | None, list[Problem]]:
    """Validate one topic mapping. Returns the topic, or None and the problems."""
    check = Checker()
    top = check.mapping(data, "")
    if top is None:
        return None, check.problems
    check.keys(top, "", _TOPIC_REQUIRED, set())
    _check_schema_version(check, top.get("schema"))
    topic = Topic(
        id=_topic_id(check, top.get("id")),
        title=check.text(top.get("title"), "title"),
        category=_category(check, top.get("category")),
        order=_order(check, top.get("order")),
        aliases=check.text_list(top.get("aliases"), "aliases"),
        summary=check.text(top.get("summary"), "summary"),
        sections=check.records(
            top.get("sections"), "sections", lambda m, p: _section(check, m, p), allow_empty=False
        ),
        key_points=check.text_list(top.get("key_points"), "key_points", allow_empty=False),
        tradeoffs=check.records(
            top.get("tradeoffs"), "tradeoffs", lambda m, p: _tradeoff(check, m, p)
        ),
        disadvantages=check.text_list(top.get("disadvantages"), "disadvantages"),
        related=_related(check, top.get("related")),
        sources=check.records(
            top.get("sources"), "sources", lambda m, p: _source(check, m, p), allow_empty=False
        ),
    )
    if "\n\n" in topic.summary:
        check.fail("summary", "must be one paragraph (found a blank line)")
    return (None if check.problems else topic), check.problems


def _check_schema_version(check: Checker, value: Any) -> None:
    if value is not None and value != SCHEMA_VERSION:
        check.fail(
            "schema",
            f"must be {SCHEMA_VERSION} (this primer reads schema version {SCHEMA_VERSION})",
        )


def _topic_id(check: Checker, value: Any) -> str:
    topic_id = check.text(value, "id")
    if topic_id and not ID_PATTERN.match(topic_id):
        check.fail(
            "id", f"'{topic_id}' must be lowercase words joined by hyphens, like 'cache-aside'"
        )
    return topic_id


def _category(check: Checker, value: Any) -> str:
    category = check.text(value, "category")
    if category and category not in CATEGORIES:
        import difflib  # only for a misspelt category

        close = difflib.get_close_matches(category, CATEGORIES, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        check.fail(
            "category",
            f"'{category}' is not a category ({hint}one of: {', '.join(CATEGORIES)})",
        )
    return category


def _order(check: Checker, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        check.fail("order", f"must be a whole number from 1 up, not {value!r}")
        return 0
    return value


def _related(check: Checker, value: Any) -> tuple[str, ...]:
    related = check.text_list(value, "related")
    for i, topic_id in enumerate(related):
        if topic_id and not ID_PATTERN.match(topic_id):
            check.fail(
                f"related[{i}]",
                f"'{topic_id}' is not a topic id (lowercase words joined by hyphens)",
            )
    return related


def _section(check: Checker, data: Mapping[str, Any], path: str) -> Section:
    check.keys(data, path, {"heading"}, {"body", "table"})
    body = check.text(data.get("body", ""), f"{path}.body", allow_empty=True)
    table = _table(check, data["table"], f"{path}.table") if "table" in data else None
    if not body and table is None:
        check.fail(path, "needs a body, a table, or both")
    return Section(
        heading=check.text(data.get("heading"), f"{path}.heading"), body=body, table=table
    )


def _table(check: Checker, value: Any, path: str) -> Table | None:
    data = check.mapping(value, path)
    if data is None:
        return None
    check.keys(data, path, {"columns", "rows"}, {"caption"})
    columns = check.text_list(data.get("columns"), f"{path}.columns", allow_empty=False)
    rows = []
    for i, row in enumerate(check.sequence(data.get("rows"), f"{path}.rows", allow_empty=False)):
        cells = tuple(
            check.text(cell, f"{path}.rows[{i}][{j}]", allow_empty=True)
            for j, cell in enumerate(check.sequence(row, f"{path}.rows[{i}]"))
        )
        if columns and len(cells) != len(columns):
            check.fail(
                f"{path}.rows[{i}]",
                f"has {len(cells)} cells but the table has {len(columns)} columns",
            )
        rows.append(cells)
    caption = check.text(data.get("caption", ""), f"{path}.caption", allow_empty=True)
    return Table(columns=columns, rows=tuple(rows), caption=caption)


def _tradeoff(check: Checker, data: Mapping[str, Any], path: str) -> Tradeoff:
    check.keys(data, path, {"option", "pros", "cons", "when"}, set())
    return Tradeoff(
        option=check.text(data.get("option"), f"{path}.option"),
        pros=check.text(data.get("pros"), f"{path}.pros"),
        cons=check.text(data.get("cons"), f"{path}.cons"),
        when=check.text(data.get("when"), f"{path}.when"),
    )


def _source(check: Checker, data: Mapping[str, Any], path: str) -> Source:
    check.keys(data, path, {"title", "url"}, set())
    url = check.text(data.get("url"), f"{path}.url")
    if url and not URL_PATTERN.match(url):
        check.fail(f"{path}.url", f"'{url}' must be an http(s) address")
    return Source(title=check.text(data.get("title"), f"{path}.title"), url=url)
