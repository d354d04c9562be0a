"""Two lanes of packets, TCP over UDP: delivered, in flight, lost or still to be sent."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.sim.base import Model
from primer_cli.sim.transport import (
    DELIVERED,
    HELD_BACK,
    IN_FLIGHT,
    LOST,
    FlowState,
    TransportModel,
)

CELLS = {
    DELIVERED: ("█", "green"),
    HELD_BACK: ("▓", "cyan"),
    IN_FLIGHT: ("▒", "yellow"),
    LOST: ("✗", "red"),
}
WAITING_CELL = ("·", "dim")
LANE_CELLS = 48  # leaves room for the counts beside each lane in 80 columns


def view(model: Model) -> RenderableType:
    assert isinstance(model, TransportModel)
    state = model.state(shown=LANE_CELLS)
    lanes = Table.grid(padding=(0, 1))
    lanes.add_row(Text("TCP", style="bold"), lane(state.tcp), _counts(state.tcp, state.packets))
    lanes.add_row(Text("UDP", style="bold"), lane(state.udp), _counts(state.udp, state.packets))
    caption = Text(
        f"packets {state.first:,}–{state.first + len(state.tcp.status) - 1:,}   ", style="dim"
    )
    for status, (char, style) in CELLS.items():
        caption.append(char, style=style).append(f" {status}  ", style="dim")
    return Group(lanes, caption, Text(f"t = {state.now * 1000:,.0f} ms", style="dim"))


def lane(flow: FlowState) -> Text:
    line = Text()
    for status in flow.status:
        char, style = CELLS.get(status, WAITING_CELL)
        line.append(char, style=style)
    return line


def _counts(flow: FlowState, packets: int) -> Text:
    return Text(
        f"{flow.delivered:,}/{packets:,} delivered, {flow.retransmissions:,} resent", style="dim"
    )
