"""A broken content file is reported by file, field and line, never as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.topics.loader import ContentError, load_library, load_topic_file
from primer_cli.topics.schema import parse_topic
from tests.conftest import CONTENT

GOOD = (CONTENT / "cap-theorem.yaml").read_text(encoding="utf-8")


def write_tree(tmp_path: Path, cap_text: str = GOOD, extra: dict[str, str] | None = None) -> Path:
    """A small content tree: cap-theorem plus minimal topics for its related ids."""
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "cap-theorem.yaml").write_text(cap_text, encoding="utf-8")
    for order, topic_id in enumerate(
        ["consistency-patterns", "availability-patterns", "replication", "nosql", "quorum"], 1
    ):
        (directory / f"{topic_id}.yaml").write_text(minimal(topic_id, order), encoding="utf-8")
    for name, text in (extra or {}).items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def minimal(topic_id: str, order: int, **fields: str) -> str:
    values = {
        "title": topic_id.replace("-", " ").title(),
        "aliases": "[]",
        "related": "[]",
        **fields,
    }
    return f"""schema: 1
id: {topic_id}
title: {values["title"]}
category: Foundations
order: {order}
aliases: {values["aliases"]}
summary: A short summary.
sections:
  - heading: Body
    body: Some text.
key_points: [One point.]
tradeoffs: []
disadvantages: []
related: {values["related"]}
sources:
  - title: Somewhere
    url: https://example.com/
"""


def test_a_misspelt_category_is_an_error_with_the_nearest(tmp_path: Path) -> None:
    messages = problems_of(
        tmp_path,
        GOOD.replace(
            "category: Availability and consistency", "category: Availability and consistancy"
        ),
    )
    assert any("did you mean 'Availability and consistency'" in m for m in messages), messages


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "cap-theorem.yaml"
    path.write_text(text, encoding="utf-8")
    return [p.describe() for p in load_topic_file(path)[1]]


def test_valid_file_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path, GOOD) == []


def test_missing_field_names_file_field_and_parent_line(tmp_path: Path) -> None:
    text = GOOD.replace("summary: >", "summery: >")
    found = problems_of(tmp_path, text)
    assert any("field 'summary' is required but missing" in p for p in found), found
    line = GOOD.splitlines().index("summary: >") + 1
    assert any(
        f"cap-theorem.yaml:{line}: field 'summery' is not a known field" in p for p in found
    ), found


def test_wrong_type_points_at_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("order: 80", "order: eighty")
    line = GOOD.splitlines().index("order: 80") + 1
    assert problems_of(tmp_path, text) == [
        f"{tmp_path / 'cap-theorem.yaml'}:{line}: field 'order' must be a whole number from 1 up, not 'eighty'"
    ]


def test_nested_field_problem_has_its_own_line(tmp_path: Path) -> None:
    lines = GOOD.splitlines()
    index = next(
        i for i, line in enumerate(lines) if "url: https://github.com/henryr/cap-faq" in line
    )
    lines[index] = "    url: not-a-url"
    found = problems_of(tmp_path, "\n".join(lines))
    assert found == [
        f"{tmp_path / 'cap-theorem.yaml'}:{index + 1}: field 'sources[2].url' 'not-a-url' must be an http(s) address"
    ]


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("title: CAP theorem", "title: [CAP theorem")
    (found,) = problems_of(tmp_path, text)
    assert "is not valid YAML" in found and "cap-theorem.yaml:" in found


def test_id_must_match_file_name(tmp_path: Path) -> None:
    found = problems_of(tmp_path, GOOD.replace("id: cap-theorem", "id: cap"))
    assert any("'cap' must match the file name 'cap-theorem'" in p for p in found)


def test_all_problems_are_collected_at_once() -> None:
    topic, problems = parse_topic({"schema": 2, "id": "Bad Id", "sections": "text", "extra": 1})
    paths = {p.path for p in problems}
    assert topic is None
    assert {"schema", "id", "sections", "extra", "title", "summary", "sources"} <= paths


def test_table_rows_must_match_columns() -> None:
    _, problems = parse_topic(
        {
            "sections": [
                {"heading": "T", "table": {"columns": ["a", "b"], "rows": [["1", "2"], ["3"]]}}
            ]
        }
    )
    assert any(
        p.path == "sections[0].table.rows[1]" and "has 1 cells" in p.message for p in problems
    )


def test_unknown_related_topic_suggests_the_nearest(tmp_path: Path) -> None:
    broken = GOOD.replace("  - replication\n", "  - replicaton\n", 1)
    with pytest.raises(ContentError) as raised:
        load_library(write_tree(tmp_path, broken))
    (problem,) = raised.value.problems
    assert problem.path == "related[2]" and "did you mean 'replication'" in problem.message
    assert problem.line == broken.splitlines().index("  - replicaton") + 1


def test_duplicate_alias_and_order_across_files(tmp_path: Path) -> None:
    clash = minimal("clash", 80, aliases="[CAP]")
    with pytest.raises(ContentError) as raised:
        load_library(write_tree(tmp_path, extra={"clash.yaml": clash}))
    messages = [p.message for p in raised.value.problems]
    assert any("80 is already used by 'cap-theorem'" in m for m in messages), messages
    assert any("'CAP' is also a name of 'cap-theorem'" in m for m in messages), messages


def test_cli_reports_broken_content_without_traceback(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = write_tree(tmp_path, GOOD.replace("key_points:", "key_pointz:"))
    monkeypatch.setenv("PRIMER_CONTENT", str(directory))
    result = runner.invoke(app, ["learn", "cap"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cap-theorem.yaml:" in result.stderr
    assert "field 'key_points' is required but missing" in result.stderr
    assert "field 'key_pointz' is not a known field" in result.stderr


def test_check_command_passes_on_shipped_content(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "all valid" in result.stdout


def test_check_command_fails_on_broken_tree(tmp_path: Path, runner: CliRunner) -> None:
    directory = write_tree(tmp_path, GOOD.replace("order: 80", "order: -1"))
    result = runner.invoke(app, ["check", str(directory)])
    assert result.exit_code == 1
    assert "field 'order' must be a whole number from 1 up" in result.stderr
