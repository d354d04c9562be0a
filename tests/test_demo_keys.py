"""`primer demo`'s animation takes the model's live actions as keys, as the TUI does.

The frame loop is driven here with scripted key presses in place of a
terminal; tests/test_sim_actions.py holds the actions themselves to the
faults they stand for.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from primer_cli.render.demo import Ending, _frame_loop, act_on_key, keys_hint
from primer_cli.render.demos import view_for
from primer_cli.sim.catalog import demo
from primer_cli.sim.partition import PartitionModel


class ScriptedKeys:
    """Stands in for KeyReader: each wait returns the next scripted press, without sleeping."""

    reading = True

    def __init__(self, presses: list[str]) -> None:
        self.presses = presses

    def wait(self, seconds: float) -> str:
        return self.presses.pop(0) if self.presses else "q"


def plain(renderable: Any) -> str:
    console = Console(width=80, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def test_a_key_acts_and_the_frame_says_what_it_did() -> None:
    info = demo("partition")
    model = PartitionModel()
    frames: list[str] = []
    keys = ScriptedKeys(["", "", "p", "", "p", "", "q"])
    ending = _frame_loop(
        info, model, view_for(info), 1.0, lambda f, **_: frames.append(plain(f)), keys
    )
    assert ending is Ending.QUIT
    assert [acted.action.name for acted in model.acted] == ["cut"] and model.partitioned
    assert any("▸ You cut the network at" in text for text in frames)
    assert any("Cut network: not now, the network is already split." in text for text in frames)
    assert "p cut network  h heal network  q stops" in frames[0]


def test_keys_that_are_no_action_do_nothing() -> None:
    model = PartitionModel()
    assert act_on_key(model, "z") == "" and act_on_key(model, "P") == ""
    assert not model.acted


def test_the_hint_lists_each_action_then_q() -> None:
    assert keys_hint(demo("balancer").load()()) == "f fail s0  b fix s0  t strategy  q stops"
