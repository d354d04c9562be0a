"""How fast `primer tui` opens, and what one demo frame costs.

1. Time to first paint: `primer tui` started in an 80x24 pseudo-terminal,
   timed until the first topic of the tree is on its screen, against
   `python -c "import textual.app"` in the same run, interleaved.
   Target (issue #9): at most 2.5x, and under 0.5 s.
2. Demo frame time, per model at its defaults: one frame's model step
   (`DemoRun.tick`, 1/30 s of animation) plus drawing what the demo screen
   draws each frame (the model's picture and status line) to 80 columns with
   Rich, and the metrics table every sixth frame, as the screen does;
   median, p95 and worst over a whole run. Target: under 16 ms.
3. The frame rate the app itself reaches: each demo run headless in the app
   (App.run_test) for 2 s, counting the timer's frames, with the time spent
   in the frame handler (stepping the model, handing Textual the picture)
   and the process's CPU time per frame, Textual's layout and drawing
   included: on a shared machine the frame rate follows the load, the CPU
   time much less.

    python benchmarks/bench_tui.py [--runs 9] [--skip-paint]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import sys
import tempfile
import time

from processes import bench_env, primer_command, time_to_screen, timed

FIRST_TOPIC = b"Performance vs scalability"
FRAME = 1 / 30


def first_paint(runs: int, env: dict[str, str]) -> None:
    tui = [*primer_command(), "tui"]
    baseline = [sys.executable, "-c", "import textual.app"]
    terminal = {**env, "TERM": "xterm-256color"}
    time_to_screen(tui, terminal, FIRST_TOPIC)  # warm the caches (topics, question bank)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(time_to_screen(tui, terminal, FIRST_TOPIC))
        theirs.append(timed(baseline, env))
    mine, base = statistics.median(ours), statistics.median(theirs)
    print(f"first paint of primer tui, median of {runs}: {mine * 1000:.0f} ms "
          f"(min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})")  # fmt: skip
    print(f"python -c 'import textual.app', median:  {base * 1000:.0f} ms")
    print(f"ratio {mine / base:.2f}x (target at most 2.5x, and under 500 ms)")


def frame_costs() -> None:
    from rich.console import Console

    from primer_cli.render.demo import progress_line
    from primer_cli.render.demos import view_for
    from primer_cli.render.measures import measures_table
    from primer_cli.sim.catalog import DEMOS
    from primer_cli.tui.widgets.demo_run import DemoRun

    console = Console(width=78, file=io.StringIO(), color_system="truecolor")
    print(f"\n{'demo':<13} {'frames':>6} {'median ms':>10} {'p95 ms':>8} {'worst ms':>9}")
    for info in DEMOS:
        run, view = DemoRun(info.load()), view_for(info)
        costs = []
        while not run.model.done:
            start = time.perf_counter()
            run.tick(FRAME)
            if view is not None:
                console.render_lines(view(run.model.state()), console.options)
            console.render_lines(progress_line(run.model), console.options)
            if len(costs) % 6 == 0:  # the screen redraws its metrics five times a second
                model = run.model
                table = measures_table(model.MEASURES, model.metrics(), model.theory())
                console.render_lines(table, console.options)
            costs.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(costs, n=20)[-1]
        print(f"{info.name:<13} {len(costs):>6} {statistics.median(costs):>10.2f} "
              f"{p95:>8.2f} {max(costs):>9.2f}")  # fmt: skip


def app_frame_rates(seconds: float = 2.0) -> None:
    from primer_cli.sim.catalog import DEMOS
    from primer_cli.tui.app import make_app
    from primer_cli.tui.screens.demo import DemoScreen
    from primer_cli.tui.start import Start

    async def measure(name: str) -> tuple[int, float, float]:
        app = make_app(Start(demo=name))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DemoScreen)
            frames, spent = 0, 0.0
            tick = screen.tick

            def counted() -> None:
                nonlocal frames, spent
                start = time.perf_counter()
                tick()
                frames, spent = frames + 1, spent + time.perf_counter() - start

            screen.tick = counted  # type: ignore[method-assign]
            assert screen.timer is not None
            screen.timer.stop()
            screen.timer = screen.set_interval(FRAME, counted)
            cpu = time.process_time()
            await pilot.pause(seconds)
            return frames, spent, time.process_time() - cpu

    print(f"\nin the app, headless 80x24, {seconds:g} s each (timer at 30 per second):")
    for info in DEMOS:
        frames, spent, cpu = asyncio.run(measure(info.name))
        per_frame = 1000 / max(1, frames)
        print(f"{info.name:<13} {frames / seconds:5.1f} frames/s, "
              f"{spent * per_frame:5.2f} ms in the frame handler, "
              f"{cpu * per_frame:5.2f} ms of CPU per frame in all")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--skip-paint", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["PRIMER_HOME"] = home  # never the user's store
        env = bench_env(PRIMER_HOME=home)
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        if not args.skip_paint:
            first_paint(args.runs, env)
        frame_costs()
        app_frame_rates()
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
