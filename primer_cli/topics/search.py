"""Ranked search over topics that answers a learner's question.

The query is read as concepts (`query.py`: stop words dropped, stems, synonym
phrases). A topic is ranked by, in this order:

1. how many of the query's concepts it mentions: every one before some (AND,
   then OR);
2. whether one of its names (id, title, alias) is in the query: a learner who
   types "what is quorum" wants the quorum topic, not a page that mentions it;
3. whether the query's words stand together as a phrase ("bloom filter")
   rather than scattered through the text;
4. BM25 over weighted fields: a word in a title counts more than one in a
   paragraph.

A word that most topics use ("use", "data", "system") cannot make a topic a
hit on its own when the query has rarer words, and when the rarer words are
mostly unknown to the library the answer is "nothing relevant", with the
words no topic mentions and the nearest ones it does, instead of a page that
happens to share a common word.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from primer_cli.topics.irregular import IrregularVerbs
from primer_cli.topics.library import Library, normalize
from primer_cli.topics.query import Concept, Lexicon, Query, read_query
from primer_cli.topics.schema import Topic
from primer_cli.topics.snippets import (
    StemmedSentences,
    best_snippet,
    phrase_snippet,
    plain,
    spaced,
)
from primer_cli.topics.synonyms import Synonyms
from primer_cli.topics.words import STOP_WORDS, stem, stems_of, words_of

FIELD_WEIGHTS = {
    "title": 6.0,
    "aliases": 4.0,
    "summary": 2.0,
    "headings": 2.0,
    "points": 1.5,
    "text": 1.0,
}
FIELDS = tuple(FIELD_WEIGHTS)
_WEIGHTS = tuple(FIELD_WEIGHTS.values())
_K1, _B = 1.2, 0.75
SYNONYM_WEIGHT = 0.9  # the learner's own words count a little more than their synonyms
PREFIX_WEIGHT = 0.5
COMMON_SHARE = 0.5  # a concept in more than this share of topics is a common word
PARTIAL_SHARE = (
    0.5  # a topic missing some concepts must still hold this share of the query's weight
)
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Document:
    """One topic as search sees it: each field as a string of stems."""

    topic_id: str
    fields: tuple[str, ...]  # " s1  s2  s3 ": two spaces apart, so " s2 " finds each token
    length: int  # stems in the body text, for BM25's length normalisation
    names: tuple[tuple[str, ...], ...]  # each name's stems
    exact_names: tuple[str, ...]  # each name normalised, for a query that is a name
    sentences: StemmedSentences  # for snippets


@dataclass(frozen=True)
class Hit:
    topic: Topic
    score: float
    snippet: str
    terms: tuple[str, ...]  # the words of the snippet to highlight
    matched: int = 0  # concepts of the query this topic mentions
    named: bool = False  # one of the topic's names is in the query
    phrase: bool = False  # the query's words stand together in the topic


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...]
    unmatched: tuple[str, ...] = ()  # the learner's words that no topic mentions
    nearby: tuple[Hit, ...] = ()  # when nothing is relevant: topics with the other words
    suggestions: tuple[str, ...] = ()  # known words spelled like the unmatched ones

    def clear_winner(self) -> Hit | None:
        """The top hit when it stands out: named in the query, or ahead on every count."""
        if not self.hits:
            return None
        top, rest = self.hits[0], self.hits[1:]
        if not rest:
            return top
        second = rest[0]
        if top.named and not second.named:
            return top
        ahead = (top.matched, top.named, top.phrase) > (second.matched, second.named, second.phrase)
        return top if ahead or top.score >= 1.5 * second.score else None


def field_texts(topic: Topic) -> dict[str, str]:
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


def terms_of(text: str) -> list[str]:
    """The stems search would compare for `text` (stop words dropped)."""
    return stems_of(text)


def _all_text(topic: Topic) -> str:
    return " ".join(field_texts(topic).values())


class SearchIndex:
    """Every topic's stems by field, the library's words, and the synonym groups."""

    def __init__(self, library: Library, documents: tuple[Document, ...], lexicon: Lexicon):
        self.library = library
        self.documents = documents
        self.lexicon = lexicon
        self.average_length = sum(d.length for d in documents) / max(len(documents), 1)
        self._topics = {t.id: t for t in library}

    @classmethod
    def build(cls, library: Library, synonyms: Synonyms, verbs: IrregularVerbs) -> SearchIndex:
        stems: dict[str, str] = {}
        forms = verbs.forms()  # "written": "write", stemmed as its verb

        def stemmed(text: str) -> list[str]:
            words = [w for w in words_of(text) if w not in STOP_WORDS]
            stems.update((w, stem(forms.get(w, w))) for w in words if w not in stems)
            return [stems[w] for w in words]

        documents = tuple(cls._document(topic, stemmed) for topic in library)
        vocabulary = tuple(sorted(stems))  # the library's own words, before the forms it lacks
        stems.update((f, stem(v)) for f, v in forms.items() if f not in stems)  # for queries
        groups: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for group in synonyms.stemmed(stems):
            for phrase in group:
                groups[phrase] = group
        return cls(library, documents, Lexicon(stems, vocabulary, groups))

    @staticmethod
    def _document(topic: Topic, stemmed: Callable[[str], list[str]]) -> Document:
        fields = field_texts(topic)
        streams = {name: stemmed(text) for name, text in fields.items()}
        return Document(
            topic.id,
            tuple(spaced(streams[name]) for name in FIELDS),
            len(streams["text"]) + 1,
            tuple(tuple(stemmed(name)) for name in topic.names),
            tuple(normalize(name) for name in topic.names),
            StemmedSentences.of(topic, stemmed),
        )

    def mentions(self, phrase: tuple[str, ...]) -> bool:
        """Whether any topic has these stems side by side (for checking the synonym table)."""
        needle = spaced(phrase)
        return any(needle in field for d in self.documents for field in d.fields)

    def search(self, text: str, limit: int = 10) -> SearchResult:
        query = read_query(text, self.lexicon)
        if query.words and all(w in STOP_WORDS for w in query.words):
            return self._stop_words_only(query, limit)
        return Ranking(self, query).result(limit)

    def _stop_words_only(self, query: Query, limit: int) -> SearchResult:
        """A query of stop words only ("what to") is looked for as written, words side by side.

        The index leaves stop words out, so this reads the topics' own words;
        it is rare enough that the extra few milliseconds do not matter.
        """
        whole = " ".join(query.words)
        needle = f" {whole} "
        ranked = []
        for topic in self.library:
            named = whole in (normalize(n) for n in topic.names)
            count = (" " + " ".join(words_of(_all_text(topic))) + " ").count(needle)
            if named or count:
                ranked.append(((-named, -count, topic.order), topic, named, count))
        ranked.sort(key=lambda item: item[0])
        hits = tuple(
            Hit(t, float(n), phrase_snippet(t, query.words), query.words, 1, named, True)
            for _, t, named, n in ranked[:limit]
        )
        return SearchResult(query, hits, () if hits else (whole,))

    def topic(self, topic_id: str) -> Topic:
        return self._topics[topic_id]


@dataclass
class _Candidate:
    document: Document
    weights: list[float]  # per concept: field-weighted term frequency

    @property
    def matched(self) -> int:
        return sum(1 for w in self.weights if w > 0)


class Ranking:
    """One query against the index: who matches what, who is relevant, in which order."""

    def __init__(self, index: SearchIndex, query: Query) -> None:
        self.index = index
        self.query = query
        self.whole = normalize(query.text[:200])
        self._naming: dict[str, int] = {}
        concepts = query.concepts
        self.candidates = [
            _Candidate(d, [_weighted(d, c) for c in concepts]) for d in index.documents
        ]
        self.frequency = [
            sum(1 for c in self.candidates if c.weights[i] > 0) for i in range(len(concepts))
        ]
        total = max(len(index.documents), 1)
        self.idf = [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in self.frequency]
        common = [n > COMMON_SHARE * total for n in self.frequency]
        rare = [i for i in range(len(concepts)) if not common[i]]
        # Common words only vote when the query has nothing rarer.
        self.deciding = rare or list(range(len(concepts)))

    def result(self, limit: int) -> SearchResult:
        unmatched = tuple(
            self.query.concepts[i].label for i in self.deciding if self.frequency[i] == 0
        )
        known = [i for i in self.deciding if self.frequency[i] > 0]
        ranked = self._ranked(known)
        if not known or len(known) <= len(unmatched):
            nearby = tuple(self._hit(c) for c in ranked[:MAX_SUGGESTIONS])
            return SearchResult(self.query, (), unmatched, nearby, self._spelled_like(unmatched))
        hits = tuple(self._hit(c) for c in ranked[:limit])
        return SearchResult(self.query, hits, unmatched)

    def _ranked(self, known: list[int]) -> list[_Candidate]:
        weight = sum(self.idf[i] for i in known)

        def holds_enough(candidate: _Candidate) -> bool:
            held = sum(self.idf[i] for i in known if candidate.weights[i] > 0)
            return held > 0 and held >= PARTIAL_SHARE * weight

        relevant = [c for c in self.candidates if holds_enough(c)]
        keyed = [(self._key(c, known), c) for c in relevant]
        keyed.sort(key=lambda pair: pair[0])
        return [c for _, c in keyed]

    def _key(self, candidate: _Candidate, known: list[int]) -> tuple[float, ...]:
        matched = sum(1 for i in known if candidate.weights[i] > 0)
        topic = self.index.topic(candidate.document.topic_id)
        return (
            -matched,
            -self._named(candidate.document),
            -self._phrase(candidate.document),
            -self._score(candidate),
            topic.order,
        )

    def _score(self, candidate: _Candidate) -> float:
        norm = _K1 * (1 - _B + _B * candidate.document.length / self.index.average_length)
        return sum(
            self.idf[i] * w * (_K1 + 1) / (w + norm)
            for i, w in enumerate(candidate.weights)
            if w > 0
        )

    def _named(self, document: Document) -> int:
        """2: the whole query is one of the topic's names; 1: a name is within it; else 0."""
        if document.topic_id not in self._naming:
            self._naming[document.topic_id] = self._name_level(document)
        return self._naming[document.topic_id]

    def _name_level(self, document: Document) -> int:
        if self.whole in document.exact_names:
            return 2
        return 1 if any(self._names_within(name) for name in document.names if name) else 0

    def _names_within(self, name: tuple[str, ...]) -> bool:
        concepts = self.query.concepts
        if any(name in c.phrases for c in concepts):
            return True
        for start in range(len(concepts)):
            run: tuple[str, ...] = ()
            for concept in concepts[start:]:
                run += concept.literal
                if run == name:
                    return True
                if len(run) >= len(name):
                    break
        return False

    def _phrase(self, document: Document) -> bool:
        """The query's words (two or more) side by side, in order, somewhere in the topic."""
        literal = tuple(s for c in self.query.concepts for s in c.literal)
        if len(self.query.concepts) < 2 or len(literal) < 2:
            return False
        needle = spaced(literal)
        return any(needle in field for field in document.fields)

    def _hit(self, candidate: _Candidate) -> Hit:
        topic = self.index.topic(candidate.document.topic_id)
        snippet, terms = best_snippet(
            topic, candidate.document.sentences, self.query.concepts, self.index.lexicon.stems
        )
        return Hit(
            topic,
            round(self._score(candidate), 3),
            snippet,
            terms,
            candidate.matched,
            self._named(candidate.document) > 0,
            self._phrase(candidate.document),
        )

    def _spelled_like(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Library words close in spelling to the first few unmatched ones."""
        import difflib  # only when something was not found

        close: list[str] = []
        for word in words[:MAX_SUGGESTIONS]:
            # A typo rarely changes the length by more than two letters or both
            # of the first two: comparing only those words is ~20x less work.
            likely = [
                w
                for w in self.index.lexicon.vocabulary
                if abs(len(w) - len(word)) <= 2 and (w[0] == word[0] or w[1:2] == word[1:2])
            ]
            close += difflib.get_close_matches(word, likely, n=2, cutoff=0.8)
        return tuple(dict.fromkeys(w for w in close if w not in words))[:MAX_SUGGESTIONS]


def _weighted(document: Document, concept: Concept) -> float:
    """How strongly one topic mentions one concept, summed over fields by their weight."""
    shares = _shares(concept)
    total = 0.0
    for field, weight in zip(document.fields, _WEIGHTS, strict=True):
        for needle, share in shares:
            if needle in field:
                total += weight * share * field.count(needle)
    return total


@cache
def _shares(concept: Concept) -> tuple[tuple[str, float], ...]:
    """What each way of saying the concept counts for: its own words fully, the rest less."""
    literal = ((spaced(concept.literal), 1.0),)
    synonyms = tuple((spaced(p), SYNONYM_WEIGHT) for p in concept.alternatives)
    prefixes = tuple(
        (spaced((p,)), PREFIX_WEIGHT) for p in concept.prefixes if (p,) != concept.literal
    )
    return literal + synonyms + prefixes
