"""Search results as the learner reads them: what was set aside, then the hits, best first.

The ranked hits themselves are drawn by `render_hits` (render/topic.py);
this adds the lines that explain the answer: words no topic mentions, words
beyond the length search reads.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from primer_cli.render.topic import MUTED, render_hits
from primer_cli.topics.query import MAX_QUERY_WORDS
from primer_cli.topics.search import SearchResult
from primer_cli.wording import count_of


def quoted(words: tuple[str, ...], joiner: str = "or", shown: int = 3) -> str:
    """ "'a'", "'a' or 'b'", "'a', 'b' or 'c'", "'a', 'b', 'c' or 2 more words"."""
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


def render_results(result: SearchResult, heading: str | None = None) -> Group:
    parts: list[RenderableType] = []
    if heading:
        parts.append(Text(heading, style="bold"))
    parts += [Text(line, style=MUTED) for line in notes(result)]
    if parts:
        parts.append(Text())
    parts.append(render_hits(list(result.hits)))
    return Group(*parts)
