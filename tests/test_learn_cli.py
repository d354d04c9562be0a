"""`primer learn`, `topics` and `search` as a script sees them: output, JSON, exit codes."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from primer_cli import __version__
from primer_cli.cli import app

ANSI = re.compile(r"\x1b\[")


@pytest.mark.parametrize(
    "query", ["cap", "CAP theorem", "cap-theorem", "Cap Theorem", "brewer's theorem", "CP vs AP"]
)
def test_learn_matches_id_title_and_alias(runner: CliRunner, query: str) -> None:
    result = runner.invoke(app, ["learn", query])
    assert result.exit_code == 0, result.output
    assert "CAP theorem" in result.stdout
    assert "Key points" in result.stdout and "Tradeoffs" in result.stdout


def test_learn_alias_with_other_punctuation(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "write back"])
    assert result.exit_code == 0
    assert "Write-behind" in result.stdout


def test_learn_unique_prefix_opens_the_topic(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "hateo"])
    assert result.exit_code == 0
    assert "HATEOAS" in result.stdout


def test_learn_unknown_topic_suggests_three_and_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "cpa"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "No topic matches 'cpa'" in result.stderr
    after = result.stderr.split("Did you mean:")[1]
    suggested = re.findall(r"^\W*  ([a-z0-9-]+)  +\w", after, re.MULTILINE)
    assert len(suggested) == 3 and "cap-theorem" in suggested
    assert result.stdout == ""


def test_learn_json_has_the_schema_fields(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "cap", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == "cap-theorem"
    assert set(data) == {
        "id", "title", "category", "order", "aliases", "summary", "sections",
        "key_points", "tradeoffs", "disadvantages", "related", "sources",
    }  # fmt: skip
    assert {"option", "pros", "cons", "when"} == set(data["tradeoffs"][0])
    assert data["sources"][0]["url"].startswith("http")


def test_learn_markdown_export(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "http", "--markdown"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# ")
    assert "## Key points" in text and "## Sources" in text
    assert re.search(r"^\| .*GET.* \|$", text, re.MULTILINE), "HTTP verbs table missing"
    assert "](http" in text
    assert not ANSI.search(text)


def test_learn_json_and_markdown_together_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn", "cap", "--json", "--markdown"])
    assert result.exit_code == 2
    assert "--markdown" in result.stderr


def test_learn_without_topic_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["learn"])
    assert result.exit_code == 2
    assert "TOPIC" in result.stderr


def test_piped_output_has_no_colour_codes(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = runner.invoke(app, ["learn", "cap"])
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)


def test_no_color_is_honoured_in_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from primer_cli.cli import learn as learn_module

    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich: behave as a colour terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    learn_module.console().print("[red]x[/]")
    assert ANSI.search(capsys.readouterr().out)
    monkeypatch.setenv("NO_COLOR", "1")
    learn_module.console().print("[red]x[/]")
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", capsys.readouterr().out)


def test_topics_tree_lists_every_category(runner: CliRunner) -> None:
    result = runner.invoke(app, ["topics"])
    assert result.exit_code == 0
    for category in ["Foundations", "Databases", "Caching", "Communication", "Reference numbers"]:
        assert category in result.stdout
    assert "cap-theorem" in result.stdout


def test_topics_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["topics", "--json"])
    data = json.loads(result.stdout)
    assert len(data) >= 50
    assert all(set(item) == {"id", "title", "category"} for item in data)
    assert data[0]["id"] == "performance-vs-scalability"


def test_search_ranks_the_obvious_topic_first(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "write", "back", "--json"])
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "write-behind"
    assert set(hits[0]) == {"id", "title", "score", "snippet"}


def test_search_shows_highlighted_snippets(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "consistent", "hashing"])
    assert result.exit_code == 0
    assert "primer learn consistent-hashing" in result.stdout.splitlines()[0]


def test_search_without_results_exits_1_with_a_hint(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "xylophone"])
    assert result.exit_code == 1
    assert "No topic mentions 'xylophone'" in result.stderr
    assert "primer topics" in result.stderr


def test_search_json_without_results_is_an_empty_list(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "xylophone", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_search_of_only_stopwords_still_searches(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "what", "to", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["id"] == "what-to-cache"


def test_search_without_any_word_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "?!"])
    assert result.exit_code == 2


def test_version_and_help(runner: CliRunner) -> None:
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"primer {__version__}"
    help_text = runner.invoke(app, ["--help"]).stdout
    for command in ["learn", "topics", "search", "check"]:
        assert re.search(rf"│ {command}\s+\S", help_text), command


def test_topic_completion(runner: CliRunner) -> None:
    from primer_cli.cli.learn import complete_topic

    assert "cache-aside" in complete_topic("cache-")
    assert all(name.startswith("write") for name in complete_topic("write"))


@pytest.mark.parametrize(
    ("typed", "opened"),
    [
        ("replicaton", "Replication"),
        ("leader elction", "Leader election and consensus"),
        ("consistncy patterns", "Consistency patterns"),
    ],
)
def test_a_name_with_a_typo_opens_its_topic_and_says_so(
    runner: CliRunner, typed: str, opened: str
) -> None:
    result = runner.invoke(app, ["learn", typed, "--no-pager"])
    assert result.exit_code == 0, result.output
    assert f"No topic is called '{typed}'; showing {opened}, the closest name." in result.stderr
    assert opened in result.stdout


@pytest.mark.parametrize("typed", ["cpa", "leadr"])
def test_a_name_too_short_or_too_far_to_tell_still_gets_did_you_mean(
    runner: CliRunner, typed: str
) -> None:
    result = runner.invoke(app, ["learn", typed, "--no-pager"])
    assert result.exit_code == 2
    assert "Did you mean" in result.output


def test_topics_of_one_category_in_any_case_or_by_a_unique_start(runner: CliRunner) -> None:
    every = json.loads(runner.invoke(app, ["topics", "--json"]).stdout)
    caching = [t for t in every if t["category"] == "Caching"]
    for spelling in ("Caching", "caching", "cach"):
        result = runner.invoke(app, ["topics", "--category", spelling, "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == caching
    tree = runner.invoke(app, ["topics", "-c", "caching", "--no-pager"]).stdout
    assert f"{len(caching)} topics" in tree and "Databases" not in tree


def test_topics_of_an_unknown_category_is_a_usage_error_naming_the_nearest(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["topics", "--category", "databses"])
    assert result.exit_code == 2
    assert "Did you mean: Databases?" in " ".join(result.output.replace("│", " ").split())
