"""Where primer finds its shipped data and keeps the user's own files.

Shipped YAML sits at the repository root in a checkout (so authors find it)
and under `primer_cli/_data/` in a built wheel (so an installed primer finds it
from any directory). `PRIMER_CONTENT` overrides the topic directory, mainly
for tests and for authors checking a draft tree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped data directory `name` ('content', 'quizzes'), wheel first."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name


def content_dir() -> Path:
    override = os.environ.get("PRIMER_CONTENT")
    return Path(override) if override else data_dir("content")


def user_dir() -> Path:
    """The user's primer home: `PRIMER_HOME`, else the platform's data dir."""
    override = os.environ.get("PRIMER_HOME")
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs applies here, without its import on the
        # path of `primer learn`, which records each read in this directory.
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "primer"
    from platformdirs import user_data_dir

    return Path(user_data_dir("primer", appauthor=False))


def progress_path() -> Path:
    """The progress store: every answer, every card's schedule, every topic read."""
    return user_dir() / "progress.sqlite3"


def reads_log_path() -> Path:
    """Topics read by `primer learn`, one line each, until the store takes them in."""
    return user_dir() / "reads.log"


def cache_dir() -> Path:
    """Disposable data (the parsed topic cache): `PRIMER_HOME/cache`, else the platform's."""
    override = os.environ.get("PRIMER_HOME")
    if override:
        return Path(override) / "cache"
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs applies here, without its ~7 ms import on
        # the path of every `primer learn`.
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(xdg) if xdg else Path.home() / ".cache") / "primer"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("primer", appauthor=False))


def quizzes_dir() -> Path:
    """The question bank: `PRIMER_QUIZZES` (for authors), else the shipped `quizzes/`."""
    override = os.environ.get("PRIMER_QUIZZES")
    return Path(override) if override else data_dir("quizzes")
