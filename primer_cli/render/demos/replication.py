"""Draw the replication demo: two nodes, the writes in flight between them, and what the crash did."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from primer_cli.sim.replication import NodeState, ReplicationState

ROLE_STYLE = {"primary": "bold green", "replica": "cyan", "down": "bold red"}
LINK_WIDTH = 24


def view(state: ReplicationState) -> RenderableType:
    left, right = state.nodes
    row = Table.grid(padding=(0, 1))
    row.add_row(_node(left), _link(state), _node(right))
    return Group(row, _phase(state))


def _node(node: NodeState) -> Panel:
    body = Text(node.role, style=ROLE_STYLE.get(node.role, ""))
    if node.up:
        body.append(f"\n{node.keys:,} keys\nnewest #{node.newest:,}")
    else:
        body.append("\ncrashed\n", style="red")
    return Panel(
        body, title=Text(f"node {node.name}"), width=18, border_style=ROLE_STYLE.get(node.role, "")
    )


def _link(state: ReplicationState) -> Text:
    """An arrow out of every primary: writes flow from primaries to the other node."""
    left, right = state.nodes
    flow = Text("\n", justify="center")
    if not (left.up and right.up):
        return flow.append("╳\n", style="bold red").append("no replication", style="red")
    for node, arrow in ((left, "─" * LINK_WIDTH + "▶"), (right, "◀" + "─" * LINK_WIDTH)):
        if node.role == "primary":
            flow.append(arrow + "\n")
            flow.append(
                f"{node.in_flight:,} in flight\n", style="yellow" if node.in_flight else "dim"
            )
    return flow.append(f"{state.mode}, lag {state.lag_ms:g} ms", style="dim")


def _phase(state: ReplicationState) -> Text:
    messages = {
        "normal": ("replicating", "green"),
        "failover": ("primary crashed: no writes until failover", "bold red"),
        "recovering": ("failed over; node A is rebuilding", "yellow"),
    }
    message, style = messages.get(state.phase, (state.phase, ""))
    line = Text(message, style=style)
    line.append(f"   lost {state.lost_writes:,}", style="red" if state.lost_writes else "dim")
    line.append(
        f" · stale reads {state.stale_reads:,}", style="yellow" if state.stale_reads else "dim"
    )
    if state.mode == "primary-primary":
        line.append(
            f" · conflicts {state.conflicts:,}", style="yellow" if state.conflicts else "dim"
        )
    return line
