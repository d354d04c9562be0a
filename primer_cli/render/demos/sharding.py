"""The key space coloured by shard under a heat line, and each shard's share of requests as a gauge."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.render.demos._draw import gauge, sparkline
from primer_cli.render.demos.hashring import node_style
from primer_cli.sim.sharding import ShardingState

MAX_SHARD_ROWS = 8  # drawn; the rest are counted, so the frame fits 24 rows


def view(state: ShardingState) -> RenderableType:
    keyspace = Table.grid(padding=(0, 1))
    keyspace.add_row(
        Text("traffic", style="bold"),
        sparkline(state.heat_of_key, max(state.heat_of_key), "yellow"),
    )
    owners = Text()
    for shard in state.owner_of_key:
        owners.append("█", style=node_style(shard))
    keyspace.add_row(Text("shard", style="bold"), owners)
    keyspace.add_row(
        Text("", style="dim"), Text(f"id 0 … {state.keys - 1:,} (newest)", style="dim")
    )
    return Group(
        Text(f"{state.strategy} sharding, {state.shards} shards: {state.phase}", style="bold"),
        keyspace,
        shard_gauges(state.requests_per_shard, state.keys_per_shard),
    )


def shard_gauges(requests: list[int], keys: list[int]) -> Table:
    total = sum(requests) or 1
    table = Table.grid(padding=(0, 1))
    for shard, (served, held) in enumerate(zip(requests, keys, strict=True)):
        if shard == MAX_SHARD_ROWS:
            table.add_row(Text(f"… {len(requests) - shard} more", style="dim"), "")
            break
        label = Text(f"shard {shard:<3}", style=node_style(shard))
        table.add_row(
            label,
            gauge(
                served / total,
                30,
                node_style(shard),
                label=f"{served / total:5.1%} of requests, {held:,} keys",
            ),
        )
    return table
