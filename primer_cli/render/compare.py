"""Draw `primer demo NAME --compare`: every variant's measures side by side, and who did best."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from primer_cli.render.measures import shown_measures, side_by_side
from primer_cli.sim.base import Model, Run
from primer_cli.sim.catalog import DemoInfo
from primer_cli.sim.params import Value

ACCENT = "magenta"


def comparison(
    info: DemoInfo,
    model_class: type[Model[Any]],
    params: Mapping[str, Value],
    runs: Sequence[Run],
    *,
    stopped: bool = False,
) -> RenderableType:
    what = model_class.VARIANT or "protocol"
    title = Text.assemble(
        (info.title, "bold"), ("  ·  ", "dim"), (f"primer demo {info.name} --compare", ACCENT)
    )
    lead = Text(
        f"Every {what}, with the same seed ({params['seed']}) and parameters.", style="italic"
    )
    parts: list[RenderableType] = [title, lead]
    if runs:
        measures = shown_measures(model_class.MEASURES, runs[0].metrics)
        table = side_by_side(
            measures,
            {run.variant: run.metrics for run in runs},
            {run.variant: run.theory for run in runs},
        )
        parts += [
            table,
            Text("What happened: ", style="bold").append(
                model_class.compare_summary(runs), style=""
            ),
        ]
    if stopped:
        parts.append(Text("Stopped early: the variants run so far.", style="yellow"))
    learn = Text("Learn more: ", style="dim")
    learn.append(", ".join(f"primer learn {topic}" for topic in info.topics), style="cyan")
    return Group(*parts, learn)
