"""The cache's slots coloured by how popular their items are, the hit ratio, the latest hits."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from primer_cli.render.demos._draw import gauge
from primer_cli.sim.cache import CacheState

SLOTS_PER_ROW = 50
MAX_ROWS = 4
BANDS = ((0.01, "red", "top 1%"), (0.1, "yellow", "top 10%"), (0.5, "green", "top half"))
COLD = ("blue", "the rest")


def view(state: CacheState) -> RenderableType:
    hit_ratio = state.hits / state.requests if state.requests else 0.0
    best = state.best_hit_ratio
    numbers = Table.grid(padding=(0, 1))
    numbers.add_row(
        Text("hit ratio ", style="bold"), gauge(hit_ratio, 40, "green", label=f"{hit_ratio:.1%}")
    )
    numbers.add_row(
        Text("best      ", style="dim"), gauge(best, 40, "dim green", label=f"{best:.1%}")
    )
    recent = Text("latest    ", style="bold")
    for hit in state.recent:
        recent.append("✓" if hit else "✗", style="green" if hit else "red")
    title = Text(f"{state.policy.upper()} cache, {state.cached:,}/{state.capacity:,} slots")
    title.stylize("bold")
    picture = slots(state.contents, state.cached, state.items)
    return Group(title, picture, legend(), numbers, recent)


def band_style(rank: int, items: int) -> str:
    for share, style, _ in BANDS:
        if rank < max(1, share * items):
            return style
    return COLD[0]


def slots(contents: list[int], cached: int, items: int) -> Text:
    """Cached items in eviction order (next out first); a cut-down view for big caches."""
    shown = contents[: SLOTS_PER_ROW * MAX_ROWS]
    picture = Text()
    for index, rank in enumerate(shown):
        if index and index % SLOTS_PER_ROW == 0:
            picture.append("\n")
        picture.append("■", style=band_style(rank, items))
    if cached > len(shown):
        picture.append(f" … {cached - len(shown):,} more", style="dim")
    return picture.append("   ← next to go is first", style="dim")


def legend() -> Text:
    line = Text("items: ", style="dim")
    for _, style, label in (*BANDS, (0.0, *COLD)):
        line.append("■ ", style=style).append(f"{label}  ", style="dim")
    return line
