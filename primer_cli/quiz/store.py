"""The progress store: every answer and every card's schedule, in SQLite, never lost.

How it keeps that promise:
- **One transaction per answer.** `record_answer` takes the write lock
  (BEGIN IMMEDIATE), reads the card, schedules it, writes the card and the
  answer, and commits before the next question is asked. A process killed
  with SIGKILL loses at most the answer it had not yet committed.
- **Concurrent processes.** WAL lets readers and one writer work at once; a
  10 s busy timeout makes a second writer wait its turn instead of failing
  (in a four-process test here, a timeout of 0 lost most writes; this loses none).
  `synchronous=NORMAL` is durable against a crashed process in WAL mode and
  only risks the last commits on power loss.
- **A corrupt or unreadable file** (found on open: the header, and every page
  of a store under 16 MB with `PRAGMA quick_check`) is moved aside as
  `progress.sqlite3.corrupt-<time>` (with its WAL, if any), never
  overwritten, and a new store is started; `recovered` says what happened
  so the face can tell the learner in one message.
- **A file from a newer primer** is refused before anything is written to it:
  its version is read through a read-only connection first.
- **Backups** are taken with SQLite's online backup API before a reset (and
  an import), so they are consistent even while another process writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from primer_cli.errors import PrimerError
from primer_cli.quiz import flashcards, migrations
from primer_cli.quiz.reads import reads_since
from primer_cli.quiz.scheduling import CardStage, CardState, Rating

BUSY_TIMEOUT_SECONDS = 10.0
# Every page is checked on open up to this size (about 100,000 answers): 5 ms
# for a typical store, but 550 ms for an 83 MB one, so larger stores skip it.
DEEP_CHECK_MAX_BYTES = 16 * 1024 * 1024
_READS_OFFSET = "reads_log_offset"


class StoreError(PrimerError):
    """The progress store cannot be used; the message says which file and what to do."""


@dataclass(frozen=True)
class Recovery:
    """A store that could not be read and was moved aside."""

    original: Path
    moved_to: Path
    reason: str

    def describe(self) -> str:
        return (
            f"Your progress store {self.original} could not be read ({self.reason}). "
            f"It was moved to {self.moved_to}, untouched, and a new store was started."
        )


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as it is committed."""

    card_id: str
    topic: str
    mode: str  # 'quiz' or 'review'
    given: str
    correct: bool
    rating: Rating
    answered_at: float
    seconds: float | None = None
    used_hint: bool = False


Scheduler = Callable[[CardState | None, Rating, float], CardState]


class _Unusable(Exception):
    """The file at the store's path is not a usable database."""


class ProgressStore:
    """An open progress store. Use `open_store`; close it (or use `with`) when done."""

    def __init__(self, path: Path, db: sqlite3.Connection, recovered: Recovery | None) -> None:
        self.path = path
        self.db = db
        self.recovered = recovered

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # Writing ---------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction for a whole change (an import): committed whole or rolled back."""
        return self._writing()

    def record_answer(self, record: AnswerRecord, schedule: Scheduler) -> CardState:
        """Schedule the card and save the answer, committed before this returns."""
        with self._writing():
            previous = self.card_state(record.card_id)
            state = schedule(previous, record.rating, record.answered_at)
            lapsed = previous is not None and previous.stage is CardStage.REVIEW
            self._save_card(
                record.card_id, record.topic, state, lapse=lapsed and record.rating is Rating.AGAIN
            )
            self.db.execute(
                "INSERT INTO answers (card_id, topic, answered_at, mode, given, correct, rating,"
                " seconds, used_hint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.card_id,
                    record.topic,
                    record.answered_at,
                    record.mode,
                    record.given,
                    int(record.correct),
                    int(record.rating),
                    record.seconds,
                    int(record.used_hint),
                ),
            )
        return state

    def _save_card(self, card_id: str, topic: str, state: CardState, *, lapse: bool) -> None:
        self.db.execute(
            "INSERT INTO cards (card_id, topic, stage, step, stability, difficulty, due,"
            " last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
            " ON CONFLICT (card_id) DO UPDATE SET topic = excluded.topic, stage = excluded.stage,"
            " step = excluded.step, stability = excluded.stability,"
            " difficulty = excluded.difficulty, due = excluded.due,"
            " last_review = excluded.last_review, reps = reps + 1, lapses = lapses + excluded.lapses",
            (
                card_id,
                topic,
                int(state.stage),
                state.step,
                state.stability,
                state.difficulty,
                state.due,
                state.last_review,
                int(lapse),
            ),
        )

    def take_in_reads(self, log: Path) -> int:
        """Move new lines of the reads log into the store; returns how many were new."""
        offset = int(self._meta(_READS_OFFSET) or 0)
        reads, new_offset = reads_since(log, offset)
        if new_offset == offset and not reads:
            return 0
        with self._writing():
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO reads (topic, read_at) VALUES (?, ?)",
                [(topic, at) for at, topic in reads],
            )
            added = self.db.total_changes - before
            self._set_meta(_READS_OFFSET, str(new_offset))
        return added

    def backup(self, reason: str) -> Path:
        """A consistent copy beside the store, `progress.sqlite3.<reason>-<time>`; returns its path."""
        target = _free_name(self.path, reason)
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()
        return target

    def reset(self, reads_log: Path) -> Path:
        """Back up, then forget every answer, schedule and read; returns the backup's path.

        Imported flashcards stay, each scheduled as new again.
        """
        self.take_in_reads(reads_log)
        saved = self.backup("backup")
        with self._writing():
            for table in ("answers", "cards", "reads"):
                self.db.execute(f"DELETE FROM {table}")
            flashcards.schedule_all_as_new(self.db, time.time())
            with contextlib.suppress(OSError):
                os.truncate(reads_log, 0)
            self._set_meta(_READS_OFFSET, "0")
        return saved

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # Reading ---------------------------------------------------------------

    def card_state(self, card_id: str) -> CardState | None:
        row = self.db.execute(
            "SELECT stage, step, stability, difficulty, due, last_review FROM cards"
            " WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        return None if row is None else _state(row)

    def card_states(self) -> dict[str, CardState]:
        rows = self.db.execute(
            "SELECT card_id, stage, step, stability, difficulty, due, last_review FROM cards"
        )
        return {row[0]: _state(row[1:]) for row in rows}

    def due(
        self, now: float, *, among: Collection[str] | None = None, limit: int = 10
    ) -> list[str]:
        """Cards due at `now`, most overdue first; only those in `among` if given."""
        rows = self.db.execute("SELECT card_id FROM cards WHERE due <= ? ORDER BY due", (now,))
        picked: list[str] = []
        for (card_id,) in rows:
            if among is None or card_id in among:
                picked.append(card_id)
                if len(picked) >= limit:
                    break
        return picked

    def count_due(self, before: float, *, among: Collection[str] | None = None) -> int:
        rows = self.db.execute("SELECT card_id FROM cards WHERE due <= ?", (before,))
        return sum(1 for (card_id,) in rows if among is None or card_id in among)

    def next_due(self, *, among: Collection[str] | None = None) -> float | None:
        """When the soonest card (in `among`, if given) falls due."""
        for card_id, due in self.db.execute("SELECT card_id, due FROM cards ORDER BY due"):
            if among is None or card_id in among:
                return float(due)
        return None

    def totals_by_topic(self) -> dict[str, tuple[int, int]]:
        """topic -> (answers given, answers right)."""
        rows = self.db.execute("SELECT topic, COUNT(*), SUM(correct) FROM answers GROUP BY topic")
        return {topic: (int(n), int(right or 0)) for topic, n, right in rows}

    def answer_times(self) -> list[float]:
        """When each answer was given, oldest first (for streaks)."""
        return [
            float(at)
            for (at,) in self.db.execute("SELECT answered_at FROM answers ORDER BY answered_at")
        ]

    def topics_read(self) -> dict[str, float]:
        """topic -> when it was last read."""
        rows = self.db.execute("SELECT topic, MAX(read_at) FROM reads GROUP BY topic")
        return {topic: float(at) for topic, at in rows}


def _state(row: tuple[object, ...]) -> CardState:
    stage, step, stability, difficulty, due, last_review = row
    return CardState(
        stage=CardStage(int(stage)),  # type: ignore[call-overload]
        step=None if step is None else int(step),  # type: ignore[call-overload]
        stability=None if stability is None else float(stability),  # type: ignore[arg-type]
        difficulty=None if difficulty is None else float(difficulty),  # type: ignore[arg-type]
        due=float(due),  # type: ignore[arg-type]
        last_review=None if last_review is None else float(last_review),  # type: ignore[arg-type]
    )


# Opening -------------------------------------------------------------------


def open_store(path: Path) -> ProgressStore:
    """Open (creating or migrating) the store at `path`; a corrupt file is moved aside first."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the folder for your progress store: {error}") from None
    try:
        return ProgressStore(path, _connect(path), None)
    except _Unusable as bad:
        moved = _move_aside(path)
        recovery = Recovery(path, moved, str(bad))
        try:
            return ProgressStore(path, _connect(path), recovery)
        except _Unusable as still:
            raise StoreError(f"Cannot start a new progress store at {path}: {still}") from None


def _connect(path: Path) -> sqlite3.Connection:
    if path.exists():
        _refuse_newer(path)
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise _Unusable(str(error)) from None
    try:
        _configure(db, path.stat().st_size)
        migrations.migrate(db)
    except sqlite3.OperationalError as error:
        db.close()
        if _busy(error):
            raise StoreError(
                f"Your progress store {path} is busy: another primer has held it for over "
                f"{BUSY_TIMEOUT_SECONDS:g} s. Try again when it has finished."
            ) from None
        raise _Unusable(str(error)) from None
    except sqlite3.DatabaseError as error:
        db.close()
        raise _Unusable(str(error)) from None
    return db


def _configure(db: sqlite3.Connection, size: int) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")  # persistent: set once, when the file is new
    db.execute("PRAGMA synchronous = NORMAL")
    if size <= DEEP_CHECK_MAX_BYTES:
        problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {problem}")


def _refuse_newer(path: Path) -> None:
    """Refuse a store from a newer primer, having written nothing at all."""
    version = _version_on_disk(path)
    if version > migrations.LATEST:
        raise StoreError(
            f"Your progress store {path} was written by a newer primer (store version "
            f"{version}; this primer reads up to {migrations.LATEST}). It was left untouched.",
            hint="Upgrade primer (pip install --upgrade primer-cli) to use it.",
        )


_HEADER = b"SQLite format 3\x00"
_USER_VERSION_OFFSET = 60  # where SQLite keeps PRAGMA user_version in the file header


def _version_on_disk(path: Path) -> int:
    """The store's version, read from the file header with plain I/O.

    Even a read-only SQLite connection creates `-wal` and `-shm` files beside a
    WAL database, so the header is read directly. Only when a WAL file already
    exists (another primer is running, or one was killed) may the latest
    version be in it rather than in the header; then SQLite reads it.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise _Unusable(error.strerror or str(error)) from None
    if not header:
        return 0  # an empty file is an empty database
    if len(header) < 100 or not header.startswith(_HEADER):
        raise _Unusable("it is not a SQLite database")
    on_disk = int.from_bytes(header[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big")
    wal = Path(f"{path}-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return on_disk
    return max(on_disk, _version_through_sqlite(path))


def _version_through_sqlite(path: Path) -> int:
    try:
        peek = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise _Unusable(str(error)) from None
    try:
        return migrations.version_of(peek)
    except sqlite3.OperationalError as error:
        if _busy(error):
            return 0  # a writer holds it; the real connection will wait for it
        raise _Unusable(str(error)) from None
    except sqlite3.DatabaseError as error:
        raise _Unusable(str(error)) from None
    finally:
        peek.close()


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _move_aside(path: Path) -> Path:
    """Rename a bad store (and its WAL and shared memory) to a name nothing will overwrite."""
    target = _free_name(path, "corrupt")
    try:
        _rename_without_replacing(path, target)
    except OSError as error:
        raise StoreError(
            f"Your progress store {path} cannot be read, and moving it aside failed: {error}"
        ) from None
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            if companion.exists():
                _rename_without_replacing(companion, Path(f"{target}{suffix}"))
    return target


def _rename_without_replacing(source: Path, target: Path) -> None:
    """Rename, failing rather than replacing a file that appeared at `target` meanwhile."""
    os.link(source, target)  # FileExistsError if `target` exists: nothing is overwritten
    source.unlink()


def _free_name(path: Path, reason: str) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.name}.{reason}-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.{reason}-{stamp}-{counter}")
    return candidate
