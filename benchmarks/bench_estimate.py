"""How fast `primer estimate` answers, and proof that its non-wizard path stays light.

Each calculator runs end to end in a fresh process, interleaved with two
baselines so machine noise hits all alike:
  python -c "pass"                the interpreter alone
  python -c "import typer, rich"  what any Rich-drawing Typer command must pay
Target (issue #3): every calculator answers in well under 100 ms after Python
start-up, i.e. (median - python alone) < 100 ms.

Then, in this process, each command is invoked with Typer's runner and
sys.modules is checked: textual and questionary must never load outside the
wizard.

    python benchmarks/bench_estimate.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys

from processes import bench_env, primer_command, timed

BUDGET_MS = 100.0
COMMANDS: list[tuple[str, list[str]]] = [
    ("qps", ["estimate", "qps", "--count", "10M", "--per", "month", "--read-ratio", "10"]),
    ("qps --json", ["estimate", "qps", "--count", "10M", "--per", "month", "--json"]),
    ("storage", ["estimate", "storage", "--count", "10M", "--per", "month", "--size", "1.27KB"]),
    ("bandwidth", ["estimate", "bandwidth", "--count", "4", "--per", "second", "--size", "1.27KB"]),
    ("cache", ["estimate", "cache", "--count", "100M", "--per", "day", "--size", "1KB"]),
    ("servers", ["estimate", "servers", "--qps", "20k", "--per-server", "2k"]),
    (
        "latency",
        ["estimate", "latency", "2 * round-trip-same-datacenter + disk-seek + read-1mb-ssd"],
    ),
    ("convert", ["estimate", "convert", "1.2 TB/day", "--to", "Mbps"]),
    ("system", ["estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB"]),
    ("numbers latency", ["numbers", "latency"]),
    ("numbers powers", ["numbers", "powers"]),
]
NEVER_ON_THIS_PATH = ("textual", "questionary", "prompt_toolkit")


def medians(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command in ms, runs interleaved round-robin."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command, env)  # warm the OS file cache and .pyc files
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command, env) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def check_imports() -> list[str]:
    """Run every command in this process; name any that loaded a wizard-only or TUI package."""
    from typer.testing import CliRunner

    from primer_cli.cli import app

    failures = []
    runner = CliRunner()
    for name, args in COMMANDS:
        result = runner.invoke(app, args)
        leaked = sorted({m.split(".")[0] for m in sys.modules} & set(NEVER_ON_THIS_PATH))
        status = (
            "ok"
            if result.exit_code == 0 and not leaked
            else f"FAIL exit={result.exit_code} {leaked}"
        )
        print(f"  {name:<18} {status}")
        if status != "ok":
            failures.append(name)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    env = bench_env(NO_COLOR="1", COLUMNS="100")
    primer = primer_command()
    commands = {
        "python alone": [sys.executable, "-c", "pass"],
        "import typer, rich": [sys.executable, "-c", "import typer, rich"],
        "primer --version": [*primer, "--version"],
        **{name: primer + args for name, args in COMMANDS},
    }
    result = medians(commands, runs, env)
    python, baseline = result.pop("python alone"), result.pop("import typer, rich")
    floor = result.pop("primer --version")
    print(
        f"median of {runs} runs: python alone {python:.1f} ms; python -c 'import typer, rich' {baseline:.1f} ms"
    )
    print(f"primer --version {floor:.1f} ms: the start-up every primer command shares\n")
    print(
        f"{'command':<18} {'median':>9} {'after start-up':>15} {'over --version':>15} {'vs typer+rich':>14}"
    )
    slow = []
    for name, ms in result.items():
        after = ms - python
        print(
            f"{name:<18} {ms:7.1f} ms {after:12.1f} ms {ms - floor:12.1f} ms {ms / baseline:13.2f}x"
        )
        if after >= BUDGET_MS:
            slow.append(name)
    verdict = "ok" if not slow else "OVER for " + ", ".join(slow)
    print(f"\nbudget, < {BUDGET_MS:.0f} ms after Python start-up: {verdict}")
    print("\nnon-wizard path never imports textual or questionary (checked in-process):")
    failures = check_imports()
    # Timing is reported, not enforced (machines differ); a leaked import is a bug.
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
