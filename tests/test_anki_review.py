"""Flashcards in `primer review`, `primer decks`, and the store underneath them."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.quiz import flashcards, migrations
from primer_cli.quiz.flashcards import Flashcard
from primer_cli.quiz.store import open_store
from tests import ankidecks

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
T0 = 1_790_000_000.0


def imported(runner: CliRunner, tmp_path: Path, decks: dict[str, Any]) -> None:
    package = ankidecks.write(tmp_path / "deck.apkg", decks)
    result = runner.invoke(app, ["import", "anki", str(package)])
    assert result.exit_code == 0, result.output


def review_json(runner: CliRunner, *args: str, input: str) -> dict[str, Any]:  # noqa: A002
    result = runner.invoke(app, ["review", *args, "--json"], input=input)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def flat(text: str) -> str:
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


# Review, the plain twin ------------------------------------------------------------


def test_review_deck_reads_ratings_and_reports_front_and_back(
    runner: CliRunner, tmp_path: Path
) -> None:
    imported(
        runner,
        tmp_path,
        {
            "Design::Caching": ankidecks.numbered(3),
            "Design::Queues": ankidecks.numbered(1, prefix="Z"),
        },
    )
    data = review_json(runner, "--deck", "caching", input="1\neasy\nwhat\n")
    assert (data["total"], data["planned"], data["score"]) == (3, 3, 1)
    assert [a["rating"] for a in data["answers"]] == ["again", "easy", "again"]
    first = data["answers"][0]
    assert first["kind"] == "flashcard" and first["deck"] == "Design::Caching"
    assert first["front"] == "**Q 0**: what is 0 squared?" and first["back"] == "*0*"
    assert first["next_due"] < data["answers"][1]["next_due"]  # Again comes back before Easy


def test_plain_review_shows_both_sides_and_the_rating(runner: CliRunner, tmp_path: Path) -> None:
    imported(
        runner,
        tmp_path,
        {"Deck": [ankidecks.note("What is <b>sharding</b>?", "<ul><li>split rows</li></ul>", "g")]},
    )
    result = runner.invoke(app, ["review", "--deck", "deck"], input="3\n")
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "Card 1 of 1 · Deck · flashcard" in text
    assert "What is sharding?" in text and "• split rows" in text
    assert "Good · next review in 10 min" in text and "Flashcards 1" in text


def test_end_of_input_stops_and_the_rest_stays_due(runner: CliRunner, tmp_path: Path) -> None:
    imported(runner, tmp_path, {"Deck": ankidecks.numbered(3)})
    assert review_json(runner, "--deck", "Deck", input="3\n")["total"] == 1
    assert review_json(runner, "--deck", "Deck", input="")["planned"] == 2


def test_plain_review_without_a_deck_asks_questions_then_flashcards(
    runner: CliRunner, tmp_path: Path, isolated_home: Path
) -> None:
    imported(runner, tmp_path, {"Deck": ankidecks.numbered(1)})
    quiz = runner.invoke(app, ["quiz", "cap", "-n", "1", "--seed", "3", "--json"], input="zz\n")
    assert quiz.exit_code == 0
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    db.execute("UPDATE cards SET due = 0")
    db.commit()
    db.close()
    data = review_json(runner, input="a\n3\n")
    assert [a["kind"] == "flashcard" for a in data["answers"]] == [False, True]


def test_nothing_due_in_a_deck_says_when(runner: CliRunner, tmp_path: Path) -> None:
    imported(runner, tmp_path, {"Deck": ankidecks.numbered(1)})
    review_json(runner, "--deck", "Deck", input="4\n")
    result = runner.invoke(app, ["review", "--deck", "Deck"])
    assert result.exit_code == 0 and "Nothing is due in Deck. The next card is due in" in flat(
        result.output
    )


def test_an_unknown_deck_suggests_the_nearest(runner: CliRunner, tmp_path: Path) -> None:
    nothing = runner.invoke(app, ["review", "--deck", "Deck"])
    assert nothing.exit_code == 2 and "no decks have been imported yet" in flat(nothing.output)
    imported(runner, tmp_path, {"Networking": ankidecks.numbered(1)})
    result = runner.invoke(app, ["review", "--deck", "Netwroking"])
    assert result.exit_code == 2 and "Did you mean: Networking?" in flat(result.output)


# Decks ---------------------------------------------------------------------------------


def test_decks_lists_cards_and_due_then_remove_asks_first(
    runner: CliRunner, tmp_path: Path, isolated_home: Path
) -> None:
    imported(
        runner,
        tmp_path,
        {"Top::A": ankidecks.numbered(2), "Top::B": [ankidecks.note("b", "c", "b-1")]},
    )
    review_json(runner, "--deck", "Top::A", input="4\n")
    listed = json.loads(runner.invoke(app, ["decks", "--json"]).stdout)
    assert listed == [
        {"name": "Top::A", "cards": 2, "due": 1},
        {"name": "Top::B", "cards": 1, "due": 1},
    ]

    unconfirmed = runner.invoke(app, ["decks", "remove", "Top::A"])
    assert unconfirmed.exit_code == 2 and "--yes" in flat(unconfirmed.output)
    removed = runner.invoke(app, ["decks", "remove", "top::a", "--yes"])
    assert removed.exit_code == 0, removed.output
    assert "Removed 1 deck (Top::A) with 2 cards" in flat(removed.output)
    assert [d["name"] for d in json.loads(runner.invoke(app, ["decks", "--json"]).stdout)] == [
        "Top::B"
    ]
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    assert (
        db.execute("SELECT COUNT(*) FROM cards WHERE card_id LIKE 'anki:guid-%'").fetchone()[0] == 0
    )
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1  # history is kept
    db.close()
    assert list(isolated_home.glob("progress.sqlite3.before-remove-*"))


def test_a_parent_deck_takes_its_subdecks(runner: CliRunner, tmp_path: Path) -> None:
    imported(
        runner,
        tmp_path,
        {"Top::A": ankidecks.numbered(2), "Top::B": [ankidecks.note("b", "c", "b-1")]},
    )
    assert review_json(runner, "--deck", "top", input="")["planned"] == 3
    removed = runner.invoke(app, ["decks", "remove", "Top", "--yes"])
    assert "Removed 2 decks" in flat(removed.output)
    assert json.loads(runner.invoke(app, ["decks", "--json"]).stdout) == []


def test_decks_without_any(runner: CliRunner) -> None:
    result = runner.invoke(app, ["decks"])
    assert result.exit_code == 0 and "primer import anki FILE.apkg" in result.output


# The store -----------------------------------------------------------------------------


def card(n: int, deck: str = "D", front: str = "f") -> Flashcard:
    return Flashcard(f"anki:{n}", deck, f"{front}{n}", f"b{n}")


def test_save_counts_and_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        saved = flashcards.save(store, [card(1), card(2)], now=T0)
        assert (saved.added, saved.updated, saved.unchanged) == (2, 0, 0)
        saved = flashcards.save(store, [card(1), card(2, front="g"), card(3)], now=T0 + 1)
        assert (saved.added, saved.updated, saved.unchanged) == (1, 1, 1)

        real = flashcards._upsert
        calls = []

        def failing(db: sqlite3.Connection, item: Flashcard, now: float) -> None:
            calls.append(item)
            if len(calls) == 2:
                raise KeyboardInterrupt
            real(db, item, now)

        monkeypatch.setattr(flashcards, "_upsert", failing)
        with pytest.raises(KeyboardInterrupt):
            flashcards.save(store, [card(7), card(8)], now=T0 + 2)
        assert flashcards.ids_in(store) == {"anki:1", "anki:2", "anki:3"}
        assert store.db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 3


def test_deck_names_resolve_by_full_name_last_level_or_prefix(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        flashcards.save(
            store,
            [
                card(1, "primer::Databases"),
                card(2, "primer::Caching"),
                card(3, "Other::Caching::Redis"),
            ],
            now=T0,
        )
        assert flashcards.resolve(store, "PRIMER::databases", param="--deck") == [
            "primer::Databases"
        ]
        assert flashcards.resolve(store, "databases", param="--deck") == ["primer::Databases"]
        assert flashcards.resolve(store, "prim", param="--deck") == [
            "primer::Caching",
            "primer::Databases",
        ]
        assert flashcards.resolve(store, "redis", param="--deck") == ["Other::Caching::Redis"]
        with pytest.raises(Exception, match="there is no deck 'caching'"):
            flashcards.resolve(store, "caching", param="--deck")  # two decks are called Caching


def test_reset_keeps_flashcards_and_makes_them_new(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        flashcards.save(store, [card(1)], now=T0)
        store.db.execute("UPDATE cards SET due = ?, reps = 5", (T0 + 10**6,))
        store.reset(tmp_path / "reads.log")
        assert flashcards.ids_in(store) == {"anki:1"}
        state = store.card_state("anki:1")
        assert state is not None and state.due <= time.time() and state.last_review is None
        assert store.due(time.time()) == ["anki:1"]


def test_fixture_v2_holds_a_reviewed_flashcard(tmp_path: Path) -> None:
    copy = tmp_path / "v2.sqlite3"
    shutil.copy(FIXTURES / "v2.sqlite3", copy)
    with open_store(copy) as store:
        assert migrations.version_of(store.db) == migrations.LATEST
        assert flashcards.load(store, ["anki:fixture-guid"]) == [
            Flashcard("anki:fixture-guid", "Imported::Basics", "Front", "Back")
        ]
        assert (
            store.db.execute(
                "SELECT reps FROM cards WHERE card_id = 'anki:fixture-guid'"
            ).fetchone()[0]
            == 1
        )


# In a real terminal ------------------------------------------------------------------------


def due_dates(home: Path) -> dict[str, float]:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        return {row[0]: row[1] for row in db.execute("SELECT card_id, due FROM cards")}
    finally:
        db.close()


@pytest.mark.pty
def test_two_cards_are_revealed_and_rated_with_single_keys(tmp_path: Path) -> None:
    home = tmp_path / "home"
    package = ankidecks.write(
        tmp_path / "deck.apkg",
        {
            "Terminal": [
                ankidecks.note("First front", "First back", "t-1"),
                ankidecks.note("Second front", "Second back", "t-2"),
            ]
        },
    )
    environment = {
        **os.environ,
        "PRIMER_HOME": str(home),
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "40",
    }
    environment.pop("NO_COLOR", None)
    subprocess.run(
        [sys.executable, "-m", "primer_cli", "import", "anki", str(package)],
        env=environment, check=True, capture_output=True,
    )  # fmt: skip
    before = due_dates(home)
    child = pexpect.spawn(
        sys.executable, ["-m", "primer_cli", "review", "--deck", "terminal"],
        env=environment, encoding="utf-8", dimensions=(40, 100), timeout=30,
    )  # fmt: skip
    child.expect("First front")
    child.expect("Enter or Space shows the answer")
    assert "First back" not in child.before
    child.send(" ")
    child.expect("First back")
    child.expect("Easy")  # the last of the four ratings, each with when the card would return
    child.send("3")  # Good, without Enter
    child.expect("next review in 10 min")
    child.expect("Second front")
    child.expect("Enter or Space")
    child.send("\r")
    child.expect("Second back")
    child.expect("Easy")
    child.send("1")  # Again
    child.expect("next review in 1 min")
    rest = re.sub(r"\x1b\[[0-9;]*m", "", child.read())
    child.close()
    assert child.exitstatus == 0, rest
    assert "Flashcards 2" in rest and "Traceback" not in rest
    after = due_dates(home)
    assert after["anki:t-1"] > before["anki:t-1"] + 5 * 60  # Good: about ten minutes on
    assert before["anki:t-2"] < after["anki:t-2"] < after["anki:t-1"]  # Again: a minute on
