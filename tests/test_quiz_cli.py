"""`primer quiz`, `review`, `progress` and `next` as scripts use them: plain lines in, JSON out."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.quiz import migrations


def run(runner: CliRunner, *args: str, input: str | None = None) -> Any:  # noqa: A002 (CliRunner's name)
    return runner.invoke(app, list(args), input=input)


def quiz_json(runner: CliRunner, *args: str, input: str = "") -> dict[str, Any]:  # noqa: A002
    result = run(runner, "quiz", *args, "--json", input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flat(text: str) -> str:
    """Output with Rich's box drawing removed and whitespace folded, for matching messages."""
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def answers_in_store(home: Path) -> int:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    finally:
        db.close()


def make_due(home: Path) -> None:
    """Pretend time has passed: every card is due now."""
    db = sqlite3.connect(home / "progress.sqlite3")
    db.execute("UPDATE cards SET due = 0")
    db.commit()
    db.close()


def test_json_answers_are_graded_and_saved(runner: CliRunner, isolated_home: Path) -> None:
    data = quiz_json(runner, "cap", "--seed", "4", "-n", "3", input="a\nb\nc\n")
    assert set(data) >= {"score", "total", "answers"}
    assert data["total"] == 3 and len(data["answers"]) == 3
    for item in data["answers"]:
        assert set(item) >= {"question_id", "topic", "given", "correct", "expected"}
        assert item["topic"] == "cap-theorem"
    assert data["score"] == sum(a["correct"] for a in data["answers"])
    assert answers_in_store(isolated_home) == 3


def test_the_expected_answers_score_full_marks(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = quiz_json(runner, "cap", "--seed", "9", "-n", "5", input="z\n" * 5)
    assert first["score"] == 0
    monkeypatch.setenv("PRIMER_HOME", str(tmp_path / "fresh"))  # same seed, same empty store
    right = "".join(a["expected"] + "\n" for a in first["answers"])
    second = quiz_json(runner, "cap", "--seed", "9", "-n", "5", input=right)
    assert [a["question_id"] for a in second["answers"]] == [
        a["question_id"] for a in first["answers"]
    ]
    assert second["score"] == 5


def test_an_unreadable_answer_is_wrong_reported_and_not_asked_again(runner: CliRunner) -> None:
    result = run(runner, "quiz", "cap", "--seed", "4", "-n", "2", input="what?\na\n")
    assert result.exit_code == 0
    assert "Could not read your answer: 'what?'" in result.output
    assert result.output.count("Question 1 of 2") == 1
    assert "Question 2 of 2" in result.output


def test_end_of_input_stops_and_reports(runner: CliRunner) -> None:
    data = quiz_json(runner, "--seed", "2", "-n", "6", input="a\nb\n")
    assert data["total"] == 2 and data["planned"] == 6


def test_asking_for_more_questions_than_there_are_says_so(runner: CliRunner) -> None:
    result = run(runner, "quiz", "cap", "-n", "50", "--json", input="")
    assert result.exit_code == 0
    planned = json.loads(result.stdout)["planned"]
    assert 5 <= planned < 50
    assert f"Only {planned} questions match; asking all of them." in result.stderr


def test_answers_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("a\nb\n")
    data = quiz_json(runner, "cap", "--seed", "1", "-n", "3", "--answers", str(answers))
    assert data["total"] == 2


def test_an_answers_file_with_a_byte_order_mark_reads_its_first_answer(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_text("a\nb\n", encoding="utf-8")
    marked.write_text("a\nb\n", encoding="utf-8-sig")  # as Notepad saves it
    runs = []
    for path in (plain, marked):
        monkeypatch.setenv("PRIMER_HOME", str(tmp_path / path.stem))  # the same empty store
        answers = quiz_json(runner, "cap", "--seed", "1", "-n", "2", "--answers", str(path))
        runs.append([(a["question_id"], a["given"], a["problem"]) for a in answers["answers"]])
    assert runs[0] == runs[1]


def test_a_missing_answers_file_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "quiz", "--answers", "/no/such/file")
    assert result.exit_code == 2 and "cannot read answers from '/no/such/file'" in result.output


def test_closed_stdin_never_waits(tmp_path: Path) -> None:
    env = {**os.environ, "PRIMER_HOME": str(tmp_path), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "primer_cli", "quiz", "cap", "--seed", "1", "--json"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 0
    closed = subprocess.run(
        f"{sys.executable} -m primer_cli quiz cap --seed 1 --json <&-",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert closed.returncode == 0, closed.stderr
    assert "Traceback" not in closed.stderr


def test_list_shows_ids_topics_and_kinds_without_answers_or_a_store(
    runner: CliRunner, isolated_home: Path
) -> None:
    result = run(runner, "quiz", "--list", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {"id", "topic", "kind"} <= set(rows[0])
    assert not any("answer" in key or "options" in key for key in rows[0])
    assert any(row["generated"] for row in rows) and any(not row["generated"] for row in rows)
    assert not (isolated_home / "progress.sqlite3").exists()


def test_filters_by_kind_and_category(runner: CliRunner) -> None:
    rows = json.loads(run(runner, "quiz", "--list", "--json", "--kind", "ordering").stdout)
    assert rows and {row["kind"] for row in rows} == {"ordering"}
    rows = json.loads(run(runner, "quiz", "--list", "--json", "--category", "databases").stdout)
    assert (
        rows
        and "database" in {row["topic"] for row in rows}
        and "dns" not in {row["topic"] for row in rows}
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quiz", "cpa"], "Did you mean"),
        (["quiz", "--kind", "ordr"], "did you mean 'ordering'"),
        (["quiz", "--category", "databse"], "Did you mean: Databases"),
        (["quiz", "--count", "0"], "--count"),
        (["progress", "--yes"], "--yes only confirms --reset"),
    ],
)
def test_usage_mistakes_exit_2_with_a_hint(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert message in flat(result.output)
    assert "Traceback" not in result.output


def test_review_with_nothing_due(runner: CliRunner) -> None:
    result = run(runner, "review")
    assert result.exit_code == 0 and "Nothing to review yet" in result.output
    quiz_json(runner, "cap", "--seed", "1", "-n", "1", input="a\n")
    result = run(runner, "review")
    assert result.exit_code == 0 and "Nothing is due. The next card is due in" in result.output
    data = json.loads(run(runner, "review", "--json").stdout)
    assert data["total"] == 0 and data["next_due"]


def test_review_asks_due_cards_most_overdue_first(runner: CliRunner, isolated_home: Path) -> None:
    quiz_json(runner, "dns", "--seed", "3", "-n", "4", input="a\na\na\na\n")
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    cards = [row[0] for row in db.execute("SELECT card_id FROM cards ORDER BY card_id")]
    for offset, card in enumerate(cards):
        db.execute("UPDATE cards SET due = ? WHERE card_id = ?", (1000 - offset, card))
    db.commit()
    db.close()
    data = json.loads(run(runner, "review", "--json", input="a\n" * 4).stdout)
    assert [a["question_id"] for a in data["answers"]] == list(reversed(cards))
    assert answers_in_store(isolated_home) == 8


def test_progress_json_and_next(runner: CliRunner) -> None:
    data = json.loads(run(runner, "progress", "--json").stdout)
    assert {"database", "answered", "correct", "due", "topics"} <= set(data)
    assert data["answered"] == 0
    assert (
        json.loads(run(runner, "next", "--json").stdout)["command"]
        == "primer learn performance-vs-scalability"
    )
    quiz_json(runner, "cap", "--seed", "4", "-n", "2", input="a\nb\n")
    assert run(runner, "learn", "performance-vs-scalability", "--no-pager").exit_code == 0
    data = json.loads(run(runner, "progress", "--json").stdout)
    assert data["answered"] == 2
    cap = next(t for t in data["topics"] if t["id"] == "cap-theorem")
    assert cap["answered"] == 2 and 0 <= cap["correct"] <= 2 and cap["mastery"] >= 0
    assert {"id", "read", "answered", "correct", "mastery"} <= set(cap)
    pvs = next(t for t in data["topics"] if t["id"] == "performance-vs-scalability")
    assert pvs["read"] is True
    assert (
        json.loads(run(runner, "next", "--json").stdout)["command"]
        == "primer learn latency-vs-throughput"
    )


def test_next_puts_due_reviews_first(runner: CliRunner, isolated_home: Path) -> None:
    quiz_json(runner, "cap", "--seed", "4", "-n", "2", input="z\nz\n")
    make_due(isolated_home)
    suggestion = json.loads(run(runner, "next", "--json").stdout)
    assert suggestion == {"reason": "2 reviews due now", "command": "primer review"}


def test_progress_reset_needs_confirmation_and_keeps_a_backup(
    runner: CliRunner, isolated_home: Path
) -> None:
    quiz_json(runner, "cap", "--seed", "4", "-n", "2", input="a\nb\n")
    refused = run(runner, "progress", "--reset")
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert answers_in_store(isolated_home) == 2
    done = run(runner, "progress", "--reset", "--yes")
    assert done.exit_code == 0 and "saved as" in done.output
    (backup,) = isolated_home.glob("progress.sqlite3.backup-*")
    assert sqlite3.connect(backup).execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 2
    assert answers_in_store(isolated_home) == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_corrupt_store_is_reported_and_moved_aside(
    runner: CliRunner, isolated_home: Path
) -> None:
    store = isolated_home / "progress.sqlite3"
    store.write_bytes(b"\x00garbage" * 500)
    before = digest(store)
    result = run(runner, "progress", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["answered"] == 0
    (moved,) = isolated_home.glob("progress.sqlite3.corrupt-*")
    assert digest(moved) == before
    assert str(store) in result.stderr and str(moved) in result.stderr


def test_a_newer_store_is_refused_and_left_alone(runner: CliRunner, isolated_home: Path) -> None:
    quiz_json(runner, "cap", "--seed", "4", "-n", "1", input="a\n")
    store = isolated_home / "progress.sqlite3"
    db = sqlite3.connect(store)
    db.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = digest(store)
    for args in (["progress"], ["quiz", "cap"], ["review"], ["next"]):
        result = run(runner, *args)
        assert result.exit_code == 1, args
        assert "newer primer" in result.stderr and "Traceback" not in result.output
    assert digest(store) == before
    assert run(runner, "learn", "cap", "--no-pager").exit_code == 0  # reading never needs the store


def test_learn_never_opens_the_store(runner: CliRunner, isolated_home: Path) -> None:
    store = isolated_home / "progress.sqlite3"
    store.write_bytes(b"not a database")
    assert run(runner, "learn", "dns", "--no-pager").exit_code == 0
    assert store.read_bytes() == b"not a database"
    assert "\tdns\n" in (isolated_home / "reads.log").read_text()
    probe = (
        "import sys; from primer_cli.cli import app\n"
        "try: app(['learn', 'cap', '--no-pager'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('sqlite3', 'fsrs', 'questionary') if m in sys.modules))"
    )
    env = {**os.environ, "PRIMER_HOME": str(isolated_home)}
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"


def test_sigkill_mid_quiz_keeps_every_recorded_answer(tmp_path: Path) -> None:
    env = {**os.environ, "PRIMER_HOME": str(tmp_path), "NO_COLOR": "1", "COLUMNS": "100"}
    quiz = subprocess.Popen(
        [sys.executable, "-m", "primer_cli", "quiz", "--seed", "5", "-n", "8"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert quiz.stdin is not None and quiz.stdout is not None
    given = 0
    try:
        for _ in range(4):  # wait for each prompt, then answer three of them
            line = b""
            while b"Answer with" not in line:
                line = quiz.stdout.readline()
                assert line, "primer quiz ended early"
            if given == 3:
                break
            quiz.stdin.write(b"a\n")
            quiz.stdin.flush()
            given += 1
        os.kill(quiz.pid, signal.SIGKILL)
    finally:
        quiz.wait(timeout=30)
    assert quiz.returncode == -signal.SIGKILL
    assert answers_in_store(tmp_path) == 3


def test_quiz_start_up_does_not_import_fsrs_before_the_first_question(tmp_path: Path) -> None:
    probe = (
        "import sys, io\n"
        "from primer_cli.cli import app\n"
        "sys.stdin = io.StringIO('')\n"
        "try: app(['quiz', 'cap', '--seed', '1'])\n"
        "except SystemExit: pass\n"
        "print('fsrs' in sys.modules)"
    )
    env = {**os.environ, "PRIMER_HOME": str(tmp_path)}
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "False"


def test_mastery_follows_the_answers_on_the_same_day(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = quiz_json(runner, "dns", "--seed", "2", "-n", "5", input="zz\n" * 5)
    assert wrong["score"] == 0
    dns = next(
        t
        for t in json.loads(run(runner, "progress", "--json").stdout)["topics"]
        if t["id"] == "dns"
    )
    assert dns["mastery"] == 0  # answered, but all wrong: not known
    monkeypatch.setenv("PRIMER_HOME", str(tmp_path / "right"))
    right = "".join(a["expected"] + "\n" for a in wrong["answers"])
    assert quiz_json(runner, "dns", "--seed", "2", "-n", "5", input=right)["score"] == 5
    data = json.loads(run(runner, "progress", "--json").stdout)
    dns = next(t for t in data["topics"] if t["id"] == "dns")
    assert 0.3 < dns["mastery"] <= 5 / dns["cards"] + 1e-9  # five of its cards known, just now
    assert data["weakest"][0] == "dns"
