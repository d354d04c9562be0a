"""Draw the balancer demo: one gauge per server, its health as the checks see it, and its counts.

Built as cells (`server_rows`) and laid out by hand (`_lines.py`), as a
borderless table with a header and the strategy centred below would be:
Rich's Table measured every cell on every frame, most of a frame's cost.
Where the columns do not fit, Rich's Table lays the same cells out.
"""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table

from primer_cli.render.demos._lines import (
    Cell,
    Line,
    Styles,
    as_text,
    column_widths,
    grid_lines,
    segments,
)
from primer_cli.sim.balancer import BalancerState, ServerState

GAUGE_WIDTH = 10
MAX_ROWS = 8  # servers drawn; the rest are counted, so the frame fits 24 rows
HEADERS = ("server", "speed", "status", "connections", "sent", "served", "dropped")
RIGHT = frozenset({4, 5, 6})  # the counts line up on the right
GAP = 2  # a space of padding on each side of a column, none at the edges
HEADER_STYLE = "bold"
CAPTION_STYLE = "table.caption"


def view(state: BalancerState) -> RenderableType:
    return ServerTable(state)


class ServerTable:
    """A row per server under a bold header, the strategy as a caption."""

    def __init__(self, state: BalancerState) -> None:
        self.state = state

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = server_rows(self.state)
        caption = f"strategy: {self.state.strategy}"
        header = tuple(((name, ""),) for name in HEADERS)
        widths = column_widths([header, *rows])
        width = sum(widths) + GAP * (len(widths) - 1)
        if width > options.max_width or len(caption) > width:
            yield squeezed(rows, caption)
            return
        styles = Styles(console)
        lines = grid_lines([header], styles, gap=GAP, right=RIGHT, widths=widths, base=HEADER_STYLE)
        lines += grid_lines(rows, styles, gap=GAP, right=RIGHT, widths=widths)
        lines.append(_caption(caption, width, styles))
        yield from segments(lines)


def _caption(caption: str, width: int, styles: Styles) -> Line:
    """Centred under the table, as Rich centres a caption (the odd space goes right)."""
    left = (width - len(caption)) // 2
    line = Line(styles).add(" " * left, CAPTION_STYLE).add(caption, CAPTION_STYLE)
    return line.add(" " * (width - line.width), CAPTION_STYLE)


def server_rows(state: BalancerState) -> list[tuple[Cell, ...]]:
    shown = state.servers if len(state.servers) <= MAX_ROWS else state.servers[: MAX_ROWS - 1]
    rows: list[tuple[Cell, ...]] = [
        (
            ((f"s{server.index}", ""),),
            ((_speed(server.speed), ""),),
            _status(server),
            _gauge(server.connections, state),
            ((f"{server.sent:,}", ""),),
            ((f"{server.served:,}", ""),),
            ((f"{server.dropped:,}", "red" if server.dropped else ""),),
        )
        for server in shown
    ]
    if len(shown) < len(state.servers):
        more: Cell = ((f"… {len(state.servers) - len(shown)} more", "dim"),)
        rows.append((more, (), (), (), (), (), ()))
    return rows


def _speed(speed: float) -> str:
    return str(Fraction(speed).limit_denominator(8))


def _status(server: ServerState) -> Cell:
    """Where reality and the health checks disagree is where requests get lost."""
    if server.up and server.in_pool:
        return (("● up", "green"),)
    if not server.up and server.in_pool:
        return (("✗ down (in pool)", "bold red"),)
    if not server.up:
        return (("✗ down (removed)", "red"),)
    return (("● up (not back yet)", "yellow"),)


def _gauge(connections: int, state: BalancerState) -> Cell:
    filled = min(GAUGE_WIDTH, round(GAUGE_WIDTH * connections / state.max_connections))
    if connections and not filled:
        filled = 1
    style = (
        "red"
        if connections >= state.max_connections
        else "yellow"
        if filled > GAUGE_WIDTH // 2
        else "green"
    )
    # The empty part and the count take the gauge's colour too (dimmed): they always have.
    runs = (
        ("█" * filled, style),
        ("░" * (GAUGE_WIDTH - filled), f"{style} dim"),
        (f" {connections:>2}/{state.max_connections}", style),
    )
    return tuple(run for run in runs if run[0])


def squeezed(rows: list[tuple[Cell, ...]], caption: str) -> Table:
    """The same cells in Rich's Table, which squeezes columns to fit a narrow terminal."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style=HEADER_STYLE)
    table.caption = caption
    for index, name in enumerate(HEADERS):
        if index in RIGHT:
            table.add_column(name, justify="right")
        else:
            table.add_column(name, no_wrap=True)
    for row in rows:
        table.add_row(*(as_text(cell) if cell else "" for cell in row))
    return table
