"""One demo, animated: the model's own picture, its metrics live, a trend line, its live actions
and its parameters as controls.

A timer steps the model (never a busy loop) at FRAMES_PER_SECOND; the
picture is the Rich view `primer demo` draws (`render/demos/`), the metrics
the same table. Space pauses, `s` steps one event, `r` starts again, `c`
shows or hides the controls, `+`/`-` change the speed. Each of the model's
live actions (cut the network, crash the cache) has its key and a button;
a demo's screen is a subclass of DemoScreen whose bindings are its actions
(`DemoScreen.for_demo`), since Textual binds keys per class.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard, cast

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
from primer_cli.render.measures import format_measure, measures_table
from primer_cli.render.palette import MUTED
from primer_cli.sim.actions import ActionRefused
from primer_cli.sim.base import Measure, Model
from primer_cli.sim.catalog import demo
from primer_cli.tui.widgets.demo_actions import ActionBar
from primer_cli.tui.widgets.demo_run import DemoRun
from primer_cli.tui.widgets.frame_static import FrameStatic
from primer_cli.tui.widgets.param_controls import ParamControls

if TYPE_CHECKING:
    from primer_cli.tui.app import PrimerApp

FRAMES_PER_SECOND = 30
TREND_EVERY = 0.25  # seconds of wall time between points of the trend line
# The metrics table costs as much to draw as some pictures (bench_tui.py); five
# times a second reads as live, and leaves each frame for the picture.
METRICS_EVERY = 0.2
TREND_POINTS = 120
WIDE_ENOUGH_FOR_CONTROLS = 110  # columns; narrower screens show the controls on `c`


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def trend_measure(measures: Sequence[Measure], metrics: Mapping[str, Any]) -> Measure | None:
    """The measure the trend follows: the model's first that has a number yet (one, or one
    per compared side). Chosen once per run: a measure that gets its first number later in
    the run (sharding's imbalance before a reshard) must not take the trend over."""
    for measure in measures:
        if trend_values(measure, metrics):
            return measure
    return None


def trend_values(measure: Measure, metrics: Mapping[str, Any]) -> dict[str, float]:
    """`measure` now, by series name: its label, or its label and side when compared."""
    value = metrics.get(measure.key)
    if _number(value):
        return {measure.label: float(value)}
    if isinstance(value, Mapping) and value and all(_number(v) for v in value.values()):
        return {f"{measure.label}, {side}": float(v) for side, v in value.items()}
    return {}


class DemoScreen(Screen[None]):
    """A live simulation with pause, single step, reset, speed and its parameters."""

    # Not BINDINGS: each demo's subclass lists its live actions first, then these, so the
    # actions come first in the footer (Textual merges a base class's bindings first).
    CONTROLS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("s", "step", "Step"),
        Binding("r", "reset", "Reset"),
        Binding("c", "controls", "Params"),
        # Help next, so that it is always in the footer at 80 columns; the rest are in
        # `?` help only, since the footer has no room for them there (the widest, the
        # balancer's, ends at column 72 without them).
        Binding("question_mark", "app.help", "Help", key_display="?"),
        # With nothing focused, the measures under the picture (below the fold at 80x24).
        Binding("pagedown", "scroll_stage(1, True)", "Page down", key_display="PgDn", show=False),
        Binding("pageup", "scroll_stage(-1, True)", "Page up", key_display="PgUp", show=False),
        Binding("down", "scroll_stage(1, False)", "Scroll down", key_display="↓", show=False),
        Binding("up", "scroll_stage(-1, False)", "Scroll up", key_display="↑", show=False),
        Binding("plus,equals_sign", "speed(1)", "Faster", key_display="+", show=False),
        Binding("minus", "speed(-1)", "Slower", key_display="-", show=False),
        # In a parameter field Escape leaves the field (the run goes on); elsewhere, the demo.
        Binding("escape", "back", "Back", key_display="esc", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    @classmethod
    def for_demo(cls, name: str, *, still: bool = False) -> DemoScreen:
        """The screen for demo `name`, its live actions bound to their keys."""
        return screen_class(demo(name).load())(name, still=still)

    def __init__(self, name: str, *, still: bool = False) -> None:
        super().__init__()
        self.demo_info = demo(name)
        self.draw = view_for(self.demo_info)
        self.demo_run = DemoRun(self.demo_info.load())
        self.demo_run.paused = still
        self.trend: dict[str, list[float]] = {}  # the key metric over time, per series
        self.trend_measure: Measure | None = None  # chosen at the run's first sample
        self.timer: Timer | None = None
        self.last_tick = 0.0
        self.last_trend = 0.0
        self.last_metrics = 0.0
        self.refusals: dict[str, str | None] = {}  # why each live action cannot happen now

    def compose(self) -> ComposeResult:
        yield FrameStatic(id="demo-status")
        yield ActionBar(self.demo_run.model_class.actions(), id="actions")
        with Horizontal(id="demo-body"):
            with VerticalScroll(id="stage-column"):
                yield FrameStatic(id="stage")
                yield Vertical(id="trends")
                yield Static(id="metrics")
            yield ParamControls(
                self.demo_run.model_class.all_params(), self.demo_run.params, id="controls"
            )
        with VerticalScroll(id="notice-box"):
            yield Static(id="notice")
        yield Footer(compact=True, show_command_palette=False)  # Ctrl-P still works; `?` says so

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
        self._show_actions()
        if self.draw is not None:
            self.query_one("#stage", FrameStatic).show(self.draw(model.state()))
        self.query_one("#demo-status", FrameStatic).show(self._status())
        now = time.monotonic()
        if every_part or now - self.last_metrics >= METRICS_EVERY or model.done:
            self.last_metrics = now
            metrics = model.metrics()
            table = measures_table(model.MEASURES, metrics, model.theory(), finished=model.done)
            self.query_one("#metrics", Static).update(table)
            self.query_one("#notice", Static).update(self._notice())
            # What happened is longer than what to notice: the box grows to hold it.
            self.query_one("#notice-box").set_class(model.done, "-finished")
            self._sample(metrics)

    def _show_actions(self) -> None:
        """Buttons and keys for what the model accepts now; the footer only when that changes."""
        model = self.demo_run.model
        refusals = {action.name: model.refusal(action.name) for action in model.actions()}
        if refusals == self.refusals:
            return
        self.refusals = refusals
        self.query_one(ActionBar).show(refusals)
        self.refresh_bindings()

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
        if self.trend_measure is None:
            self.trend_measure = trend_measure(self.demo_run.model.MEASURES, metrics)
        measure = self.trend_measure
        series = trend_values(measure, metrics) if measure is not None else {}
        if measure is None or not series or (self.trend and now - self.last_trend < TREND_EVERY):
            return
        self.last_trend = now
        box = self.query_one("#trends", Vertical)
        if not box.children:
            for index in range(len(series)):
                box.mount(Static(id=f"trend-label-{index}", classes="trend-label"))
                box.mount(Sparkline([], id=f"trend-{index}", classes="trend"))
        for index, (name, value) in enumerate(series.items()):
            points = self.trend[name] = [*self.trend.get(name, []), value][-TREND_POINTS:]
            now_shown = format_measure(value, measure.unit)  # as the measures table shows it
            label = Text.assemble((name, "cyan"), (f"  {now_shown}  over time", MUTED))
            box.query_one(f"#trend-label-{index}", Static).update(label)
            # One point draws as a full bar whatever its value: wait for a second.
            box.query_one(f"#trend-{index}", Sparkline).data = points if len(points) > 1 else []

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
        """Show the parameters and put the cursor in the first; again, leave them."""
        controls = self.query_one(ParamControls)
        if controls.has_class("-hidden") or not self._in_controls():
            controls.remove_class("-hidden")
            controls.first_control().focus()
        else:
            self._leave_controls()

    def action_back(self) -> None:
        if self._in_controls():
            self._leave_controls()
        else:
            cast("PrimerApp", self.app).action_go_back()

    def _in_controls(self) -> bool:
        focused = self.focused
        return focused is not None and self.query_one(ParamControls) in focused.ancestors_with_self

    def _leave_controls(self) -> None:
        """Back to the demo, whose arrows and PgUp/PgDn scroll the picture and measures again;
        below WIDE_ENOUGH_FOR_CONTROLS the parameters make way for it."""
        self.query_one("#stage-column").focus()
        if self.app.size.width < WIDE_ENOUGH_FOR_CONTROLS:
            self.query_one(ParamControls).add_class("-hidden")

    def action_scroll_stage(self, direction: int, page: bool) -> None:
        stage = self.query_one("#stage-column", VerticalScroll)
        lines = stage.scrollable_content_region.height if page else 1
        stage.scroll_relative(y=direction * lines, animate=False)

    def action_speed(self, steps: int) -> None:
        self.demo_run.faster(steps)
        self.redraw()

    def action_act(self, name: str) -> None:
        try:
            self.demo_run.act(name)
        except ActionRefused as refused:  # a key pressed just as the moment passed
            self.notify(refused.message, severity="warning")
        self.last_tick = time.monotonic()
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A live action the model refuses now is shown dimmed, and its key does nothing."""
        if action == "act" and parameters:
            return True if self.refusals.get(str(parameters[0])) is None else None
        return True

    @on(ActionBar.Chosen)
    def _chosen(self, event: ActionBar.Chosen) -> None:
        self.action_act(event.name)

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
        self.trend, self.trend_measure = {}, None
        for sparkline in self.query(Sparkline):
            sparkline.data = []
        self.last_tick = time.monotonic()
        self.redraw()


@cache
def screen_class(model_class: type[Model[Any]]) -> type[DemoScreen]:
    """A DemoScreen whose bindings are the model's live actions, each on its own key, then
    the controls every demo has."""
    actions: list[BindingType] = [
        Binding(action.key, f"act({action.name!r})", action.label, key_display=action.key)
        for action in model_class.actions()
    ]
    bindings = [*actions, *DemoScreen.CONTROLS]
    return type(f"{model_class.__name__}Screen", (DemoScreen,), {"BINDINGS": bindings})
