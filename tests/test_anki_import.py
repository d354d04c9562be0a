"""`primer import anki`: packages built here with genanki (and re-exported by Anki itself) become flashcards."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from primer_cli.anki.importing import read_package
from primer_cli.anki.text import to_markdown
from primer_cli.cli import app
from tests import ankidecks


def import_json(runner: CliRunner, package: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["import", "anki", str(package), "--json", *extra])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def stored(home: Path) -> dict[str, tuple[str, str, str]]:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        rows = db.execute("SELECT card_id, deck, front, back FROM flashcards")
        return {card_id: (deck, front, back) for card_id, deck, front, back in rows}
    finally:
        db.close()


def count(home: Path, table: str) -> int:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


# HTML into readable text -------------------------------------------------------------


def test_styled_html_keeps_its_words_and_loses_its_styles_scripts_and_empty_markup() -> None:
    text = to_markdown(ankidecks.STYLED_FRONT)
    assert text == "## Sharding\n\nWhat does **hash** sharding spread?"


def test_tables_lists_code_links_and_images_survive_as_markdown() -> None:
    text = to_markdown(ankidecks.TABLE_BACK)
    assert "| Kind  | Good at   |" in text and "| range | scans     |" in text
    assert "- keys\n- rows" in text
    assert "```\nSELECT * FROM users WHERE id = 1;\n```" in text
    assert "[the guide](https://example.com/shards)" in text
    assert "[image: ring diagram.png]" in text and "<img" not in text


def test_line_breaks_sounds_and_entities() -> None:
    assert to_markdown("one<br>two &amp; <i>three</i> [sound:bell.mp3]") == (
        "one\\\ntwo & *three* [sound: bell.mp3]"
    )
    assert to_markdown("<div></div><span style='x'> </span>") == ""


# Packages into flashcards ------------------------------------------------------------------


def test_two_decks_become_two_decks_with_fronts_and_backs(
    tmp_path: Path, runner: CliRunner, isolated_home: Path
) -> None:
    package = ankidecks.write(
        tmp_path / "two.apkg",
        {
            "System design::Databases": [
                ankidecks.note(ankidecks.STYLED_FRONT, ankidecks.TABLE_BACK, "styled")
            ],
            "System design::Caching": ankidecks.numbered(2),
        },
    )
    data = import_json(runner, package)
    assert (data["cards"], data["added"], data["updated"]) == (3, 3, 0)
    assert data["decks"] == ["System design::Caching", "System design::Databases"]
    cards = stored(isolated_home)
    deck, front, back = cards["anki:styled"]
    assert deck == "System design::Databases"
    assert front == "## Sharding\n\nWhat does **hash** sharding spread?"
    assert back.startswith("| Kind") and "internal id" not in back  # a field no template shows
    assert cards["anki:guid-1"] == ("System design::Caching", "**Q 1**: what is 1 squared?", "*1*")
    assert Path(data["backup"]).name.startswith("progress.sqlite3.before-import-")


def test_deck_option_puts_every_card_in_one_deck(
    tmp_path: Path, runner: CliRunner, isolated_home: Path
) -> None:
    package = ankidecks.write(
        tmp_path / "two.apkg", {"A": ankidecks.numbered(1), "B": ankidecks.numbered(2, prefix="B")}
    )
    data = import_json(runner, package, "--deck", " Mine :: Imported ")
    assert data["decks"] == ["Mine::Imported"]
    assert {deck for deck, _, _ in stored(isolated_home).values()} == {"Mine::Imported"}
    bad = runner.invoke(app, ["import", "anki", str(package), "--deck", "a::::b"])
    assert bad.exit_code == 2 and "is not a deck name" in bad.output


def test_importing_again_updates_in_place_and_keeps_the_history(
    tmp_path: Path, runner: CliRunner, isolated_home: Path
) -> None:
    first = ankidecks.write(tmp_path / "v1.apkg", {"Deck": ankidecks.numbered(3)})
    import_json(runner, first)
    review = runner.invoke(app, ["review", "--deck", "Deck", "--json"], input="3\n3\n3\n")
    assert review.exit_code == 0, review.output
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    schedule_before = db.execute("SELECT card_id, due, reps FROM cards ORDER BY 1").fetchall()
    db.close()

    again = import_json(runner, first)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)

    changed = ankidecks.numbered(3)
    changed[1] = ankidecks.note("<b>Q 1</b>: what is one squared?", "1", "guid-1")
    newer = ankidecks.write(
        tmp_path / "v2.apkg", {"Deck": [*changed, ankidecks.note("new", "card", "guid-9")]}
    )
    data = import_json(runner, newer)
    assert (data["added"], data["updated"], data["unchanged"]) == (1, 1, 2)
    assert count(isolated_home, "flashcards") == 4
    assert stored(isolated_home)["anki:guid-1"][1] == "**Q 1**: what is one squared?"
    assert count(isolated_home, "answers") == 3  # the review history stayed
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    schedule_after = db.execute(
        "SELECT card_id, due, reps FROM cards WHERE card_id != 'anki:guid-9' ORDER BY 1"
    ).fetchall()
    db.close()
    assert schedule_after == schedule_before


def test_a_cloze_note_hides_then_shows_its_deletions(tmp_path: Path) -> None:
    package = ankidecks.write(
        tmp_path / "cloze.apkg",
        {
            "Cloze": [
                ankidecks.cloze(
                    "A {{c1::CDN}} caches {{c2::static files::what kind?}} near users.",
                    "Edge servers",
                    "cloze-1",
                )
            ]
        },
    )
    [card] = read_package(package)
    assert card.front == "A [...] caches [what kind?] near users."
    assert card.back == "A **CDN** caches **static files** near users.\n\nEdge servers"


@pytest.mark.parametrize("legacy", [True, False], ids=["anki21", "anki21b"])
def test_packages_from_anki_itself_are_read_past_their_dummy_collection(
    legacy: bool, tmp_path: Path
) -> None:
    """Anki 2.1.50+ writes the real collection beside a dummy collection.anki2 saying 'update Anki'."""
    source = ankidecks.write(
        tmp_path / "source.apkg",
        {"Outer::Inner": [ankidecks.note(ankidecks.STYLED_FRONT, ankidecks.TABLE_BACK, "styled")]},
    )
    scratch = tmp_path / "anki"
    scratch.mkdir()
    rewritten = ankidecks.rewrite_with_anki(
        source, tmp_path / "from-anki.apkg", legacy=legacy, scratch=scratch
    )
    import zipfile

    names = zipfile.ZipFile(rewritten).namelist()
    assert ("collection.anki21" if legacy else "collection.anki21b") in names
    assert "collection.anki2" in names  # the dummy
    [card] = read_package(rewritten)
    assert card.id == "anki:styled" and card.deck == "Outer::Inner"
    assert card.front == "## Sharding\n\nWhat does **hash** sharding spread?"
    assert "| hash  | even load |" in card.back and "internal id" not in card.back


def test_an_empty_package_is_nothing_to_import(tmp_path: Path, runner: CliRunner) -> None:
    package = ankidecks.write(tmp_path / "empty.apkg", {"Empty": []})
    result = runner.invoke(app, ["import", "anki", str(package)])
    assert result.exit_code == 1 and "nothing to import" in result.output


def test_ctrl_c_during_an_import_exits_130_and_saves_nothing(
    tmp_path: Path, runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primer_cli.quiz import flashcards

    package = ankidecks.write(tmp_path / "deck.apkg", {"Deck": ankidecks.numbered(5)})
    real = flashcards._upsert
    done: list[str] = []

    def interrupted(db: sqlite3.Connection, card: Any, now: float) -> None:
        if len(done) == 3:
            raise KeyboardInterrupt
        done.append(card.id)
        real(db, card, now)

    monkeypatch.setattr(flashcards, "_upsert", interrupted)
    result = runner.invoke(app, ["import", "anki", str(package)])
    assert result.exit_code == 130 and "Traceback" not in result.output
    assert count(isolated_home, "flashcards") == 0 and count(isolated_home, "cards") == 0


def test_importing_into_another_deck_says_which_cards_moved(
    tmp_path: Path, runner: CliRunner, isolated_home: Path
) -> None:
    """'0 new, 14 updated' hid that --deck had taken 14 cards out of their deck."""
    package = ankidecks.write(
        tmp_path / "d.apkg",
        {"Deck::A": ankidecks.numbered(3), "Deck::B": [ankidecks.note("b", "c", "g-b")]},
    )
    import_json(runner, package)
    data = import_json(runner, package, "--deck", "Mine")
    assert (data["added"], data["updated"]) == (0, 4)
    assert data["moved"] == [
        {"from": "Deck::A", "to": "Mine", "cards": 3},
        {"from": "Deck::B", "to": "Mine", "cards": 1},
    ]
    result = runner.invoke(app, ["import", "anki", str(package)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "4 updated, 4 of them moved: 3 from Mine to Deck::A, 1 from Mine to Deck::B" in text, (
        text
    )
    again = import_json(runner, package)
    assert again["moved"] == []
