"""Every shipped topic file is valid, original, and the seed text is fully covered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from primer_cli.topics.loader import Library, load_library, load_topic_file, normalize
from primer_cli.topics.search import terms_of
from tests.conftest import CONTENT, REPO
from tests.originality import SEED, copied_runs, seed_ngrams

TOPIC_FILES = sorted(CONTENT.glob("*.yaml"))
HEADINGS = yaml.safe_load((REPO / "tests" / "fixtures" / "seed_headings.yaml").read_text())


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(CONTENT)


@pytest.fixture(scope="module")
def seed_grams() -> set[tuple[str, ...]]:
    return seed_ngrams(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TOPIC_FILES, ids=lambda p: p.stem)
def test_topic_file_is_valid(path: Path) -> None:
    topic, problems = load_topic_file(path)
    assert not problems, "\n".join(p.describe() for p in problems)
    assert topic is not None and topic.id == path.stem


def test_whole_library_loads_with_cross_references(library: Library) -> None:
    ids = {t.id for t in library}
    for topic in library:
        assert set(topic.related) <= ids, topic.id


def test_reading_order_is_strict(library: Library) -> None:
    orders = [t.order for t in library]
    assert orders == sorted(set(orders))


@pytest.mark.parametrize("path", TOPIC_FILES, ids=lambda p: p.stem)
def test_topic_prose_is_in_our_own_words(path: Path, seed_grams: set[tuple[str, ...]]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert copied_runs(data, seed_grams) == []


def _seed_headings() -> tuple[list[str], list[str]]:
    top, sub = [], []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^- (?:\*\*)?(.+?)(?:\*\*)?(?:>>>|\[Link\].*)?\s*$", line)
        if match:
            top.append(match.group(1))
        sub += re.findall(r"\[\*\*Link\*\*\]\([^)]*\)\*\*(.+?)\*\*", line)
    return top, [h for h in sub if not h.startswith("Source(s)")]


def test_every_seed_heading_is_in_the_mapping() -> None:
    top, sub = _seed_headings()
    assert len(top) >= 40  # the parser still understands the seed's format
    assert sorted(set(top)) == sorted(HEADINGS["top"])
    assert sorted(set(sub)) == sorted(HEADINGS["sub"])


@pytest.mark.parametrize("heading", [*HEADINGS["top"], *HEADINGS["sub"]])
def test_every_seed_heading_maps_to_a_topic_that_covers_it(heading: str, library: Library) -> None:
    topic_id = HEADINGS["top"].get(heading) or HEADINGS["sub"][heading]
    topic = library.get(topic_id)
    text = " ".join(
        [
            topic.title,
            *topic.aliases,
            topic.summary,
            *(s.heading + " " + s.body for s in topic.sections),
        ]
        + [" ".join(" ".join(r) for r in s.table.rows) for s in topic.sections if s.table]
    )
    words = set(terms_of(text))
    if heading.startswith("Disadvantage(s)"):
        assert topic.disadvantages, f"{topic_id} covers '{heading}' but lists no disadvantages"
        return
    wanted = [w for w in terms_of(heading) if len(w) > 2]
    found = [w for w in wanted if any(word.startswith(w[:5]) for word in words)]
    assert len(found) * 2 >= len(wanted), (
        f"{topic_id} does not seem to cover '{heading}': missing {wanted}"
    )


def test_top_level_headings_are_findable_by_name(library: Library) -> None:
    for heading, topic_id in HEADINGS["top"].items():
        names = {normalize(n) for n in library.get(topic_id).names}
        simple = normalize(re.sub(r"\(.*?\)|\?", "", heading))
        assert (
            normalize(heading) in names or simple in names or library.find(heading).id == topic_id
        )


@pytest.mark.parametrize(
    ("topic_id", "columns_like"),
    [
        ("http", {"verb", "idempotent", "safe", "cacheable"}),
        ("powers-of-two", {"power", "exact", "bytes"}),
        ("latency-numbers", {"operation", "nanoseconds"}),
        ("rpc-vs-rest", {"rpc", "rest"}),
    ],
)
def test_seed_tables_are_real_tables(
    topic_id: str, columns_like: set[str], library: Library
) -> None:
    tables = [s.table for s in library.get(topic_id).sections if s.table]
    assert tables, f"{topic_id} has no table"
    headers = " ".join(c.lower() for t in tables for c in t.columns)
    for word in columns_like:
        assert word in headers, f"{topic_id}: no column like '{word}' in {headers!r}"


def test_latency_table_keeps_the_seed_figures(library: Library) -> None:
    table_text = " ".join(
        " ".join(row)
        for s in library.get("latency-numbers").sections
        if s.table
        for row in s.table.rows
    )
    for figure in [
        "0.5",
        "100",
        "10,000",
        "150,000",
        "250,000",
        "500,000",
        "1,000,000",
        "10,000,000",
        "30,000,000",
        "150,000,000",
    ]:
        assert figure in table_text, figure


def test_every_source_is_a_link(library: Library) -> None:
    for topic in library:
        assert topic.sources, topic.id
        for source in topic.sources:
            assert source.url.startswith(("http://", "https://")), (topic.id, source.url)
