"""Numbers as the summaries write them: '0.53 s', '120 ms', '4.4%', '1,234'.

The "what happened" paragraphs are core text (the TUI shows them too), so
their number formatting lives here rather than in a Rich renderer. English
agreement goes through `primer_cli.wording`.
"""

from __future__ import annotations


def seconds(value: float) -> str:
    """'2.5 s', '1.2 s'; below a second, milliseconds read better: '120 ms'."""
    if abs(value) < 1:
        return milliseconds(value * 1000)
    return f"{value:,.3g} s" if abs(value) < 1000 else f"{value:,.0f} s"


def milliseconds(value: float) -> str:
    """'60.3 ms', '1,240 ms'; from ten seconds up, seconds read better: '25.8 s'."""
    if abs(value) >= 10_000:
        return seconds(value / 1000)
    return f"{value:,.3g} ms" if abs(value) < 1000 else f"{value:,.0f} ms"


def percent(fraction: float) -> str:
    """'4.4%', '0.05%', '100%'."""
    shown = fraction * 100
    if shown == 0 or shown >= 10 or shown == round(shown):
        return f"{shown:.0f}%" if shown == round(shown) else f"{shown:.1f}%"
    return f"{shown:.2g}%"


def number(value: float) -> str:
    """'1,234', '4.9', '0.031'."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def at_time(value: float) -> str:
    """A moment in the run: '20 s', '6.5 s', '2.05 s'."""
    return f"{value:g} s" if value == round(value, 2) else f"{value:.2f} s"


def joined(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def moments(times: list[float]) -> str:
    """Moments in the run: '20 s', '20 s and 50 s'."""
    return joined([at_time(time) for time in times])


def value(amount: float, unit: str) -> str:
    """A measured value in a sentence, by the unit its `Measure` declares."""
    if unit == "%":
        return percent(amount)
    if unit == "ms":
        return milliseconds(amount)
    if unit == "s":
        return seconds(amount)
    if unit == "×":
        return f"{amount:.2f}×"
    if unit == "/s":
        return f"{number(amount)}/s"
    return number(amount)
