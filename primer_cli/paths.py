"""Where primer finds its shipped data and keeps the user's own files.

Shipped YAML sits at the repository root in a checkout (so authors find it)
and under `primer_cli/_data/` in a built wheel (so an installed primer finds it
from any directory). `PRIMER_CONTENT` and `PRIMER_QUIZZES` override the topic
and question directories, mainly for tests and for authors checking a draft
tree; a value that is not a usable directory is reported, with what is wrong
with it, before anything tries to read it.

User files follow the XDG rules on Linux: a relative `XDG_*_HOME` is invalid
and ignored, as the specification says, and when there is no sensible home
directory (HOME unset, empty, relative or `/`) primer does not cache at all
rather than writing into the current directory or `/`.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from primer_cli.errors import PrimerError

_PACKAGE_DIR = Path(__file__).resolve().parent
PATH_LIMIT = 300  # a path is echoed whole up to this many characters


def data_dir(name: str) -> Path:
    """The shipped data directory `name` ('content', 'quizzes'), wheel first."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name


def content_dir() -> Path:
    """The topic directory: `PRIMER_CONTENT` if set, else the shipped topics."""
    return _overridable("PRIMER_CONTENT", "content", "topic files")


def quizzes_dir() -> Path:
    """The question bank: `PRIMER_QUIZZES` (for authors), else the shipped `quizzes/`."""
    return _overridable("PRIMER_QUIZZES", "quizzes", "question files")


def _overridable(variable: str, name: str, files: str) -> Path:
    override = os.environ.get(variable)
    if not override:
        return data_dir(name)
    path = Path(override)
    problem = unusable_directory(path)
    if problem:
        raise PrimerError(
            f"{variable} is {_quoted(override)}, which {problem}.",
            hint=f"Point {variable} at a directory of {files}, or unset it to use the shipped ones.",
        )
    return path


def _quoted(value: str) -> str:
    """A value from the environment as the user can read it: quoted, escaped, not too long."""
    from primer_cli.checking import echoed

    return f"'{echoed(value, limit=PATH_LIMIT)}'"


def unusable_directory(path: Path) -> str | None:
    """Why `path` cannot be read as a directory ('does not exist', ...), or None if it can."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"is a symbolic link to {os.readlink(path)}, which does not exist"
        return "does not exist"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a symbolic link that leads back to itself"
        return f"cannot be read ({error.strerror})"
    if not stat.S_ISDIR(mode):
        return "is a file, not a directory"
    if not os.access(path, os.R_OK | os.X_OK):
        return "cannot be read (permission denied)"
    return None


def user_dir() -> Path:
    """The user's primer home: `PRIMER_HOME`, else the platform's data dir."""
    override = os.environ.get("PRIMER_HOME")
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs applies here, without its import on the
        # path of `primer learn`, which records each read in this directory.
        base = _xdg("XDG_DATA_HOME") or _in_home(".local", "share")
        if base is None:
            raise PrimerError(
                "primer has nowhere to keep your files: there is no home directory (HOME).",
                hint="Set PRIMER_HOME to the directory primer should use.",
            )
        return base / "primer"
    from platformdirs import user_data_dir

    return Path(user_data_dir("primer", appauthor=False))


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot be made: the file standing where it or a parent should be, or None.

    Names PRIMER_HOME when that is the file, so the user knows what to change.
    """
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if place.is_dir():
                return None
            override = os.environ.get("PRIMER_HOME")
            if override and Path(override) == place:
                return f"PRIMER_HOME is {_quoted(override)}, which is a file, not a folder"
            return f"{place} is a file, not a folder"
    return None


def progress_path() -> Path:
    """The progress store: every answer, every card's schedule, every topic read."""
    return user_dir() / "progress.sqlite3"


def reads_log_path() -> Path:
    """Topics read by `primer learn`, one line each, until the store takes them in."""
    return user_dir() / "reads.log"


def cache_dir() -> Path | None:
    """Disposable data (the parsed topic cache), or None when there is nowhere sensible for it."""
    override = os.environ.get("PRIMER_HOME")
    if override:
        return Path(override) / "cache"
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs applies here, without its ~7 ms import on
        # the path of every `primer learn`.
        base = _xdg("XDG_CACHE_HOME") or _in_home(".cache")
        return None if base is None else base / "primer"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("primer", appauthor=False))


def _xdg(variable: str) -> Path | None:
    """An XDG base directory; the specification calls a relative one invalid, to be ignored."""
    value = os.environ.get(variable, "").strip()
    return Path(value) if value and os.path.isabs(value) else None


def _in_home(*parts: str) -> Path | None:
    """A path in the home directory, or None without a sensible one (unset, empty, relative, /)."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no password entry
        return None
    if not home.is_absolute() or home == Path(home.anchor):
        return None
    return home.joinpath(*parts)
