"""The progress store's schema, as an ordered list of forward migrations.

`PRAGMA user_version` holds the version a database is at; each migration
takes it one step further, inside the same transaction as its own changes,
so a migration either happens whole or not at all. A database newer than
the last migration is refused by the store, never downgraded.
Add a step by appending a function that runs its statements with
`db.execute` (not `executescript`, which would commit half-way); never edit a step that has shipped
(tests/test_quiz_store.py migrates a fixture database from every version).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(db: sqlite3.Connection) -> None:
    """Cards with their FSRS state, every answer, topics read, and a little bookkeeping."""
    for statement in (
        """CREATE TABLE cards (
            card_id     TEXT PRIMARY KEY,
            topic       TEXT NOT NULL,
            stage       INTEGER NOT NULL,
            step        INTEGER,
            stability   REAL,
            difficulty  REAL,
            due         REAL NOT NULL,
            last_review REAL,
            reps        INTEGER NOT NULL DEFAULT 0,
            lapses      INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX cards_by_due ON cards (due)",
        """CREATE TABLE answers (
            answer_id   INTEGER PRIMARY KEY,
            card_id     TEXT NOT NULL,
            topic       TEXT NOT NULL,
            answered_at REAL NOT NULL,
            mode        TEXT NOT NULL,
            given       TEXT NOT NULL,
            correct     INTEGER NOT NULL,
            rating      INTEGER NOT NULL,
            seconds     REAL,
            used_hint   INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX answers_by_card ON answers (card_id)",
        "CREATE INDEX answers_by_time ON answers (answered_at)",
        """CREATE TABLE reads (
            topic   TEXT NOT NULL,
            read_at REAL NOT NULL,
            PRIMARY KEY (topic, read_at)
        )""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ):
        db.execute(statement)


def _v2_flashcards(db: sqlite3.Connection) -> None:
    """Flashcards brought in from Anki: a front and a back, in a named deck.

    Each is keyed by the card id it has in `cards` and `answers` ('anki:' and
    the note's GUID), so importing a deck again updates its text in place and
    its review history stays with it. A deck is simply the name its cards carry.
    """
    for statement in (
        """CREATE TABLE flashcards (
            card_id     TEXT PRIMARY KEY,
            deck        TEXT NOT NULL,
            front       TEXT NOT NULL,
            back        TEXT NOT NULL,
            imported_at REAL NOT NULL
        )""",
        "CREATE INDEX flashcards_by_deck ON flashcards (deck)",
    ):
        db.execute(statement)


def _v3_last_rating(db: sqlite3.Connection) -> None:
    """Each card remembers the rating of its last answer; answers are indexed by topic.

    Mastery counts a card whose last answer was wrong as not known, which the
    FSRS state alone cannot tell on the day of the answer. Existing cards take
    the rating of their latest answer.
    """
    db.execute("ALTER TABLE cards ADD COLUMN last_rating INTEGER")
    db.execute(
        "UPDATE cards SET last_rating = (SELECT a.rating FROM answers a"
        " WHERE a.card_id = cards.card_id ORDER BY a.answer_id DESC LIMIT 1)"
    )
    db.execute("CREATE INDEX answers_by_topic ON answers (topic, correct)")


MIGRATIONS: tuple[Migration, ...] = (_v1_initial, _v2_flashcards, _v3_last_rating)
LATEST = len(MIGRATIONS)


def version_of(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring `db` to LATEST, one step per transaction; returns the version it started at.

    Each step takes the write lock first (BEGIN IMMEDIATE) and re-reads the
    version under it, so two processes opening an old store at once apply
    each step exactly once.
    """
    started = current = version_of(db)
    while current < LATEST:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = version_of(db)
            if current < LATEST:
                MIGRATIONS[current](db)
                current += 1
                db.execute(f"PRAGMA user_version = {current}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return started
