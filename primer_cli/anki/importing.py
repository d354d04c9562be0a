"""`primer import anki`: read a package whole, then write it to the store in one transaction.

The package is read and converted completely before the store is opened, so
a bad package changes nothing at all. Then the store is backed up and every
card is saved in a single transaction: an import happens whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from primer_cli.anki.cards import flashcard
from primer_cli.anki.collection import read_notes
from primer_cli.anki.package import opened_collection
from primer_cli.errors import PrimerError, UsageProblem
from primer_cli.quiz import flashcards
from primer_cli.quiz.flashcards import Flashcard, Saved
from primer_cli.quiz.store import ProgressStore

BACKUP_REASON = "before-import"


@dataclass(frozen=True)
class Imported:
    """What an import did, for the face to report."""

    source: Path
    decks: tuple[str, ...]
    saved: Saved
    backup: Path

    @property
    def cards(self) -> int:
        return self.saved.added + self.saved.updated + self.saved.unchanged


def read_package(path: Path, deck: str | None = None) -> list[Flashcard]:
    """The package's notes as flashcards, in `deck` if given; refuses a bad package."""
    chosen = _deck_name(deck)
    with opened_collection(path) as db:
        notes = read_notes(db, path)
    if not notes:
        raise PrimerError(f"{path} holds no notes: there is nothing to import.")
    return [flashcard(note, chosen) for note in notes]


def save_cards(
    store: ProgressStore, cards: list[Flashcard], source: Path, *, now: float
) -> Imported:
    """Back up the store, then add or update every card in one transaction."""
    backup = store.backup(BACKUP_REASON)
    saved = flashcards.save(store, cards, now=now)
    decks = tuple(sorted({card.deck for card in cards}))
    return Imported(source, decks, saved, backup)


def _deck_name(deck: str | None) -> str | None:
    if deck is None:
        return None
    name = "::".join(part.strip() for part in deck.split("::"))
    if not name or any(not part for part in name.split("::")):
        raise UsageProblem(
            f"'{deck}' is not a deck name; use words, with '::' between levels (such as Primer::Caching)",
            param="--deck",
        )
    return name
