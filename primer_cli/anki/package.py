"""Open an Anki package (.apkg) without trusting it.

An .apkg is a zip holding a SQLite collection and media. The zip is checked
before anything is extracted: member names that are absolute or climb out
with '..' are refused, and so is any member whose declared uncompressed size
is over a limit (a zip bomb declares gigabytes). Only the collection is
extracted, under a fixed name in a temporary directory that is always
removed, and the copy stops at the declared size even if the data says
otherwise. The collection is then opened read-only and checked page by page.

Which collection: a package from Anki 2.1.50 or later holds the real one as
`collection.anki21b` (zstd-compressed) beside a dummy `collection.anki2`
whose one note asks to update Anki, so the newest format present wins:
anki21b, then anki21, then anki2.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO, Protocol

from primer_cli.errors import EXIT_USAGE, PrimerError

# The largest shared decks (tens of thousands of notes) have collections of a
# few hundred MB; this is over that and far under what a zip bomb declares.
MAX_COLLECTION_BYTES = 1024**3
# Media are never extracted, but a package declaring more than this in all is refused.
MAX_PACKAGE_BYTES = 8 * 1024**3
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_CHUNK = 1024 * 1024
OLDER_FORMAT_HINT = (
    "In Anki, choose File > Export, 'Anki Deck Package (.apkg)', and tick "
    "'Support older Anki versions'."
)


class BadPackage(PrimerError):
    """A file that is not a usable Anki package; nothing was imported."""

    exit_code = EXIT_USAGE


@contextlib.contextmanager
def opened_collection(path: Path) -> Iterator[sqlite3.Connection]:
    """The package's collection, read-only, from a temporary copy removed afterwards."""
    with _zip(path) as archive:
        member = _collection_member(archive, path)
        with tempfile.TemporaryDirectory(prefix="primer-anki-") as folder:
            target = Path(folder) / "collection.sqlite3"
            _extract(archive, member, target, path)
            db = _open_checked(target, path)
            try:
                yield db
            finally:
                db.close()


@contextlib.contextmanager
def _zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BadPackage(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BadPackage(f"{path} is a folder, not an Anki package (.apkg).") from None
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        why = "it is not a zip file" if isinstance(error, zipfile.BadZipFile) else str(error)
        raise BadPackage(f"{path} is not an Anki package: {why}.") from None
    with archive:
        _check_members(archive, path)
        yield archive


def _check_members(archive: zipfile.ZipFile, path: Path) -> None:
    total = 0
    for info in archive.infolist():
        if not _safe_name(info.filename):
            raise BadPackage(
                f"{path} is refused: it holds a file named '{info.filename}', which would be "
                "written outside the folder it is unpacked in."
            )
        total += info.file_size
        limit = MAX_COLLECTION_BYTES if info.filename in COLLECTIONS else MAX_PACKAGE_BYTES
        if info.file_size > limit or total > MAX_PACKAGE_BYTES:
            raise BadPackage(
                f"{path} is refused: '{info.filename}' declares {_size(info.file_size)} "
                f"unpacked (the limit is {_size(limit)}), which is what a zip bomb looks like."
            )


def _safe_name(name: str) -> bool:
    for flavour in (PurePosixPath(name), PureWindowsPath(name)):
        if flavour.is_absolute() or flavour.drive or ".." in flavour.parts:
            return False
    return not name.startswith(("/", "\\"))


def _collection_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    names = {info.filename: info for info in archive.infolist()}
    for name in COLLECTIONS:
        if name in names:
            return names[name]
    raise BadPackage(
        f"{path} is not an Anki package: it holds no collection ({', '.join(COLLECTIONS[::-1])})."
    )


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, path: Path) -> None:
    """Copy the collection out, decompressing zstd for anki21b, never past the size limit."""
    try:
        with archive.open(member) as raw, target.open("wb") as out:
            if member.filename.endswith(".anki21b"):
                with _zstd_reader(raw) as stream:
                    _copy_bounded(stream, out, MAX_COLLECTION_BYTES, path)
            else:
                _copy_bounded(raw, out, member.file_size, path)
    except BadPackage:
        raise
    except Exception as error:  # zlib, zstd, CRC and truncation errors all mean one thing
        raise BadPackage(
            f"{path} is damaged: its collection cannot be unpacked ({error})."
        ) from None


def _zstd_reader(raw: IO[bytes]) -> io.BufferedIOBase:
    # Anki 2.1.50+ compresses the collection with zstd: in the standard library
    # from Python 3.14, from the backports.zstd package before (38 ms to import here).
    if sys.version_info >= (3, 14):
        from compression import zstd
    else:
        from backports import zstd
    return zstd.ZstdFile(raw)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _copy_bounded(source: _Readable, out: IO[bytes], limit: int, path: Path) -> None:
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > limit:
            raise BadPackage(
                f"{path} is refused: its collection unpacks to more than {_size(limit)}."
            )
        out.write(chunk)


def _open_checked(target: Path, path: Path) -> sqlite3.Connection:
    """Open the extracted collection read-only; a damaged or foreign file is refused."""
    try:
        db = sqlite3.connect(f"file:{target}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BadPackage(f"{path} is damaged: {error}.") from None
    # Schema 18 declares its names COLLATE unicase, a collation Anki registers itself;
    # without it SQLite cannot even check those indexes.
    db.create_collation("unicase", _unicase)
    try:
        problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(problem)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        db.close()
        detail = " ".join(str(error).replace("*** in database main ***", "").split())
        raise BadPackage(
            f"{path} is damaged: its collection is not a readable SQLite database ({detail})."
        ) from None
    if not {"notes", "cards", "col"} <= tables:
        db.close()
        raise BadPackage(f"{path} is not an Anki package: its collection has no notes table.")
    return db


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _size(count: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"
