"""Two lanes of packets, TCP over UDP, and TCP's congestion window as it halves and grows."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.render.demos._draw import sparkline
from primer_cli.sim.link import DELIVERED, HELD_BACK, IN_FLIGHT, LOST
from primer_cli.sim.transport import FlowState, TransportState

CELLS = {
    DELIVERED: ("█", "green"),
    HELD_BACK: ("▓", "cyan"),
    IN_FLIGHT: ("▒", "yellow"),
    LOST: ("✗", "red"),
}
WAITING_CELL = ("·", "dim")


def view(state: TransportState) -> RenderableType:
    lanes = Table.grid(padding=(0, 1))
    lanes.add_row(Text("TCP", style="bold"), lane(state.tcp), _counts(state.tcp, state.packets))
    lanes.add_row(Text("UDP", style="bold"), lane(state.udp), _counts(state.udp, state.packets))
    caption = Text(
        f"packets {state.first:,}–{state.first + len(state.tcp.status) - 1:,}  ", style="dim"
    )
    for status, (char, style) in CELLS.items():
        caption.append(char, style=style).append(f" {status}  ", style="dim")
    return Group(lanes, caption, _window(state))


def lane(flow: FlowState) -> Text:
    line = Text()
    for status in flow.status:
        char, style = CELLS.get(status, WAITING_CELL)
        line.append(char, style=style)
    return line


def _counts(flow: FlowState, packets: int) -> Text:
    return Text(f"{flow.delivered:,}/{packets:,}, {flow.retransmissions:,} resent", style="dim")


def _window(state: TransportState) -> Text:
    """cwnd over the transfer: the sawtooth of additive increase and multiplicative decrease."""
    line = Text("cwnd", style="bold")
    line.append_text(Text(" ")).append_text(
        sparkline(state.cwnd_history[-36:], float(state.window), "cyan")
    )
    line.append(f" {state.cwnd:.1f} of {state.window:,} packets", style="dim")
    return line.append(f"  t = {state.now:,.1f} s", style="dim")
