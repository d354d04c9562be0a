"""The hash ring drawn in characters, each node's load as a bar, and moved keys ring vs modulo."""

from __future__ import annotations

import math

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

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
        layout = Table.grid(padding=(0, 3))
        layout.add_column()
        layout.add_column()
        layout.add_row(draw_ring(self.state), node_loads(self.state, width))
        yield Group(layout, moved_bars(self.state, width))


def _ellipse_point(fraction: float, scale: float) -> tuple[int, int]:
    """Cell for a ring position: 0 at 12 o'clock, growing clockwise."""
    angle = 2 * math.pi * fraction - math.pi / 2
    x = (RING_WIDTH - 1) / 2 * (1 + scale * math.cos(angle))
    y = (RING_HEIGHT - 1) / 2 * (1 + scale * math.sin(angle))
    return round(y), round(x)


def draw_ring(state: HashRingState) -> Text:
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    for index, owner in enumerate(state.ring):
        cells[_ellipse_point(index / len(state.ring), 1.0)] = ("●", node_style(owner))
    if state.last_key is not None:
        cells[_ellipse_point(state.last_key, 0.78)] = ("◆", "bold white")
    # The nodes on the ring now (not those still to join), and what the run is doing.
    middle = (RING_HEIGHT - 1) // 2
    for row, label, style in (
        (middle, count_of(state.members, "node"), "dim"),
        (middle + 1, state.phase, "italic"),
    ):
        column = (RING_WIDTH - len(label)) // 2
        for offset, char in enumerate(label):
            cells[(row, column + offset)] = (char, style)
    picture = Text()
    for y in range(RING_HEIGHT):
        for x in range(RING_WIDTH):
            char, style = cells.get((y, x), (" ", ""))
            picture.append(char, style=style)
        if y < RING_HEIGHT - 1:
            picture.append("\n")
    return picture


def node_loads(state: HashRingState, bar_width: int = BAR_WIDTH) -> Table:
    live = [node for node in state.nodes if node.status != "removed"]
    fair = max(1.0, sum(node.keys for node in state.nodes) / max(1, len(live)))
    table = Table.grid(padding=(0, 1))
    for _ in range(4):
        table.add_column(no_wrap=True)
    shown = state.nodes if len(state.nodes) <= MAX_NODE_ROWS else state.nodes[: MAX_NODE_ROWS - 1]
    for node in shown:
        table.add_row(
            Text("■ " + node.name, style=node_style(node.node)),
            load_bar(node.keys / fair, bar_width),
            Text(f"{node.keys:>7,}"),
            _status(node),
        )
    if len(shown) < len(state.nodes):
        table.add_row(Text(f"… {len(state.nodes) - len(shown)} more", style="dim"), "", "", "")
    return table


def load_bar(ratio: float, width: int = BAR_WIDTH) -> Text:
    """A bar where the tick at the middle is a fair share; longer means overloaded."""
    filled = min(width, round(ratio * width / 2))
    bar = Text()
    for cell in range(width):
        if cell < filled:
            bar.append("█", style="red" if cell >= width // 2 + 2 else "green")
        else:
            bar.append("│" if cell == width // 2 else "·", style="dim")
    return bar


def _status(node: NodeState) -> Text:
    if node.status == "added":
        return Text("+ joined", style="bold green")
    if node.status == "removed":
        return Text("− left", style="bold red")
    return Text(f"{node.ring_share:5.1%} of ring", style="dim")


def moved_bars(state: HashRingState, bar_width: int = BAR_WIDTH) -> Table:
    table = Table.grid(padding=(0, 1))
    for _ in range(3):
        table.add_column(no_wrap=True)
    total = max(1, state.keys_rehashed)
    for label, moved, style in (
        ("moved, ring  ", state.moved, "green"),
        ("moved, modulo", state.modulo_moved, "red"),
    ):
        filled = round(moved / total * 2 * bar_width)
        bar = Text("█" * filled, style=style).append("·" * (2 * bar_width - filled), style="dim")
        table.add_row(Text(label, style="bold"), bar, Text(f"{moved:,} of {state.keys_rehashed:,}"))
    return table
