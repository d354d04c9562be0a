"""A learner's question read as concepts: what search looks for, and what it set aside.

"how do I avoid thundering herd" becomes two concepts: `avoid`, and the
phrase `thundering herd`, which the synonym table says also goes by "cache
stampede" and "dogpile". Stop words are dropped (unless the query has nothing
else), and only the first `MAX_QUERY_WORDS` words are read, so any input,
however long, costs the same bounded work.
"""

from __future__ import annotations

from dataclasses import dataclass

from primer_cli.topics.synonyms import MAX_PHRASE_WORDS
from primer_cli.topics.words import STOP_WORDS, count_words, meaningful, stem, words_of

MAX_QUERY_WORDS = 24  # no learner's question is longer; beyond it we only pay
MIN_PREFIX_CHARS = 4  # "won" must not find "wonders"; "hateo" may find "hateoas"


@dataclass(frozen=True)
class Concept:
    """One thing the query asks about, and the stem phrases that count as saying it."""

    label: str  # the words as the learner typed them
    literal: tuple[str, ...]  # their stems
    alternatives: tuple[tuple[str, ...], ...] = ()  # synonyms' stems, literal excluded
    prefixes: tuple[str, ...] = ()  # stems of longer words the typed word begins

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return (self.literal, *self.alternatives)


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]  # every word read, stop words included
    concepts: tuple[Concept, ...]
    dropped: int  # words past MAX_QUERY_WORDS, not read


@dataclass(frozen=True)
class Lexicon:
    """What query analysis needs from the index: stems, words, synonym groups."""

    stems: dict[str, str]  # surface word -> stem, for every word in the library
    vocabulary: tuple[str, ...]  # the library's words, sorted, for prefix look-ups
    synonyms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]  # phrase -> its whole group


def read_query(text: str, lexicon: Lexicon) -> Query:
    words = words_of(text, limit=MAX_QUERY_WORDS)
    kept = meaningful(words)
    stems = [stem(w, lexicon.stems) for w in kept]
    concepts: list[Concept] = []
    i = 0
    while i < len(kept):
        concept, used = _concept_at(kept, stems, i, lexicon)
        if concept.phrases not in [c.phrases for c in concepts]:
            concepts.append(concept)
        i += used
    dropped = count_words(text) - len(words) if len(words) == MAX_QUERY_WORDS else 0
    return Query(text, tuple(words), tuple(concepts), dropped)


def _concept_at(
    words: list[str], stems: list[str], i: int, lexicon: Lexicon
) -> tuple[Concept, int]:
    """The longest synonym phrase starting at word `i`, else that word alone."""
    for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
        phrase = tuple(stems[i : i + size])
        group = lexicon.synonyms.get(phrase)
        if group is not None:
            others = tuple(p for p in group if p != phrase)
            return Concept(" ".join(words[i : i + size]), phrase, others), size
    word = words[i]
    return Concept(word, (stems[i],), prefixes=_prefixes(word, lexicon)), 1


def _prefixes(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Stems of the library's words that start with `word`, when `word` is not one itself.

    A half-typed word ("consisten", "hateo") finds its whole; a complete word
    relies on its stem, so "cap" does not also find "capacity", and a short
    unknown word ("won") does not find whatever happens to start with it.
    """
    if len(word) < MIN_PREFIX_CHARS or word in lexicon.stems or word in STOP_WORDS:
        return ()
    from bisect import bisect_left

    start = bisect_left(lexicon.vocabulary, word)
    end = bisect_left(lexicon.vocabulary, word + "\uffff", lo=start)
    found = dict.fromkeys(lexicon.stems[w] for w in lexicon.vocabulary[start:end])
    return tuple(found)[:16]
