"""The sentences that explain a search's answer, as plain text (no Rich).

Kept apart from the Rich renderer so the error path of `primer search` (a
one-line message on stderr) does not import the table and tree renderers.
"""

from __future__ import annotations

from primer_cli.topics.query import MAX_QUERY_WORDS
from primer_cli.topics.search import SearchResult
from primer_cli.wording import count_of


def quoted(words: tuple[str, ...], joiner: str = "or", shown: int = 3) -> str:
    """Quoted words for a sentence: 'a' / 'a' or 'b' / 'a', 'b' or 'c' / 'a', 'b', 'c' or 2 more words."""
    marked = [f"'{w}'" for w in words[:shown]]
    if len(words) > shown:
        marked.append(count_of(len(words) - shown, "more word"))
    if len(marked) == 1:
        return marked[0]
    return f"{', '.join(marked[:-1])} {joiner} {marked[-1]}"


def notes(result: SearchResult) -> list[str]:
    """What a learner should know about how the query was read."""
    lines = []
    if result.unmatched and result.hits:
        lines.append(f"No topic mentions {quoted(result.unmatched)}; these match the other words.")
    if result.query.dropped:
        lines.append(
            f"Only the first {MAX_QUERY_WORDS} words were searched "
            f"({count_of(result.query.dropped, 'word')} left out)."
        )
    return lines
