"""Flashcards in the progress store: cards with a front and a back, grouped in named decks.

They come from Anki packages (`primer_cli/anki/`) and are reviewed by
`primer review` beside the bank's questions: each has a row in `cards`, so
FSRS schedules it like any other card, and its answers go to `answers`. A
flashcard is keyed by 'anki:' and its note's GUID, so importing a deck again
updates the text in place and keeps the schedule and the history.

Deck names are Anki's, with '::' between levels ('primer::Databases'); a
deck named by the learner includes its subdecks, as in Anki.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from primer_cli.errors import UsageProblem
from primer_cli.quiz.scheduling import CardStage

if TYPE_CHECKING:
    from primer_cli.quiz.store import ProgressStore

ID_PREFIX = "anki:"
TOPIC_PREFIX = "deck:"  # a card's topic in the store; topic ids never hold a colon
SUBDECK = "::"
_BATCH = 500  # ids per query: SQLite allows at least 999 parameters


@dataclass(frozen=True)
class Flashcard:
    """One card to recall: `front` and `back` are Markdown, as shown."""

    id: str
    deck: str
    front: str
    back: str

    @property
    def topic(self) -> str:
        return TOPIC_PREFIX + self.deck


@dataclass(frozen=True)
class Deck:
    name: str
    cards: int
    due: int


@dataclass(frozen=True)
class Moved:
    """Cards already in the store that an import put in another deck."""

    source: str
    target: str
    cards: int


@dataclass(frozen=True)
class Saved:
    """What an import did: cards new to the store, changed, and the same as before.

    `moved` counts, among the updated, the cards whose deck changed (such as with
    `deck` given), by old and new deck, so nobody loses a deck's cards unawares.
    """

    added: int
    updated: int
    unchanged: int
    moved: tuple[Moved, ...] = ()


def card_id_for(guid: str) -> str:
    return ID_PREFIX + guid


def save(store: ProgressStore, cards: Iterable[Flashcard], *, now: float) -> Saved:
    """Add or update `cards` in one transaction; a new card is scheduled as new, due now.

    A card already in the store keeps its schedule and answers: only its deck
    and text change.
    """
    db = store.db
    added = updated = unchanged = 0
    moves: Counter[tuple[str, str]] = Counter()
    with store.transaction():
        known = _known(db)
        for card in cards:
            before = known.get(card.id)
            if before is None:
                added += 1
            elif before != (card.deck, card.front, card.back):
                updated += 1
                if before[0] != card.deck:
                    moves[before[0], card.deck] += 1
            else:
                unchanged += 1
                continue
            _upsert(db, card, now)
            known[card.id] = (card.deck, card.front, card.back)
    moved = tuple(Moved(old, new, n) for (old, new), n in sorted(moves.items()))
    return Saved(added, updated, unchanged, moved)


def _known(db: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    rows = db.execute("SELECT card_id, deck, front, back FROM flashcards")
    return {card_id: (deck, front, back) for card_id, deck, front, back in rows}


def _upsert(db: sqlite3.Connection, card: Flashcard, now: float) -> None:
    db.execute(
        "INSERT INTO flashcards (card_id, deck, front, back, imported_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (card_id) DO UPDATE SET deck = excluded.deck, front = excluded.front,"
        " back = excluded.back, imported_at = excluded.imported_at",
        (card.id, card.deck, card.front, card.back, now),
    )
    db.execute(
        "INSERT INTO cards (card_id, topic, stage, step, due, reps, lapses)"
        " VALUES (?, ?, ?, 0, ?, 0, 0)"
        " ON CONFLICT (card_id) DO UPDATE SET topic = excluded.topic",
        (card.id, card.topic, int(CardStage.LEARNING), now),
    )


def schedule_all_as_new(db: sqlite3.Connection, now: float) -> None:
    """Give every flashcard without a schedule a new one, due now (after a reset)."""
    db.execute(
        "INSERT OR IGNORE INTO cards (card_id, topic, stage, step, due, reps, lapses)"
        " SELECT card_id, ? || deck, ?, 0, ?, 0, 0 FROM flashcards",
        (TOPIC_PREFIX, int(CardStage.LEARNING), now),
    )


# Reading ------------------------------------------------------------------


def decks(store: ProgressStore, *, now: float) -> list[Deck]:
    """Every deck with its number of cards and how many are due at `now`, by name."""
    rows = store.db.execute(
        "SELECT f.deck, COUNT(*), COALESCE(SUM(c.due <= ?), 0) FROM flashcards f"
        " LEFT JOIN cards c ON c.card_id = f.card_id GROUP BY f.deck ORDER BY f.deck",
        (now,),
    )
    return [Deck(name, int(count), int(due)) for name, count, due in rows]


def deck_names(store: ProgressStore) -> list[str]:
    return [row[0] for row in store.db.execute("SELECT DISTINCT deck FROM flashcards ORDER BY 1")]


def resolve(store: ProgressStore, name: str, *, param: str) -> list[str]:
    """The decks `name` means, with their subdecks; else a usage error naming the nearest.

    `name` is a deck's full name ('primer::Caching'), its last levels
    ('Caching'), or the unique start of either, in any case.
    """
    names = deck_names(store)
    if not names:
        raise UsageProblem(
            "no decks have been imported yet; import one with: primer import anki FILE.apkg",
            param=param,
        )
    top = _matching(names, name.strip().casefold())
    if top is not None:
        return [d for d in names if d == top or d.startswith(top + SUBDECK)]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UsageProblem(f"there is no deck '{name}'.{hint} Decks: {', '.join(names)}.", param=param)


def _matching(names: list[str], wanted: str) -> str | None:
    """The one deck (or parent deck) `wanted` names: exact names first, then unique prefixes."""
    every = {_level(name, depth) for name in names for depth in range(name.count(SUBDECK) + 1)}
    tails = {deck: _tails(deck) for deck in every}
    for test in (
        lambda deck: deck.casefold() == wanted,
        lambda deck: wanted in tails[deck],
        lambda deck: any(tail.startswith(wanted) for tail in tails[deck]),
    ):
        found = sorted((deck for deck in every if test(deck)), key=len)
        if found:
            top = found[0]  # several only count as one when they are that deck and its subdecks
            inside = all(d == top or d.startswith(top + SUBDECK) for d in found)
            return top if inside else None
    return None


def _level(name: str, depth: int) -> str:
    """'a::b::c' at depth 1 is 'a::b'."""
    return SUBDECK.join(name.split(SUBDECK)[: depth + 1])


def _tails(deck: str) -> list[str]:
    """'a::b::c' -> ['a::b::c', 'b::c', 'c'], folded for matching."""
    levels = deck.casefold().split(SUBDECK)
    return [SUBDECK.join(levels[i:]) for i in range(len(levels))]


def ids_in(store: ProgressStore, deck_list: Iterable[str] | None = None) -> set[str]:
    """The ids of the flashcards in `deck_list` (every deck when None)."""
    if deck_list is None:
        return {row[0] for row in store.db.execute("SELECT card_id FROM flashcards")}
    wanted = list(deck_list)
    marks = ", ".join("?" * len(wanted))
    rows = store.db.execute(f"SELECT card_id FROM flashcards WHERE deck IN ({marks})", wanted)
    return {row[0] for row in rows}


def load(store: ProgressStore, card_ids: Iterable[str]) -> list[Flashcard]:
    """The flashcards with these ids, in the order given (ids not found are left out)."""
    wanted = list(dict.fromkeys(card_ids))
    found: dict[str, Flashcard] = {}
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        marks = ", ".join("?" * len(batch))
        rows = store.db.execute(
            f"SELECT card_id, deck, front, back FROM flashcards WHERE card_id IN ({marks})", batch
        )
        found.update((row[0], Flashcard(*row)) for row in rows)
    return [found[card_id] for card_id in wanted if card_id in found]


# Removing -----------------------------------------------------------------


def remove(store: ProgressStore, deck_list: Iterable[str]) -> int:
    """Delete these decks' flashcards and their schedules in one transaction; returns how many.

    Their past answers stay in `answers`, like any history (the streak counts them).
    """
    wanted = list(deck_list)
    marks = ", ".join("?" * len(wanted))
    with store.transaction():
        doomed = f"SELECT card_id FROM flashcards WHERE deck IN ({marks})"
        store.db.execute(f"DELETE FROM cards WHERE card_id IN ({doomed})", wanted)
        removed = store.db.execute(f"DELETE FROM flashcards WHERE deck IN ({marks})", wanted)
        return int(removed.rowcount)
