"""The progress store keeps every answer: migrations, concurrency, SIGKILL, corruption, newer files."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from primer_cli.quiz import migrations
from primer_cli.quiz.reads import record_read
from primer_cli.quiz.scheduling import Rating, schedule
from primer_cli.quiz.store import AnswerRecord, StoreError, open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
T0 = 1_790_000_000.0


def answer(
    card: str = "cap-consistency-not-acid", correct: bool = True, at: float = T0
) -> AnswerRecord:
    rating = Rating.GOOD if correct else Rating.AGAIN
    return AnswerRecord(card, "cap-theorem", "quiz", "a", correct, rating, at, 3.0)


def schema_of(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return [(name, " ".join(sql.split())) for name, sql in rows]
    finally:
        db.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Migrations -------------------------------------------------------------------


def test_there_is_a_fixture_for_every_version() -> None:
    assert {f"v{v}.sqlite3" for v in range(migrations.LATEST + 1)} <= {
        p.name for p in FIXTURES.glob("v*.sqlite3")
    }


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("v*.sqlite3")), ids=lambda p: p.stem)
def test_every_version_migrates_to_the_latest_schema(fixture: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh).close()
    old = tmp_path / "old.sqlite3"
    shutil.copy(fixture, old)
    before = sqlite3.connect(old)
    had_answers = before.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE name = 'answers'"
    ).fetchone()[0]
    answers_before = (
        before.execute("SELECT COUNT(*) FROM answers").fetchone()[0] if had_answers else 0
    )
    before.close()
    with open_store(old) as store:
        assert migrations.version_of(store.db) == migrations.LATEST
        answers_after = store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    assert schema_of(old) == schema_of(fresh)
    assert answers_after == answers_before, "a migration must keep every answer"


def test_fixture_v1_holds_answers_and_reads(tmp_path: Path) -> None:
    copy = tmp_path / "v1.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", copy)
    with open_store(copy) as store:
        assert store.totals_by_topic() == {
            "cap-theorem": (2, 1),
            "back-of-envelope-estimation": (1, 1),
        }
        assert set(store.topics_read()) == {"cap-theorem"}


def test_a_failing_migration_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.sqlite3"

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", (broken,))
    monkeypatch.setattr(migrations, "LATEST", 1)
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(RuntimeError):
        migrations.migrate(db)
    assert migrations.version_of(db) == 0
    assert (
        db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    )


# Answers -----------------------------------------------------------------------


def test_each_answer_is_committed_before_record_returns(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with open_store(path) as store:
        store.record_answer(answer(), schedule)
        other = sqlite3.connect(path)  # another connection sees it at once: it is committed
        assert other.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1
        other.close()


def test_due_cards_come_most_overdue_first(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        for i, card in enumerate(["late", "later", "latest"]):
            store.record_answer(answer(card, correct=False, at=T0 + i * 10), schedule)
        assert store.due(T0 + 3_600) == ["late", "later", "latest"]
        assert store.due(T0 + 3_600, among={"later", "latest"}, limit=1) == ["later"]
        assert store.due(T0) == []
        assert store.next_due() == pytest.approx(T0 + 60)  # a wrong answer comes back in 1 minute


WRITER = """
import sys, time
from pathlib import Path
from primer_cli.quiz.scheduling import Rating, schedule
from primer_cli.quiz.store import AnswerRecord, open_store
path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open_store(path) as store:
    for i in range(count):
        card = f"shared-{i % 5}" if i % 2 else f"{name}-{i}"
        store.record_answer(AnswerRecord(card, "cap-theorem", "quiz", "a", True, Rating.GOOD, time.time()), schedule)
"""


def test_four_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    open_store(path).close()
    per_writer = 60
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{n}", str(per_writer)])
        for n in range(4)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 4 * per_writer
    # Shared cards were updated by several processes; every update counted.
    shared_reps = db.execute(
        "SELECT SUM(reps) FROM cards WHERE card_id LIKE 'shared-%'"
    ).fetchone()[0]
    assert shared_reps == 4 * per_writer // 2


# Damaged and foreign files -------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_moved_aside_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    garbage = b"this is not a database\n" * 100
    path.write_bytes(garbage)
    with open_store(path) as store:
        recovered = store.recovered
        assert recovered is not None
        store.record_answer(answer(), schedule)
    assert recovered.moved_to.read_bytes() == garbage
    assert recovered.moved_to.name.startswith("progress.sqlite3.corrupt-")
    message = recovered.describe()
    assert (
        str(path) in message
        and str(recovered.moved_to) in message
        and "could not be read" in message
    )


def test_damaged_pages_are_found_and_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with open_store(path) as store:
        for i in range(300):
            store.record_answer(answer(f"card-{i}", at=T0 + i), schedule)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 200] = os.urandom(200)  # scribble over an index page
    path.write_bytes(bytes(data))
    damaged = digest(path)
    with open_store(path) as store:
        assert store.recovered is not None
        assert digest(store.recovered.moved_to) == damaged


def test_a_second_recovery_never_overwrites_the_first(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"first bad file")
    first = open_store(path)
    first.close()
    path.unlink()
    path.write_bytes(b"second bad file")
    second = open_store(path)
    second.close()
    assert first.recovered and second.recovered
    assert first.recovered.moved_to != second.recovered.moved_to
    assert first.recovered.moved_to.read_bytes() == b"first bad file"
    assert second.recovered.moved_to.read_bytes() == b"second bad file"


def test_a_store_from_a_newer_primer_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with open_store(path) as store:
        store.record_answer(answer(), schedule)
        store.db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    before, mtime = digest(path), path.stat().st_mtime_ns
    with pytest.raises(StoreError) as refused:
        open_store(path)
    assert "newer primer" in refused.value.message and "left untouched" in refused.value.message
    assert digest(path) == before and path.stat().st_mtime_ns == mtime
    assert not Path(f"{path}-wal").exists()


# Reads, backup and reset -------------------------------------------------------------


def test_reads_are_taken_in_once(tmp_path: Path) -> None:
    log = tmp_path / "reads.log"
    record_read(log, "cap-theorem", now=T0)
    record_read(log, "dns", now=T0 + 1)
    with open_store(tmp_path / "p.sqlite3") as store:
        assert store.take_in_reads(log) == 2
        assert store.take_in_reads(log) == 0
        record_read(log, "cdn", now=T0 + 2)
        with log.open("ab") as handle:
            handle.write(b"1790000003.000\tha")  # a line still being written
        assert store.take_in_reads(log) == 1
        assert set(store.topics_read()) == {"cap-theorem", "dns", "cdn"}


def test_a_replaced_reads_log_is_read_again_without_duplicates(tmp_path: Path) -> None:
    log = tmp_path / "reads.log"
    record_read(log, "cap-theorem", now=T0)
    record_read(log, "dns", now=T0 + 1)
    with open_store(tmp_path / "p.sqlite3") as store:
        store.take_in_reads(log)
        log.write_text(f"{T0:.3f}\tcap-theorem\n")  # shorter than before: rewritten by hand
        assert store.take_in_reads(log) == 0
        assert store.db.execute("SELECT COUNT(*) FROM reads").fetchone()[0] == 2


def test_reset_keeps_a_backup_and_starts_empty(tmp_path: Path) -> None:
    log = tmp_path / "reads.log"
    record_read(log, "cap-theorem", now=T0)
    path = tmp_path / "progress.sqlite3"
    with open_store(path) as store:
        store.record_answer(answer(), schedule)
        backup = store.reset(log)
        assert (
            store.totals_by_topic() == {}
            and store.topics_read() == {}
            and store.card_states() == {}
        )
    saved = sqlite3.connect(backup)
    assert saved.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1
    assert saved.execute("SELECT COUNT(*) FROM reads").fetchone()[0] == 1
    assert log.read_text() == ""


def test_an_unusable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError) as failed:
        open_store(blocker / "progress.sqlite3")
    assert "Cannot create the folder" in failed.value.message


def test_a_store_past_the_deep_check_size_skips_the_page_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primer_cli.quiz import store as store_module

    path = tmp_path / "p.sqlite3"
    with open_store(path) as store:
        store.record_answer(answer(), schedule)
    checks: list[str] = []
    real_execute = sqlite3.Connection.execute

    class Spy(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if "quick_check" in sql:
                checks.append(sql)
            return real_execute(self, sql, *args)  # type: ignore[arg-type]

    real_connect = sqlite3.connect
    monkeypatch.setattr(
        store_module.sqlite3, "connect", lambda *a, **k: real_connect(*a, factory=Spy, **k)
    )
    open_store(path).close()
    assert len(checks) == 1
    monkeypatch.setattr(store_module, "DEEP_CHECK_MAX_BYTES", 0)
    open_store(path).close()
    assert len(checks) == 1


def test_primer_home_that_is_a_file_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'[Errno 17] File exists' told nobody that PRIMER_HOME was the trouble."""
    from typer.testing import CliRunner

    from primer_cli.cli import app

    home = tmp_path / "home"
    home.write_text("a file where the folder should be")
    monkeypatch.setenv("PRIMER_HOME", str(home))
    result = CliRunner().invoke(app, ["progress"])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "PRIMER_HOME" in message and "is a file, not a folder" in message, message
    assert "Errno" not in message and len(message.splitlines()) == 1, message


def test_a_file_in_the_way_of_the_store_folder_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError) as failed:
        open_store(blocker / "deeper" / "progress.sqlite3")
    assert f"{blocker} is a file, not a folder" in failed.value.message
    assert "Errno" not in failed.value.message
