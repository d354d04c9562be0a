"""Draw the partition demo: the two sides of the split, who has a quorum, who is behind."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.sim.partition import PartitionState, ReplicaState
from primer_cli.wording import count_of

SIDE_NAMES = ("majority side", "minority side")


def view(state: PartitionState) -> RenderableType:
    return Group(*_side(state, 0), _link(state), *_side(state, 1), _summary(state))


def _side(state: PartitionState, side: int) -> tuple[Text, Table]:
    """A side's name, red while it refuses, and a row per replica (no box: nine must fit)."""
    refusing = state.mode == "cp" and state.partitioned and not _has_quorum(state, side)
    title = Text(f"── {SIDE_NAMES[side]} ", style="bold red" if refusing else "bold cyan")
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_header=False)
    for replica in state.replicas:
        if replica.side == side:
            table.add_row(f"  r{replica.index}", *_cells(replica, state))
    return title, table


def _has_quorum(state: PartitionState, side: int) -> bool:
    return any(r.reachable_quorum for r in state.replicas if r.side == side)


def _cells(replica: ReplicaState, state: PartitionState) -> tuple[Text, Text, Text, Text]:
    if state.mode == "ap":
        status = Text("serving", style="green")
    elif replica.reachable_quorum:
        status = Text("quorum ✓", style="green")
    else:
        status = Text("no quorum", style="bold red")
    behind = Text(
        f"{count_of(replica.stale_keys, 'key')} behind",
        style="yellow" if replica.stale_keys else "dim",
    )
    served = Text(f"{replica.served:,} served", style="dim")
    refused = Text(f"{replica.refused:,} refused" if replica.refused else "", style="red")
    return status, behind, served, refused


def _link(state: PartitionState) -> Text:
    if state.partitioned:
        return Text("      ┃ ╳ partition: no messages cross ╳ ┃", style="bold red")
    return Text("      │ connected", style="green")


def _summary(state: PartitionState) -> Text:
    if state.partitioned:
        line = Text("partitioned: ", style="bold red")
        line.append("minority refuses (CP)" if state.mode == "cp" else "both sides serve (AP)")
    elif state.converged:
        line = Text("replicas agree", style="green")
    else:
        line = Text("healed, repairing", style="yellow")
    line.append(f"   errors {state.errors:,}", style="red" if state.errors else "dim")
    line.append(
        f" · stale reads {state.stale_reads:,}", style="yellow" if state.stale_reads else "dim"
    )
    line.append(f" · conflicts {state.conflicts:,}", style="yellow" if state.conflicts else "dim")
    return line
