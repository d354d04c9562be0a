"""The quick-tier ledger stays true: every test tests/tiers.py marks slow exists."""

from __future__ import annotations

import importlib

from tests.tiers import SLOW


def test_every_listed_slow_test_exists() -> None:
    """A renamed test would silently rejoin the quick tier; a stale entry fails here instead."""
    missing = []
    for node in SLOW:
        path, name = node.split("::")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        if not callable(getattr(module, name, None)):
            missing.append(node)
    assert missing == []
