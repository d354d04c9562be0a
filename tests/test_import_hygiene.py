"""The core stays UI-free, and the command line stays light to start.

Each core module is imported in a fresh interpreter, then we look at what got
imported with it: rich and textual belong to the faces (CLI, TUI) only.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import primer_cli

FACES = ("primer_cli.cli", "primer_cli.render", "primer_cli.tui")
UI_PACKAGES = ("rich", "textual", "typer", "questionary")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(primer_cli.__path__, "primer_cli.")]
    return [n for n in names if not n.startswith(FACES) and n != "primer_cli.__main__"]


def imported_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(output)}


def test_there_are_core_modules_to_check() -> None:
    assert {
        "primer_cli.topics.loader",
        "primer_cli.topics.schema",
        "primer_cli.sim.base",
        "primer_cli.bench.runner",
    } <= set(core_modules())


def test_the_core_together_imports_no_ui() -> None:
    """Every core module in one interpreter: the quick tier's check (one process, not 68)."""
    statement = "; ".join(f"import {module}" for module in core_modules())
    leaked = imported_after(statement) & set(UI_PACKAGES)
    assert not leaked, f"a core module imports {sorted(leaked)}: run the slow tier to see which"


@pytest.mark.slow  # a fresh interpreter per module (68): 5.8 s of CPU; names the culprit
@pytest.mark.parametrize("module", core_modules())
def test_core_module_imports_no_ui(module: str) -> None:
    leaked = imported_after(f"import {module}") & set(UI_PACKAGES)
    assert not leaked, f"{module} imports {sorted(leaked)}"


@pytest.mark.slow  # a fresh interpreter: 0.22 s
def test_cli_start_up_imports_only_typer() -> None:
    """`primer --version` must not pay for YAML, Rich, Textual, questionary or SQLite."""
    heavy = imported_after("import primer_cli.cli") & {
        "yaml",
        "rich",
        "textual",
        "questionary",
        "sqlite3",
        "platformdirs",
    }
    assert not heavy, sorted(heavy)
