"""The topic library as commands see it: loaded once per process, cached across runs.

Parsing and checking every YAML file costs tens of milliseconds, a large share
of `primer learn`'s budget. The checked library is stored in the user cache
(`primer_cli/diskcache.py`: marshal, checksummed), keyed by primer's version
and each file's name, size and modification time, so any edit to the content
is re-validated on the next run. A missing, stale, damaged or unreadable cache
is simply rebuilt; an unwritable one is skipped. A cached run imports neither
YAML nor the loader.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from primer_cli import __version__
from primer_cli.diskcache import cached, fingerprint
from primer_cli.paths import cache_dir, content_dir
from primer_cli.topics.library import Library
from primer_cli.topics.schema import Section, Source, Table, Topic, Tradeoff

_LAYOUT = 1  # bump when the packed layout below changes


@cache
def library() -> Library:
    """The shipped (or `PRIMER_CONTENT`) topic library, checked."""
    directory = content_dir()
    return load_cached(directory, None if os.environ.get("PRIMER_NO_CACHE") else cache_dir())


def load_cached(directory: Path, cache_root: Path | None) -> Library:
    def build() -> Library:
        from primer_cli.topics.loader import load_library

        return load_library(directory)

    key = fingerprint(directory, "topics", __version__, str(_LAYOUT))
    return cached(cache_root, "topics", key, build, _pack_library, _unpack_library)


def _pack_library(library: Library) -> tuple[Any, ...]:
    return tuple(_pack(topic) for topic in library)


def _unpack_library(packed: tuple[Any, ...]) -> Library:
    return Library(tuple(_unpack(topic) for topic in packed))


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
