"""How fast `primer learn` feels: its cost against the imports it cannot avoid.

Runs each command many times, interleaved so machine noise hits both alike,
and prints medians and ratios. Targets (issue #2):
  primer learn cap  <= 1.3 x  python -c "import typer, rich.markdown, yaml"
  primer --version  ~  python -c "import typer"

    python benchmarks/bench_learn.py [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile

from processes import bench_env, primer_command, timed


def compare(
    label: str, command: list[str], baseline: list[str], runs: int, env: dict[str, str]
) -> float:
    timed(command, env)  # warm the OS file cache and primer's topic cache
    timed(baseline, env)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed(command, env))
        theirs.append(timed(baseline, env))
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(
        f"{label:<34} {statistics.median(ours) * 1000:7.1f} ms   baseline {statistics.median(theirs) * 1000:7.1f} ms"
        f"   ratio {ratio:4.2f}x"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    home = tempfile.mkdtemp(prefix="primer-bench-")
    env = bench_env(PRIMER_HOME=home)
    primer = primer_command()
    python = [sys.executable, "-c"]
    print(f"{runs} interleaved runs each, medians; python {sys.version.split()[0]}")
    try:
        learn = compare(
            "primer learn cap",
            [*primer, "learn", "cap"],
            [*python, "import typer, rich.markdown, yaml"],
            runs,
            env,
        )
        compare(
            "primer learn sharding (has code)",
            [*primer, "learn", "sharding"],
            [*python, "import typer, rich.markdown, yaml"],
            runs,
            env,
        )
        compare(
            "primer learn cap (no cache)",
            [*primer, "learn", "cap"],
            [*python, "import typer, rich.markdown, yaml"],
            runs,
            {**env, "PRIMER_NO_CACHE": "1"},
        )
        compare("primer --version", [*primer, "--version"], [*python, "import typer"], runs, env)
        compare(
            "primer topics",
            [*primer, "topics"],
            [*python, "import typer, rich.tree, yaml"],
            runs,
            env,
        )
        compare(
            "primer search consistent hashing",
            [*primer, "search", "consistent", "hashing"],
            [*python, "import typer, rich, yaml"],
            runs,
            env,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    verdict = "meets" if learn <= 1.3 else "MISSES"
    print(f"\nprimer learn cap {verdict} the 1.3x target ({learn:.2f}x).")


if __name__ == "__main__":
    main()
