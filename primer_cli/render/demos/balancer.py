"""Draw the balancer demo: one gauge per server, its health as the checks see it, and its counts."""

from __future__ import annotations

from fractions import Fraction

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.sim.balancer import BalancerState, ServerState

GAUGE_WIDTH = 10
MAX_ROWS = 8  # servers drawn; the rest are counted, so the frame fits 24 rows


def view(state: BalancerState) -> RenderableType:
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    table.caption = f"strategy: {state.strategy}"
    for name in ("server", "speed", "status"):
        table.add_column(name, no_wrap=True)
    table.add_column("connections", no_wrap=True)
    for name in ("sent", "served", "dropped"):
        table.add_column(name, justify="right")
    shown = state.servers if len(state.servers) <= MAX_ROWS else state.servers[: MAX_ROWS - 1]
    for server in shown:
        table.add_row(
            f"s{server.index}",
            _speed(server.speed),
            _status(server),
            _gauge(server.connections, state),
            f"{server.sent:,}",
            f"{server.served:,}",
            Text(f"{server.dropped:,}", style="red" if server.dropped else ""),
        )
    if len(shown) < len(state.servers):
        table.add_row(Text(f"… {len(state.servers) - len(shown)} more", style="dim"))
    return table


def _speed(speed: float) -> str:
    return str(Fraction(speed).limit_denominator(8))


def _status(server: ServerState) -> Text:
    """Where reality and the health checks disagree is where requests get lost."""
    if server.up and server.in_pool:
        return Text("● up", style="green")
    if not server.up and server.in_pool:
        return Text("✗ down (in pool)", style="bold red")
    if not server.up:
        return Text("✗ down (removed)", style="red")
    return Text("● up (not back yet)", style="yellow")


def _gauge(connections: int, state: BalancerState) -> Text:
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
    gauge = Text("█" * filled, style=style)
    gauge.append("░" * (GAUGE_WIDTH - filled), style="dim")
    return gauge.append(f" {connections:>2}/{state.max_connections}")
