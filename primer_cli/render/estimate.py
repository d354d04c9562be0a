"""Rich renderings of estimates: derivation tables, answer panels, the latency and powers tables.

Every calculator result is drawn the same way: a table of steps (what, formula,
exact value, napkin figure) with the primer's rules of thumb dimmed beside
the exact arithmetic, then a highlighted answer. Where four columns do not
fit the terminal (an 80-column one, usually), each formula goes under its
step instead of wrapping in a narrow column; no cell is ever cut short.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from primer_cli.estimate.derivation import Step
from primer_cli.estimate.figures import (
    format_bytes,
    format_count,
    format_duration,
    format_number,
    format_value,
)
from primer_cli.render.markup import inline
from primer_cli.render.palette import ACCENT, MUTED
from primer_cli.wording import count_of

if TYPE_CHECKING:  # types only: each command loads just the core it draws
    from primer_cli.estimate.latency import LatencyOperation, PowerOfTwo
    from primer_cli.estimate.latency_expression import LatencyResult
    from primer_cli.estimate.system import SystemReport

ANSWER = "bold green"
THUMB = "dim italic"
_EIGHTHS = " ▏▎▍▌▋▊▉"
# Each tenfold step of latency adds a cell and a half: the slowest row still fits 80 columns.
BAR_CELLS_PER_ORDER = 1.5
# A request path's whole bar; leaves room for the longest operation name at 80 columns.
SHARE_BAR_CELLS = 12


class Derived(Protocol):
    """What every calculator result offers a renderer."""

    @property
    def steps(self) -> tuple[Step, ...]: ...

    @property
    def answer(self) -> tuple[Step, ...]: ...


RULE_OF_THUMB_CAPTION = "† the primer's rule of thumb: a month is about 2.5 million seconds"


def napkin_text(step: Step) -> str:
    """The napkin column: '~13 GB/month'; a whole count (servers) is exact, so no '~'."""
    return step.napkin_shown() if step.whole else "~" + step.napkin_shown()


class DerivationTable:
    """Step, formula, exact, napkin: four columns where they fit, else each formula under its step."""

    HEADERS = ("Step", "Formula", "Exact", "Napkin")

    def __init__(self, steps: Iterable[Step], title: str | None = None) -> None:
        self.steps = tuple(steps)
        self.title = title
        # Each cell's text once: measuring and drawing both need it.
        self.rows = [
            (f"† {s.step}" if s.rule_of_thumb else s.step, s.formula, s.shown(), napkin_text(s))
            for s in self.steps
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(stacked=not self.fits(options.max_width))

    def fits(self, width: int) -> bool:
        """Whether four columns fit in `width` without wrapping a cell.

        Counted the way Rich lays out a SIMPLE_HEAD table (each column its
        widest cell plus one space each side, a space between columns and at
        each edge), not by asking Rich to measure a table it would then build
        again: the measuring cost more than drawing (see README, Speed).
        """
        widest = [
            max(map(cell_len, column)) for column in zip(self.HEADERS, *self.rows, strict=False)
        ]
        return sum(w + 2 for w in widest) + len(widest) + 1 <= width

    def table(self, *, stacked: bool) -> Table:
        table = Table(
            title=self.title,
            title_style="bold",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            caption=RULE_OF_THUMB_CAPTION if any(s.rule_of_thumb for s in self.steps) else None,
            caption_justify="left",
            caption_style=MUTED,
        )
        table.add_column("Step", style="bold")
        if not stacked:
            table.add_column("Formula", style=MUTED)
        table.add_column("Exact", justify="right")
        table.add_column("Napkin", justify="right", style=ACCENT)
        for step, (label, formula, exact, rough) in zip(self.steps, self.rows, strict=True):
            if stacked:
                under = Padding(Text(formula, style=MUTED), (0, 0, 0, 2))
                cells: list[RenderableType] = [Group(Text(label), under)]
            else:
                cells = [label, formula]
            table.add_row(*cells, exact, rough, style=THUMB if step.rule_of_thumb else "")
        return table


class DerivationSections:
    """Several derivations drawn alike: all in four columns, or all with formulas under steps."""

    def __init__(self, tables: Sequence[DerivationTable]) -> None:
        self.tables = tables

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        stacked = not all(table.fits(options.max_width) for table in self.tables)
        for table in self.tables:
            yield table.table(stacked=stacked)


def derivation_table(steps: Iterable[Step], title: str | None = None) -> DerivationTable:
    """Step / formula / exact / napkin, one row per whiteboard line."""
    return DerivationTable(steps, title)


def answer_panel(answer: Sequence[Step], title: str = "Answer") -> Panel:
    """The highlighted result: exact figure and the one to say out loud."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(justify="right", style=ANSWER)
    # A whole count (servers) is already the figure to say: no second, rounded one.
    # With no rounded figure at all, the column goes: Rich measures an all-empty
    # column without its padding, so the box came out 4 cells narrow and folded labels.
    rounded = not all(step.whole for step in answer)
    if rounded:
        grid.add_column(style=ACCENT)
    for step in answer:
        napkin = ["" if step.whole else f"≈ {step.napkin_shown()}"] if rounded else []
        grid.add_row(step.step, step.shown(), *napkin)
    return Panel(grid, title=Text(title), title_align="left", border_style="green", expand=False)


def render_result(
    result: Derived, title: str, *, notes: Iterable[str] = (), hint: str | None = None
) -> Group:
    """A calculator's full output: derivation, answer, notes and where to read more."""
    parts: list[RenderableType] = [
        derivation_table(result.steps, title),
        answer_panel(result.answer),
    ]
    parts += [Text(f"• {note}", style=MUTED) for note in notes]
    if hint:
        parts.append(inline(hint, style=MUTED))
    return Group(*parts)


def render_latency(result: LatencyResult) -> Group:
    """A request path: each term's share of the total as a bar, then the total."""
    table = Table(
        title="Request path", title_style="bold", title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("Step", style="bold")
    table.add_column("×", justify="right")
    table.add_column("Each", justify="right")
    table.add_column("Total", justify="right")
    table.add_column("Share", no_wrap=True)
    for term in result.breakdown:
        share = Text(f"{format_number(term.share * 100, 2):>3}% ", style=MUTED).append(
            _bar(term.share * SHARE_BAR_CELLS), style=ACCENT
        )
        table.add_row(
            term.term,
            format_number(term.count),
            format_value(term.each_ns, "ns"),
            format_value(term.total_ns, "ns"),
            share,
        )
    notes = [Text(f"• {note}", style=MUTED) for note in result.notes]
    hint = inline(
        "Where the time goes decides what to fix; see `primer learn latency-numbers`.", style=MUTED
    )
    return Group(table, answer_panel(result.answer), *notes, hint)


def render_latency_table(operations: Sequence[LatencyOperation], handy: Iterable[str]) -> Group:
    """The latency table with a human-scale column (1 ns becomes 1 s) and an orders-of-magnitude bar."""
    table = Table(
        title="Latency numbers every programmer should know",
        title_style="bold",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="Human scale: slow everything down until 1 ns takes 1 s. Bar: log scale, 1.5 cells per ×10.",
        caption_justify="left",
    )
    table.add_column("Operation", style="bold")
    table.add_column("Latency", justify="right", no_wrap=True)
    table.add_column("Human scale\n1 ns → 1 s", justify="right", no_wrap=True)
    table.add_column("Magnitude", no_wrap=True, style=ACCENT)
    for op in operations:
        label = Text(op.label)
        if op.note:  # the primer's comparisons, under the operation they describe
            label.append(f"\n  {op.note}", style=MUTED)
        table.add_row(
            label,
            format_value(op.ns, "ns"),
            format_duration(op.human_scale_seconds),
            _bar(orders_of_magnitude(op.ns) * BAR_CELLS_PER_ORDER),
        )
    metrics = Text("Handy metrics\n", style="bold")
    for line in handy:
        metrics.append(f"  • {line}\n", style="")
    hint = inline(
        "See `primer learn latency-numbers`; add them up with `primer estimate latency`.",
        style=MUTED,
    )
    return Group(table, metrics, hint)


def orders_of_magnitude(ns: float) -> float:
    """How many tenfold steps above 0.1 ns: 0.5 ns is 0.7, 150 ms is 9.2."""
    return max(0.0, math.log10(ns) + 1) if ns > 0 else 0.0


def _bar(cells: float) -> str:
    """A horizontal bar `cells` wide, drawn to an eighth of a cell."""
    whole = int(cells)
    eighths = round((cells - whole) * 8)
    if eighths == 8:
        whole, eighths = whole + 1, 0
    return "█" * whole + (_EIGHTHS[eighths] if eighths else "")


def render_latency_names(operations: Sequence[LatencyOperation]) -> Table:
    """The names `primer estimate latency` understands, for --list."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=inline("Operations for `primer estimate latency`"),
        title_justify="left",
    )
    table.add_column("Name", style=ACCENT, no_wrap=True)
    table.add_column("Operation")
    table.add_column("Latency", justify="right", no_wrap=True)
    for op in operations:
        table.add_row(op.name, op.label, format_value(op.ns, "ns"))
    return table


def render_powers(rows: Sequence[PowerOfTwo]) -> Group:
    """Powers of two: exact value, the round figure to remember, and the size in bytes."""
    table = Table(
        title="Powers of two", title_style="bold", title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("Power", justify="right", style="bold")
    table.add_column("Exact value", justify="right")
    table.add_column("Approx value", justify="right", style=ACCENT)
    table.add_column("Bytes", justify="right")
    for row in rows:
        power = f"2^{row.power}" + ("" if row.in_seed else " *")
        table.add_row(
            power,
            f"{row.exact:,}",
            format_count(row.approx, words=True),
            format_bytes(row.bytes, binary=True),
        )
    note = Text(
        "Bytes use binary units (1 KiB = 1,024 B); the primer and most interviews say KB for these. "
        "* not in the primer's table.",
        style=MUTED,
    )
    return Group(table, note, inline("See `primer learn powers-of-two`.", style=MUTED))


def render_system_steps(report: SystemReport) -> Group:
    """The whole estimate's derivations, section by section, each whiteboard line once."""
    tables: list[DerivationTable] = []
    shown: set[Step] = set()
    for title, result in (
        ("Traffic", report.traffic),
        ("Storage", report.storage),
        ("Bandwidth in (writes)", report.ingress),
        ("Bandwidth out (reads)", report.egress),
        ("Cache", report.cache),
        ("Servers", report.servers),
    ):
        # Later sections start from the same arrivals; show each whiteboard line once.
        fresh = [step for step in result.steps if step not in shown]
        shown.update(fresh)
        tables.append(derivation_table(fresh, title))
    return Group(
        DerivationSections(tables),
        *(Text(f"• {note}", style=MUTED) for note in report.notes),
        inline("See `primer learn latency-vs-throughput` and `primer learn cache`.", style=MUTED),
    )


def render_system_answer(report: SystemReport) -> Panel:
    """The headline figures an interviewer writes in the corner; drawn last, where the eye lands."""
    return answer_panel(_headline(report), title="Estimate")


def render_system(report: SystemReport) -> Group:
    """The one-page estimate: each derivation, then the headline figures."""
    return Group(render_system_steps(report), render_system_answer(report))


def _headline(report: SystemReport) -> tuple[Step, ...]:
    traffic, storage, servers = report.traffic, report.storage, report.servers
    reads = traffic.reads_per_second or 0.0
    years = count_of(storage.years, "year", text=format_number(storage.years))
    return (
        Step("Writes", "", traffic.per_second, "/s"),
        Step("Reads", "", reads, "/s"),
        Step(
            f"Peak (× {format_number(traffic.peak_factor)})",
            "",
            traffic.peak_total_per_second,
            "/s",
        ),
        Step("New storage", "", storage.per_month_bytes, "B/month"),
        Step(f"Storage over {years}", "", storage.total_bytes, "B"),
        Step("Bandwidth in", "", report.ingress.bits_per_second, "bit/s"),
        Step("Bandwidth out", "", report.egress.bits_per_second, "bit/s"),
        Step("Cache memory", "", report.cache.memory_bytes, "B"),
        replace(servers.steps[-1], step="Servers (N+1)"),
    )
