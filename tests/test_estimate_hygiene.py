"""`primer estimate` stays quick: no questionary, Textual or core code loads until a command needs it.

Timing lives in benchmarks/bench_estimate.py; here we only check what gets imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(output.splitlines()[-1]))


def run_command(*args: str) -> str:
    return f"from typer.testing import CliRunner\nfrom primer_cli.cli import app\nCliRunner().invoke(app, {list(args)!r})"


def test_loading_the_cli_loads_only_the_parameter_declarations() -> None:
    """Typer needs each option's default as it builds the command; parameters.py holds them.

    It is declarations only (about 1 ms to import on the development machine),
    so the parser, the calculators and the renderers still wait for a command.
    """
    assert not any(
        m.startswith("primer_cli.estimate") for m in modules_after("import primer_cli.cli")
    )
    loaded = modules_after("from primer_cli.cli import app_for; app_for(['estimate'])")
    core = {m for m in loaded if m.startswith("primer_cli.estimate")}
    assert core == {"primer_cli.estimate", "primer_cli.estimate.parameters"}
    assert "primer_cli.render.estimate" not in loaded


@pytest.mark.parametrize(
    "args",
    [
        ("estimate", "qps", "--count", "10M", "--per", "month"),
        ("estimate", "storage", "--count", "10M", "--per", "month", "--size", "1.27KB", "--json"),
        ("estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB"),
        ("estimate", "latency", "disk-seek + 5ms"),
        ("numbers", "latency"),
    ],
)
def test_calculators_never_load_questionary_or_textual(args: tuple[str, ...]) -> None:
    loaded = modules_after(run_command(*args))
    assert (
        "primer_cli.estimate.calculators" in loaded or "primer_cli.estimate.latency" in loaded
    )  # it ran
    assert not {m.split(".")[0] for m in loaded} & {"questionary", "textual", "prompt_toolkit"}


def test_json_path_does_not_load_rich_renderers() -> None:
    loaded = modules_after(
        run_command("estimate", "qps", "--count", "1M", "--per", "day", "--json")
    )
    assert "primer_cli.estimate.calculators" in loaded
    assert "primer_cli.render.estimate" not in loaded
    assert "rich.table" not in loaded
