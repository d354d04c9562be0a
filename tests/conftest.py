"""Shared fixtures: every test runs with its own PRIMER_HOME, never the user's."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.tiers import mark_slow

# Keep compiled bytecode between runs even where PYTHONDONTWRITEBYTECODE is set
# (it is on the development machine): otherwise every run compiles the test
# modules (with pytest's assert rewriting) and primer's own modules again, here
# and in every subprocess a test starts. Measured: collecting the quick tier
# took 4.6 s of CPU without the cache and 1.3 s with it. The cache is in
# __pycache__, which git ignores.
sys.dont_write_bytecode = False

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"


MEMORY_DISK = Path("/dev/shm")


@pytest.fixture(scope="session")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where each test's primer home is made: in memory where there is a tmpfs.

    Every test gets a home, and many write a progress store into it; on this
    machine's disk a directory and a link cost 0.9 ms, on /dev/shm 0.03 ms.
    """
    if not (MEMORY_DISK.is_dir() and os.access(MEMORY_DISK, os.W_OK)):
        yield tmp_path_factory.mktemp("primer-homes")
        return
    base = Path(tempfile.mkdtemp(prefix="primer-test-homes-", dir=MEMORY_DISK))
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parsed-content cache for the whole run: each test's own home links to it.

    Without it every test parses the shipped YAML again (about 0.3 s of CPU for
    topics and questions); the cache is keyed by the files, so a test that
    points primer at other content still gets its own entry.
    """
    return tmp_path_factory.mktemp("primer-cache")


@pytest.fixture(autouse=True)
def isolated_home(
    homes: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path
) -> Iterator[Path]:
    # mkdtemp, not tmp_path_factory.mktemp: that lists every earlier test's directory
    # to number the next, which grows with the suite (1.5 ms a test at 1,600 tests).
    home = Path(tempfile.mkdtemp(prefix="home-", dir=homes))
    (home / "cache").symlink_to(shared_cache, target_is_directory=True)
    monkeypatch.setenv("PRIMER_HOME", str(home))
    monkeypatch.delenv("PRIMER_CONTENT", raising=False)
    monkeypatch.delenv("PRIMER_NO_CACHE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # The topic library, the question bank and the search index are memoised per
    # process; a test that points primer at other content must not see (or leave
    # behind) another test's.
    from primer_cli.quiz.shipped import bank
    from primer_cli.topics.search_store import search_index
    from primer_cli.topics.store import library

    memoised = (library, bank, search_index)
    for loaded in memoised:
        loaded.cache_clear()
    yield home
    for loaded in memoised:
        loaded.cache_clear()


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_slow(items)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
