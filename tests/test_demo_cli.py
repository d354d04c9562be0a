"""`primer demo`: the list, headless JSON for every demo, usage errors, the runner, and a real terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any, ClassVar

import pexpect
import pytest
from rich.console import Console
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.cli.demo import flag
from primer_cli.render.demo import Ending, KeyReader, advance, animate
from primer_cli.render.demos import view_for
from primer_cli.render.measures import format_measure
from primer_cli.sim.base import Measure, Model, Params
from primer_cli.sim.catalog import DEMOS, DemoInfo, demo
from primer_cli.sim.hashring import HashRingModel
from primer_cli.sim.params import Param, as_int

DEMO_NAMES = [info.name for info in DEMOS]

# The JSON keys the issue promises for each demo, at least.
PROMISED_METRICS = {
    "hashring": {"moved_fraction", "modulo_moved_fraction", "load_stddev", "max_load_ratio"},
    "cache": {"hit_ratio", "evictions"},
    "write-policy": {"read_latency_ms", "write_latency_ms", "stale_reads", "lost_writes"},
    "balancer": {"p50_ms", "p99_ms", "dropped", "per_server"},
    "replication": {"lost_writes", "stale_reads", "conflicts", "failover_ms"},
    "partition": {"errors", "stale_reads", "converged"},
    "queue": {"mean_latency_s", "mean_queue_length", "throughput", "utilization", "rejected"},
    "sharding": {"per_shard", "imbalance", "moved_fraction"},
    "transport": {"delivered_fraction", "in_order", "retransmissions", "mean_latency_ms"},
}


def invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["demo", *args])


# The list ---------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--list"], []])
def test_list_shows_every_demo_with_its_topics(runner: CliRunner, args: list[str]) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    for info in DEMOS:
        assert info.name in result.output
        assert info.topics[0] in result.output


def test_list_as_json(runner: CliRunner) -> None:
    result = invoke(runner, "--list", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [entry["name"] for entry in listed] == [info.name for info in DEMOS]
    assert all(entry["description"] and entry["topics"] for entry in listed)
    assert all(set(entry) == {"name", "title", "description", "topics"} for entry in listed)


def test_the_catalog_names_the_demos_the_issue_asks_for() -> None:
    assert {info.name for info in DEMOS} >= set(PROMISED_METRICS)


# Headless runs ----------------------------------------------------------------


@pytest.mark.parametrize("name", DEMO_NAMES)
def test_json_run_prints_name_params_and_promised_metrics(runner: CliRunner, name: str) -> None:
    result = invoke(runner, name, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # nothing but JSON on stdout
    assert data["demo"] == name
    model_class = demo(name).load()
    assert set(data["params"]) == {p.name for p in model_class.all_params()}
    assert set(data["metrics"]) >= PROMISED_METRICS.get(name, set())
    assert set(data) == {"demo", "params", "metrics", "theory", "summary"}
    assert set(data["theory"]) <= set(data["metrics"])  # theory sits under the metric's own key


@pytest.mark.parametrize("name", DEMO_NAMES)
def test_json_run_matches_the_model_run_directly(runner: CliRunner, name: str) -> None:
    result = invoke(runner, name, "--json", "--seed", "11")
    expected = demo(name).load()(seed=11).run()
    assert json.loads(result.stdout)["metrics"] == json.loads(json.dumps(expected))


@pytest.mark.parametrize("name", DEMO_NAMES)
def test_help_offers_every_model_parameter_as_a_flag(runner: CliRunner, name: str) -> None:
    result = invoke(runner, name, "--help")
    assert result.exit_code == 0
    model_class = demo(name).load()
    for param in model_class.all_params():
        assert flag(param.name) in result.output
    assert "--speed" in result.output and "--json" in result.output
    assert ("--compare" in result.output) == bool(model_class.variants())
    assert "Range:" in result.output  # bounds are documented where the flags are


def test_flags_reach_the_model(runner: CliRunner) -> None:
    result = invoke(runner, "hashring", "--json", "--nodes", "4", "--vnodes", "8", "--keys", "500")
    params = json.loads(result.stdout)["params"]
    assert (params["nodes"], params["vnodes"], params["keys"]) == (4, 8, 500)


def test_choices_are_checked_by_name(runner: CliRunner) -> None:
    result = invoke(runner, "cache", "--json", "--policy", "lfu", "--requests", "1000")
    assert json.loads(result.stdout)["params"]["policy"] == "lfu"


def test_an_optional_fault_can_be_switched_off(runner: CliRunner) -> None:
    result = invoke(runner, "write-policy", "--json", "--crash-at", "none")
    data = json.loads(result.stdout)
    assert data["params"]["crash_at"] is None
    assert data["metrics"]["lost_writes"] == 0


def test_an_optional_fault_keeps_its_default_when_not_given(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "write-policy", "--json").stdout)
    assert data["params"]["crash_at"] == 6.5
    assert data["metrics"]["crashed"] is True


def test_without_a_terminal_it_runs_to_the_end_and_prints_a_metrics_table(
    runner: CliRunner,
) -> None:
    result = invoke(runner, "hashring", "--keys", "1000")
    assert result.exit_code == 0, result.output
    assert "Keys moved, consistent hashing" in result.output  # labels, not JSON keys
    assert "What happened:" in result.output and "Finished" in result.output
    assert "primer learn consistent-hashing" in result.output
    assert "\x1b[" not in result.output  # no animation escape codes


# Usage errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["hashring", "--nodes", "0"], "--nodes"),
        (["hashring", "--nodes", "many"], "--nodes"),
        (["hashring", "--remove", "10"], "--remove"),
        (["cache", "--capacity", "0"], "--capacity"),
        (["cache", "--policy", "mru"], "--policy"),
        (["write-policy", "--crash-at", "60"], "--crash-at"),
        (["write-policy", "--crash-at", "soon"], "--crash-at"),
        (["sharding", "--strategy", "random"], "--strategy"),
        (["transport", "--loss", "-0.1"], "--loss"),
        (["hashring", "--speed", "0"], "--speed"),
        (["hashring", "--speed", "nan"], "--speed"),
        (["hashring", "--speed", "inf"], "--speed"),
        (["balancer", "--duration", "10", "--fail-at", "20"], "--fail-at"),
        (["replication", "--duration", "20", "--fail-at", "25"], "--fail-at"),
        (["partition", "--duration", "15", "--partition-at", "15"], "--partition-at"),
        (["balancer", "--fail-at", "50"], "--fail-at"),  # the default recovery would come first
        (["cache", "--compare", "--policy", "lfu"], "--policy"),
    ],
)
def test_bad_parameters_exit_2_naming_the_flag(
    runner: CliRunner, args: list[str], flag: str
) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2, result.output
    assert flag in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["balancer", "--duration", "10", "--fail-at", "none", "--recover-at", "none"],
        ["replication", "--duration", "20", "--fail-at", "5"],
        ["partition", "--duration", "15", "--partition-at", "5", "--heal-at", "10"],
        ["partition", "--heal-at", "none"],  # a partition that never heals is a fair question
        ["balancer", "--duration", "30", "--recover-at", "none"],  # still down at the end
        ["balancer", "--duration", "5"],  # issue #12: the default faults move inside the run
        ["write-policy", "--duration", "2"],
    ],
)
def test_a_shorter_run_with_its_faults_inside_it_is_fine(
    runner: CliRunner, args: list[str]
) -> None:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output


def test_an_unknown_demo_exits_2_with_a_suggestion(runner: CliRunner) -> None:
    result = invoke(runner, "hashrng")
    assert result.exit_code == 2
    assert "hashring" in result.output
    assert "--list" in result.output


def test_every_demo_links_to_real_topics_and_they_link_back(runner: CliRunner) -> None:
    from primer_cli.topics.store import library

    topics = library()
    for info in DEMOS:
        for topic_id in info.topics:
            assert topics.get(topic_id).id == topic_id
    result = runner.invoke(app, ["learn", "write-behind", "--no-pager"])
    assert "primer demo write-policy" in result.output


# The runner --------------------------------------------------------------------


def test_advance_paces_on_progress() -> None:
    model = HashRingModel(keys=1000)
    advance(model, HashRingModel.ANIMATION_SECONDS / 2, deadline=float("inf"))
    assert 0.5 <= model.progress < 0.5 + 1 / model.events
    advance(model, HashRingModel.ANIMATION_SECONDS * 10, deadline=float("inf"))
    assert model.done


class Counter(Model[int]):
    """A model that cannot tell its progress: the runner falls back to events per second."""

    NAME = "counter"
    PARAMS: ClassVar[tuple[Param, ...]] = (
        Param("limit", 10_000, "Events to count.", minimum=1, maximum=100_000),
    )
    MEASURES = (Measure("counted", "Events counted", "count"),)
    NOTICE = "Watch the count go up, one event at a time, until it reaches the limit."
    COST = ("limit",)
    interrupt_at: int | None = None

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        return as_int(params, "limit")

    @property
    def finished(self) -> bool:
        return self.events >= int(self.params["limit"])  # type: ignore[arg-type]

    def step(self) -> None:
        if self.events == self.interrupt_at:
            raise KeyboardInterrupt
        self.events += 1

    def state(self) -> int:
        return self.events

    def metrics(self) -> dict[str, Any]:
        return {"counted": self.events}

    def summary(self) -> str:
        return f"Counted {self.events:,} events."


def test_advance_without_progress_steps_a_fixed_rate() -> None:
    from primer_cli.render.demo import FALLBACK_EVENTS_PER_SECOND

    model = Counter()
    advance(model, 1.5, deadline=float("inf"))
    assert model.events == int(1.5 * FALLBACK_EVENTS_PER_SECOND)


class Lingering(Counter):
    """Reports full progress halfway through its events, like a run with stale timers left."""

    @property
    def progress(self) -> float:
        return min(1.0, 2 * self.events / int(self.params["limit"]))


def test_advance_finishes_a_run_whose_progress_reads_full_early() -> None:
    model = Lingering()
    advance(model, Lingering.ANIMATION_SECONDS, deadline=float("inf"))
    assert model.done


def fake_terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=100, color_system=None), buffer


def test_animate_runs_to_the_end_and_leaves_the_final_numbers() -> None:
    console, buffer = fake_terminal()
    model = HashRingModel(keys=300)
    ending = animate(demo("hashring"), model, None, speed=1000.0, console=console)
    assert ending is Ending.FINISHED and model.done
    assert "Finished." in buffer.getvalue()
    assert "Keys moved, consistent hashing" in buffer.getvalue()
    assert "What happened:" in buffer.getvalue()


def test_ctrl_c_stops_the_animation_quietly_with_the_numbers_so_far() -> None:
    console, buffer = fake_terminal()
    model = Counter()
    model.interrupt_at = 3000
    info = DemoInfo("counter", "Counter", "Counts.", ("cache",), "tests:Counter")
    ending = animate(info, model, None, speed=10.0, console=console)
    assert ending is Ending.INTERRUPTED
    assert "Stopped early" in buffer.getvalue()
    assert "3,000" in buffer.getvalue()


def test_every_demo_names_a_view_that_loads() -> None:
    for info in DEMOS:
        assert info.view.startswith("primer_cli.render.demos.")
        assert callable(view_for(info))


def test_key_reader_is_inert_without_a_terminal() -> None:
    with KeyReader(io.StringIO("q")) as keys:
        assert keys.fd is None
        assert keys.wait(0.0) == ""


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (None, "ms", "—"),
        (True, "", "yes"),
        (1234567, "count", "1,234,567"),
        (0.5737, "%", "57.4%"),
        (0.0027, "%", "0.27%"),
        (1.0, "%", "100%"),
        (1239.6, "ms", "1,240 ms"),
        (57928.6, "ms", "57.9 s"),
        (3.441, "×", "3.44×"),
        (8.75, "/s", "8.75/s"),
        (0.565612, "s", "566 ms"),
        (2.05, "s", "2.05 s"),
    ],
)
def test_format_measure(value: Any, unit: str, text: str) -> None:
    assert format_measure(value, unit) == text


# Start-up cost -----------------------------------------------------------------


def test_the_cli_builds_demo_commands_without_importing_models() -> None:
    code = (
        "import sys\n"
        "from primer_cli.cli import app\n"
        "try:\n    app(['--version'])\n"
        "except SystemExit:\n    pass\n"
        "print([m for m in sys.modules if m.startswith(('primer_cli.sim.', 'primer_cli.render', 'rich'))])"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip().splitlines()[-1] == "[]"


# A real terminal ---------------------------------------------------------------


def spawn_demo(*args: str) -> pexpect.spawn:
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "40"}
    environment.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "primer_cli", "demo", *args],
        env=environment,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=30,
    )


@pytest.mark.pty
def test_q_stops_the_animation_in_a_terminal() -> None:
    child = spawn_demo("hashring", "--speed", "50")
    child.expect("stops")  # the first frame, with its key help, is on screen
    child.send("q")
    child.expect("Stopped early")
    child.expect("primer learn consistent-hashing")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_ctrl_c_stops_the_animation_in_a_terminal_with_exit_130() -> None:
    """Issue #12: Ctrl-C exited 0; the shell must hear it was interrupted, numbers kept."""
    child = spawn_demo("transport", "--speed", "5")
    child.expect("stops")
    child.sendintr()
    child.expect("What happened")
    child.expect("Stopped early")
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "")
    assert child.exitstatus == 130


@pytest.mark.pty
def test_the_animation_ends_by_itself() -> None:
    child = spawn_demo("cache", "--speed", "200", "--requests", "3000")
    child.expect("Finished.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize("typed", ["Hashring", "HASHRING"])
def test_a_demo_name_is_read_in_any_case(runner: CliRunner, typed: str) -> None:
    result = runner.invoke(app, ["demo", typed, "--keys", "200", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["demo"] == "hashring"


def test_a_topic_shown_by_one_demo_opens_that_demo(runner: CliRunner) -> None:
    """'primer demo cap' was refused; only the partition demo shows the CAP theorem."""
    result = runner.invoke(app, ["demo", "cap", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["demo"] == "partition"
    assert "No demo is called 'cap'; primer demo partition shows" in result.stderr


@pytest.mark.parametrize("typed", ["consistent-hashing", "Consistent Hashing"])
def test_a_topic_shown_by_several_demos_names_them(runner: CliRunner, typed: str) -> None:
    result = runner.invoke(app, ["demo", typed])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"No demo is called '{typed}'" in message
    assert "primer demo hashring" in message and "primer demo sharding" in message


def test_an_unknown_demo_still_suggests_the_nearest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "hashrng"])
    assert result.exit_code == 2
    assert "Did you mean 'hashring'" in " ".join(result.stderr.split())
