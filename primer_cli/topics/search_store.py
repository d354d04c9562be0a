"""The search index as commands get it: built once, then read from the user cache.

Stemming every word of the library costs a few hundred milliseconds, far more
than a search may take, so the built index (every topic's stems by field, the
library's words and their stems, irregular verb forms included, the synonym
groups) is stored with the topic cache's machinery (`primer_cli/diskcache.py`).
Its key covers the content and the lexicon tables, so editing any of them
rebuilds it; a cached run imports neither YAML nor the stemmer.
"""

from __future__ import annotations

import os
import zlib
from functools import cache
from typing import Any

from primer_cli import __version__
from primer_cli.diskcache import cached, fingerprint
from primer_cli.paths import cache_dir, content_dir
from primer_cli.topics.irregular import irregular_file, load_irregular
from primer_cli.topics.library import Library
from primer_cli.topics.query import Lexicon
from primer_cli.topics.search import Document, SearchIndex
from primer_cli.topics.snippets import StemmedSentences
from primer_cli.topics.store import library
from primer_cli.topics.synonyms import lexicon_file, load_synonyms
from primer_cli.topics.words import STOP_WORDS

_LAYOUT = 4  # bump when the packed layout below, or how text becomes words, changes


@cache
def search_index() -> SearchIndex:
    """The index of the shipped (or `PRIMER_CONTENT`) topics and the shipped lexicon."""
    topics = library()
    synonyms = lexicon_file()
    # The stop words shape every stored field, so a change to them is a new index.
    words = str(zlib.crc32(" ".join(sorted(STOP_WORDS)).encode()))
    key = "\n".join(
        (
            fingerprint(content_dir(), "search", __version__, str(_LAYOUT), words),
            fingerprint(synonyms.parent),  # the synonyms and the irregular verbs
        )
    )
    root = None if os.environ.get("PRIMER_NO_CACHE") else cache_dir()

    def build() -> SearchIndex:
        return SearchIndex.build(topics, load_synonyms(synonyms), load_irregular(irregular_file()))

    return cached(root, "search", key, build, _pack, lambda packed: _unpack(packed, topics))


def _pack(index: SearchIndex) -> tuple[Any, ...]:
    lexicon = index.lexicon
    documents = tuple(
        (d.topic_id, d.fields, d.length, d.names, d.exact_names, _pack_sentences(d.sentences))
        for d in index.documents
    )
    return documents, lexicon.stems, lexicon.vocabulary, lexicon.synonyms


def _unpack(packed: tuple[Any, ...], topics: Library) -> SearchIndex:
    documents, stems, vocabulary, synonyms = packed
    if [d[0] for d in documents] != [t.id for t in topics]:
        raise ValueError("the cached index is of other topics")  # read as a miss: rebuilt
    return SearchIndex(
        topics,
        tuple(
            Document(topic_id, fields, length, names, exact, StemmedSentences(*sentences))
            for topic_id, fields, length, names, exact, sentences in documents
        ),
        Lexicon(stems, vocabulary, synonyms),
    )


def _pack_sentences(sentences: StemmedSentences) -> tuple[Any, ...]:
    return sentences.texts, sentences.stems, sentences.starts
