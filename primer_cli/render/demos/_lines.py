"""Pictures laid out by hand: rows of cells turned straight into Rich segments.

Rich's Table measures every cell of every row each time it is drawn, and
for a picture redrawn thirty times a second that measuring is most of the
cost (benchmarks/bench_tui.py: 21 ms of a hashring frame's 21.5). A picture
whose columns are simple (left- or right-aligned text, one space or more
between columns, nothing to wrap) can lay itself out here instead, from the
same cells it would give a Table, and hand Rich finished lines. A cell is a
tuple of runs, each a piece of text and the style it is drawn in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

Run = tuple[str, str]  # text and its style ("" for none)
Cell = tuple[Run, ...]
Row = Sequence[Cell]


def cell_width(cell: Cell) -> int:
    return sum(cell_len(text) for text, _ in cell)


def as_text(cell: Cell) -> Text:
    """The cell as a Rich Text, for pictures that still go through a Table."""
    return Text.assemble(*cell)


class Styles:
    """Style names resolved once per console, as Rich resolves them (theme names included)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.resolved: dict[str, Style] = {}

    def __getitem__(self, name: str) -> Style:
        style = self.resolved.get(name)
        if style is None:
            style = self.resolved[name] = self.console.get_style(name, default=Style.null())
        return style


class Line:
    """One line of segments, built left to right; `width` is its length in cells.

    `base` is a style under every run, padding included, as a Table row's style is.
    """

    def __init__(self, styles: Styles, base: str = "") -> None:
        self.styles = styles
        self.base = base
        self.segments: list[Segment] = []
        self.width = 0

    def add(self, text: str, style: str = "") -> Line:
        if text:
            name = f"{self.base} {style}" if self.base and style else self.base or style
            self.segments.append(Segment(text, self.styles[name]))
            self.width += cell_len(text)
        return self

    def cell(self, cell: Cell, width: int, *, right: bool = False) -> Line:
        """A cell padded with spaces to `width`: on the right, or on the left when `right`."""
        spare = max(0, width - cell_width(cell))
        if right:
            self.add(" " * spare)
        for text, style in cell:
            self.add(text, style)
        if not right:
            self.add(" " * spare)
        return self

    def pad_to(self, width: int) -> Line:
        return self.add(" " * max(0, width - self.width))


def column_widths(rows: Iterable[Row]) -> list[int]:
    """Each column's width: its widest cell, as a Table without wrapping measures it."""
    widths: list[int] = []
    for row in rows:
        for index, cell in enumerate(row):
            width = cell_width(cell)
            if index == len(widths):
                widths.append(width)
            elif width > widths[index]:
                widths[index] = width
    return widths


def grid_lines(
    rows: Sequence[Row],
    styles: Styles,
    *,
    gap: int = 1,
    right: frozenset[int] = frozenset(),
    widths: Sequence[int] | None = None,
    base: str = "",
) -> list[Line]:
    """Rows laid out as `Table.grid(padding=(0, gap))` lays them out when nothing wraps.

    Columns in `right` are right-aligned; `base` styles every cell, as a header
    style does. Every line is as wide as the grid.
    """
    widths = list(widths) if widths is not None else column_widths(rows)
    lines = []
    for row in rows:
        line = Line(styles, base)
        for index, width in enumerate(widths):
            if index:
                line.add(" " * gap)
            cell = row[index] if index < len(row) else ()
            line.cell(cell, width, right=index in right)
        lines.append(line)
    return lines


def segments(lines: Iterable[Line]) -> Iterable[Segment]:
    """The lines as Rich yields them: each one's segments, then a newline."""
    for line in lines:
        yield from line.segments
        yield Segment.line()
