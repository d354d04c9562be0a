"""Pilot tests of the demo screen's live actions: a key or a button acts on the running model.

Each demo is opened paused, stepped to the same point as a twin model, and
one of its actions pressed by key; then both run to the end with the same
seed, and the pressed run's metrics must differ from the twin's. Refused
actions are dimmed and do nothing; the footer and `?` help list every key.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from rich.table import Table
from textual.pilot import Pilot
from textual.widgets import Button, Static
from textual.widgets._footer import FooterKey

from primer_cli.sim.base import Model
from primer_cli.sim.catalog import demo_names
from primer_cli.tui.app import PrimerApp, make_app
from primer_cli.tui.screens.demo import DemoScreen
from primer_cli.tui.screens.help import HelpScreen
from primer_cli.tui.start import Start

Scenario = Callable[[PrimerApp, DemoScreen, Pilot[None]], Awaitable[None]]


def drive(name: str, scenario: Scenario, size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        app = make_app(Start(demo=name, still=True))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DemoScreen)
            await scenario(app, screen, pilot)

    asyncio.run(main())


def step_to(model: Model[Any], progress: float) -> None:
    """Before any default fault (they come a third of the way in or later)."""
    while (model.progress or 0.0) < progress:
        model.step()


def footer_keys(screen: DemoScreen) -> dict[str, FooterKey]:
    return {key.description: key for key in screen.query(FooterKey)}


@pytest.mark.parametrize("name", demo_names())
def test_pressing_an_actions_key_changes_the_models_metrics(name: str) -> None:
    async def scenario(app: PrimerApp, screen: DemoScreen, pilot: Pilot[None]) -> None:
        run = screen.demo_run
        twin = run.model_class(**run.params)
        step_to(run.model, 0.25)
        step_to(twin, 0.25)
        screen.redraw()
        await pilot.pause()
        action = next(a for a in run.model.actions() if run.model.refusal(a.name) is None)
        await pilot.press(action.key)
        await pilot.pause()
        assert [acted.action for acted in run.model.acted] == [action]
        assert run.model.run() != twin.run(), f"{action.label} changed nothing"
        assert run.model.what_happened().startswith("You ")

    drive(name, scenario)


def test_a_button_does_what_its_key_does() -> None:
    async def scenario(app: PrimerApp, screen: DemoScreen, pilot: Pilot[None]) -> None:
        model = screen.demo_run.model
        step_to(model, 0.25)
        screen.redraw()
        await pilot.click("#act-cut")
        await pilot.pause()
        assert model.partitioned and [a.action.name for a in model.acted] == ["cut"]

    drive("partition", scenario)


def test_what_the_model_refuses_is_dimmed_and_its_key_does_nothing() -> None:
    async def scenario(app: PrimerApp, screen: DemoScreen, pilot: Pilot[None]) -> None:
        model = screen.demo_run.model
        heal = screen.query_one("#act-heal", Button)
        assert heal.disabled and "not split" in str(heal.tooltip)
        assert footer_keys(screen)["Heal network"].has_class("-disabled")
        await pilot.press("h")
        await pilot.pause()
        assert not model.acted and not model.partitioned
        await pilot.press("p")  # cut: now healing is possible, cutting is not
        await pilot.pause()
        assert not heal.disabled and screen.query_one("#act-cut", Button).disabled
        assert not footer_keys(screen)["Heal network"].has_class("-disabled")
        await pilot.press("h")
        await pilot.pause()
        assert [a.action.name for a in model.acted] == ["cut", "heal"]

    drive("partition", scenario)


def test_acting_after_a_run_of_the_ring_animates_the_new_change() -> None:
    """A node added once the run is over starts a change; the clock follows, no jump to the end."""

    async def scenario(app: PrimerApp, screen: DemoScreen, pilot: Pilot[None]) -> None:
        run = screen.demo_run
        run.model.run()
        await pilot.press("a")
        await pilot.pause()
        assert not run.model.done
        assert run.elapsed == pytest.approx(run.model.ANIMATION_SECONDS * 2 / 3, rel=1e-3)
        run.paused = False
        run.tick(0.1)
        assert not run.model.done, "the new change ran to its end in one frame"

    drive("hashring", scenario)


@pytest.mark.parametrize("name", demo_names())
def test_every_action_key_is_in_the_footer_at_80_columns_and_in_help(name: str) -> None:
    async def scenario(app: PrimerApp, screen: DemoScreen, pilot: Pilot[None]) -> None:
        actions = screen.demo_run.model.actions()
        shown = footer_keys(screen)
        for action in actions:
            key = shown[action.label]
            assert key.region.right <= 80, f"{action.label} is cut off the footer"
        assert shown["Help"].region.right <= 80
        assert all(key.region.right <= 80 for key in shown.values()), "a key is cut off"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query(Static).last().content
        assert isinstance(table, Table)
        rows = {str(cell) for column in table.columns for cell in column.cells}
        for action in actions:
            assert action.key in rows and action.label in rows
        # Keys the footer has no room for at 80 columns, and none of Textual's built-ins.
        for name_of_key, what in [("q", "Quit"), ("esc", "Back"), ("+", "Faster"), ("-", "Slower")]:
            assert name_of_key in rows and what in rows, f"{name_of_key} {what} not in help"
        assert "Copy selected text" not in rows and "super+c" not in rows

    drive(name, scenario)
