"""Search results as the learner reads them: what was set aside, then the hits, best first.

The ranked hits themselves are drawn by `render_hits` (render/topic.py);
this adds the lines that explain the answer (`search_text.py`).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from primer_cli.render.search_text import notes
from primer_cli.render.topic import MUTED, render_hits
from primer_cli.topics.search import SearchResult


def render_results(result: SearchResult, heading: str | None = None) -> Group:
    parts: list[RenderableType] = []
    if heading:
        parts.append(Text(heading, style="bold"))
    parts += [Text(line, style=MUTED) for line in notes(result)]
    if parts:
        parts.append(Text())
    parts.append(render_hits(list(result.hits)))
    return Group(*parts)
