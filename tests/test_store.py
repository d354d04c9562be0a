"""The library cache: used when fresh, rebuilt on any edit, harmless when broken."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from primer_cli.topics import loader, store
from primer_cli.topics.loader import ContentError
from tests.conftest import CONTENT


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(CONTENT, directory)
    return directory


@pytest.mark.slow  # a copy of the content parsed from YAML: 0.1-0.2 s
def test_second_load_comes_from_the_cache(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = store.load_cached(tree, cache)
    assert len(list(cache.glob("topics-*.marshal"))) == 1
    calls: list[Path] = []
    monkeypatch.setattr(loader, "load_library", lambda d: calls.append(d))
    assert store.load_cached(tree, cache) == first
    assert calls == []


@pytest.mark.slow  # a copy of the content parsed from YAML: 0.1-0.2 s
def test_an_edit_invalidates_the_cache(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    store.load_cached(tree, cache)
    path = tree / "cap-theorem.yaml"
    path.write_text(path.read_text().replace("title: CAP theorem", "title: CAP, revisited"))
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse clocks
    assert store.load_cached(tree, cache).get("cap-theorem").title == "CAP, revisited"
    assert len(list(cache.glob("topics-*.marshal"))) == 1  # the stale entry is gone


@pytest.mark.slow  # a copy of the content parsed from YAML: 0.1-0.2 s
def test_a_broken_edit_is_reported_not_hidden_by_the_cache(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    store.load_cached(tree, cache)
    (tree / "cap-theorem.yaml").write_text("schema: 1\nid: cap-theorem\n")
    with pytest.raises(ContentError):
        store.load_cached(tree, cache)


@pytest.mark.slow  # a copy of the content parsed from YAML: 0.1-0.2 s
def test_cached_library_equals_a_fresh_load(tree: Path, tmp_path: Path) -> None:
    fresh = loader.load_library(tree)
    store.load_cached(tree, tmp_path / "cache")
    assert store.load_cached(tree, tmp_path / "cache") == fresh


def test_corrupt_cache_is_rebuilt(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    store.load_cached(tree, cache)
    (entry,) = cache.glob("topics-*.marshal")
    entry.write_bytes(b"not a pickle")
    assert len(store.load_cached(tree, cache)) == len(list(tree.glob("*.yaml")))


@pytest.mark.slow  # a copy of the content parsed from YAML: 0.1-0.2 s
def test_unwritable_cache_still_answers(tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    assert len(store.load_cached(tree, blocker)) == len(list(tree.glob("*.yaml")))


@pytest.mark.slow  # 60 damaged copies, each a rebuild from YAML: 4.4 s of CPU
def test_a_flipped_bit_is_never_served(tree: Path, tmp_path: Path) -> None:
    """Any damage to a cache file reads as a miss: the answer is always the checked content."""
    import random

    cache = tmp_path / "cache"
    fresh = loader.load_library(tree)
    store.load_cached(tree, cache)
    (entry,) = cache.glob("topics-*.marshal")
    good = entry.read_bytes()
    rng = random.Random(7)
    for _ in range(60):
        damaged = bytearray(good)
        position = rng.randrange(len(damaged))
        damaged[position] ^= 1 << rng.randrange(8)
        entry.write_bytes(bytes(damaged))
        assert store.load_cached(tree, cache) == fresh, f"bit flipped at byte {position}"
        (entry,) = cache.glob("topics-*.marshal")
