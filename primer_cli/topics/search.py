"""Ranked full-text search over topics.

Scoring is BM25 over weighted fields (a match in a title counts more than one
in a paragraph), ranked first by how many of the query's words a topic
contains, so a topic with every word beats one that repeats a single word.
Words match by prefix too, so `consist` finds "consistency".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from primer_cli.topics.library import Library
from primer_cli.topics.schema import Topic

_WORD = re.compile(r"[a-z0-9]+")
_MARKUP = re.compile(r"[*_`#>|]+|\[([^\]]*)\]\([^)]*\)")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "with",
    ]
)
_PREFIX_WEIGHT = 0.5
_K1, _B = 1.2, 0.75
SNIPPET_CHARS = 180

FIELD_WEIGHTS = {
    "title": 6.0,
    "aliases": 4.0,
    "summary": 2.0,
    "headings": 2.0,
    "points": 1.5,
    "text": 1.0,
}


@dataclass(frozen=True)
class Hit:
    topic: Topic
    score: float
    snippet: str
    terms: tuple[str, ...]


def terms_of(text: str) -> list[str]:
    """Lowercase words with a light, symmetric stem (plural 's' dropped)."""
    words = (w.rstrip("s") if len(w) > 3 else w for w in _WORD.findall(text.lower()))
    return [w for w in words if w and w not in _STOPWORDS]


def plain(markdown: str) -> str:
    """Markdown without its markup, for snippets and word counts."""
    return _MARKUP.sub(lambda m: m.group(1) or "", markdown)


def _fields(topic: Topic) -> dict[str, str]:
    text = [s.body for s in topic.sections]
    text += [" ".join(" ".join(row) for row in s.table.rows) for s in topic.sections if s.table]
    text += [f"{t.option} {t.pros} {t.cons} {t.when}" for t in topic.tradeoffs]
    return {
        "title": topic.title,
        "aliases": " ".join((topic.id, *topic.aliases)),
        "summary": topic.summary,
        "headings": " ".join(s.heading for s in topic.sections),
        "points": " ".join((*topic.key_points, *topic.disadvantages)),
        "text": plain("\n".join(text)),
    }


@dataclass(frozen=True)
class _Document:
    topic: Topic
    counts: dict[str, Counter[str]]
    length: int
    vocabulary: frozenset[str]


class SearchIndex:
    def __init__(self, library: Library) -> None:
        self.documents = [self._document(topic) for topic in library]
        self.average_length = sum(d.length for d in self.documents) / max(len(self.documents), 1)
        # Sorted once, so the words a prefix matches are found by bisection.
        self.vocabulary = sorted(set().union(*(d.vocabulary for d in self.documents)))

    @staticmethod
    def _document(topic: Topic) -> _Document:
        counts = {name: Counter(terms_of(text)) for name, text in _fields(topic).items()}
        vocabulary = frozenset(term for counter in counts.values() for term in counter)
        return _Document(topic, counts, sum(counts["text"].values()) + 1, vocabulary)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        terms = list(dict.fromkeys(terms_of(query)))
        expansions = {term: self._words_starting_with(term) for term in terms}
        idf = {term: self._idf(words) for term, words in expansions.items()}
        scored = []
        for document in self.documents:
            matched, score = self._score(document, expansions, idf)
            if matched:
                scored.append((matched, score, document))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2].topic.order))
        return [
            Hit(doc.topic, round(score, 3), snippet(doc.topic, terms), tuple(terms))
            for _, score, doc in scored[:limit]
        ]

    def _words_starting_with(self, prefix: str) -> frozenset[str]:
        start = bisect_left(self.vocabulary, prefix)
        end = bisect_left(self.vocabulary, prefix + "\uffff", lo=start)
        return frozenset(self.vocabulary[start:end])

    def _score(
        self, document: _Document, expansions: dict[str, frozenset[str]], idf: dict[str, float]
    ) -> tuple[int, float]:
        matched, total = 0, 0.0
        for term, words in expansions.items():
            weighted = self._weighted_frequency(document, term, words & document.vocabulary)
            if weighted == 0:
                continue
            matched += 1
            norm = _K1 * (1 - _B + _B * document.length / self.average_length)
            total += idf[term] * weighted * (_K1 + 1) / (weighted + norm)
        return matched, total

    @staticmethod
    def _weighted_frequency(document: _Document, term: str, words: frozenset[str]) -> float:
        """Exact matches count fully, longer words that start with the term count half."""
        total = 0.0
        for name, counter in document.counts.items():
            exact = counter.get(term, 0)
            prefixed = sum(counter.get(word, 0) for word in words if word != term)
            total += FIELD_WEIGHTS[name] * (exact + _PREFIX_WEIGHT * prefixed)
        return total

    def _idf(self, words: frozenset[str]) -> float:
        containing = sum(1 for d in self.documents if not words.isdisjoint(d.vocabulary))
        n = len(self.documents)
        return math.log(1 + (n - containing + 0.5) / (containing + 0.5))


def snippet(topic: Topic, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """The sentence of the topic that holds the most query words, trimmed around them.

    Ties go to the sentence with the rarer words: for "replication lag" on the
    replication page, the sentence about lag says more than one more mention
    of replication.
    """
    sentences = _sentences(topic)
    frequency = Counter(word for sentence in sentences for word in terms_of(sentence))

    def weight(sentence: str) -> tuple[int, float]:
        words = set(terms_of(sentence))
        matched = [t for t in terms if any(w.startswith(t) for w in words)]
        rarity = sum(
            1 / max(1, sum(n for w, n in frequency.items() if w.startswith(t))) for t in matched
        )
        fullness = 0.5 + 0.5 * min(len(sentence), 80) / 80  # a fragment explains little
        return len(matched), rarity * fullness

    best = max(sentences, key=weight, default=topic.summary)
    return _trim(best, terms, width)


def _sentences(topic: Topic) -> list[str]:
    """Sentences of the topic's prose; hard-wrapped Markdown lines are joined first."""
    parts = [
        topic.summary,
        *(s.body for s in topic.sections),
        *topic.key_points,
        *topic.disadvantages,
    ]
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", plain("\n\n".join(parts)))
    sentences = []
    for block in blocks:
        joined = " ".join(block.split()).lstrip("-* ")
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", joined) if s]
    return sentences


def _trim(text: str, terms: list[str], width: int) -> str:
    if len(text) <= width:
        return text
    lowered = text.lower()
    positions = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    start = max(0, min(positions, default=0) - width // 4)
    if start > 0:
        start = text.find(" ", start) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + 1)
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")
