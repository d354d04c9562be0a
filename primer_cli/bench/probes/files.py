"""A file in the run's temporary directory: reads past the page cache, and fsync.

The page cache would turn every read into a memory copy, so reads open the
file with O_DIRECT (Linux). Where that is not possible the rows say so rather
than time the cache. On a virtual machine the host may still cache the disk.
"""

from __future__ import annotations

import mmap
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from primer_cli.bench.context import Context
from primer_cli.bench.machine import MEMORY_FILESYSTEMS, filesystem_type
from primer_cli.bench.outcome import Measured, NotMeasured, Outcome
from primer_cli.bench.settings import MIB
from primer_cli.bench.stats import Spread
from primer_cli.bench.timing import WALL, per_operation

BLOCK = 4096  # O_DIRECT wants offsets and buffers aligned to the device's block
DATA_FILE = "read-back.dat"
SYNC_FILE = "fsync.dat"


@dataclass
class DataFile:
    fd: int  # opened with O_DIRECT
    size: int
    next_megabyte: int = 0

    def close(self) -> None:
        os.close(self.fd)


def _refusal(workdir: Path) -> str | None:
    """Why the page cache cannot be bypassed in `workdir`, or None when it can."""
    if not hasattr(os, "O_DIRECT"):
        return f"The page cache could not be bypassed: primer uses O_DIRECT, which {sys.platform} lacks, and a cached read would time memory, not the drive."
    kind = filesystem_type(workdir)
    if kind in MEMORY_FILESYSTEMS:
        return f"The temporary directory is on {kind}, which keeps files in memory: there is no drive to read from (choose a directory on a disk)."
    return None


def _write_data_file(path: Path, size: int) -> None:
    chunk = os.urandom(MIB)
    with path.open("wb") as out:
        for _ in range(size // MIB):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())  # on the device before the timed reads


def data_file(context: Context) -> DataFile | str:
    """The run's O_DIRECT file, made on first use, or the reason there is none."""
    if context.data_file is None:
        context.data_file = _open_data_file(context)
    return context.data_file


def _open_data_file(context: Context) -> DataFile | str:
    refusal = _refusal(context.workdir)
    if refusal is not None:
        return refusal
    path = context.workdir / DATA_FILE
    _write_data_file(path, context.effort.file_bytes)
    try:
        return DataFile(os.open(path, os.O_RDONLY | os.O_DIRECT), context.effort.file_bytes)
    except OSError as error:
        return f"The page cache could not be bypassed: this filesystem refused O_DIRECT ({error.strerror})."


def close_data_file(context: Context) -> None:
    if isinstance(context.data_file, DataFile):
        context.data_file.close()
        context.data_file = None


def _read_exactly(fd: int, buffer: mmap.mmap, offset: int) -> None:
    if os.preadv(fd, [buffer], offset) != len(buffer):
        raise OSError(f"short read at offset {offset}")


def _random_blocks(file: DataFile, context: Context) -> Callable[[int], None]:
    buffer = mmap.mmap(-1, BLOCK)  # page-aligned, as O_DIRECT requires
    blocks = file.size // BLOCK
    offsets = context.rng

    def batch(count: int) -> None:
        for _ in range(count):
            _read_exactly(file.fd, buffer, offsets.randrange(blocks) * BLOCK)

    return batch


def _megabytes(file: DataFile) -> Callable[[int], None]:
    buffer = mmap.mmap(-1, MIB)

    def batch(count: int) -> None:
        for _ in range(count):
            _read_exactly(file.fd, buffer, file.next_megabyte)
            file.next_megabyte = (file.next_megabyte + MIB) % file.size

    return batch


def read_random_block(context: Context) -> Outcome:
    file = data_file(context)
    if isinstance(file, str):
        return NotMeasured(file)
    samples = per_operation(_random_blocks(file, context), context.effort, WALL)
    note = (
        f"pread of 4 KB at a random aligned offset in a {file.size // MIB} MiB file, O_DIRECT "
        "(page cache bypassed). Whatever drive holds the temporary directory; a virtual "
        "machine's host may still cache it. Wall clock."
    )
    return Measured(Spread.of(samples), note)


def read_sequential_megabyte(context: Context) -> Outcome:
    file = data_file(context)
    if isinstance(file, str):
        return NotMeasured(file)
    samples = per_operation(_megabytes(file), context.effort, WALL)
    note = (
        f"One 1 MB pread after another through a {file.size // MIB} MiB file, O_DIRECT (page "
        "cache bypassed). Whatever drive holds the temporary directory; a virtual machine's "
        "host may still cache it. Wall clock."
    )
    return Measured(Spread.of(samples), note)


def _write_and_sync(fd: int) -> Callable[[int], None]:
    block = os.urandom(BLOCK)

    def batch(count: int) -> None:
        for _ in range(count):
            os.pwrite(fd, block, 0)
            os.fsync(fd)

    return batch


def fsync_small_write(context: Context) -> Outcome:
    kind = filesystem_type(context.workdir)
    if kind in MEMORY_FILESYSTEMS:
        return NotMeasured(
            f"The temporary directory is on {kind}: fsync has no drive to reach (choose a directory on a disk)."
        )
    fd = os.open(context.workdir / SYNC_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        samples = per_operation(_write_and_sync(fd), context.effort, WALL)
    finally:
        os.close(fd)
    note = "Overwrite 4 KB of a file, then os.fsync until the drive reports it durable. Wall clock."
    if sys.platform == "darwin":
        note += " On macOS fsync does not flush the drive's own cache (F_FULLFSYNC would)."
    return Measured(Spread.of(samples), note)
