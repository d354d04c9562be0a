"""Tables that choose their column widths for the space they are given, and never lose text.

Rich shares a table's width out by itself, and two of its choices lose text
at 80 columns: a column with a minimum width can push the table past the
edge, where it is cropped, and a cell whose column is narrower than one of
its words is cut to "…". Here each column first gets room for its longest
word, so no word is broken; what is left goes to the columns whose text is
longest, so the table is as short as it can be. Cells fold rather than cut:
if even the longest words cannot fit side by side, a word is broken across
lines, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table

PADDING = 2  # a space either side of every cell, Rich's default
WIDEST_WORD = 24  # a column never claims more than this for one word


def column_widths(cells: Sequence[Sequence[str]], available: int) -> list[int]:
    """Widths for columns of `cells` (column by column) that add up to at most `available`."""
    count = len(cells)
    if count == 0:
        return []
    longest = [max((_longest_line(cell) for cell in column), default=1) or 1 for column in cells]
    if sum(longest) <= available:
        return longest
    floor = [
        min(max((_longest_word(cell) for cell in column), default=1), WIDEST_WORD, width)
        for column, width in zip(cells, longest, strict=True)
    ]
    floor = [max(1, width) for width in floor]
    if sum(floor) >= available:
        return shares(floor, max(available, count))
    return _fill(floor, longest, available - sum(floor))


def shares(weights: Sequence[int], total: int) -> list[int]:
    """`total` split in proportion to `weights`, each at least 1, adding up to `total` exactly."""
    scale = sum(weights)
    raw = [max(1.0, total * weight / scale) for weight in weights]
    result = [int(value) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - result[i], reverse=True)
    for i in by_remainder[: max(0, total - sum(result))]:
        result[i] += 1
    while sum(result) > total and max(result) > 1:
        result[result.index(max(result))] -= 1
    return result


def _fill(widths: list[int], wanted: list[int], spare: int) -> list[int]:
    """Hand out `spare` cells to columns short of their `wanted` width, most wanting first."""
    widths = list(widths)
    while spare > 0:
        short = [wanted[i] - widths[i] for i in range(len(widths))]
        need = sum(gap for gap in short if gap > 0)
        if need == 0:
            break
        given = 0
        for i, gap in enumerate(short):
            if gap > 0:
                step = min(gap, max(1, spare * gap // need), spare - given)
                widths[i] += step
                given += step
        spare -= given
        if given == 0:
            break
    return widths


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def boxed_overhead(columns: int) -> int:
    """Cells a boxed Rich table spends outside its columns' content: borders and padding."""
    return columns + 1 + PADDING * columns


def bare_overhead(columns: int) -> int:
    """The same for a table without a box and without padding at its outer edges."""
    return PADDING * (columns - 1)


class FittedTable:
    """A Rich table built at render time, with `column_widths` for the space it is given.

    `build` receives the content width of each column and returns the table;
    `cells` holds the plain text of every cell, column by column, to measure.
    """

    def __init__(
        self,
        build: Callable[[list[int]], Table],
        cells: Sequence[Sequence[str]],
        *,
        overhead: int | None = None,
    ) -> None:
        self.build = build
        self.cells = cells
        # By default a boxed table: a border between and around columns, and padded cells.
        self.overhead = boxed_overhead(len(cells)) if overhead is None else overhead

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(column_widths(self.cells, options.max_width - self.overhead))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = sum(max((_longest_line(c) for c in column), default=1) for column in self.cells)
        return Measurement(min(options.max_width, self.overhead + len(self.cells)), widest)
