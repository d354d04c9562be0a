"""One demo, animated: the model's own picture, its metrics live, a trend line, and its parameters as controls.

A timer steps the model (never a busy loop) at FRAMES_PER_SECOND; the
picture is the Rich view `primer demo` draws (`render/demos/`), the metrics
the same table. Space pauses, `s` steps one event, `r` starts again, `c`
shows or hides the controls, `+`/`-` change the speed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Sparkline, Static

from primer_cli.errors import UsageProblem
from primer_cli.render.demo import progress_line
from primer_cli.render.demos import view_for
from primer_cli.render.measures import measures_table
from primer_cli.render.topic import MUTED
from primer_cli.sim.base import Measure
from primer_cli.sim.catalog import demo
from primer_cli.tui.widgets.demo_run import DemoRun
from primer_cli.tui.widgets.param_controls import ParamControls, shown

FRAMES_PER_SECOND = 30
TREND_EVERY = 0.25  # seconds of wall time between points of the trend line
# The metrics table costs as much to draw as some pictures (bench_tui.py); five
# times a second reads as live, and leaves each frame for the picture.
METRICS_EVERY = 0.2
TREND_POINTS = 120
WIDE_ENOUGH_FOR_CONTROLS = 110  # columns; narrower screens show the controls on `c`


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def key_series(measures: Sequence[Measure], metrics: Mapping[str, Any]) -> dict[str, float]:
    """The model's first measure, the one it is about: one number, or one per compared side."""
    for measure in measures:
        value = metrics.get(measure.key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {measure.label: float(value)}
        if isinstance(value, Mapping) and value and all(_number(v) for v in value.values()):
            return {f"{measure.label}, {side}": float(v) for side, v in value.items()}
    return {}


class DemoScreen(Screen[None]):
    """A live simulation with pause, single step, reset, speed and its parameters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause/run"),
        Binding("s", "step", "Step"),
        Binding("r", "reset", "Reset"),
        Binding("c", "controls", "Controls"),
        Binding("plus,equals_sign", "speed(1)", "Faster", key_display="+"),
        Binding("minus", "speed(-1)", "Slower", key_display="-"),
    ]

    def __init__(self, name: str, *, still: bool = False) -> None:
        super().__init__()
        self.demo_info = demo(name)
        self.draw = view_for(self.demo_info)
        self.demo_run = DemoRun(self.demo_info.load())
        self.demo_run.paused = still
        self.trend: dict[str, list[float]] = {}  # the key metric over time, per series
        self.timer: Timer | None = None
        self.last_tick = 0.0
        self.last_trend = 0.0
        self.last_metrics = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="demo-status")
        with Horizontal(id="demo-body"):
            with VerticalScroll(id="stage-column"):
                yield Static(id="stage")
                yield Vertical(id="trends")
                yield Static(id="metrics")
            yield ParamControls(
                self.demo_run.model_class.all_params(), self.demo_run.params, id="controls"
            )
        yield Static(id="notice")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        wide = self.app.size.width >= WIDE_ENOUGH_FOR_CONTROLS
        self.query_one("#controls").set_class(not wide, "-hidden")
        self.redraw()
        self.last_tick = time.monotonic()
        self.timer = self.set_interval(1 / FRAMES_PER_SECOND, self.tick)

    def _notice(self) -> Text:
        """What to look at while it runs; once it has finished, what happened."""
        model = self.demo_run.model
        if model.done:
            return Text.assemble(("What happened: ", "bold"), model.what_happened())
        return Text.assemble(("What to notice: ", "bold"), model.notice())

    # The clock ---------------------------------------------------------------

    def tick(self) -> None:
        now = time.monotonic()
        seconds, self.last_tick = now - self.last_tick, now
        if self.demo_run.paused or self.demo_run.model.done:
            return
        self.demo_run.tick(seconds)
        self.redraw(every_part=False)

    def redraw(self, *, every_part: bool = True) -> None:
        """What is on screen, from the model's state: the picture and status each frame,
        the metrics and the trend when due (or when `every_part`, after a key)."""
        model = self.demo_run.model
        if self.draw is not None:
            self.query_one("#stage", Static).update(self.draw(model.state()))
        self.query_one("#demo-status", Static).update(self._status())
        now = time.monotonic()
        if every_part or now - self.last_metrics >= METRICS_EVERY or model.done:
            self.last_metrics = now
            metrics = model.metrics()
            table = measures_table(model.MEASURES, metrics, model.theory(), finished=model.done)
            self.query_one("#metrics", Static).update(table)
            self.query_one("#notice", Static).update(self._notice())
            self._sample(metrics)

    def _status(self) -> Text:
        run = self.demo_run
        state = "finished" if run.model.done else "paused" if run.paused else "running"
        line = Text.assemble(
            (self.demo_info.title, "bold magenta"), ("  ·  ", MUTED), (state, "bold")
        )
        line.append(f"  ·  {run.speed:g}×  ·  ", style=MUTED)
        return line + progress_line(run.model, width=12)

    def _sample(self, metrics: Mapping[str, Any]) -> None:
        now = time.monotonic()
        series = key_series(self.demo_run.model.MEASURES, metrics)
        if not series or (self.trend and now - self.last_trend < TREND_EVERY):
            return
        self.last_trend = now
        box = self.query_one("#trends", Vertical)
        if not box.children:
            for index in range(len(series)):
                box.mount(Static(id=f"trend-label-{index}", classes="trend-label"))
                box.mount(Sparkline([], id=f"trend-{index}", classes="trend"))
        for index, (name, value) in enumerate(series.items()):
            points = self.trend[name] = [*self.trend.get(name, []), value][-TREND_POINTS:]
            label = Text.assemble((name, "cyan"), (f"  {shown(value)}  over time", MUTED))
            box.query_one(f"#trend-label-{index}", Static).update(label)
            box.query_one(f"#trend-{index}", Sparkline).data = points

    # Keys ----------------------------------------------------------------------

    def action_pause(self) -> None:
        self.demo_run.paused = not self.demo_run.paused
        self.last_tick = time.monotonic()
        self.redraw()

    def action_step(self) -> None:
        self.demo_run.step_once()
        self.redraw()

    def action_reset(self) -> None:
        self.demo_run.reset()
        self._restarted()

    def action_controls(self) -> None:
        controls = self.query_one("#controls")
        controls.toggle_class("-hidden")
        if not controls.has_class("-hidden"):
            controls.focus()

    def action_speed(self, steps: int) -> None:
        self.demo_run.faster(steps)
        self.redraw()

    @on(ParamControls.Changed)
    def _param_changed(self, event: ParamControls.Changed) -> None:
        controls = self.query_one(ParamControls)
        try:
            self.demo_run.reset({**self.demo_run.params, event.name: event.value})
        except UsageProblem as problem:  # a ParamProblem names the parameter it blames
            controls.show_problem(getattr(problem, "parameter", event.name), problem.message)
            return
        controls.clear_problems()
        controls.values = self.demo_run.params
        self._restarted()

    def _restarted(self) -> None:
        self.trend = {}
        for sparkline in self.query(Sparkline):
            sparkline.data = []
        self.last_tick = time.monotonic()
        self.redraw()
