"""Small drawing helpers the demo views share: gauges and sparklines in characters."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

SPARKS = "▁▂▃▄▅▆▇█"


def gauge(fraction: float, width: int, style: str, *, label: str = "") -> Text:
    """A horizontal bar filled to `fraction` (clamped to 0..1), with an optional label after it."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    bar = Text("█" * filled, style=style).append("░" * (width - filled), style="dim")
    if label:
        bar.append(f" {label}")
    return bar


def sparkline(values: Sequence[float | None], top: float, style: str) -> Text:
    """One character per value, height ∝ value/top; None (no data yet) is a dim dot."""
    line = Text()
    for value in values:
        if value is None:
            line.append("·", style="dim")
            continue
        level = 0 if top <= 0 else round(max(0.0, min(1.0, value / top)) * (len(SPARKS) - 1))
        line.append(SPARKS[level], style=style)
    return line
