"""Issues #11 and #12: each class of failure, at its cause, tried the way a user would.

Every test checks the exit code and that no traceback reaches the user.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.cli.demo import flag
from primer_cli.sim.catalog import DEMOS

HUGE = "1" + "0" * 400  # a 401-digit integer
NAMES = [info.name for info in DEMOS]
COMPARABLE = [info.name for info in DEMOS if info.load().variants()]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def demo_cli(runner: CliRunner, *args: str, **env: str) -> Any:
    result = runner.invoke(app, ["demo", *args], env={"COLUMNS": "80", **env})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def primer(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real program, its stdout a pipe, as `primer demo … | cat` would run it."""
    environment = {**os.environ, "COLUMNS": "80", **env}
    environment.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "primer_cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    return done


# Bounds: every value is checked, and every message can be written ------------------------------


def bounded_options() -> list[tuple[str, str]]:
    return [
        (info.name, flag(param.name))
        for info in DEMOS
        for param in info.load().all_params()
        if param.numeric
    ]


@pytest.mark.parametrize(("name", "option"), bounded_options())
def test_a_400_digit_number_is_refused_with_the_range(
    runner: CliRunner, name: str, option: str
) -> None:
    """Formatting the range error for 10**400 used to crash (int too large to convert to float)."""
    result = demo_cli(runner, name, option, HUGE)
    assert result.exit_code == 2, result.output
    assert option in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["balancer", "--check-every", "1e-300"],
        ["write-policy", "--flush-ms", "1e-300"],
        ["balancer", "--rate", "1e308"],
        ["partition", "--rate", "1e308"],
        ["replication", "--write-rate", "1e308"],
        ["queue", "--arrival-rate", "1e308"],
        ["queue", "--arrival-rate", "1e7"],
        *[
            [name, "--duration", "1e308"]
            for name in ("balancer", "replication", "partition", "queue", "write-policy")
        ],
        ["transport", "--rate", "1e-300"],
        ["cache", "--requests", "100000000"],
        ["transport", "--packets", "10000000"],
        ["balancer", "--duration", "1000000"],
    ],
)
def test_values_that_stopped_time_or_took_minutes_are_refused(
    runner: CliRunner, args: list[str]
) -> None:
    """Simulated time stopped advancing (or a run took minutes and gigabytes): now out of bounds."""
    result = demo_cli(runner, *args, "--json")
    assert result.exit_code == 2, result.output
    assert args[1] in result.output and "must be" in result.output
    assert result.stdout == ""  # nothing half-written on stdout


@pytest.mark.parametrize(
    ("args", "blamed"),
    [
        (["queue", "--arrival-rate", "50000"], "--arrival-rate"),
        (["write-policy", "--duration", "3600"], "--duration"),
        (["balancer", "--rate", "50000"], "--rate"),
        (["sharding", "--keys", "200000", "--requests", "400000"], "--requests"),
    ],
)
def test_a_run_bigger_than_the_event_cap_is_refused_naming_what_to_lower(
    runner: CliRunner, args: list[str], blamed: str
) -> None:
    result = demo_cli(runner, *args, "--json")
    assert result.exit_code == 2, result.output
    assert blamed in result.output and "a run may take" in " ".join(result.output.split())


def test_a_rate_at_its_minimum_keeps_time_exact(runner: CliRunner) -> None:
    """--rate 1e-300 once gave a 16.6 ms mean latency under a 50 ms link (float absorption)."""
    result = demo_cli(runner, "transport", "--rate", "0.1", "--packets", "20", "--json")
    assert result.exit_code == 0
    latency = json.loads(result.stdout)["metrics"]["mean_latency_ms"]
    assert latency["udp"] >= 50.0 and latency["tcp"] >= 50.0


def test_the_biggest_cache_run_reports_a_best_hit_ratio_of_at_most_one(runner: CliRunner) -> None:
    result = demo_cli(runner, "cache", "--capacity", "1000", "--items", "1000", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["metrics"]["best_hit_ratio"] <= 1.0


# Defaults that no longer fit ---------------------------------------------------------------------


def test_a_short_run_moves_its_default_faults_inside_it(runner: CliRunner) -> None:
    """`balancer --duration 5` said '--fail-at: must fall inside the run' to someone who never typed it."""
    result = demo_cli(runner, "balancer", "--duration", "5", "--json")
    assert result.exit_code == 0, result.output
    params = json.loads(result.stdout)["params"]
    assert 0 < params["fail_at"] < params["recover_at"] < 5


def test_a_default_pushed_out_of_place_blames_the_value_that_was_typed(runner: CliRunner) -> None:
    result = demo_cli(runner, "balancer", "--fail-at", "50")
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "Invalid value for --fail-at" in text and "--recover-at is 40 s by default" in text


# Width: piped output and comparisons fit 80 columns, nothing clipped --------------------------------


def words(text: str) -> list[str]:
    drawing = set("█░·▁▂▃▄▅▆▇●■□▓▒✗╳◆✓✖↺…") | {chr(c) for c in range(0x2500, 0x2580)}
    return sorted(token for token in text.split() if not set(token) <= drawing)


@pytest.mark.parametrize("name", NAMES)
def test_piped_output_fits_80_columns(runner: CliRunner, name: str) -> None:
    narrow = demo_cli(runner, name)
    assert narrow.exit_code == 0
    assert max(len(line) for line in narrow.output.splitlines()) <= 80
    wide = runner.invoke(app, ["demo", name], env={"COLUMNS": "200"})
    # The paragraphs wrap differently; the picture and the numbers must say the same.
    picture = narrow.output.split("What happened:")[0]
    assert words(picture) == words(wide.output.split("What happened:")[0])


@pytest.mark.parametrize("name", COMPARABLE)
def test_compare_fits_80_columns_without_clipping(runner: CliRunner, name: str) -> None:
    narrow = demo_cli(runner, name, "--compare")
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.output.splitlines()) <= 80
    wide = runner.invoke(app, ["demo", name, "--compare"], env={"COLUMNS": "200"})
    table = narrow.output.split("What happened:")[0]
    assert words(table) == words(wide.output.split("What happened:")[0])


@pytest.mark.parametrize("name", COMPARABLE)
def test_compare_as_json_gives_demo_params_and_runs(runner: CliRunner, name: str) -> None:
    result = demo_cli(runner, name, "--compare", "--json", "--seed", "7")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    model_class = next(info for info in DEMOS if info.name == name).load()
    assert set(data) == {"demo", "params", "runs"} and data["demo"] == name
    assert data["params"]["seed"] == 7 and model_class.VARIANT not in data["params"]
    assert [run["variant"] for run in data["runs"]] == list(model_class.variants())
    assert all(set(run) == {"variant", "metrics", "theory"} for run in data["runs"])


def test_demos_without_variants_offer_no_compare(runner: CliRunner) -> None:
    result = demo_cli(runner, "queue", "--compare")
    assert result.exit_code == 2 and "--compare" in result.output


# Terminals and pipes -------------------------------------------------------------------------------------


def test_forced_colour_into_a_pipe_does_not_animate() -> None:
    """`FORCE_COLOR=1 primer demo hashring | cat` played 60 s of frames (7.2 MB) into the pipe."""
    done = primer("demo", "hashring", FORCE_COLOR="1")
    assert done.returncode == 0
    assert len(done.stdout) < 20_000
    assert "\x1b[?25l" not in done.stdout  # Live hides the cursor; a single print does not
    plain = ANSI.sub("", done.stdout)
    assert plain.count("What happened:") == 1 and "Finished." in plain


def test_errors_go_to_stderr_and_json_to_stdout_only() -> None:
    done = primer("demo", "queue", "--consumers", HUGE, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert "--consumers" in done.stderr and "401-digit" in done.stderr


@pytest.mark.pty
def test_compare_in_a_real_terminal_fits_80_columns() -> None:
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": "24"}
    environment.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "primer_cli", "demo", "balancer", "--compare"],
        env=environment,
        encoding="utf-8",
        dimensions=(24, 80),
        timeout=60,
    )
    output = ANSI.sub("", child.read())  # everything, until it exits
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in output
    # A carriage return starts the line again (the progress note rewrites itself in place).
    lines = [piece for line in output.split("\n") for piece in line.split("\r")]
    assert max(len(line) for line in lines) <= 80
    for strategy in ("round-robin", "random", "weighted", "ip-hash"):
        assert strategy in output
    assert "connections" in output and "Tail latency (p99)" in output


# Ctrl-C without a terminal: exit 130, the numbers so far where there are any -----------------------


def interrupt_after(events: int) -> Any:
    """A `run` that is interrupted, as Ctrl-C would, after `events` steps."""

    def run(self: Any) -> dict[str, Any]:
        while not self.done:
            if self.events >= events:
                raise KeyboardInterrupt
            self.step()
        return dict(self.metrics())

    return run


def test_ctrl_c_in_a_piped_run_exits_130_with_the_numbers_so_far(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primer_cli.sim.queue import QueueModel

    monkeypatch.setattr(QueueModel, "run", interrupt_after(300))
    result = demo_cli(runner, "queue")
    assert result.exit_code == 130
    assert "Stopped early" in result.output and "What happened:" in result.output
    assert "300 events" in result.output


def test_ctrl_c_in_a_json_run_exits_130_and_writes_no_half_json(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primer_cli.sim.queue import QueueModel

    monkeypatch.setattr(QueueModel, "run", interrupt_after(300))
    result = demo_cli(runner, "queue", "--json")
    assert result.exit_code == 130
    assert result.stdout == "" and "Stopped." in result.output


def test_ctrl_c_during_a_comparison_exits_130_with_the_variants_run_so_far(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primer_cli.sim.base import Run
    from primer_cli.sim.partition import PartitionModel

    def first_then_interrupted(cls: Any, values: Any) -> Any:
        model = cls(mode="cp", **values)
        yield Run("cp", model.run(), model.theory())
        raise KeyboardInterrupt

    monkeypatch.setattr(PartitionModel, "compare_runs", classmethod(first_then_interrupted))
    result = demo_cli(runner, "partition", "--compare")
    assert result.exit_code == 130
    assert "Requests refused" in result.output and "Stopped early" in result.output
