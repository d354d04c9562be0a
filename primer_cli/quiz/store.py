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
- **A corrupt file** (found on open: the header, and every page of a store
  under 16 MB with `PRAGMA quick_check`; or reported by SQLite later, as
  SQLITE_CORRUPT or SQLITE_NOTADB) is moved aside as
  `progress.sqlite3.corrupt-<time>` (with its WAL, if any), never
  overwritten, and a new store is started; `recovered` says what happened
  so the face can tell the learner in one message. Any other SQLite failure
  (busy, read-only, disk full) is reported as a `StoreError` naming the file,
  and the file is left alone: only proven corruption moves it.
- **A file from a newer primer** is refused before anything is written to it:
  its version is read from the file header with plain I/O, and checked again
  through the connection before migrating.
- **Backups** are taken with SQLite's online backup API through a second
  connection, into a file created exclusively (never over an existing one),
  before a reset or an import. A reset holds the write lock across the copy
  and the delete, so no answer can land between them and be lost.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from primer_cli.errors import PrimerError
from primer_cli.paths import folder_problem
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

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        self.close()
        if isinstance(error, sqlite3.Error):
            raise store_error(error, self.path) from None

    @contextlib.contextmanager
    def in_use(self) -> Iterator[None]:
        """Turn a SQLite failure inside the block into one StoreError (closing the store)."""
        try:
            yield
        except sqlite3.Error as error:
            self.close()
            raise store_error(error, self.path) from None

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
                record.card_id,
                record.topic,
                state,
                record.rating,
                lapse=lapsed and record.rating is Rating.AGAIN,
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

    def _save_card(
        self, card_id: str, topic: str, state: CardState, rating: Rating, *, lapse: bool
    ) -> None:
        self.db.execute(
            "INSERT INTO cards (card_id, topic, stage, step, stability, difficulty, due,"
            " last_review, reps, lapses, last_rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
            " ON CONFLICT (card_id) DO UPDATE SET topic = excluded.topic, stage = excluded.stage,"
            " step = excluded.step, stability = excluded.stability,"
            " difficulty = excluded.difficulty, due = excluded.due,"
            " last_review = excluded.last_review, reps = reps + 1,"
            " lapses = lapses + excluded.lapses, last_rating = excluded.last_rating",
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
                int(rating),
            ),
        )

    def take_in_reads(self, log: Path, *, best_effort: bool = False) -> int:
        """Move new lines of the reads log into the store; returns how many were new.

        The offset reached is kept with the log's identity (its first line, which
        carries the time of the first read): a log that was replaced (reset,
        deleted by hand) is read again from its start, and reads already held are
        ignored, so none is lost or counted twice. With `best_effort`, a store
        that is busy or read-only skips this (the reads wait in the log for next
        time), so reading progress never fails on it.
        """
        try:
            return self._take_in_reads(log)
        except sqlite3.OperationalError as error:
            if best_effort and not _corrupt(error):
                return 0
            raise

    def _take_in_reads(self, log: Path) -> int:
        identity = _log_identity(log)
        stored = (self._meta(_READS_OFFSET) or "0").split(":")
        same_file = len(stored) == 2 and stored[1] == identity
        offset = int(stored[0]) if same_file else 0
        reads, new_offset = reads_since(log, offset)
        if same_file and new_offset == offset:
            return 0
        with self._writing():
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO reads (topic, read_at) VALUES (?, ?)",
                [(topic, at) for at, topic in reads],
            )
            added = self.db.total_changes - before
            self._set_meta(_READS_OFFSET, f"{new_offset}:{identity}")
        return added

    def backup(self, reason: str) -> Path:
        """A consistent copy beside the store, `progress.sqlite3.<reason>-<time>`; returns its path.

        The copy is read through a second connection, which sees the last
        commit (WAL), so it also works while this connection holds the write lock.
        """
        target = _new_file(self.path, reason)
        source = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target

    def reset(self, reads_log: Path) -> Path:
        """Back up, then forget every answer, schedule and read; returns the backup's path.

        Imported flashcards stay, each scheduled as new again. The write lock is
        held from before the copy until the delete commits, so an answer given
        in another terminal meanwhile waits, and lands after the reset.
        """
        self.take_in_reads(reads_log)
        with self._writing():
            saved = self.backup("backup")
            for table in ("answers", "cards", "reads"):
                self.db.execute(f"DELETE FROM {table}")
            flashcards.schedule_all_as_new(self.db, time.time())
            with contextlib.suppress(OSError):
                os.truncate(reads_log, 0)
            self._set_meta(_READS_OFFSET, f"0:{_log_identity(reads_log)}")
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

    def card_states(self, *, among: Collection[str] | None = None) -> dict[str, CardState]:
        """The schedule of every card held (only those in `among`, if given)."""
        columns = "c.card_id, c.stage, c.step, c.stability, c.difficulty, c.due, c.last_review"
        rows = self._select(f"SELECT {columns} FROM {{cards}}", among)
        return {row[0]: _state(row[1:]) for row in rows}

    def last_ratings(self, *, among: Collection[str] | None = None) -> dict[str, Rating]:
        """The rating each answered card got last time (unanswered cards are absent)."""
        rows = self._select(
            "SELECT c.card_id, c.last_rating FROM {cards} WHERE c.last_rating IS NOT NULL", among
        )
        return {card_id: Rating(int(rating)) for card_id, rating in rows}

    def due(
        self, now: float, *, among: Collection[str] | None = None, limit: int = 10
    ) -> list[str]:
        """Cards due at `now`, most overdue first; only those in `among` if given."""
        rows = self._select(
            "SELECT c.card_id FROM {cards} WHERE c.due <= ? ORDER BY c.due LIMIT ?",
            among,
            (now, limit),
        )
        return [card_id for (card_id,) in rows]

    def count_due(self, before: float, *, among: Collection[str] | None = None) -> int:
        rows = self._select("SELECT COUNT(*) FROM {cards} WHERE c.due <= ?", among, (before,))
        return int(rows.fetchone()[0])

    def next_due(self, *, among: Collection[str] | None = None) -> float | None:
        """When the soonest card (in `among`, if given) falls due."""
        rows = self._select("SELECT MIN(c.due) FROM {cards}", among)
        soonest = rows.fetchone()[0]
        return None if soonest is None else float(soonest)

    def _select(
        self, query: str, among: Collection[str] | None, params: tuple[object, ...] = ()
    ) -> sqlite3.Cursor:
        """Run `query`, its `{cards}` standing for the cards table, joined to `among` if given.

        The ids go into a temporary table and the join uses the cards' primary
        key and due index, so picking from a bank of hundreds among 100,000
        stored cards reads hundreds of rows, not 100,000.
        """
        if among is None:
            return self.db.execute(query.format(cards="cards c"), params)
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (card_id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM temp.chosen")
        self.db.executemany("INSERT OR IGNORE INTO temp.chosen VALUES (?)", ((i,) for i in among))
        joined = "temp.chosen p JOIN cards c ON c.card_id = p.card_id"
        return self.db.execute(query.format(cards=joined), params)

    def totals_by_topic(self) -> dict[str, tuple[int, int]]:
        """topic -> (answers given, answers right)."""
        rows = self.db.execute("SELECT topic, COUNT(*), SUM(correct) FROM answers GROUP BY topic")
        return {topic: (int(n), int(right or 0)) for topic, n, right in rows}

    def answered_between(self, start: float, end: float) -> bool:
        """Whether any answer was given in [start, end): one index seek."""
        row = self.db.execute(
            "SELECT 1 FROM answers WHERE answered_at >= ? AND answered_at < ? LIMIT 1",
            (start, end),
        ).fetchone()
        return row is not None

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
        why = folder_problem(path.parent) or str(error)
        raise StoreError(f"Cannot create the folder for your progress store: {why}.") from None
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
        raise _classified(error, path) from None
    try:
        _configure(db, path.stat().st_size)
        _refuse_newer_version(migrations.version_of(db), path)
        migrations.migrate(db)
    except sqlite3.Error as error:
        db.close()
        raise _classified(error, path) from None
    except StoreError:
        db.close()
        raise
    return db


def _classified(error: sqlite3.Error, path: Path) -> Exception:
    """Corruption makes the file unusable (moved aside); anything else is reported, file kept."""
    if _corrupt(error):
        return _Unusable(str(error))
    return store_error(error, path)


def _corrupt(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or str(error).startswith("integrity check")


def store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """One clear message for a SQLite failure while using the store at `path`.

    A store found corrupt while in use is moved aside here, like one found
    corrupt on open; the command stops, and the next one starts a new store.
    """
    if _corrupt(error):
        try:
            moved = _move_aside(path)
        except StoreError as failed:
            return failed
        recovery = Recovery(path, moved, str(error))
        return StoreError(f"{recovery.describe()} Run the command again to carry on.")
    name = getattr(error, "sqlite_errorname", "")
    if isinstance(error, sqlite3.OperationalError) and _busy(error):
        return StoreError(
            f"Your progress store {path} is busy: another primer has held it for over "
            f"{BUSY_TIMEOUT_SECONDS:g} s. Nothing was lost; try again when it has finished."
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in str(error):
        return StoreError(
            f"Your progress store {path} is read-only, so answers cannot be saved.",
            hint="Check the file's permissions, or set PRIMER_HOME to a folder you can write.",
        )
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"The disk holding your progress store {path} is full.")
    return StoreError(
        f"Your progress store {path} could not be used: {error}. It was left as it is."
    )


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
    _refuse_newer_version(_version_on_disk(path), path)


def _refuse_newer_version(version: int, path: Path) -> None:
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


def _busy(error: sqlite3.Error) -> bool:
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


def _new_file(path: Path, reason: str) -> Path:
    """Create an empty file beside `path`, with a name no other file has; returns it."""
    while True:
        candidate = _free_name(path, reason)
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue  # another process took that name between the check and now
        return candidate


def _log_identity(path: Path) -> str:
    """Which reads log is at `path`: a checksum of its first line (the first read and its time).

    Not the inode: a log deleted and created again often gets the same inode.
    """
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError:
        return "none"
    return f"{zlib.crc32(first):08x}" if first.endswith(b"\n") else "none"


def _free_name(path: Path, reason: str) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.name}.{reason}-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.{reason}-{stamp}-{counter}")
    return candidate
