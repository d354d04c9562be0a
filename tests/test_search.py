"""Search on the shipped topics: reading the query, ranking, relevance and snippets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from primer_cli.checking import ContentError
from primer_cli.topics.irregular import irregular_file, load_irregular, parse_irregular
from primer_cli.topics.lexicon import checked_lexicon
from primer_cli.topics.query import MAX_QUERY_WORDS
from primer_cli.topics.search import SearchIndex
from primer_cli.topics.search_store import search_index
from primer_cli.topics.snippets import plain
from primer_cli.topics.store import library
from primer_cli.topics.synonyms import Synonyms, lexicon_file, load_synonyms, parse_synonyms
from primer_cli.topics.words import meaningful, stem, stems_of, words_of


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return search_index()


def ids(index: SearchIndex, query: str, limit: int = 10) -> list[str]:
    return [hit.topic.id for hit in index.search(query, limit).hits]


# Words ------------------------------------------------------------------------


def test_stems_join_the_forms_of_a_word() -> None:
    assert {stem(w) for w in ["cache", "caches", "caching", "cached"]} == {"cach"}
    assert {stem(w) for w in ["limit", "limits", "limiting", "limited"]} == {"limit"}
    assert stem("retries") == stem("retry")


def test_stop_words_are_dropped_unless_nothing_else_is_left() -> None:
    assert meaningful(words_of("How do I avoid a thundering herd?")) == [
        "avoid",
        "thundering",
        "herd",
    ]
    assert meaningful(words_of("what is it")) == ["what", "is", "it"]
    assert stems_of("The Caches and a Queue") == ["cach", "queue"]


def test_possessives_and_contractions_are_one_word() -> None:
    assert words_of("Brewer's theorem, don't") == ["brewer", "theorem", "dont"]


@pytest.mark.parametrize(
    ("form", "verb"),
    [
        ("written", "write"),
        ("wrote", "write"),
        ("sent", "send"),
        ("built", "build"),
        ("chosen", "choose"),
        ("held", "hold"),
        ("kept", "keep"),
        ("lost", "lose"),
        ("grown", "grow"),
        ("thrown", "throw"),
    ],
)
def test_irregular_forms_are_read_as_their_verb(index: SearchIndex, form: str, verb: str) -> None:
    assert stem(form) != stem(verb)  # Snowball alone keeps them apart
    assert stem(form, index.lexicon.stems) == stem(verb)


@pytest.mark.parametrize(
    ("irregular", "regular"),
    [
        ("data written twice", "data write twice"),
        ("messages sent twice", "messages send twice"),
        ("writes lost in a crash", "writes lose in a crash"),
        ("which database is chosen", "which database to choose"),
        ("a lock held too long", "a lock hold too long"),
        ("overwrote", "overwrite"),  # a form the library never uses still finds its verb
    ],
)
def test_an_irregular_form_finds_what_its_verb_finds(
    index: SearchIndex, irregular: str, regular: str
) -> None:
    found = ids(index, irregular, 60)
    assert found and found == ids(index, regular, 60)


def test_forms_the_library_lacks_are_never_suggested(index: SearchIndex) -> None:
    """The vocabulary (for suggestions and half-typed words) holds only the library's words."""
    assert "overwrote" in index.lexicon.stems
    assert "overwrote" not in index.lexicon.vocabulary
    assert "written" in index.lexicon.vocabulary


def test_the_cached_index_keeps_the_irregular_forms() -> None:
    search_index()  # built and stored, or read
    search_index.cache_clear()
    cached = search_index()  # read back from the cache
    assert cached.lexicon.stems["overwrote"] == stem("overwrite")
    assert ids(cached, "written") == ids(cached, "write")


# Ranking ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cap", "cap-theorem"),
        ("eventual consistency", "consistency-patterns"),
        ("virtual nodes", "consistent-hashing"),
        ("round trip datacenter", "latency-numbers"),
        ("shard", "sharding"),
        ("lazy loading", "cache-aside"),
        ("queue back pressure", "back-pressure"),
        ("LB", "load-balancer"),
    ],
)
def test_obvious_topic_ranks_first(index: SearchIndex, query: str, expected: str) -> None:
    assert ids(index, query)[0] == expected


def test_every_word_ranks_above_some_words(index: SearchIndex) -> None:
    hits = index.search("replication lag").hits
    assert all(h.matched == 2 for h in hits[:3])
    matched = [h.matched for h in hits]
    assert matched == sorted(matched, reverse=True)


def test_a_phrase_ranks_above_scattered_words(index: SearchIndex) -> None:
    hits = [h for h in index.search("read replicas", limit=20).hits if h.matched == 2]
    flags = [h.phrase for h in hits]
    assert flags[0] and flags == sorted(flags, reverse=True)


def test_a_topic_named_in_the_question_ranks_first(index: SearchIndex) -> None:
    top = index.search("how does consistent hashing work").hits[0]
    assert top.topic.id == "consistent-hashing" and top.named


def test_synonyms_find_what_the_text_calls_otherwise(index: SearchIndex) -> None:
    assert ids(index, "thundering herd", 3)[0] in {"cache-aside", "refresh-ahead"}
    assert "replication" in ids(index, "primary and follower", 3)


def _mentioning(index: SearchIndex, word: str) -> set[str]:
    needle = f" {stem(word)} "
    return {d.topic_id for d in index.documents if any(needle in f for f in d.fields)}


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("sync", "synchronous"),  # the clipped form; "in sync" reads as "sync"
        ("async", "asynchronous"),
        ("spike", "burst"),
        ("surge", "bursty"),  # Snowball keeps "bursty" apart from "burst"
    ],
)
def test_a_synonym_finds_the_pages_that_only_use_the_other(
    index: SearchIndex, word: str, other: str
) -> None:
    found = set(ids(index, word, 60))
    assert found == set(ids(index, other, 60))
    only_other = _mentioning(index, other) - _mentioning(index, word)
    assert only_other and only_other <= found


def test_half_typed_words_find_their_whole(index: SearchIndex) -> None:
    assert "consistency-patterns" in ids(index, "consisten")
    assert ids(index, "hateo")[0] == "hateoas"


def test_a_whole_word_does_not_match_longer_words_by_prefix(index: SearchIndex) -> None:
    for hit in index.search("cap").hits:
        assert "capacity" not in hit.snippet.lower() or "cap" in hit.terms


def test_a_common_word_alone_never_makes_a_hit(index: SearchIndex) -> None:
    result = index.search("xylophone use")
    assert result.hits == () and result.unmatched == ("xylophone",)


def test_a_mostly_unknown_query_finds_nothing_but_names_the_rest(index: SearchIndex) -> None:
    result = index.search("zebraphone filter")
    assert result.hits == ()
    assert result.unmatched == ("zebraphone",)
    assert result.nearby and all("filter" in h.snippet.lower() for h in result.nearby)


def test_unknown_words_are_reported_beside_the_hits(index: SearchIndex) -> None:
    result = index.search("zebraphone replication lag")
    assert result.hits and result.unmatched == ("zebraphone",)


def test_misspelt_word_suggests_the_library_word(index: SearchIndex) -> None:
    result = index.search("replicaton")
    assert result.hits == () and "replication" in result.suggestions


def test_no_match_is_empty(index: SearchIndex) -> None:
    assert index.search("xylophone").hits == ()


def test_only_stop_words_are_searched_as_written(index: SearchIndex) -> None:
    assert ids(index, "what to")[0] == "what-to-cache"


def test_clear_winner_only_when_the_top_hit_stands_out(index: SearchIndex) -> None:
    winner = index.search("how does consistent hashing work").clear_winner()
    assert winner is not None and winner.topic.id == "consistent-hashing"
    assert index.search("data").clear_winner() is None


# Long input -------------------------------------------------------------------


def test_any_input_answers_within_a_second(index: SearchIndex) -> None:
    """Issue #11: 40,000 words once took 33 s; only the first words are read now."""
    queries = [
        "cache " + " ".join(f"zz{i}" for i in range(40_000)),
        " ".join(f"replicaton{i}" for i in range(40_000)),
        "x" * 1_000_000,
        "consistent hashing " * 20_000,
    ]
    for query in queries:
        start = time.perf_counter()
        result = index.search(query)
        assert time.perf_counter() - start < 1.0
        assert len(result.query.words) <= MAX_QUERY_WORDS


def test_the_words_left_out_are_counted(index: SearchIndex) -> None:
    query = index.search(" ".join(["cache"] * 30)).query
    assert query.dropped == 30 - MAX_QUERY_WORDS


# Snippets ---------------------------------------------------------------------


def test_snippet_holds_a_query_word_and_is_short(index: SearchIndex) -> None:
    hits = index.search("replication lag").hits
    assert all(len(hit.snippet) <= 200 for hit in hits)
    assert "lag" in hits[0].snippet.lower() and "lag" in hits[0].terms


def test_snippet_highlights_the_words_a_synonym_found(index: SearchIndex) -> None:
    hit = index.search("thundering herd").hits[0]
    assert any(term.startswith("stampede") for term in hit.terms)


def test_snippet_strips_markdown(index: SearchIndex) -> None:
    assert plain("**bold** and `code` and [link](http://x)") == "bold and code and link"
    assert all("**" not in hit.snippet for hit in index.search("cache aside").hits)


# The synonym table --------------------------------------------------------------


def test_shipped_lexicon_is_valid_and_each_entry_is_used() -> None:
    synonyms, verbs = checked_lexicon(library(), lexicon_file(), irregular_file())
    assert len(synonyms.groups) >= 20
    assert dict(verbs.verbs)["write"] == ("wrote", "written")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema: 1\ngroups:\n  - [LB]\n", "needs at least two names"),
        ("schema: 1\ngroups:\n  - [the, a]\n", "has only stop words"),
        (
            "schema: 1\ngroups:\n  - [LB, load balancer]\n  - [load balancers, LBs]\n",
            "also in group 1",
        ),
        ("schema: 1\ngroup:\n  - [LB, load balancer]\n", "is not a known field"),
        ("schema: 2\ngroups:\n  - [LB, load balancer]\n", "must be 1"),
    ],
)
def test_broken_synonym_table_is_reported_with_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_synonyms(path)
    assert any(message in p.message for p in raised.value.problems), raised.value.message
    assert all(p.line is not None and p.file == str(path) for p in raised.value.problems)


def test_a_group_no_topic_mentions_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text(
        "schema: 1\ngroups:\n  - [LB, load balancer]\n  - [flux capacitor, time circuit]\n"
    )
    with pytest.raises(ContentError) as raised:
        checked_lexicon(library(), path, irregular_file())
    (problem,) = raised.value.problems
    assert "flux capacitor" in problem.message and problem.line == 4


# The irregular verb table ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema: 1\nverbs:\n  write: [writes]\n", "already reads 'writes' as 'write'"),
        ("schema: 1\nverbs:\n  write: [wrote, written down]\n", "must be one lower-case word"),
        ("schema: 1\nverbs:\n  write: [Wrote]\n", "must be one lower-case word"),
        ("schema: 1\nverbs:\n  tell: [told]\n", "is a stop word"),
        ("schema: 1\nverbs:\n  write: []\n", "at least one entry"),
        ("schema: 1\nverbs:\n  lose: [lost]\n  lost: [lorn]\n", "is a verb of this table"),
        ("schema: 1\nverbs:\n  lose: [lost]\n  loose: [lost]\n", "already a form of 'lose'"),
        ("schema: 1\nverbs: {}\n", "at least one verb"),
        ("schema: 1\nverb:\n  write: [wrote]\n", "is not a known field"),
        ("schema: 2\nverbs:\n  write: [wrote]\n", "must be 1"),
    ],
)
def test_broken_irregular_table_is_reported_with_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "irregular.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_irregular(path)
    assert any(message in p.message for p in raised.value.problems), raised.value.message
    assert all(p.line is not None and p.file == str(path) for p in raised.value.problems)


def test_a_verb_no_topic_uses_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "irregular.yaml"
    path.write_text("schema: 1\nverbs:\n  write: [wrote]\n  swim: [swam, swum]\n")
    with pytest.raises(ContentError) as raised:
        checked_lexicon(library(), lexicon_file(), path)
    (problem,) = raised.value.problems
    assert "'swim'" in problem.message and problem.line == 4


def test_parsed_irregular_table_maps_each_form_to_its_verb() -> None:
    verbs, problems = parse_irregular({"schema": 1, "verbs": {"write": ["wrote", "written"]}})
    assert problems == [] and verbs is not None
    assert verbs.forms() == {"wrote": "write", "written": "write"}


def test_parsed_table_keeps_the_names_as_written() -> None:
    synonyms, problems = parse_synonyms({"schema": 1, "groups": [["LB", "load balancer"]]})
    assert problems == [] and synonyms == Synonyms((("LB", "load balancer"),))


def test_snippets_are_prose_never_code_and_keep_identifiers_whole(index: SearchIndex) -> None:
    """A fenced SQL example once came out as "sql -- normalized … p.authorid ORDER BY …"."""
    import re

    for query in ("sql", "join", "author_id", "select", "redis", "cache aside code"):
        for hit in index.search(query, 10).hits:
            bodies = "\n".join(section.body for section in hit.topic.sections)
            code = re.findall(r"```[^\n]*\n(.*?)```", bodies, re.S)
            code_lines = [line.strip() for block in code for line in block.splitlines()]
            for line in code_lines:
                if len(line) > 15:
                    assert line not in hit.snippet, (query, hit.topic.id, hit.snippet)
            assert "```" not in hit.snippet and not hit.snippet.startswith("sql "), hit.snippet
    assert ids(index, "author_id")[0] == "denormalization"  # the word, with its underscore
