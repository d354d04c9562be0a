"""A checked cache of parsed content on disk: served only if it is exactly what was written.

Parsing and validating YAML costs tens of milliseconds per command, so the
checked result is kept in the user's cache directory with `marshal` (built
in, no import cost, the fastest loader for plain tuples). A cache file holds
its format version, the key it was built for (the content files' names,
sizes and times), and a CRC-32 of its payload: a stale key, another format, a
flipped bit or a truncated file all read as a miss, and the caller rebuilds.
Writes go to a temporary file renamed into place, so a reader never sees half
a file; a cache that cannot be written is simply skipped.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

FORMAT = 2  # the envelope below; callers add their own layout version to the key

T = TypeVar("T")


def fingerprint(directory: Path, *parts: str) -> str:
    """A key that changes whenever any `*.yaml` in `directory` is added, removed or edited."""
    lines = [*parts, str(directory.resolve())]
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                lines.append(f"{entry.name}:{_stamp(entry)}")
    return "\n".join(lines)


def _stamp(entry: os.DirEntry[str]) -> str:
    """Size and time of a file; a link that cannot be followed still changes the key.

    The loader, not the cache, reports what is wrong with such an entry.
    """
    try:
        stat = entry.stat()
    except OSError as error:
        return f"unreadable:{error.errno}"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def cached(
    cache_root: Path | None,
    prefix: str,
    key: str,
    build: Callable[[], T],
    pack: Callable[[T], Any],
    unpack: Callable[[Any], T],
) -> T:
    """`build()`'s result, served from `cache_root` when a valid copy for `key` is there."""
    if cache_root is None:
        return build()
    path = cache_root / f"{prefix}-{zlib.crc32(key.encode()):08x}.marshal"
    packed = _read(path, key)
    if packed is not None:
        try:
            return unpack(packed)
        except Exception:  # a payload of the wrong shape: rebuild it
            pass
    fresh = build()
    _write(path, prefix, key, pack(fresh))
    return fresh


def _read(path: Path, key: str) -> Any | None:
    try:
        envelope = marshal.loads(path.read_bytes())
        version, stored_key, checksum, payload = envelope
        if version != FORMAT or stored_key != key or zlib.crc32(payload) != checksum:
            return None
        return marshal.loads(payload)
    except Exception:  # missing, unreadable, truncated, garbled: all a miss
        return None


def _write(path: Path, prefix: str, key: str, packed: Any) -> None:
    try:
        payload = marshal.dumps(packed)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps((FORMAT, key, zlib.crc32(payload), payload)))
        partial.replace(path)
        _remove_others(path.parent.glob(f"{prefix}-*.marshal"), keep=path)
    except (OSError, ValueError):
        pass  # a read-only home still gets correct, only slower, answers


def _remove_others(paths: Iterable[Path], *, keep: Path) -> None:
    for old in paths:
        if old != keep:
            old.unlink(missing_ok=True)
