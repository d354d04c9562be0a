"""The checked topic library in memory: lookup by name, nearest names, categories.

Kept apart from the YAML loader so a run served from the cache never imports
YAML at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from primer_cli.checking import echoed
from primer_cli.errors import UsageProblem
from primer_cli.topics.schema import Topic


class TopicNotFound(UsageProblem):
    """No topic has that name. `ranked` is every topic with its best name's likeness to the
    query, most alike first: the three nearest are suggested, and a clear typo is named."""

    def __init__(self, query: str, ranked: list[tuple[float, Topic]]) -> None:
        self.query = query
        self.ranked = ranked
        self.suggestions = [topic for _, topic in ranked[:3]]
        width = max((len(t.id) for t in self.suggestions), default=0)
        names = "\n".join(f"  {t.id:<{width}}  {t.title}" for t in self.suggestions)
        super().__init__(
            f"No topic matches '{echoed(query)}'. Did you mean:\n{names}",
            param="TOPIC",
            hint="`primer topics` lists every topic; `primer search WORDS` searches their text.",
        )

    @property
    def misspelt(self) -> Topic | None:
        """The topic the query names with a typo or two ('replicaton'), when no other comes close.

        One SequenceMatcher ratio of at least 0.85 against one of the topic's names,
        ahead of every other topic by 0.1; queries under five letters are too short
        to tell a typo from another word.
        """
        if len(normalize(self.query)) < 5 or not self.ranked:
            return None
        (best, topic), rest = self.ranked[0], self.ranked[1:]
        if best < TYPO_RATIO or (rest and rest[0][0] > best - TYPO_MARGIN):
            return None
        return topic


# Longer than any topic name: comparing more of a query cannot find a closer name,
# and difflib's cost grows with the product of the lengths (131,000 characters: 26 s).
MAX_COMPARED = 100


def normalize(name: str) -> str:
    """Fold case and punctuation so 'Write-behind', 'write behind' and 'WRITE_BEHIND' agree."""
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


TYPO_RATIO = 0.85  # 'replicaton' is 0.95 like 'replication'; 'cpa' and 'cap' only 0.67
TYPO_MARGIN = 0.1


@dataclass(frozen=True)
class Library:
    """Every topic, in the primer's reading order."""

    topics: tuple[Topic, ...]

    def __post_init__(self) -> None:
        index: dict[str, Topic] = {}
        for topic in self.topics:
            for name in topic.names:
                index.setdefault(normalize(name), topic)
        object.__setattr__(self, "_index", index)

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)

    def get(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def find(self, query: str) -> Topic:
        """The topic whose id, title or alias matches `query`; else suggest the nearest."""
        key = normalize(query)
        index: dict[str, Topic] = self._index  # type: ignore[attr-defined]
        if key in index:
            return index[key]
        prefixed = {t.id: t for name, t in index.items() if key and name.startswith(key)}
        if len(prefixed) == 1:
            return next(iter(prefixed.values()))
        raise TopicNotFound(query, self.ranked(query))

    def nearest(self, query: str, count: int = 3) -> list[Topic]:
        """The `count` topics whose names look most like `query`."""
        return [topic for _, topic in self.ranked(query)[:count]]

    def ranked(self, query: str) -> list[tuple[float, Topic]]:
        """Each topic with its best name's likeness to `query` (by its start, if it is long),
        most alike first."""
        import difflib  # only needed when a name was not found

        key = normalize(query[: MAX_COMPARED * 4])[:MAX_COMPARED]
        best: dict[str, tuple[float, Topic]] = {}
        for name, topic in self._index.items():  # type: ignore[attr-defined]
            score = difflib.SequenceMatcher(None, key, name).ratio()
            if score > best.get(topic.id, (-1.0, topic))[0]:
                best[topic.id] = (score, topic)
        return sorted(best.values(), key=lambda pair: (-pair[0], pair[1].order))

    def categories(self) -> dict[str, list[Topic]]:
        """Topics grouped by category, categories in order of first appearance."""
        groups: dict[str, list[Topic]] = {}
        for topic in self.topics:
            groups.setdefault(topic.category, []).append(topic)
        return groups
