"""The topic library as commands see it: loaded once per process, cached across runs.

Parsing and checking every YAML file costs tens of milliseconds, a large share
of `primer learn`'s budget. The checked library is stored in the user cache
with `marshal` (built in, no import cost, the fastest loader for plain tuples),
keyed by primer's version and each file's name, size and modification time,
so any edit to the content is re-validated on the next run. A missing, stale
or unreadable cache is simply rebuilt; an unwritable one is skipped. A cached
run imports neither YAML nor the loader.
"""

from __future__ import annotations

import marshal
import os
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from primer_cli import __version__
from primer_cli.paths import cache_dir, content_dir
from primer_cli.topics.library import Library
from primer_cli.topics.schema import Section, Source, Table, Topic, Tradeoff

_FORMAT = 1  # bump when the packed layout below changes


@cache
def library() -> Library:
    """The shipped (or `PRIMER_CONTENT`) topic library, checked."""
    directory = content_dir()
    if os.environ.get("PRIMER_NO_CACHE"):
        from primer_cli.topics.loader import load_library

        return load_library(directory)
    return load_cached(directory, cache_dir())


def load_cached(directory: Path, cache_root: Path) -> Library:
    key = _fingerprint(directory)
    path = cache_root / f"topics-{zlib.crc32(key.encode()):08x}.marshal"
    cached = _read(path, key)
    if cached is not None:
        return cached
    from primer_cli.topics.loader import load_library

    fresh = load_library(directory)
    _write(path, key, fresh)
    return fresh


def _fingerprint(directory: Path) -> str:
    parts = [__version__, str(_FORMAT), str(directory.resolve())]
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                stat = entry.stat()
                parts.append(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _read(path: Path, key: str) -> Library | None:
    try:
        stored_key, packed = marshal.loads(path.read_bytes())
        if stored_key != key:
            return None
        return Library(tuple(_unpack(topic) for topic in packed))
    except Exception:
        return None


def _write(path: Path, key: str, library: Library) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps((key, tuple(_pack(t) for t in library))))
        partial.replace(path)
        for old in path.parent.glob("topics-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home still gets correct, only slower, answers


def _pack(topic: Topic) -> tuple[Any, ...]:
    sections = tuple(
        (
            s.heading,
            s.body,
            None if s.table is None else (s.table.columns, s.table.rows, s.table.caption),
        )
        for s in topic.sections
    )
    return (
        topic.id, topic.title, topic.category, topic.order, topic.aliases, topic.summary, sections,
        topic.key_points, tuple((t.option, t.pros, t.cons, t.when) for t in topic.tradeoffs),
        topic.disadvantages, topic.related, tuple((s.title, s.url) for s in topic.sources),
    )  # fmt: skip


def _unpack(packed: tuple[Any, ...]) -> Topic:
    (topic_id, title, category, order, aliases, summary, sections,
     key_points, tradeoffs, disadvantages, related, sources) = packed  # fmt: skip
    return Topic(
        id=topic_id, title=title, category=category, order=order, aliases=aliases, summary=summary,
        sections=tuple(
            Section(heading, body, None if table is None else Table(*table)) for heading, body, table in sections
        ),
        key_points=key_points, tradeoffs=tuple(Tradeoff(*row) for row in tradeoffs),
        disadvantages=disadvantages, related=related, sources=tuple(Source(*s) for s in sources),
    )  # fmt: skip
