"""A Static for content redrawn every frame: drawn once per update, laid out only when it grows or shrinks.

`Static.update` lays the whole screen out again, and Textual then draws the
renderable twice, once to measure its height and once to paint it. For the
demo's picture and status line, redrawn thirty times a second and almost
always the same height, that was most of a frame's CPU time in the app
(benchmarks/bench_tui.py). This widget draws the renderable once, at its
own width, hands Textual the finished lines, and asks for a layout only
when the number of lines changed; on a resize it draws the last one again.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from textual import events
from textual.widgets import Static


class Drawn:
    """Lines already rendered, given back as they are."""

    def __init__(self, lines: list[list[Segment]]) -> None:
        self.lines = lines
        self.width = max((Segment.get_line_length(line) for line in lines), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


class FrameStatic(Static):
    """`show(renderable)` each frame; the screen is laid out again only when the height changes."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.latest: RenderableType | None = None
        self.drawn_height = -1

    def show(self, renderable: RenderableType) -> None:
        self.latest = renderable
        width = self.content_region.width
        if width <= 0:  # not laid out yet: let Textual measure it the usual way
            self.update(renderable)
            return
        options = self.app.console_options.update_width(width).update(highlight=False)
        lines = self.app.console.render_lines(renderable, options, pad=False)
        self.update(Drawn(lines), layout=len(lines) != self.drawn_height)
        self.drawn_height = len(lines)

    def on_resize(self, event: events.Resize) -> None:
        if self.latest is not None:
            self.show(self.latest)
