"""The sentence that shows why a topic matched, trimmed to a line or two.

The sentence naming the most of the query's concepts wins; ties go to the
sentence with the rarer ones: for "replication lag" on the replication page,
the sentence about lag says more than one more mention of replication.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from primer_cli.topics.query import Concept
from primer_cli.topics.schema import Topic
from primer_cli.topics.words import STOP_WORDS, stem, words_of

SNIPPET_CHARS = 180
# Emphasis underscores only at a word's edge: `author_id` keeps its underscore.
_MARKUP = re.compile(r"[*`#>|]+|(?<!\w)_+|_+(?!\w)|\[([^\]]*)\]\([^)]*\)")
_FENCED = re.compile(r"^\s*```.*?^\s*```[^\n]*$", re.M | re.S)


def plain(markdown: str) -> str:
    """Markdown without its markup, for snippets and word counts."""
    return _MARKUP.sub(lambda m: m.group(1) or "", markdown)


def sentences(topic: Topic) -> list[str]:
    """Sentences of the topic's prose; hard-wrapped Markdown lines are joined first."""
    parts = [
        topic.summary,
        *(s.body for s in topic.sections),
        *topic.key_points,
        *topic.disadvantages,
    ]
    prose = _FENCED.sub("\n\n", "\n\n".join(parts))  # code is not a sentence to show
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", plain(prose))
    found = []
    for block in blocks:
        joined = " ".join(block.split()).lstrip("-* ")
        found += [s for s in re.split(r"(?<=[.!?])\s+", joined) if s]
    return found


def spaced(stems: Sequence[str]) -> str:
    """Stems two spaces apart with a space at each end, so `" s "` finds every token."""
    return " " + "  ".join(stems) + " "


@dataclass(frozen=True)
class StemmedSentences:
    """A topic's sentences, and all their stems in one string so a phrase is found with `find`.

    Scanning one string per wanted phrase costs a few C-level searches; testing
    every sentence of every hit in Python cost more than the rest of a search.
    """

    texts: tuple[str, ...]
    stems: str  # each sentence's spaced stems, joined by newlines
    starts: tuple[int, ...]  # where each sentence begins in `stems`

    @classmethod
    def of(cls, topic: Topic, stemmed: Callable[[str], list[str]]) -> StemmedSentences:
        texts = tuple(sentences(topic))
        parts = [spaced(stemmed(text)) for text in texts]
        starts, position = [], 0
        for part in parts:
            starts.append(position)
            position += len(part) + 1
        return cls(texts, "\n".join(parts), tuple(starts))

    def holding(self, needle: str) -> set[int]:
        """The sentences in which `needle` occurs."""
        found, position = set(), self.stems.find(needle)
        while position >= 0:
            found.add(bisect_right(self.starts, position) - 1)
            position = self.stems.find(needle, position + 1)
        return found


def needles(concept: Concept) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each phrase of `concept` spaced for matching (prefixes last), with its stems."""
    whole = tuple((spaced(phrase), phrase) for phrase in concept.phrases)
    return whole + tuple((f" {p} ", (p,)) for p in concept.prefixes)


def best_snippet(
    topic: Topic,
    stemmed: StemmedSentences,
    concepts: Sequence[Concept],
    known: dict[str, str],
    width: int = SNIPPET_CHARS,
) -> tuple[str, tuple[str, ...]]:
    """The snippet for `topic` and the words in it to highlight."""
    # found[sentence][concept] = the stems by which that sentence mentions it
    found: dict[int, list[set[str]]] = {}
    for i, concept in enumerate(concepts):
        for needle, stems in needles(concept):
            for sentence in stemmed.holding(needle):
                found.setdefault(sentence, [set() for _ in concepts])[i].update(stems)
    if not found:
        return _trim(topic.summary, (), width), ()
    counts = [sum(1 for row in found.values() if row[i]) for i in range(len(concepts))]

    def weight(index: int) -> tuple[int, float, int]:
        row = found[index]
        rarity = sum(1 / max(counts[i], 1) for i, stems in enumerate(row) if stems)
        fullness = 0.5 + 0.5 * min(len(stemmed.texts[index]), 80) / 80  # a fragment explains little
        return sum(1 for stems in row if stems), rarity * fullness, -index

    best = max(found, key=weight)
    text = stemmed.texts[best]
    wanted = set().union(*found[best])
    words = [w for w in words_of(text) if w not in STOP_WORDS]
    terms = tuple(dict.fromkeys(w for w in words if stem(w, known) in wanted))
    return _trim(text, terms, width), terms


def phrase_snippet(topic: Topic, words: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """The first sentence holding `words` side by side (for a query of stop words only)."""
    needle = " " + " ".join(words) + " "
    for text in sentences(topic):
        if needle in " " + " ".join(words_of(text)) + " ":
            return _trim(text, tuple(words), width)
    return _trim(topic.summary, (), width)


def _trim(text: str, terms: Sequence[str], width: int) -> str:
    if len(text) <= width:
        return text
    lowered = text.lower()
    positions = [p for p in (lowered.find(t) for t in terms) if p >= 0]
    start = max(0, min(positions, default=0) - width // 4)
    if start > 0:
        start = text.find(" ", start) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + 1)
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")
