"""Checks for fault times (a crash, a partition, a recovery) against the run and each other.

Fault defaults are shares of the run (`Param.scales_with`), so a default
always falls inside it. When a value that was given pushes one out of
place, the message names the value that was given, never one the learner
did not type.
"""

from __future__ import annotations

from collections.abc import Set

from primer_cli.sim.base import Params
from primer_cli.sim.params import ParamProblem, as_float, number_text


def check_inside_run(params: Params, given: Set[str], *names: str) -> None:
    """A fault must start before the run ends, or the run never shows it.

    None (no fault) is always allowed. Recoveries may fall after the end:
    "what if it never comes back?" is a fair question.
    """
    end = as_float(params, "duration")
    for name in names:
        if params[name] is None or as_float(params, name) < end:
            continue
        raise ParamProblem(
            f"must fall inside the run, before {{duration}} ({number_text(end, 's')}) ends, "
            f"or be turned off; not {number_text(as_float(params, name), 's')}",
            param=name if name in given else "duration",
        )


def check_after(params: Params, given: Set[str], first: str, second: str) -> None:
    """`second` (a recovery, a heal) must come after `first` (the failure, the split)."""
    if params[first] is None or params[second] is None:
        return
    start, stop = as_float(params, first), as_float(params, second)
    if stop > start:
        return
    if second in given:
        default = "" if first in given else " by default"
        raise ParamProblem(
            f"must be after {{{first}}} ({number_text(start, 's')}{default}), "
            f"not {number_text(stop, 's')}",
            param=second,
        )
    raise ParamProblem(
        f"{{{second}}} is {number_text(stop, 's')} by default, which is not after "
        f"{number_text(start, 's')}: give a later {{{second}}} as well, or turn it off",
        param=first,
    )
