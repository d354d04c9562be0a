"""The hash ring drawn in characters, each node's load as a bar, and moved keys ring vs modulo.

The picture is built once as cells (`ring_grid`, `node_rows`, `moved_rows`)
and laid out by hand (`_lines.py`): the ring's geometry is worked out once,
not per frame, and no Table measures the cells thirty times a second. Only
where the columns do not fit (a terminal narrower than about 70 columns)
does Rich's Table lay the same cells out, squeezing them as it does.
"""

from __future__ import annotations

import math
from functools import cache
from itertools import groupby
from operator import itemgetter

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from primer_cli.render.demos._lines import (
    Cell,
    Line,
    Run,
    Styles,
    as_text,
    column_widths,
    grid_lines,
    segments,
)
from primer_cli.sim.hashring import HashRingState, NodeState
from primer_cli.wording import count_of

PALETTE = (
    "red", "green", "yellow", "blue", "magenta", "cyan",
    "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan",
)  # fmt: skip
RING_WIDTH, RING_HEIGHT = 25, 11  # terminal cells are about twice as tall as wide
BAR_WIDTH = 24  # at most; narrower terminals get shorter bars
MIN_BAR_WIDTH = 8
FIXED_COLUMNS = RING_WIDTH + 3 + 10 + 8 + 13 + 3  # ring, gap, name, count, status, spacing
MAX_NODE_ROWS = RING_HEIGHT  # beside the ring, no taller than it
RING_GAP = 3  # columns between the ring and the node loads
BLANK: Run = (" ", "")


def node_style(node: int) -> str:
    return PALETTE[node % len(PALETTE)]


def view(state: HashRingState) -> RenderableType:
    return RingPicture(state)


class RingPicture:
    """The ring beside the node loads; bars shrink to fit the width Rich offers."""

    def __init__(self, state: HashRingState) -> None:
        self.state = state

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, options.max_width - FIXED_COLUMNS))
        ring, nodes, moved = (
            ring_grid(self.state),
            node_rows(self.state, width),
            moved_rows(self.state, width),
        )
        lines = laid_out(ring, nodes, moved, Styles(console))
        if max(line.width for line in lines) <= options.max_width:
            yield from segments(lines)
            return
        yield squeezed(ring, nodes, moved)


# The picture as cells ----------------------------------------------------------------------


def _ellipse_point(fraction: float, scale: float) -> tuple[int, int]:
    """Cell for a ring position: 0 at 12 o'clock, growing clockwise."""
    angle = 2 * math.pi * fraction - math.pi / 2
    x = (RING_WIDTH - 1) / 2 * (1 + scale * math.cos(angle))
    y = (RING_HEIGHT - 1) / 2 * (1 + scale * math.sin(angle))
    return round(y), round(x)


@cache
def ring_cells(samples: int) -> tuple[tuple[int, int], ...]:
    """Where each of `samples` evenly spaced ring points falls: the same every frame."""
    return tuple(_ellipse_point(index / samples, 1.0) for index in range(samples))


def ring_grid(state: HashRingState) -> list[list[Run]]:
    """RING_HEIGHT rows of RING_WIDTH cells: the ring in its owners' colours, the latest key,
    and in the middle the nodes on the ring now (not those still to join) and the phase."""
    grid = [[BLANK] * RING_WIDTH for _ in range(RING_HEIGHT)]
    for (y, x), owner in zip(ring_cells(len(state.ring)), state.ring, strict=True):
        grid[y][x] = ("●", node_style(owner))
    if state.last_key is not None:
        y, x = _ellipse_point(state.last_key, 0.78)
        grid[y][x] = ("◆", "bold white")
    middle = (RING_HEIGHT - 1) // 2
    for row, label, style in (
        (middle, count_of(state.members, "node"), "dim"),
        (middle + 1, state.phase, "italic"),
    ):
        column = (RING_WIDTH - len(label)) // 2
        for offset, char in enumerate(label):
            if 0 <= column + offset < RING_WIDTH:
                grid[row][column + offset] = (char, style)
    return grid


def node_rows(state: HashRingState, bar_width: int = BAR_WIDTH) -> list[tuple[Cell, ...]]:
    """A row per node (name, load bar, keys, share of the ring), the rest counted."""
    live = sum(1 for node in state.nodes if node.status != "removed")
    fair = max(1.0, sum(node.keys for node in state.nodes) / max(1, live))
    shown = state.nodes if len(state.nodes) <= MAX_NODE_ROWS else state.nodes[: MAX_NODE_ROWS - 1]
    rows: list[tuple[Cell, ...]] = [
        (
            (("■ " + node.name, node_style(node.node)),),
            load_bar(node.keys / fair, bar_width),
            ((f"{node.keys:>7,}", ""),),
            _status(node),
        )
        for node in shown
    ]
    if len(shown) < len(state.nodes):
        rows.append((((f"… {len(state.nodes) - len(shown)} more", "dim"),), (), (), ()))
    return rows


def load_bar(ratio: float, width: int = BAR_WIDTH) -> Cell:
    """A bar where the tick at the middle is a fair share; longer means overloaded (red)."""
    filled = min(width, round(ratio * width / 2))
    red_from = width // 2 + 2
    green = min(filled, red_from)
    rest = "".join("│" if cell == width // 2 else "·" for cell in range(filled, width))
    runs = (("█" * green, "green"), ("█" * (filled - green), "red"), (rest, "dim"))
    return tuple(run for run in runs if run[0])


def _status(node: NodeState) -> Cell:
    if node.status == "added":
        return (("+ joined", "bold green"),)
    if node.status == "removed":
        return (("− left", "bold red"),)
    return ((f"{node.ring_share:5.1%} of ring", "dim"),)


def moved_rows(state: HashRingState, bar_width: int = BAR_WIDTH) -> list[tuple[Cell, ...]]:
    """Keys moved so far, ring against modulo, as bars twice as long as the load bars."""
    total = max(1, state.keys_rehashed)
    rows: list[tuple[Cell, ...]] = []
    for label, moved, style in (
        ("moved, ring  ", state.moved, "green"),
        ("moved, modulo", state.modulo_moved, "red"),
    ):
        filled = round(moved / total * 2 * bar_width)
        # The dots take the bar's colour, dimmed: they always have.
        runs = (("█" * filled, style), ("·" * (2 * bar_width - filled), f"{style} dim"))
        bar = tuple(run for run in runs if run[0])
        count: Cell = ((f"{moved:,} of {state.keys_rehashed:,}", ""),)
        rows.append((((label, "bold"),), bar, count))
    return rows


# Laying it out ------------------------------------------------------------------------------


def laid_out(
    ring: list[list[Run]],
    nodes: list[tuple[Cell, ...]],
    moved: list[tuple[Cell, ...]],
    styles: Styles,
) -> list[Line]:
    """The ring and the node loads side by side, the moved bars below, as Rich's grids would
    place them when everything fits."""
    node_lines = grid_lines(nodes, styles)
    table_width = sum(column_widths(nodes)) + max(0, len(column_widths(nodes)) - 1)
    lines = []
    for y, row in enumerate(ring):
        line = Line(styles)
        for style, run in groupby(row, key=itemgetter(1)):  # a segment per run of one style
            line.add("".join(char for char, _ in run), style)
        if table_width:
            line.add(" " * RING_GAP)
            if y < len(node_lines):
                line.segments += node_lines[y].segments
                line.width += node_lines[y].width
            else:
                line.pad_to(RING_WIDTH + RING_GAP + table_width)
        lines.append(line)
    return lines + grid_lines(moved, styles)


def squeezed(
    ring: list[list[Run]], nodes: list[tuple[Cell, ...]], moved: list[tuple[Cell, ...]]
) -> Group:
    """The same cells in Rich's grids, which squeeze columns to fit a narrow terminal."""
    layout = Table.grid(padding=(0, RING_GAP))
    layout.add_column()
    layout.add_column()
    layout.add_row(draw_ring(ring), _grid(nodes, 4))
    return Group(layout, _grid(moved, 3))


def draw_ring(ring: list[list[Run]]) -> Text:
    picture = Text()
    for y, row in enumerate(ring):
        for char, style in row:
            picture.append(char, style=style)
        if y < len(ring) - 1:
            picture.append("\n")
    return picture


def _grid(rows: list[tuple[Cell, ...]], columns: int) -> Table:
    table = Table.grid(padding=(0, 1))
    for _ in range(columns):
        table.add_column(no_wrap=True)
    for row in rows:
        table.add_row(*(as_text(cell) for cell in row))
    return table
