"""English agreement in one place: "1 key", "2 keys", "an hour", "a year".

Every face and every core message that puts a number or a noun into a
sentence goes through these, so "1 keys behind" or "a hour" cannot come back
one call site at a time.
"""

from __future__ import annotations

import re

# Nouns whose plural is not the noun plus "s" (only those primer prints).
_IRREGULAR = {
    "replica": "replicas",
    "entry": "entries",
    "query": "queries",
    "copy": "copies",
    "policy": "policies",
    "strategy": "strategies",
    "category": "categories",
    "child": "children",
    "index": "indexes",
    "process": "processes",
    "loss": "losses",
    "class": "classes",
}

# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = ("uni", "use", "user", "one", "eu")
_VOWEL_SOUND = ("hour", "honest", "honor", "honour")


def plural(noun: str) -> str:
    """The plural of a lower-case noun: 'key' -> 'keys', 'entry' -> 'entries'."""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def count_of(count: float, noun: str, *, text: str | None = None) -> str:
    """'1 key', '2 keys', '0 keys'; `text` is the number as already formatted."""
    shown = text if text is not None else f"{count:,.0f}" if count == int(count) else f"{count:g}"
    return f"{shown} {noun if count == 1 else plural(noun)}"


def article(word: str) -> str:
    """'a' or 'an' for the word that follows, by its sound where English differs."""
    lowered = word.lower()
    if lowered[:1] == "8" or re.match(r"^1[18](?!\d)", lowered):
        return "an"  # an 8-bit, an 11-node, an 18-month
    if lowered.startswith(_VOWEL_SOUND):
        return "an"
    if lowered.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if lowered[:1] in "aeiou" else "a"


def with_article(word: str) -> str:
    """'an hour', 'a year', 'an index'."""
    return f"{article(word)} {word}"
