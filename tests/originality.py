"""Check that topic prose is written in our own words, not copied from the seed.

A run of N consecutive words shared with the seed text is a copied phrase.
Facts, numbers, names and source titles carry over; sentences do not. Run as a
script on files to see the shared runs: `python tests/originality.py content/*.yaml`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SEED = Path(__file__).resolve().parent / "fixtures" / "seed.txt"
RUN_LENGTH = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def ngrams(tokens: list[str], n: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def seed_ngrams(seed_text: str) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for line in seed_text.splitlines():
        grams |= ngrams(words(line))
    return grams


def prose(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every prose string in a topic with its field path; source entries are citations, not prose."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key != "sources":
                yield from prose(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from prose(value, f"{path}[{i}]")
    elif isinstance(data, str):
        yield path, data


def copied_runs(data: Any, seed: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    """(field path, shared phrase) for each prose field that shares a run with the seed."""
    found = []
    for path, text in prose(data):
        tokens = words(text)
        for i in range(len(tokens) - RUN_LENGTH + 1):
            gram = tuple(tokens[i : i + RUN_LENGTH])
            if gram in seed:
                found.append((path, " ".join(gram)))
                break
    return found


def main(paths: list[str]) -> int:
    seed = seed_ngrams(SEED.read_text(encoding="utf-8"))
    bad = 0
    for name in paths:
        data = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
        for path, phrase in copied_runs(data, seed):
            bad += 1
            print(f"{name}: {path}: copied phrase: '{phrase} ...'")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
