"""Bad packages: each is refused with one clear message and exit 2, the store left exactly as it was.

Not a zip, a zip with no collection, a damaged SQLite file inside, a zip bomb,
member names that climb out or are absolute, a size that lies: every case is
refused before the store is opened, nothing is written outside the temporary
directory, and the temporary directory is gone afterwards.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from primer_cli.anki.package import MAX_COLLECTION_BYTES, BadPackage, opened_collection
from primer_cli.cli import app
from primer_cli.quiz.scheduling import Rating, schedule
from primer_cli.quiz.store import AnswerRecord, open_store
from tests import ankidecks


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where temporary directories go during the test: it must be empty afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    # (genanki, making the test packages, leaves files of its own here)
    assert not list(folder.glob("primer-anki-*")), "the temporary directory was left behind"


@pytest.fixture
def store_digest(isolated_home: Path) -> Callable[[], str]:
    """A store with one answer in it, and a way to check it is byte-for-byte the same."""
    path = isolated_home / "progress.sqlite3"
    with open_store(path) as store:
        record = AnswerRecord(
            "cap-consistency-not-acid", "cap-theorem", "quiz", "a", True, Rating.GOOD, 1.79e9
        )
        store.record_answer(record, schedule)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def digest() -> str:
        files = sorted(isolated_home.glob("progress.sqlite3*"))
        return "|".join(f"{p.name}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files)

    return digest


def a_collection(tmp_path: Path) -> bytes:
    package = ankidecks.write(tmp_path / "good.apkg", {"Good": ankidecks.numbered(2)})
    with zipfile.ZipFile(package) as archive:
        return archive.read("collection.anki2")


def not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "notes.apkg"
    path.write_text("front,back\nwhat is 2+2,4\n")
    return path


def no_collection(tmp_path: Path) -> Path:
    return ankidecks.zip_of(tmp_path / "empty.apkg", {"media": b"{}", "readme.txt": b"hello"})


def corrupt_sqlite(tmp_path: Path) -> Path:
    data = bytearray(a_collection(tmp_path))
    data[4096 : 4096 + 2048] = os.urandom(2048)  # scribble over the second page
    return ankidecks.zip_of(
        tmp_path / "corrupt.apkg", {"collection.anki2": bytes(data), "media": b"{}"}
    )


def not_sqlite(tmp_path: Path) -> Path:
    return ankidecks.zip_of(tmp_path / "text.apkg", {"collection.anki2": b"not a database" * 500})


def zip_bomb(tmp_path: Path) -> Path:
    path = ankidecks.zip_of(tmp_path / "bomb.apkg", {"collection.anki2": a_collection(tmp_path)})
    return ankidecks.declare_size(path, "collection.anki2", MAX_COLLECTION_BYTES * 3)


def huge_media(tmp_path: Path) -> Path:
    """Media are never unpacked, but three that each claim 4 GiB add up past the package limit."""
    media = {str(n): b"\0" * 1000 for n in range(3)}
    path = ankidecks.zip_of(
        tmp_path / "media-bomb.apkg", {"collection.anki2": a_collection(tmp_path), **media}
    )
    for name in media:
        ankidecks.declare_size(path, name, 0xFFFF_FFF0)
    return path


def climbs_out(tmp_path: Path) -> Path:
    return ankidecks.zip_of(
        tmp_path / "dotdot.apkg",
        {"collection.anki2": a_collection(tmp_path), "../../escaped.txt": b"gotcha"},
    )


def absolute_name(tmp_path: Path) -> Path:
    return ankidecks.zip_of(
        tmp_path / "absolute.apkg",
        {"/tmp/primer-escaped.txt": b"gotcha", "collection.anki2": a_collection(tmp_path)},
    )


def windows_absolute(tmp_path: Path) -> Path:
    return ankidecks.zip_of(
        tmp_path / "drive.apkg",
        {"collection.anki2": a_collection(tmp_path), "C:\\Windows\\evil.txt": b"gotcha"},
    )


def size_that_lies(tmp_path: Path) -> Path:
    path = ankidecks.zip_of(tmp_path / "liar.apkg", {"collection.anki2": a_collection(tmp_path)})
    return ankidecks.declare_size(path, "collection.anki2", 1024)


def truncated(tmp_path: Path) -> Path:
    path = ankidecks.write(tmp_path / "cut.apkg", {"Good": ankidecks.numbered(50)})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


BAD = {
    "not a zip": (not_a_zip, "it is not a zip file"),
    "no collection": (no_collection, "holds no collection"),
    "corrupt sqlite": (corrupt_sqlite, "is damaged"),
    "not sqlite inside": (not_sqlite, "is damaged"),
    "zip bomb": (zip_bomb, "zip bomb"),
    "huge media": (huge_media, "zip bomb"),
    "dot-dot member": (climbs_out, "outside the folder"),
    "absolute member": (absolute_name, "outside the folder"),
    "drive-letter member": (windows_absolute, "outside the folder"),
    "size that lies": (size_that_lies, "damaged"),
    "truncated zip": (truncated, "not an Anki package"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_package_is_refused_and_changes_nothing(
    case: str,
    tmp_path: Path,
    scratch: Path,
    store_digest: Callable[[], str],
    runner: CliRunner,
) -> None:
    make, expected = BAD[case]
    package = make(tmp_path)
    before = store_digest()
    result = runner.invoke(app, ["import", "anki", str(package)])
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert result.output.count("Error:") == 1
    assert store_digest() == before, "the store changed"
    assert (
        not list(tmp_path.parent.glob("**/escaped.txt"))
        and not Path("/tmp/primer-escaped.txt").exists()
    )


def test_the_temporary_directory_is_removed_after_a_good_package_too(
    tmp_path: Path, scratch: Path
) -> None:
    package = ankidecks.write(tmp_path / "good.apkg", {"Good": ankidecks.numbered(3)})
    with opened_collection(package) as db:
        assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 3
        inside = list(scratch.iterdir())  # the package was written before: only ours is here
        assert [p.name.startswith("primer-anki-") for p in inside].count(True) == 1
    assert not list(scratch.glob("primer-anki-*"))


def test_the_collection_is_opened_read_only(tmp_path: Path, scratch: Path) -> None:
    package = ankidecks.write(tmp_path / "good.apkg", {"Good": ankidecks.numbered(1)})
    with opened_collection(package) as db, pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM notes")


def test_a_missing_file_and_a_folder_are_clear_errors(tmp_path: Path, runner: CliRunner) -> None:
    missing = runner.invoke(app, ["import", "anki", str(tmp_path / "nope.apkg")])
    assert missing.exit_code == 2 and "There is no file" in missing.output
    folder = runner.invoke(app, ["import", "anki", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_a_newer_package_than_primer_reads_says_how_to_export_older(tmp_path: Path) -> None:
    from primer_cli.anki.collection import read_notes

    db = sqlite3.connect(tmp_path / "odd.sqlite3")
    db.executescript(
        "CREATE TABLE col (models TEXT, decks TEXT); INSERT INTO col VALUES ('not json', '{}');"
        "CREATE TABLE notes (id, guid, mid, flds); CREATE TABLE cards (nid, did, odid, ord);"
    )
    with pytest.raises(BadPackage) as refused:
        read_notes(db, tmp_path / "odd.apkg")
    assert "Support older Anki versions" in (refused.value.hint or "")
