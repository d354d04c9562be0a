"""Agreement helpers: the plural and the article primer puts beside a number or noun."""

from __future__ import annotations

import pytest

from primer_cli.wording import count_of, plural, with_article


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("key", "keys"),
        ("entry", "entries"),
        ("day", "days"),
        ("bus", "buses"),
        ("replica", "replicas"),
    ],
)
def test_plural(noun: str, expected: str) -> None:
    assert plural(noun) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 keys"), (1, "1 key"), (2, "2 keys"), (1500, "1,500 keys"), (2.5, "2.5 keys")],
)
def test_count_of(count: float, expected: str) -> None:
    assert count_of(count, "key") == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("hour", "an hour"),
        ("year", "a year"),
        ("index", "an index"),
        ("user", "a user"),
        ("minute", "a minute"),
        ("8-bit", "an 8-bit"),
        ("11-node", "an 11-node"),
        ("16-bit", "a 16-bit"),
        ("110-node", "a 110-node"),
    ],
)
def test_with_article(word: str, expected: str) -> None:
    assert with_article(word) == expected
