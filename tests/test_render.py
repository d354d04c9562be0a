"""The Rich rendering of a topic, checked through a recording console."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from primer_cli.render.topic import inline, render_hits, render_topic, render_tree
from primer_cli.sim.catalog import demos_for_topic
from primer_cli.topics.search_store import search_index
from primer_cli.topics.store import library


def record(renderable: object, width: int = 100) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    console.print(renderable)
    return console.export_text()


def test_topic_page_has_every_part_in_order() -> None:
    topic = library().get("cap-theorem")
    text = record(render_topic(topic, library(), demos_for_topic(topic.id)))
    order = ["CAP theorem", "In short", "The three guarantees", "Key points", "Tradeoffs",
             "Disadvantages", "Related topics", "See it run", "Sources"]  # fmt: skip
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "primer learn consistency-patterns" in text
    assert "primer demo partition" in text
    assert "https://github.com/henryr/cap-faq" in text


@pytest.mark.slow  # every topic at two widths: 5 s of CPU (tests/test_layout.py: 80 columns)
def test_every_topic_renders_at_narrow_and_wide_widths() -> None:
    for topic in library():
        for width in (60, 120):
            text = record(render_topic(topic, library()), width=width)
            assert topic.title in text and topic.sources[0].url[:40] in text.replace("\n", "")


@pytest.mark.slow  # 30 ms of CPU or more (tests/tiers.py)
def test_seed_tables_render_as_tables() -> None:
    text = record(render_topic(library().get("http"), library()))
    assert "GET" in text and "Idempotent" in text and "│" in text


@pytest.mark.slow  # 30 ms of CPU or more (tests/tiers.py)
def test_topic_without_demo_has_no_demo_section() -> None:
    text = record(render_topic(library().get("security"), library(), demos_for_topic("security")))
    assert "See it run" not in text


def test_inline_markup_is_styled_not_printed() -> None:
    text = inline("**POST** /signup uses `json` and *care*")
    assert text.plain == "POST /signup uses json and care"
    assert {span.style for span in text.spans} == {"bold", "markdown.code", "italic"}


@pytest.mark.slow  # 30 ms of CPU or more (tests/tiers.py)
def test_tree_groups_topics_by_category() -> None:
    text = record(render_tree(library()))
    assert (
        text.index("Foundations")
        < text.index("performance-vs-scalability")
        < text.index("Databases")
    )


@pytest.mark.slow  # 30 ms of CPU or more (tests/tiers.py)
def test_search_results_render_rank_title_and_command() -> None:
    hits = list(search_index().search("cache aside", limit=3).hits)
    text = record(render_hits(hits))
    assert text.lstrip().startswith("1. Cache-aside")
    assert "primer learn cache-aside" in text
