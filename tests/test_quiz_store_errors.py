"""Store failures after opening: one clear message, the right exit code, the file kept or moved aside."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.quiz import migrations
from primer_cli.quiz import store as store_module
from primer_cli.quiz.reads import record_read
from primer_cli.quiz.scheduling import Rating, schedule
from primer_cli.quiz.store import AnswerRecord, StoreError, open_store, store_error

T0 = 1_790_000_000.0


def answer(card: str, at: float = T0) -> AnswerRecord:
    return AnswerRecord(card, "cap-theorem", "quiz", "a", True, Rating.GOOD, at, 2.0)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_busy_store_is_one_message_and_nothing_is_lost(
    runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = isolated_home / "progress.sqlite3"
    open_store(path).close()
    record_read(isolated_home / "reads.log", "dns")  # `primer progress` will want to write it in
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(
            app, ["quiz", "cap", "-n", "1", "--seed", "1", "--json"], input="a\n"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "is busy" in result.stderr and "Traceback" not in result.output


def test_a_readonly_store_is_reported_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    open_store(path).close()
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as failed:
        readonly.execute("INSERT INTO meta VALUES ('k', 'v')")
    readonly.close()
    message = store_error(failed.value, path).message
    assert "is read-only" in message
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_store_that_cannot_be_opened_is_not_treated_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.mkdir()  # a folder where the file should be: unopenable, but not corrupt data
    with pytest.raises(StoreError):
        open_store(path)
    assert path.is_dir() and not list(tmp_path.glob("*.corrupt-*"))


def test_corruption_found_in_use_moves_the_store_aside(
    runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = isolated_home / "progress.sqlite3"
    with open_store(path) as store:
        for i in range(400):
            store.record_answer(answer(f"card-{i}", T0 + i), schedule)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 : page * 4096 + 64] = os.urandom(64)
    path.write_bytes(bytes(data))
    damaged = digest(path)
    monkeypatch.setattr(store_module, "DEEP_CHECK_MAX_BYTES", 0)  # as if too big to check on open
    result = runner.invoke(app, ["progress", "--json"])
    assert result.exit_code == 1
    assert "could not be read" in result.stderr and "Traceback" not in result.output
    (moved,) = isolated_home.glob("progress.sqlite3.corrupt-*")
    assert digest(moved) == damaged
    again = runner.invoke(app, ["progress", "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["answered"] == 0


def test_a_newer_version_seen_only_through_the_connection_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    with open_store(path) as store:
        store.db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(path)
    monkeypatch.setattr(
        store_module, "_version_on_disk", lambda _path: 0
    )  # as when the peek is busy
    with pytest.raises(StoreError) as refused:
        open_store(path)
    assert "newer primer" in refused.value.message
    assert digest(path) == before


def test_reset_holds_the_write_lock_across_backup_and_delete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path)
    store.record_answer(answer("before"), schedule)
    seen: list[str] = []
    real_backup = store.backup

    def backup_while_another_terminal_answers(reason: str) -> Path:
        saved = real_backup(reason)
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            seen.append("wrote during the reset")
        except sqlite3.OperationalError as error:
            seen.append(str(error))
        finally:
            other.close()
        return saved

    monkeypatch.setattr(store, "backup", backup_while_another_terminal_answers)
    saved = store.reset(tmp_path / "reads.log")
    store.close()
    assert seen == ["database is locked"]
    assert sqlite3.connect(saved).execute("SELECT card_id FROM answers").fetchall() == [("before",)]


def test_a_backup_never_replaces_an_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setattr(store_module.time, "strftime", lambda _fmt: "20261130T120000")
    taken = tmp_path / "progress.sqlite3.backup-20261130T120000"
    taken.write_bytes(b"an earlier backup")
    with open_store(path) as store:
        saved = store.backup("backup")
    assert saved != taken and taken.read_bytes() == b"an earlier backup"


def test_concurrent_backups_get_different_files(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    open_store(path).close()
    results: list[Path] = []

    def take() -> None:
        with open_store(path) as store:
            results.append(store.backup("backup"))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 4


def test_a_replaced_reads_log_loses_no_read(tmp_path: Path) -> None:
    log = tmp_path / "reads.log"
    with open_store(tmp_path / "p.sqlite3") as store:
        record_read(log, "dns", now=T0)
        record_read(log, "cdn", now=T0 + 1)
        store.take_in_reads(log)
        log.unlink()  # removed by hand; the new log grows past the old offset
        for i, topic in enumerate(["cap-theorem", "tcp", "udp"]):
            record_read(log, topic, now=T0 + 10 + i)
        store.take_in_reads(log)
        assert set(store.topics_read()) == {"dns", "cdn", "cap-theorem", "tcp", "udp"}


def test_answers_that_are_not_utf8_are_graded_not_crashed(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["quiz", "cap", "-n", "1", "--seed", "1", "--json"], input=b"\xff\xfe\n"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"][0]["correct"] is False
    answers = tmp_path / "answers.txt"
    answers.write_bytes(b"\xff\n")
    result = runner.invoke(app, ["quiz", "cap", "-n", "1", "--answers", str(answers), "--json"])
    assert result.exit_code == 0 and "Traceback" not in result.output
