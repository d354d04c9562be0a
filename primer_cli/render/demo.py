"""Draw demos: the live animation loop, the frame, the final report and the demo list.

The runner knows nothing about any one model: it steps a `Model`, paces it on
`progress`, and frames the model's own picture (its catalog entry names the
view) with the title, what to notice, a progress line and the measures. A
frame fits 80 columns by 24 rows, so the last one stays whole on screen.
While it animates, the model's live actions are keys too (`p` cuts the
network); the bottom border lists them, and what a key did, or why it could
not, takes the place of the notice for a moment.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from enum import Enum
from types import TracebackType
from typing import Any, Protocol, TextIO, TypeVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from primer_cli.render.measures import measures_table
from primer_cli.sim.actions import ActionRefused
from primer_cli.sim.base import Model
from primer_cli.sim.catalog import DemoInfo

S = TypeVar("S")  # a model's state: the view that draws it takes exactly that type
View = Callable[[S], RenderableType]

FRAMES_PER_SECOND = 20
FALLBACK_EVENTS_PER_SECOND = 2_000  # for models that cannot report their progress
SAID_SECONDS = 3.0  # how long what a key did stays in place of the notice
ACCENT = "magenta"
MUTED = "dim"


class Ending(Enum):
    """How an animation ended; Ctrl-C is the one the shell should hear about (exit 130)."""

    FINISHED = "finished"
    QUIT = "quit"
    INTERRUPTED = "interrupted"


class Keys(Protocol):
    """What the animation asks of a keyboard."""

    @property
    def reading(self) -> bool: ...

    def wait(self, seconds: float) -> str: ...


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

    @property
    def reading(self) -> bool:
        """True when key presses reach us (stdin is a terminal we control)."""
        return self.fd is not None

    def wait(self, seconds: float) -> str:
        """Sleep up to `seconds`, returning early with the keys pressed meanwhile."""
        if self.fd is None:
            time.sleep(seconds)
            return ""
        import select

        ready, _, _ = select.select([self.fd], [], [], max(0.0, seconds))
        return os.read(self.fd, 64).decode(errors="ignore") if ready else ""


def animate(
    info: DemoInfo, model: Model[S], view: View[S] | None, *, speed: float, console: Console
) -> Ending:
    """Animate until the run ends, `q` is pressed or Ctrl-C; leave the final frame on screen,
    then what happened below it."""
    from rich.live import Live

    ending = Ending.FINISHED
    # The first frame is drawn inside the loop, once keys are read and Ctrl-C is
    # handled, so nothing a person presses after seeing it can be missed.
    with (
        Live(console=console, auto_refresh=False, vertical_overflow="crop") as live,
        KeyReader(sys.stdin) as keys,
    ):
        try:
            ending = _frame_loop(info, model, view, speed, live.update, keys)
        except KeyboardInterrupt:
            ending = Ending.INTERRUPTED  # a way to stop, not an error: keep the numbers so far
        live.update(frame(info, model, view, live=False), refresh=True)
    console.print(afterword(info, model, stopped=ending is not Ending.FINISHED))
    return ending


def _frame_loop(
    info: DemoInfo,
    model: Model[S],
    view: View[S] | None,
    speed: float,
    update: Callable[..., None],
    keys: Keys,
) -> Ending:
    hint = keys_hint(model) if keys.reading else "Ctrl-C stops"
    update(frame(info, model, view, live=True, keys=hint), refresh=True)
    start = time.monotonic()
    frame_seconds = 1 / FRAMES_PER_SECOND
    said, said_until = "", 0.0
    while not model.done:
        frame_start = time.monotonic()
        elapsed = (frame_start - start) * speed
        advance(model, elapsed, deadline=frame_start + frame_seconds * 0.8)
        shown = said if frame_start < said_until else ""
        update(frame(info, model, view, live=True, keys=hint, said=shown), refresh=True)
        pressed = keys.wait(frame_seconds - (time.monotonic() - frame_start))
        if "q" in pressed.lower():
            return Ending.QUIT
        for key in pressed:
            reply = act_on_key(model, key)
            if reply:
                said, said_until = reply, time.monotonic() + SAID_SECONDS
                # The clock follows the model, whose run may have grown (a node added at the end).
                start = time.monotonic() - animation_seconds_at(model) / speed
    return Ending.FINISHED


def keys_hint(model: Model[Any]) -> str:
    """'p cut network  h heal network  q stops', for the frame's bottom border."""
    actions = [f"{action.key} {action.label.lower()}" for action in model.actions()]
    return "  ".join([*actions, "q stops"]) if actions else "q or Ctrl-C stops"


def act_on_key(model: Model[Any], key: str) -> str:
    """Do the action bound to `key`, if any: what it did, why it could not, or ''."""
    action = next((a for a in model.actions() if a.key == key), None)
    if action is None:
        return ""
    try:
        model.act(action.name)
    except ActionRefused as refused:
        return refused.message
    return f"You {model.acted[-1].done} {model.acted[-1].when}."


def animation_seconds_at(model: Model[Any]) -> float:
    """The animation time at which `advance` would have brought the model where it is."""
    progress = model.progress
    if progress is None:
        return model.events / FALLBACK_EVENTS_PER_SECOND
    return progress * model.ANIMATION_SECONDS


def advance(model: Model[Any], elapsed: float, *, deadline: float) -> None:
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


def frame(
    info: DemoInfo,
    model: Model[S],
    view: View[S] | None,
    *,
    live: bool,
    keys: str = "q or Ctrl-C stops",
    said: str = "",
) -> RenderableType:
    """One frame: what to notice (or what a key just did), the model's picture and its
    measures; progress and, while live, the keys in the border."""
    notice = (
        Text("▸ " + said, style="bold") if said else Text("▸ " + model.notice(), style="italic")
    )
    parts: list[RenderableType] = [notice]
    if view is not None:
        parts.append(view(model.state()))
    theory = model.theory()
    parts.append(measures_table(model.MEASURES, model.metrics(), theory, finished=model.done))
    # While live, a narrower bar leaves the border room for the keys.
    subtitle = progress_line(model, width=10 if live else 20)
    if live:
        subtitle.append(f" {keys} ", style="bold")
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


def progress_line(model: Model[Any], width: int = 20) -> Text:
    """' ████████░░░░  60%  12,345 events': the bar is simulated progress, not wall time."""
    progress = model.progress
    line = Text(" ")
    if progress is not None:
        filled = round(min(1.0, max(0.0, progress)) * width)
        line.append("█" * filled, style=ACCENT).append("░" * (width - filled), style=MUTED)
        line.append(f" {progress:4.0%}  ")
    line.append(f"{model.events:,} events ", style=MUTED)
    if model.capped:
        line.append(f"(stopped at the cap of {model.event_cap:,}) ", style="yellow")
    return line


def afterword(info: DemoInfo, model: Model[Any], *, stopped: bool) -> RenderableType:
    """Below the last frame: what happened, how the run ended, where to read more."""
    happened = Text("What happened: ", style="bold").append(model.what_happened(), style="")
    status = (
        Text("Stopped early: the numbers so far.", style="yellow")
        if stopped
        else Text("Finished.", style="green")
    )
    learn = Text("Learn more: ", style=MUTED)
    learn.append(", ".join(f"primer learn {topic}" for topic in info.topics), style="cyan")
    return Group(happened, status, learn)


def final_report(
    info: DemoInfo, model: Model[S], *, view: View[S] | None, stopped: bool = False
) -> RenderableType:
    """What a piped run prints: the last frame, then what happened."""
    return Group(frame(info, model, view, live=False), afterword(info, model, stopped=stopped))


def render_demo_list(demos: Sequence[DemoInfo]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    table.add_column("primer demo …", style=f"bold {ACCENT}", no_wrap=True)
    table.add_column("what it shows")
    table.add_column("primer learn …", style="cyan", no_wrap=True)
    for info in demos:
        table.add_row(info.name, info.description, "\n".join(info.topics))
    return table
