"""The late review for issue 15: the topics the first two fact-checks never read.

A fresh distributed-systems reading of back-of-envelope-estimation, quorum,
leader-election, log-based-message-brokers, rate-limiting, bloom-filter, fan-out
and idempotency (and their questions), every number recomputed, plus four slips an
earlier pass left in l4-vs-l7-load-balancing, base62, load-balancer and
cache-locations. Each test holds one finding by its meaning: the passage that
paired the wrong ideas is gone, and the right idea is there. Every test here
failed on the text as it was before its fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from primer_cli.topics.loader import Library, load_library
from tests.conftest import CONTENT, REPO
from tests.test_content_facts import clean, offending, passages, some_passage, whole

QUIZZES = REPO / "quizzes"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(CONTENT)


def question(topic_id: str, question_id: str) -> dict[str, Any]:
    """One question of a topic's question file, as written."""
    data = yaml.safe_load(Path(QUIZZES / f"{topic_id}.yaml").read_text(encoding="utf-8"))
    (found,) = [q for q in data["questions"] if q["id"] == question_id]
    return dict(found)


def correct_option(item: dict[str, Any]) -> str:
    (text,) = [clean(o["text"]) for o in item["options"] if o.get("correct")]
    return text


# --- back-of-envelope-estimation -------------------------------------------------------


def test_write_rate_that_forces_partitioning_is_of_today(library: Library) -> None:
    topic = library.get("back-of-envelope-estimation")
    assert offending(library, [topic.id], r"50,000 writes[^.]*partition") == []
    assert some_passage(topic, r"500,000 writes", r"partition")
    assert some_passage(topic, r"tens of thousands", r"writes a second")


def test_eighty_twenty_cache_size_is_an_upper_bound(library: Library) -> None:
    topic = library.get("back-of-envelope-estimation")
    claims = [p for p in passages(topic) if re.search(r"80/20", p)]
    assert claims and all(re.search(r"upper bound|hot items", p) for p in claims), claims
    explanation = clean(question(topic.id, "boe-cache-eighty-twenty")["explanation"])
    assert "upper bound" in explanation and "20 gb" in explanation


# --- quorum --------------------------------------------------------------------------------


def test_vector_versions_can_be_concurrent_siblings(library: Library) -> None:
    topic = library.get("quorum")
    assert offending(library, [topic.id], r"vector[^.]*highest") == []
    assert some_passage(topic, r"vector", r"concurrent", r"siblings")


def test_quorum_reads_repair_blocking_and_linearizability_needs_more(library: Library) -> None:
    topic = library.get("quorum")
    assert offending(library, [topic.id], r"do not do unless asked") == []
    assert some_passage(topic, r"cassandra", r"blocking", r"read.repair")
    words = whole(topic)
    assert "abd" in words and "paxos" in words and "lightweight transactions" in words


def test_majority_latency_is_the_fastest_majority_not_the_slower_half(library: Library) -> None:
    topic = library.get("quorum")
    assert offending(library, [topic.id], r"slower half") == []
    assert some_passage(topic, r"fastest majority", r"median")


def test_majority_quorums_are_not_offered_for_balances(library: Library) -> None:
    topic = library.get("quorum")
    assert offending(library, [topic.id], r"balances", r"conditional|consensus") == []
    assert some_passage(topic, r"money", r"conditional writes or consensus")


def test_dynamodb_is_not_leaderless_and_riak_is_dated(library: Library) -> None:
    topic = library.get("quorum")
    assert some_passage(topic, r"dynamodb", r"not leaderless")
    assert some_passage(topic, r"multi-paxos", r"leader")
    assert offending(library, [topic.id], r"\briak\b", r"basho|dynamo and riak") == []


# --- log-based-message-brokers ---------------------------------------------------------


def test_partition_cap_is_for_consumer_groups_and_share_groups_lift_it(library: Library) -> None:
    topic = library.get("log-based-message-brokers")
    caps = r"partition count caps"
    assert offending(library, [topic.id], caps, r"consumer group") == []
    assert some_passage(topic, r"share group", r"kip-932", r"4\.0")


def test_kafka_retention_has_no_size_limit_by_default(library: Library) -> None:
    topic = library.get("log-based-message-brokers")
    assert some_passage(topic, r"log\.retention\.bytes", r"off unless")
    assert some_passage(topic, r"segment", r"outlive")
    answer = correct_option(question(topic.id, "logbroker-retention"))
    assert "size limit" not in answer and "seven days" in answer


def test_partitions_can_be_added_but_that_moves_keys(library: Library) -> None:
    topic = library.get("log-based-message-brokers")
    assert offending(library, [topic.id], r"fixed up front") == []
    assert some_passage(topic, r"unit of parallelism", r"never removed", r"moves keys")


# --- rate-limiting -------------------------------------------------------------------------


def test_nginx_rejects_with_503_unless_told_to_send_429(library: Library) -> None:
    topic = library.get("rate-limiting")
    assert some_passage(topic, r"limit_req_status 429", r"503")


# --- bloom-filter -----------------------------------------------------------------------------


def test_cuckoo_filters_are_smaller_not_bigger(library: Library) -> None:
    topic = library.get("bloom-filter")
    assert offending(library, [topic.id], r"cuckoo[^.;]*(?:extra|more) space") == []
    assert some_passage(topic, r"cuckoo", r"3%", r"smaller")
    assert some_passage(topic, r"counting", r"four times the space")


def test_redis_bloom_filters_are_core_since_redis_8(library: Library) -> None:
    assert some_passage(library.get("bloom-filter"), r"redis 8", r"redisbloom")


# --- fan-out -------------------------------------------------------------------------------------


def test_celebrity_fan_out_time_is_recomputed(library: Library) -> None:
    topic = library.get("fan-out")
    claims = [p for p in passages(topic) if re.search(r"million inserts", p)]
    assert claims
    for claim in claims:
        inserts = float(re.findall(r"(\d+) million inserts", claim)[0])
        assert "a million inserts a second" in claim, claim
        seconds = re.search(r"(\d+) seconds", claim)
        assert seconds and float(seconds.group(1)) == inserts, claim


# --- idempotency --------------------------------------------------------------------------------


def test_a_late_idempotent_retry_can_undo_a_newer_write(library: Library) -> None:
    topic = library.get("idempotency")
    assert offending(library, [topic.id], r"retries are always safe") == []
    assert some_passage(topic, r"late retry", r"newer write", r"version")


def test_every_safe_method_counts_as_idempotent(library: Library) -> None:
    topic = library.get("idempotency")
    assert some_passage(topic, r"rfc 9110", r"\bhead\b", r"\boptions\b", r"idempotent")
    listed = [k for k in topic.key_points if "idempotent by definition" in k]
    assert listed and all("HEAD" in k for k in listed)


# --- slips from the earlier pass ------------------------------------------------------------------


def test_layer_4_summary_admits_connection_terminating_proxies(library: Library) -> None:
    summary = clean(library.get("l4-vs-l7-load-balancing").summary)
    assert "passes traffic on without reading it" not in summary
    assert re.search(r"layer 4[^.]*terminates the client's tcp connection[^.]*haproxy", summary)


def test_base64_slash_is_legal_in_a_query_string(library: Library) -> None:
    topic = library.get("base62")
    assert offending(library, [topic.id], r"query[^.]*all three|= as a separator") == []
    assert some_passage(topic, r"query string", r"rfc 3986", r"allows /")
    assert some_passage(topic, r"/ must be escaped in a path segment", r"\+ in a query string")


def test_no_topic_cites_the_dead_g33kinfo_page(library: Library) -> None:
    assert [t.id for t in library for s in t.sources if "g33kinfo" in s.url] == []
    urls = [s.url for s in library.get("load-balancer").sources]
    assert any("docs.haproxy.org" in u and "balance" in u for u in urls)


def test_mysql_sources_are_from_the_8_x_manual(library: Library) -> None:
    assert [t.id for t in library for s in t.sources if "refman/5." in s.url] == []
    sources = library.get("cache-locations").sources
    assert any("refman/8." in s.url and "query cache" in s.title.lower() for s in sources)
