"""Snapshots of the main screens at 80x24, so a layout regression shows as a diff.

Animations are paused (`Start(still=True)`), the quiz seed is fixed and the
primer home is one fixed, fresh folder, so the same code draws the same
screen. After a deliberate change: `pytest tests/test_tui_snapshots.py
--snapshot-update`, then look at the new SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from primer_cli.tui import learner
from primer_cli.tui.app import make_app
from primer_cli.tui.start import Start

SnapCompare = Callable[..., bool]
FIXED_HOME = Path("/tmp/primer-tui-snapshot-home")  # shown on the progress screen, so fixed
# One folder for every snapshot: under pytest-xdist they must share a worker.
pytestmark = pytest.mark.xdist_group("tui-snapshot-home")


@pytest.fixture(autouse=True)
def fixed_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.rmtree(FIXED_HOME, ignore_errors=True)
    monkeypatch.setenv("PRIMER_HOME", str(FIXED_HOME))
    monkeypatch.setattr(learner, "new_seed", lambda: 7)
    yield FIXED_HOME
    shutil.rmtree(FIXED_HOME, ignore_errors=True)


async def settled(pilot: Pilot[Any]) -> None:
    """Background work done (the next step, the rest of a topic page) before the picture."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def snap(snap_compare: SnapCompare, start: Start, press: tuple[str, ...] = ()) -> None:
    app = make_app(start)
    assert snap_compare(app, press=press, terminal_size=(80, 24), run_before=settled)


def test_home(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(still=True))


def test_topic(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(topic="cap-theorem", still=True))


def test_demo_list(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(still=True), press=("d",))


def test_demo(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(demo="hashring", still=True))


def test_quiz(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(quiz_topic="cap-theorem", still=True))


def test_estimate(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(still=True), press=("e",))


def test_progress(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(still=True), press=("p",))


def test_help(snap_compare: SnapCompare) -> None:
    snap(snap_compare, Start(still=True), press=("question_mark",))
