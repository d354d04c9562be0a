"""What a learner can do to a model while it runs: cut the network, crash a cache, add a node.

A model lists its `Action`s; a face binds each to its key and a button and
calls `model.act(name)`. An action on a timed model happens at the current
simulated moment, as an event of the run, exactly as the matching scheduled
fault would at that moment (the tests hold `cut at 12 s` to
`--partition-at 12`); where the run already plans that fault for later, the
action takes its place rather than adding a second one. Every action is
recorded (`Acted`), so what the run says happened includes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from primer_cli.errors import PrimerError
from primer_cli.sim.narrate import joined


@dataclass(frozen=True)
class Action:
    """One thing a running model accepts.

    `label` is what a button and the footer say ("Cut network"), `key` the one character
    the faces bind it to, `done` what "you" did, for the summary ("cut the network").
    """

    name: str
    label: str
    key: str
    done: str


@dataclass(frozen=True)
class Acted:
    """An action as it happened: which one, what it did and when, in words
    ('switched to least-connections', 'at 12.5 s')."""

    action: Action
    done: str
    when: str


class ActionRefused(PrimerError):
    """The action makes no sense now (the network is already split, the run is over)."""


def acted_sentence(acted: list[Acted]) -> str:
    """'You cut the network at 12.5 s and healed the network at 30 s.' for the summary."""
    if not acted:
        return ""
    return f"You {joined([f'{entry.done} {entry.when}' for entry in acted])}."
