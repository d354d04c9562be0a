"""Search ranking and snippets on the shipped topics."""

from __future__ import annotations

import pytest

from primer_cli.topics.search import SearchIndex, plain, snippet, terms_of
from primer_cli.topics.store import library


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(library())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cap", "cap-theorem"),
        ("eventual consistency", "consistency-patterns"),
        ("virtual nodes", "consistent-hashing"),
        ("idempotent", "http"),
        ("round trip datacenter", "latency-numbers"),
        ("shard", "sharding"),
        ("lazy loading", "cache-aside"),
    ],
)
def test_obvious_topic_ranks_first(index: SearchIndex, query: str, expected: str) -> None:
    assert index.search(query)[0].topic.id == expected


def test_topics_with_every_word_rank_above_topics_with_some(index: SearchIndex) -> None:
    hits = index.search("queue back pressure")
    assert hits[0].topic.id == "back-pressure"


def test_prefix_matches_longer_words(index: SearchIndex) -> None:
    assert any(hit.topic.id == "consistency-patterns" for hit in index.search("consisten"))


def test_no_match_is_empty(index: SearchIndex) -> None:
    assert index.search("xylophone") == []


def test_snippet_contains_a_query_word_and_is_short(index: SearchIndex) -> None:
    for hit in index.search("replication lag"):
        assert len(hit.snippet) <= 200
    top = index.search("replication lag")[0]
    assert "lag" in top.snippet.lower()


def test_snippet_strips_markdown() -> None:
    assert plain("**bold** and `code` and [link](http://x)") == "bold and code and link"
    topic = library().get("cache-aside")
    assert "**" not in snippet(topic, ["cache"])


def test_terms_drop_stopwords_and_plural_s() -> None:
    assert terms_of("The Caches and a Queue") == ["cache", "queue"]
