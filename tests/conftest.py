"""Shared fixtures: every test runs with its own PRIMER_HOME, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("primer-home")
    monkeypatch.setenv("PRIMER_HOME", str(home))
    monkeypatch.delenv("PRIMER_CONTENT", raising=False)
    monkeypatch.delenv("PRIMER_NO_CACHE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # The topic library is memoised per process; a test that points primer at
    # other content must not see (or leave behind) another test's library.
    from primer_cli.topics.store import library

    library.cache_clear()
    yield home
    library.cache_clear()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
