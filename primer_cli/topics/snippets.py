"""The sentence that shows why a topic matched, trimmed to a line or two.

The sentence naming the most of the query's concepts wins; ties go to the
sentence with the rarer ones: for "replication lag" on the replication page,
the sentence about lag says more than one more mention of replication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from primer_cli.topics.query import Concept
from primer_cli.topics.schema import Topic
from primer_cli.topics.words import STOP_WORDS, stem, words_of

SNIPPET_CHARS = 180
_MARKUP = re.compile(r"[*_`#>|]+|\[([^\]]*)\]\([^)]*\)")


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
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", plain("\n\n".join(parts)))
    found = []
    for block in blocks:
        joined = " ".join(block.split()).lstrip("-* ")
        found += [s for s in re.split(r"(?<=[.!?])\s+", joined) if s]
    return found


class _Sentence:
    """One sentence with its words and the stems search compares."""

    def __init__(self, text: str, known: dict[str, str]) -> None:
        self.text = text
        self.words = [w for w in words_of(text) if w not in STOP_WORDS]
        self.stems = [stem(w, known) for w in self.words]
        self.spaced = " " + "  ".join(self.stems) + " "

    def mentions(self, concept: Concept) -> set[str]:
        """The stems by which this sentence mentions `concept` (empty if it does not)."""
        found: set[str] = set()
        for phrase in concept.phrases:
            if " " + "  ".join(phrase) + " " in self.spaced:
                found.update(phrase)
        found.update(p for p in concept.prefixes if p in self.stems)
        return found


def best_snippet(
    topic: Topic, concepts: Sequence[Concept], known: dict[str, str], width: int = SNIPPET_CHARS
) -> tuple[str, tuple[str, ...]]:
    """The snippet for `topic` and the words in it to highlight."""
    clues = _clues(concepts)
    # Tokenising every sentence of a long topic costs milliseconds; a sentence
    # without even the start of a wanted stem cannot match, so skip it unread.
    parsed = [_Sentence(t, known) for t in sentences(topic) if any(c in t.lower() for c in clues)]
    found = [[s.mentions(c) for c in concepts] for s in parsed]
    counts = [sum(1 for row in found if row[i]) for i in range(len(concepts))]

    def weight(index: int) -> tuple[int, float]:
        row = found[index]
        rarity = sum(1 / max(counts[i], 1) for i, stems in enumerate(row) if stems)
        fullness = 0.5 + 0.5 * min(len(parsed[index].text), 80) / 80  # a fragment explains little
        return sum(1 for stems in row if stems), rarity * fullness

    best = max(range(len(parsed)), key=weight, default=None)
    if best is None or not any(found[best]):
        return _trim(topic.summary, (), width), ()
    sentence = parsed[best]
    stems = set().union(*found[best])
    pairs = zip(sentence.words, sentence.stems, strict=True)
    terms = tuple(dict.fromkeys(w for w, s in pairs if s in stems))
    return _trim(sentence.text, terms, width), terms


def _clues(concepts: Sequence[Concept]) -> set[str]:
    """The first letters of every stem wanted: a stem and its words share at least these."""
    stems = {s for c in concepts for phrase in c.phrases for s in phrase} | {
        p for c in concepts for p in c.prefixes
    }
    return {s[:4] for s in stems}


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
