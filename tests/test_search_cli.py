"""`primer search` and `primer learn WORDS` as a learner and a script see them."""

from __future__ import annotations

import io
import json
import time

import pytest
from rich.console import Console
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.topics.query import MAX_QUERY_WORDS


def test_json_without_results_is_an_empty_list_and_a_hint_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "xylophone", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "No topic mentions 'xylophone'" in result.stderr
    assert "primer topics" in result.stderr


def test_json_stays_pure_when_some_words_match_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "zebraphone", "replication", "lag", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "replication"
    assert "No topic mentions 'zebraphone'" in result.stderr


def test_results_say_which_words_matched_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "zebraphone", "replication", "lag"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "No topic mentions 'zebraphone'" in lines[0]
    assert any("primer learn replication" in line for line in lines[:4])


def test_nothing_relevant_names_the_unknown_word_and_the_nearest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "replicaton"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No topic mentions 'replicaton'" in result.stderr
    assert "Did you mean 'replication'" in result.stderr


def test_a_common_word_beside_an_unknown_one_finds_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "what", "is", "zookeeperish", "used", "for"])
    assert result.exit_code == 1
    assert "No topic mentions 'zookeeperish'" in result.stderr


def test_long_input_answers_in_under_a_second(runner: CliRunner) -> None:
    """Issue #11: `primer search cache zz0 ... zz39999` took 33 s."""
    words = ["cache", *(f"zz{i}" for i in range(40_000))]
    runner.invoke(app, ["search", "cache"])  # load the index once, as any first run does
    start = time.perf_counter()
    result = runner.invoke(app, ["search", *words])
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert result.exit_code == 1
    assert "and 39,997 more words" not in result.stderr  # only the words read are reported
    assert len(result.stderr) < 600


def test_words_beyond_the_limit_are_reported(runner: CliRunner) -> None:
    words = ["replication", "lag", *(["replication"] * MAX_QUERY_WORDS)]
    result = runner.invoke(app, ["search", *words])
    assert result.exit_code == 0
    assert f"Only the first {MAX_QUERY_WORDS} words were searched (2 words left out)" in (
        result.stdout.replace("\n", " ")
    )


# Paging ---------------------------------------------------------------------------


@pytest.fixture
def small_terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A 12-line colour terminal, and a pager that records what it was given."""
    from primer_cli.cli import learn as learn_module

    paged: list[str] = []

    def terminal(*, stderr: bool = False) -> Console:
        return Console(file=io.StringIO(), force_terminal=True, width=80, height=12)

    monkeypatch.setattr(learn_module, "console", terminal)
    monkeypatch.setattr("primer_cli.cli._pager.page", paged.append)
    return paged


def test_long_results_are_paged_with_the_best_first(
    runner: CliRunner, small_terminal: list[str]
) -> None:
    result = runner.invoke(app, ["search", "replication"])
    assert result.exit_code == 0
    (text,) = small_terminal
    first = next(line for line in text.splitlines() if line.strip())
    assert "1." in first and "primer learn replication" in first


def test_no_pager_prints_straight_through(runner: CliRunner, small_terminal: list[str]) -> None:
    result = runner.invoke(app, ["search", "replication", "--no-pager"])
    assert result.exit_code == 0
    assert small_terminal == []


def test_short_results_are_not_paged(runner: CliRunner, small_terminal: list[str]) -> None:
    result = runner.invoke(app, ["search", "hinted", "handoff", "-n", "1"])
    assert result.exit_code == 0
    assert small_terminal == []


# learn WORDS ------------------------------------------------------------------------


def test_learn_falls_back_to_the_clear_best_hit(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "how", "does", "consistent", "hashing", "work"])
    assert result.exit_code == 0, result.output
    assert "Consistent hashing" in result.stdout.splitlines()[0]
    assert "No topic is called 'how does consistent hashing work'" in result.stderr
    assert "best match" in result.stderr


def test_learn_fallback_works_for_json_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "what", "is", "quorum", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "quorum"


def test_learn_lists_the_hits_when_none_is_clearly_best(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "queue"])
    assert result.exit_code == 1
    assert "No topic is called 'queue'. These mention it:" in result.stdout
    assert "primer learn message-queues" in result.stdout
    assert "primer learn task-queues" in result.stdout
    assert "primer learn ID" in result.stderr


def test_learn_without_any_relevant_hit_still_suggests_names(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "kafak", "--json"])
    assert result.exit_code == 2
    assert "No topic matches 'kafak'" in result.stderr
    assert result.stdout == ""


def test_check_validates_the_synonym_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "synonym groups in" in result.stdout and "lexicon" in result.stdout
    assert "irregular verbs in" in result.stdout
