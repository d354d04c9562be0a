"""Follow-up to issue 15: what the question writers found while reading every topic.

Each test holds one fix by its meaning, not its wording: a passage that still
pairs the two ideas a writer found wrong fails, and a topic that lacks the
correction fails. Every test here failed on the text as it was before its fix.
The passage helpers are the ones the issue 15 fact-check uses.
"""

from __future__ import annotations

import re

import pytest

from primer_cli.topics.loader import Library, load_library
from primer_cli.topics.schema import Topic
from tests.conftest import CONTENT
from tests.test_content_facts import clean, offending, paragraphs, some_passage, whole


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(CONTENT)


def section_sentences(topic: Topic, heading_word: str) -> list[str]:
    """The cleaned sentences of the sections whose heading has this word."""
    bodies = [s.body for s in topic.sections if heading_word in s.heading.lower()]
    assert bodies, f"{topic.id} has no section about {heading_word!r}"
    pieces = (re.split(r"(?<=[.!?])\s+|\n\s*(?:[-*]|\d+\.)\s", body) for body in bodies)
    return [clean(p) for body in pieces for p in body if p.strip()]


def table_row(topic: Topic, first_cell: str) -> tuple[str, ...]:
    """The table row whose first cell, cleaned, starts with these words."""
    for section in topic.sections:
        for row in section.table.rows if section.table else ():
            if clean(row[0]).startswith(first_cell):
                return row
    raise AssertionError(f"{topic.id} has no table row starting {first_cell!r}")


# --- group 1: performance to reverse proxy ---------------------------------------------


def test_cdn_expired_unchanged_files_are_revalidated_not_resent(library: Library) -> None:
    topic = library.get("cdn")
    resent = r"(?:expire|unchanged)[^.;]*(?:fetched again|re-?fetch|wasted)"
    assert offending(library, [topic.id], resent, r"304|conditional|revalidat") == []
    assert some_passage(topic, r"expir", r"304|not modified")
    assert re.search(r"conditional request", whole(topic))


def test_memcached_sessions_survive_a_planned_restart_not_a_crash(library: Library) -> None:
    topic = library.get("horizontal-vs-vertical-scaling")
    assert some_passage(topic, r"memcached", r"warm restart|1\.5\.18", r"crash")


def test_synchronous_replication_confirms_storage_not_visibility(library: Library) -> None:
    body = " ".join(section_sentences(library.get("replication"), "synchronous"))
    assert re.search(r"remote_apply", body)
    assert re.search(r"stale|not yet|before it (?:is )?appl", body)


def test_cloudflare_is_spelt_as_the_company_spells_it(library: Library) -> None:
    topic = library.get("dns")
    raw = [topic.summary, *topic.key_points, *(s.body for s in topic.sections)]
    raw += [s.title for s in topic.sources]
    assert not any("CloudFlare" in text for text in raw)


# --- group 2: databases ------------------------------------------------------------------


def test_key_value_lookups_are_constant_only_in_hash_based_stores(library: Library) -> None:
    topic = library.get("key-value-store")
    assert offending(library, [topic.id], r"o\(1\)", r"o\(log") == []
    assert some_passage(topic, r"o\(log n\)", r"rocksdb|leveldb|sorted")


def test_only_bigtable_and_hbase_keep_versions_by_timestamp(library: Library) -> None:
    topic = library.get("wide-column-store")
    versions = r"timestamp[^.]*versio|versio[^.]*timestamp"
    assert offending(library, [topic.id], versions, r"bigtable|hbase") == []
    assert some_passage(topic, r"cassandra", r"timestamp", r"newest|latest|last write")


def test_text_values_can_live_in_the_row_and_not_null_is_about_correctness(
    library: Library,
) -> None:
    topic = library.get("sql-tuning")
    text_row = " ".join(table_row(topic, "text")).lower()
    assert re.search(r"inline", text_row)
    assert re.search(r"overflow|off[- ]page|toast", text_row)
    why = table_row(topic, "not null")[2].lower()
    assert re.search(r"three-valued|unknown|correct", why)
    assert not re.search(r"perform|faster|speed", why) or re.search(r"small|engine|depend", why)


def test_constraints_check_copies_but_do_not_sync_them(library: Library) -> None:
    topic = library.get("denormalization")
    assert offending(library, [topic.id], r"in sync[^.]*constraints? or triggers") == []
    assert some_passage(topic, r"in sync", r"trigger", r"application", r"materiali[sz]ed view")


def test_consistent_hashing_says_which_n_the_moved_share_divides_by(library: Library) -> None:
    topic = library.get("consistent-hashing")
    moved_share = r"(?=.*\b1/n\b)(?=.*\b(?:mov|owner|join|leav))"
    assert offending(library, [topic.id], moved_share, r"larger|n \+ 1|after") == []
    assert some_passage(topic, r"4 servers to 5|from 4 to 5", r"20%", r"1/5")


def test_database_names_replication_as_primary_and_replica(library: Library) -> None:
    text = whole(library.get("database"))
    assert re.search(r"primary-replica", text) and re.search(r"multi-primary", text)


# --- group 3: caching and asynchronism ---------------------------------------------------


def test_half_hits_still_beat_no_cache_and_break_even_is_about_5_percent(
    library: Library,
) -> None:
    topic = library.get("cache")
    assert offending(library, [topic.id], r"50% hit ratio", r"faster|twice") == []
    assert some_passage(topic, r"break-even|breaks even|pays for itself", r"\b5%")


def test_read_replicas_spread_a_hot_row(library: Library) -> None:
    (scale_db,) = [t for t in library.get("cache").tradeoffs if "replica" in t.option.lower()]
    cons = scale_db.cons.lower()
    assert "hot keys still land" not in cons
    assert re.search(r"replicas? spread|spread[^.;]*replica", cons)


def test_write_through_writes_the_database_before_the_cache(library: Library) -> None:
    topic = library.get("write-through")
    (how,) = [s.body for s in topic.sections if s.heading.lower().startswith("how a write")]
    steps = [clean(s) for s in re.findall(r"^\s*\d+\.\s+(.+?)(?=^\s*\d+\.|\Z)", how, re.M | re.S)]
    to_db = next(i for i, s in enumerate(steps) if "database" in s)
    to_cache = next(
        i for i, s in enumerate(steps) if re.search(r"(?:stores?|sets?|updates?)[^.;]*cache", s)
    )
    assert to_db < to_cache, steps
    promise = [k.lower() for k in topic.key_points if "after a write" in k.lower()]
    assert promise and all(re.search(r"bypass|straight to the database", k) for k in promise)


def test_redis_as_a_broker_names_streams_and_pub_sub(library: Library) -> None:
    topic = library.get("message-queues")
    (redis,) = [t for t in topic.tradeoffs if t.option.lower().startswith("redis")]
    weighed = f"{redis.pros} {redis.cons}".lower()
    assert "streams" in weighed and "pub/sub" in weighed
    loses = r"redis[^.]*(?:can lose|lost)"
    assert offending(library, [topic.id], loses, r"stream|pub/sub|crash|persist") == []


def test_refresh_ahead_waste_comes_from_a_last_read_in_the_window(library: Library) -> None:
    body = section_sentences(library.get("refresh-ahead"), "backfires")
    assert not [p for p in body if re.search(r"one-off|only once", p) and "never" not in p]
    assert any(re.search(r"window|refresh point", p) and re.search(r"\blast\b", p) for p in body)


def test_browser_copies_can_be_cleared_with_clear_site_data(library: Library) -> None:
    topic = library.get("cache-locations")
    assert offending(library, [topic.id], r"cannot reach in") == []
    assert some_passage(topic, r"clear-site-data", r"cache")


# --- group 4: communication and reference numbers ----------------------------------------


def test_http_messages_are_self_contained_in_meaning_not_in_bytes(library: Library) -> None:
    topic = library.get("http")
    claims = [p for p in paragraphs(topic) if "earlier exchange" in p or "self-contained in" in p]
    assert claims and all(re.search(r"hpack|qpack", p) for p in claims), claims


@pytest.mark.parametrize("topic_id", ["http", "l4-vs-l7-load-balancing"])
def test_nginx_glossary_links_point_at_f5(library: Library, topic_id: str) -> None:
    urls = [s.url for s in library.get(topic_id).sources]
    assert not any("nginx.com/resources/glossary" in u for u in urls)
    assert any("f5.com/glossary/" in u for u in urls)


def test_l4_vs_l7_cites_the_application_load_balancer(library: Library) -> None:
    urls = [s.url for s in library.get("l4-vs-l7-load-balancing").sources]
    assert any("elasticloadbalancing/latest/application/" in u for u in urls)


def test_base62_says_where_each_base64_character_breaks(library: Library) -> None:
    topic = library.get("base62")
    escaping = r"(?=.*\+)(?=.*=)(?=.*escap)"
    assert offending(library, [topic.id], escaping, r"query") == []
    assert some_passage(topic, r"path", r"\+", r"legal|allowed")


def test_udp_broadcast_is_ipv4_and_the_checksum_optional_there(library: Library) -> None:
    topic = library.get("udp")
    whole_subnet = r"broadcast[^.]*(?:subnet|every device)|(?:subnet|every device)[^.]*broadcast"
    assert offending(library, [topic.id], whole_subnet, r"ipv4") == []
    assert some_passage(topic, r"ipv6", r"multicast")
    assert offending(library, [topic.id], r"\bintact\b", r"checksum") == []
    assert some_passage(topic, r"checksum", r"ipv4", r"optional|zero")


def test_1_gbps_ethernet_rate_allows_for_overhead(library: Library) -> None:
    topic = library.get("latency-numbers")
    row = " ".join(table_row(topic, "sequential read from 1 gbps")).lower()
    assert "100 mb/s" in row and re.search(r"125|overhead", row)
    claims = [k.lower() for k in topic.key_points if "100 MB/s" in k]
    assert claims and all(re.search(r"125|overhead", k) for k in claims)


def test_layer_4_balancers_can_terminate_tcp_too(library: Library) -> None:
    topic = library.get("communication")
    assert some_passage(topic, r"layer 4", r"terminat", r"tcp")
