"""Words as search compares them: tokens, stop words and stems.

Stems come from the Snowball English ("Porter2") stemmer in PyStemmer, so
"caching", "cached" and "caches" all meet at "cach", and "limiting" finds
"limits". PyStemmer is the Snowball project's C build: about 2 ms to import
here, where the pure-Python `snowballstemmer` (same algorithm) loads all its
36 languages for 20-30 ms. It is imported only when a word is stemmed for the
first time: the search index carries the stem of every word in the library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import islice

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
MAX_WORD_CHARS = 40  # longer "words" are noise; cutting them keeps comparisons cheap
_LONG_WORD = re.compile(rf"[a-z0-9]{{{MAX_WORD_CHARS + 1}}}")

# Function words and the filler of a spoken question ("what is the difference
# between ..."): they say nothing about which topic is wanted. Words that do
# carry meaning in system design stay out of this list on purpose: "up",
# "out" and "down" (scale up/out), "no" and "not" ("no sql").
STOP_WORDS = frozenset(
    """
    a about am an and any are as at be because been being between both but by can
    could define definition did difference differences do does doing dont explain
    for from had has have having he her here how i if in into is it its just me
    kind kinds mean meaning means my of on or our please s she should so such t
    tell than that the their them then there these they thing things this those
    to too vs versus was way ways we were what whats when where which while who
    whom why will with would you your
    """.split()  # noqa: SIM905 - a paragraph of words reads better than 90 quoted strings
)


def words_of(text: str, limit: int | None = None) -> list[str]:
    """Lower-case words, the first `limit` of them; "brewer's" is "brewer", "don't" is "dont"."""
    lowered = text.lower()
    if limit is None:
        found = _WORD.findall(lowered)  # all at C speed: indexing reads the whole library
    else:
        found = [match.group() for match in islice(_WORD.finditer(lowered), limit)]
    if "'" not in lowered and "’" not in lowered and not _LONG_WORD.search(lowered):
        return found  # the usual case, with no word to tidy
    return [_tidy(w) if "'" in w or "’" in w or len(w) > MAX_WORD_CHARS else w for w in found]


def _tidy(word: str) -> str:
    head, _, tail = word.replace("’", "'").partition("'")
    return (head if tail == "s" else head + tail)[:MAX_WORD_CHARS]


def count_words(text: str) -> int:
    """How many words `text` has, counted without building them."""
    return len(_WORD.findall(text.lower()))


def meaningful(words: Iterable[str]) -> list[str]:
    """The words that are not stop words; all of them when every one is a stop word."""
    listed = list(words)
    kept = [w for w in listed if w not in STOP_WORDS]
    return kept or listed


@cache
def _stemmer() -> Callable[[str], str]:
    import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type hints

    stemmer = Stemmer.Stemmer("english")
    stem_word: Callable[[str], str] = stemmer.stemWord
    return stem_word


def stem(word: str, known: dict[str, str] | None = None) -> str:
    """The Snowball English stem of a lower-case word; `known` holds stems already made."""
    if known is not None and word in known:
        return known[word]
    return _stemmer()(word)


def stems_of(text: str, known: dict[str, str] | None = None) -> list[str]:
    """The stems of the words of `text` that are not stop words, in order."""
    return [stem(w, known) for w in words_of(text) if w not in STOP_WORDS]
