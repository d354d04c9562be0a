"""`primer export anki`: the deck is opened with Anki's own library, as Anki itself would open it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from typer.testing import CliRunner

from primer_cli.anki.export import entries, note_guid, write_package
from primer_cli.anki.importing import read_package
from primer_cli.cli import app
from primer_cli.paths import quizzes_dir
from primer_cli.quiz.shipped import bank
from primer_cli.quiz.templates import TEMPLATES
from primer_cli.topics.store import library


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection in a temporary directory."""
    folder = tmp_path / "anki-profile"
    folder.mkdir()
    opened = Collection(str(folder / "collection.anki2"))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def fresh_bank() -> Iterator[None]:
    bank.cache_clear()  # tests here point PRIMER_QUIZZES at edited copies of the bank
    yield
    bank.cache_clear()


def import_into(collection: Collection, package: Path) -> Any:
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(merge_notetypes=True)
    )
    return collection.import_anki_package(request).log


def note_by_guid(collection: Collection, guid: str) -> Any:
    [note_id] = [n for n in collection.find_notes("") if collection.get_note(n).guid == guid]
    return collection.get_note(note_id)


def export(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["export", "anki", *args])
    assert result.exit_code == 0, result.output
    return result


def test_every_question_becomes_one_note_anki_can_open(
    tmp_path: Path, runner: CliRunner, collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    export(runner)
    package = tmp_path / "primer.apkg"  # the default path, in the current directory
    log = import_into(collection, package)
    questions = list(bank())
    assert collection.note_count() == len(questions) == len(log.new)
    categories = {topic.category for topic in library()}
    decks = {name for name in (d.name for d in collection.decks.all_names_and_ids())}
    assert {f"primer::{c}" for c in categories} <= decks


def test_fields_tags_and_deck_of_a_note(
    tmp_path: Path, runner: CliRunner, collection: Collection
) -> None:
    package = tmp_path / "cap.apkg"
    export(runner, str(package), "cap")
    import_into(collection, package)
    note = note_by_guid(collection, note_guid("cap-choice-only-during-partition"))
    fields = dict(note.items())
    assert "When does a distributed data store actually have to choose" in fields["Question"]
    assert "Only while a network partition separates its nodes" in fields["Question"]
    assert "b) " in fields["Question"] and "Choose one." in fields["Question"]
    assert fields["Answer"].endswith(") Only while a network partition separates its nodes")
    assert "Partition tolerance" in fields["Explanation"]
    assert fields["Learn"] == "primer learn cap-theorem"
    assert fields["Id"] == "cap-choice-only-during-partition"
    assert set(note.tags) == {"primer", "topic::cap-theorem", "kind::single"}
    [card] = note.cards()
    assert collection.decks.name(card.did) == "primer::Availability and consistency"
    assert collection.note_count() == len(bank().for_topics(["cap-theorem"]))


def test_a_newer_export_updates_the_reworded_note_instead_of_adding_one(
    tmp_path: Path, runner: CliRunner, collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first.apkg"
    write_package(
        entries(bank(), library(), topics={"cap-theorem"}, generated=0), first, now=time.time() - 60
    )
    assert len(import_into(collection, first).new) == collection.note_count()
    before = collection.note_count()

    edited = tmp_path / "quizzes"
    shutil.copytree(quizzes_dir(), edited)
    cap = edited / "cap-theorem.yaml"
    cap.write_text(cap.read_text().replace("actually have to choose", "really have to choose", 1))
    monkeypatch.setenv("PRIMER_QUIZZES", str(edited))
    bank.cache_clear()
    second = tmp_path / "second.apkg"
    export(runner, str(second), "cap")

    log = import_into(collection, second)
    assert len(log.new) == 0 and collection.note_count() == before
    note = note_by_guid(collection, note_guid("cap-choice-only-during-partition"))
    assert "really have to choose" in note["Question"]
    assert note.id in {entry.id.nid for entry in log.updated}


def test_generated_questions_are_a_fixed_sample(tmp_path: Path, runner: CliRunner) -> None:
    one, two = tmp_path / "one.apkg", tmp_path / "two.apkg"
    export(runner, str(one), "--generated", "16", "--category", "foundations")
    export(runner, str(two), "--generated", "16", "--category", "foundations")
    first, second = read_package(one), read_package(two)
    assert [(c.id, c.front, c.back) for c in first] == [(c.id, c.front, c.back) for c in second]
    picked = entries(bank(), library(), topics=None, generated=len(TEMPLATES) + 1)
    generated = [e for e in picked if e.question.generated]
    assert len(generated) == len(TEMPLATES) + 1
    assert len({e.note_id for e in generated}) == len(generated)  # each its own GUID


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path, runner: CliRunner) -> None:
    package = tmp_path / "deck.apkg"
    package.write_text("keep me")
    refused = runner.invoke(app, ["export", "anki", str(package), "cap"])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert package.read_text() == "keep me"
    export(runner, str(package), "cap", "--force")
    assert read_package(package)
    assert not list(tmp_path.glob(".*part"))


def flat(text: str) -> str:
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def test_bad_targets_and_topics_are_usage_errors(tmp_path: Path, runner: CliRunner) -> None:
    missing = runner.invoke(app, ["export", "anki", str(tmp_path / "no" / "deck.apkg")])
    assert missing.exit_code == 2 and "there is no folder" in flat(missing.output)
    topic = runner.invoke(app, ["export", "anki", str(tmp_path / "d.apkg"), "cpa"])
    assert topic.exit_code == 2 and "cap-theorem" in topic.output
    wrong = runner.invoke(app, ["export", "anki", str(tmp_path / "d.txt")])
    assert wrong.exit_code == 2 and "must end in .apkg" in flat(wrong.output)
