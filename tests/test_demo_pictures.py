"""The hand-laid pictures (hashring, balancer) show exactly what Rich's Table shows with the same cells.

Those two views lay their cells out themselves, because a Table measured
every cell on every frame (benchmarks/bench_tui.py). Each keeps the Table
layout for terminals too narrow for its columns; here the two layouts are
held to the same characters in the same styles, over whole runs and many
widths. Spaces are compared by what shows on a space (background,
reverse, underline), since a foreground colour on a space cannot be seen.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console, RenderableType
from rich.style import Style

from primer_cli.render.demos import balancer, hashring
from primer_cli.sim.balancer import BalancerModel, BalancerState
from primer_cli.sim.hashring import HashRingModel, HashRingState

WIDTHS = (70, 76, 78, 80, 100, 160)
Cells = list[list[tuple[str, Style]]]


def cells(renderable: RenderableType, width: int) -> Cells:
    console = Console(width=width, file=io.StringIO(), color_system="truecolor")
    shown: Cells = []
    for line in console.render_lines(renderable, console.options):
        row = []
        for segment in line:
            style = segment.style or Style.null()
            on_space = Style(
                bgcolor=style.bgcolor, reverse=style.reverse, underline=style.underline
            )
            row += [(char, on_space if char == " " else style) for char in segment.text]
        shown.append(row)
    return shown


def states(model: Any, every: int) -> Iterator[Any]:
    """The model's state every `every` events, and at the end."""
    while not model.done:
        if model.events % every == 0:
            yield model.state()
        model.step()
    yield model.state()


def ring_by_table(state: HashRingState, width: int) -> RenderableType:
    bar = max(hashring.MIN_BAR_WIDTH, min(hashring.BAR_WIDTH, width - hashring.FIXED_COLUMNS))
    return hashring.squeezed(
        hashring.ring_grid(state),
        hashring.node_rows(state, bar),
        hashring.moved_rows(state, bar),
    )


def servers_by_table(state: BalancerState, width: int) -> RenderableType:
    return balancer.squeezed(balancer.server_rows(state), f"strategy: {state.strategy}")


@pytest.fixture
def no_table_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """At these widths the pictures must lay themselves out, never fall back to a Table."""

    def refuse(*args: Any) -> None:
        raise AssertionError("fell back to Rich's Table where the columns fit")

    for module in (hashring, balancer):
        monkeypatch.setattr(module, "squeezed", refuse)


RING_RUNS = [
    {},
    {"nodes": 1},
    {"nodes": 3, "add": 0, "remove": 2, "keys": 500},
    {"nodes": 1000, "add": 100, "vnodes": 1, "keys": 3000},
]


@pytest.mark.parametrize("params", RING_RUNS, ids=str)
def test_the_ring_looks_as_rich_tables_would_draw_it(params: dict[str, int]) -> None:
    model = HashRingModel(**params)
    every = max(1, (2 * model.key_count + 1) // 7)
    compared = 0
    for state in states(model, every):
        for width in WIDTHS:
            expected = cells(ring_by_table(state, width), width)
            assert cells(hashring.view(state), width) == expected, (state.phase, width)
            compared += 1
    assert compared >= 8 * len(WIDTHS)


BALANCER_RUNS = [
    {},
    {"servers": 1},
    {"servers": 32, "rate": 400, "duration": 20},
    {"strategy": "least-connections", "servers": 9, "duration": 20},
]


@pytest.mark.parametrize("params", BALANCER_RUNS, ids=str)
def test_the_servers_look_as_a_rich_table_would_draw_them(params: dict[str, Any]) -> None:
    model = BalancerModel(**params)
    compared = 0
    for state in states(model, 997):
        for width in WIDTHS:
            expected = cells(servers_by_table(state, width), width)
            assert cells(balancer.view(state), width) == expected, (state.time, width)
            compared += 1
    assert compared >= 3 * len(WIDTHS)


def test_at_80_columns_neither_picture_goes_through_a_table(no_table_fallback: None) -> None:
    ring = HashRingModel(nodes=1000, add=100, keys=2000, vnodes=1)
    ring.run()
    servers = BalancerModel(servers=32, duration=5)
    servers.run()
    for width in (76, 78, 80):
        assert cells(hashring.view(ring.state()), width)
        assert cells(balancer.view(servers.state()), width)


def test_a_terminal_too_narrow_for_the_columns_gets_rich_tables_squeezing() -> None:
    """Below the columns' width the picture is what Rich's Table makes of the same cells."""
    ring, servers = HashRingModel(), BalancerModel(duration=5)
    ring.run()
    servers.run()
    for width in (40, 50, 60):
        assert cells(hashring.view(ring.state()), width) == cells(
            ring_by_table(ring.state(), width), width
        )
    for width in (30, 40):
        assert cells(balancer.view(servers.state()), width) == cells(
            servers_by_table(servers.state(), width), width
        )
