"""A run builds only the command it names: the table that says where each lives must be whole."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main

from primer_cli.cli import MODULES, app_for, build_app


def top_level_names(app: typer.Typer) -> set[str]:
    return set(typer.main.get_group(app).commands)


def test_every_command_is_in_the_table_under_the_module_that_registers_it() -> None:
    every = top_level_names(build_app())
    assert every == set(MODULES)
    for name, module in MODULES.items():
        assert name in top_level_names(build_app(modules=(module,))), (name, module)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_naming_a_command_builds_that_command_alone(name: str) -> None:
    assert top_level_names(app_for([name, "--help"])) == {name}


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["-h"], ["lern", "cap"], ["learn2"], ["--install-completion"]]
)
def test_anything_else_gets_every_command(args: list[str]) -> None:
    assert top_level_names(app_for(args)) == set(MODULES)


def test_the_version_needs_no_command() -> None:
    assert top_level_names(app_for(["--version"])) == set()


def test_a_named_command_imports_no_other_command_module() -> None:
    probe = (
        "import sys; from primer_cli.cli import app_for; app_for(['learn', 'cap']);"
        "print(sorted(m for m in sys.modules if m.startswith('primer_cli.cli.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "primer_cli.cli.learn" in loaded
    for other in ("quiz", "demo", "anki", "estimate", "bench", "tui"):
        assert f"primer_cli.cli.{other}'" not in loaded, other
