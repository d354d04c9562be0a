"""Draw the queue demo: the queue as a bar, consumers as busy/idle squares, the load as a sparkline."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from primer_cli.sim.queue import QueueState

BAR_WIDTH = 32
SPARKS = "▁▂▃▄▅▆▇█"
MAX_SQUARES = 32  # beyond this many consumers, the count says the rest
LABEL_WIDTH = 12


def view(state: QueueState) -> RenderableType:
    return Group(_queue(state), _consumers(state), _clients(state), _history(state))


def _label(name: str) -> Text:
    return Text(name.ljust(LABEL_WIDTH), style="bold")


def _queue(state: QueueState) -> Text:
    filled = round(BAR_WIDTH * state.waiting / state.capacity)
    if state.waiting and not filled:
        filled = 1  # a single waiting request still shows
    full = state.waiting >= state.capacity
    line = _label("queue")
    line.append("█" * filled, style="red" if full else "yellow")
    line.append("░" * (BAR_WIDTH - filled), style="dim")
    line.append(f" {state.waiting:,}/{state.capacity:,} waiting")
    if full:
        line.append("  full: rejecting", style="bold red")
    return line


def _consumers(state: QueueState) -> Text:
    shown = min(state.consumers, MAX_SQUARES)
    busy = min(state.busy, shown)
    line = _label("consumers")
    line.append("■" * busy, style="green").append("□" * (shown - busy), style="dim")
    return line.append(f" {state.busy}/{state.consumers} busy")


def _clients(state: QueueState) -> Text:
    line = _label("clients")
    line.append(
        f"↺ {state.backing_off:,} backing off", style="yellow" if state.backing_off else "dim"
    )
    line.append(f" · ✗ {state.rejected:,} rejected", style="red" if state.rejected else "dim")
    line.append(f" · ✗ {state.gave_up:,} gave up", style="red" if state.gave_up else "dim")
    return line.append(f" · ✓ {state.completed:,} done", style="green")


def _history(state: QueueState) -> Text:
    line = _label("in system")
    if not state.history:
        return line
    peak = max(max(state.history), 1)
    sparks = "".join(SPARKS[round(n / peak * (len(SPARKS) - 1))] for n in state.history)
    return line.append(sparks, style="cyan").append(f" peak {peak:,}", style="dim")
