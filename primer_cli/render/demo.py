"""Draw demos: the live animation loop, the metrics table, the final report and the demo list.

The runner knows nothing about any one model: it steps `Model`s, paces them on
`progress`, and frames the model's own picture (from `render/demos/<module>.py`)
with a title, a progress line, the live metrics and the keys to press.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from primer_cli.sim.base import Model
from primer_cli.sim.catalog import DemoInfo

View = Callable[[Model], RenderableType]

FRAMES_PER_SECOND = 20
FALLBACK_EVENTS_PER_SECOND = 2_000  # for models that cannot report their progress
ACCENT = "magenta"
MUTED = "dim"


class KeyReader(AbstractContextManager["KeyReader"]):
    """Single key presses from a terminal, without echo; inert when stdin is not a terminal.

    cbreak mode keeps signals on, so Ctrl-C still raises KeyboardInterrupt.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.fd: int | None = None
        self.saved: Any = None

    def __enter__(self) -> KeyReader:
        try:
            import termios
            import tty

            if self.stream.isatty():
                fd = self.stream.fileno()
                self.saved = termios.tcgetattr(fd)
                tty.setcbreak(fd)
                self.fd = fd
        except (ImportError, OSError, ValueError):
            self.fd = None  # no terminal control here (Windows, a closed stdin): Ctrl-C only
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.fd is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def wait(self, seconds: float) -> str:
        """Sleep up to `seconds`, returning early with the keys pressed meanwhile."""
        if self.fd is None:
            time.sleep(seconds)
            return ""
        import select

        ready, _, _ = select.select([self.fd], [], [], max(0.0, seconds))
        return os.read(self.fd, 64).decode(errors="ignore") if ready else ""


def animate(
    info: DemoInfo, model: Model, view: View | None, *, speed: float, console: Console
) -> bool:
    """Animate until the run ends, `q` is pressed or Ctrl-C; leave the final frame on screen.

    Returns True when stopped early.
    """
    from rich.live import Live

    stopped = False
    # The first frame is drawn inside the loop, once keys are read and Ctrl-C is
    # handled, so nothing a person presses after seeing it can be missed.
    with Live(console=console, auto_refresh=False) as live, KeyReader(sys.stdin) as keys:
        try:
            stopped = _frame_loop(info, model, view, speed, live.update, keys)
        except KeyboardInterrupt:
            stopped = True  # Ctrl-C is a way to stop, not an error: keep the numbers so far
        live.update(final_report(info, model, view=view, stopped=stopped), refresh=True)
    return stopped


def _frame_loop(
    info: DemoInfo,
    model: Model,
    view: View | None,
    speed: float,
    update: Callable[..., None],
    keys: KeyReader,
) -> bool:
    update(frame(info, model, view, live=True), refresh=True)
    start = time.monotonic()
    frame_seconds = 1 / FRAMES_PER_SECOND
    while not model.done:
        frame_start = time.monotonic()
        elapsed = (frame_start - start) * speed
        advance(model, elapsed, deadline=frame_start + frame_seconds * 0.8)
        update(frame(info, model, view, live=True), refresh=True)
        pressed = keys.wait(frame_seconds - (time.monotonic() - frame_start))
        if "q" in pressed.lower():
            return True
    return False


def advance(model: Model, elapsed: float, *, deadline: float) -> None:
    """Step the model to where it should be after `elapsed` (speed-scaled) seconds of animation."""
    progress = model.progress
    if progress is None:
        target_events = int(elapsed * FALLBACK_EVENTS_PER_SECOND)
        while model.events < target_events and not model.done:
            model.step()
            if model.events % 256 == 0 and time.monotonic() > deadline:
                return
        return
    target = elapsed / model.ANIMATION_SECONDS
    steps = 0
    # Past the end of the animation, finish the run even if progress already reads 1
    # (a model may have bookkeeping events left, such as timers that no longer matter).
    while not model.done and (target >= 1.0 or (model.progress or 0.0) < target):
        model.step()
        steps += 1
        if steps % 256 == 0 and time.monotonic() > deadline:
            return  # the frame is due; catch up on the next one


def frame(info: DemoInfo, model: Model, view: View | None, *, live: bool) -> RenderableType:
    """One animation frame: the model's picture, a progress line and the metrics."""
    parts: list[RenderableType] = []
    if view is not None:
        parts.append(view(model))
    parts += [progress_line(model), metrics_table(model.metrics())]
    subtitle = "[bold]q[/] or [bold]Ctrl-C[/] stops" if live else None
    return Panel(
        Group(*parts),
        title=Text.assemble(
            (info.title, "bold"), ("  ·  ", MUTED), (f"primer demo {info.name}", ACCENT)
        ),
        title_align="left",
        subtitle=subtitle,
        subtitle_align="right",
        border_style=ACCENT,
        padding=(0, 1),
    )


def progress_line(model: Model, width: int = 30) -> Text:
    progress = model.progress
    line = Text()
    if progress is not None:
        filled = round(min(1.0, max(0.0, progress)) * width)
        line.append("█" * filled, style=ACCENT).append("░" * (width - filled), style=MUTED)
        line.append(f" {progress:4.0%}  ")
    line.append(f"{model.events:,} events", style=MUTED)
    return line


def final_report(
    info: DemoInfo, model: Model, *, view: View | None, stopped: bool = False
) -> RenderableType:
    """What stays on screen: the last picture and metrics, how the run ended, where to read more."""
    status = (
        Text("Stopped early: the numbers so far.", style="yellow")
        if stopped
        else Text("Finished.", style="green")
    )
    learn = Text("Learn more: ", style=MUTED)
    learn.append(", ".join(f"primer learn {topic}" for topic in info.topics), style="cyan")
    return Group(frame(info, model, view, live=False), status, learn)


def metrics_table(metrics: Mapping[str, Any], *, pairs_per_row: int = 2) -> RenderableType:
    """Metric names exactly as in --json, values formatted for reading.

    Plain values sit two to a row to save height; metrics that compare the
    same things ({"tcp": …, "udp": …}) share one table with a column each;
    a metric holding one record per server or shard gets a row per record.
    """
    compared = _compared(metrics)
    plain = [
        (name, value)
        for name, value in metrics.items()
        if name not in compared and _records(value) is None
    ]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for _ in range(pairs_per_row):
        table.add_column("metric", style="cyan", no_wrap=True)
        table.add_column("value", overflow="fold")
    for start in range(0, len(plain), pairs_per_row):
        row = plain[start : start + pairs_per_row]
        table.add_row(*(cell for name, value in row for cell in (name, format_value(value))))
    parts: list[RenderableType] = [table] if plain else []
    if compared:
        parts.append(comparison_table({name: metrics[name] for name in compared}))
    parts += [
        records_table(name, records)
        for name, value in metrics.items()
        if (records := _records(value)) is not None
    ]
    return Group(*parts)


def _compared(metrics: Mapping[str, Any]) -> list[str]:
    """Names of metrics that are flat mappings over one shared set of keys (at least two)."""
    flat = {
        name: tuple(value)
        for name, value in metrics.items()
        if isinstance(value, Mapping) and value and _records(value) is None
    }
    if len(flat) < 2 or len(set(flat.values())) != 1:
        return []
    return list(flat)


def comparison_table(metrics: Mapping[str, Mapping[str, Any]]) -> Table:
    columns = list(next(iter(metrics.values())))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("metric", style="cyan", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right")
    for name, values in metrics.items():
        table.add_row(name, *(format_value(values[column]) for column in columns))
    return table


def _records(value: Any) -> list[tuple[str, Mapping[str, Any]]] | None:
    """(label, record) pairs if the value is records: {name: {...}} or [{...}]; else None."""
    if isinstance(value, Mapping) and value and all(isinstance(v, Mapping) for v in value.values()):
        return [(str(key), record) for key, record in value.items()]
    if isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) for v in value):
        return [("", record) for record in value]
    return None


def records_table(name: str, records: list[tuple[str, Mapping[str, Any]]]) -> Table:
    """One row per record, one column per field, titled with the metric name."""
    fields = list(dict.fromkeys(field for _, record in records for field in record))
    labelled = any(label for label, _ in records)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.title, table.title_justify, table.title_style = name, "left", "cyan"
    if labelled:
        table.add_column("")
    for field in fields:
        table.add_column(field, justify="right")
    for label, record in records:
        cells = [format_value(record.get(field)) for field in fields]
        table.add_row(*([label] if labelled else []), *cells)
    return table


def format_value(value: Any) -> str:
    """A metric value as short text: numbers rounded, mappings as `key value` pairs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key} {format_value(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return " ".join(format_value(item) for item in value)
    return str(value)


def _format_float(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:.4g}"


def render_demo_list(demos: Sequence[DemoInfo]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    table.add_column("primer demo …", style=f"bold {ACCENT}", no_wrap=True)
    table.add_column("what it shows")
    table.add_column("primer learn …", style="cyan", no_wrap=True)
    for info in demos:
        table.add_row(info.name, info.description, "\n".join(info.topics))
    return table
