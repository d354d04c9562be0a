"""Fact-check findings on the topics reviewed for issue #15 ("And the rest").

Each test holds one finding from a fresh distributed-systems review: a number
recomputed from the topic's own inputs, a 2017-era claim brought up to date, a
key point an interviewer expects, or a source that moved. The checks look for
meaning (a named mechanism, a recomputed figure), not for exact sentences, so
the prose can still be reworded.
"""

from __future__ import annotations

import re

import pytest

from primer_cli.topics.loader import Library, load_library
from primer_cli.topics.schema import Topic
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(CONTENT)


def text_of(topic: Topic) -> str:
    """Every prose field of a topic, tables included, lower-cased and on one line."""
    parts = [topic.title, topic.summary, *topic.key_points, *topic.disadvantages]
    for section in topic.sections:
        parts += [section.heading, section.body]
        if section.table:
            parts += [*section.table.columns, *(cell for row in section.table.rows for cell in row)]
            parts.append(section.table.caption or "")
    for option in topic.tradeoffs:
        parts += [option.option, option.pros, option.cons, option.when]
    return re.sub(r"\s+", " ", " ".join(parts)).lower()


def found(pattern: str, where: str) -> re.Match[str]:
    """The first match of a pattern that the test needs to be there."""
    match = re.search(pattern, where)
    assert match, f"{pattern!r} not found in {where!r}"
    return match


def text(library: Library, topic_id: str) -> str:
    return text_of(library.get(topic_id))


def section_text(library: Library, topic_id: str, heading_word: str) -> str:
    sections = [s for s in library.get(topic_id).sections if heading_word in s.heading.lower()]
    assert sections, f"{topic_id} has no section about {heading_word!r}"
    return " ".join(s.body for s in sections).lower()


def table_rows(library: Library, topic_id: str, column_word: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the first table of a topic with a column whose name has this word."""
    for section in library.get(topic_id).sections:
        table = section.table
        if table and any(column_word in c.lower() for c in table.columns):
            return table.rows
    raise AssertionError(f"{topic_id} has no table with a {column_word!r} column")


# --- availability-patterns --------------------------------------------------


def _seconds(cell: str) -> tuple[float, float]:
    """'43m 49.7s' -> (2629.7, 0.05): the duration and half a unit of its last digit."""
    total, half_unit = 0.0, 0.5
    for number, unit in re.findall(r"([\d.]+)\s*([hms])", cell):
        total += float(number) * {"h": 3600, "m": 60, "s": 1}[unit]
        if unit == "s" and "." in number:
            half_unit = 0.5 * 10 ** -len(number.split(".")[1])
    return total, half_unit


def test_downtime_table_matches_the_year_its_caption_states(library: Library) -> None:
    table = next(s.table for s in library.get("availability-patterns").sections if s.table)
    assert table is not None and table.caption
    days = float(found(r"(\d{3}\.\d+) days", table.caption).group(1))
    periods = [days * 86400, days * 86400 / 12, 7 * 86400, 86400]
    for row in table.rows:
        down = 1 - float(found(r"^([\d.]+)%", row[0]).group(1)) / 100
        for cell, period in zip(row[1:], periods, strict=True):
            shown, tolerance = _seconds(cell)
            assert abs(shown - down * period) <= tolerance + 1e-9, (row[0], cell, down * period)


def test_parallel_availability_states_that_it_assumes_independent_failures(
    library: Library,
) -> None:
    body = section_text(library, "availability-patterns", "parallel")
    assert "independent" in body and "correlated" in body


def test_availability_targets_are_framed_as_slos_with_an_error_budget(library: Library) -> None:
    assert "error budget" in text(library, "availability-patterns")


# --- fail-over ----------------------------------------------------------------


def test_public_active_active_does_not_rest_on_dns_alone(library: Library) -> None:
    body = section_text(library, "fail-over", "active-active")
    assert "anycast" in body and "ttl" in body


# --- replication --------------------------------------------------------------


def test_replication_covers_leaderless_quorums_and_consensus(library: Library) -> None:
    words = text(library, "replication").replace(" ", "")
    assert "leaderless" in words and "r+w>n" in words and "raft" in words


def test_single_threaded_replica_apply_is_dated(library: Library) -> None:
    assert "8.0.27" in text(library, "replication")


# --- cap-theorem ----------------------------------------------------------------


def test_cap_names_pacelc_and_where_real_systems_sit(library: Library) -> None:
    words = text(library, "cap-theorem")
    assert "pacelc" in words and "tunable" in words
    assert any(name in words for name in ("etcd", "zookeeper", "spanner"))


# --- load-balancer and reverse-proxy ------------------------------------------


@pytest.mark.parametrize("topic_id", ["load-balancer", "reverse-proxy"])
def test_tls_termination_is_not_sold_as_cpu_relief(library: Library, topic_id: str) -> None:
    words = text(library, topic_id)
    assert not re.search(r"cpu-heavy|costly work|cpu-intensive", words)
    assert "re-encrypt" in words or "mtls" in words


def test_managed_load_balancer_is_described_by_its_current_generation(library: Library) -> None:
    topic = library.get("load-balancer")
    assert not any("/classic/" in s.url for s in topic.sources)
    assert "target group" in text_of(topic)


def test_load_balancer_knows_todays_proxies_and_algorithms(library: Library) -> None:
    words = text(library, "load-balancer")
    assert "envoy" in words and "two random choices" in words


# --- horizontal-vs-vertical-scaling and consistent-hashing ----------------------


def test_scale_out_cost_argument_accounts_for_linear_cloud_pricing(library: Library) -> None:
    assert "linear" in text(library, "horizontal-vs-vertical-scaling")


def test_consistent_hashing_vnode_counts_and_riak_are_current(library: Library) -> None:
    words = text(library, "consistent-hashing")
    assert re.search(r"cassandra[^.]*4\.0[^.]*16|16[^.]*cassandra[^.]*4\.0", words)
    assert not re.search(r"riak does the same", words) and "basho" in words


# --- federation and sharding ----------------------------------------------------


def test_federation_warns_about_the_other_meaning_of_the_word(library: Library) -> None:
    words = text(library, "federation")
    assert "foreign data wrapper" in words or "trino" in words


def test_sharding_names_databases_that_shard_for_you(library: Library) -> None:
    words = text(library, "sharding")
    assert ("vitess" in words or "citus" in words) and "cockroachdb" in words


def test_created_at_hot_shard_is_a_range_sharding_mistake(library: Library) -> None:
    sentences = re.split(r"(?<=[.!?])\s", text(library, "sharding"))
    about = [s for s in sentences if "created_at" in s]
    assert about and all("range" in s for s in about), about


# --- document-store and sql-or-nosql ------------------------------------------


def test_document_store_knows_multi_document_transactions_and_json_columns(
    library: Library,
) -> None:
    words = text(library, "document-store")
    assert re.search(r"mongodb 4\.0|4\.0 \(2018\)", words) and "jsonb" in words


def test_nosql_consistency_is_not_generalised_as_eventual(library: Library) -> None:
    words = text(library, "sql-or-nosql")
    assert "often eventually consistent" not in words
    assert "strong" in words and "tunable" in words


def test_sql_or_nosql_includes_distributed_sql(library: Library) -> None:
    words = text(library, "sql-or-nosql")
    named = [n for n in ("spanner", "cockroachdb", "yugabytedb", "tidb") if n in words]
    assert "distributed sql" in words and len(named) >= 2


# --- caching ------------------------------------------------------------------------


def test_cache_aside_strategy_deletes_the_key_on_write(library: Library) -> None:
    rows = table_rows(library, "cache", "write")
    (row,) = [r for r in rows if r[0].lower().startswith("cache-aside")]
    assert "delete" in row[2].lower() and "overwrit" not in row[2].lower()


def test_case_for_caching_is_not_built_on_spinning_disks(library: Library) -> None:
    body = section_text(library, "cache", "why cache")
    assert "spinning disk" not in body and "buffer pool" in body


def test_database_layer_does_not_promise_a_query_result_cache(library: Library) -> None:
    rows = table_rows(library, "cache-locations", "location")
    (row,) = [r for r in rows if r[0].lower() == "database"]
    assert "query results" not in " ".join(row).lower()
    assert "query cache" in text(library, "cache-locations") and "8.0" in text(
        library, "cache-locations"
    )


def test_cache_aside_explains_the_read_after_delete_race(library: Library) -> None:
    words = text(library, "cache-aside")
    assert "lease" in words and "race" in words


def test_write_through_does_not_promise_never_stale(library: Library) -> None:
    topic = library.get("write-through")
    promises = " ".join([topic.summary, *topic.key_points]).lower()
    assert "never stale" not in promises
    assert "concurrent" in text_of(topic)


# --- asynchronism -------------------------------------------------------------------


def test_message_queue_brokers_are_those_of_today(library: Library) -> None:
    brokers = [r[0].lower() for r in table_rows(library, "message-queues", "broker")]
    words = text(library, "message-queues")
    assert any("kafka" in b for b in brokers)
    assert "fifo" in words and "quorum queue" in words and "streams" in words


def test_celery_early_acknowledgement_is_explained(library: Library) -> None:
    assert "acks_late" in text(library, "task-queues")


def test_task_queues_mention_durable_workflow_engines(library: Library) -> None:
    assert "temporal" in text(library, "task-queues")


def test_backoff_schedule_doubles_until_the_cap(library: Library) -> None:
    rows = table_rows(library, "back-pressure", "attempt")
    numbered = [r for r in rows if r[0].isdigit()]
    for row in numbered:
        assert row[1] == f"{2 ** (int(row[0]) - 1)} s", row
    (last,) = [r for r in rows if not r[0].isdigit()]
    first_capped = int(found(r"^\d+", last[0]).group())
    cap = int(found(r"(\d+) s", last[1]).group(1))
    assert first_capped == len(numbered) + 1
    assert 2 ** (first_capped - 1) >= cap > 2 ** (first_capped - 2), (last, cap)


def test_back_pressure_separates_429_from_503(library: Library) -> None:
    assert "429" in text(library, "back-pressure")


# --- communication ------------------------------------------------------------------


def test_tcp_congestion_control_is_named(library: Library) -> None:
    words = text(library, "tcp")
    for mechanism in ("slow start", "additive increase", "fast retransmit", "cubic", "bbr"):
        assert mechanism in words, mechanism
    assert re.search(r"retransmission timeout[^.]*doubl", words)


def test_tcp_points_to_quic_for_head_of_line_blocking(library: Library) -> None:
    assert "quic" in text(library, "tcp")


# --- reference numbers ------------------------------------------------------------


_REFERENCE_ROWS = {
    "l1 cache": "L1 cache reference",
    "l2 cache": "L2 cache reference",
    "memory": "Read 1 MB sequentially from memory",
    "ssd": "Read 1 MB sequentially from SSD*",
    "datacenter roundtrip": "Round trip within same datacenter",
}


def _ns(cell: str) -> float:
    return float(cell.split()[0].replace(",", ""))


def test_latency_ratios_in_the_notes_are_recomputed(library: Library) -> None:
    rows = table_rows(library, "latency-numbers", "nanoseconds")
    by_name = {r[0]: _ns(r[1]) for r in rows}
    for row in rows:
        for ratio, what in re.findall(r"(\d+)x ([a-z0-9 ]+?)(?:,|$)", row[4].lower()):
            wanted = by_name[row[0]] / by_name[_REFERENCE_ROWS[what.strip()]]
            assert abs(float(ratio) - wanted) <= 0.1 * wanted, (row[0], ratio, what, wanted)


def test_latency_numbers_show_what_changed_since_the_table(library: Library) -> None:
    topic = library.get("latency-numbers")
    columns = " ".join(c for s in topic.sections if s.table for c in s.table.columns).lower()
    assert "2020s" in columns and "nvme" in text_of(topic)


def test_md5_speed_claim_accounts_for_sha_extensions(library: Library) -> None:
    topic = library.get("md5")
    (sha,) = [o for o in topic.tradeoffs if o.option.startswith("SHA-256")]
    assert not sha.cons.lower().startswith("slower than md5")
    assert "sha extensions" in text_of(topic) or "sha-ni" in text_of(topic)


# --- sources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic_id", "moved"),
    [
        ("cap-theorem", "robertgreiner.com/2014/08/"),
        ("latency-vs-throughput", "cadence_blogs_8/b/sd/archive"),
        ("load-balancer", "www.nginx.com/"),
        ("reverse-proxy", "www.nginx.com/"),
        ("cache", "AmazonElastiCache/latest/UserGuide"),
        ("what-to-cache", "AmazonElastiCache/latest/UserGuide"),
        ("cache-aside", "AmazonElastiCache/latest/UserGuide"),
        ("write-through", "AmazonElastiCache/latest/UserGuide"),
        ("tcp", "gafferongames.com/networking-for-game-programmers"),
        ("document-store", "mongodb.com/mongodb-architecture"),
    ],
)
def test_moved_sources_point_at_their_current_home(
    library: Library, topic_id: str, moved: str
) -> None:
    assert not any(moved in s.url for s in library.get(topic_id).sources)
