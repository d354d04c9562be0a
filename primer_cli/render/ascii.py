"""Output for a stdout that cannot take Unicode (PYTHONIOENCODING=ascii): the same page in ASCII.

Rich already draws its boxes in ASCII there (its `ascii_only` option); this
does the same for the symbols primer draws itself, each into one character
so that columns stay aligned: ≈ ~, × x, ÷ /, → >, µ u, † +, █ #.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment

_ONE_CHARACTER = str.maketrans(
    {
        "≈": "~",
        "×": "x",
        "÷": "/",
        "→": ">",
        "µ": "u",
        "μ": "u",
        "†": "+",
        "█": "#",
        **dict.fromkeys("▏▎▍▌▋▊▉", ":"),
        "⌈": "[",
        "⌉": "]",
        "−": "-",
        "–": "-",
        "—": "-",
        "•": "*",
        "·": ".",
        "…": ".",
        "─": "-",
        "│": "|",
        "’": "'",
    }
)


def to_ascii(text: str) -> str:
    """`text` with each non-ASCII character replaced by one of the same width."""
    text = text.translate(_ONE_CHARACTER)
    if text.isascii():
        return text
    return "".join(c if c.isascii() else "?" * cell_len(c) for c in text)


class AsciiFallback:
    """Draws `renderable` as it is, or in ASCII where the console's encoding cannot hold it."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not options.ascii_only:
            yield self.renderable
            return
        for segment in console.render(self.renderable, options):
            text, style, control = segment
            yield Segment(to_ascii(text), style, control) if text else segment
