"""A timeline of hit ratio, read latency and stale reads around the crash; the cache and its write buffer."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.render.demos._draw import gauge, sparkline
from primer_cli.sim.write_policy import WritePolicyState


def view(state: WritePolicyState) -> RenderableType:
    current = min(int(state.now / state.bucket_seconds), len(state.timeline) - 1)
    seen = state.timeline[: current + 1]
    hit = [b.hits / b.reads if b.reads else None for b in seen]
    latency = [b.read_ms / b.reads if b.reads else None for b in seen]
    stale = [b.stale / b.reads if b.reads else None for b in seen]
    worst_latency = state.worst_read_ms
    rows = Table.grid(padding=(0, 1))
    rows.add_row(Text("hit ratio", style="bold"), sparkline(hit, 1.0, "green"))
    rows.add_row(Text("read ms", style="bold"), sparkline(latency, worst_latency, "yellow"))
    rows.add_row(Text("stale", style="bold"), sparkline(stale, 1.0, "red"))
    rows.add_row(
        Text("events", style="dim"), _event_line(state.crashes, state.bucket_seconds, len(seen))
    )
    rows.add_row(
        Text("time", style="dim"), Text(f"{state.now:5.2f} s of {state.duration:g} s", style="dim")
    )
    cache = gauge(
        state.cached_keys / state.keys,
        30,
        "cyan",
        label=f"{state.cached_keys}/{state.keys} keys cached",
    )
    parts: list[RenderableType] = [Text(f"policy: {state.policy}", style="bold"), rows, cache]
    if state.policy == "write-behind":
        parts.append(
            Text(f"{state.unflushed} acknowledged writes not yet in the database", style="yellow")
        )
    crashed = [f"{crash:.2f} s" for crash in state.crashes if crash <= state.now]  # as the time row
    if state.crashed and crashed:
        parts.append(
            Text(
                f"✖ the cache crashed at {', '.join(crashed)} and restarted empty", style="bold red"
            )
        )
    return Group(*parts)


def _event_line(crashes: tuple[float, ...], bucket_seconds: float, shown: int) -> Text:
    line = Text()
    crash_buckets = {int(crash / bucket_seconds) for crash in crashes}
    for index in range(shown):
        crash = index in crash_buckets
        line.append("✖" if crash else "─", style="bold red" if crash else "dim")
    return line
